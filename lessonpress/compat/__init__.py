"""Each library's private internals behind small checked functions, one module per library."""

"""Every reach into a library's private internals, one module per library, each with a public-API fallback."""

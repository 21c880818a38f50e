"""Every reach into a library's private internals, one module per library, each checked when imported with a
public-API fallback."""

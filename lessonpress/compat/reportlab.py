"""Every reach into reportlab's private internals, each checked when imported, with a public fallback."""

from __future__ import annotations

from reportlab.platypus import Table

# Table keeps its cells in `_cellvalues`; a split part's row count is read from there.
_HAS_CELLS = hasattr(Table([["x"]]), "_cellvalues")


def table_rows(table: Table) -> int:
    """How many rows a table (or a part of one that reportlab split off) holds; 2 when it cannot be told, which
    is what the page-break rules need at least under a heading."""
    if _HAS_CELLS:
        return len(table._cellvalues)
    return 2 + table.repeatRows

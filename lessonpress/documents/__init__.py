"""Builders: one pure function per document kind, turning a validated lesson into a Document."""

"""lessonpress: lesson plans in YAML become print-ready handouts, worksheets and answer keys."""

__version__ = "0.1.0"

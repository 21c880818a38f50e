"""Lets `python -m lessonpress` run the command line."""

from lessonpress.cli import entry

if __name__ == "__main__":  # worker processes of a parallel build import this module too
    entry()

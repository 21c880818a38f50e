"""Lets `python -m lessonpress` run the command line."""

import sys

from lessonpress.cli import main

if __name__ == "__main__":  # worker processes of a parallel build import this module too
    sys.exit(main())

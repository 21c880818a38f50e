"""Lets `python -m lessonpress` run the command line."""

import sys

from lessonpress.cli import main

sys.exit(main())

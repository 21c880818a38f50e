"""Build the whole course into output/: `python generate.py` (same options as `lessonpress build`)."""

import sys
from pathlib import Path

try:
    from lessonpress.cli import entry
except ModuleNotFoundError as exc:  # run before installing
    sys.exit(f"lessonpress is not installed ({exc}). Run:  python -m pip install -e .")

if __name__ == "__main__":
    entry(root=Path(__file__).resolve().parent)

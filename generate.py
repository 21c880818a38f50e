"""Build the whole course into output/: `python3 generate.py` (same options as `lessonpress build`).

On a first run without lessonpress's packages it sets up a private `.venv` in this folder and runs from there.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent

if __name__ == "__main__":
    from lessonpress.bootstrap import ensure

    ensure(ROOT)
    from lessonpress.cli import entry

    entry(root=ROOT)

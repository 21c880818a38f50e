"""Run the tests: `python3 run_tests.py [pytest options]`, setting up `.venv` with the test tools first if needed."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent

if __name__ == "__main__":
    from lessonpress.bootstrap import ensure

    ensure(ROOT, extras=("test",))
    import pytest

    os.chdir(ROOT)

    sys.exit(pytest.main(sys.argv[1:]))

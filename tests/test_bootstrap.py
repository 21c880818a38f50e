"""First-run set-up: which requirements this Python lacks decides whether generate.py makes a .venv."""

import subprocess
import sys

from lessonpress import bootstrap
from tests.conftest import ROOT


def test_requirements_come_from_pyproject_with_extras():
    plain = bootstrap.requirements(ROOT)
    assert any(r.startswith("reportlab") for r in plain) and not any(r.startswith("pytest") for r in plain)
    assert any(r.startswith("pytest") for r in bootstrap.requirements(ROOT, ("test",)))


def test_unmet_names_a_missing_or_too_old_package_and_passes_what_is_here():
    assert bootstrap.unmet("surely-not-a-package-lessonpress>=1") == "surely-not-a-package-lessonpress is not installed"
    too_old = bootstrap.unmet("pytest>=999.0,<1000")
    assert too_old.startswith("pytest ") and too_old.endswith("is older than 999.0")
    assert bootstrap.unmet("reportlab[accel]>=4.0.4,<6") is None
    assert all(bootstrap.unmet(r) is None for r in bootstrap.requirements(ROOT, ("test",)))  # this venv has them


def test_a_python_that_has_everything_runs_in_place_without_a_venv(tmp_path):
    code = ("import sys; from pathlib import Path; from lessonpress.bootstrap import ensure; "
            f"ensure(Path({str(ROOT)!r}), ('test',)); print('in place', sys.prefix)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("in place"), done.stderr
    assert not (tmp_path / ".venv").exists()

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


def _release(text: str) -> tuple[int, ...]:
    return tuple(int(n) for n in text.split("+")[0].split("."))  # "1.006" and "1.6" are the same release


def test_versions_read_from_dist_info_folders_are_importlib_metadatas():
    from importlib import metadata

    names = {bootstrap._NAME.match(r).group(1) for r in bootstrap.requirements(ROOT, ("test",))}  # installed
    for name in names:
        assert _release(bootstrap.version(name)) == _release(metadata.version(name)), name
    assert bootstrap.version("surely-not-a-package-lessonpress") is None


def test_a_package_in_a_zip_on_the_import_path_is_found_by_importlib_metadata(tmp_path, monkeypatch):
    import zipfile

    archive = tmp_path / "zipped.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("zipped_probe-3.1.dist-info/METADATA", "Metadata-Version: 2.1\nName: zipped-probe\nVersion: 3.1\n")
    twice = tmp_path / "site"  # a package installed twice: importlib.metadata says which one Python imports
    (twice / "zipped_probe-1.0.dist-info").mkdir(parents=True)  # after the zip on the path: hidden by it
    for version in ("1.0", "2.0"):
        (twice / f"twice_probe-{version}.dist-info").mkdir(parents=True)
        (twice / f"twice_probe-{version}.dist-info" / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: twice-probe\nVersion: {version}\n")
    monkeypatch.syspath_prepend(str(twice))
    monkeypatch.syspath_prepend(str(archive))  # sys.path: the zip, then the folder
    monkeypatch.setattr(bootstrap, "_found", None)
    monkeypatch.setattr(bootstrap, "_unlisted", False)
    assert bootstrap.version("zipped-probe") == "3.1"
    from importlib import metadata

    assert bootstrap.version("twice-probe") == metadata.version("twice-probe")
    assert bootstrap.unmet("pytest>=999.0,<1000").endswith("is older than 999.0")


def test_an_older_copy_installed_as_an_egg_info_earlier_on_the_path_is_the_one_reported(tmp_path, monkeypatch):
    """An old `pip --user` or `setup.py develop` copy (an egg-info) ahead of the wheel is what Python imports:
    its version is the one checked (outside review: the dist-info names alone said the newer wheel's)."""
    old = tmp_path / "oldsite"
    (old / "PyYAML-5.1-py3.11.egg-info").mkdir(parents=True)
    (old / "PyYAML-5.1-py3.11.egg-info" / "PKG-INFO").write_text("Metadata-Version: 1.1\nName: PyYAML\nVersion: 5.1\n")
    monkeypatch.syspath_prepend(str(old))
    monkeypatch.setattr(bootstrap, "_found", None)
    monkeypatch.setattr(bootstrap, "_unlisted", False)
    assert bootstrap.version("PyYAML") == "5.1"
    assert bootstrap.unmet("PyYAML>=6.0,<7") == "PyYAML 5.1 is older than 6.0"
    assert bootstrap.version("reportlab") == __import__("reportlab").Version  # still read off its dist-info


def test_a_python_that_has_everything_runs_in_place_without_a_venv(tmp_path):
    code = ("import sys; from pathlib import Path; from lessonpress.bootstrap import ensure; "
            f"ensure(Path({str(ROOT)!r}), ('test',)); print('in place', sys.prefix)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("in place"), done.stderr
    assert not (tmp_path / ".venv").exists()

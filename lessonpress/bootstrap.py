"""First-run set-up for `generate.py` and `run_tests.py`: a private virtual environment when Python has no room for us.

Standard library only: this runs before lessonpress's dependencies exist. Where the running Python already has
what pyproject.toml asks for, nothing happens. Inside a virtual environment the missing packages are installed
there. Anywhere else (Debian and Ubuntu's system Python refuses `pip install` outside one, PEP 668; a Mac's
`python3`; Windows' `py`), a `.venv` folder is made in the project and the script runs again from it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

VENV = ".venv"
_AGAIN = "LESSONPRESS_BOOTSTRAPPED"  # set for the second run, so a failed install cannot loop
_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(.*)")


def requirements(root: Path, extras: tuple[str, ...] = ()) -> list[str]:
    """What pyproject.toml asks for: the dependencies, plus those of each extra named."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project.get("dependencies", []))
    for extra in extras:
        wanted += project.get("optional-dependencies", {}).get(extra, [])
    return wanted


_DIST = re.compile(r"([A-Za-z0-9][A-Za-z0-9._]*?)-([0-9][^-]*?)\.dist-info")
_found: dict[str, list[str]] | None = None  # see _scan; None: not listed yet
_unlisted = False  # an import path entry is a file (a zip, an egg): importlib.metadata reads it


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _scan() -> dict[str, list[str]]:
    """The version of each package installed as a wheel in a folder on the import path, read from its
    `<name>-<version>.dist-info` folder's name (every version found, in import-path order)."""
    global _unlisted
    found: dict[str, list[str]] = {}
    for entry in sys.path:
        if entry.endswith(".egg"):  # an egg on the path (a folder or a zip): importlib.metadata reads it
            _unlisted = True
        try:
            names = os.listdir(entry or ".")
        except OSError:  # a missing folder, or a zip file (then `version` asks importlib.metadata)
            _unlisted = _unlisted or os.path.isfile(entry)
            continue
        for name in names:
            if name.endswith(".dist-info") and (match := _DIST.fullmatch(name)):
                found.setdefault(_canonical(match.group(1)), []).append(match.group(2))
            elif name.endswith((".egg-info", ".egg", ".egg-link")):
                # an older kind of install (setup.py develop, an old pip --user), perhaps the copy Python imports
                # though a wheel's dist-info is on the path too: importlib.metadata knows which
                found.setdefault(_canonical(re.split(r"-\d", name[:name.rindex(".")], maxsplit=1)[0]), []).append("")
    return found


def version(name: str) -> str | None:
    """The installed version of the package `name`, or None when it is not installed.

    Fast path: the dist-info folders on the import path, listed once (1 ms, where importing importlib.metadata
    alone costs 30 ms of every run). importlib.metadata answers where that cannot tell for sure: a package found
    there not at all, more than once or installed the older way (an egg-info), or an import path entry that is
    not a folder of its own (a zip file, an egg).
    """
    global _found
    if _found is None:
        _found = _scan()
    seen = _found.get(_canonical(name), [])
    if len(seen) == 1 and seen[0] and not _unlisted:
        return seen[0]
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _numbers(text: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", text.split("+")[0])[:4])


def unmet(requirement: str) -> str | None:
    """Why `requirement` (say "PyYAML>=6.0,<7") is not satisfied here, or None when it is.

    Only the lower bound is checked: an older package is the mistake a teacher's Python really makes.
    """
    match = _NAME.match(requirement.split(";")[0])
    if not match:
        return None
    name, spec = match.group(1), match.group(3)
    have = version(name)
    if have is None:
        return f"{name} is not installed"
    low = re.search(r">=\s*([0-9][0-9.]*)", spec)
    if low and _numbers(have) < _numbers(low.group(1)):
        return f"{name} {have} is older than {low.group(1)}"
    return None


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _in_a_venv() -> bool:
    return sys.prefix != sys.base_prefix


def _rerun(python: Path | str, argv: list[str]) -> None:
    """Run this script again under `python` with the same arguments, and end with its exit code."""
    env = dict(os.environ, **{_AGAIN: str(int(os.environ.get(_AGAIN, "0")) + 1)})
    command = [str(python), *argv]
    if os.name == "nt":  # exec on Windows detaches from the console; wait instead
        sys.exit(subprocess.call(command, env=env))
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(command[0], command, env)


def _make_venv(venv: Path) -> None:
    print(f"lessonpress: first run: setting up a private Python environment in {venv.name}{os.sep} "
          "(once, about a minute; it needs the internet)", file=sys.stderr, flush=True)
    made = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True)
    if made.returncode == 0:
        return
    # Debian and Ubuntu ship venv without pip unless python3-venv is installed: make it without pip and let the
    # system's pip install into it (pip --python), which those systems allow
    bare = subprocess.run([sys.executable, "-m", "venv", "--without-pip", "--clear", str(venv)],
                          capture_output=True, text=True)
    has_pip = subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True).returncode == 0
    if bare.returncode != 0 or not has_pip:
        sys.exit("lessonpress: this Python cannot make a virtual environment"
                 f" ({(made.stderr or made.stdout).strip().splitlines()[-1] if made.stderr or made.stdout else '?'})."
                 "\nOn Debian or Ubuntu, install it with:  sudo apt install python3-venv   then run this again.")


def _install(root: Path, extras: tuple[str, ...], why: list[str]) -> None:
    target = f".[{','.join(extras)}]" if extras else "."
    python = Path(sys.executable)
    print(f"lessonpress: installing what it needs ({'; '.join(why[:3])}{' …' if len(why) > 3 else ''})",
          file=sys.stderr, flush=True)
    has_pip = subprocess.run([str(python), "-m", "pip", "--version"], capture_output=True).returncode == 0
    pip = [str(python), "-m", "pip"] if has_pip else [_base_python(), "-m", "pip", "--python", str(python)]
    done = subprocess.run([*pip, "install", "--disable-pip-version-check", "-q", "-e", target], cwd=root)
    if done.returncode != 0:
        sys.exit("lessonpress: installing failed (see pip's message above). Check the internet connection and run "
                 "this again; to start over, delete the .venv folder.")


def _base_python() -> str:
    """The Python the virtual environment was made from (its pip installs into the environment by --python)."""
    for name in ("python3", "python"):
        candidate = Path(sys.base_prefix) / ("python.exe" if os.name == "nt" else f"bin/{name}")
        if candidate.exists():
            return str(candidate)
    return "python3"


def ensure(root: Path, extras: tuple[str, ...] = (), argv: list[str] | None = None) -> None:
    """Return when this Python can run lessonpress (with `extras`); otherwise set it up and run the script again."""
    argv = list(sys.argv if argv is None else argv)
    why = [reason for req in requirements(root, extras) if (reason := unmet(req))]
    if not why:
        return
    if os.environ.get(_AGAIN, "0") >= "2":
        sys.exit(f"lessonpress: still missing after installing: {'; '.join(why)}")
    if _in_a_venv():  # the teacher's own environment, or ours on its first run: install into it, then start afresh
        _install(root, extras, why)
        _rerun(sys.executable, argv)
    venv = root / VENV
    if not venv_python(venv).exists():
        _make_venv(venv)
    _rerun(venv_python(venv), argv)

"""The build manifest: one hash of everything a build reads, kept beside its output, so that a build with nothing
changed since the last one reads no lesson and rewrites no file."""

from __future__ import annotations

import hashlib
import json
import sys
from importlib import metadata
from pathlib import Path

from lessonpress.output import commit

NAME = ".lessonpress-manifest.json"
LIBRARIES = ("reportlab", "python-docx", "pikepdf", "pydantic", "PyYAML", "Jinja2", "fontpkg-atkinson-hyperlegible")
PACKAGE = Path(__file__).resolve().parent


def _file(h, path: Path) -> None:
    h.update(f"\0{path.as_posix()}\0".encode())
    try:
        if not path.is_file():  # a device or a pipe (a roster of /dev/zero) is never read here; the build refuses it
            h.update(b"\0not a file")
            return
        h.update(path.read_bytes())
    except OSError:
        h.update(b"\0missing")


def key(files: list[Path], lesson_folders: list[Path], folders: list[Path], options: dict) -> str:
    """The hash of a build's inputs: the given files, every YAML file in the lessons' folders, every file of the
    other folders (templates), the options, the lessonpress files (by size and time) and library versions."""
    h = hashlib.sha256(json.dumps(options, sort_keys=True, default=str).encode())
    h.update(sys.version.encode())
    for name in LIBRARIES:
        try:
            h.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}=none".encode())
    for p in sorted(PACKAGE.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts:
            st = p.stat()
            h.update(f"{p.relative_to(PACKAGE).as_posix()}:{st.st_size}:{st.st_mtime_ns}".encode())
    found = {f.resolve() for f in files}
    for folder in lesson_folders:
        if folder.is_dir():
            found |= {p.resolve() for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()}
    for folder in folders:
        if folder.is_dir():
            found |= {p.resolve() for p in folder.rglob("*") if p.is_file()}
    for path in sorted(found):
        _file(h, path)
    return h.hexdigest()


def _stat(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def up_to_date(out: Path, inputs: str) -> list[str] | None:
    """The files of the last build when it had these inputs and each file is still as it wrote it; else None."""
    try:
        data = json.loads((out / NAME).read_text(encoding="utf-8"))
        if data.get("inputs") != inputs:
            return None
        for name, stat in data["files"].items():
            if _stat(out / name) != stat:
                return None
        return list(data["files"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def record(out: Path, inputs: str, paths: list[Path]) -> None:
    """Remember the inputs and the files a build wrote (after it committed them)."""
    root = out.resolve()
    files = {p.resolve().relative_to(root).as_posix(): _stat(p) for p in paths}
    commit(out, [(out / NAME, json.dumps({"inputs": inputs, "files": files}, indent=0, sort_keys=True).encode())])

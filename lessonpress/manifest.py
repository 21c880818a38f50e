"""The build manifest, kept beside the output: one hash of everything a build reads, so that a build with nothing
changed reads no lesson and rewrites no file; and, for every file written, the hash of exactly what it was made
from and what it held, so that a build after an edit writes only the documents the edit changed (see Cache)."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from lessonpress.bootstrap import version
from lessonpress.errors import Diagnostic, Loc
from lessonpress.output import commit

NAME = ".lessonpress-manifest.json"
VERSION = 2
LIBRARIES = ("reportlab", "python-docx", "pikepdf", "pydantic", "PyYAML", "Jinja2", "fontpkg-atkinson-hyperlegible")
PACKAGE = Path(__file__).resolve().parent
ENVIRONMENT = ("SOURCE_DATE_EPOCH", "LESSONPRESS_COMPAT")
"""Settings the writers read (the documents' date, the library compatibility switch)."""


def _file(h, path: Path) -> None:
    h.update(f"\0{path.as_posix()}\0".encode())
    try:
        if not path.is_file():  # a device or a pipe (a roster of /dev/zero) is never read here; the build refuses it
            h.update(b"\0not a file")
            return
        h.update(path.read_bytes())
    except OSError:
        h.update(b"\0missing")


def environment() -> str:
    """The hash of what every writer's output depends on besides its document: Python, the libraries' versions,
    the lessonpress files (code, fonts, style data; by size and time) and the settings the writers read."""
    h = hashlib.sha256(sys.version.encode())
    for name in LIBRARIES:
        h.update(f"{name}={version(name) or 'none'}".encode())
    for p in sorted(PACKAGE.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts:
            st = p.stat()
            h.update(f"{p.relative_to(PACKAGE).as_posix()}:{st.st_size}:{st.st_mtime_ns}".encode())
    for name in ENVIRONMENT:
        h.update(f"\0{name}={os.environ.get(name, '').strip()}".encode())
    return h.hexdigest()


def key(files: list[Path], lesson_folders: list[Path], folders: list[Path], options: dict) -> str:
    """The hash of a build's inputs: the given files, every YAML file in the lessons' folders, every file of the
    other folders (templates), the options and the environment (see `environment`)."""
    h = hashlib.sha256(json.dumps(options, sort_keys=True, default=str).encode())
    h.update(environment().encode())
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


def load(out: Path) -> dict | None:
    """The last build's manifest, or None when there is none or it cannot be read (then everything is made)."""
    try:
        data = json.loads((out / NAME).read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
            return None
        return data
    except (OSError, ValueError):
        return None


def up_to_date(out: Path, inputs: str, warnings: list[str] | None = None) -> list[str] | None:
    """The files of the last build when it had these inputs and each file is still as it wrote it; else None.
    The warnings that build printed are added to `warnings`."""
    try:
        data = load(out)
        if data is None or data.get("inputs") != inputs or data.get("unfinished"):
            return None
        for name, stat in data["files"].items():
            if _stat(out / name) != stat:
                return None
        for name, digest in data.get("reads", {}).items():  # the pictures the lessons named, wherever they are
            if _sha(Path(name)) != digest:
                return None
        if warnings is not None:
            warnings.extend(str(w) for w in data.get("warnings", ()))
        return list(data["files"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    except OSError:
        return None


def record(out: Path, inputs: str | None, paths: list[Path], cache: Cache | None = None,
           reads: list[Path] = (), warnings: list[str] = (), unit: dict | None = None,
           unfinished: bool = False) -> None:
    """Remember the inputs, the warnings the build printed and the files it wrote or kept (after it committed
    them), with what each was made from when the build kept a Cache; the other files it read (`reads`: the
    figures' pictures, found only by reading the lessons), by their contents; the unit whose removed lessons the
    next build looks for (`unit`: its folders and lessons, see cli.clear_gone); and whether it left a file to
    delete that it could not (`unfinished`: the next build is never "up to date")."""
    root = out.resolve()
    files = {p.resolve().relative_to(root).as_posix(): _stat(p) for p in paths}
    data: dict = {"version": VERSION, "inputs": inputs, "files": files,
                  "reads": {str(p.resolve()): _sha(p) for p in reads}, "warnings": list(warnings),
                  "unit": unit, "unfinished": unfinished}
    if cache is not None:
        made = {name: cache.made[name] for name in files if name in cache.made}
        # the files an earlier build made that this one did not touch (a build of one lesson leaves the others'),
        # while each is still as it was written: the next build that makes them again keeps them
        previous, stats = cache.previous.get("made", {}), cache.previous.get("files", {})
        for name, record_ in previous.items():
            if name not in files and isinstance(record_, dict) and name in stats:
                try:
                    if not (root / name).is_symlink() and _stat(root / name) == stats[name]:
                        files[name], made[name] = stats[name], record_
                except (OSError, TypeError, ValueError):
                    continue
        data["made"] = made
        data["pages"] = cache.later
    commit(out, [(out / NAME, json.dumps(data, indent=0, sort_keys=True).encode())])


def unchanged_since_made(out: Path, path: Path, previous: dict) -> bool:
    """Whether the last build made `path` (a file of the output folder) and it is still as that build wrote it:
    the same size, time, inode and bytes."""
    try:
        name = path.resolve().relative_to(out.resolve()).as_posix()
        made, stat = previous.get("made", {}).get(name), previous.get("files", {}).get(name)
        return (isinstance(made, dict) and not path.is_symlink() and _stat(path) == stat
                and hashlib.sha256(path.read_bytes()).hexdigest() == made.get("sha"))
    except (OSError, ValueError, TypeError, AttributeError):
        return False


def _diagnostics(items) -> list:
    return [[d.loc.path, d.loc.line, d.loc.col, d.message, d.code, d.severity] for d in items]


def _from_diagnostics(items) -> tuple[Diagnostic, ...]:
    return tuple(Diagnostic(Loc(p, line, col), message, code, severity)
                 for p, line, col, message, code, severity in items)


class Cache:
    """What the last build made, looked up by the hash of what each output is made from.

    An output's key is the hash of the environment, its format, profile and reference DOCX, and its Document (or,
    for a class set or packet, what it is assembled from): the Document holds everything a lesson, the course,
    the templates, the labels and the options put into it, so two equal keys give the same bytes. A file is
    kept when its key is the one the manifest recorded for it and the file is still as that build wrote it
    (size, time, inode and content); outputs that go to no file (a worksheet the forms are fitted to, a packet's
    contents pages) are remembered by key with their page records, their bytes made again only if needed."""

    def __init__(self, out: Path, previous: dict | None, reference: Path | None):
        self.out = out
        self.root = out.resolve()
        self.previous = previous if previous is not None and isinstance(previous.get("made"), dict) else {}
        h = hashlib.sha256(environment().encode())
        h.update(hashlib.sha256(reference.read_bytes()).digest() if reference is not None else b"\0none")
        self.base = h.digest()
        self.made: dict[str, dict] = {}  # this build's record of each file, by its name in the output folder
        self.later: dict[str, dict] = {}  # this build's record of each output kept in no file, by key
        self.unchanged: dict[str, str] = {}  # files found as the last build wrote them, and from what
        self._reprs: dict[int, tuple[object, bytes]] = {}  # each document's hash, worked out once
        self._keys: dict[int, tuple[object, str]] = {}

    def key(self, *parts: object) -> str:
        """The key of an output made from `parts` (documents hashed by their content)."""
        h = hashlib.sha256(self.base)
        for part in parts:
            h.update(b"\0")
            h.update(self._digest(part))
        return h.hexdigest()

    def _digest(self, value: object) -> bytes:
        if isinstance(value, str):
            return hashlib.sha256(value.encode("utf-8", "surrogatepass")).digest()
        kept = self._reprs.get(id(value))
        if kept is None or kept[0] is not value:  # one Document is shared by its PDF, Word and HTML jobs
            kept = (value, hashlib.sha256(repr(value).encode("utf-8", "surrogatepass")).digest())
            self._reprs[id(value)] = kept
        return kept[1]

    def name(self, path: Path) -> str | None:
        """The file's name in the output folder (and its manifest), the file itself not followed if a link; None
        when a folder on the way is a link out of the output folder (the commit refuses to write there)."""
        try:
            return (path.parent.resolve() / path.name).relative_to(self.root).as_posix()
        except ValueError:
            return None

    def kept(self, path: Path, key: str) -> tuple[bytes, dict] | None:
        """The bytes of `path` and their record when the last build made it from `key` and it is unchanged."""
        name = self.name(path)
        if name is None:
            return None
        made = self.previous.get("made", {}).get(name)
        stat = self.previous.get("files", {}).get(name)
        try:
            if not isinstance(made, dict) or made.get("key") != key or path.is_symlink() or _stat(path) != stat:
                return None
            data = path.read_bytes()
        except (OSError, TypeError, AttributeError):
            return None
        if hashlib.sha256(data).hexdigest() != made.get("sha"):
            return None
        self.unchanged[name] = key
        return data, made

    def is_kept(self, path: Path, key: str) -> bool:
        """Whether `path` is in the output folder as the last build made it from `key`."""
        return self.unchanged.get(self.name(path)) == key

    def remembered(self, key: str) -> dict | None:
        """The page record of an output the last build made from `key`."""
        pages = self.previous.get("pages")
        found = pages.get(key) if isinstance(pages, dict) else None
        return found if isinstance(found, dict) else None

    def note(self, key: str, output) -> None:
        """Remember an output of this build by its key (for the next build, and for what is assembled from it)."""
        self.later[key] = _record(output)
        self._keys[id(output)] = (output, key)

    def output_key(self, output) -> str:
        return self._keys[id(output)][1]

    def note_file(self, path: Path, key: str, data: bytes, output=None) -> None:
        """Remember a file of this build: its key, the hash of its bytes and its page record."""
        name = self.name(path)
        if name is None:
            return
        self.made[name] = {"key": key, "sha": hashlib.sha256(data).hexdigest(), **_record(output)}


def _record(output) -> dict:
    if output is None:
        return {}
    return {"pages": output.pages, "fields": {k: list(v) for k, v in output.fields.items()},
            "stamp_at": output.stamp_at, "warnings": _diagnostics(output.warnings)}


def output_of(record: dict, data) -> object:
    """An output record as the writers make it, from the manifest's record and its bytes (or a function that
    makes them, called only if they are needed)."""
    from lessonpress.writers import Output

    fields = {k: tuple(v) for k, v in record.get("fields", {}).items()}
    warnings = _from_diagnostics(record.get("warnings", ()))
    if callable(data):
        return Later(data, record.get("pages", 0), fields, record.get("stamp_at", 0.0), warnings)
    return Output(data, record.get("pages", 0), fields, record.get("stamp_at", 0.0), warnings)


class Later:
    """An output record whose bytes are made only when something reads them."""

    def __init__(self, make, pages, fields, stamp_at, warnings):
        self._make, self._data = make, None
        self.pages, self.fields, self.stamp_at, self.warnings = pages, fields, stamp_at, warnings

    @property
    def data(self) -> bytes:
        if self._data is None:
            self._data = self._make().data
        return self._data

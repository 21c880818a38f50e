"""Commits a build's files to the output folder as one transaction under a lock: the folder holds the previous
build's complete set or the new one, never a mix, whatever fails (a full disk, a locked or read-only file, a
name the disk refuses, the process killed)."""

from __future__ import annotations

import errno
import json
import os
import re
import secrets
from pathlib import Path

from lessonpress.errors import Diagnostic, LessonpressError, Loc, display_path

try:  # POSIX: a lock the system releases when the process ends, however it ends
    import fcntl
except ImportError:  # Windows: a locked byte of the file, also released with the process
    fcntl = None
    import msvcrt

LOCK = ".lessonpress.lock"
JOURNAL = ".lessonpress-journal.json"
TEMP = ".lessonpress-"  # staged new files and set-aside old ones: TEMP + random + ".tmp", hidden, short
_OLD_TEMP = re.compile(r"^\..+\.[a-z0-9]+\.[a-z0-9_]{8}\.tmp$")  # an earlier lessonpress's temporary files
REASONS = {errno.ENOSPC: "the disk is full; free some space", errno.EROFS: "the disk is read-only",
           errno.EACCES: "permission denied (is the file open in another program, or read-only?)",
           errno.EPERM: "permission denied (is the file open in another program, or read-only?)",
           errno.ENAMETOOLONG: "the name is too long for the disk",
           errno.EINVAL: "the disk refuses this file name", errno.EDQUOT: "the disk quota is used up"}


class Lock:
    """The output folder's lock, held for a whole build: a second build into the same folder is refused at
    once with a clear message instead of interleaving its files with the first's."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.fd: int | None = None
        self.made = False

    def __enter__(self) -> Lock:
        try:
            self.made = not self.folder.exists()
            self.folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.folder / LOCK, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
        except OSError as exc:
            raise _failed(self.folder, self.folder, exc) from None
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            else:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            os.close(fd)
            raise LessonpressError([Diagnostic(Loc(display_path(self.folder)), "another lessonpress build is "
                                               "writing to this folder right now; wait for it to finish and run "
                                               "again (nothing was changed)", "output.busy")]) from None
        self.fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            if fcntl is None:
                os.lseek(self.fd, 0, os.SEEK_SET)
                msvcrt.locking(self.fd, msvcrt.LK_UNLCK, 1)
            os.close(self.fd)  # the file stays: removing it could let two builds hold two locks
            self.fd = None
            if self.made and [p.name for p in _entries(self.folder)] == [LOCK]:  # a failed first build
                _unlink(self.folder / LOCK)
                self.folder.rmdir()


def commit(out: Path, files: list[tuple[Path, bytes]]) -> None:
    """Write `files` (each inside `out`) as one change, under the folder's Lock: every new file is staged next
    to the one it replaces, then each is switched in; on any failure the switched ones are put back, so the
    folder is as it was and the message says so. A killed build's leftovers are rolled back first."""
    recover(out)
    targets = [_target(out, path) for path, _ in files]
    staged: list[Path] = []
    made: list[Path] = []
    try:
        for target, (_, data) in zip(targets, files, strict=True):
            staged.append(_stage(target, data, made))
    except BaseException as exc:
        _discard(staged, made)
        if isinstance(exc, OSError):
            raise _failed(out, targets[len(staged)], exc) from None
        raise
    plan = [(t, s, _temp(t.parent) if os.path.lexists(t) else None) for t, s in zip(targets, staged, strict=True)]
    _write_journal(out, plan)
    current = out
    try:
        for current, tmp, backup in plan:
            if backup is not None:
                os.replace(current, backup)
            os.replace(tmp, current)
    except BaseException as exc:
        _roll_back(out)
        _discard([], made)
        if isinstance(exc, OSError):
            raise _failed(out, current, exc) from None
        raise
    (out / JOURNAL).unlink()
    for _, _, backup in plan:
        if backup is not None:
            _unlink(backup)


def recover(out: Path) -> None:
    """Undo a build that was killed while switching its files in (its journal says what it moved), then
    remove every temporary file a killed build left in the folder."""
    if (out / JOURNAL).is_file():
        _roll_back(out)
    for folder in [out, *(p for p in _entries(out) if p.is_dir(follow_symlinks=False))]:
        for p in _entries(folder):
            if p.is_file(follow_symlinks=False) and p.name.endswith(".tmp") and (
                    p.name.startswith(TEMP) or _OLD_TEMP.match(p.name)):
                _unlink(Path(p.path))


def _roll_back(out: Path) -> None:
    """Put every file the journal lists back as it was before the switch, newest change first."""
    try:
        entries = json.loads((out / JOURNAL).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        entries = []
    for rel, tmp, backup in reversed(entries):
        target, tmp = out / rel, out / tmp
        if backup is not None and os.path.lexists(out / backup):
            os.replace(out / backup, target)  # the old file back in place of the new (or of nothing)
        elif backup is None and not os.path.lexists(tmp):
            _unlink(target)  # a new file where there was none
        _unlink(tmp)
    _unlink(out / JOURNAL)


def _write_journal(out: Path, plan: list[tuple[Path, Path, Path | None]]) -> None:
    def rel(p: Path | None) -> str | None:
        return None if p is None else p.relative_to(out).as_posix()

    _stage_bytes(out / JOURNAL, json.dumps([[rel(t), rel(s), rel(b)] for t, s, b in plan]).encode("utf-8"))


def _target(out: Path, path: Path) -> Path:
    """The file to write, refused when a folder on the way to it is a link (writing through it would change
    files outside the output folder)."""
    folder = out
    for part in path.relative_to(out).parts[:-1]:
        folder = folder / part
        if folder.is_symlink():
            raise LessonpressError([Diagnostic(Loc(display_path(folder)), "is a link to another folder; "
                                               "lessonpress writes only inside the output folder, so delete the "
                                               "link and run again (nothing was changed)", "output.link")])
    return path


def _stage(target: Path, data: bytes, made: list[Path]) -> Path:
    """Write `data` to a new hidden file in the target's folder (made if missing), flushed to the disk."""
    missing = [p for p in [target.parent, *target.parent.parents] if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir()
        made.append(folder)
    tmp = _temp(target.parent)
    _stage_bytes(tmp, data)
    return tmp


def _stage_bytes(path: Path, data: bytes) -> None:
    # a new file, never through an existing link; 0o666 less the umask: the permissions of any new file
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        _unlink(path)
        raise


def _temp(folder: Path) -> Path:
    return folder / f"{TEMP}{secrets.token_hex(6)}.tmp"


def _discard(staged: list[Path], made: list[Path]) -> None:
    for tmp in staged:
        _unlink(tmp)
    for folder in reversed(made):
        try:
            folder.rmdir()
        except OSError:
            pass


def _entries(folder: Path) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as it:
            return list(it)
    except OSError:
        return []


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _failed(out: Path, path: Path, exc: OSError) -> LessonpressError:
    reason = REASONS.get(exc.errno or 0, exc.strerror or str(exc))
    return LessonpressError([Diagnostic(Loc(display_path(path)), f"cannot write the file: {reason}; nothing was "
                                        f"changed: {display_path(out)}/ still holds the previous build's files",
                                        "output.unwritable")])

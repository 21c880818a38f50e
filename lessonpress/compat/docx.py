"""python-docx's private internals that make the DOCX writer fast, each checked once when imported, with python-docx's
plain public path used when one is missing or misbehaves (or everywhere under LESSONPRESS_COMPAT=slow)."""

from __future__ import annotations

import io
import os
import zipfile

import docx
from docx.opc.pkgwriter import PackageWriter

SLOW = os.environ.get("LESSONPRESS_COMPAT", "").strip().lower() == "slow"
# Each fast path, on when python-docx's internals it relies on are there and behave (checked below, at import).
FAST = {"package": not SLOW}


def active() -> dict[str, bool]:
    """Which fast paths this process uses."""
    return dict(FAST)


# -- package: PackageWriter._write_content_types_stream, _write_pkg_rels, _write_parts ---------------------------

class _Members(list):
    """Stands in for python-docx's zip writer: keeps each member's name and bytes, in the order written."""

    def write(self, pack_uri, blob: bytes) -> None:
        self.append((pack_uri.membername, blob))


def package_members(document) -> list[tuple[str, bytes]]:
    """Each member of a document's package (its name in the zip and its bytes) in the order python-docx saves
    them. Fast path: python-docx's package writer's own steps, written to a list rather than to a zip (whose
    members were compressed only to be read back and compressed again). Plain path: `Document.save`, read back."""
    if FAST["package"]:
        return _written(document)
    return _saved(document)


def _written(document) -> list[tuple[str, bytes]]:
    package = document.part.package
    parts = package.parts
    for part in parts:  # as OpcPackage.save
        part.before_marshal()
    members = _Members()
    PackageWriter._write_content_types_stream(members, parts)
    PackageWriter._write_pkg_rels(members, package.rels)
    PackageWriter._write_parts(members, parts)
    return list(members)


def _saved(document) -> list[tuple[str, bytes]]:
    buf = io.BytesIO()
    document.save(buf)
    with zipfile.ZipFile(buf) as saved:
        return [(info.filename, saved.read(info)) for info in saved.infolist()]


def _check_package() -> bool:
    """The package writer's steps give the members `Document.save` writes, of a document with a picture-less
    header, a table and text (python-docx's default template)."""
    d = docx.Document()
    d.add_paragraph("probe \t text")
    d.add_table(rows=1, cols=2)
    d.sections[0].header.paragraphs[0].text = "header"
    written = _written(d)
    return written == _saved(d) and any(name == "word/document.xml" for name, _ in written)


def _passes(check) -> bool:
    try:
        return bool(check())
    except Exception:  # an internal gone or changed: the plain path
        return False


for _name, _check in (("package", _check_package),):
    FAST[_name] = FAST[_name] and _passes(_check)

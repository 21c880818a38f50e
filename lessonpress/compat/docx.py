"""python-docx's private internals that make the DOCX writer fast, each checked once when imported, with python-docx's
plain public path used when one is missing or misbehaves (or everywhere under LESSONPRESS_COMPAT=slow)."""

from __future__ import annotations

import io
import os
import threading
import zipfile

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part, PartFactory
from docx.opc.pkgwriter import PackageWriter

SLOW = os.environ.get("LESSONPRESS_COMPAT", "").strip().lower() == "slow"
# Each fast path, on when python-docx's internals it relies on are there and behave (checked below, at import).
FAST = {"package": not SLOW, "styles": not SLOW}


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


# -- styles: PartFactory.part_class_selector ---------------------------------------------------------------------

_unread = threading.local()  # .styles: this thread is opening a document whose styles stay unread
_chosen = PartFactory.part_class_selector  # python-docx's own part selector (it picks image parts)


def _select(content_type: str, reltype: str):
    """python-docx's part selector, but a plain Part for the styles of a document `open_document` opens."""
    if content_type == CT.WML_STYLES and getattr(_unread, "styles", False):
        return Part
    return _chosen(content_type, reltype) if _chosen is not None else None


def open_document(data: bytes):
    """A document opened from a package's bytes, to be written by code that never reads or changes its styles.
    Fast path: its styles part is kept as the bytes read, where python-docx would parse it (7 ms for the
    350 kB of its default styles) and serialise it again on saving; its `styles` cannot be used. Other threads
    open documents as usual meanwhile. Plain path: `docx.Document`."""
    if not FAST["styles"]:
        return docx.Document(io.BytesIO(data))
    _unread.styles = True
    try:
        return docx.Document(io.BytesIO(data))
    finally:
        _unread.styles = False


_SMALL_STYLES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 b'<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                 b'<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
                 b'</w:styles>')


def _small_template() -> bytes:
    """python-docx's default template with its two 430 kB style parts cut to one style: the checks below then
    save a few kB, where the template's own styles took 50 ms to compress and read back at every start."""
    with zipfile.ZipFile(os.path.join(os.path.dirname(docx.__file__), "templates", "default.docx")) as template:
        return _zip([(info.filename, _SMALL_STYLES if info.filename in ("word/styles.xml", "word/stylesWithEffects.xml")
                      else template.read(info)) for info in template.infolist()])


def _probe() -> tuple:
    """A document made by python-docx's API (its default template with small styles, text, a table, a header)
    and the members `Document.save` writes of it: what each check compares its fast path with."""
    try:
        d = docx.Document(io.BytesIO(_small_template()))
    except Exception:  # the template moved or changed: its own, with its large styles
        d = docx.Document()
    d.add_paragraph("probe \t text")
    d.add_table(rows=1, cols=2)
    d.sections[0].header.paragraphs[0].text = "header"
    return d, _saved(d)


def _check_package(probe) -> bool:
    """The package writer's steps give the members `Document.save` writes."""
    d, saved = probe
    return _written(d) == saved and any(name == "word/document.xml" for name, _ in saved)


def _check_styles(probe) -> bool:
    """A document opened with its styles unread saves the members it was saved from, and really kept its
    styles unread (a plain Part)."""
    _, saved = probe
    kept = open_document(_zip(saved))
    return type(kept.part.part_related_by(RT.STYLES)) is Part and _saved(kept) == saved


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members:
            z.writestr(name, data)
    return buf.getvalue()


def _passes(check, probe=None) -> bool:
    try:
        return bool(check(probe or _probe()))
    except Exception:  # an internal gone or changed: the plain path
        return False


if FAST["styles"]:
    PartFactory.part_class_selector = _select
if not SLOW:
    try:
        _made = _probe()
    except Exception:  # python-docx's API itself changed: every fast path off
        _made = None
    for _name, _check in (("package", _check_package), ("styles", _check_styles)):
        FAST[_name] = _made is not None and _passes(_check, _made)
    del _made
if not FAST["styles"] and PartFactory.part_class_selector is _select:
    PartFactory.part_class_selector = _chosen

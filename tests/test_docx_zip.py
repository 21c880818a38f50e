"""The Word package's zip: the bytes Python's zipfile writes, whether a member's compressed form is kept or not."""

import io
import os
import random
import zipfile

from lessonpress.writers import docx_zip
from tests.conftest import SAMPLE


def _zipfile(members, method=zipfile.ZIP_DEFLATED) -> bytes:
    """The package as the writer always zipped it: Python's zipfile, each member at 1980-01-01, rw-r--r--."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as dst:
        for name, data in members:
            fixed = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = method
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, data)
    return out.getvalue()


def _members(seed: int) -> list[tuple[str, bytes]]:
    rng = random.Random(seed)
    styles = SAMPLE.read_bytes() * 40  # a large member, the same in every package
    return [("[Content_Types].xml", b"<Types/>"), ("word/document.xml", rng.randbytes(rng.randrange(1, 5000))),
            ("word/styles.xml", styles), ("word/empty.xml", b""), ("docProps/thumbnail.jpeg", os.urandom(3000))]


def test_zip_is_zipfiles_byte_for_byte_and_reads_back():
    for seed in range(6):  # the large member is compressed once, then found again
        members = _members(seed)
        data = docx_zip.normalised_zip(members)
        assert data == _zipfile(members)
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            assert z.testzip() is None
            assert [(i.filename, z.read(i)) for i in z.infolist()] == members
            assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_stored_and_non_ascii_packages_go_through_zipfile():
    members = [("word/média.xml", b"<x/>"), ("a.xml", b"y" * 100)]
    assert docx_zip.normalised_zip(members) == _zipfile(members)
    assert docx_zip.normalised_zip(members[1:], compress=False) == _zipfile(members[1:], zipfile.ZIP_STORED)


def test_kept_members_stay_within_their_budget(monkeypatch):
    monkeypatch.setattr(docx_zip, "_CACHED", 10_000)
    monkeypatch.setattr(docx_zip, "_deflated", {})
    monkeypatch.setattr(docx_zip, "_kept", [0])
    big, small = b"b" * 6000, b"s" * 3000
    for data in (big, small, big, b"x" * 20_000, small, b"t" * 5000, big):
        assert docx_zip._deflate(data)[0] == zipfile.crc32(data)
        assert docx_zip._kept[0] == sum(map(len, docx_zip._deflated)) <= 10_000
    assert list(docx_zip._deflated) == [big]  # the most recent; the 20 kB member was never kept

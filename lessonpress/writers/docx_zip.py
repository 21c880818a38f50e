"""A Word package's zip: fixed timestamps and order, so the same input gives the same bytes, and each member
compressed once per process (most of a document's bytes are its styles, the same in every file)."""

from __future__ import annotations

import io
import struct
import sys
import zipfile
import zlib

# The zip records as Python's zipfile writes them for a member with a fixed 1980-01-01 00:00 timestamp, an ASCII
# name and no extra field, deflated at zlib's default level (tests/test_docx_zip.py compares the two).
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_VERSION, _DEFLATED, _DOS_DATE, _DOS_TIME = 20, 8, 33, 0  # zip 2.0, deflate, (1980 - 1980) << 9 | 1 << 5 | 1
_SYSTEM = 0 if sys.platform == "win32" else 3  # as zipfile's ZipInfo: MS-DOS or Unix
_MODE = 0o644 << 16  # rw-r--r--
_LIMIT = 1 << 30  # larger members or archives go through zipfile (which may need zip64 for them)
_CACHED = 16 << 20  # bytes of members whose compressed form is kept, the most recently used

_deflated: dict[bytes, tuple[int, bytes]] = {}  # member -> CRC and deflated bytes, the least recently used first
_kept = [0]  # bytes of the members in _deflated


def normalised_zip(members: list[tuple[str, bytes]], compress: bool = True) -> bytes:
    """A package's members (name, bytes) in a zip with fixed timestamps, in the order given; stored uncompressed
    when `compress` is false (the writer's own styled base document)."""
    if not compress or not all(name.isascii() for name, _ in members) or sum(
            len(data) for _, data in members) > _LIMIT:
        return _zipfile(members, compress)
    local, central, offset = [], [], 0
    for name, data in members:
        crc, packed = _deflate(data)
        raw = name.encode("ascii")
        header = _LOCAL.pack(b"PK\x03\x04", _VERSION, 0, 0, _DEFLATED, _DOS_TIME, _DOS_DATE, crc, len(packed),
                             len(data), len(raw), 0)
        central.append(_CENTRAL.pack(b"PK\x01\x02", _VERSION, _SYSTEM, _VERSION, 0, 0, _DEFLATED, _DOS_TIME,
                                     _DOS_DATE, crc, len(packed), len(data), len(raw), 0, 0, 0, 0, _MODE, offset))
        central.append(raw)
        local += (header, raw, packed)
        offset += len(header) + len(raw) + len(packed)
    directory = b"".join(central)
    end = _END.pack(b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), offset, 0)
    return b"".join(local) + directory + end


def _deflate(data: bytes) -> tuple[int, bytes]:
    """A member's CRC and its deflated bytes, as zipfile makes them; kept for the members met again."""
    found = _deflated.pop(data, None)
    if found is None:
        squeeze = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        found = (zlib.crc32(data), squeeze.compress(data) + squeeze.flush())
    else:
        _kept[0] -= len(data)
    if len(data) <= _CACHED:
        while _deflated and _kept[0] + len(data) > _CACHED:
            oldest = next(iter(_deflated))  # the least recently used
            del _deflated[oldest]
            _kept[0] -= len(oldest)
        _deflated[data] = found
        _kept[0] += len(data)
    return found


def _zipfile(members: list[tuple[str, bytes]], compress: bool = True) -> bytes:
    """The same zip, written by Python's zipfile."""
    out = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(out, "w", method) as dst:
        for name, data in members:
            fixed = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = method
            fixed.external_attr = _MODE
            dst.writestr(fixed, data)
    return out.getvalue()

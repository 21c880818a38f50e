"""Which file and folder names every system accepts: not a Windows device name, no trailing dot or space,
short enough for any disk."""

from __future__ import annotations

DEVICES = {"con", "prn", "aux", "nul", "conin$", "conout$", *(f"{d}{n}" for d in ("com", "lpt") for n in "0123456789")}
MAX_BYTES = 200
"""Of a name's own part: room left for what lessonpress adds ("class-set-period-", "-large-print.pdf") within
the 255 bytes a file name may have on most disks."""


def refused(name: str) -> str | None:
    """Why a file or folder named `name` would be refused on some system, in a teacher's words, or None."""
    if name.split(".")[0].strip().casefold() in DEVICES:
        return f"'{name}' is a name Windows keeps for a device, so no file or folder may have it"
    if name.endswith((".", " ")):
        return "Windows drops a dot or space at the end of a file name"
    if len(name.encode("utf-8")) > MAX_BYTES:
        return f"it is too long for a file name ({len(name.encode('utf-8')):,} bytes; at most {MAX_BYTES})"
    return None

"""Pictures in a lesson: each `figures:` entry placed after its paragraph and numbered, its image file read,
checked and made ready to print, every problem located at the lesson's line."""

from __future__ import annotations

import io
import math
import re
import warnings
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING

from lessonpress.errors import Loc, Report, did_you_mean, display_path, escaped
from lessonpress.loader import Sourced
from lessonpress.model import FIGURE_SHARE
from lessonpress.schema import Lesson

if TYPE_CHECKING:
    from PIL import Image

MAX_BYTES = 15 * 1024 * 1024
"""A picture file's largest size: a phone photo saved as JPEG is 2–8 MB; anything bigger is a raw scan or a
poster that would make every handout copy heavy to e-mail and print."""
MAX_PIXELS = 40_000_000
"""A picture's most pixels (a 7,700 x 5,200 scan): opening it takes about 160 MB of memory; more is a scan
made for a wall, not a page (Pillow itself refuses 179 million as a decompression bomb)."""
MAX_SIDE = 2400
"""Pixels on the long side a picture is printed with: 300 dots an inch across the 8 inches of the largest text
block. A bigger picture is scaled down to it, so the PDF, Word and web copies stay small."""
LOW_DPI = 100
"""Fewer dots an inch than this across the text width prints visibly blurred: a warning."""
TEXT_WIDTH_IN, TEXT_HEIGHT_IN = 469 / 72, 641 / 72  # the text block (style.yaml), in inches
FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}
LONG_CAPTION = 400
"""Characters of caption and credit beyond which the picture visibly shrinks (about six lines at 9.5 pt)."""
OTHER_KINDS = {".gif": "GIF", ".webp": "WebP", ".svg": "SVG", ".heic": "HEIC (an iPhone photo)", ".heif": "HEIF",
               ".bmp": "BMP", ".tif": "TIFF", ".tiff": "TIFF", ".pdf": "PDF", ".docx": "Word"}


@dataclass(frozen=True)
class Picture:
    """An image ready for every writer: PNG or JPEG bytes in RGB or greyscale (upright, no transparency)."""

    data: bytes
    mime: str
    width: int
    height: int


@dataclass(frozen=True)
class PlacedFigure:
    """A figure of the lesson as the handout prints it: its index in `figures:`, its number, the paragraph it
    follows (None: the end of the reading) and its picture (None when `check` could not read it)."""

    index: int
    number: int
    after: int | None
    picture: Picture | None = None


def place(lesson: Lesson, src: Sourced, paragraphs: list, report: Report) -> list[PlacedFigure]:
    """Each figure's place and number, in the order they are printed (ties in the order listed)."""
    labels = {p.label: p.number for p in paragraphs if p.label}
    count = len(paragraphs)
    after: list[int | None] = []
    seen: dict[str, int] = {}
    for i, f in enumerate(lesson.figures):
        words = len(f.caption) + len(f.credit or "")
        if words > LONG_CAPTION:
            report.warning(src.loc(("figures", i, "caption")), f"this caption (with its credit) is {words:,} "
                           f"characters long; the picture shrinks to leave it room on the page, so keep a caption "
                           f"to a sentence or two (under {LONG_CAPTION}) and put the rest in the reading",
                           "figure.caption-long")
        if f.label and seen.setdefault(f.label, i) != i:
            report.error(src.loc(("figures", i, "label")), f"figure {seen[f.label] + 1} in the list has the label "
                         f"'{f.label}' already; give each figure its own", "figure.label")
        ref = f.after
        if ref is None:
            after.append(None)
        elif isinstance(ref, int):
            if ref > count:
                report.error(src.loc(("figures", i, "after")), f"'after' is {ref}, but the reading has only {count} "
                             f"paragraph(s); leave 'after' out to print the figure at the end of the reading",
                             "figure.after")
            after.append(min(ref, count))
        elif ref in labels:
            after.append(labels[ref])
        else:
            have = f"labels: {', '.join(labels)}" if labels else "no paragraph has a 'label:' yet"
            report.error(src.loc(("figures", i, "after")), f"'after': no reading paragraph has the label '{ref}'"
                         f"{did_you_mean(ref, list(labels))} ({have})", "figure.after")
            after.append(None)
    order = sorted(range(len(after)), key=lambda i: (count + 1 if after[i] is None else after[i], i))
    return [PlacedFigure(i, n, after[i]) for n, i in enumerate(order, 1)]


def numbers(lesson: Lesson, placed: list[PlacedFigure]) -> dict[str, int]:
    """Each labelled figure's number, for {figure: label} references."""
    return {lesson.figures[p.index].label: p.number for p in placed if lesson.figures[p.index].label}


def read_pictures(lesson: Lesson, src: Sourced, placed: list[PlacedFigure], report: Report) -> tuple[PlacedFigure, ...]:
    """The figures with their pictures read from files beside the lesson; each problem is an error at `image:`."""
    out = []
    for p in placed:
        at = src.loc(("figures", p.index, "image"))
        picture = read_picture(lesson.figures[p.index].image, Path(src.file).parent, at, report)
        out.append(PlacedFigure(p.index, p.number, p.after, picture))
    return tuple(out)


def picture_files(lessons) -> list[Path]:
    """The picture files the lessons' figures name (loaded lessons), for the build manifest: a build reads them
    besides the lessons, so replacing one must make the build again."""
    out = []
    for ll in lessons:
        for figure in ll.lesson.figures:
            path = image_path(figure.image, Path(ll.source.file).parent)
            if isinstance(path, Path):
                out.append(path)
    return sorted(set(out))


def image_path(written: str, folder: Path) -> Path | str:
    """The file a lesson's `image:` names (relative to the lesson's folder), or why it cannot name one."""
    text = written.replace("\\", "/")  # a path typed on Windows works everywhere
    if re.match(r"(?i)^[a-z][a-z0-9+.-]+://", text):
        return ("is a web address; lessons print only pictures kept with them: save the picture (right-click, "
                "Save image as…) into the lesson's folder, e.g. as 'images/map.png', and write that")
    if PurePosixPath(text).is_absolute() or PureWindowsPath(written).drive:
        return ("is a full path, which breaks when the lessons are copied to another computer or shared; write it "
                "from the lesson's folder, e.g. 'images/map.png' (or '../images/map.png' for a shared folder)")
    return folder / text


def read_picture(written: str, folder: Path, at: Loc, report: Report) -> Picture | None:
    """The picture of one `image:`; None, with a located error, when it is missing, not PNG or JPEG, damaged or
    too big."""
    path = image_path(written, folder)
    name = escaped(written)
    if isinstance(path, str):
        report.error(at, f"the picture {name} {path}", "figure.image-path")
        return None
    shown = display_path(path)
    if not path.is_file():
        where = f"there is no file {escaped(shown)}" if not path.exists() else f"{escaped(shown)} is a folder"
        near = did_you_mean(path.name, _names(path.parent)) if not path.exists() else ""
        report.error(at, f"the picture {name} cannot be found: {where}{near}; the path is read from the lesson's "
                     f"folder ({display_path(folder) or '.'}), and capitals count", "figure.image-missing")
        return None
    size = path.stat().st_size
    if size > MAX_BYTES:
        report.error(at, f"the picture {name} is {size / 2**20:.0f} MB, more than the {MAX_BYTES // 2**20} MB a "
                     "picture may be; save a smaller copy (about 2,000 pixels wide is plenty for a page) as JPEG",
                     "figure.image-too-big")
        return None
    try:
        raw = path.read_bytes()
    except OSError as exc:
        report.error(at, f"the picture {name} cannot be read ({exc.strerror or exc}); check that it is not open "
                     "in another program and that you may read it", "figure.image-unreadable")
        return None
    return _decode(raw, name, path.suffix.lower(), at, report)


def _names(folder: Path) -> list[str]:
    try:
        return [q.name for q in folder.iterdir()] if folder.is_dir() else []
    except OSError:
        return []


def _decode(raw: bytes, name: str, suffix: str, at: Loc, report: Report) -> Picture | None:
    from PIL import Image, UnidentifiedImageError  # only for a lesson with a picture: Pillow takes 20 ms to import

    try:
        with warnings.catch_warnings():  # Pillow warns of a picture of 90 million pixels; the limit below says more
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(raw))
        with im:
            kind = im.format or ""
            if kind == "MPO":  # a phone's JPEG holding more pictures (depth, HDR): its first is the photo
                kind = "JPEG"
                raw = b""  # written again as a plain JPEG (below), not kept as it is
            if kind not in FORMATS:
                report.error(at, f"the picture {name} is a {kind or 'kind of'} file, not PNG or JPEG; open it and "
                             "save (or export) it as PNG or JPEG", "figure.image-format")
                return None
            if im.width * im.height > MAX_PIXELS:
                report.error(at, f"the picture {name} has {im.width:,} x {im.height:,} pixels, more than the "
                             f"{MAX_PIXELS // 10**6} million a picture may have; save a smaller copy (about 2,000 "
                             "pixels wide is plenty for a page)", "figure.image-too-big")
                return None
            im.load()  # decode it all now: a file cut short fails here, not in the middle of a build
            picture = _printable(im, raw, kind)
    except UnidentifiedImageError:
        what = f"a {OTHER_KINDS[suffix]} file" if suffix in OTHER_KINDS else "not a picture lessonpress can read"
        report.error(at, f"the picture {name} is {what}; lessons take PNG or JPEG pictures: open it and save (or "
                     "export) it as PNG or JPEG", "figure.image-format")
        return None
    except Image.DecompressionBombError:
        report.error(at, f"the picture {name} has far more pixels than a page can use; save a smaller copy (about "
                     "2,000 pixels wide is plenty for a page)", "figure.image-too-big")
        return None
    except (OSError, SyntaxError, ValueError, EOFError):
        report.error(at, f"the picture {name} is damaged or cut short and cannot be shown; open it in a picture "
                     "program and save it again, or copy it again from where it came from", "figure.image-damaged")
        return None
    printed = min(TEXT_WIDTH_IN, TEXT_HEIGHT_IN * FIGURE_SHARE * picture.width / picture.height)  # inches wide
    if picture.width / printed < LOW_DPI:
        report.warning(at, f"the picture {name} is only {picture.width} pixels wide, so across the page it prints "
                       f"blurred; a copy at least {math.ceil(LOW_DPI * printed)} pixels wide prints sharp",
                       "figure.image-small")
    return picture


def _printable(im: Image.Image, raw: bytes, kind: str) -> Picture:
    """The picture upright (a phone's rotation applied), without transparency (on white, as paper), in RGB or
    greyscale, at most MAX_SIDE pixels on its long side; an upright JPEG that needs none of that is kept as is."""
    from PIL import Image, ImageOps

    oriented = im.getexif().get(0x0112, 1) not in (0, 1)
    if kind == "JPEG" and raw and im.mode in ("RGB", "L") and not oriented and max(im.size) <= MAX_SIDE:
        return Picture(raw, FORMATS[kind], im.width, im.height)
    out = ImageOps.exif_transpose(im) if oriented else im
    if out.mode in ("I;16", "I;16B", "I;16L", "I"):  # 16-bit greyscale: scale to 8 bits, not clip
        out = out.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    elif out.mode in ("RGBA", "LA", "PA") or (out.mode == "P" and "transparency" in out.info):
        rgba = out.convert("RGBA")
        paper = Image.new("RGB", rgba.size, (255, 255, 255))
        paper.paste(rgba, mask=rgba.getchannel("A"))
        out = paper
    elif out.mode not in ("RGB", "L"):
        out = out.convert("RGB")
    if max(out.size) > MAX_SIDE:
        out = out.copy()
        out.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    if kind == "JPEG":
        out.save(buf, "JPEG", quality=90)
    else:
        out.save(buf, "PNG", optimize=True)
    return Picture(buf.getvalue(), FORMATS[kind], out.width, out.height)

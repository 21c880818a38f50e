"""Builds the Word test source for `lessonpress new`: headings in Word styles and real footnotes (invented text)."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NOTICE = ("This is a test fixture for lessonpress new. The island, its lighthouse, the people and the books "
          "cited are invented for testing; none of it is history.")
SECTIONS = [
    ("1. Building the Light", [
        [("The island of Gullrock had no light until 1823, when the Harbor Board voted to build one.", 1),
         ("Work began in April 1824 under the engineer Tomas Brandt, the son of a Gullrock fisherman.", 2)],
        [("The tower was finished on September 30, 1826 and its lamp burned whale oil.", 3),
         ("Because the oil was costly, the keepers lit the lamp only from dusk to dawn.", 4),
         ("A keeper's cottage of 4 rooms was added in 1833.", 9),
         ("The Harbor Board painted the tower red and white in 1845 so that ships could see it by day.", 10)],
    ]),
    ("2. Keepers and Storms", [
        [("Elsa Varga, the first keeper of the Gullrock light, kept a log of every ship that passed.", 5),
         ("In the winter of 1840 a storm broke the lantern glass, and as a result the light was dark for nine "
          "nights.", 6)],
        [("The Harbor Board replaced the oil lamp with a gas lamp in 1858, which led to a brighter light seen "
          "from 20 miles away.", 7),
         ("The last keeper left the island on August 1, 1931, when the light was made automatic.", 8)],
    ]),
]
NOTES = {
    1: "Miriam Hale, A History of Millbrook Harbor (Testville: Example Press, 1950), 71.",
    2: "Ibid., 72.",
    3: "Daniel Okafor, Boats, Rails and Markets (Sampletown: Placeholder UP, 1978), 88.",
    4: "Okafor, Boats, Rails and Markets, 89.",
    5: "Hale, A History of Millbrook Harbor, 80.",
    6: "Ibid., 81-82.",
    7: "Okafor, Boats, Rails and Markets, 95.",
    8: "Okafor, Boats, Rails and Markets, 120.",
    9: "Hale, A History of Millbrook Harbor, 74.",
    10: "Hale, A History of Millbrook Harbor, 76.",
}
BIBLIOGRAPHY = [
    "Hale, Miriam. A History of Millbrook Harbor (fixture). Testville: Example Press, 1950.",
    "Okafor, Daniel. Boats, Rails and Markets (fixture). Sampletown: Placeholder UP, 1978.",
]


def _footnotes_xml() -> bytes:
    notes = "".join(
        f'<w:footnote w:id="{n}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:rPr>'
        f'<w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> '
        f"{escape(text)}</w:t></w:r></w:p></w:footnote>" for n, text in NOTES.items())
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{W}">'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
            f"</w:p></w:footnote>{notes}</w:footnotes>").encode()


def make_footnoted_docx(path: Path) -> Path:
    """A Word document with a Title, numbered Heading 1 sections, footnote references and a Bibliography."""
    document = docx.Document()
    document.add_paragraph("The Gullrock Light (test fixture)", style="Title")
    document.add_paragraph(NOTICE)
    for heading, paragraphs in SECTIONS:
        document.add_paragraph(heading, style="Heading 1")
        for sentences in paragraphs:
            para = document.add_paragraph()
            for i, (text, note) in enumerate(sentences):
                para.add_run(("" if i == 0 else " ") + text)
                ref = parse_xml(f'<w:r xmlns:w="{W}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                                f'<w:footnoteReference w:id="{note}"/></w:r>')
                para._p.append(ref)
    document.add_paragraph("Bibliography", style="Heading 1")
    for entry in BIBLIOGRAPHY:
        document.add_paragraph(entry)
    part = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, _footnotes_xml(), document.part.package)
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    document.save(str(path))
    return path

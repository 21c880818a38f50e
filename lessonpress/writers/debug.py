"""A plain-text dump of a Document, for golden tests and for seeing what a builder decided."""

from __future__ import annotations

from lessonpress import model as m
from lessonpress import quiz_model as qm


class DebugWriter:
    name = "debug"
    suffix = ".txt"

    def __init__(self, profile: str = "standard", reference=None):
        self.profile = profile

    def write(self, doc: m.Document | qm.Quiz) -> bytes:
        if isinstance(doc, qm.Quiz):
            return self._quiz(doc)
        out = [f"document {doc.kind} ({doc.kind_label}) paper={doc.paper}", f"title: {doc.title}",
               f"footer: {doc.footer} · Page N of M"]
        for block in doc.header:
            self._block(block, out, "header ")
        for block in doc.blocks:
            self._block(block, out, "")
        return ("\n".join(out) + "\n").encode("utf-8")

    def _block(self, b: m.Block, out: list[str], pad: str) -> None:
        t = m.plain
        if isinstance(b, m.Heading):
            out.append(f"{pad}{'#' * b.level} {t(b.content)}")
        elif isinstance(b, m.Para):
            num = f"[{b.number}] " if b.number is not None else ""
            out.append(f"{pad}{num}{t(b.content)}" + (f"  <{b.role}>" if b.role != "body" else ""))
        elif isinstance(b, m.ItemList):
            for i, item in enumerate(b.items, 1):
                out.append(f"{pad}{f'{i}.' if b.ordered else '-'} {t(item)}")
        elif isinstance(b, m.Choices):
            sep = "   " if b.inline else f"\n{pad}"
            out.append(pad + sep.join(f"( ) {label}. {t(c)}" if not b.inline else f"( ) {t(c)}"
                                      for label, c in b.options))
        elif isinstance(b, m.AnswerSpace):
            out.append(f"{pad}[{b.lines} answer lines]")
        elif isinstance(b, m.Table):
            if b.header:
                out.append(pad + " | ".join(t(c) for c in b.header))
            for row in b.rows:
                out.append(pad + " | ".join(t(c) for c in row))
        elif isinstance(b, m.Box):
            out.append(f"{pad}+-- {b.title or ''} <{b.role}>")
            for inner in b.blocks:
                self._block(inner, out, pad + "| ")
            out.append(f"{pad}+--")
        elif isinstance(b, m.Question):
            out.append(f"{pad}{b.number}. {t(b.prompt)} ({b.points} pt)")
            for inner in b.body:
                self._block(inner, out, pad + "    ")
        elif isinstance(b, m.Answer):
            head = f"{t(b.headline)} " if b.headline else ""
            out.append(f"{pad}{b.number}. {head}{b.points_label or f'({b.points} pt)'}")
            for inner in b.content:
                self._block(inner, out, pad + "    ")
        elif isinstance(b, m.KeepTogether):
            for inner in b.blocks:
                self._block(inner, out, pad)
        elif isinstance(b, m.Figure):
            out.append(f"{pad}[picture {b.mime} {b.width}x{b.height} px, alt: {b.alt}]")
            credit = f" ({t(b.credit)})" if b.credit else ""
            out.append(f"{pad}{b.label}. {t(b.caption)}{credit}  <caption>")
        elif isinstance(b, m.PageBreak):
            out.append(f"{pad}---- page break ----")
        else:
            raise TypeError(f"debug writer: unknown block {type(b).__name__}")

    def _quiz(self, quiz: qm.Quiz) -> bytes:
        """An online quiz: each part, and each question's fields as the platform writers receive them."""
        out = [f"quiz {quiz.ident} ({quiz.points} points)", f"title: {quiz.title}",
               *(f"description: {line}" for line in quiz.description)]
        for part in quiz.parts:
            out.append(f"## {part.heading}")
            out += [f"   {line}  <instructions>" for line in part.instructions]
            for q in part.questions:
                out.append(f"{q.number}. [{type(q).__name__} {q.ident}, {q.points} pt] {q.prompt}")
                for name in q.__dataclass_fields__:
                    if name not in ("number", "ident", "prompt", "points", "loc") and not (
                            name == "context" and not q.context):  # most questions have none
                        out.append(f"    {name}: {getattr(q, name)!r}")
        return ("\n".join(out) + "\n").encode("utf-8")

"""Canvas quiz export: a QTI 1.2 package (imsmanifest.xml, the assessment, Canvas's assessment_meta.xml) in a zip,
as Canvas's own exporter writes it, so Canvas's importer (classic and New Quizzes) reads every question."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile

from lessonpress import quiz_model as qm
from lessonpress.writers import Output
from lessonpress.writers.lms import digest, html_paras, html_text, number, short_name, sub, warn, xml_bytes

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
CP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
META_NS = "http://canvas.instructure.com/xsd/cccv1p0"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def _field(meta: ET.Element, label: str, entry: str) -> None:
    f = sub(meta, "qtimetadatafield")
    sub(f, "fieldlabel", label)
    sub(f, "fieldentry", entry)


def _mattext(parent: ET.Element, html: str) -> None:
    sub(sub(parent, "material"), "mattext", html, texttype="text/html")


def _plain(parent: ET.Element, text: str) -> None:
    sub(sub(parent, "material"), "mattext", text, texttype="text/plain")


class _Item:
    """One <item>: metadata, presentation, response processing, feedback."""

    def __init__(self, section: ET.Element, ident: str, title: str, qtype: str, points: int):
        self.el = sub(section, "item", ident=ident, title=title)
        self.meta = sub(sub(self.el, "itemmetadata"), "qtimetadata")
        _field(self.meta, "question_type", qtype)
        _field(self.meta, "points_possible", number(points))
        self.answer_ids: list[str] = []
        self.presentation = sub(self.el, "presentation")
        self.res: ET.Element | None = None

    def text(self, html: str) -> None:
        _mattext(self.presentation, html)

    def processing(self) -> None:
        self.res = sub(self.el, "resprocessing")
        sub(sub(self.res, "outcomes"), "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")

    def condition(self, respident: str | None, value: str | None, score: str | None, action: str = "Set",
                  feedback: str | None = None, cont: str = "No") -> None:
        assert self.res is not None
        cond = sub(self.res, "respcondition", **{"continue": cont})
        var = sub(cond, "conditionvar")
        if respident is None:
            sub(var, "other")
        else:
            sub(var, "varequal", value, respident=respident)
        if score is not None:
            sub(cond, "setvar", score, action=action, varname="SCORE")
        if feedback is not None:
            sub(cond, "displayfeedback", feedbacktype="Response", linkrefid=feedback)

    def feedback(self, html: str) -> None:
        fb = sub(self.el, "itemfeedback", ident="general_fb")
        _mattext(sub(fb, "flow_mat"), html)

    def finish(self) -> None:
        _field(self.meta, "original_answer_ids", ",".join(self.answer_ids))


def _choices(item: _Item, ident: str, options: tuple[str, ...], correct: int) -> None:
    lid = sub(item.presentation, "response_lid", ident="response1", rcardinality="Single")
    choice = sub(lid, "render_choice")
    ids = [f"{ident}-{k + 1}" for k in range(len(options))]
    for aid, text in zip(ids, options, strict=True):
        _mattext(sub(choice, "response_label", ident=aid), f"<p>{html_text(text)}</p>")
    item.answer_ids = ids
    item.processing()
    item.condition(None, None, None, feedback="general_fb", cont="Yes")
    item.condition("response1", ids[correct], "100")


def _lids(item: _Item, ident: str, rows: list[tuple[str, str, tuple[str, ...], int]], plain_rows: bool) -> None:
    """Matching-style responses: one response_lid per row (its label, its choices, the right one), each worth
    an equal share, as Canvas's matching, dropdown and multiple-blank questions are scored. As Canvas exports
    them, a matching question's rows share one set of match ids; each blank has answers of its own."""
    share = f"{100 / len(rows):.2f}"
    correct = []
    for k, (rid, label, options, right) in enumerate(rows):
        lid = sub(item.presentation, "response_lid", ident=f"response_{rid}")
        if plain_rows:
            _plain(lid, label)
        else:
            _mattext(lid, f"<p>{html_text(label)}</p>")
        choice = sub(lid, "render_choice")
        ids = [f"{ident}-{k + 1}-{j + 1}" if plain_rows else f"{ident}-m{j + 1}" for j in range(len(options))]
        for aid, text in zip(ids, options, strict=True):
            _plain(sub(choice, "response_label", ident=aid), text)
        item.answer_ids += [rid] if not plain_rows else ids
        correct.append((f"response_{rid}", ids[right]))
    item.processing()
    item.condition(None, None, None, feedback="general_fb", cont="Yes")
    for respident, aid in correct:
        item.condition(respident, aid, share, action="Add", cont="Yes")


class CanvasWriter:
    name = "canvas"
    suffix = "-canvas.zip"

    def __init__(self, profile: str = "standard", reference=None):
        pass

    def write(self, quiz: qm.Quiz) -> bytes:
        return self.render(quiz).data

    def render(self, quiz: qm.Quiz) -> Output:
        warnings = []
        aid = f"lp-{quiz.ident}"
        root = ET.Element("questestinterop", {"xmlns": QTI_NS, "xmlns:xsi": XSI, "xsi:schemaLocation":
                                              f"{QTI_NS} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"})
        assessment = sub(root, "assessment", ident=aid, title=short_name(quiz.title))
        _field(sub(assessment, "qtimetadata"), "cc_maxattempts", "1")
        section = sub(assessment, "section", ident="root_section")
        for part in quiz.parts:
            head = _Item(section, f"{aid}-part-{part.letter.lower()}", part.heading, "text_only_question", 0)
            head.text(f"<h3>{html_text(part.heading)}</h3>{html_paras(part.instructions)}")
            head.finish()
            for q in part.questions:
                warnings += self._question(section, q)
        files = {
            "imsmanifest.xml": self._manifest(quiz, aid),
            f"{aid}/{aid}.xml": xml_bytes(root),
            f"{aid}/assessment_meta.xml": self._meta(quiz, aid),
        }
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in files.items():
                info = zipfile.ZipInfo(name, ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                z.writestr(info, data)
        return Output(buf.getvalue(), warnings=tuple(warnings))

    def _question(self, section: ET.Element, q: qm.Question) -> list:
        warnings = []
        qtype = {qm.Choice: "multiple_choice_question", qm.TrueFalse: "true_false_question",
                 qm.Matching: "matching_question", qm.Ordering: "matching_question",
                 qm.Written: "essay_question"}.get(type(q), "")
        if isinstance(q, qm.Blanks):
            qtype = "multiple_dropdowns_question" if q.word_bank else "fill_in_multiple_blanks_question"
        item = _Item(section, q.ident, q.name, qtype, q.points)
        feedback = html_paras(q.feedback)
        if isinstance(q, qm.Choice):
            item.text(f"<p>{html_text(q.prompt)}</p>")
            _choices(item, q.ident, q.options, q.correct)
        elif isinstance(q, qm.TrueFalse):
            item.text(f"<p>{html_text(q.prompt)}</p>")
            _choices(item, q.ident, q.labels, 0 if q.answer else 1)
        elif isinstance(q, qm.Blanks):
            ids = [f"blank{k + 1}" for k in range(len(q.answers))]
            # a "[" of the lesson's own as a character reference, so Canvas reads only our [blankN] as blanks
            sentence = "".join(html_text(p).replace("[", "&#91;") + (f"[{ids[k]}]" if k < len(ids) else "")
                               for k, p in enumerate(q.pieces))
            bank = f"<p>{html_text(q.bank(' • '.join(q.word_bank)))}</p>" if q.word_bank else ""
            item.text(f"<p>{sentence}</p>{bank}")
            rows = [(rid, rid, q.word_bank, q.word_bank.index(a)) if q.word_bank else (rid, rid, (a,), 0)
                    for rid, a in zip(ids, q.answers, strict=True)]
            _lids(item, q.ident, rows, plain_rows=True)
        elif isinstance(q, qm.Matching):
            item.text(f"<p>{html_text(q.prompt)}</p>")
            rights = tuple(q.pairs[k][1] for k in q.right_order)
            rows = [(f"{q.ident}-left-{i + 1}", left, rights, q.right_order.index(i))
                    for i, (left, _) in enumerate(q.pairs)]
            _lids(item, q.ident, rows, plain_rows=False)
        elif isinstance(q, qm.Ordering):
            item.text(f"<p>{html_text(q.prompt)}</p>")
            rows = [(f"{q.ident}-event-{j + 1}", q.events[k], q.positions, k) for j, k in enumerate(q.shown)]
            _lids(item, q.ident, rows, plain_rows=False)
            warnings.append(warn(q, "canvas", "ordering", "Canvas has no ordering question: this question "
                                 "is imported as matching each event to its place (1 = earliest)"))
        elif isinstance(q, qm.Written):
            item.text(f"<p>{html_text(q.prompt)}</p>")
            str_ = sub(item.presentation, "response_str", ident="response1", rcardinality="Single")
            sub(sub(str_, "render_fib"), "response_label", ident="answer1", rshuffle="No")
            item.processing()
            item.condition(None, None, None, feedback="general_fb", cont="Yes")
            item.condition(None, None, None)
            feedback = html_paras(q.grader_info) + feedback
            if q.essay:
                warnings.append(warn(q, "canvas", "rubric", "Canvas imports no rubric: this question's "
                                     "rubric is in its feedback as text; attach a Canvas rubric to mark with it"))
        else:  # pragma: no cover - the quiz model knows no other question
            raise TypeError(type(q).__name__)
        item.feedback(feedback)
        item.finish()
        return warnings

    def _manifest(self, quiz: qm.Quiz, aid: str) -> bytes:
        meta_id = f"{aid}-meta"
        root = ET.Element("manifest", {"identifier": f"{aid}-manifest", "xmlns": CP_NS,
                                       "xmlns:imsmd": "http://www.imsglobal.org/xsd/imsmd_v1p2"})
        metadata = sub(root, "metadata")
        sub(metadata, "schema", "IMS Content")
        sub(metadata, "schemaversion", "1.1.3")
        title = sub(sub(sub(metadata, "imsmd:lom"), "imsmd:general"), "imsmd:title")
        sub(title, "imsmd:string", short_name(quiz.title))
        sub(root, "organizations")
        resources = sub(root, "resources")
        res = sub(resources, "resource", identifier=aid, type="imsqti_xmlv1p2")
        sub(res, "file", href=f"{aid}/{aid}.xml")
        sub(res, "dependency", identifierref=meta_id)
        meta = sub(resources, "resource", identifier=meta_id,
                   type="associatedcontent/imscc_xmlv1p1/learning-application-resource",
                   href=f"{aid}/assessment_meta.xml")
        sub(meta, "file", href=f"{aid}/assessment_meta.xml")
        return xml_bytes(root)

    def _meta(self, quiz: qm.Quiz, aid: str) -> bytes:
        root = ET.Element("quiz", {"identifier": aid, "xmlns": META_NS, "xmlns:xsi": XSI,
                                   "xsi:schemaLocation": f"{META_NS} https://canvas.instructure.com/xsd/cccv1p0.xsd"})
        points = number(quiz.points)
        for tag, value in (("title", short_name(quiz.title)), ("description", html_paras(quiz.description)),
                           ("shuffle_answers", "false"), ("scoring_policy", "keep_highest"), ("hide_results", ""),
                           ("quiz_type", "assignment"), ("points_possible", points),
                           ("show_correct_answers", "true"), ("allowed_attempts", "1"),
                           ("one_question_at_a_time", "false"), ("cant_go_back", "false"), ("available", "false")):
            sub(root, tag, value)
        assignment = sub(root, "assignment", identifier=f"{aid}-assignment-{digest(aid)}")
        for tag, value in (("title", short_name(quiz.title)), ("workflow_state", "unpublished"),
                           ("quiz_identifierref", aid), ("points_possible", points), ("grading_type", "points"),
                           ("submission_types", "online_quiz")):
            sub(assignment, tag, value)
        return xml_bytes(root)

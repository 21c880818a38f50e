"""Teacher templates: markup, literal data, and errors that name the template and line."""

import pytest

from lessonpress.errors import LessonpressError
from lessonpress.model import Blank, Strong, Text
from lessonpress.templating import Templates, parse_markup


def test_markup_becomes_inlines_and_values_stay_literal():
    assert parse_markup('Name <blank width="5"/> <b>x &amp; y</b>') == (
        Text("Name "), Blank(5), Text(" "), Strong((Text("x & y"),)))


def test_runtime_errors_and_bad_markup_are_located(tmp_path):
    (tmp_path / "footer.j2").write_text("ok\n{{ 1 / 0 }}\n", encoding="utf-8")
    (tmp_path / "answer_key_total.j2").write_text("<u>under</u>\n", encoding="utf-8")
    templates = Templates(tmp_path)
    with pytest.raises(LessonpressError) as exc:
        templates.lines("footer.j2", course=None, lesson=None, kind="x", form=None)
    d = exc.value.diagnostics[0]
    assert d.loc.path.endswith("footer.j2") and d.loc.line == 2
    assert d.message == "the template cannot be printed: division by zero"
    with pytest.raises(LessonpressError) as exc:
        templates.lines("answer_key_total.j2", lesson=None, total=1, count=1)
    d = exc.value.diagnostics[0]
    assert d.loc.path.endswith("answer_key_total.j2") and d.code == "template.markup"


def test_footer_keeps_text_inside_markup(cli, project):
    templates = project / "templates"
    templates.mkdir()
    (templates / "footer.j2").write_text("<b>{{ course.title }}</b> · {{ kind }}\n", encoding="utf-8")
    assert cli("build", "--format", "debug", cwd=project, root=project).code == 0
    dump = (project / "output" / "every-type" / "handout.txt").read_text(encoding="utf-8")
    assert "footer: Soviet–Japanese Relations, 1905–1945 · Handout · Page N of M" in dump

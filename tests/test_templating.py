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


@pytest.mark.parametrize(("line", "message"), [
    ("{{ course.titel }}", "'course' has no 'titel'; did you mean 'title'? Course has: title, teacher, school, "
     "grade_band, paper, language, works_cited. [template.variable]"),
    ("{{ lessn.title }}", "'lessn' is not a variable here; did you mean 'lesson'? The variables here are: course, "
     "form, kind, label, lesson. [template.variable]"),
    ("{% if kindd %}x{% endif %}", "'kindd' is not a variable here; did you mean 'kind'? The variables here are: "
     "course, form, kind, label, lesson. [template.variable]"),
    ("{{ zzz }}", "'zzz' is not a variable here. The variables here are: course, form, kind, label, lesson. "
     "[template.variable]"),
    ("{{ label('wordbank') }}", "there is no label 'wordbank'; did you mean 'word_bank'? [template.label]"),
    ("{{ label('points') }}", "the label 'points' counts something: give it count= [template.label]"),
    ("{{ label('part_heading', part=1) }}", "the label 'part_heading' needs {title} [template.label]"),
])
def test_template_mistakes_name_the_variable_and_what_is_there(tmp_path, line, message):
    from lessonpress.schema import Course

    (tmp_path / "footer.j2").write_text(f"{{{{ kind }}}}\n{line}\n", encoding="utf-8")
    with pytest.raises(LessonpressError) as exc:
        Templates(tmp_path).lines("footer.j2", course=Course(title="T"), lesson=None, kind="x", form=None)
    assert str(exc.value.diagnostics[0]) == f"{tmp_path.as_posix()}/footer.j2:2:1: error: {message}"
    assert "Undefined" not in str(exc.value) and "lessonpress." not in str(exc.value)


def test_blank_names_are_checked_and_kept():
    from lessonpress.templating import parse_markup

    assert parse_markup('Name <blank name="name" width="3"/>') == (Text("Name "), Blank(3, "name"))
    with pytest.raises(LessonpressError) as exc:
        parse_markup('<blank name="nmae"/>')
    assert exc.value.diagnostics[0].message == ("<blank name=\"nmae\"/>: a blank's name is one of name, date, "
                                                "period; did you mean 'name'?")


def test_labels_keep_their_markup_out_and_values_literal(tmp_path):
    (tmp_path / "labels.yaml").write_text('key_total: "<b>Total</b> & {points}"\n', encoding="utf-8")
    lines = Templates(tmp_path).lines("answer_key_total.j2", lesson=None, total=2, count=1)
    assert lines[0][0] == Strong((Text("<b>Total</b> & 2 points"),))
    spanish = Templates(None, "es").lines("answer_key_total.j2", lesson=None, total=1, count=1)
    assert spanish[0][0] == Strong((Text("Total: 1 punto"),))


def test_check_renders_templates_as_a_build_with_versions_does(cli, project):
    templates = project / "templates"
    templates.mkdir()
    (templates / "footer.j2").write_text("{{ kind }}{% if form %} · {{ form.letter }}{% endif %}\n", encoding="utf-8")
    message = ("templates/footer.j2:1:1: error: there is no 'letter' in this value. The variables here are: course, "
               "form, kind, label, lesson. [template.variable]")
    check = cli("check", cwd=project, root=project)
    assert check.code == 1 and message in check.err, check.err
    build = cli("build", "--versions", "2", cwd=project, root=project)
    assert build.code == 1 and message in build.err and not (project / "output").exists()


def test_a_template_given_plain_values_renders_once_for_each_set_of_them(tmp_path, monkeypatch):
    from markupsafe import Markup

    (tmp_path / "answer_key_total.j2").write_text("{{ total }} of {{ count }}\n", encoding="utf-8")
    templates = Templates(tmp_path)
    renders = []
    render = templates.env.render
    monkeypatch.setattr(templates.env, "render", lambda t, context: renders.append(context) or render(t, context))

    def lines(total, count=2):
        return templates.lines("answer_key_total.j2", total=total, count=count)

    first = lines(1)
    assert first == [(Text("1 of 2"),)] and len(renders) == 1
    first.append("changed by its caller")
    assert lines(1) == [(Text("1 of 2"),)] and len(renders) == 1  # the same values: rendered once
    assert lines(1, 3) == [(Text("1 of 3"),)]
    assert lines(True) == [(Text("True of 2"),)]  # equal to 1, printed otherwise
    assert lines(Markup("<b>1</b>")) == [(Strong((Text("1"),)), Text(" of 2"))]  # markup kept, not taken for "<b>1</b>"
    assert lines("<b>1</b>") == [(Text("<b>1</b> of 2"),)]
    assert len(renders) == 5

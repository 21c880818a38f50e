"""The roster reader: spreadsheets as teachers save them, and located problems."""

import pytest

from lessonpress.errors import LessonpressError
from lessonpress.glyphs import coverage
from lessonpress.roster import load_roster, roster_warnings, safe_name, unprintable


def read(tmp_path, data: bytes, letters=("A", "B")):
    path = tmp_path / "roster.csv"
    path.write_bytes(data)
    return load_roster(path, list(letters))


def test_excel_exports_bom_semicolons_and_windows_1252(tmp_path):
    assert [s.name for s in read(tmp_path, "\ufeffname;period\nAna;1\nBen;1\n".encode())] == ["Ana", "Ben"]
    assert read(tmp_path, "name,period\nJosé,2\n".encode("cp1252"))[0].name == "José"
    students = read(tmp_path, b'Name,Period,Student ID\n"Okafor, Ben",3,17\n')
    assert (students[0].name, students[0].period, students[0].form) == ("Ben Okafor", "3", "A")


def test_forms_are_dealt_in_turn_per_period_unless_fixed(tmp_path):
    students = read(tmp_path, b"name,period,form\na,1,\nb,1,\nc,1,A\nd,1,\ne,2,\n")
    assert [s.form for s in students] == ["A", "B", "A", "A", "A"]


def test_periods_that_would_share_a_file_are_refused(tmp_path):
    with pytest.raises(LessonpressError) as exc:
        read(tmp_path, b"name,period\na,3/4\nb,3-4\n")
    (d,) = exc.value.diagnostics
    assert (d.loc.line, d.code) == (3, "roster.period")
    assert "would share a file name with period '3/4' (line 2)" in d.message
    assert safe_name("3rd/4th") == "3rd-4th" and safe_name("///") == "unnamed"


def test_periods_as_schools_write_them_are_one_period(tmp_path):
    students = read(tmp_path, b"name,period\na,3\nb,03\nc,Period 3\nd,3rd\ne,P3\nf,3rd period\ng,Block A\n")
    assert [s.period for s in students] == ["3"] * 6 + ["Block A"]
    assert [s.form for s in students] == ["A", "B", "A", "B", "A", "B", "A"]  # dealt in turn across one period


def test_last_first_names_become_first_last(tmp_path):
    one_column = read(tmp_path, b'Student Name,Class Period\n"Okafor, Ben",2\n'
                                b'"King, Martin Luther, Jr.",2\nAna Diaz,2\n')
    assert [s.name for s in one_column] == ["Ben Okafor", "King, Martin Luther, Jr.", "Ana Diaz"]
    columns = read(tmp_path, b"Last Name,First Name,Period\nOkafor,Ben,4\nDiaz,Ana,4\n")
    assert [(s.name, s.period) for s in columns] == [("Ben Okafor", "4"), ("Ana Diaz", "4")]


def test_a_student_listed_twice_and_mangled_names_are_warnings(tmp_path):
    students = read(tmp_path, b"name,period\nAna Diaz,3\nBen,3\nana  diaz,Period 3\nJos? D?az,4\n")
    assert [(d.loc.line, d.severity, d.message, d.code) for d in roster_warnings(students)] == [
        (4, "warning", "'ana  diaz' is listed twice (also on line 2, period 3); they get two copies "
        "unless you delete one row", "roster.twice"),
        (5, "warning", "the name 'Jos? D?az' has a '?' where a letter should be: the export lost its "
        "accents; export the roster again as 'CSV UTF-8' (Excel: File > Save As > CSV UTF-8)", "roster.mangled")]


def test_a_name_the_fonts_cannot_print_is_refused_at_its_line(tmp_path):
    students = read(tmp_path, "name,period\nNguyễn Văn An,3\n山田 太郎,3\n".encode())
    (d,) = unprintable(students, coverage())
    assert (d.loc.line, d.severity, d.code) == (3, "error", "roster.script")
    assert d.message == ("the name '山田 太郎' has letters the fonts cannot print (山, 田, 太, 郎); write it in "
                         "letters they can, for example as the school's records spell it in Latin letters")

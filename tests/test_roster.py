"""The roster reader: spreadsheets as teachers save them, and located problems."""

import pytest

from lessonpress.errors import LessonpressError
from lessonpress.roster import load_roster, safe_name


def read(tmp_path, data: bytes, letters=("A", "B")):
    path = tmp_path / "roster.csv"
    path.write_bytes(data)
    return load_roster(path, list(letters))


def test_excel_exports_bom_semicolons_and_windows_1252(tmp_path):
    assert [s.name for s in read(tmp_path, "\ufeffname;period\nAna;1\nBen;1\n".encode())] == ["Ana", "Ben"]
    assert read(tmp_path, "name,period\nJosé,2\n".encode("cp1252"))[0].name == "José"
    students = read(tmp_path, b'Name,Period,Student ID\n"Okafor, Ben",3,17\n')
    assert (students[0].name, students[0].period, students[0].form) == ("Okafor, Ben", "3", "A")


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

"""The YAML loader: strings only, locations, and refusal of what could hurt."""

from pathlib import Path

import pytest

from lessonpress.errors import LessonpressError
from lessonpress.loader import MAX_NODES, load_yaml


def load(tmp_path: Path, text: str | bytes):
    f = tmp_path / "x.yaml"
    f.write_bytes(text.encode() if isinstance(text, str) else text)
    return load_yaml(f)


def problems(tmp_path: Path, text: str | bytes) -> list[str]:
    with pytest.raises(LessonpressError) as exc:
        load(tmp_path, text)
    return [f"{d.loc.line}:{d.loc.col} {d.code}" for d in exc.value.diagnostics]


def test_every_scalar_stays_text(tmp_path):
    src = load(tmp_path, "a: no\nb: 1.10\nc: 3:45\nd: 0o17\ne: 2024-01-01\nf:\n")
    assert src.data == {"a": "no", "b": "1.10", "c": "3:45", "d": "0o17", "e": "2024-01-01", "f": None}


def test_locations_of_values_and_keys(tmp_path):
    src = load(tmp_path, "title: X\nquestions:\n  - type: essay\n    prompt: Why?\n")
    assert (src.loc(("questions", 0, "prompt")).line, src.loc(("questions", 0, "prompt")).col) == (4, 13)
    assert src.loc(("questions", 0, "prompt"), key=True).col == 5
    assert src.loc(("questions", 0, "missing")).line == 3  # falls back to the parent


def test_duplicate_key_is_refused_with_both_lines(tmp_path):
    with pytest.raises(LessonpressError) as exc:
        load(tmp_path, "title: A\nid: x\ntitle: B\n")
    (d,) = exc.value.diagnostics
    assert (d.loc.line, d.code) == (3, "yaml.duplicate-key")
    assert "first given at line 1" in d.message


def test_control_character_is_located(tmp_path):
    assert problems(tmp_path, 'a: ok\nb: "bell\\x07"\n') == ["2:4 text.control-character"]


def test_alias_bomb_is_bounded(tmp_path):
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefg", "bcdefgh", strict=True):
        rows.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    assert problems(tmp_path, "\n".join(rows) + "\n")[0].endswith("yaml.too-large")
    assert MAX_NODES < 9 ** 7


def test_python_tags_never_construct(tmp_path):
    codes = problems(tmp_path, "a: !!python/object/apply:os.system ['echo hacked']\n")
    assert codes == ["1:4 yaml.tag"]


def test_an_unclosed_list_points_at_its_opening_bracket(tmp_path):
    (code,) = problems(tmp_path, "title: A\nitems: [1, 2\nnext: 3\n")
    assert code == "2:8 yaml.unclosed-bracket"


def test_not_utf8_says_how_to_fix(tmp_path):
    with pytest.raises(LessonpressError) as exc:
        load(tmp_path, b"title: caf\xe9\n")
    d = exc.value.diagnostics[0]
    assert (d.loc.line, d.loc.col) == (1, 11) and "save it as UTF-8 (Notepad:" in d.message and "0x" not in d.message


def test_bom_is_accepted(tmp_path):
    assert load(tmp_path, "\ufefftitle: A\n").data == {"title": "A"}


def test_raw_control_character_is_located_too(tmp_path):
    assert problems(tmp_path, b"title: ok\nprompt: bell\x07 here\n") == ["2:13 text.control-character"]


def test_libyaml_and_pure_python_parsers_agree(monkeypatch, tmp_path):
    """The fast parser gives the same data and the same line:column for every value and key as the
    pure-Python one, on every lesson and on a file with flow style, anchors and multi-line text."""
    import yaml

    from lessonpress import loader

    if loader.FAST_LOADER is yaml.SafeLoader:
        pytest.skip("PyYAML was installed without libyaml: there is only one parser")
    root = Path(__file__).parent.parent
    extra = tmp_path / "styles.yaml"
    extra.write_text("a: &x {b: [1, 'two', \"th\\u00e9\"]}\nc: *x\nd: |\n  Ōkuma, «quoted»\n  line two\n"
                     "e: >-\n  folded\n  text\nf: ~\n", encoding="utf-8")
    for path in [*sorted((root / "lessons").glob("*.yaml")), extra]:
        fast = loader.load_yaml(path)
        monkeypatch.setattr(loader, "FAST_LOADER", yaml.SafeLoader)
        slow = loader.load_yaml(path)
        monkeypatch.undo()
        assert (fast.data, fast.values, fast.keys, fast.scalars) == (slow.data, slow.values, slow.keys, slow.scalars)


def test_tabs_are_judged_alike_with_or_without_libyaml(tmp_path, monkeypatch):
    """libyaml accepts a tab after 'key:'; the pure-Python parser does not. A lesson must not pass on one
    computer and fail on another, so tabs are always judged by the pure-Python parser, with a hint."""
    import yaml

    from lessonpress import loader

    for fast in (loader.FAST_LOADER, yaml.SafeLoader):
        monkeypatch.setattr(loader, "FAST_LOADER", fast)
        with pytest.raises(LessonpressError) as exc:
            load(tmp_path, "title:\tThe Treaty\n")
        d = exc.value.diagnostics[0]
        assert (d.loc.line, d.loc.col, d.code) == (1, 7, "yaml.tab") and "indent with spaces only" in d.message


def test_deep_nesting_is_a_located_error_not_a_crash(tmp_path):
    """Thousands of nested brackets once crashed the interpreter inside libyaml (exit 139, no message)."""
    import subprocess
    import sys

    lessons = tmp_path / "lessons"
    lessons.mkdir()
    (lessons / "deep.yaml").write_text("id: deep\ntitle: " + "[" * 40_000 + "]" * 40_000 + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "lessonpress", "check"], capture_output=True, text=True,
                          cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "deep.yaml:2:57: error: lists and fields are nested more than 50 deep" in done.stderr
    assert "Traceback" not in done.stderr

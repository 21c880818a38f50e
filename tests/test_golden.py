"""What the builders decide, pinned as text: a change shows up as a reviewable diff of tests/golden/."""

import pytest

from lessonpress.docs import DOCS, generated
from tests.golden import GOLDEN, dumps

DUMPS = dumps()


@pytest.mark.parametrize("name", sorted(DUMPS))
def test_debug_dump_matches_golden(name):
    golden = GOLDEN / name
    assert golden.is_file(), f"missing {golden}; run: python -m tests.golden --update"
    assert DUMPS[name] == golden.read_text(encoding="utf-8"), "run: python -m tests.golden --update, review the diff"


def test_no_stale_golden_files():
    assert {p.name for p in GOLDEN.iterdir() if p.is_file()} == set(DUMPS)


@pytest.mark.parametrize("name", sorted(generated()))
def test_format_reference_and_schemas_are_current(name):
    assert (DOCS / name).read_text(encoding="utf-8") == generated()[name], "run: python -m lessonpress.docs"

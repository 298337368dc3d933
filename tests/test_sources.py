"""Which files of the digests folder are notes."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("name", "note"), [
    ("2024-01-01-week.md", True), ("digests/2024/a.TXT", True), ("a.b.md", True),
    ("..md", False), ("x/.hidden.md", False), ("_draft.md", False), ("digests/index.md", False),
    ("x/README.md", False), ("a.", False), (".md", False), ("noext", False),
    ("fig.png", False), ("e.md/.", True), ("digests/", False)])
def test_what_counts_as_a_note_by_its_name(name: str, note: bool) -> None:
    from digestwiki.sources import is_note_name

    assert is_note_name(name) is note

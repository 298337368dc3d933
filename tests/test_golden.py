"""The five seed digests parse exactly as shared/golden/seeds.json says."""

from __future__ import annotations

import json

import pytest

from conftest import GOLDEN, REPO, SEED_NAMES, SEEDS
from digestwiki.parse import parse_digest

GOLD = json.loads(GOLDEN.read_text(encoding="utf-8"))["digests"]


def canonical(paper_id: str) -> str:
    return paper_id if ":" in paper_id else f"arxiv:{paper_id}"


@pytest.mark.parametrize("seed", sorted(GOLD))
def test_seed_parses_as_golden(seed: str) -> None:
    text = (SEEDS / seed).read_text(encoding="utf-8")
    digest = parse_digest(text, f"docs/digests/{SEED_NAMES[seed]}")
    expected = GOLD[seed]
    assert [(e.id, e.title, e.authors) for e in digest.entries] == [
        (canonical(r["id"]), r["title"], r["authors"]) for r in expected["reviewed"]
    ]
    mentioned = {m.id for m in digest.mentions}
    reviewed = {e.id for e in digest.entries}
    assert mentioned == {canonical(i) for i in expected["mentioned"]}
    # Only 2007.05869 is both reviewed and mentioned (in 002), as the golden file notes.
    assert mentioned & reviewed == ({"arxiv:2007.05869"} if seed.startswith("002") else set())
    assert digest.problems == []


@pytest.mark.parametrize("seed", sorted(SEED_NAMES))
def test_seeds_are_in_docs_byte_for_byte(seed: str) -> None:
    assert ((REPO / "docs" / "digests" / SEED_NAMES[seed]).read_bytes()
            == (SEEDS / seed).read_bytes())


def test_seed_dates_titles_and_shapes() -> None:
    found = {}
    for seed, name in SEED_NAMES.items():
        d = parse_digest((SEEDS / seed).read_text(encoding="utf-8"), f"docs/digests/{name}")
        found[seed[:3]] = (d.shape, d.date, d.date_inferred, d.title)
    assert found["003"] == ("markdown", "2021-05-08", False, "최근 논문들에 대한 생각")
    assert found["004"] == ("jekyll", "2020-01-07", False,
                            "ICLR 2020 image recognition paper preview")
    assert found["000"][:3] == ("plaintext", "2020-07", False)
    assert found["001"][:3] == ("plaintext", "2020-11", False)


def test_jekyll_presentation_type_is_a_label_not_title() -> None:
    seed = "004_9e59bd247fbf30a8.txt"
    d = parse_digest((SEEDS / seed).read_text(encoding="utf-8"), "docs/digests/x.md")
    assert [e.label for e in d.entries[:6]] == ["Oral"] * 5 + ["Spotlight"]
    assert d.entries[-1].label == "Poster"
    assert d.entries[0].anchor == "openreview-BkluqlSFDS"

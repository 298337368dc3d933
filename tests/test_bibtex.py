"""Citation keys, the key registry, and entries that pybtex reads back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pybtex.database import parse_string

from digestwiki.bibtex import (
    Citation,
    assign_keys,
    entry_text,
    key_base,
    load_registry,
    make_entry,
    save_registry,
)

SLICEOUT = Citation("arxiv:2007.10909",
                    "SliceOut: Training Transformers and CNNs faster while using less memory",
                    ["Pascal Notin", "Aidan N. Gomez", "Joanna Yoo", "Yarin Gal"], 2020,
                    primary_class="cs.LG")


def test_key_is_surname_year_first_content_word() -> None:
    assert key_base(SLICEOUT) == "notin2020sliceout"
    assert key_base(Citation("arxiv:2007.08902", "A Unifying Perspective on Neighbor Embeddings",
                             ["Jan Niklas Böhm"], 2020)) == "bohm2020unifying"
    assert key_base(Citation("arxiv:1", "The Devil is in Classification", ["Ludwig van Beethoven"],
                             2020)) == "vanbeethoven2020devil"
    assert key_base(Citation("arxiv:2", "Do You Have the Right Scissors?", ["Ning Miao"],
                             2020)) == "miao2020right"


def test_collisions_get_suffixes_in_a_deterministic_order() -> None:
    a = Citation("arxiv:2007.06191", "PSConv: Squeezing", ["Duo Li"], 2020)
    b = Citation("arxiv:2007.06181", "PSConv: Other", ["Duo Li"], 2020)
    reg1, keys1 = assign_keys([a, b], {})
    reg2, keys2 = assign_keys([b, a], {})
    assert keys1 == keys2 == {"arxiv:2007.06181": "li2020psconv",
                              "arxiv:2007.06191": "li2020psconva"}
    assert reg1 == reg2


def test_published_keys_never_change() -> None:
    a = Citation("arxiv:2007.06191", "PSConv: Squeezing", ["Duo Li"], 2020)
    registry, _ = assign_keys([a], {})
    assert registry == {"arxiv:2007.06191": "li2020psconv"}
    # A new paper that sorts first and collides does not take the published key.
    earlier = Citation("arxiv:2007.00001", "PSConv again", ["Duo Li"], 2020)
    registry2, keys = assign_keys([a, earlier], registry)
    assert keys["arxiv:2007.06191"] == "li2020psconv"
    assert keys["arxiv:2007.00001"] == "li2020psconva"
    # A paper no longer cited keeps its key reserved.
    registry3, keys3 = assign_keys([earlier], registry2)
    assert registry3["arxiv:2007.06191"] == "li2020psconv"


def test_incomplete_metadata_gets_a_provisional_unpinned_key_and_no_invented_author() -> None:
    c = Citation("openreview:BkluqlSFDS", "Federated Learning with Matched Averaging")
    registry, keys = assign_keys([c], {})
    assert registry == {}
    assert keys == {"openreview:BkluqlSFDS": "openreview:BkluqlSFDS"}
    entry = make_entry(c)
    assert "author" not in entry.persons
    assert "incomplete" in entry.fields["note"]


def test_arxiv_entry_fields_and_round_trip() -> None:
    text = entry_text("notin2020sliceout", SLICEOUT)
    parsed = parse_string(text, "bibtex").entries["notin2020sliceout"]
    assert parsed.type == "misc"
    assert parsed.fields["eprint"] == "2007.10909"
    assert parsed.fields["archivePrefix"] == "arXiv"
    assert parsed.fields["primaryClass"] == "cs.LG"
    assert parsed.fields["year"] == "2020"
    assert parsed.fields["url"] == "https://arxiv.org/abs/2007.10909"
    assert parsed.fields["title"].startswith("{SliceOut}: {Training} Transformers and {CNNs}")
    assert [str(p) for p in parsed.persons["author"]][:2] == ["Notin, Pascal", "Gomez, Aidan N."]


@pytest.mark.parametrize("title", ["50% of {braces & under_scores #1 $x$",
                                   "Unicode: Böhm, Vulić and 한국어 제목"])
def test_hostile_titles_still_parse(title: str) -> None:
    text = entry_text("k", Citation("openreview:H1lK_lBtvS", title, ["Jan Niklas Böhm"], 2020))
    parsed = parse_string(text, "bibtex").entries["k"]
    assert parsed.fields["url"] == "https://openreview.net/forum?id=H1lK_lBtvS"  # not escaped


def test_venue_makes_inproceedings() -> None:
    c = Citation("openreview:BkluqlSFDS", "Federated Learning with Matched Averaging",
                 ["Hongyi Wang"], 2019,
                 venue="International Conference on Learning Representations",
                 venue_year=2020)
    entry = make_entry(c)
    assert entry.type == "inproceedings"
    assert entry.fields["booktitle"] == "International Conference on Learning Representations"
    assert entry.fields["year"] == "2020"


def test_registry_file_is_deterministic_and_atomic(tmp_path: Path) -> None:
    path = tmp_path / "bibkeys.json"
    assert save_registry(path, {"b": "y", "a": "x"}) is True
    assert save_registry(path, {"a": "x", "b": "y"}) is False  # unchanged text: not rewritten
    assert list(json.loads(path.read_text())["keys"]) == ["a", "b"]
    assert load_registry(path) == {"a": "x", "b": "y"}
    assert [p.name for p in tmp_path.iterdir()] == ["bibkeys.json"]


def test_keys_are_unique_ignoring_case_and_provisional_keys_never_collide() -> None:
    papers = [Citation("openreview:AbC", "t"), Citation("openreview:abc", "t"),
              Citation("openreview:ab_c", "t"), Citation("openreview:abc_", "t")]
    _, keys = assign_keys(papers, {})
    assert len({k.lower() for k in keys.values()}) == 4
    assert keys["openreview:AbC"] == "openreview:AbC"
    assert keys["openreview:abc"] == "openreview:abca"
    text = "\n".join(entry_text(keys[c.id], c) for c in papers)
    assert len(parse_string(text, "bibtex").entries) == 4

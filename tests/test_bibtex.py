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
    to_text,
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


# --- escaping and capitalisation ---------------------------------------------------------------

from digestwiki.bibtex import (  # noqa: E402
    RegistryError,
    aliases,
    export_key,
    latex_title,
    make_biblatex,
    plain_text,
)


@pytest.mark.parametrize(("title", "expected"), [
    ("RepMLP: Re-parameterizing Convolutions into Fully-connected Layers",
     "{RepMLP}: {Re-parameterizing} Convolutions into Fully-connected Layers"),
    ("Big Transfer (BiT): General Visual Representation Learning",
     "Big Transfer ({BiT}): {General} Visual Representation Learning"),
    ("Do ImageNet Classifiers Generalize to ImageNet?",
     "Do {ImageNet} Classifiers Generalize to {ImageNet}?"),
    ("Self-Attention with Relative Position Representations on OGLE-III and ResNet-50",
     "Self-Attention with Relative Position Representations on {OGLE}-{III} and {ResNet}-50"),
    ("Exploring the limits of transfer learning with T5 and BERT",
     "Exploring the limits of transfer learning with {T5} and {BERT}"),
])
def test_words_whose_capitals_matter_are_protected(title: str, expected: str) -> None:
    assert latex_title(title) == expected


@pytest.mark.parametrize(("text", "latex"), [
    ("Café", "Caf{\\'e}"),
    ("R&D", "R\\&D"),
    ("50% off", "50\\% off"),
    ("#1", "\\#1"),
    ("snake_case", "snake\\_case"),
    ("$x$", "\\$x\\$"),
    ("\\input{/etc/passwd}", "\\textbackslash{}input\\textbraceleft{}/etc/passwd"
                             "\\textbraceright{}"),
    ("\\write18{rm -rf}", "\\textbackslash{}write18\\textbraceleft{}rm -rf\\textbraceright{}"),
    ("한국어 제목", "한국어 제목"),  # no LaTeX name: kept as UTF-8
])
def test_specials_and_commands_become_text(text: str, latex: str) -> None:
    assert latex_title(text).replace("{", "").replace("}", "") == latex.replace(
        "{", "").replace("}", "")
    entry = entry_text("k", Citation("arxiv:2001.00001", text, ["Ada Lovelace"], 2020))
    assert latex in entry
    assert parse_string(entry, "bibtex").entries["k"].fields["title"]


HOSTILE = [
    "Unbalanced { brace",
    "Closing } first",
    "}\n@misc{evil, title={x}}",
    "\\input{/etc/passwd} and \\write18{id}",
    'A "quoted" title with @ and , and =',
    "Verbatim \\end{verbatim} \\catcode`\\{=12",
]


def test_hostile_fields_never_break_the_file_or_another_entry() -> None:
    good = Citation("arxiv:2007.10909", "SliceOut", ["Pascal Notin"], 2020)
    entries = [entry_text("good0", good)]
    for n, text in enumerate(HOSTILE):
        hostile = Citation(f"doi:10.1/{n}", text, [text, "Jan {Böhm", "Smith, J., Jr., X",
                                                  "Tom and Jerry", ","], 2020, venue=text,
                           venue_year=2021, pages=text, doi="10.1/{x}\\y", journal=None,
                           publisher=text)
        entries.append(entry_text(f"bad{n}", hostile))
        entries.append(entry_text(f"bad{n}b", hostile).biblatex)
    entries.append(entry_text("good1", good))
    whole = "\n".join(entries)
    parsed = parse_string(whole, "bibtex").entries
    assert "evil" not in parsed
    assert parsed["good0"].fields["title"] == parsed["good1"].fields["title"] == "{SliceOut}"
    assert len(parsed) == 2 + 2 * len(HOSTILE)
    assert "\\input" not in whole and "\\write18" not in whole and "\\end{" not in whole
    assert parsed["bad0"].fields["doi"] == "10.1/%7Bx%7D%5Cy"
    assert len(parsed["bad0"].persons["author"]) == 5  # no name splits into two, none is lost


# --- versions and formats ----------------------------------------------------------------------

ACCEPTED = Citation("arxiv:1706.03762", "Attention Is All You Need",
                    ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar"], 2017, primary_class="cs.CL",
                    venue="Advances in Neural Information Processing Systems", venue_year=2017,
                    pages="5998-6008", doi=None)
JOURNAL = Citation("arxiv:1111.2011", "Quantum Criticality on a Bethe Lattice",
                   ["Juan Pablo Zúñiga", "Bernhard Riemann"], 2011,
                   primary_class="cond-mat.str-el", doi="10.1103/PhysRevB.85.115117",
                   journal="Physical Review B", venue_year=2012, volume="85", number="11",
                   pages="115117")


def test_accepted_paper_offers_published_then_preprint_under_one_key() -> None:
    text = entry_text("vaswani2017attention", ACCEPTED)
    assert [v.label for v in text.versions] == ["Published version", "Preprint"]
    published, preprint = (parse_string(v.bibtex, "bibtex").entries["vaswani2017attention"]
                           for v in text.versions)
    assert text == text.versions[0].bibtex  # the default (papers.bib) is the published one
    assert published.type == "inproceedings"
    assert published.fields["booktitle"] == "Advances in Neural Information Processing Systems"
    assert published.fields["pages"] == "5998--6008" and published.fields["year"] == "2017"
    assert "eprint" not in published.fields
    assert preprint.type == "misc"
    assert preprint.fields["eprint"] == "1706.03762"
    assert preprint.fields["archivePrefix"] == "arXiv"
    assert preprint.fields["primaryClass"] == "cs.CL"


def test_journal_version_year_is_the_venue_year_and_preprint_year_is_v1() -> None:
    text = entry_text("zuniga2011quantum", JOURNAL)
    published = parse_string(text.versions[0].bibtex, "bibtex").entries["zuniga2011quantum"]
    preprint = parse_string(text.versions[1].bibtex, "bibtex").entries["zuniga2011quantum"]
    assert published.type == "article" and published.fields["journal"] == "Physical Review B"
    assert (published.fields["year"], preprint.fields["year"]) == ("2012", "2011")
    assert published.fields["volume"] == "85" and published.fields["number"] == "11"
    assert published.fields["doi"] == "10.1103/PhysRevB.85.115117"
    assert published.fields["url"] == "https://doi.org/10.1103/PhysRevB.85.115117"
    assert str(published.persons["author"][0]) == "Z{\\'u}{\\~n}iga, Juan Pablo"


def test_biblatex_forms() -> None:
    online = make_biblatex(ACCEPTED, "preprint")
    assert online.type == "online"
    assert online.fields["eprinttype"] == "arxiv" and online.fields["eprint"] == "1706.03762"
    assert online.fields["eprintclass"] == "cs.CL" and online.fields["date"] == "2017"
    article = make_biblatex(JOURNAL, "published")
    assert article.type == "article" and article.fields["journaltitle"] == "Physical Review B"
    assert article.fields["date"] == "2012" and "year" not in article.fields


def test_every_entry_kind_round_trips_through_pybtex() -> None:
    kinds: dict[str, str] = {}
    incomplete = Citation("openreview:BkluqlSFDS", "Federated Learning with Matched Averaging")
    doi_only = Citation("doi:10.1371/journal.pone.0033693", "Methylphenidate Exposure",
                        ["Shankar Sadasivan"], 2012)
    for citation in (ACCEPTED, JOURNAL, SLICEOUT, incomplete, doi_only):
        text = entry_text("key", citation)
        for version in text.versions:
            for form in (version.bibtex, version.biblatex):
                entry = parse_string(form, "bibtex").entries["key"]
                kinds[entry.type] = form
                written = to_text({"key": entry})  # and back out again: same entry
                assert parse_string(written, "bibtex").entries["key"].fields == entry.fields
    assert set(kinds) == {"inproceedings", "article", "misc", "online"}


def test_plain_text_reference() -> None:
    published, preprint = (v.plain.strip() for v in entry_text("k", ACCEPTED).versions)
    assert published == ("A. Vaswani, N. Shazeer, N. Parmar. Attention Is All You Need. Advances "
                         "in Neural Information Processing Systems, 2017, pp. 5998–6008. "
                         "arXiv:1706.03762.")
    assert preprint == ("A. Vaswani, N. Shazeer, N. Parmar. Attention Is All You Need. "
                        "arXiv preprint, 2017. arXiv:1706.03762.")
    assert plain_text(JOURNAL).startswith("J. P. Zúñiga, B. Riemann. Quantum")


def test_provider_bibtex_gets_a_fence_it_cannot_close() -> None:
    c = Citation("openreview:X", "T", ["A B"], 2020, provider_bibtex="@misc{x,\n```\n}\n")
    assert entry_text("k", c).provider_fence == "````"


# --- aliases and the registry file -------------------------------------------------------------


def test_aliases_are_the_arxiv_id_the_doi_and_the_export_key() -> None:
    the = Citation("arxiv:1502.03167", "The Batch Normalization Paper", ["Sergey Ioffe"], 2015,
                   doi="10.5555/3045118.3045167")
    assert export_key(the) == "ioffe2015batch"
    assert aliases(the, "ioffe2015batch") == ["1502.03167", "10.5555/3045118.3045167"]
    devil = Citation("arxiv:2", "Towards Deep Learning", ["Aleksander Madry"], 2018)
    assert key_base(devil) == "madry2018deep"
    assert aliases(devil, "madry2018deep") == ["2", "madry2018towards"]


def test_registry_schema_1_is_read_and_written_back_as_schema_2(tmp_path: Path) -> None:
    path = tmp_path / "bibkeys.json"
    path.write_text(json.dumps({"schema": 1, "keys": {"arxiv:2007.10909": "notin2020sliceout"}}))
    registry = load_registry(path)
    assert registry == {"arxiv:2007.10909": "notin2020sliceout"}
    after, keys = assign_keys([SLICEOUT], registry)
    assert keys == {"arxiv:2007.10909": "notin2020sliceout"}
    assert save_registry(path, after) is True
    data = json.loads(path.read_text())
    assert data["schema"] == 2 and data["keys"] == {"arxiv:2007.10909": "notin2020sliceout"}
    assert data["aliases"] == {"arxiv:2007.10909": ["2007.10909"]}
    assert load_registry(path).aliases == {"arxiv:2007.10909": ["2007.10909"]}


@pytest.mark.parametrize(("keys", "says"), [
    ({"arxiv:2007.10909": "bad,}{key"}, "arxiv:2007.10909: the key \"bad,}{key\" has characters"),
    ({"arxiv:2007.10909": None}, "arxiv:2007.10909: the key null, not a string"),
    ({"arxiv:2007.10909": 5}, "arxiv:2007.10909: the key 5, not a string"),
    ({"arxiv:2007.10909": "same2020key", "arxiv:2007.10396": "Same2020Key"},
     "arxiv:2007.10396: the key \"Same2020Key\" is also given to arxiv:2007.10909"),
])
def test_a_hand_edited_registry_names_the_file_line_and_paper(
        tmp_path: Path, keys: dict, says: str) -> None:
    path = tmp_path / "bibkeys.json"
    path.write_text(json.dumps({"schema": 2, "keys": keys}, indent=2))
    with pytest.raises(RegistryError) as err:
        load_registry(path)
    message = str(err.value).replace("is null", "null").replace("is 5", "5")
    assert message.startswith(f"{path}:")
    assert says in message
    assert "report" not in message


def test_a_registry_that_may_not_pin_gives_provisional_keys_and_is_never_written(
        tmp_path: Path) -> None:
    path = tmp_path / "bibkeys.json"
    frozen = load_registry(path, may_pin=False)
    after, keys = assign_keys([SLICEOUT], frozen)
    assert keys == {"arxiv:2007.10909": "arxiv:2007.10909"}
    assert dict(after) == {}
    assert save_registry(path, after) is False and not path.exists()


def test_fast_paths_write_what_the_character_by_character_escaping_and_pybtex_write() -> None:
    """latex_text returns ASCII text without specials as it is, and the writer skips pybtex's
    brace scan on values without "{": both must give exactly the slow path's result."""
    import re

    from pybtex.bibtex.exceptions import BibTeXError
    from pybtex.database.output.bibtex import Writer

    from digestwiki.bibtex.entry import _Writer, latex_char, latex_text

    ascii_chars = "".join(chr(c) for c in range(32, 127))
    for text in [ascii_chars, *ascii_chars, "plain title  with\tspaces\n", "Böhm", "한국어",
                 "A & B", "50% off", "C#", "x_1", 'say "hi"', "~^$", "\\cmd{x}", ""]:
        slow = "".join(latex_char(ch) for ch in re.sub(r"\s+", " ", text))
        assert latex_text(text) == slow, text
    ours, theirs = _Writer(), Writer()
    for value in ["plain", 'with "quote"', "{Protected} word", "{unmatched", "end}",
                  '{"both"}', "}{", ""]:
        try:
            expected: str | None = theirs.quote(value)
        except BibTeXError:
            expected = None
        try:
            got: str | None = ours.quote(value)
        except BibTeXError:
            got = None
        assert got == expected, value


def test_which_words_keep_their_capitals_is_decided_the_same_for_ascii_words() -> None:
    """_needs_protection answers plain ASCII words early; the general rule must agree."""
    from digestwiki.bibtex import entry

    for word in ["attention", "Attention", "BERT", "RepMLP", "iPhone", "CNNs", "a", "A", "T5",
                 "x2", "Über", "ÜBER", "한국", "e.g", "self-Attention"]:
        for after_colon in (False, True):
            assert entry._needs_protection(word, after_colon) == \
                entry._needs_protection_by_letters(word, after_colon)

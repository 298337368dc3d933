"""What keeps big builds fast, checked for behaviour (timings live in benchmarks/scale.py)."""

from __future__ import annotations

import json

import pytest
from pybtex.exceptions import PybtexError

from digestwiki.bibtex import Citation, check_parses, entry_text
from digestwiki.bibtex import entry as bibtex


def test_entry_text_is_rendered_once_per_distinct_data(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = bibtex.make_entry

    def counting(citation: Citation, version: str | None = None):  # type: ignore[no-untyped-def]
        calls.append(citation.id)
        return real(citation, version)

    monkeypatch.setattr(bibtex, "make_entry", counting)
    monkeypatch.setattr(bibtex, "_ENTRY_CACHE", {})
    paper = Citation(id="arxiv:2007.10909", title="SliceOut", authors=["Pascal Notin"],
                     year=2020)
    first = entry_text("notin2020sliceout", paper)
    assert entry_text("notin2020sliceout", Citation(**vars(paper))) == first
    assert calls == ["arxiv:2007.10909"]
    changed = entry_text("notin2020sliceout", Citation(**{**vars(paper), "year": 2021}))
    assert 'year = "2021"' in changed and len(calls) == 2
    assert entry_text("other2020key", paper).startswith("@misc{other2020key,")


def test_check_parses_reads_only_new_entries_and_still_catches_bad_ones(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bibtex, "_CHECKED", set())
    good = entry_text("a2020x", Citation(id="arxiv:2001.00001", title="X", authors=["A B"],
                                         year=2020))
    parsed: list[str] = []
    real = bibtex.Parser.parse_string
    monkeypatch.setattr(bibtex.Parser, "parse_string",
                        lambda self, text: (parsed.append(text), real(self, text))[1])
    check_parses(good)
    check_parses(good)
    assert parsed == [good]
    with pytest.raises(PybtexError):
        check_parses(good + '@misc{broken,\n    title = "unclosed\n}\n@misc{broken,}\n')
    # Names are read as pybtex's reader reads them, each once.
    names: list[str] = []
    person = bibtex.Person
    monkeypatch.setattr(bibtex, "Person", lambda name: (names.append(name), person(name))[1])
    bibtex._name_reads_back.cache_clear()
    check_parses('@misc{b,\n    author = "Kim, Ada and Lee, Bo"\n}\n'
                 '@misc{c,\n    editor = "Lee, Bo AND {Park and Sons}"\n}\n')
    assert names == ["Kim, Ada", "Lee, Bo", "{Park and Sons}"]
    with pytest.raises(PybtexError, match="Too many commas"):
        check_parses('@misc{d,\n    author = "Kim, Ada, Jr, Extra"\n}\n')


def test_papers_json_written_item_by_item_is_the_indented_json_of_the_whole() -> None:
    from digestwiki.graph import build_wiki
    from digestwiki.model import Digest, Entry, Mention
    from digestwiki.render import Layout, papers_json

    def note(n: int, ids: list[int]) -> Digest:
        return Digest(id=f"2021-01-0{n}-n", source=f"docs/digests/2021-01-0{n}-n.txt",
                      shape="plaintext", title=f"노트 {n}", date=f"2021-01-0{n}",
                      date_inferred=False, text="", body_offset=0,
                      entries=[Entry(id=f"arxiv:2101.{i:05d}", url="", line=i + 1,
                                     title=f"Paper \"{i}\"\n") for i in ids],
                      mentions=[Mention("arxiv:2101.00001", "", 9, "트랜스포머를 봄")])

    for digests in ([note(1, [1, 2]), note(2, [3])], []):
        wiki = build_wiki(digests, {}, {})
        text = papers_json(wiki, Layout())
        assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"
        assert len(json.loads(text)["papers"]) == len(wiki.papers)

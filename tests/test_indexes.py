"""Index pages: golden Markdown of each one, the split of big indexes, the digest sections of
the sidebar, and a real build of a split wiki.

The golden files live in tests/data/indexes/. After a deliberate change of a template, look at
the diff, then rewrite them with ``python tests/test_indexes.py``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from mkdocs.structure.nav import Navigation, Section

from conftest import MINIMAL_CONFIG, build, make_site, warnings_of
from digestwiki import indexes
from digestwiki.graph import Wiki, build_wiki
from digestwiki.nav import group_digests, plan_sections
from digestwiki.parse import parse_digest
from digestwiki.render import Layout, environment

GOLDEN = Path(__file__).parent / "data" / "indexes"

NOTES = {
    "2020-07-10-a.txt": """---
date: 2020-07-10
---
# A
https://arxiv.org/abs/2007.00001
First Paper (Ann Lee, Bo Kim)
코멘트 https://arxiv.org/abs/2007.00009 참고.
https://arxiv.org/abs/2007.00002
Second Paper (Bo Kim)
https://arxiv.org/abs/2007.00003
Third Paper (Cy Park)
""",
    "2020-08-01-b.txt": """---
date: 2020-08-01
---
# B
https://arxiv.org/abs/2007.00003
Third Paper (Cy Park)
https://arxiv.org/abs/2007.00001
First Paper (Ann Lee, Bo Kim)
""",
    "2021-01-03-c.txt": """---
date: 2021-01-03
---
# C
https://arxiv.org/abs/2101.00004
Élan: A Fourth Paper (Dana Émile, Ann Lee, Jae Kang)
""",
}


def wiki_of(notes: dict[str, str]) -> Wiki:
    return build_wiki([parse_digest(t, f"docs/digests/{n}") for n, t in notes.items()], {}, {})


def generated(wiki: Wiki, page_size: int = 400) -> dict[str, tuple[str, Any]]:
    """Every index page the build adds: ``src -> (content, in_nav)``."""
    return {src: (content, in_nav) for src, content, in_nav in
            indexes.index_files(wiki, Layout(), environment(), lambda src: False, page_size)}


def _golden_name(src: str) -> str:
    return src.replace("/", "__")


# --- golden Markdown ---------------------------------------------------------------------------

@pytest.mark.parametrize("src", ["digests/index.md", "digests/2021/index.md",
                                 "digests/2020/index.md", "papers/index.md", "papers/authors.md",
                                 "papers/years.md"])
def test_index_page_markdown_is_golden(src: str) -> None:
    pages = generated(wiki_of(NOTES))
    expected = (GOLDEN / _golden_name(src)).read_text(encoding="utf-8")
    assert pages[src][0] == expected


def test_every_author_and_every_paper_is_a_bullet_of_its_own() -> None:
    """The bug of the wall of text: the template ate the newline after its inner loop, so
    the second author of a letter was glued to the first (``(2020)- Bo Kim``)."""
    pages = generated(wiki_of(NOTES))
    authors = pages["papers/authors.md"][0]
    years = pages["papers/years.md"][0]
    for text in (authors, years):
        assert not re.search(r"\S- \*\*|\)- |\S- \[", text), text
    bullets = [line for line in authors.splitlines() if line.startswith("- **")]
    assert [b.split("**")[1] for b in bullets] == ["Dana Émile", "Jae Kang", "Bo Kim",
                                                   "Ann Lee", "Cy Park"]
    assert sum(1 for line in years.splitlines() if line.startswith("- [")) == 5


# --- the split -------------------------------------------------------------------------------

SURNAMES = ["Lee", "Lim", "Low", "Lu"]


def _many(papers: int, per_note: int = 3) -> dict[str, str]:
    notes = {}
    for n in range(0, papers, per_note):
        lines = []
        for k in range(n, min(n + per_note, papers)):
            letter = "ABCDE"[k % 5]
            lines += [f"https://arxiv.org/abs/2001.{k + 1:05d}",
                      f"{letter}lpha Paper {k} ({letter}nn {SURNAMES[k % 4]}, Bo Kim)"]
        month = 1 + (n // per_note) % 12
        notes[f"2020-{month:02d}-{1 + n // 36:02d}-n{n}.txt"] = "\n".join(lines) + "\n"
    return notes


def test_big_indexes_are_split_into_bounded_pages() -> None:
    wiki = wiki_of(_many(60))
    pages = generated(wiki, page_size=10)
    srcs = set(pages)
    # papers: an overview and title-letter pages of at most 10 rows, none in the nav
    letters = sorted(s for s in srcs if s.startswith("papers/titles/"))
    assert letters[:3] == ["papers/titles/a-2.md", "papers/titles/a.md", "papers/titles/b-2.md"]
    rows = {s: len(re.findall(r"<tr [^>]*data-id=", pages[s][0])) for s in letters}
    assert max(rows.values()) <= 10 and sum(rows.values()) == len(wiki.papers) == 60
    assert not any(pages[s][1] for s in letters)  # built, not listed in the nav
    overview = pages["papers/index.md"][0]
    assert 'data-dw-all="index.json"' in overview and "[A2](titles/a-2.md)" in overview
    assert 'data-dw-all="../../index.json"' in pages["papers/titles/a.md"][0]
    data = json.loads(pages["papers/index.json"][0])
    assert len(data["papers"]) == 60 and data["fields"][:3] == ["id", "title", "authors"]
    first = dict(zip(data["fields"], data["papers"][0], strict=True))
    assert first["url"] == "arxiv-2001-00001/" and first["authors"] == ["Ann Lee", "Bo Kim"]
    # authors: a page per letter, the prolific Bo Kim on a page of his own
    assert "papers/authors/k.md" in srcs and "papers/authors/l.md" in srcs
    assert "[K](authors/k.md)" in pages["papers/authors.md"][0]
    assert "](../arxiv-2001-00001.md)" in pages["papers/authors/k.md"][0]
    # digests: twelve month pages under 2020 and a year page listing them
    months = sorted(s for s in srcs if re.fullmatch(r"digests/2020/\d\d/index\.md", s))
    assert len(months) == 12
    assert "| [2020-12](12/index.md) | 1 | 3 |" in pages["digests/2020/index.md"][0]
    assert "| 2020-01-01 | [N0](../../2020-01-01-n0.md) | 3 |" in \
        pages["digests/2020/01/index.md"][0]


def test_paginate_keeps_order_and_budget() -> None:
    assert indexes.paginate([1, 2, 3, 4, 5], 2) == [[1, 2], [3, 4], [5]]
    assert indexes.paginate([5, 1, 1, 9, 1], 6, lambda x: x) == [[5, 1], [1], [9], [1]]
    assert indexes.paginate([], 3) == [[]]


# --- the sidebar -----------------------------------------------------------------------------

def _page(src: str):  # type: ignore[no-untyped-def]
    from test_reader import _page as page

    return page(src)


def test_sidebar_lists_year_and_month_sections_not_digests() -> None:
    ordered = [(f"digests/d{i}.md", f"2020-{12 - i // 2:02d}-01") for i in range(8)] + \
        [("digests/old.md", "2019-05-01")]
    sections, _ = plan_sections(ordered, "digests")
    home, index = _page("index.md"), _page("digests/index.md")
    digests = {s: _page(s) for s, _ in ordered}
    section_pages = {src: _page(src) for _, src, months in sections.years
                     for src in [src] + [m for _, m in months]}
    auto = [index, *digests.values(), Section("2020", [section_pages["digests/2020/index.md"]])]
    nav = Navigation([home, Section("Digests", auto + [Section("2019", [
        section_pages["digests/2019/index.md"]])])], [home, index, *digests.values()])
    nav = group_digests(nav, ordered, sections=sections, main=["digests/index.md"],
                        known=section_pages)
    top = nav.items[1]
    assert [getattr(c, "title", None) for c in top.children[1:]] == ["2020", "2019"]
    year = top.children[1]
    assert year.children[0] is section_pages["digests/2020/index.md"]
    assert year.children[1:] == [section_pages[f"digests/2020/{m}/index.md"]
                                 for m in ("12", "11", "10", "09")]  # links, not sections
    shown = [p.file.src_uri for p in _all(nav.items)]
    assert not any(s in shown for s in digests)  # no digest in the sidebar
    # ... but each has its month as parent and previous/next in date order
    assert digests["digests/d0.md"].parent is year
    assert digests["digests/old.md"].parent is top.children[2]
    assert digests["digests/d1.md"].previous_page is digests["digests/d0.md"]
    assert digests["digests/d0.md"].previous_page is section_pages["digests/2020/12/index.md"]
    assert nav.pages[:3] == [home, index, section_pages["digests/2020/index.md"]]


def _all(items: list[Any]) -> list[Any]:
    out = []
    for item in items:
        out += _all(item.children) if isinstance(item, Section) else [item]
    return out


def test_tables_held_out_of_conversion_come_back_as_the_converter_passes_them() -> None:
    """An index table skips Markdown conversion (hundreds of rows of our own raw HTML) and
    the converted page is the same, byte for byte, as converting it whole."""
    import markdown

    from digestwiki.plugin import REQUIRED_EXTENSIONS

    pages = generated(wiki_of({**_many(45), "2020-05-01-odd.txt": (
        "https://arxiv.org/abs/2001.09999\n<b>Bold</b> & \"Quoted\" <Paper> (Ann Lee)\n")}), 10)
    tabled = [src for src, (content, _) in pages.items() if '<div class="dw-papers"' in content]
    assert "papers/index.md" in tabled and "papers/titles/a.md" in tabled
    for src in tabled:
        text = pages[src][0].split("\n---\n", 1)[1]

        def convert(text: str) -> str:
            return markdown.Markdown(extensions=[*REQUIRED_EXTENSIONS, "toc"]).convert(text)

        held_text, held = indexes.hold_tables(text)
        assert len(held) == 1 and "<tr" not in held_text
        assert indexes.put_back_tables(convert(held_text), held) == convert(text), src


# --- a real build ------------------------------------------------------------------------------

def test_split_wiki_builds_strict_with_small_pages(tmp_path: Path) -> None:
    config = MINIMAL_CONFIG.replace("  - digestwiki\n",
                                    "  - digestwiki:\n      index_page_size: 10\n")
    root = make_site(tmp_path, _many(45))
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert not warnings_of(result), result.stderr
    site = root / "site"
    for path in ("papers/titles/a/index.html", "papers/authors/k/index.html",
                 "digests/2020/03/index.html", "papers/index.json"):
        assert (site / path).is_file(), path
    letter = (site / "papers/titles/a/index.html").read_text(encoding="utf-8")
    assert "data-dw-table" in letter and letter.count("<tr data-") == 9  # held table came back
    assert not [p for p in site.rglob("*.html") if "DWHELDTABLE" in p.read_text("utf-8")]
    digest = (site / "digests/2020-01-01-n0/index.html").read_text(encoding="utf-8")
    sidebar = re.sub(r"\s+", " ", digest.split("md-nav--primary")[1].split(
        "md-nav--secondary")[0])
    assert "2020-02-01-n3" not in sidebar and 'href="../2020/01/"' in sidebar
    # its year is open, its month's link highlighted
    month = sidebar.split('<span class="md-ellipsis"> 2020-01 </span>')[0][-150:]
    assert '<li class="md-nav__item md-nav__item--active"> <a href="../2020/01/"' in month


if __name__ == "__main__":
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for src, (content, _) in generated(wiki_of(NOTES)).items():
        (GOLDEN / _golden_name(src)).write_text(content, encoding="utf-8")
        print("wrote", GOLDEN / _golden_name(src), file=sys.stderr)


def test_compact_chrome_drops_indentation_outside_the_article_only() -> None:
    from digestwiki.nav import compact_chrome

    page = ("<html><head>\n  <title>x</title>\n</head><body>\n    <nav>\n      <ul>\n"
            "        <li>\n          <a href='#'>\n            2019\n          </a>\n"
            "        </li>\n      </ul>\n    </nav>\n<script>if (a >  b) {  x = '>   <'; }"
            "</script>\n<article>\n  <pre>  keep\n    this  </pre>\n</article>\n  <footer>\n"
            "    <p>\n      end\n    </p>\n  </footer>\n</body></html>")
    small = compact_chrome(page)
    assert len(small) < len(page)
    assert "<article>\n  <pre>  keep\n    this  </pre>\n</article>" in small
    assert "<script>if (a >  b) {  x = '>   <'; }</script>" in small
    assert "<a href='#'>\n2019\n</a>" in small and "<p>\nend\n</p>" in small
    squash = " ".join(page.split())
    assert " ".join(small.split()).replace("> <", "><") == squash.replace("> <", "><")

"""Reader features as plain functions: nav grouping, "discussed alongside", feed, head tags,
statistics, the public API; and one real build checking they reach the site."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from mkdocs.structure.nav import Navigation, Section

from conftest import MINIMAL_CONFIG, build, make_site, warnings_of
from digestwiki import reader, search
from digestwiki.api import load_wiki
from digestwiki.feed import rfc822, rss
from digestwiki.graph import build_wiki
from digestwiki.nav import date_groups, group_digests
from digestwiki.parse import parse_digest
from digestwiki.related import alongside_map, discussed_alongside
from digestwiki.stats import (
    Bar,
    bar_chart,
    column_chart,
    most_discussed,
    most_reviewed_authors,
    per_month,
)

A = """---
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
#review
"""

B = """---
date: 2020-08-01
---
# B
https://arxiv.org/abs/2007.00003
Third Paper (Cy Park)
https://arxiv.org/abs/2007.00001
First Paper (Ann Lee, Bo Kim)
"""


def wiki_of(*notes: tuple[str, str]):  # type: ignore[no-untyped-def]
    return build_wiki([parse_digest(text, f"docs/digests/{name}") for name, text in notes], {}, {})


# --- discussed alongside -------------------------------------------------------------------

def test_discussed_alongside_ranks_shared_digests_then_reviews_then_distance() -> None:
    wiki = wiki_of(("2020-07-10-a.txt", A), ("2020-08-01-b.txt", B))
    related = discussed_alongside(wiki, "arxiv:2007.00001")
    ids = [r.paper.id for r in related]
    # 00003 shares two digests; 00002 (reviewed, near) beats 00009 (only mentioned, nearer)
    assert ids == ["arxiv:2007.00003", "arxiv:2007.00002", "arxiv:2007.00009"]
    assert related[0].shared == 2 and [d.id for d in related[0].digests] == \
        ["2020-08-01-b", "2020-07-10-a"]
    assert related[1].both_reviewed and not related[2].both_reviewed
    assert all(r.paper.id != "arxiv:2007.00001" for r in related)


def test_discussed_alongside_is_symmetric_and_limited() -> None:
    wiki = wiki_of(("2020-07-10-a.txt", A), ("2020-08-01-b.txt", B))
    table = alongside_map(wiki, limit=1)
    assert all(len(v) <= 1 for v in table.values())
    full = alongside_map(wiki, limit=10)
    for pid, rels in full.items():
        for r in rels:
            assert pid in {x.paper.id for x in full[r.paper.id]}
    assert discussed_alongside(wiki, "arxiv:1999.99999") == []


# --- nav -------------------------------------------------------------------------------------

def test_date_groups_years_newest_first_months_only_for_busy_years() -> None:
    ordered = [("d5", "2021-05-08"), ("d4", "2020-11"), ("d3", "2020-07-20"), ("d2", "2020-07"),
               ("d1", "2020-01-07"), ("u", None)]
    assert date_groups(ordered, month_threshold=6) == [
        ("2021", ["d5"]), ("2020", ["d4", "d3", "d2", "d1"]), ("Undated", ["u"])]
    assert date_groups(ordered, month_threshold=2) == [
        ("2021", ["d5"]),
        ("2020", [("2020-11", ["d4"]), ("2020-07", ["d3", "d2"]), ("2020-01", ["d1"])]),
        ("Undated", ["u"])]


def _config():  # type: ignore[no-untyped-def]
    from mkdocs.config.defaults import MkDocsConfig

    config = MkDocsConfig()
    config.load_dict({"site_name": "x", "docs_dir": "."})
    config.validate()
    return config


_CONFIG = None


def _page(src: str):  # type: ignore[no-untyped-def]
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

    global _CONFIG
    _CONFIG = _CONFIG or _config()
    return Page(None, File(src, src_dir=None, dest_dir="site", use_directory_urls=True), _CONFIG)


def test_group_digests_regroups_the_digest_section_and_relinks_pages() -> None:
    home, index = _page("index.md"), _page("digests/index.md")
    d = {n: _page(f"digests/{n}.md") for n in ("a", "b", "c")}
    papers = _page("papers/index.md")
    digests = Section("Digests", [index, d["a"], d["b"], d["c"]])
    nav = Navigation([home, digests, Section("Papers", [papers])],
                     [home, index, d["a"], d["b"], d["c"], papers])
    ordered = [("digests/c.md", "2021-01-02"), ("digests/a.md", "2020-03"),
               ("digests/b.md", None)]
    nav = group_digests(nav, ordered)
    section = nav.items[1]
    assert section.children[0] is index
    assert [c.title for c in section.children[1:]] == ["2021", "2020", "Undated"]
    assert section.children[1].children == [d["c"]]
    assert d["c"].parent is section.children[1] and section.children[1].parent is section
    assert nav.pages == [home, index, d["c"], d["a"], d["b"], papers]
    assert d["c"].previous_page is index and d["c"].next_page is d["a"]
    assert papers.previous_page is d["b"]


def test_group_digests_leaves_a_nav_without_digests_alone() -> None:
    home = _page("index.md")
    nav = Navigation([home], [home])
    assert group_digests(nav, [("digests/x.md", "2020-01")]).items == [home]


# --- feed --------------------------------------------------------------------------------------

def test_feed_is_rss_2_with_absolute_links_newest_first() -> None:
    wiki = wiki_of(("2020-07-10-a.txt", A), ("2020-08-01-b.txt", B))
    urls = {d.id: f"digests/{d.id}/" for d in wiki.digests}
    xml = rss(wiki, "https://example.org/wiki", "Wiki & co", "<desc>", urls)
    root = ET.fromstring(xml)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel is not None and channel.findtext("title") == "Wiki & co: digests"
    assert channel.findtext("description") == "<desc>"
    items = channel.findall("item")
    assert [i.findtext("link") for i in items] == [
        "https://example.org/wiki/digests/2020-08-01-b/",
        "https://example.org/wiki/digests/2020-07-10-a/"]
    assert items[0].findtext("pubDate") == "Sat, 01 Aug 2020 00:00:00 +0000"
    assert items[1].findtext("category") == "review"
    assert "Third Paper" in (items[0].findtext("description") or "")
    assert rfc822("2020-07") == "Wed, 01 Jul 2020 00:00:00 +0000"
    assert rfc822("undated") is None and rfc822("2020-13-01") is None


# --- head tags -----------------------------------------------------------------------------

def test_citation_meta_tags_are_escaped_and_one_per_author() -> None:
    wiki = wiki_of(("2020-07-10-a.txt", A))
    paper = wiki.paper("arxiv:2007.00001")
    paper.title = 'Quotes "and" <tags> & more'
    meta = reader.citation_meta(paper)
    assert ("citation_arxiv_id", "2007.00001") in meta
    assert [v for n, v in meta if n == "citation_author"] == ["Ann Lee", "Bo Kim"]
    assert ("citation_publication_date", "2020") in meta
    head = reader.head_html(meta, "https://example.org/feed.xml", "Wiki")
    assert '<meta name="citation_title" content="Quotes &quot;and&quot; &lt;tags&gt; &amp; more">' \
        in head
    assert 'type="application/rss+xml"' in head
    page = reader.inject_head("<html><head><title>x</title></head><body></body></html>", head)
    assert page.index("citation_title") < page.index("</head>")


# --- statistics ----------------------------------------------------------------------------

def test_stats_numbers_and_charts() -> None:
    wiki = wiki_of(("2020-07-10-a.txt", A), ("2020-08-01-b.txt", B))
    assert per_month(wiki) == [("2020-07", 1, 3), ("2020-08", 1, 2)]
    top = most_discussed(wiki)
    assert [(p.id, n) for p, n in top] == [("arxiv:2007.00001", 2), ("arxiv:2007.00003", 2)]
    assert most_reviewed_authors(wiki)[0] == ("Bo Kim", 2)
    svg = column_chart([Bar("2020-07", 1), Bar("2020-08", 3)], "T <1>")
    assert svg.startswith("<svg") and svg.count("<rect") == 2 and "T &lt;1&gt;" in svg
    ET.fromstring(svg)  # well-formed
    ET.fromstring(bar_chart([Bar("A & B", 2), Bar("x" * 60, 1)], "Top"))
    assert column_chart([], "none") == ""


# --- public API ----------------------------------------------------------------------------

def test_load_wiki_reads_the_site_and_writes_nothing(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"2020-07-10-a.txt": A, "2020-08-01-b.txt": B})
    before = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    wiki = load_wiki(root / "mkdocs.yml")
    assert [d.id for d in wiki.digests] == ["2020-08-01-b", "2020-07-10-a"]
    assert wiki.paper("arxiv:2007.00001").bibtex_key
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == before


# --- a real build ----------------------------------------------------------------------------

CONFIG = MINIMAL_CONFIG


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_site(tmp_path_factory.mktemp("reader"),
                     {"2020-07-10-a.txt": A, "2020-08-01-b.txt": B}, CONFIG)
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert not warnings_of(result), result.stderr
    return root / "site"


def test_build_adds_reader_pages_feed_and_script(site: Path) -> None:
    for path in ("papers/authors/index.html", "papers/years/index.html", "feed.xml",
                 "assets/digestwiki/digestwiki.js"):
        assert (site / path).is_file(), path
    ET.fromstring((site / "feed.xml").read_text(encoding="utf-8"))
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'type="application/rss+xml" title="Test wiki: digests" href="feed.xml"' in index
    paper = (site / "papers/arxiv-2007-00001/index.html").read_text(encoding="utf-8")
    assert 'href="../../feed.xml"' in paper
    assert "digestwiki.js" in index
    authors = (site / "papers/authors/index.html").read_text(encoding="utf-8")
    assert authors.index("Bo Kim") < authors.index("Ann Lee") < authors.index("Cy Park")


def test_paper_page_has_meta_tags_alongside_and_small_search_entries(site: Path) -> None:
    page = (site / "papers/arxiv-2007-00001/index.html").read_text(encoding="utf-8")
    assert '<meta name="citation_arxiv_id" content="2007.00001">' in page
    assert page.count('name="citation_author"') == 2
    assert "Discussed alongside" in page and "Third Paper" in page
    # Pagefind indexes the article only, without BibTeX and backlink contexts
    assert not (site / "search/search_index.json").exists() and (site / "pagefind").is_dir()
    assert "dw-search-terms" not in page  # index-only terms go to Pagefind, not to readers
    article = page.split('<article class="md-content__inner md-typeset"', 1)[1].split(
        "</article>")[0]
    text = search.indexed_text(article)
    assert "Ann Lee" in text and "2007.00001" in text
    assert "@misc" not in text and "코멘트" not in text


def test_digest_page_has_copy_all_bibtex_with_its_bib_file(site: Path) -> None:
    page = (site / "digests/2020-07-10-a/index.html").read_text(encoding="utf-8")
    bib = (site / "digests/2020-07-10-a.bib").read_text(encoding="utf-8")
    import html
    import re

    m = re.search(r'class="dw-copy-bib" data-clipboard-text="([^"]*)"', page)
    assert m, "copy-all button missing"
    assert html.unescape(m.group(1)) == bib


def test_main_sections_come_right_after_the_home_page() -> None:
    home, stats, tags = _page("index.md"), _page("stats.md"), _page("tags.md")
    digest, papers = _page("digests/a.md"), _page("papers/index.md")
    nav = Navigation([home, stats, tags, Section("Digests", [digest]),
                      Section("Papers", [papers])], [home, stats, tags, digest, papers])
    nav = group_digests(nav, [("digests/a.md", "2020-01-01")], main=["papers/index.md"])
    assert [getattr(i, "title", None) or i.file.src_uri for i in nav.items] == \
        ["index.md", "Digests", "Papers", "stats.md", "tags.md"]
    assert nav.pages == [home, digest, papers, stats, tags]

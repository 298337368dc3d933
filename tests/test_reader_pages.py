"""What a reader meets: pages in the site's language, one digest header for every note shape,
readable Korean anchors, no contributor instructions or boilerplate in pages and search, a
home page, filter data on index rows, an edit menu on paper pages, a 404 page.

Plain functions first, then real builds of small sites (English and Korean)."""

from __future__ import annotations

import datetime as dt
import json
import re
import string
from pathlib import Path

import pytest

from conftest import MINIMAL_CONFIG, build, make_site, search_text, warnings_of
from digestwiki import i18n
from digestwiki.graph import build_wiki
from digestwiki.home import MARKER, discussion_month, most_discussed_in, recently_added
from digestwiki.parse import parse_digest
from digestwiki.reader import filter_data, nicknames, sort_title
from digestwiki.readerhtml import annotate_rows, tags_below_meta
from digestwiki.render import drop_date_prefix, split_own_h1

# --- the catalogue ---------------------------------------------------------------------------


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_every_message_has_korean_and_english_with_the_same_placeholders() -> None:
    assert len(i18n.MESSAGES) > 60
    for key, entry in i18n.MESSAGES.items():
        assert set(entry) == set(i18n.LANGUAGES), key
        forms = {lang: list(v) if isinstance(v, tuple) else [v] for lang, v in entry.items()}
        for lang, texts in forms.items():
            assert all(t.strip() for t in texts), (key, lang)
        wanted = _fields(forms["en"][-1])
        for lang, texts in forms.items():
            for text in texts:
                assert _fields(text) <= wanted | {"n"}, (key, lang, text)
        # a Korean message is not an untranslated English one (names and file types aside)
        if re.search(r"[a-z]{4,}", forms["en"][-1]) and not key.startswith("link."):
            if key not in ("digest.bib_download", "paper.bibtex", "paper.doi"):
                assert re.search(r"[가-힣]", forms["ko"][-1]), key


def test_translator_picks_the_plural_and_falls_back_to_english() -> None:
    en, ko = i18n.translator("en"), i18n.translator("ko")
    assert en("digest.reviewed", 1) == "1 paper reviewed"
    assert en("digest.reviewed", 3) == "3 papers reviewed"
    assert ko("digest.reviewed", 3) == "논문 3편 리뷰"
    assert i18n.translator("de")("paper.reviewed_in") == "Reviewed in"
    assert en("link.Code", default="Code") == "Code"  # unknown key: the default
    assert i18n.join_fields(en, ["authors"]) == "the authors"
    assert i18n.join_fields(en, ["title", "authors", "year"]) == \
        "the title, the authors and the year"
    assert i18n.join_fields(ko, ["title", "authors"]) == "제목, 저자"


@pytest.mark.parametrize("theme, expected", [
    ({"language": "ko"}, "ko"), ({"language": "ko-KR"}, "ko"), ({"language": "en_US"}, "en"),
    ({"language": "fr"}, "en"), ({}, "en"), (None, "en")])
def test_language_of_reads_material_theme_language(theme: object, expected: str) -> None:
    assert i18n.language_of(theme) == expected


def test_js_strings_are_json_safe_in_a_script_element() -> None:
    data = json.loads(i18n.js_strings("ko"))
    assert data["unknown_year"] == "연도 모름" and data["all_years"] == "모든 연도"
    assert "</" not in i18n.js_strings("ko")


# --- the digest header -------------------------------------------------------------------------

@pytest.mark.parametrize("title, expected", [
    ("210508 최근 논문들", "최근 논문들"),
    ("2021-05-08 Recent papers", "Recent papers"),
    ("20210508: Recent papers", "Recent papers"),
    ("2021.05.08 - 요약", "요약"),
    ("210508", "210508"),  # a title that is only a date stays
    ("ICLR 2020 preview", "ICLR 2020 preview"),
    ("2020 in review", "2020 in review"),
])
def test_drop_date_prefix(title: str, expected: str) -> None:
    assert drop_date_prefix(title) == expected


def test_split_own_h1_takes_only_a_first_line_h1() -> None:
    assert split_own_h1("\n# 210508 제목\n\n본문\n") == ("210508 제목", "본문\n")
    assert split_own_h1("본문\n# 나중 제목\n") == (None, "본문\n# 나중 제목\n")
    assert split_own_h1("## 요약\n") == (None, "## 요약\n")


def test_tags_move_under_the_date_line() -> None:
    page = ('<article><nav class="md-tags" ><a class="md-tag">review</a></nav>\n'
            '<h1 id="t">T</h1>\n<p class="dw-digest-meta" data-search-exclude>2021</p>\n'
            '<p>body</p></article>')
    out = tags_below_meta(page)
    assert out.index("<h1") < out.index("dw-digest-meta") < out.index("md-tags") < \
        out.index("body")
    assert tags_below_meta(out) == out


# --- papers index data -------------------------------------------------------------------------

NOTE = """---
date: 2020-07-10
---
# 200710 읽은 논문
https://arxiv.org/abs/2007.00001
The Zebra Paper: Stripes Everywhere (Ann Lee, Bo Kim)
코멘트.
https://arxiv.org/abs/2007.00002
A Bison Study (Cy Park)
https://arxiv.org/abs/2007.00003
Cormorant: Birds That Dive (Dee Yun)
"""

LATER = """---
date: 2020-08-02
---
# Later
https://arxiv.org/abs/2008.00001
Aardvark Methods (Eve Ko)
Zebra 얘기 https://arxiv.org/abs/2007.00001 다시.
"""


def _wiki():  # type: ignore[no-untyped-def]
    return build_wiki([parse_digest(NOTE, "docs/digests/2020-07-10-a.md"),
                       parse_digest(LATER, "docs/digests/2020-08-02-b.md")], {}, {})


def test_sort_title_ignores_a_leading_article_only() -> None:
    titles = ["The Zebra Paper", "A Bison Study", "Cormorant", "Anatomy of a Theory",
              "An Emu", "Theory of Everything"]
    assert sorted(titles, key=sort_title) == ["Anatomy of a Theory", "A Bison Study",
                                              "Cormorant", "An Emu", "Theory of Everything",
                                              "The Zebra Paper"]


def test_filter_data_carries_authors_ids_and_nicknames() -> None:
    paper = _wiki().paper("arxiv:2007.00001")
    data = filter_data(paper)
    assert data["data-dw-authors"] == "Ann Lee; Bo Kim"
    assert data["data-dw-ids"] == "arxiv:2007.00001 2007.00001"
    assert "The Zebra Paper" in data["data-dw-names"].split("; ")
    assert data["data-dw-sort"] == "zebra paper: stripes everywhere"
    assert data["data-dw-year"] == "2020"
    assert nicknames(_wiki().paper("arxiv:2007.00002")) == []


def test_annotate_rows_marks_rows_by_their_first_paper_link() -> None:
    content = ('<div data-dw-table><table><tbody><tr><td><a href="p/x/">X</a></td></tr>\n'
               '<tr><td><a href="other/">Y</a></td></tr></tbody></table></div>')
    out = annotate_rows(content, {"p/x/": {"data-dw-authors": 'A "B" <C>'}})
    assert '<tr data-dw-authors="A &quot;B&quot; &lt;C&gt;"><td><a href="p/x/">' in out
    assert "<tr><td><a href=\"other/\">" in out


def test_annotate_rows_makes_the_paper_table_only_for_a_bare_row_with_a_link() -> None:
    """Generated indexes carry their rows' data already: the table of every paper's data
    (built per index page, so papers x pages at scale) is not made for them."""
    made: list[int] = []

    def table() -> dict[str, dict[str, str]]:
        made.append(1)
        return {"p/x/": {"data-dw-year": "2020"}}

    ready = ('<table><thead><tr><th>Title</th></tr></thead><tbody>'
             '<tr data-dw-year="2020"><td><a href="p/x/">X</a></td></tr></tbody></table>')
    assert annotate_rows(ready, table) == ready
    assert made == []
    bare = '<table><tr><td><a href="p/x/">X</a></td></tr><tr><td><a href="p/x/">X</a></td></tr>'
    assert annotate_rows(bare, table).count('<tr data-dw-year="2020">') == 2
    assert made == [1]


# --- home page data ----------------------------------------------------------------------------

def test_home_lists_recent_papers_and_the_month_most_discussed() -> None:
    wiki = _wiki()
    added = recently_added(wiki)
    assert added[0] == (wiki.paper("arxiv:2008.00001"), "2020-08-02")
    # zebra, mentioned again in August, was added in July
    assert {p.id for p, date in added if date == "2020-07-10"} == \
        {"arxiv:2007.00001", "arxiv:2007.00002", "arxiv:2007.00003"}
    assert discussion_month(wiki, dt.date(2020, 7, 30)) == "2020-07"
    assert discussion_month(wiki, dt.date(2026, 1, 1)) == "2020-08"  # the newest month
    top = most_discussed_in(wiki, "2020-08")  # one digest each: by title
    assert [(p.id, n) for p, n in top] == [("arxiv:2008.00001", 1), ("arxiv:2007.00001", 1)]
    assert [p.id for p, _ in most_discussed_in(wiki, "2020-09")] == []


# --- real builds -----------------------------------------------------------------------------

KO_CONFIG = MINIMAL_CONFIG.replace(
    "  font: false\n", "  font: false\n  language: ko\n  features: [content.action.edit]\n"
).replace("  - search\n", "  - search\n  - tags\n") + \
    "repo_url: https://git.example.org/group/wiki\nedit_uri: edit/main/docs/\n"
PLAIN = """이번 주.
https://arxiv.org/abs/2007.00001
The Zebra Paper: Stripes Everywhere (Ann Lee, Bo Kim)
코멘트.
https://arxiv.org/abs/2007.00009
Only A Title Here
"""


@pytest.fixture(scope="module")
def ko_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_site(tmp_path_factory.mktemp("ko"),
                     {"2021-05-08-recent.md": MD_NOTE,
                      "2020-07-24-plain.txt": PLAIN,
                      "2020-08-02-b.md": LATER},
                     KO_CONFIG)
    (root / "docs" / "index.md").write_text(
        "# 우리 위키\n\n소개 글.\n\n" + MARKER + "\n\n맺음말.\n", encoding="utf-8")
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert not warnings_of(result), result.stderr
    return root / "site"


MD_NOTE = """---
tags: [review]
---
# 210508 최근 논문들

## 요약

mixer 이야기 (https://arxiv.org/abs/2105.01601).

## 논문

RepMLP: Re-parameterizing Convolutions into Fully-connected Layers

https://arxiv.org/abs/2105.01883

재미있다.
"""


def _article(path: Path) -> str:
    page = path.read_text(encoding="utf-8")
    return page[page.index("<article"):page.index("</article>")]


def test_korean_site_paper_page_reads_korean(ko_site: Path) -> None:
    page = _article(ko_site / "papers/arxiv-2007-00009/index.html")
    # The citation block is data to paste into a paper (its note field is English BibTeX).
    page = re.sub(r'<(div|section) class="dw-bibtex".*?</\1>', "", page, flags=re.S)
    for word in ("리뷰한 노트", "식별자", "정보 일부 없음"):
        assert word in page, word
    for english in ("Reviewed in", "Metadata incomplete", "not known yet", "Id:",
                    "digestwiki refresh"):
        assert english not in page, english
    marker = re.search(r'<span class="dw-incomplete" data-search-exclude title="([^"]*)">',
                       page)
    assert marker and "저자" in marker.group(1)


def test_korean_site_digest_header_is_title_then_date_line_then_tags(ko_site: Path) -> None:
    page = _article(ko_site / "digests/2021-05-08-recent/index.html")
    assert page.count("<h1") == 1
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", page)
    assert h1 and h1.group(1) == "최근 논문들"  # the note's own H1, its date dropped
    meta = page.index('class="dw-digest-meta"')
    assert page.index("<h1") < meta < page.index('class="md-tags"') < page.index('id="요약"')
    assert "논문 1편 리뷰" in page and "papers reviewed" not in page
    whole = (ko_site / "digests/2021-05-08-recent/index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="#요약" class="md-nav__link">', whole)  # readable, not #_1


def test_plain_text_note_gets_the_same_header(ko_site: Path) -> None:
    page = _article(ko_site / "digests/2020-07-24-plain/index.html")
    assert page.count("<h1") == 1
    assert page.index("<h1") < page.index('class="dw-digest-meta"') < page.index("이번 주.")
    assert "논문 2편 리뷰" in page


def test_search_has_no_header_lines_or_markers(ko_site: Path) -> None:
    text = search_text(ko_site)
    for boilerplate in ("편 리뷰", "정보 일부 없음", "BibTeX 모두 복사", "@misc", "리뷰한 노트"):
        assert boilerplate not in text, boilerplate
    assert "재미있다" in text and "mixer" in text  # the notes themselves are searchable


def test_home_section_replaces_the_marker_and_keeps_the_owner_text(ko_site: Path) -> None:
    page = _article(ko_site / "index.html")
    assert page.index("소개 글.") < page.index("최근 노트") < page.index("맺음말.")
    for heading in ("최근 노트", "최근 추가된 논문", "2021년 5월에 많이 다룬 논문", "둘러보기"):
        assert heading in page, heading
    links = re.findall(r'href="([^"]+)"', page[page.index('id="dw-browse"'):])
    for target in ("digests/", "papers/", "papers/authors/", "papers/years/", "feed.xml",
                   "papers.json", "papers.bib"):
        assert target in links, target
    assert 'href="digests/2021-05-08-recent/">최근 논문들</a>' in page
    assert MARKER not in page


def test_paper_page_edit_menu_lists_every_reviewing_note(ko_site: Path) -> None:
    page = _article(ko_site / "papers/arxiv-2007-00001/index.html")
    menu = re.search(r'<details class="dw-edit".*?</details>', page, re.S)
    assert menu, "no edit menu"
    assert re.findall(r'href="([^"]+)"', menu.group(0)) == [
        "https://git.example.org/group/wiki/edit/main/docs/digests/2020-07-24-plain.txt"]
    assert 'class="md-content__button md-icon" rel="edit"' not in page  # no one-note button
    # a paper only mentioned has no menu; a digest keeps Material's own edit button
    assert "dw-edit" not in _article(ko_site / "papers/arxiv-2105-01601/index.html")
    digest = _article(ko_site / "digests/2020-08-02-b/index.html")
    assert 'href="https://git.example.org/group/wiki/edit/main/docs/digests/2020-08-02-b.md"' \
        in digest


def test_papers_index_rows_carry_filter_data_in_sort_order(ko_site: Path) -> None:
    page = (ko_site / "papers/index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr (data-dw-[^>]*)>", page)
    assert rows
    zebra = next(r for r in rows if "2007.00001" in r)
    assert 'data-dw-authors="Ann Lee; Bo Kim"' in zebra
    assert 'data-dw-names="The Zebra Paper' in zebra
    sort_keys = [re.search(r'data-dw-sort="([^"]*)"', r).group(1) for r in rows]  # type: ignore[union-attr]
    assert sort_keys == sorted(sort_keys)
    assert '"unknown_year": "연도 모름"' in page  # the script's strings, in Korean


def test_404_page_is_korean_and_links_to_the_indexes(ko_site: Path) -> None:
    page = (ko_site / "404.html").read_text(encoding="utf-8")
    assert "페이지를 찾을 수 없습니다" in page and "404 - Not found" not in page
    links = re.findall(r'<ul class="dw-404-links">(.*?)</ul>', page)[0]
    for href in ('"/wiki/"', '"/wiki/digests/"', '"/wiki/papers/"', '"/wiki/papers/authors/"'):
        assert href in links, href


def test_feed_title_in_korean(ko_site: Path) -> None:
    feed = (ko_site / "feed.xml").read_text(encoding="utf-8")
    assert "<title>Test wiki: 노트</title>" in feed


def test_english_site_reads_english_and_gets_a_generated_home(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"2020-07-24-plain.txt": PLAIN})
    (root / "docs" / "index.md").unlink()
    result = build(root)
    assert result.returncode == 0 and not warnings_of(result), result.stderr
    site = root / "site"
    digest = _article(site / "digests/2020-07-24-plain/index.html")
    assert "2 papers reviewed" in digest
    paper = _article(site / "papers/arxiv-2007-00009/index.html")
    assert "details incomplete" in paper and "Reviewed in" in paper
    assert "Not known yet: the authors." in paper
    home = _article(site / "index.html")
    assert "Latest digests" in home and "Papers recently added" in home and "Browse" in home


def test_repository_site_is_korean(repo_site: Path) -> None:
    """mkdocs.yml says `language: ko`: the plugin's pages and the statistics page follow."""
    paper = _article(repo_site / "papers/arxiv-2105-01883/index.html")
    assert "리뷰한 노트" in paper and "정보 일부 없음" in paper
    digest = _article(repo_site / "digests/2021-05-08-recent-papers/index.html")
    assert "논문 7편 리뷰" in digest
    assert re.search(r'<h1 id="최근-논문들에-대한-생각">최근 논문들에 대한 생각<', digest)
    stats = _article(repo_site / "stats/index.html")
    assert "월별 노트" in stats and "Digests per month" not in stats
    tips = re.findall(r"<title>([^<]*: 노트 [^<]*)</title></rect>", stats)  # digests a month
    assert tips and all(re.match(r"\d{4}년 \d{1,2}월: ", tip) for tip in tips), tips
    home = _article(repo_site / "index.html")
    assert "최근 노트" in home and "둘러보기" in home
    # the indexes and the sidebar too (tests/test_i18n_indexes.py goes through each page)
    page = (repo_site / "digests/2021-05-08-recent-papers/index.html").read_text("utf-8")
    sidebar = page.split("md-nav--primary")[1].split("md-nav--secondary")[0]
    labels = re.findall(r'<span class="md-ellipsis">\s*(.*?)\s*</span>', sidebar)
    assert {"노트", "2021년", "2020년", "논문"} <= set(labels), labels
    assert not {"Digests", "Papers", "2021", "2020"} & set(labels), labels
    papers = (repo_site / "papers/index.html").read_text("utf-8")
    assert "<title>논문 - DigestWiki</title>" in papers and "<th>처음 리뷰한 날</th>" in papers


def test_alias_page_speaks_the_site_language() -> None:
    from digestwiki.render import Layout, environment, render_alias

    records = {"arxiv:2007.00001": {"title": "The Zebra Paper", "authors": ["Ann Lee"],
                                    "aliases": ["openreview:ZebraXYZ"]}}
    note = NOTE + "그리고 https://openreview.net/forum?id=ZebraXYZ 도.\n"
    wiki = build_wiki([parse_digest(note, "docs/digests/2020-07-10-a.md")], records, {})
    assert wiki.aliases == {"openreview:ZebraXYZ": "arxiv:2007.00001"}
    paper = wiki.paper("arxiv:2007.00001")
    slug = wiki.slugs["openreview:ZebraXYZ"]
    ko = render_alias(environment(language="ko"), "openreview:ZebraXYZ", slug, paper, Layout())
    en = render_alias(environment(), "openreview:ZebraXYZ", slug, paper, Layout())
    assert "`openreview:ZebraXYZ`는 이 논문의 다른 식별자입니다. 논문 페이지: [The Zebra Paper]" \
        "(arxiv-2007-00001.md)" in ko
    assert "`openreview:ZebraXYZ` is another id of this paper: its page is [The Zebra Paper]" in en


def test_an_owner_home_page_without_the_marker_is_left_alone() -> None:
    from digestwiki.home import with_home

    assert with_home("# Ours\n\nOur words.\n", "GENERATED") is None
    assert with_home(f"# Ours\n\n{MARKER}\n\nMore.\n", "GENERATED") == \
        "# Ours\n\nGENERATED\n\nMore.\n"

"""Index pages and the sidebar in the site's language.

A Korean site (``theme.language: ko``) shows Korean on the digests index and its year and
month pages, the papers index and its letter pages, the authors and years pages, in their
``<title>`` and in the sidebar; an English site reads as it always did. Only words change:
the pages' paths, anchors and links are the same in every language.

In-process renders of a split wiki first (every kind of index page), then real builds.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from mkdocs.structure.nav import Navigation, Section

from conftest import MINIMAL_CONFIG, build, make_site, warnings_of
from digestwiki import indexes
from digestwiki.graph import Wiki, build_wiki
from digestwiki.i18n import translator
from digestwiki.nav import group_digests, period_title, plan_sections
from digestwiki.parse import parse_digest
from digestwiki.render import Layout, environment
from test_indexes import _many
from test_reader import _page

# A note without a date (the "undated" section) whose paper has no year (the "unknown year"
# group) and no venue (the "other" group).
UNDATED = {"odd.md": "# Odd\n\n## [A Report on Things](https://doi.org/10.1000/xyz1)\n"}


def _wiki() -> Wiki:
    notes = {**_many(60), **UNDATED}
    return build_wiki([parse_digest(t, f"docs/digests/{n}") for n, t in notes.items()], {}, {})


def _pages(language: str) -> dict[str, str]:
    """Every index page of a wiki split by a small page size, in ``language``."""
    return {src: text for src, text, _ in indexes.index_files(
        _wiki(), Layout(), environment(language=language), lambda src: False, 10)}


@pytest.fixture(scope="module")
def ko() -> dict[str, str]:
    return _pages("ko")


@pytest.fixture(scope="module")
def en() -> dict[str, str]:
    return _pages("en")


def _title(page: str) -> str:
    m = re.search(r"^title: '?(.*?)'?$", page, re.M)
    assert m, page[:200]
    return m.group(1)


# --- every kind of index page ----------------------------------------------------------------

def test_korean_digests_index_year_month_and_undated_pages(ko: dict[str, str]) -> None:
    top = ko["digests/index.md"]
    assert _title(top) == "노트" and "\n# 노트\n" in top
    assert "노트 21개, 연도별 최신순:" in top
    assert "- [2020년](2020/index.md) <small>(20)</small>" in top
    assert "- [날짜 없음](undated/index.md) <small>(1)</small>" in top
    assert "| 날짜 | 노트 | 논문 |" in top
    year = ko["digests/2020/index.md"]
    assert _title(year) == "2020년 노트" and "\n# 2020년 노트\n" in year
    assert "| 월 | 노트 | 논문 |" in year and "| [2020년 12월](12/index.md) | 1 | 3 |" in year
    assert "노트 20개, 최신순. [모든 노트](../index.md)" in year
    month = ko["digests/2020/01/index.md"]
    assert _title(month) == "2020년 1월"  # the sidebar's link
    assert "\n# 2020년 1월 노트\n" in month and "노트 2개, 최신순." in month
    undated = ko["digests/undated/index.md"]
    assert _title(undated) == "날짜 없는 노트" and "\n# 날짜 없는 노트\n" in undated
    assert "| 날짜 없음 | [Odd](../odd.md) | 1 |" in undated
    for page in (top, year, month, undated):
        assert not re.search(r"Digest|Undated|undated \||Month|Papers|newest", page), page


def test_korean_papers_index_and_letter_pages(ko: dict[str, str]) -> None:
    top = ko["papers/index.md"]
    assert _title(top) == "논문" and "\n# 논문\n" in top
    assert "노트 21개에서 리뷰하거나 언급한 논문 61편. [저자별](authors.md), " \
        "[연도와 발표처별](years.md)로도 볼 수 있습니다." in top
    assert "## 최근 추가된 논문" in top
    head = '<th>제목</th><th>연도</th><th class="dw-num">언급 수</th><th>처음 리뷰한 날</th>'
    assert head in top
    letter = ko["papers/titles/a.md"]
    assert _title(letter) == "논문: A (1/2)" and "\n# 논문: A \\(1/2\\)\n" in letter
    assert "논문 10편. [모든 논문](../index.md)" in letter and head in letter
    assert _title(ko["papers/titles/a-2.md"]) == "논문: A (2/2)"
    # the report's first review is in the undated note
    assert ">날짜 없음</a></td></tr>" in ko["papers/titles/a.md"] + ko["papers/titles/a-2.md"]
    for page in (top, letter):
        assert not re.search(r"Papers|Recently|Title<|Mentions|reviewed", page)


def test_korean_authors_and_years_pages(ko: dict[str, str]) -> None:
    authors = ko["papers/authors.md"]
    assert _title(authors) == "저자" and "\n# 저자\n" in authors
    assert "위키에 있는 논문의 저자 21명을 성(姓)의 알파벳순으로 보여 줍니다." in authors
    k = ko["papers/authors/k.md"]
    assert _title(k) == "저자: K" and "저자 1명. [모든 저자](../authors.md)" in k
    assert "## K { #letter-k }" in k  # the anchor stays ASCII
    years = ko["papers/years.md"]
    assert _title(years) == "연도와 발표처" and "\n# 연도와 발표처\n" in years
    assert "- [2020년 (1/3)](years/2020.md)" in years
    assert "- [연도 모름](years/unknown-year.md) <small>(1)</small>" in years
    year = ko["papers/years/2020.md"]
    assert _title(year) == "2020년 논문 (1/3)" and "[모든 연도](../years.md)" in year
    assert "## 2020년 <small>(20)</small> { #year-2020 }" in year
    assert "**arXiv 프리프린트**" in year
    unknown = ko["papers/years/unknown-year.md"]
    assert _title(unknown) == "연도를 모르는 논문"
    assert "## 연도 모름 <small>(1)</small> { #year-unknown-year }" in unknown
    assert "**기타**" in unknown
    for page in (authors, k, years, year, unknown):
        assert not re.search(r"Authors|All |Unknown|Papers of|preprint|Other\*", page), page


def test_english_pages_read_as_before(en: dict[str, str]) -> None:
    """The English words, the plural and singular forms and the titles the split pages had
    before the catalogue (the single pages are golden files: test_indexes.py)."""
    assert _title(en["digests/index.md"]) == "Digests"
    assert "21 digests, newest first, by year:" in en["digests/index.md"]
    assert "- [Undated](undated/index.md) <small>(1)</small>" in en["digests/index.md"]
    year = en["digests/2020/index.md"]
    assert _title(year) == "Digests 2020" and "\n# Digests of 2020\n" in year
    assert "| Month | Digests | Papers |" in year and "| [2020-12](12/index.md) | 1 | 3 |" in year
    month = en["digests/2020/01/index.md"]
    assert _title(month) == "2020-01" and "\n# Digests of 2020-01\n" in month
    assert "2 digests, newest first. [All digests](../../index.md)" in month
    undated = en["digests/undated/index.md"]
    assert _title(undated) == "Undated digests" and "\n# Undated digests\n" in undated
    assert "1 digest, newest first." in undated and "| undated | [Odd]" in undated
    assert "## Recently added" in en["papers/index.md"]
    assert "61 papers reviewed or mentioned in 21 digests. Also by [author](authors.md) and " \
        "by [year and venue](years.md)." in en["papers/index.md"]
    letter = en["papers/titles/a.md"]
    assert _title(letter) == "Papers: A (1/2)" and "10 papers. [All papers](../index.md)" in letter
    assert '<th>Title</th><th>Year</th><th class="dw-num">Mentions</th>' \
        '<th>First reviewed</th>' in letter
    assert _title(en["papers/authors/k.md"]) == "Authors: K"
    assert "1 author. [All authors](../authors.md)" in en["papers/authors/k.md"]
    assert "- [2020 (1/3)](years/2020.md)" in en["papers/years.md"]
    year = en["papers/years/2020.md"]
    assert _title(year) == "Papers of 2020 (1/3)" and "**arXiv preprint**" in year
    unknown = en["papers/years/unknown-year.md"]
    assert _title(unknown) == "Papers of Unknown year" and "**Other**" in unknown
    assert "## Unknown year <small>(1)</small> { #year-unknown-year }" in unknown


def test_paths_links_and_anchors_are_the_same_in_every_language(
        en: dict[str, str], ko: dict[str, str]) -> None:
    assert set(en) == set(ko)
    for src in en:
        def marks(text: str) -> tuple[list[str], list[str], list[str]]:
            return (re.findall(r"\{ #[^ ]+ \}", text), re.findall(r"\]\(([^)]*)\)", text),
                    re.findall(r'(?:href|data-[\w-]+)="([^"]*)"', text))
        assert marks(en[src]) == marks(ko[src]), src


def test_period_titles() -> None:
    en, ko = translator("en"), translator("ko")
    assert [period_title(k, en) for k in ("2021", "2021-06", "Undated", "odd")] == \
        ["2021", "2021-06", "Undated", "odd"]
    assert [period_title(k, ko) for k in ("2021", "2021-06", "Undated", "odd")] == \
        ["2021년", "2021년 6월", "날짜 없음", "odd"]


# --- the cache of rendered index pages -------------------------------------------------------

def test_remembered_render_never_gives_a_page_in_the_other_language(tmp_path: Path) -> None:
    """`mkdocs serve` keeps last time's texts by their context: the same context rendered by
    another language's environment is another page."""
    (tmp_path / "words.md.j2").write_text("{{ t('index.papers') }}: {{ n }}", encoding="utf-8")
    before: dict[bytes, str] = {}
    indexes.remembered_render({}, before)(
        environment(tmp_path, "en").get_template("words.md.j2"), n=3)
    now: dict[bytes, str] = {}
    render = indexes.remembered_render(before, now)
    assert render(environment(tmp_path, "ko").get_template("words.md.j2"), n=3) == "논문: 3"
    assert render(environment(tmp_path, "en").get_template("words.md.j2"), n=3) == "Papers: 3"
    assert len(now) == 2


# --- the sidebar -----------------------------------------------------------------------------

def _sidebar(language: str, section_name: str = "Digests") -> tuple[Navigation, Any]:
    ordered = [(f"digests/d{i}.md", f"2020-{12 - i // 2:02d}-01") for i in range(8)] + \
        [("digests/old.md", "2019-05-01"), ("digests/odd.md", None)]
    sections, _ = plan_sections(ordered, "digests")
    home, index, papers = _page("index.md"), _page("digests/index.md"), _page("papers/index.md")
    digests = [_page(s) for s, _ in ordered]
    section_pages = {src: _page(src) for _, src, months in sections.years
                     for src in [src] + [m for _, m in months]}
    nav = Navigation([home, Section(section_name, [index, *digests]),
                      Section("Papers", [papers])], [home, index, *digests, papers])
    t = translator(language)
    return group_digests(nav, ordered, sections=sections, known=section_pages,
                         main=["digests/index.md", "papers/index.md"], language=language,
                         names={"digests/index.md": t("index.digests"),
                                "papers/index.md": t("index.papers")}), section_pages


def test_sidebar_sections_in_korean() -> None:
    nav, _ = _sidebar("ko")
    assert [item.title for item in nav.items[1:]] == ["노트", "논문"]
    assert [c.title for c in nav.items[1].children[1:]] == ["2020년", "2019년", "날짜 없음"]


def test_sidebar_sections_in_english_and_an_owner_name_kept() -> None:
    nav, _ = _sidebar("en")
    assert [item.title for item in nav.items[1:]] == ["Digests", "Papers"]
    assert [c.title for c in nav.items[1].children[1:]] == ["2020", "2019", "Undated"]
    nav, _ = _sidebar("ko", "Reading notes")  # named in mkdocs.yml's nav: the owner's words
    assert [item.title for item in nav.items[1:]] == ["Reading notes", "논문"]


def test_sidebar_without_section_pages_names_months_in_korean() -> None:
    """A hand-written digests index: the digests are listed in year and month sections."""
    home, index = _page("index.md"), _page("digests/index.md")
    ordered = [(f"digests/m{i}.md", f"2021-{1 + i:02d}-01") for i in range(7)]
    digests = [_page(s) for s, _ in ordered]
    nav = Navigation([home, Section("Digests", [index, *digests])], [home, index, *digests])
    nav = group_digests(nav, ordered, language="ko")
    year = nav.items[1].children[1]
    assert year.title == "2021년" and year.children[0].title == "2021년 7월"


# --- real builds -----------------------------------------------------------------------------

def _notes() -> dict[str, str]:
    """Seven notes of 2021 (a busy year: a page per month), one of 2020; 15 papers, so a
    papers index of at most 10 rows a page is cut by letter."""
    notes = {}
    for i in range(7):
        notes[f"2021-{i + 1:02d}-0{i + 1}-n{i}.md"] = (
            f"# Note {i}\n\n## [Alpha Paper {i}](https://arxiv.org/abs/2101.{2 * i + 1:05d})\n\n"
            f"## [Beta Paper {i}](https://arxiv.org/abs/2101.{2 * i + 2:05d})\n")
    notes["2020-07-10-a.md"] = "# A\n\n## [Gamma Paper](https://arxiv.org/abs/2007.00001)\n"
    return notes


def _built(root: Path, language: str) -> Path:
    config = MINIMAL_CONFIG.replace("  font: false\n", f"  font: false\n  language: {language}\n")
    config = config.replace("  - digestwiki\n", "  - digestwiki:\n      index_page_size: 10\n")
    make_site(root, _notes(), config)
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert not warnings_of(result), result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def ko_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _built(tmp_path_factory.mktemp("ko-indexes"), "ko")


@pytest.fixture(scope="module")
def en_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _built(tmp_path_factory.mktemp("en-indexes"), "en")


def _read(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def _head_title(site: Path, path: str) -> str:
    m = re.search(r"<title>(.*?) - Test wiki</title>", _read(site, path))
    assert m, path
    return m.group(1)


def _sidebar_labels(site: Path, path: str) -> list[str]:
    page = _read(site, path)
    primary = page.split("md-nav--primary")[1].split("md-nav--secondary")[0]
    return re.findall(r'<span class="md-ellipsis">\s*(.*?)\s*</span>', primary)


PAGES = ["digests", "digests/2021", "digests/2021/03", "digests/2020", "papers",
         "papers/titles/a", "papers/authors", "papers/years"]


def test_korean_build_titles_and_sidebar(ko_site: Path) -> None:
    assert [_head_title(ko_site, p) for p in PAGES] == [
        "노트", "2021년 노트", "2021년 3월", "2020년 노트", "논문", "논문: A", "저자",
        "연도와 발표처"]
    labels = _sidebar_labels(ko_site, "digests/2021-03-03-n2")
    for label in ("노트", "2021년", "2021년 3월", "2020년", "논문", "저자", "연도와 발표처"):
        assert label in labels, (label, labels)
    # the home page is the owner's ("# Home"); every other label is the plugin's
    assert not [x for x in labels if re.search(r"[A-Za-z]|\d{4}-\d\d", x) and x != "Home"], labels
    article = _read(ko_site, "digests/2021/03")
    assert "<h1" in article and "2021년 3월 노트</h1>" in article
    assert "논문: A" in _read(ko_site, "papers/titles/a")


def test_english_build_titles_and_sidebar(en_site: Path) -> None:
    assert [_head_title(en_site, p) for p in PAGES] == [
        "Digests", "Digests 2021", "2021-03", "Digests 2020", "Papers", "Papers: A", "Authors",
        "Years and venues"]
    labels = _sidebar_labels(en_site, "digests/2021-03-03-n2")
    for label in ("Digests", "2021", "2021-03", "2020", "Papers", "Authors", "Years and venues"):
        assert label in labels, (label, labels)
    assert not [x for x in labels if re.search(r"[가-힣]", x)], labels


def test_both_builds_publish_the_same_addresses(ko_site: Path, en_site: Path) -> None:
    def pages(site: Path) -> set[str]:
        return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}

    assert pages(ko_site) == pages(en_site)
    for path in PAGES:
        def hrefs(site: Path, path: str = path) -> list[str]:
            article = _read(site, path).split("<article")[1].split("</article>")[0]
            return re.findall(r'href="([^"]*)"', article)
        assert hrefs(en_site) == hrefs(ko_site), path

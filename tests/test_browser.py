"""The repository's own wiki in a real browser: Debian's chromium driven by Playwright.

The site is built once per session into a temporary folder (never the repository's site/)
and served by a stdlib HTTP server on 127.0.0.1 under /digestwiki/, the path it is published
at. The build overrides ``repo_url`` with a non-GitHub URL: with a GitHub ``repo_url``
Material asks api.github.com for the repository's stars and forks, which fails offline and
would show up as a console error that has nothing to do with the wiki.

Screenshots of a digest, a paper page and the papers index go to ``screenshots/`` at the
repository root (git-ignored) for a person to look at.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
# Debian's chromium; elsewhere (GitHub's Ubuntu runners) whichever chromium is on PATH.
CHROMIUM = next((p for p in (os.environ.get("DIGESTWIKI_CHROMIUM"), "/usr/bin/chromium",
                             shutil.which("chromium"), shutil.which("chromium-browser"))
                 if p and os.path.exists(p)), "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = REPO / "screenshots"
BASE_PATH = "/digestwiki/"

# (query, page expected among the first five results): Korean words of the commentary (most
# written with a particle attached: 아디스아바바에서, 어텐션을, 기하학적으로, 오버피팅을), a bare
# noun whose page has only particle forms (부산물이라고, 방어를), a query with its particle,
# the second half of compounds (롱테일인, 체크포인트가, 파인튜닝을, 멀티스케일이라고), English
# titles, a paper's nickname, authors' surnames and arXiv ids.
SEARCHES = [
    ("아디스아바바", "digests/2020-01-07-iclr-2020-image-recognition-preview/"),
    ("어텐션", "digests/2021-05-08-recent-papers/"),
    ("헝가리안", "digests/2021-05-08-recent-papers/"),
    ("트랜스포머", "digests/2021-05-08-recent-papers/"),
    ("기하학적", "digests/2020-07-mid-july-digest/"),
    ("오버피팅", "digests/2020-07-mid-july-digest/"),
    ("트랜스퍼", "digests/2020-07-mid-july-digest/"),
    ("프레임워크", "digests/2020-11-late-november-digest/"),
    ("부산물", "digests/2020-07-late-july-digest/"),
    ("방어", "digests/2020-01-07-iclr-2020-image-recognition-preview/"),
    ("키포인트", "digests/2020-07-mid-july-digest/"),
    ("트랜스포머를", "digests/2020-11-late-november-digest/"),
    ("테일", "digests/2020-07-mid-july-digest/"),
    ("포인트", "digests/2020-11-late-november-digest/"),
    ("튜닝", "digests/2020-07-mid-july-digest/"),
    ("스케일", "digests/2020-07-mid-july-digest/"),
    ("Sample-based Regularization", "papers/arxiv-2007-05181/"),
    ("Federated Learning with Matched Averaging", "papers/openreview-BkluqlSFDS/"),
    ("Very Deep VAEs", "papers/arxiv-2011-10650/"),
    ("Geometric Style Transfer", "papers/arxiv-2007-05471/"),
    ("SliceOut", "papers/arxiv-2007-10909/"),
    ("Elkerdawy", "papers/arxiv-2007-05667/"),
    ("Rajendran", "papers/arxiv-2007-05549/"),
    ("Notin", "papers/arxiv-2007-10909/"),
    ("2007.05181", "papers/arxiv-2007-05181/"),
    ("2105.01883", "papers/arxiv-2105-01883/"),
    ("1904.05049", "papers/arxiv-1904-05049/"),
    ("arxiv:2007.05181", "papers/arxiv-2007-05181/"),  # the id as a paper page shows it
    ("MixConv", "papers/arxiv-1907-09595/"),  # a nickname: what the note calls the paper
    ("Meta-Learning Requires", "papers/arxiv-2007-05549/"),  # a hyphenated title word
]


def _chromium_missing() -> str | None:
    if not os.path.exists(CHROMIUM):
        return f"{CHROMIUM} is missing (make browser installs Debian's chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return None


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, port: int) -> Path:
    """The repository's wiki, built strict (in-process) into <tmp>/root/digestwiki.

    ``site_url`` is the test server's own address (as `mkdocs serve` does): Material's
    instant navigation and link previews only handle URLs listed in sitemap.xml, and it
    maps the sitemap's host to the page's host but keeps the sitemap's port."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")
    os.environ["DIGESTWIKI_OFFLINE"] = "1"
    root = tmp_path_factory.mktemp("browser-site")
    site = root / BASE_PATH.strip("/")
    config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(site), strict=True,
                         repo_url="https://git.example.org/example/digestwiki",
                         site_url=f"http://127.0.0.1:{port}{BASE_PATH}")
    build(config)
    return site


@pytest.fixture(scope="session")
def server(built_site: Path, port: int) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(built_site.parent))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}{BASE_PATH}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    reason = _chromium_missing()
    if reason and os.environ.get("CI"):
        pytest.fail(f"{reason}: CI must run the browser tests")
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()


class Tab:
    """A page with its console errors collected."""

    def __init__(self, page: Any, base: str) -> None:
        self.page = page
        self.base = base
        self.errors: list[str] = []
        self.visited: list[str] = []
        page.on("console", lambda m: self.errors.append(f"console: {m.text} ({page.url})")
                if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e} ({page.url})"))

    def open(self, path: str) -> Any:
        self.page.goto(self.base + path, wait_until="load")
        self.page.wait_for_function("typeof document$ !== 'undefined'")
        self.visited.append(path)
        return self.page

    def clipboard(self) -> str:
        return str(self.page.evaluate("navigator.clipboard.readText()"))


@pytest.fixture
def tab(browser: Any, server: str) -> Iterator[Tab]:
    origin = server.split(BASE_PATH)[0]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR",
                                  color_scheme="light")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    t = Tab(context.new_page(), server)
    try:
        yield t
        assert not t.errors, "console errors on " + ", ".join(t.visited) + ":\n" + \
            "\n".join(t.errors)
    finally:
        context.close()


def _bib_entries(text: str) -> dict[str, str]:
    entries = {}
    for chunk in re.split(r"(?m)^(?=@)", text):
        m = re.match(r"@\w+\{([^,]+),", chunk)
        if m:
            entries[m.group(1)] = chunk.strip()
    return entries


def _in_view(page: Any, selector: str) -> bool:
    return bool(page.evaluate(
        """sel => { const el = document.querySelector(sel); if (!el) return false;
                    const r = el.getBoundingClientRect();
                    return r.bottom > 0 && r.top < window.innerHeight; }""", selector))


def _shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=False)


# --- tests ---------------------------------------------------------------------------------

def test_paper_page_copy_button_copies_the_entry_of_papers_bib(tab: Tab, built_site: Path) -> None:
    papers = json.loads((built_site / "papers.json").read_text(encoding="utf-8"))["papers"]
    paper = next(p for p in papers if p["id"] == "arxiv:2007.05181")
    entry = _bib_entries((built_site / "papers.bib").read_text(encoding="utf-8"))[
        paper["bibtex_key"]]
    page = tab.open(paper["page"])
    buttons = page.locator(".dw-bibtex button.md-code__button[data-clipboard-target]")
    assert buttons.count() == 3  # BibTeX, BibLaTeX, plain text: one copy button each
    buttons.first.click()  # the default tab's BibTeX
    page.wait_for_selector(".md-dialog--active")  # Material's "copied" notice
    assert tab.clipboard().strip() == entry
    biblatex = _bib_entries((built_site / "papers-biblatex.bib").read_text(encoding="utf-8"))[
        paper["bibtex_key"]]
    page.locator(".dw-bibtex label", has_text="BibLaTeX").click()
    buttons.nth(1).click()
    assert tab.clipboard().strip() == biblatex
    assert page.locator('meta[name="citation_arxiv_id"]').get_attribute("content") == \
        "2007.05181"
    assert page.locator('meta[name="citation_author"]').count() == len(paper["authors"])
    _shot(page, "paper.png")


def test_digest_copy_all_bibtex_matches_its_bib_file(tab: Tab, built_site: Path) -> None:
    page = tab.open("digests/2020-07-mid-july-digest/")
    page.locator("button.dw-copy-bib").click()
    page.wait_for_selector(".md-dialog--active")
    bib = (built_site / "digests/2020-07-mid-july-digest.bib").read_text(encoding="utf-8")
    assert tab.clipboard() == bib
    assert len(_bib_entries(bib)) == len(_bib_entries(tab.clipboard())) > 10
    _shot(page, "digest.png")


def test_paper_link_then_backlink_lands_on_the_same_section(tab: Tab) -> None:
    page = tab.open("digests/2020-07-mid-july-digest/")
    heading = page.locator("h2[id] a[href*='papers/arxiv-2007-05181']").first
    anchor = heading.evaluate("a => a.closest('h2').id")
    heading.click()
    page.wait_for_url(re.compile(r"papers/arxiv-2007-05181/"))
    back = page.locator(f".dw-backlinks a[href$='#{anchor}']").first
    back.click()
    page.wait_for_url(re.compile(rf"digests/2020-07-mid-july-digest/#{re.escape(anchor)}$"))
    page.wait_for_function(
        """id => { const el = document.getElementById(id); if (!el) return false;
                   const r = el.getBoundingClientRect();
                   return r.bottom > 0 && r.top < window.innerHeight; }""", arg=anchor)
    assert page.evaluate("location.hash") == f"#{anchor}"
    assert _in_view(page, f"[id='{anchor}']")
    # A paper mentioned in passing: its backlink points at the mention's own anchor
    tab.open("papers/arxiv-1904-05049/")
    mention = page.locator(".dw-backlinks a[href*='#mention-']").first
    target = mention.get_attribute("href").split("#", 1)[1]
    mention.click()
    page.wait_for_url(re.compile(rf"#{re.escape(target)}$"))
    page.wait_for_function(
        """id => { const el = document.getElementById(id); if (!el) return false;
                   const r = el.getBoundingClientRect();
                   return r.bottom > 0 && r.top < window.innerHeight; }""", arg=target)


def _results(page: Any) -> list[str]:
    """The page of each result group, in order (the group's first link, without ?h=)."""
    return [str(h).split("?")[0] for h in page.eval_on_selector_all(
        ".md-search-result__list > li.md-search-result__item",
        "items => items.map(li => li.querySelector('a').href)")]


def _search(page: Any, query: str) -> list[str]:
    """Type ``query`` into the header's search box and read the result pages once settled."""
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.locator("label[for='__search']").first.click()
    box.click()
    box.fill("")
    box.press("Backspace")
    page.wait_for_function("!document.querySelector('.md-search-result__list > li')")
    box.press_sequentially(query)
    box.press("End")
    page.wait_for_function(
        """() => { const m = document.querySelector('.md-search-result__meta');
                   return m && !/초기화|입력하세요/.test(m.textContent); }""", timeout=15_000)
    last: list[str] = []
    for _ in range(20):  # settled: the same results twice in a row
        page.wait_for_timeout(150)
        now = _results(page)
        if now == last:
            break
        last = now
    return last


def test_search_finds_korean_words_titles_surnames_and_ids(tab: Tab, capsys: Any) -> None:
    page = tab.open("")
    found, missed = 0, []
    for query, expected in SEARCHES:
        top = _search(page, query)[:5]
        if any(h.endswith(BASE_PATH + expected) for h in top):
            found += 1
        else:
            missed.append(f"{query!r}: expected {expected}, got {top}")
    with capsys.disabled():
        print(f"\nsearch: {found}/{len(SEARCHES)} queries found their page in the top 5"
              + "".join(f"\n  missed {m}" for m in missed))
    assert found == len(SEARCHES), "\n".join(missed)


def test_search_loads_nothing_until_the_box_is_focused(tab: Tab) -> None:
    requests: list[str] = []
    tab.page.on("request", lambda r: requests.append(r.url))
    page = tab.open("digests/2020-07-mid-july-digest/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in requests if "pagefind" in u or "search_index" in u], requests
    assert page.locator("form[name='search']").count() == 0  # Material's search is off
    top = _search(page, "트랜스포머")
    assert any(h.endswith("digests/2021-05-08-recent-papers/") for h in top)
    fetched = [u for u in requests if "/pagefind/" in u]
    assert any(u.endswith("pagefind.js") for u in fetched) and \
        any(".pf_index" in u or ".pf_fragment" in u for u in fetched), fetched
    # the excerpt shows the page's words, not the hidden index terms
    excerpt = page.locator(".md-search-result__item p").first.inner_text()
    assert "⁂" not in excerpt and "트랜스포머" in excerpt
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")


def test_hovering_a_paper_link_previews_the_paper_page(tab: Tab) -> None:
    page = tab.open("digests/2020-07-mid-july-digest/")
    page.locator("h2[id] a[href*='papers/arxiv-2007-05181']").first.hover()
    preview = page.locator(".md-tooltip2").filter(has_text="Yunho Jeon")
    preview.first.wait_for(state="visible", timeout=10_000)


def test_theme_toggle_switches_light_and_dark(tab: Tab) -> None:
    page = tab.open("")
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    assert page.evaluate(scheme) == "default"
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    page.wait_for_function(f"{scheme} === 'slate'")
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    page.wait_for_function(f"{scheme} === 'default'")


def test_tags_index_lists_the_tagged_digests(tab: Tab) -> None:
    page = tab.open("tags/")
    links = page.eval_on_selector_all("article a[href*='digests/']", "els => els.map(a => a.href)")
    assert any("2021-05-08-recent-papers" in h for h in links)
    assert any("2020-07-mid-july-digest" in h for h in links)
    page = tab.open("digests/2021-05-08-recent-papers/")
    assert page.locator(".md-tag").filter(has_text="review").count() >= 1


def _column(page: Any, index: int) -> list[str]:
    return [str(t) for t in page.eval_on_selector_all(
        "[data-dw-table] tbody tr:not([hidden])",
        f"rows => rows.map(r => r.cells[{index}].textContent.trim())")]


def test_papers_index_sorts_and_filters_after_instant_navigation(tab: Tab) -> None:
    page = tab.open("")
    # instant navigation: the script must set the table up without a page load
    page.evaluate("window.dwNoReload = true")
    page.locator("a.md-nav__link[href$='papers/']").first.click()
    page.wait_for_selector(".dw-table-tools input.dw-filter")
    assert page.evaluate("window.dwNoReload === true"), "the page was reloaded"
    # the site is Korean: 연도 (Year), 언급 수 (Mentions), 제목 (Title)
    years = page.locator("[data-dw-table] th").filter(has_text="연도")
    years.click()
    values = [int(v) for v in _column(page, 1) if v]
    assert values == sorted(values, reverse=True) and len(set(values)) > 1
    years.click()
    values = [int(v) for v in _column(page, 1) if v]
    assert values == sorted(values)
    page.locator("[data-dw-table] th").filter(has_text="언급 수").click()
    mentions = [int(v) for v in _column(page, 2)]
    assert mentions == sorted(mentions, reverse=True) and mentions[0] > 1
    page.locator("[data-dw-table] th").filter(has_text="제목").click()
    titles = [re.sub(r"^(?:a|an|the)\s+", "", t.lower()) for t in _column(page, 0)]
    assert titles == sorted(titles)  # a leading article ignored, as reader.sort_title does
    page.fill(".dw-filter", "transfer")
    titles = _column(page, 0)
    assert titles and all("transfer" in t.lower() for t in titles)
    page.fill(".dw-filter", "")
    page.select_option(".dw-year", "2021")
    assert _column(page, 1) and set(_column(page, 1)) == {"2021"}
    page.select_option(".dw-year", "")
    page.locator("[data-dw-table] th").filter(has_text="연도").click()
    _shot(page, "papers-index.png")


def test_reader_pages_render_without_errors(tab: Tab) -> None:
    for path in ("", "digests/", "papers/authors/", "papers/years/", "stats/",
                 "digests/2020-01-07-iclr-2020-image-recognition-preview/",
                 "digests/2020-11-late-november-digest/", "digests/2020-07-late-july-digest/"):
        page = tab.open(path)
        assert page.locator("article h1").count() >= 1, path
    assert page.locator(".md-nav__item--section, .md-nav__item--nested").filter(
        has_text="2020").count() >= 1
    page = tab.open("stats/")
    assert page.locator("svg.dw-chart rect.dw-bar").count() > 5
    _shot(page, "stats.png")


def test_dark_mode_paper_page_screenshot(tab: Tab) -> None:
    page = tab.open("papers/arxiv-2005-12872/")
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    assert page.locator(".dw-alongside li").count() >= 1
    _shot(page, "paper-dark.png")


@pytest.fixture(scope="session", autouse=True)
def _clean_old_screenshots() -> None:
    if SCREENSHOTS.is_dir():
        shutil.rmtree(SCREENSHOTS)


def test_papers_index_filter_matches_authors_ids_nicknames_and_unknown_year(tab: Tab) -> None:
    page = tab.open("papers/")
    page.wait_for_selector(".dw-table-tools input.dw-filter")
    assert page.get_attribute(".dw-filter", "placeholder") == "제목, 저자, 식별자로 거르기"
    rows = page.eval_on_selector_all(
        "[data-dw-table] tbody tr", "rs => rs.map(r => [r.cells[0].textContent.trim(), "
        "r.getAttribute('data-dw-authors'), r.getAttribute('data-dw-ids'), "
        "r.getAttribute('data-dw-year')])")
    assert rows and all(r[2] for r in rows), "rows without filter data"
    page.fill(".dw-filter", "Yunho Jeon")  # an author, not in any title
    assert _column(page, 0) == ["Sample-based Regularization: A Transfer Learning Strategy "
                                "Toward Better Generalization"]
    page.fill(".dw-filter", "2105.01883")  # a bare arXiv id
    assert [t.split(":")[0] for t in _column(page, 0)] == ["RepMLP"]
    page.fill(".dw-filter", "BkluqlSFDS")  # an OpenReview id
    assert _column(page, 0) == ["Federated Learning with Matched Averaging"]
    page.fill(".dw-filter", "")
    unknown = [r[0] for r in rows if not r[3]]
    assert unknown, "the repository has papers of unknown year"
    labels = page.eval_on_selector_all(".dw-year option", "os => os.map(o => o.textContent)")
    assert labels[0] == "모든 연도" and labels[-1] == "연도 모름"
    page.select_option(".dw-year", "?")
    assert sorted(_column(page, 0)) == sorted(unknown)
    page.select_option(".dw-year", "")


def test_title_sort_ignores_leading_articles_as_python_does(tab: Tab) -> None:
    page = tab.open("papers/")
    page.wait_for_selector(".dw-table-tools input.dw-filter")
    python_order = _column(page, 0)  # the page's own order: reader.sort_title
    title = page.locator("[data-dw-table] th").filter(has_text="제목")
    title.click()  # ascending, by the script's rule
    assert _column(page, 0) == python_order
    assert any(t.lower().startswith(("a ", "the ")) for t in python_order)
    stripped = [re.sub(r"^(?:a|an|the)\s+", "", t.lower()) for t in python_order]
    assert stripped == sorted(stripped)


def _scroll_width(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def test_phone_width_paper_page_does_not_scroll_sideways(browser: Any, server: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ko-KR",
                                  device_scale_factor=1, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        for path in ("papers/arxiv-2007-05181/", "papers/openreview-BkluqlSFDS/",
                     "digests/2021-05-08-recent-papers/"):
            page.goto(server + path, wait_until="load")
            assert _scroll_width(page) <= 390, path
            if path.startswith("papers/"):
                code = page.locator(".dw-bibtex pre code").first
                assert code.evaluate("c => getComputedStyle(c).whiteSpace") == "pre-wrap"
                assert code.evaluate("c => c.scrollWidth <= c.clientWidth + 1")
        _shot(page, "phone-digest.png")
    finally:
        context.close()


def test_404_page_is_styled_korean_and_links_to_indexes(tab: Tab) -> None:
    page = tab.open("404.html")
    assert page.locator("article h1").inner_text() == "페이지를 찾을 수 없습니다"
    header = page.locator("header.md-header")
    assert header.evaluate("h => getComputedStyle(h).position") in ("sticky", "fixed")
    links = page.eval_on_selector_all(".dw-404-links a", "as => as.map(a => a.pathname)")
    assert BASE_PATH in links and BASE_PATH + "papers/" in links
    page.locator(".dw-404-links a").filter(has_text="논문").first.click()
    page.wait_for_selector(".dw-table-tools input.dw-filter")


def test_paper_page_edit_menu_opens_with_the_reviewing_notes(tab: Tab) -> None:
    page = tab.open("papers/arxiv-2007-05181/")
    menu = page.locator("details.dw-edit")
    assert menu.count() == 1 and page.locator("a.md-content__button[rel=edit]").count() == 0
    menu.locator("summary").click()
    links = menu.locator("a[rel=edit]")
    links.first.wait_for(state="visible")
    assert all("/edit/main/docs/digests/" in str(h) for h in
               links.evaluate_all("as => as.map(a => a.href)"))


@pytest.fixture(scope="module")
def split_ko_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A small Korean wiki whose papers index is cut into letter pages, served at /."""
    from test_i18n_indexes import _built  # a real `mkdocs build --strict`

    site = _built(tmp_path_factory.mktemp("split-ko"), "ko")
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_split_papers_filter_speaks_korean(browser: Any, split_ko_site: str) -> None:
    """The filter over every paper of a split index: its words come from dw-strings too,
    and its results show (they were inside Material's table wrapper, hidden with it)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
    t = Tab(context.new_page(), split_ko_site)
    try:
        page = t.open("papers/titles/a/")
        page.wait_for_selector(".dw-table-tools input.dw-filter")
        assert page.get_attribute(".dw-filter", "placeholder") == \
            "모든 논문 거르기: 제목, 저자, 식별자"
        page.fill(".dw-filter", "beta paper")  # the B papers: on another page
        page.wait_for_selector("table.dw-all-results:not([hidden]) tbody tr")
        heads = page.eval_on_selector_all("table.dw-all-results th",
                                          "ths => ths.map(th => th.textContent)")
        assert heads == ["제목", "연도", "저자"]
        assert page.inner_text(".dw-count") == "7 / 15"
        assert page.locator("table.dw-all-results tbody tr").count() == 7
        assert not t.errors, t.errors
    finally:
        context.close()

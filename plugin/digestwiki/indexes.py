"""The index pages, split so that no page grows with the wiki.

A wiki of thousands of notes cannot list every digest, paper or author on one page: the
authors index of a 5,500-note wiki was 3.4 MB. Here every index is cut into pages of a bounded
number of rows:

- digests: ``digests/index.md`` lists the years (and the latest digests); each year is a page
  ``digests/YYYY/index.md`` listing its months (or its digests when it has few), and each month
  of a busy year a page ``digests/YYYY/MM/index.md``. The sidebar shows only these sections
  (``nav.py``).
- papers: one table when the wiki is small; otherwise ``papers/index.md`` shows the letters
  and the latest papers, and ``papers/titles/<letter>[-n].md`` hold the rows. The filter box
  searches every paper through ``papers/index.json`` (fetched only when a reader types).
- authors (``papers/authors.md``) and years (``papers/years.md``): one page when small,
  otherwise a page per letter / per year, cut again when one letter or year is too big.

All pages are generated (``File.generated``), never written into docs/. A page of the same
path in docs/ wins over the generated one.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import jinja2
from anyascii import anyascii

from .graph import Paper, Wiki, norm_title
from .i18n import UNDATED, Translate, period_title
from .links import Linker, relative
from .model import Digest
from .nav import Sections, plan_sections

T = TypeVar("T")

PAPERS_JSON = "index.json"  # under papers_dir: what the papers filter searches
DEFAULT_PAGE_SIZE = 400
LATEST = 30  # digests (and papers) the overview pages show


@dataclass
class IndexPage:
    """One generated index page: its source path and Markdown."""

    src: str
    content: str


def paginate(items: Sequence[T], budget: int, weight: Callable[[T], int] = lambda _: 1
             ) -> list[list[T]]:
    """Cut ``items`` into consecutive pages whose summed ``weight`` stays within ``budget``
    (a single heavier item gets a page of its own)."""
    pages: list[list[T]] = []
    current: list[T] = []
    total = 0
    for item in items:
        w = max(1, weight(item))
        if current and total + w > budget:
            pages.append(current)
            current, total = [], 0
        current.append(item)
        total += w
    if current or not pages:
        pages.append(current)
    return pages


def letter_of(text: str) -> str:
    """The index letter of a title or surname: A-Z, or ``#`` for anything else."""
    first = anyascii(text.strip()[:1]).upper()[:1]
    return first if first.isalpha() and first.isascii() else "#"


def _letter_slug(letter: str) -> str:
    return "other" if letter == "#" else letter.lower()


def _paged_src(base: str, n: int) -> str:
    return f"{base}.md" if n == 1 else f"{base}-{n}.md"


def nicknames(paper: Paper) -> list[str]:
    """Short names readers use for a paper: what notes call it in passing (``DETR (url)``,
    :attr:`Paper.nicknames`), how notes wrote its title when that differs from the display
    title, and a one-word name before a colon (``SliceOut: Training ...``)."""
    names: list[str] = list(paper.nicknames)
    title = paper.display_title
    head = title.split(":", 1)[0].strip() if ":" in title else ""
    if head and len(head) <= 24 and len(head.split()) <= 2 and head not in names:
        names.append(head)
    for b in paper.backlinks:
        written = (b.title_as_written or "").strip()
        if written and norm_title(written) != norm_title(title) and written not in names:
            names.append(written)
    return names


Render = Callable[..., str]  # (template, **context) -> the page's text


def plain_render(template: jinja2.Template, **context: Any) -> str:
    return template.render(**context)


def remembered_render(before: dict[bytes, str], now: dict[bytes, str]) -> Render:
    """A render that gives back last time's text of a page whose context is the same
    (`mkdocs serve` after an edit: the index pages are made again on most edits, but few of
    them change). ``now`` collects this generation's texts for the next one."""
    def render(template: jinja2.Template, **context: Any) -> str:
        # a paper in a row stands for its id (Paper.__repr__): the templates read rows only.
        # The words come from the environment's t(): its language is part of the key, so a
        # site switching language never gets a page in the other one.
        language = template.environment.globals.get("language")
        key = hashlib.blake2b(f"{template.name}\0{language!r}\0{context!r}".encode(),
                              digest_size=16).digest()
        text = before.get(key)
        if text is None:
            text = template.render(**context)
        now[key] = text
        return text
    return render


# --- digests ---------------------------------------------------------------------------------

def _translator(env: jinja2.Environment) -> Translate:
    from .render import translator_of  # render imports this module's functions lazily too

    return translator_of(env)


def _digest_rows(digests: Iterable[Digest], links: Linker, digest_src: Callable[[Digest], str],
                 undated: str) -> list[dict[str, Any]]:
    return [{"date": d.date or undated, "inferred": d.date_inferred, "title": d.title,
             "link": links.md(digest_src(d)), "count": len(d.entries)} for d in digests]


def render_digest_indexes(env: jinja2.Environment, wiki: Wiki, digests_dir: str,
                          digest_src: Callable[[Digest], str],
                          front_matter: Callable[[dict[str, Any]], str],
                          month_threshold: int = 6, render: Render | None = None
                          ) -> tuple[Sections, list[IndexPage]]:
    """The digests index and the year and month pages."""
    by_src = {digest_src(d): d for d in wiki.digests}
    sections, plan = plan_sections([(digest_src(d), d.date) for d in wiki.digests], digests_dir,
                                   month_threshold)
    template = env.get_template("digests_index.md.j2")
    render = render or plain_render
    t = _translator(env)
    undated = t("digest.undated")
    pages: list[IndexPage] = []
    index_src = f"{digests_dir}/index.md"
    top = Linker(index_src)
    years = []
    for kind, src, key, members in plan:
        if kind == "year":
            years.append({"title": period_title(key, t), "link": top.md(src),
                          "count": sum(len(keys) for _, _, keys in members)})
        elif kind == "year-digests":
            years.append({"title": period_title(key, t), "link": top.md(src),
                          "count": len(members)})
    title = t("index.digests")
    pages.append(IndexPage(index_src, render(template,
        front_matter=front_matter({"title": title}), kind="all", title=title,
        total=len(wiki.digests), years=years,
        rows=_digest_rows(wiki.digests[:LATEST], top, digest_src, undated),
        latest=len(wiki.digests) > LATEST)))
    for kind, src, key, members in plan:
        links = Linker(src)
        title = period_title(key, t)
        # the title is what the sidebar shows: the month link's text (a year section is named
        # by nav.py), and the browser's title bar
        meta = front_matter({"title": title if kind == "month" else
                             (t("digests.year_title", period=title) if key != UNDATED
                              else t("digests.undated_title")),
                             "search": {"exclude": True}})
        if kind == "year":
            months = [{"title": period_title(month, t), "link": links.md(msrc),
                       "count": len(keys), "papers": sum(len(by_src[k].entries) for k in keys)}
                      for month, msrc, keys in members]
            pages.append(IndexPage(src, render(template,
                front_matter=meta, kind="year", title=title, months=months,
                total=sum(m["count"] for m in months), up=links.md(index_src))))
        else:
            pages.append(IndexPage(src, render(template,
                front_matter=meta, kind=kind, title=title, undated=key == UNDATED,
                total=len(members),
                rows=_digest_rows([by_src[k] for k in members], links, digest_src, undated),
                up=links.md(index_src))))
    return sections, pages


# --- papers ----------------------------------------------------------------------------------

def paper_row(paper: Paper, links: Linker, paper_src: Callable[[Paper], str],
              digest_src: Callable[[Digest], str], undated: str = "undated") -> dict[str, Any]:
    """One row of the papers table. ``data`` becomes ``data-*`` attributes of the row, for
    filters that match more than the title."""
    from .reader import filter_data  # reader renders pages from this module's rows
    first = paper.first_reviewed
    return {
        "title": paper.display_title,
        "link": links.html(paper_src(paper)),
        "year": paper.year,
        "mentions": len(paper.backlinks),
        "first": links.html(digest_src(first.digest), first.anchor) if first else None,
        "first_date": (first.digest.date or undated) if first else None,
        # The filter's data (authors, ids, nicknames, sort title, year), then the id.
        "data": {**{k.removeprefix("data-"): v for k, v in filter_data(paper).items()},
                 "id": paper.id},
    }


def papers_json(wiki: Wiki, url_of: Callable[[Paper], str]) -> str:
    """Every paper, compact: what the papers filter searches once a reader types."""
    rows = [[p.id, p.display_title, p.authors, p.year, nicknames(p), url_of(p),
             len(p.backlinks)] for p in wiki.papers.values()]
    return json.dumps({"version": 1,
                       "fields": ["id", "title", "authors", "year", "nicknames", "url",
                                  "mentions"],
                       "papers": rows}, ensure_ascii=False, separators=(",", ":")) + "\n"


def render_paper_indexes(env: jinja2.Environment, wiki: Wiki, papers_dir: str,
                         paper_src: Callable[[Paper], str], digest_src: Callable[[Digest], str],
                         front_matter: Callable[[dict[str, Any]], str], page_size: int,
                         page_url: Callable[[str], str], render: Render | None = None
                         ) -> list[IndexPage]:
    """The papers index: one table when small, else letters (paginated) and an overview."""
    template = env.get_template("papers_index.md.j2")
    render = render or plain_render
    t = _translator(env)
    undated = t("digest.undated")
    name = t("index.papers")
    from .reader import sort_title  # reader renders pages from this module's rows

    index_src = f"{papers_dir}/index.md"
    # the order the table's script sorts titles in too: leading articles ignored
    papers = sorted(wiki.papers.values(), key=lambda p: (sort_title(p.display_title), p.id))
    common = {"total": len(papers), "digest_count": len(wiki.digests)}
    if len(papers) <= page_size:
        links = Linker(index_src)
        return [IndexPage(index_src, render(template,
            front_matter=front_matter({"title": name}), kind="all", title=name,
            authors_link=links.md(f"{papers_dir}/authors.md"),
            years_link=links.md(f"{papers_dir}/years.md"),
            rows=[paper_row(p, links, paper_src, digest_src, undated) for p in papers],
            **common))]
    by_letter: dict[str, list[Paper]] = {}
    for paper in papers:
        by_letter.setdefault(letter_of(paper.display_title), []).append(paper)
    letters = sorted(by_letter, key=lambda x: (x == "#", x))
    chunks: list[tuple[str, int, int, str, list[Paper]]] = []
    for letter in letters:
        parts = paginate(by_letter[letter], page_size)
        for n, part in enumerate(parts, 1):
            src = _paged_src(f"{papers_dir}/titles/{_letter_slug(letter)}", n)
            chunks.append((letter, n, len(parts), src, part))
    json_src = f"{papers_dir}/{PAPERS_JSON}"
    pages: list[IndexPage] = []

    def bar(links: Linker, here: str | None) -> list[dict[str, Any]]:
        return [{"label": letter if total == 1 else f"{letter}{n}", "link": links.md(src),
                 "current": src == here}
                for letter, n, total, src, part in chunks]

    def all_url(src: str) -> str:
        return Linker(src).asset(json_src)

    links = Linker(index_src)
    recent = sorted(papers, key=lambda p: _first_key(p), reverse=True)[:LATEST]
    pages.append(IndexPage(index_src, render(template,
        front_matter=front_matter({"title": name}), kind="overview", title=name,
        authors_link=links.md(f"{papers_dir}/authors.md"),
        years_link=links.md(f"{papers_dir}/years.md"), letters=bar(links, None),
        all_url=all_url(index_src),
        rows=[paper_row(p, links, paper_src, digest_src, undated) for p in recent],
        **common)))
    for letter, n, total, src, part in chunks:
        links = Linker(src)
        title = t("papers.letter_title", letter=letter) + (f" ({n}/{total})" if total > 1 else "")
        pages.append(IndexPage(src, render(template,
            front_matter=front_matter({"title": title, "search": {"exclude": True}}),
            kind="letter", title=title, letters=bar(links, src), all_url=all_url(src),
            up=links.md(index_src),  # no totals: a new paper elsewhere leaves the page alone
            rows=[paper_row(p, links, paper_src, digest_src, undated) for p in part])))
    return pages


def _first_key(paper: Paper) -> tuple[str, str]:
    first = paper.first_reviewed or (paper.backlinks[-1] if paper.backlinks else None)
    return ((first.digest.date or "") if first else "", paper.id)


# --- authors and years -----------------------------------------------------------------------

def render_author_indexes(env: jinja2.Environment, rows: list[dict[str, Any]], base_src: str,
                          front_matter: Callable[[dict[str, Any]], str], page_size: int,
                          link_from: Callable[[str], Callable[[Paper], str]],
                          render: Render | None = None) -> list[IndexPage]:
    """``rows`` from ``reader.authors_rows``. One page while the wiki is small (by paper
    links, ``page_size`` x 4), else a page per letter, cut again when a letter is too big."""
    template = env.get_template("authors_index.md.j2")
    render = render or plain_render
    t = _translator(env)
    budget = page_size * 4
    links_total = sum(len(r["papers"]) for r in rows)
    meta = {"title": t("index.authors"), "search": {"exclude": True}}
    if links_total <= budget:
        letters = list(dict.fromkeys(r["letter"] for r in rows))
        return [IndexPage(base_src, render(template,
            front_matter=front_matter(meta), rows=rows, letters=letters, total=len(rows),
            pages=None))]
    stem = base_src[:-3]  # papers/authors
    by_letter: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_letter.setdefault(row["letter"], []).append(row)
    chunks = []
    for letter, members in by_letter.items():
        parts = paginate(members, budget, lambda r: len(r["papers"]))
        for n, part in enumerate(parts, 1):
            chunks.append((letter, n, len(parts),
                           _paged_src(f"{stem}/{_letter_slug(letter)}", n), part))
    index_links = Linker(base_src)
    pages = [IndexPage(base_src, render(template,
        front_matter=front_matter(meta), rows=[], total=len(rows), letters=[],
        pages=[{"label": letter if total == 1 else f"{letter}{n}", "link": index_links.md(src),
                "count": len(part), "first": part[0]["name"], "last": part[-1]["name"]}
               for letter, n, total, src, part in chunks]))]
    for letter, n, total, src, part in chunks:
        link = link_from(src)
        part = [{**r, "papers": [{**p, "link": link(p["paper"])} for p in r["papers"]]}
                for r in part]
        title = t("authors.letter_title", letter=letter) + (f" ({n}/{total})" if total > 1
                                                             else "")
        pages.append(IndexPage(src, render(template,
            front_matter=front_matter({"title": title, "search": {"exclude": True}}),
            rows=part, letters=[letter], total=len(part), pages=None, title=title,
            up=Linker(src).md(base_src))))
    return pages


def render_year_indexes(env: jinja2.Environment, rows: list[dict[str, Any]], base_src: str,
                        front_matter: Callable[[dict[str, Any]], str], page_size: int,
                        link_from: Callable[[str], Callable[[Paper], str]],
                        render: Render | None = None) -> list[IndexPage]:
    """``rows`` from ``reader.years_rows``: one page while small, else a page per year (cut
    again by venue when a year holds more than ``page_size`` x 2 papers)."""
    template = env.get_template("years_index.md.j2")
    render = render or plain_render
    t = _translator(env)
    budget = page_size * 2
    meta = {"title": t("index.years"), "search": {"exclude": True}}

    def year_label(row: dict[str, Any]) -> str:
        return period_title(str(row["year"]), t) if row.get("known") else t("years.unknown")

    if sum(r["count"] for r in rows) <= budget:
        return [IndexPage(base_src, render(template, front_matter=front_matter(meta), rows=rows,
                                                    pages=None))]
    stem = base_src[:-3]
    chunks = []
    for row in rows:
        slug = re.sub(r"[^0-9a-z]+", "-", str(row["year"]).lower()).strip("-")
        venues: list[dict[str, Any]] = []
        for venue in row["venues"]:  # a huge venue is cut into parts of its own
            for part in paginate(venue["papers"], budget):
                venues.append({**venue, "papers": part})
        parts = paginate(venues, budget, lambda v: len(v["papers"]))
        for n, part in enumerate(parts, 1):
            chunks.append((row, n, len(parts), _paged_src(f"{stem}/{slug}", n), part))
    links = Linker(base_src)
    pages = [IndexPage(base_src, render(template,
        front_matter=front_matter(meta), rows=[], pages=[
            {"label": year_label(row) + (f" ({n}/{total})" if total > 1 else ""),
             "link": links.md(src), "count": sum(len(v["papers"]) for v in part)}
            for row, n, total, src, part in chunks]))]
    for row, n, total, src, part in chunks:
        link = link_from(src)
        part = [{**v, "papers": [{**p, "link": link(p["paper"])} for p in v["papers"]]}
                for v in part]
        title = (t("years.page_title", year=year_label(row)) if row.get("known")
                 else t("years.unknown_title")) + (f" ({n}/{total})" if total > 1 else "")
        count = sum(len(v["papers"]) for v in part)
        pages.append(IndexPage(src, render(template,
            front_matter=front_matter({"title": title, "search": {"exclude": True}}),
            rows=[{**row, "venues": part, "count": count}], pages=None, title=title,
            up=Linker(src).md(base_src))))
    return pages


# --- conversion ------------------------------------------------------------------------------

_TABLE = re.compile(r'^<div class="dw-papers"[^\n]*>\n<table>\n.*?\n</table>\n</div>$',
                    re.MULTILINE | re.DOTALL)
_HELD = "DWHELDTABLE{}X"


def hold_tables(markdown: str) -> tuple[str, list[str]]:
    """An index page's tables taken out before Markdown conversion, each left as a
    placeholder paragraph: they are raw HTML of our own making, hundreds of rows, and
    Python-Markdown parses every tag of a raw block only to pass it through unchanged (most of
    converting an index page). :func:`put_back_tables` puts them back."""
    held: list[str] = []
    if '<div class="dw-papers"' not in markdown:
        return markdown, held

    def hold(match: re.Match[str]) -> str:
        held.append(match.group(0))
        return _HELD.format(len(held) - 1)

    return _TABLE.sub(hold, markdown), held


def put_back_tables(html: str, held: list[str]) -> str:
    """The converted page with its tables back, as the converter would have passed them."""
    for n, table in enumerate(held):
        html = html.replace(f"<p>{_HELD.format(n)}</p>", table, 1)
    return html


# --- into the build --------------------------------------------------------------------------

def index_files(wiki: Wiki, layout: Any, env: jinja2.Environment, exists: Callable[[str], bool],
                page_size: int = DEFAULT_PAGE_SIZE, render: Render | None = None
                ) -> list[tuple[str, str, bool]]:
    """Every index page (digests, years, months, papers, authors, years and venues) and the
    papers filter's JSON, as ``(src, content, in_nav)``. A page of the same path hand-written
    in docs/ (``exists(src)``) is kept: its generated one is left out. ``render`` renders
    each page (:func:`remembered_render` reuses last time's texts)."""
    from . import reader
    from .render import front_matter

    out: list[tuple[str, str, bool]] = []

    def put(pages: Iterable[IndexPage], in_nav: bool = False) -> None:
        """The first page goes to the nav (the section's own page), the parts do not."""
        for n, page in enumerate(pages):
            if not exists(page.src):
                out.append((page.src, page.content, in_nav or n == 0))

    def link_from(src: str) -> Callable[[Paper], str]:
        links = Linker(src, layout.use_directory_urls)
        return lambda p: links.md(layout.paper_src(p))

    _, digest_pages = render_digest_indexes(env, wiki, layout.digests_dir, layout.digest_src,
                                            front_matter, render=render)
    # The digests index decides: a hand-written one means the owner lays digests out.
    if not exists(layout.digests_index_src()):
        put(digest_pages, in_nav=True)  # nav.py turns them into the sidebar's sections
    put(render_paper_indexes(env, wiki, layout.papers_dir, layout.paper_src, layout.digest_src,
                             front_matter, page_size,
                             lambda src: layout.url(src), render))
    papers_dir = layout.papers_dir
    if len(wiki.papers) > page_size:
        # URLs relative to the JSON's folder: the script resolves them against the JSON's URL
        out.append((f"{papers_dir}/{PAPERS_JSON}",
                    papers_json(wiki, lambda p: relative(layout.url(layout.paper_src(p)),
                                                         papers_dir)), True))
    authors_src = f"{papers_dir}/{reader.AUTHORS_SRC}"
    put(render_author_indexes(env, reader.authors_rows(wiki, link_from(authors_src)),
                              authors_src, front_matter, page_size, link_from, render))
    years_src = f"{papers_dir}/{reader.YEARS_SRC}"
    put(render_year_indexes(env, reader.years_rows(wiki, link_from(years_src)), years_src,
                            front_matter, page_size, link_from, render))
    return out

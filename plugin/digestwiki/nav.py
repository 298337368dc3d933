"""Digests in the site navigation: year and month sections, not every digest.

A sidebar listing every digest grows with the wiki (54 KB of every page of a 5,500-note wiki).
The plugin's ``on_nav`` hook hands the navigation to :func:`group_digests`, which replaces the
digest pages of the section holding them by one section per year (newest first) and, when a
year holds more than ``month_threshold`` digests, a link per month. A year section holds its
index page (``digests/YYYY/index.md``, made by ``indexes.py``, which Material's
``navigation.indexes`` shows as the section's own link) and the month pages
(``digests/YYYY/MM/index.md``). The digest pages themselves stay out of the sidebar but keep
their year as parent (the section is open on them; the plugin marks the month's link active)
and keep previous/next links in date order.
Without those index pages (a hand-written digests index), the digests are listed in the
sections as before. Undated digests go last, under :data:`UNDATED`.

Years, months and the sections MkDocs names after the digests and papers folders are shown in
the site's language (``2021년``, ``2021년 6월``, ``노트``); the keys, paths and anchors stay
ASCII (``2021``, ``2021-06``, ``digests/undated/``).

Plain functions over MkDocs' navigation objects: no plugin state, easy to test.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import dirname_to_title

from .escape import html_text
from .i18n import FALLBACK, UNDATED, Translate, period_title, translator


def _src(item: Any) -> str | None:
    if isinstance(item, Page) and item.file is not None:
        return item.file.src_uri
    return None


def date_groups(ordered: Sequence[tuple[str, str | None]], month_threshold: int = 6
                ) -> list[tuple[str, list[Any]]]:
    """Group ``(key, date)`` pairs (already newest first) into years, and months within busy years.

    Returns ``[(year_title, children)]`` where children are keys, or ``(month_title, keys)``
    pairs when the year has more than ``month_threshold`` digests. Dates are ``YYYY-MM-DD``
    or ``YYYY-MM``; anything else (or None) is undated.
    """
    years: dict[str, list[tuple[str, str | None]]] = {}
    for key, date in ordered:
        year = date[:4] if date and len(date) >= 4 and date[:4].isdigit() else UNDATED
        years.setdefault(year, []).append((key, date))
    dated = sorted((y for y in years if y != UNDATED), reverse=True)
    out: list[tuple[str, list[Any]]] = []
    for year in dated + ([UNDATED] if UNDATED in years else []):
        members = years[year]
        if year == UNDATED or len(members) <= month_threshold:
            out.append((year, [k for k, _ in members]))
            continue
        months: dict[str, list[str]] = {}
        for key, date in members:
            month = date[:7] if date and len(date) >= 7 and date[5:7].isdigit() else year
            months.setdefault(month, []).append(key)
        out.append((year, [(m, months[m]) for m in sorted(months, reverse=True)]))
    return out


def _link(items: list[Any], parent: Section | None) -> None:
    for item in items:
        item.parent = parent
        if isinstance(item, Section):
            _link(item.children, item)


def _pages(items: list[Any]) -> list[Page]:
    out: list[Page] = []
    for item in items:
        if isinstance(item, Section):
            out += _pages(item.children)
        elif isinstance(item, Page):
            out.append(item)
    return out


@dataclass
class Sections:
    """The digest sections: ``years`` is ``[(year, year_src, [(month, month_src)])]`` and
    ``parent_of`` maps every digest to the source of the section page that lists it."""

    years: list[tuple[str, str, list[tuple[str, str]]]] = field(default_factory=list)
    parent_of: dict[str, str] = field(default_factory=dict)


def plan_sections(ordered: Sequence[tuple[str, str | None]], digests_dir: str,
                  month_threshold: int = 6) -> tuple[Sections, list[tuple[Any, ...]]]:
    """Which year and month pages exist and what each lists, from ``(src, date)`` pairs
    (newest first). The plan is ``(kind, src, title, members)`` with kind ``month`` (member
    digest srcs), ``year`` (members ``(month, month_src, digest srcs)``) or ``year-digests``."""
    sections = Sections()
    plan: list[tuple[Any, ...]] = []
    for year, members in date_groups(ordered, month_threshold):
        ydir = f"{digests_dir}/{year.lower() if year == UNDATED else year}"
        year_src = f"{ydir}/index.md"
        months: list[tuple[str, str]] = []
        if members and isinstance(members[0], tuple):
            month_rows = []
            for month, keys in members:
                month_src = f"{ydir}/{month[5:7] if len(month) >= 7 else '00'}/index.md"
                months.append((month, month_src))
                for k in keys:
                    sections.parent_of[k] = month_src
                plan.append(("month", month_src, month, keys))
                month_rows.append((month, month_src, keys))
            plan.append(("year", year_src, year, month_rows))
        else:
            for k in members:
                sections.parent_of[k] = year_src
            plan.append(("year-digests", year_src, year, members))
        sections.years.append((year, year_src, months))
    return sections, plan


def _regroup(children: list[Any], ordered: Sequence[tuple[str, str | None]],
             month_threshold: int, sections: Sections | None,
             pages: Mapping[str, Page], t: Translate
             ) -> tuple[list[Any], dict[str, list[Page]]] | None:
    """New children for a nav level holding digest pages, and the digests each index page
    lists (for previous/next); None when this level holds none."""
    digests = set(dict(ordered))
    if not any(_src(c) in digests for c in children):
        return None
    owned = set(digests)
    if sections is not None:
        owned |= {src for _, src, months in sections.years for src in
                  [src] + [m for _, m in months]}

    def ours(item: Any) -> bool:  # a digest, or a section page (or folder) of ours
        if isinstance(item, Section):
            return all(ours(c) for c in item.children)
        return _src(item) in owned

    kept = [c for c in children if not ours(c)]
    listed: dict[str, list[Page]] = {}
    groups: list[Any] = []
    if sections is not None and all(src in pages for _, src, _ in sections.years):
        by_parent: dict[str, list[Page]] = {}
        for src, _ in ordered:
            if src in pages and src in sections.parent_of:
                by_parent.setdefault(sections.parent_of[src], []).append(pages[src])
        for year, year_src, months in sections.years:
            items: list[Any] = [pages[year_src]]
            for _, month_src in months:
                if month_src in pages:
                    items.append(pages[month_src])  # a link: a section costs 4x the HTML
                    listed[month_src] = by_parent.get(month_src, [])
            listed[year_src] = by_parent.get(year_src, [])
            groups.append(Section(html_text(period_title(year, t)), items))
        return kept + groups, listed
    for year, members in date_groups([(s, d) for s, d in ordered if s in pages],
                                     month_threshold):
        year_items: list[Any] = []
        for member in members:
            if isinstance(member, tuple):
                year_items.append(Section(html_text(period_title(member[0], t)),
                                          [pages[k] for k in member[1]]))
            else:
                year_items.append(pages[member])
        # the theme prints titles raw
        groups.append(Section(html_text(period_title(year, t)), year_items))
    return kept + groups, listed


def _holds(item: Any, srcs: set[str]) -> bool:
    if isinstance(item, Section):
        return any(_holds(c, srcs) for c in item.children)
    return _src(item) in srcs


def main_first(items: list[Any], srcs: set[str]) -> list[Any]:
    """Top-level items holding any of ``srcs`` (the digests, the papers) move up to just
    after the leading pages (the home page), keeping their order; the rest follow."""
    lead = 0
    while lead < len(items) and not isinstance(items[lead], Section) and \
            not _holds(items[lead], srcs) and _src(items[lead]) in ("index.md", "README.md"):
        lead += 1
    main = [i for i in items[lead:] if _holds(i, srcs)]
    rest = [i for i in items[lead:] if not _holds(i, srcs)]
    return items[:lead] + main + rest


def folder_title(src: str) -> str:
    """The title MkDocs gives the section it makes of ``src``'s folder (``digests/index.md``
    -> ``Digests``) when mkdocs.yml has no ``nav``: mkdocs.structure.nav's rule."""
    return dirname_to_title(posixpath.basename(posixpath.dirname(src)))


def name_sections(items: list[Any], names: Mapping[str, str]) -> None:
    """Sections MkDocs named after our folders ("Digests", "Papers") take their name in the
    site's language: ``names`` maps an index page's source to that name. Only a section that
    holds the page and still has its folder's title is renamed; a name the owner gave a
    section in ``nav`` stays (unless it is the very folder title)."""
    for item in items:
        if not isinstance(item, Section):
            continue
        for child in item.children:
            src = _src(child)
            if src is not None and src in names and item.title == folder_title(src):
                item.title = html_text(names[src])  # the theme prints titles raw
        name_sections(item.children, names)


def group_digests(nav: Navigation, ordered: Sequence[tuple[str, str | None]],
                  month_threshold: int = 6, main: Sequence[str] = (),
                  sections: Sections | None = None,
                  known: Mapping[str, Page] | None = None, language: str = FALLBACK,
                  names: Mapping[str, str] | None = None) -> Navigation:
    """Regroup the digest pages of ``nav`` by date.

    ``ordered`` lists ``(src_uri, date)`` of every digest page, newest first. The level of
    the nav holding digest pages gets year (and month) sections instead: with ``sections``
    (and their index pages in the nav) each section shows only its index page; otherwise the
    digests are listed in them. Previous/next links and parents are recomputed so Material's
    footer follows dates. ``known`` maps sources to pages outside the nav too (MkDocs makes a
    Page of every file), so section pages left out of the nav are still found. When ``main``
    names pages (e.g. the papers index), the top-level items holding them or the digests come
    first after the home page. Year and month sections are named in ``language``; ``names``
    maps an index page's source (``digests/index.md``) to the name, in the site's language,
    of the section MkDocs made of its folder (see :func:`name_sections`).
    """
    dates: Mapping[str, str | None] = dict(ordered)
    all_pages = _pages(nav.items)
    name_sections(nav.items, names or {})
    if not any(_src(p) in dates for p in all_pages):
        return nav
    t = translator(language)
    by_src = {_src(p): p for p in all_pages if _src(p) is not None}
    pages: dict[str, Page] = {**(known or {}),
                              **{k: v for k, v in by_src.items() if k is not None}}
    listed: dict[str, list[Page]] = {}
    created: set[int] = set()

    def walk(items: list[Any]) -> list[Any]:
        regrouped = _regroup(items, ordered, month_threshold, sections, pages, t)
        if regrouped is not None:
            before = {id(i) for i in items}
            created.update(id(i) for i in regrouped[0]
                           if isinstance(i, Section) and id(i) not in before)
            items = regrouped[0]
            listed.update(regrouped[1])
        for item in items:
            if isinstance(item, Section) and id(item) not in created:
                item.children = walk(item.children)
        return items

    items = walk(list(nav.items))
    if main:
        items = main_first(items, set(main) | set(dates) | set(listed))
    _link(items, None)
    order: list[Page] = []
    for page in _pages(items):
        order.append(page)
        for digest in listed.get(_src(page) or "", []):
            # its year section opens on the digest (the plugin highlights the month's link)
            digest.parent = page.parent
            order.append(digest)
    for before, page, after in zip([None, *order[:-1]], order, [*order[1:], None], strict=True):
        page.previous_page = before
        page.next_page = after
    nav.items = items
    nav.pages = order
    return nav


_SCRIPT = re.compile(r"<script\b.*?</script>", re.S | re.I)
_GAP = re.compile(r">\s+<")
_INDENT = re.compile(r"\n\s+")


def _squeeze(html: str) -> str:
    out, pos = [], 0
    for m in _SCRIPT.finditer(html):
        out.append(_INDENT.sub("\n", _GAP.sub(">\n<", html[pos:m.start()])))
        out.append(m.group(0))
        pos = m.end()
    out.append(_INDENT.sub("\n", _GAP.sub(">\n<", html[pos:])))
    return "".join(out)


def compact_chrome(page_html: str) -> str:
    """The page outside its article (header, sidebars, footer) without the theme's
    indentation: Material's templates spend 900 bytes of whitespace on each sidebar item.
    Runs of whitespace become one newline, which renders the same outside ``<pre>`` (none
    there) and scripts (left as they are)."""
    start = page_html.find("<body")
    article = page_html.find("<article")
    end = page_html.rfind("</article>")
    if start < 0 or article < 0 or end < article:
        return page_html
    return (page_html[:start] + _squeeze(page_html[start:article]) + page_html[article:end]
            + _squeeze(page_html[end:]))

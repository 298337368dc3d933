"""Digests in the site navigation: grouped by year (and month), newest first.

MkDocs' automatic navigation lists the digest pages alphabetically in one long section. The
plugin's ``on_nav`` hook hands the navigation to :func:`group_digests`, which replaces the
digest pages of every section holding them with one section per year (newest first) and,
when a year holds more than ``month_threshold`` digests, one sub-section per month. Anything
else in the section (its index page first of all, which Material's ``navigation.indexes``
shows as the section's own page) stays where it was. Undated digests go last, under
``undated_title``.

Plain functions over MkDocs' navigation objects: no plugin state, easy to test.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from .escape import html_text

UNDATED = "Undated"


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


def _regroup(children: list[Any], ordered: Sequence[tuple[str, str | None]],
             month_threshold: int) -> list[Any] | None:
    pages = {_src(c): c for c in children if _src(c) is not None}
    here = [(src, date) for src, date in ordered if src in pages]
    if not here:
        return None
    kept = [c for c in children if _src(c) not in dict(here)]
    groups: list[Any] = []
    for year, members in date_groups(here, month_threshold):
        items: list[Any] = []
        for member in members:
            if isinstance(member, tuple):
                items.append(Section(html_text(member[0]), [pages[k] for k in member[1]]))
            else:
                items.append(pages[member])
        groups.append(Section(html_text(year), items))  # the theme prints titles raw
    return kept + groups


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


def group_digests(nav: Navigation, ordered: Sequence[tuple[str, str | None]],
                  month_threshold: int = 6, main: Sequence[str] = ()) -> Navigation:
    """Regroup the digest pages of ``nav`` by date.

    ``ordered`` lists ``(src_uri, date)`` of every digest page, newest first. Sections (or the
    top level) that hold digest pages get year/month sections instead; previous/next links
    and parents are recomputed so Material's footer follows the new order. When ``main``
    names pages (e.g. the papers index), the top-level items holding them or the digests
    come first after the home page.
    """
    dates: Mapping[str, str | None] = dict(ordered)
    if not any(_src(p) in dates for p in _pages(nav.items)):
        return nav

    created: set[int] = set()

    def walk(items: list[Any]) -> list[Any]:
        regrouped = _regroup(items, ordered, month_threshold)
        if regrouped is not None:
            before = {id(i) for i in items}
            created.update(id(i) for i in regrouped
                           if isinstance(i, Section) and id(i) not in before)
            items = regrouped
        for item in items:
            if isinstance(item, Section) and id(item) not in created:
                item.children = walk(item.children)
        return items

    items = walk(list(nav.items))
    if main:
        items = main_first(items, set(main) | set(dates))
    _link(items, None)
    pages = _pages(items)
    for before, page, after in zip([None, *pages[:-1]], pages, [*pages[1:], None], strict=True):
        page.previous_page = before
        page.next_page = after
    nav.items = items
    nav.pages = pages
    return nav

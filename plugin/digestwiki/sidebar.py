"""Material's sidebar (``partials/nav.html``) rendered once per kind of page, not per page.

At 5,500 notes the sidebar cost 9 s of a 136 s build (16,600 pages, a third of the time in
templates), rendered again for every page though it is the same on all paper pages, and on
all the notes of one month. What it shows depends on the navigation (fixed for a build),
on which of its items are active, and on where the page sits (its links are relative). A
page the sidebar lists itself (an index page) is rendered as before: the sidebar holds its
table of contents.

The plugin puts :data:`THEME_DIR` just before Material's templates, so an owner's own
``partials/nav.html`` (in ``custom_dir``) still wins; the partial there calls the
``digestwiki_sidebar()`` global (:func:`install`), which renders the theme's own partial
through the ``digestwiki-theme/`` name and keeps the HTML for the next page with the same key.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.theme import Theme

THEME_DIR = str(Path(__file__).parent / "theme")
NEXT = "digestwiki-theme"  # the templates after ours, under this prefix
REUSE = True  # tests turn it off to compare the built pages


# A navigation's items in order, the ids of those items, and their URLs: walked once a build.
Shape = dict[int, tuple[list[Any], frozenset[int], tuple[str, ...]]]


def add_theme_dir(theme: Theme) -> None:
    """Our templates just before Material's (after the owner's ``custom_dir``)."""
    if theme.name == "material" and THEME_DIR not in theme.dirs:
        theme.dirs.insert(1 if theme.custom_dir else 0, THEME_DIR)


def install(env: jinja2.Environment, theme_dirs: list[str]) -> None:
    """The ``digestwiki_sidebar()`` global, with a cache for this build only (the navigation changes
    between `mkdocs serve` builds), and the templates after ours under :data:`NEXT`."""
    if THEME_DIR not in theme_dirs:
        return
    after = theme_dirs[theme_dirs.index(THEME_DIR) + 1:]
    assert env.loader is not None
    env.loader = jinja2.ChoiceLoader([
        env.loader, jinja2.PrefixLoader({NEXT: jinja2.FileSystemLoader(after)})])
    kept: dict[tuple[object, ...], str] = {}
    shape: Shape = {}

    @jinja2.pass_context
    def sidebar(context: jinja2.runtime.Context) -> str:
        page, nav = context.get("page"), context.get("nav")
        key = sidebar_key(page, nav, shape) if REUSE else None
        if key is not None and key in kept:
            return kept[key]
        html = render(context)
        if key is not None:
            kept[key] = html
        return html

    env.globals["digestwiki_sidebar"] = sidebar


def render(context: jinja2.runtime.Context) -> str:
    """The theme's own sidebar for the page of ``context``."""
    return context.environment.get_template(f"{NEXT}/partials/nav.html").render(
        context.get_all())


def _walk(items: list[Any]) -> list[Any]:
    out = []
    for item in items:
        out.append(item)
        out.extend(_walk(getattr(item, "children", None) or []))
    return out


def sidebar_key(page: Any, nav: Any, shape: Shape) -> tuple[object, ...] | None:
    """What the sidebar of ``page`` depends on, or None when it is the page's own.

    Its items that are active, and the folder its relative links start from. Two pages in one
    folder get the same links unless one of the sidebar's pages lies inside a page's own
    folder (``a/`` and ``a/b/``): that page keeps its own sidebar. ``shape`` remembers the
    navigation's items (one walk per build)."""
    if page is None or nav is None or not isinstance(getattr(page, "url", None), str):
        return None
    if id(nav) not in shape:
        shape.clear()
        items = _walk(nav.items)
        urls = tuple(u for u in (getattr(i, "url", None) for i in items) if isinstance(u, str))
        shape[id(nav)] = (items, frozenset(id(i) for i in items), urls)
    items, listed, urls = shape[id(nav)]
    url: str = page.url
    if id(page) in listed or (url.endswith("/") and any(u.startswith(url) for u in urls)):
        return None
    active = tuple(i for i, item in enumerate(items) if item.active)
    return (active, url.endswith("/"), posixpath.dirname(url.rstrip("/")))

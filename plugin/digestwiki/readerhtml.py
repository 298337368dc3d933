"""Small edits of finished HTML for readers: the tags under a digest's date line, filter data on
index rows, the 404 page in the site's language, the script's strings in the page head.

String in, string out, on HTML the build itself produced (Material's templates and our own
pages), so a few anchored regular expressions are enough; nothing here parses a note.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping

from .i18n import Translate

_TAGS = re.compile(r'[ \t]*<nav class="md-tags"[^>]*>.*?</nav>\n?', re.S)
_META = re.compile(r'<p class="dw-digest-meta"[^>]*>.*?</p>', re.S)


def tags_below_meta(page: str) -> str:
    """Material prints a page's tags above its H1; a digest's header reads title, then the
    date / counts / BibTeX line, then tags."""
    tags, meta = _first(_TAGS, page, '<nav class="md-tags"'), _first(_META, page, _META_AT)
    if not tags or not meta or tags.start() > meta.start():
        return page
    nav = tags.group(0).strip()
    without = page[:tags.start()] + page[tags.end():]
    meta = _first(_META, without, _META_AT)
    assert meta is not None
    return without[:meta.end()] + "\n" + nav + without[meta.end():]


_META_AT = '<p class="dw-digest-meta"'


def _first(pattern: re.Pattern[str], page: str, literal: str) -> re.Match[str] | None:
    """``pattern.search(page)`` for a pattern that starts with ``literal`` (after blanks):
    found with str.find first, since a regex scan of a whole page costs ten times more."""
    at = page.find(literal)
    if at < 0:
        return None
    while at > 0 and page[at - 1] in " \t":
        at -= 1
    return pattern.match(page, at)


_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_HREF = re.compile(r'<a\b[^>]*?\bhref="([^"#]*)')


def annotate_rows(content: str, attrs_by_href: Mapping[str, Mapping[str, str]]
                  | Callable[[], Mapping[str, Mapping[str, str]]]) -> str:
    """Give every table row whose first link is a paper page that paper's data attributes
    (authors, ids, nicknames, sort title) for the index tables' filter and sort.

    ``attrs_by_href`` may be a function making the mapping: it is called only when a bare row
    (``<tr>``, no attributes yet) links somewhere, so pages whose rows already carry their
    data (the generated indexes) cost one scan."""
    table: list[Mapping[str, Mapping[str, str]]] = []

    def row(m: re.Match[str]) -> str:
        link = _HREF.search(m.group(1))
        if not link:
            return m.group(0)
        if not table:
            table.append(attrs_by_href() if callable(attrs_by_href) else attrs_by_href)
        attrs = table[0].get(html.unescape(link.group(1)))
        if not attrs:
            return m.group(0)
        extra = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in attrs.items())
        return f"<tr{extra}>{m.group(1)}</tr>"

    return _ROW.sub(row, content)


_NOT_FOUND = re.compile(r"<h1>404 - Not found</h1>")


def not_found(page: str, t: Translate, links: list[tuple[str, str]]) -> str:
    """Material's 404 page, in the site's language and with a way back (``links``: name, URL;
    absolute paths, since the page is served at whatever address was missing)."""
    items = "".join(f'<li><a href="{html.escape(url)}">{html.escape(name)}</a></li>'
                    for name, url in links)
    body = (f'<h1>{html.escape(t("404.title"))}</h1>\n<p>{html.escape(t("404.body"))}</p>\n'
            f'<ul class="dw-404-links">{items}</ul>')
    return _NOT_FOUND.sub(lambda _: body, page, count=1)


def strings_script(json_text: str) -> str:
    """The script's strings, read by assets/digestwiki.js (``#dw-strings``). ``<`` is written
    as ``\\u003c`` so no text inside can close the element."""
    json_text = json_text.replace("<", "\\u003c")
    return f'<script type="application/json" id="dw-strings">{json_text}</script>'

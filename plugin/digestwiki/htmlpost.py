"""Finishing touches on a digest page's HTML, after Markdown has run.

Every paper link written in commentary (a mention) gets the anchor its backlink points to,
and a small "wiki" link to the paper's page beside the author's own link. Working on the
HTML makes this one mechanism for all shapes (plain text, Markdown, Jekyll HTML).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from .identity import allocate, paper_links, slug

_A_TAG = re.compile(r"<a\b([^>]*)>(.*?)</a\s*>", re.IGNORECASE | re.DOTALL)
_HREF = re.compile(r"\bhref\s*=\s*\"([^\"]*)\"|\bhref\s*=\s*'([^']*)'", re.IGNORECASE)


def decorate_mentions(page_html: str, wiki_href: Callable[[str], tuple[str, str] | None]
                      ) -> tuple[str, set[str]]:
    """Add ``id="mention-<slug>[-n]"`` and a wiki link after each paper link.

    ``wiki_href(paper_id)`` gives (relative URL of the paper page, title), or None when the
    id is not a wiki paper. Returns the HTML and the anchors it added (MkDocs validates
    links to them after this step, so they must be registered on the page).
    """
    used: set[str] = set()
    added: set[str] = set()

    def repl(m: re.Match[str]) -> str:
        attrs, inner = m.group(1), m.group(2)
        if "dw-entry-link" in attrs or "dw-wiki" in attrs:
            return m.group(0)
        href = _HREF.search(attrs)
        if not href:
            return m.group(0)
        found = paper_links(html.unescape(href.group(1) or href.group(2) or ""))
        if not found:
            return m.group(0)
        pid = found[0].id
        target = wiki_href(pid)
        if target is None:
            return m.group(0)
        anchor = allocate(f"mention-{slug(pid)}", used)
        if not re.search(r"(?:^|\s)id\s*=", attrs):
            attrs = f' id="{anchor}"' + attrs
            added.add(anchor)
        url, title = target
        badge = (f'<a class="dw-wiki" href="{html.escape(url)}" '
                 f'title="{html.escape(title)} — wiki page">wiki</a>')
        return f"<a{attrs}>{inner}</a>{badge}"

    return _A_TAG.sub(repl, page_html), added


def place_missing(page_html: str, missing: list[tuple[str, str | None]]) -> str:
    """Anchors for mentions the HTML has no link for (a link in a code span, broken markup):
    put each just under the heading of the section it was written in, so its backlink still
    lands near the sentence instead of on a missing anchor."""
    for anchor, section in missing:
        span = f'<span id="{html.escape(anchor)}" class="dw-anchor"></span>'
        m = None
        if section:
            m = re.search(rf'<h([1-6])\b[^>]*\bid="{re.escape(section)}"[^>]*>.*?</h\1>',
                          page_html, re.DOTALL)
        if m:
            page_html = page_html[: m.end()] + span + page_html[m.end():]
        else:
            page_html = span + page_html
    return page_html

"""HTML written inside notes (Jekyll posts, Markdown notes) through an allowlist sanitizer.

nh3 (the Python binding of the Rust ``ammonia`` crate) parses the fragment the way a browser
does (html5ever) and keeps only the tags and attributes listed here: hand-written regexes or a
blocklist would miss the next ``<svg onload>`` or ``java&#x09;script:``. What stays is what a
note legitimately uses: formatting, links, images and figures, tables, ``details``, code, and
``span``/``div`` with a class or id. ``<script>``, ``<style>``, frames, forms, event handlers
(``on*``), ``style`` attributes and ``javascript:``/``data:`` URLs go.
"""

from __future__ import annotations

import nh3

ALLOWED_TAGS = frozenset({
    # text formatting
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "del", "dfn", "em", "i", "ins",
    "kbd", "mark", "q", "s", "samp", "small", "strong", "sub", "sup", "time", "u", "var",
    "wbr", "span",
    # blocks
    "p", "div", "blockquote", "pre", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
    "ul", "ol", "li", "dl", "dt", "dd", "details", "summary", "figure", "figcaption",
    "center", "font",
    # images
    "img", "picture",
    # tables
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
    # the page's own controls (the digest header's "Copy all BibTeX")
    "button",
})

# Dropped together with everything inside them (a script's text is not prose).
REMOVED_WITH_CONTENT = frozenset({
    "script", "style", "iframe", "object", "embed", "noscript", "template", "textarea",
    "select", "svg", "math", "frameset", "frame", "noembed", "noframes", "applet",
})

ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href", "name", "target", "download"},
    "button": {"type"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "time": {"datetime"},
    "details": {"open"},
    "font": {"color", "size"},
    "blockquote": {"cite"},
    "q": {"cite"},
    # md_in_html: lets Markdown inside a block be rendered by Python-Markdown afterwards.
    "div": {"markdown"},
    "span": {"markdown"},
    "figure": {"markdown"},
    "figcaption": {"markdown"},
    "summary": {"markdown"},
}

# Links and images may be web, mail or relative URLs; anything with another scheme
# (javascript:, data:, vbscript:, file:) loses the attribute.
URL_SCHEMES = frozenset({"http", "https", "mailto"})

_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(REMOVED_WITH_CONTENT),
    attributes={k: set(v) for k, v in ATTRIBUTES.items()},
    url_schemes=set(URL_SCHEMES),
    link_rel=None,  # browsers open target=_blank links without an opener already
    generic_attribute_prefixes={"data-"},  # inert text for our scripts and Material's
    strip_comments=True,
)


def sanitize_note_html(html: str) -> str:
    """``html`` with only allowlisted tags, attributes and URL schemes left (see module doc).

    The plugin runs it over a digest page's whole rendered content (``on_page_content``),
    so a note's HTML cannot get past it whatever Markdown made of it."""
    return _CLEANER.clean(html)

"""Escaping at the boundary: every text a contributor or a service wrote goes through here.

One function per output language. Callers never hand-roll escaping: when a value reaches
HTML, a URL, Markdown, YAML front matter, XML (the feed), BibTeX or a GitHub workflow log,
it passes through the matching function below.

Chosen tools: the standard library (``html``, ``urllib.parse``, ``xml.sax.saxutils``),
``yaml.safe_dump`` for YAML scalars and ``latexcodec`` for LaTeX; nothing hand-written
where a kept library already does the job.
"""

from __future__ import annotations

import codecs
import html
import re
from typing import Any
from urllib.parse import quote, urlsplit

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
import yaml

# --- plain text clean-up ----------------------------------------------------------------------

# C0/C1 controls (tab and newline handled separately) and the Unicode line/paragraph separators.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85\x0b\x0c]+")
# Characters XML 1.0 forbids anywhere in a document (NUL among them).
_XML_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def one_line(value: Any) -> str:
    """A value as one line of text: line breaks become spaces, control characters go."""
    text = _LINE_BREAKS.sub(" ", str(value))
    return _CONTROL.sub("", text.replace("\t", " "))


# --- HTML -------------------------------------------------------------------------------------


def html_text(value: Any) -> str:
    """Text between HTML tags (also inside ``<title>``): shown as written, never markup."""
    return html.escape(_CONTROL.sub("", str(value)), quote=True)


def html_attr(value: Any) -> str:
    """A double- or single-quoted attribute value, on one line."""
    return html.escape(one_line(value), quote=True)


# --- URLs -------------------------------------------------------------------------------------

SAFE_SCHEMES = ("http", "https")
# Characters kept as they are in a URL; everything else (spaces, quotes, parentheses, <, >,
# backticks, backslashes, non-ASCII) is percent-encoded so the URL cannot end a Markdown link
# destination or an HTML attribute early.
_URL_SAFE = ":/?#[]@!$&*+,;=%~-._"


def safe_url(value: Any, *, relative: bool = False) -> str | None:
    """``value`` if it is an http(s) URL (or, with ``relative``, a scheme-less relative URL),
    percent-encoded for Markdown and HTML; None for anything else (``javascript:``, ``data:``,
    ``vbscript:``, protocol-relative ``//host``...).

    Browsers ignore tabs, newlines and leading controls inside a URL (``java\\tscript:``), so
    those are removed before the scheme is judged.
    """
    if value is None:
        return None
    # What the URL standard does: strip leading/trailing C0 controls and spaces, drop tabs and
    # line breaks anywhere; other controls are dropped too (they are never part of a URL).
    text = re.sub(r"^[\x00-\x20]+|[\x00-\x20]+$", "", str(value))
    text = re.sub(r"[\x00-\x1f\x7f]", "", text)
    if not text:
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme:
        if parts.scheme.lower() not in SAFE_SCHEMES or not parts.netloc:
            return None
    elif not relative or text.startswith("//") or text.startswith("\\") or ":" in text.split(
            "/", 1)[0]:
        return None
    return quote(text, safe=_URL_SAFE)


def url_part(value: Any) -> str:
    """One path segment or query value of a URL we build (``https://doi.org/{doi}``)."""
    return quote(one_line(value).strip(), safe="/:.-_~")


# --- Markdown ---------------------------------------------------------------------------------

# Python-Markdown's escapable characters (with the tables extension's "|"); "<" and "&" are
# written as entities instead, because "\<" is not an escape there and would show its "\".
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")


def md_text(value: Any) -> str:
    """Inline Markdown text that shows exactly as written: no markup, no HTML, no entity.

    Markdown punctuation is backslash-escaped, ``&`` becomes ``&amp;`` (so ``&lt;script&gt;``
    stays those characters) and line breaks become spaces (a title cannot start a new block).
    """
    text = one_line(value).replace("&", "&amp;").replace("<", "&lt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_code(value: Any) -> str:
    """An inline code span holding ``value`` verbatim (fence longer than any backtick run)."""
    text = one_line(value)
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def md_fence(value: Any, lang: str = "") -> str:
    """A fenced code block holding ``value`` verbatim: the fence is longer than any backtick
    run inside, so a provider's text cannot close it and continue as Markdown or HTML."""
    text = _CONTROL.sub("", str(value)).strip("\n")
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{re.sub(r'[^A-Za-z0-9_+-]', '', lang)}\n{text}\n{fence}"


# --- YAML -------------------------------------------------------------------------------------


def yaml_scalar(value: Any) -> str:
    """One YAML scalar (a string, number, bool or None) as a flow value on one line."""
    if not isinstance(value, (str, int, float, bool)) and value is not None:
        value = str(value)
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**9)
    return dumped.removesuffix("\n...\n").strip()


# Front-matter keys whose values Material prints raw into the page's HTML.
HTML_META_KEYS = ("title", "description", "subtitle", "tags")


def meta_for_theme(data: dict[str, Any]) -> dict[str, Any]:
    """Front matter with the values the theme outputs unescaped made safe HTML text.

    Material writes ``page.meta.title`` into ``<title>``, the header and the navigation, the
    ``description`` into a ``<meta>`` attribute and tag names into the tags index, all without
    escaping: the values are escaped here, once, on one line each.
    """
    out = dict(data)
    for key in HTML_META_KEYS:
        if key not in out or out[key] is None:
            continue
        if isinstance(out[key], list):
            out[key] = [html_attr(v) for v in out[key] if v is not None]
        else:
            out[key] = html_attr(out[key])
    return out


# --- XML --------------------------------------------------------------------------------------


def xml_text(value: Any) -> str:
    """Text or attribute value of an XML 1.0 document: characters XML forbids (NUL, most
    controls, lone surrogates) are dropped, then ``& < > " '`` are escaped."""
    text = _XML_FORBIDDEN.sub("", str(value))
    return html.escape(text, quote=True)


# --- BibTeX -----------------------------------------------------------------------------------

_TEX_SPECIAL = {
    "\\": "\ue000", "{": "\ue001", "}": "\ue002", "$": "\ue003", "^": "\ue004",
}
_TEX_BACK = {
    "\ue000": r"\textbackslash{}", "\ue001": r"\textbraceleft{}",
    "\ue002": r"\textbraceright{}", "\ue003": r"\$", "\ue004": r"\textasciicircum{}",
}


def bibtex_text(value: Any) -> str:
    """A BibTeX field value as text, never LaTeX: ``\\input``, ``\\write18`` and unbalanced
    braces become printable characters (braces as ``\\textbraceleft{}``, which keeps BibTeX's
    brace count balanced). Accents and symbols go through latexcodec; other characters
    (Korean, CJK) are kept as they are."""
    text = one_line(value)
    text = "".join(_TEX_SPECIAL.get(c, c) if c not in _TEX_BACK else "" for c in text)
    encoded = str(codecs.encode(text, "ulatex", "keep"))
    for placeholder, tex in _TEX_BACK.items():
        encoded = encoded.replace(placeholder, tex)
    return encoded


# --- GitHub workflow commands -----------------------------------------------------------------


def gh_data(value: Any) -> str:
    """The message part of a workflow command (``::error file=..::<data>``)."""
    return str(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def gh_property(value: Any) -> str:
    """A property value of a workflow command (``file=``, ``title=``)."""
    return gh_data(value).replace(":", "%3A").replace(",", "%2C")


def gh_log_line(value: Any) -> str:
    """One plain line of a log the GitHub runner reads: it can never be (or contain) a
    workflow command. Line breaks are shown as ``\\n``; a line that would start with ``::`` or
    hold the legacy ``##[`` command marker is defused."""
    text = str(value)
    text = (text.replace("\r\n", "\\n").replace("\r", "\\r").replace("\n", "\\n")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\x85"))
    text = text.replace("##[", "#\u200b#[")
    if text.lstrip().startswith("::"):
        text = "> " + text
    return text

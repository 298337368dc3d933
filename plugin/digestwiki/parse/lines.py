"""Reading one line: what markup it has and what a reader would see of it."""

from __future__ import annotations

import html
import re

from ..identity import ANY_URL
from .text import collapse

HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+|^\s*<h([1-6])\b", re.IGNORECASE)
BULLET = re.compile(r"^\s*(?:[-*+•]|\d+[.)]|\[\d+\]|\(\d+\))\s+")
TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HTML_A = re.compile(r"<a\b[^>]*\bhref\s*=\s*[\"']([^\"']+)[\"'][^>]*>(.*?)</a\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")

PRESENTATION = re.compile(
    r"\s*[(\[]\s*(oral|spotlight|poster|long|short|talk|invited(?: talk)?|"
    r"contributed talk|best paper(?: award)?|outstanding paper(?: award)?|workshop|demo)"
    r"\s*[)\]]\s*$",
    re.IGNORECASE,
)
NUMBERING = re.compile(r"^\s*(?:(?:\d{1,3}|[ivx]{1,4})[.)]|\[\d{1,3}\]|\(\d{1,3}\))\s+",
                       re.IGNORECASE)
# "Title:" / "제목:" written before a title, and "Link:" / "논문:" before a URL: labels, not text.
TITLE_LABEL = re.compile(r"^\s*(?:title|paper|제목|논문)\s*[:：]\s*", re.IGNORECASE)
LINK_LABEL = re.compile(
    r"^\s*(?:link|url|paper|arxiv|pdf|openreview|abs|링크|논문|주소)\s*[:：]?\s*$", re.IGNORECASE)
# ", Kaplan et al." after a title names its first author only: not part of the title.
ET_AL = re.compile(r"[,(]?\s*(?:by\s+)?[A-Z][\w\-'’]+(?:\s+[A-Z][\w\-'’]+)?\s+et\s+al\.?\)?\s*$")


def is_heading(line: str) -> bool:
    return bool(HEADING.match(line))


def link_texts(line: str) -> list[tuple[str, str]]:
    """(url, text) of each Markdown and HTML link in the line."""
    pairs = [(m.group(2), m.group(1)) for m in _MD_LINK.finditer(line)]
    pairs += [(m.group(1), m.group(2)) for m in _HTML_A.finditer(line)]
    return pairs


def visible(line: str, keep_urls: bool = True) -> str:
    """The text a reader sees: markup stripped, link texts kept, bare URLs optional."""
    text = HEADING.sub("", line, count=1)
    text = BULLET.sub("", text, count=1)
    text = re.sub(r"^\s*>\s?", "", text)
    text = _HTML_A.sub(lambda m: " " + m.group(2) + " ", text)
    text = _MD_LINK.sub(lambda m: m.group(1) or m.group(2), text)
    text = _TAG.sub(" ", text)
    text = _EMPHASIS.sub(lambda m: m.group(2), text)
    text = html.unescape(text)
    if not keep_urls:
        text = ANY_URL.sub(" ", text)
    return collapse(text)


def hangul_ratio(text: str) -> float:
    letters = sum(1 for c in text if c.isalpha())
    return len(_HANGUL.findall(text)) / letters if letters else 0.0


def clean_title(text: str) -> tuple[str, str | None]:
    """Strip list numbering and a trailing presentation type: ``1. X (Oral)`` -> (X, Oral)."""
    text = collapse(text)
    text = NUMBERING.sub("", text)
    text = TITLE_LABEL.sub("", text)
    text = ET_AL.sub("", text)
    label = None
    m = PRESENTATION.search(text)
    if m:
        label = m.group(1).title()
        text = text[: m.start()]
    text = text.strip().strip("*_").strip()
    text = re.sub(r"[\s:：\-–—(\[]+$", "", text)
    return text.strip().strip("\"'“”").strip(), label


_PARTICLES = {"van", "von", "der", "den", "de", "da", "di", "del", "della", "la", "le", "du",
              "dos", "das", "ter", "ten", "y", "bin", "al", "el", "zu"}


def _is_name(item: str) -> bool:
    tokens = item.split()
    if not 1 <= len(tokens) <= 6:
        return False
    if len(tokens) == 1:
        # A lone word is a name only in scripts without spaces between given and family name.
        return bool(_HANGUL.search(tokens[0])) and len(tokens[0]) <= 5
    for token in tokens:
        if token.lower() in _PARTICLES:
            continue
        first = token[0]
        if not (first.isupper() or _HANGUL.match(first)):
            return False
        if any(ch.isdigit() for ch in token) or not re.fullmatch(r"[\w.'’\-]+", token):
            return False
    return True


def split_authors(text: str) -> tuple[str, list[str]]:
    """``Title (A, B and C)`` -> (Title, [A, B, C]); text without an author list is kept whole."""
    m = re.match(r"^(.*\S)\s*\(([^()]+)\)\s*$", text)
    if not m:
        return text, []
    items = [i.strip() for i in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*|;\s*", m.group(2))]
    items = [i for i in items if i]
    if items and all(_is_name(i) for i in items):
        return m.group(1).strip(), items
    return text, []


def title_score(text: str) -> int:
    """How much a line looks like a paper title (higher is more). 0 or less: not a title."""
    text = collapse(text)
    if not text or len(text) > 400 or ANY_URL.search(text) or text.startswith("#"):
        return 0
    if hangul_ratio(text) > 0.2:
        return 0
    if not re.search(r"[A-Za-z]", text):
        return 0
    core, authors = split_authors(text)
    words = [w for w in re.findall(r"[A-Za-z][\w'\-]*", core) if len(w) > 3]
    if len(core.split()) > 30:
        return 0
    score = 1
    if authors:
        score += 3
    capitalised = bool(words) and sum(w[0].isupper() for w in words) / len(words) >= 0.5
    if capitalised:
        score += 2
    if ":" in core[: len(core) // 2 + 1] and (capitalised or authors):
        score += 1
    # A sentence ends inside (not an initial, not "vs."): commentary, not a title. Question
    # marks are left alone: "Do You Even Need Attention? A Stack of ..." is one title.
    if re.search(r"(?<![A-Z])(?<!vs)\.\s+\S", core):
        score -= 2
    if core.endswith(".") and not authors:
        score -= 1
    if len(core.split()) == 1 and not authors:
        score -= 1
    return score

"""Note text -> :class:`~digestwiki.model.Digest`.

The dispatcher picks a shape (plain text, Markdown, Jekyll post) from the file name and
content. Shapes differ in how they are *rendered* and in where the title and date live;
finding papers is one set of general rules (:mod:`.entries`) for all of them.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePosixPath

from ..identity import allocate, arxiv_month, slug
from ..model import Digest
from .entries import find_papers
from .lines import HEADING, visible
from .text import normalise, split_front_matter, unquote

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
TEXT_SUFFIXES = (".txt", ".text", "")
DIGEST_SUFFIXES = MARKDOWN_SUFFIXES + (".txt", ".text", ".html")

_NAME_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?(?=$|[-_. ])")
_HEAD_DATE = re.compile(r"^\s*#{1,6}\s*(\d{8}|\d{6}|\d{4}[-./]\d{1,2}[-./]\d{1,2})\b")
_ANY_DATE = re.compile(r"^\s*(\d{4})[-./](\d{1,2})[-./](\d{1,2})")
_LIQUID = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_HASHTAG = re.compile(r"(?:(?<=\s)|^)#([^\W\d_][\w\-]*)", re.UNICODE)
_TAG_STRIP = re.compile(r"<[^>]+>|https?://\S+|`[^`]*`")


def detect_shape(name: str, text: str, meta: dict[str, object]) -> str:
    suffix = PurePosixPath(name).suffix.lower()
    jekyllish = "layout" in meta or bool(_LIQUID.search(text))
    if jekyllish or suffix == ".html":
        return "jekyll"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    return "plaintext"


def _date(value: object) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    m = _ANY_DATE.match(str(value))
    if m:
        try:
            return dt.date(*map(int, m.groups())).isoformat()
        except ValueError:
            return None
    return None


def _heading_date(token: str) -> str | None:
    digits = re.sub(r"\D", "", token)
    if len(digits) == 6:
        digits = "20" + digits
    if "-" in token or "." in token or "/" in token:
        return _date(token)
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8])).isoformat()
    except ValueError:
        return None


def find_date(
    name: str, meta: dict[str, object], lines: list[str], ids: list[str]
) -> tuple[str | None, bool, int]:
    """(date, inferred?, line) by the documented order: front matter, file name, heading,
    arXiv ids."""
    if "date" in meta:
        found = _date(meta["date"])
        if found:
            return found, False, 0
    m = _NAME_DATE.match(PurePosixPath(name).name)
    if m:
        year, month, day = m.groups()
        try:
            if day:
                return dt.date(int(year), int(month), int(day)).isoformat(), False, 0
            if 1 <= int(month) <= 12:
                return f"{year}-{month}", False, 0
        except ValueError:
            pass
    for i, line in enumerate(lines):
        if line.strip():
            hm = _HEAD_DATE.match(line)
            if hm and (found := _heading_date(hm.group(1))):
                return found, False, i + 1
            break
    months = [m for m in (arxiv_month(i) for i in ids) if m]
    if months:
        year, month = max(months)
        return f"{year:04d}-{month:02d}", True, 0
    return None, False, 0


def find_title(name: str, meta: dict[str, object], lines: list[str]) -> str:
    """Front matter title, else the first heading (a leading date dropped), else the file name."""
    if isinstance(meta.get("title"), str) and unquote(str(meta["title"])):
        return unquote(str(meta["title"]))
    for line in lines:
        if not line.strip():
            continue
        if HEADING.match(line):
            text = visible(line)
            text = re.sub(r"^(\d{8}|\d{6}|\d{4}[-./]\d{1,2}[-./]\d{1,2})\b[\s:\-–—]*", "", text)
            if text:
                return text
        break
    stem = PurePosixPath(name).stem
    stem = _NAME_DATE.sub("", stem).strip("-_ ") or stem
    words = re.split(r"[-_\s]+", stem)
    return " ".join(w[:1].upper() + w[1:] if w.islower() else w for w in words if w)


def find_tags(meta: dict[str, object], lines: list[str]) -> list[str]:
    tags: list[str] = []
    declared = meta.get("tags") or meta.get("categories") or []
    if isinstance(declared, str):
        declared = declared.split()
    if isinstance(declared, list):
        tags += [str(t) for t in declared]
    for line in lines:
        if HEADING.match(line):
            continue
        for tag in _HASHTAG.findall(_TAG_STRIP.sub(" ", line)):
            if tag not in tags:
                tags.append(tag)
    return tags


def parse_digest(raw: str, source: str) -> Digest:
    """Read one note. Never raises on content: problems are collected on the Digest."""
    text = normalise(raw)
    front, body = split_front_matter(text)
    name = PurePosixPath(source).name
    lines = body.split("\n")
    entries, mentions, problems = find_papers(lines, front.lines)
    ids = [e.id for e in entries] + [m.id for m in mentions]
    date, inferred, _ = find_date(name, front.data, lines, ids)
    digest = Digest(
        id=PurePosixPath(source).stem,
        source=source,
        shape=detect_shape(name, body, front.data),
        title=find_title(name, front.data, lines),
        date=date,
        date_inferred=inferred,
        text=body,
        body_offset=front.lines,
        meta=front.data,
        entries=entries,
        mentions=mentions,
        tags=find_tags(front.data, lines),
        problems=problems,
    )
    if front.error:
        digest.warn(front.error[0], front.error[1], "error")
    if not entries and not mentions:
        digest.warn(1, "no paper found: link each paper you review (arXiv, OpenReview or DOI URL) "
                       "on its own line or in a heading", "error")
    if date is None:
        digest.warn(1, "the note's date cannot be determined: add 'date: YYYY-MM-DD' front matter "
                       "or start the file name with YYYY-MM-DD", "error")
    used: set[str] = set()
    for entry in entries:
        entry.anchor = allocate(slug(entry.id), used)
        first = next(e for e in entries if e.id == entry.id)
        if first is not entry:
            digest.warn(entry.line, f"{entry.id} is reviewed twice in this note (first on line "
                                    f"{first.line})", "error")
        if not entry.title:
            digest.warn(entry.line, f"no title found for {entry.id}: put the title on the line "
                                    "next to the link, or in the link text")
    used = set()
    for mention in mentions:
        mention.anchor = allocate(f"mention-{slug(mention.id)}", used)
    digest.problems.sort(key=lambda p: p.line)
    return digest

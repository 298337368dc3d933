"""The general rules that find reviewed papers and passing mentions in any shape of note.

An entry is a paper link with its title nearby:

* a heading that holds the link (``### <a href=...>1. Title (Oral)</a>``, ``## [Title](url)``);
* a line that is only the link, with the title on a neighbouring line (``URL`` then
  ``Title (Authors)``, or ``Title`` then ``URL``; blank lines between are fine). Which
  neighbour holds titles is decided once per note, by majority, then applied to each link;
* a line that starts with the link (``URL comment``, ``- [Title](url) comment``, a table row);
* a line that is a title followed by its link and nothing else (``Title (URL)``, ``Title URL``).

Every other paper link sits inside commentary and is a mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..identity import ANY_URL, PaperLink, bad_links, paper_links, trim_url
from ..model import Entry, Mention, Problem
from .lines import (
    LINK_LABEL,
    TABLE_ROW,
    clean_title,
    hangul_ratio,
    is_heading,
    split_authors,
    title_score,
    visible,
)
from .text import collapse

_PUNCT_ONLY = re.compile(r"^[\s\-–—:|*>•·()\[\]<>.,;/]*$")
_CODE_HOSTS = re.compile(r"https?://(?:www\.)?(?:github\.com|gitlab\.com|huggingface\.co|"
                         r"paperswithcode\.com|bitbucket\.org)/[!-~]+")
_FENCE = re.compile(r"^\s*(```|~~~)")
_TITLE_MIN = 2
_MAX_BLANKS = 2


@dataclass
class _Anchor:
    """A link whose title must be looked for on a neighbouring line."""

    index: int  # 0-based line index in the body
    link: PaperLink


def _link_span(line: str, link: PaperLink) -> tuple[int, int, str]:
    """The span of the whole link markup around a URL, and the link's own text."""
    patterns = (
        r"!?\[([^\]]*)\]\(\s*<?([^)\s>]+)>?[^)]*\)",
        r"<a\b[^>]*\bhref\s*=\s*[\"']([^\"']+)[\"'][^>]*>(.*?)</a\s*>",
        r"<(https?://[^>\s]+)>",
    )
    for i, pattern in enumerate(patterns):
        for m in re.finditer(pattern, line, re.I | re.S):
            if m.start() <= link.start < m.end():
                text = {0: m.group(1), 1: m.group(2) if i == 1 else "", 2: ""}[i]
                return m.start(), m.end(), visible(text or "")
    return link.start, link.end, ""


def _is_url_text(text: str) -> bool:
    return not text or bool(ANY_URL.fullmatch(text.strip())) or bool(paper_links(text))


def _glued(line: str, end: int) -> bool:
    """True when text continues right after a bare URL with no space (``...05869와``)."""
    return end < len(line) and not line[end].isspace() and line[end] not in ")]>.,;:!?\"'"


def _heading_title(line: str) -> str:
    text = visible(line, keep_urls=False)
    text = re.sub(r"\(\s*\)|\[\s*\]|<\s*>", " ", text)
    return collapse(text)


def sentence_around(line: str, pos: int, limit: int = 300) -> str:
    """The sentence of ``line`` that holds position ``pos``, as a reader sees it."""
    starts = [0] + [m.end() for m in re.finditer(r"(?<=[.!?。])\s+", line) if m.end() <= pos]
    start = starts[-1]
    m = re.compile(r"(?<=[.!?。])\s+").search(line, max(pos, start))
    end = m.start() if m else len(line)
    text = visible(line[start:end])
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def _fenced(lines: list[str]) -> set[int]:
    inside, fenced = False, set()
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            inside = not inside
            fenced.add(i)
        elif inside:
            fenced.add(i)
    return fenced


def _neighbour(
    lines: list[str], i: int, step: int, claimed: set[int], linked: set[int]
) -> int | None:
    blanks, j = 0, i + step
    while 0 <= j < len(lines):
        if not lines[j].strip():
            blanks += 1
            if blanks > _MAX_BLANKS:
                return None
            j += step
            continue
        if j in claimed or j in linked or ANY_URL.search(lines[j]):
            return None
        return j
    return None


def _score(lines: list[str], j: int | None) -> int:
    return title_score(visible(lines[j])) if j is not None else 0


def find_papers(
    lines: list[str], offset: int = 0
) -> tuple[list[Entry], list[Mention], list[Problem]]:
    """Entries and mentions of a note body; line numbers are shifted by ``offset``."""
    fenced = _fenced(lines)
    per_line = {i: paper_links(line) for i, line in enumerate(lines) if i not in fenced}
    per_line = {i: links for i, links in per_line.items() if links}
    linked = set(per_line)
    entries: list[Entry] = []
    mentions: list[Mention] = []
    problems: list[Problem] = []
    anchors: list[_Anchor] = []
    claimed: set[int] = set()

    for i, links in per_line.items():
        line = lines[i]
        first = links[0]
        start, end, text = _link_span(line, first)
        before, after = visible(line[:start]), visible(line[end:])
        if LINK_LABEL.match(before):  # "Link: URL" is a link-only line
            before = ""
        entry: Entry | None = None
        if is_heading(line):
            title, label = clean_title(_heading_title(line))
            entry = Entry(first.id, first.url, i, title or None, label=label)
        elif TABLE_ROW.match(line):
            cells = [c for c in line.strip().strip("|").split("|")]
            host = next((c for c in cells if first.url in c), "")
            if _PUNCT_ONLY.match(visible(host, keep_urls=False).replace(text, "")):
                cell_title: str | None = text if not _is_url_text(text) else None
                if cell_title is None:
                    scored = [(title_score(visible(c)), visible(c)) for c in cells if c is not host]
                    best = max(scored, default=(0, ""))
                    cell_title = best[1] if best[0] >= _TITLE_MIN else None
                entry = Entry(first.id, first.url, i, cell_title)
        elif _PUNCT_ONLY.match(before) and (not after or _PUNCT_ONLY.match(after)):
            if _is_url_text(text):
                anchors.append(_Anchor(i, first))
                entry = Entry(first.id, first.url, i, None)
            else:
                entry = Entry(first.id, first.url, i, text)
        elif _PUNCT_ONLY.match(before) and not _glued(line, first.end):
            rest = re.sub(r"^[\s\-–—:|]+", "", after)
            if not _is_url_text(text):
                entry = Entry(first.id, first.url, i, text)
            elif title_score(rest) >= _TITLE_MIN and hangul_ratio(rest) == 0:
                entry = Entry(first.id, first.url, i, rest)
            else:
                anchors.append(_Anchor(i, first))
                entry = Entry(first.id, first.url, i, None)
        elif (not after or _PUNCT_ONLY.match(after)) and before:
            candidate = re.sub(r"[\s(\[:：\-–—<]+$", "", before)
            if title_score(candidate) >= _TITLE_MIN:
                entry = Entry(first.id, first.url, i, candidate)

        rest_links = links
        if entry is not None:
            if entry.title:
                title, authors = split_authors(entry.title)
                entry.title, label = clean_title(title)
                entry.label = entry.label or label
                entry.authors = authors
                entry.title = entry.title or None
            entries.append(entry)
            claimed.add(i)
            rest_links = [x for x in links[1:] if x.id != first.id]
        for link in rest_links:
            mentions.append(Mention(link.id, link.url, i, sentence_around(line, link.start)))
    for i, line in enumerate(lines):
        if i in fenced:
            continue
        for bad in bad_links(line):
            problems.append(Problem(i, f"'{bad.url}' looks like a paper link but its id is not "
                                       "understood (a typo?)", "error"))

    _resolve_titles(lines, anchors, entries, claimed, linked)
    _attach_sections(lines, entries)
    items: list[Entry | Mention] = [*entries, *mentions]
    for item in items:
        item.line += 1 + offset
        if isinstance(item, Entry) and item.title_line is not None:
            item.title_line += 1 + offset
    for problem in problems:
        problem.line += 1 + offset
    mentions.sort(key=lambda m: m.line)
    return entries, mentions, problems


def _resolve_titles(
    lines: list[str],
    anchors: list[_Anchor],
    entries: list[Entry],
    claimed: set[int],
    linked: set[int],
) -> None:
    """Give each lone link the title on the neighbour side this note uses."""
    if not anchors:
        return
    votes = {1: 0, -1: 0}
    for a in anchors:
        for step in (1, -1):
            if _score(lines, _neighbour(lines, a.index, step, set(), linked)) >= _TITLE_MIN:
                votes[step] += 1
    order = (1, -1) if votes[1] >= votes[-1] else (-1, 1)
    by_line = {e.line: e for e in entries}
    for a in anchors:
        entry = by_line[a.index]
        for step in order:
            j = _neighbour(lines, a.index, step, claimed, linked)
            if j is not None and _score(lines, j) >= _TITLE_MIN:
                title, authors = split_authors(visible(lines[j]))
                entry.title, entry.label = clean_title(title)
                entry.authors = authors
                entry.title_line = j
                claimed.add(j)
                break


def _attach_sections(lines: list[str], entries: list[Entry]) -> None:
    """Code links and a first sentence of commentary for each entry, from its own section."""
    starts = sorted(
        entries,
        key=lambda e: min(e.line, e.title_line if e.title_line is not None else e.line),
    )
    for n, entry in enumerate(starts):
        own = {entry.line, entry.title_line}
        first = min(x for x in own if x is not None)
        stop = len(lines)
        if n + 1 < len(starts):
            nxt = starts[n + 1]
            stop = min(x for x in (nxt.line, nxt.title_line) if x is not None)
        for j in range(first, stop):
            for m in _CODE_HOSTS.finditer(lines[j]):
                url = trim_url(m.group(0))
                if url not in entry.code_links:
                    entry.code_links.append(url)
            if j not in own and not entry.context:
                text = visible(lines[j])
                # Skip headings and short "label: value" lines ("rating: 8 / 8 / 8"): the
                # context a backlink shows is the first sentence of real commentary.
                labelled = len(text) < 80 and re.match(r"^[\w\s\-]{1,20}:\s*\S", text)
                if len(text) >= 15 and not is_heading(lines[j]) and not labelled:
                    entry.context = sentence_around(lines[j], 0)

"""Note text -> :class:`~digestwiki.model.Digest`: the one parse everything downstream reads.

The shape comes from the file's suffix and front matter, never from a guess over its body:
``.txt`` is plain text whatever it contains; ``.md`` is Markdown, a Jekyll post when its
front matter has a ``layout``; ``.html`` is a Jekyll post. The body becomes blocks with
source spans (:mod:`.tokens`), the entry rules read them (:mod:`.rules`), and every paper
link no rule claims is a mention. The page renderer edits the note at the same spans.
"""

from __future__ import annotations

import bisect
import re
from pathlib import PurePosixPath

from ..identity import allocate, bad_links, normalise_work_url, slug
from ..model import Block, Digest, Entry, Link, Mention
from .dates import DATE_PREFIX, NAME_DATE, find_date
from .rules import Claim, Note, read_entries
from .text import collapse, normalise, split_front_matter, unquote
from .titles import is_generic, is_title, title_score, visible
from .tokens import markdown_blocks, plain_blocks

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
TEXT_SUFFIXES = (".txt", ".text")
DIGEST_SUFFIXES = MARKDOWN_SUFFIXES + TEXT_SUFFIXES + (".html",)

_HASHTAG = re.compile(r"(?<![\w#&/])#([^\W\d_][\w\-]*)", re.UNICODE)
_NICKNAME = re.compile(r"([A-Za-z0-9][\w\-+.:'’ ]{0,160}?)\s*[(（\[]?\s*$")
_NOT_NICKNAMES = {"see", "memo", "cf", "paper", "link", "here", "ref", "refs", "via", "from",
                  "and", "or", "the", "this", "code", "url", "arxiv", "pdf", "e.g", "i.e"}


def detect_shape(name: str, meta: dict[str, object]) -> str:
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".html" or (suffix in MARKDOWN_SUFFIXES and "layout" in meta):
        return "jekyll"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    return "plaintext"


def find_title(name: str, meta: dict[str, object], body: str, blocks: list[Block]) -> str:
    """Front matter title, else the first heading (a leading date dropped), else the file name."""
    if isinstance(meta.get("title"), str) and unquote(str(meta["title"])):
        return unquote(str(meta["title"]))
    first = blocks[0] if blocks else None
    if first is not None and first.kind == "heading":
        text = DATE_PREFIX.sub("", visible(body[first.start : first.end]))
        if text:
            return text
    stem = PurePosixPath(name).stem
    stem = NAME_DATE.sub("", stem).strip("-_ ") or stem
    words = re.split(r"[-_\s]+", stem)
    return " ".join(w[:1].upper() + w[1:] if w.islower() else w for w in words if w)


def find_tags(meta: dict[str, object], body: str, blocks: list[Block]) -> list[str]:
    """Front-matter tags, then ``#hashtags`` written in the text (never in code or URLs)."""
    tags: list[str] = []
    declared = meta.get("tags") or meta.get("categories") or []
    if isinstance(declared, str):
        declared = declared.split()
    if isinstance(declared, list):
        tags += [str(t) for t in declared if isinstance(t, str | int | float)]
    for block in blocks:
        if block.kind in ("code", "heading"):
            continue
        src = body[block.start : block.end]
        for link in reversed(block.links):  # URLs carry fragments (#section), not tags
            a, b = link.start - block.start, link.end - block.start
            src = src[:a] + " " + src[b:]
        src = re.sub(r"`[^`]*`|<[^>]+>|&#?\w+;", " ", src)
        for tag in _HASHTAG.findall(src):
            if tag not in tags:
                tags.append(tag)
    return tags


class _Lines:
    """0-based body line of a character offset, by bisection: counting the newlines before
    each link made a note of thousands of links quadratic."""

    def __init__(self, body: str) -> None:
        self.breaks = [m.start() for m in re.finditer("\n", body)]

    def __call__(self, offset: int) -> int:
        return bisect.bisect_left(self.breaks, max(0, offset))


def sentence_around(text: str, pos: int, limit: int = 300) -> str:
    """The sentence of ``text`` (a block's source) that holds ``pos``, as a reader sees it."""
    breaks = list(re.finditer(r"(?<=[.!?。])\s+|\n\s*\n", text))
    start = max([0] + [m.end() for m in breaks if m.end() <= pos])
    end = min([len(text)] + [m.start() for m in breaks if m.start() >= pos])
    out = visible(text[start:end])
    if len(out) > limit:
        out = out[: limit - 1].rstrip() + "…"
    return out


def _nickname(body: str, block: Block, link: Link) -> str | None:
    """What a sentence calls the paper it links: ``FedAvg (url)``, ``[GEM](url)``."""
    if link.text:
        text = visible(link.text)
        return text if text and not re.fullmatch(r"[\W\d_]*", text) else None
    before = visible(body[block.start : link.start])
    before = re.split(r"[.!?。,;:]\s", before)[-1]
    m = _NICKNAME.search(before)
    if not m:
        return None
    name = collapse(m.group(1)).strip(" -–—")
    if len(name.split()) > 3 and title_score(name) < 2:
        name = " ".join(name.split()[-2:]) if len(name.split()[-1]) > 2 else ""
    if not name or name.lower() in _NOT_NICKNAMES or len(name) < 2:
        return None
    return name


def _context(body: str, blocks: list[Block], block: Block, skip: set[int]) -> str:
    """A reviewed paper's backlink text: the first sentence of commentary in its section."""
    for other in blocks[block.index + 1 : block.index + 8]:
        if other.index in skip or other.kind in ("heading", "code", "row"):
            if other.kind == "heading":
                break
            continue
        text = visible(body[other.start : other.end])
        labelled = len(text) < 80 and re.match(r"^[\w\s\-]{1,20}:\s*\S", text)
        if len(text) >= 15 and not labelled and not is_title(text, 3):
            return sentence_around(body[other.start : other.end], 0)
    return ""


def _entries(body: str, blocks: list[Block], claims: list[Claim], offset: int,
             line_of: _Lines) -> list[Entry]:
    entries: list[Entry] = []
    for c in claims:
        link = c.link
        pid = link.paper_id or normalise_work_url(link.href)
        line = (line_of(link.start) if c.block >= 0 else -1) + 1 + offset
        title_line = (blocks[c.title_block].line + 1 + offset
                      if c.title_block is not None else None)
        entries.append(Entry(
            id=pid, url=link.href if link.kind != "id" else body[link.start : link.end],
            line=max(line, 1), title=c.title or None, authors=c.authors, title_line=title_line,
            label=c.label, block=c.block, title_block=c.title_block, link=link,
            also=list(c.also), rule=c.rule,
            code_links=[x.href for x in (blocks[c.block].links if c.block >= 0 else [])
                        if x.paper_id is None and "github.com" in x.href.lower()],
        ))
    return entries


def parse_digest(raw: str, source: str) -> Digest:
    """Read one note. Never raises on content: problems are collected on the Digest."""
    text = normalise(raw)
    front, body = split_front_matter(text)
    name = PurePosixPath(source).name
    shape = detect_shape(name, front.data)
    blocks = plain_blocks(body) if shape == "plaintext" else markdown_blocks(body)
    title = find_title(name, front.data, body, blocks)
    note = Note(body, blocks, front.data, title, shape)
    claims = read_entries(note)
    line_of = _Lines(body)
    entries = _entries(body, blocks, claims, front.lines, line_of)
    claimed = {id(c.link) for c in claims} | {id(x) for c in claims for x in c.also}
    entry_blocks = {c.block for c in claims} | {c.title_block for c in claims
                                                 if c.title_block is not None}
    for entry in entries:
        if entry.block >= 0:
            entry.context = _context(body, blocks, blocks[entry.block], entry_blocks)
    mentions: list[Mention] = []
    for block in blocks:
        for link in block.links:
            if link.paper_id is None or id(link) in claimed:
                continue
            src = body[block.start : block.end]
            mentions.append(Mention(
                link.paper_id, link.href, line_of(link.start) + 1 + front.lines,
                sentence_around(src, link.start - block.start), block=block.index, link=link,
                title=_nickname(body, block, link)))
    ids = [e.id for e in entries] + [m.id for m in mentions]
    date, inferred, _ = find_date(name, front.data, body.split("\n"), ids)
    digest = Digest(
        id=PurePosixPath(source).stem, source=source, shape=shape, title=title, date=date,
        date_inferred=inferred, text=body, body_offset=front.lines, meta=front.data,
        entries=entries, mentions=mentions, tags=find_tags(front.data, body, blocks),
        blocks=blocks,
    )
    if front.error:
        digest.warn(front.error[0], front.error[1], "error")
    for block in blocks:
        if block.kind == "code":
            continue
        for bad in bad_links(body[block.start : block.end]):
            line = line_of(block.start + bad.start) + 1 + front.lines
            digest.warn(line, f"'{bad.url}' looks like a paper link but its id is not "
                              "understood (a typo?)", "error")
    if not entries and not mentions:
        digest.warn(1, "no paper found: link each paper you review (arXiv, OpenReview or DOI URL) "
                       "on its own line or in a heading", "error")
    if date is None:
        digest.warn(1, "the note's date cannot be determined: add 'date: YYYY-MM-DD' front matter "
                       "or start the file name with YYYY-MM-DD", "error")
    assign_anchors(digest)
    digest.problems.sort(key=lambda p: p.line)
    return digest


def assign_anchors(digest: Digest) -> None:
    """Every anchor a page will carry, named once here: entries by id, mentions numbered."""
    used: set[str] = set()
    first_line: dict[str, int] = {}
    for entry in digest.entries:
        entry.anchor = allocate(slug(entry.id), used)
        if entry.id in first_line:
            digest.warn(entry.line, f"{entry.id} is reviewed twice in this note (first on line "
                                    f"{first_line[entry.id]})", "error")
        first_line.setdefault(entry.id, entry.line)
        if not entry.title:
            digest.warn(entry.line, f"no title found for {entry.id}: put the title on the line "
                                    "next to the link, or in the link text")
        elif is_generic(entry.title) or re.search(r"\||\]\(|\[\[|\]\]|https?://", entry.title):
            digest.warn(entry.line, f"the title read for {entry.id} ({entry.title!r}) looks like "
                                    "a label or link debris, not the paper's title: write the "
                                    "title in the link text or on the line next to the link")
    for mention in digest.mentions:
        mention.anchor = allocate(f"mention-{slug(mention.id)}", used)


parse_note = parse_digest

__all__ = ["DIGEST_SUFFIXES", "MARKDOWN_SUFFIXES", "TEXT_SUFFIXES", "detect_shape",
           "parse_digest", "parse_note", "sentence_around"]

"""A note's body -> blocks with exact source spans, and every link in them as one record.

Markdown notes (and Jekyll posts) go through markdown-it-py, the CommonMark tokenizer with
source maps: headings, list items, table rows, paragraphs, quotes, code and HTML blocks come
from it, never from line regexes. Links inside a block are located in the source with
markdown-it's own link-label and destination parsers (nested brackets, ``((url))``, titles),
HTML anchors with the standard library's HTML parser, and bare URLs and ``arXiv:`` ids with
the identity patterns. Plain-text notes are plain text: each non-blank line is a block, only
bare URLs and ids are links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkDestination, parseLinkLabel, parseLinkTitle
from markdown_it.rules_inline import StateInline

from ..identity import ANY_URL, paper_links, trim_url
from ..model import Block, Link


@lru_cache(maxsize=1)
def markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def line_starts(body: str) -> list[int]:
    starts = [0]
    for m in re.finditer("\n", body):
        starts.append(m.end())
    return starts


# --- links inside a span of source -------------------------------------------------------

class _AnchorParser(HTMLParser):
    """Reads the ``href`` of one ``<a ...>`` start tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a" and self.href is None:
            self.href = next((v for k, v in attrs if k == "href" and v), None)


def _anchor_href(tag: str) -> str | None:
    parser = _AnchorParser()
    parser.feed(tag)
    parser.close()
    return parser.href


_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)\b[^<>]*>")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^<>\s]+)>", re.IGNORECASE)
_CLOSE_A = re.compile(r"</a\s*>", re.IGNORECASE)


def _paper(href: str) -> tuple[str | None, int, int]:
    """The paper id an href names, and where the id's URL sits inside the href."""
    found = paper_links(href)
    if found:
        return found[0].id, found[0].start, found[0].end
    return None, -1, -1


def _md_links(src: str, base: int, state: StateInline) -> tuple[list[Link], list[tuple[int, int]]]:
    """Markdown links, images, autolinks, HTML anchors and code spans in ``src``.

    Returns the links and the spans they (and code spans, tags) cover, so bare-URL search
    skips them.
    """
    links: list[Link] = []
    covered: list[tuple[int, int]] = []
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if c == "\\":
            i += 2
            continue
        if c == "`":
            run = len(src[i:]) - len(src[i:].lstrip("`"))
            close = src.find("`" * run, i + run)
            while close >= 0 and (src[close + run : close + run + 1] == "`"):
                close = src.find("`" * run, close + run + 1)
            if close < 0:
                i += run
                continue
            for link in paper_links(src[i + run : close]):
                # The link is the whole code span: its anchor goes beside the code, not in it.
                s, e = i + run + link.start, i + run + link.end
                links.append(Link(base + i, base + close + run, link.href, "", "code", link.id,
                                  url_start=base + s, url_end=base + e))
            covered.append((i, close + run))
            i = close + run
            continue
        if c == "[" or (c == "!" and src[i + 1 : i + 2] == "["):
            image = c == "!"
            open_at = i + 1 if image else i
            try:
                label_end = parseLinkLabel(state, open_at)
            except IndexError:
                label_end = -1
            if label_end >= 0 and src[label_end + 1 : label_end + 2] == "(":
                pos = label_end + 2
                while pos < n and src[pos] in " \t\n":
                    pos += 1
                dest = parseLinkDestination(src, pos, n)
                if dest.ok:
                    href_start, href_end = pos, dest.pos
                    pos = dest.pos
                    while pos < n and src[pos] in " \t\n":
                        pos += 1
                    if pos < n and src[pos] in "\"'(" and pos != dest.pos:
                        title = parseLinkTitle(src, pos, n)
                        if title.ok:
                            pos = title.pos
                            while pos < n and src[pos] in " \t\n":
                                pos += 1
                    if pos < n and src[pos] == ")":
                        end = pos + 1
                        text = src[open_at + 1 : label_end]
                        if not image:
                            href = dest.str.strip()
                            while href.startswith("(") and href.endswith(")"):
                                href = href[1:-1].strip()  # [PAPER]((https://...)) typo
                            pid, us, ue = _paper(href)
                            raw = src[href_start:href_end]
                            at = raw.find(href) if href else -1
                            u0 = base + href_start + (max(at, 0))
                            links.append(Link(base + i, base + end, href, text, "markdown", pid,
                                              image=bool(re.fullmatch(r"\s*!\[.*\]\(.*\)\s*",
                                                                      text, re.S)),
                                              url_start=u0, url_end=u0 + len(href)))
                        covered.append((i, end))
                        i = end
                        continue
            i += 2 if image else 1
            continue
        if c == "<":
            m = _AUTOLINK.match(src, i)
            if m:
                href = m.group(1)
                pid, _, _ = _paper(href)
                links.append(Link(base + i, base + m.end(), href, "", "autolink", pid,
                                  url_start=base + i + 1, url_end=base + m.end() - 1))
                covered.append((i, m.end()))
                i = m.end()
                continue
            m = _TAG.match(src, i)
            if m:
                if m.group(2).lower() == "a" and not m.group(1):
                    closing = _CLOSE_A.search(src, m.end())
                    anchor_href = _anchor_href(m.group(0))
                    if anchor_href is not None:
                        href = anchor_href
                        end = closing.end() if closing else m.end()
                        inner = src[m.end() : closing.start()] if closing else ""
                        pid, _, _ = _paper(href)
                        at = src.find(href, i, m.end())
                        links.append(Link(base + i, base + end, href, inner, "html", pid,
                                          url_start=base + at if at >= 0 else -1,
                                          url_end=base + at + len(href) if at >= 0 else -1))
                        covered.append((i, end))
                        i = end
                        continue
                covered.append((i, m.end()))
                i = m.end()
                continue
        i += 1
    return links, covered


def _bare_links(src: str, base: int, covered: list[tuple[int, int]]) -> list[Link]:
    """Bare URLs and ids written as text, outside the covered spans."""
    def free(s: int) -> bool:
        return not any(a <= s < b for a, b in covered)

    links: list[Link] = []
    taken: list[tuple[int, int]] = []
    for link in paper_links(src):
        if free(link.start):
            kind = "id" if link.textual else "bare"
            links.append(Link(base + link.start, base + link.end, link.href, "", kind, link.id,
                              url_start=base + link.start, url_end=base + link.end))
            taken.append((link.start, link.end))
    for m in ANY_URL.finditer(src):
        if not free(m.start()) or any(a <= m.start() < b for a, b in taken):
            continue
        url = trim_url(m.group(0))
        links.append(Link(base + m.start(), base + m.start() + len(url), url, "", "bare", None,
                          url_start=base + m.start(), url_end=base + m.start() + len(url)))
    return links


def find_links(body: str, start: int, end: int, markup: bool) -> list[Link]:
    """Every link in ``body[start:end]``, in order. ``markup``: Markdown/HTML is read."""
    src = body[start:end]
    if not markup:
        return sorted(_bare_links(src, start, []), key=lambda link: link.start)
    state = StateInline(src, markdown(), {}, [])
    links, covered = _md_links(src, start, state)
    links += _bare_links(src, start, covered)
    return sorted(links, key=lambda link: link.start)


# --- blocks ------------------------------------------------------------------------------

def _split_cells(src: str) -> list[tuple[int, int]]:
    """Cell spans of a table row (pipes inside code spans or escaped do not split)."""
    cells, start, i, code = [], 0, 0, False
    text = src.rstrip("\n")
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "`":
            code = not code
        elif ch == "|" and not code:
            cells.append((start, i))
            start = i + 1
        i += 1
    cells.append((start, len(text)))
    if cells and not text[cells[0][0] : cells[0][1]].strip():
        cells = cells[1:]
    if cells and not text[cells[-1][0] : cells[-1][1]].strip():
        cells = cells[:-1]
    return cells


def plain_blocks(body: str) -> list[Block]:
    """Plain text: each non-blank line is a block; consecutive lines share a group. Lines
    between ``` fences are code (shown as written; their links are not papers)."""
    starts = line_starts(body)
    blocks: list[Block] = []
    group = 0
    fenced = False
    for i, s in enumerate(starts):
        e = starts[i + 1] - 1 if i + 1 < len(starts) else len(body)
        if s >= len(body):
            break
        text = body[s:e]
        if not text.strip():
            group += 1
            continue
        fence = bool(re.match(r"^\s*(```|~~~)", text))
        kind = "code" if fenced or fence else "line"
        if fence:
            fenced = not fenced
        block = Block(len(blocks), kind, s, e, i, i + 1, group=group)
        if kind == "line":
            block.links = find_links(body, s, e, markup=False)
        blocks.append(block)
    return blocks


@dataclass
class _Walk:
    """Where the token walk is: open list items, list depth, quotes, table head."""

    items: list[dict[str, int | None]] = field(default_factory=list)
    depth: int = 0
    quote: int = 0
    group: int = 0
    thead: bool = False


def _add(body: str, blocks: list[Block], starts: list[int], walk: _Walk, kind: str, a: int,
         b: int) -> Block:
    """A block for body lines [a, b), placed in the list item the walk is in."""
    total = len(starts)
    s = starts[a] if a < total else len(body)
    e = max(s, starts[b] - 1 if b < total else len(body))
    item = walk.items[-1] if walk.items else None
    block = Block(len(blocks), kind, s, e, a, b, depth=walk.depth, quoted=walk.quote > 0,
                  group=walk.group, item=item["first"] if item else None,
                  parent=item["parent"] if item else None)
    if kind != "code":
        block.links = find_links(body, s, e, markup=True)
    blocks.append(block)
    return block


def markdown_blocks(body: str) -> list[Block]:
    """Markdown (and HTML inside it) through markdown-it-py's token stream."""
    starts = line_starts(body)
    try:
        tokens = markdown().parse(body)
    except RecursionError:  # 1,000-deep nesting: read it as plain text
        return plain_blocks(body)
    blocks: list[Block] = []
    walk = _Walk()
    for tok in tokens:
        t = tok.type
        if t in ("bullet_list_open", "ordered_list_open"):
            walk.depth += 1
        elif t in ("bullet_list_close", "ordered_list_close"):
            walk.depth -= 1
        elif t == "list_item_open":
            parent = walk.items[-1]["first"] if walk.items else None
            walk.items.append({"first": None, "parent": parent})
        elif t == "list_item_close":
            walk.items.pop()
        elif t == "blockquote_open":
            walk.quote += 1
        elif t == "blockquote_close":
            walk.quote -= 1
        elif t in ("thead_open", "thead_close"):
            walk.thead = t == "thead_open"
        elif tok.map and t in ("heading_open", "paragraph_open", "tr_open", "fence",
                               "code_block", "html_block"):
            a, b = tok.map
            walk.group += 1
            item = walk.items[-1] if walk.items else None
            if t == "heading_open":
                _add(body, blocks, starts, walk, "heading", a, b).level = int(tok.tag[1])
            elif t == "paragraph_open" and item is not None and item["first"] is None:
                block = _add(body, blocks, starts, walk, "item", a, b)
                block.item = item["first"] = block.index
            elif t == "paragraph_open" and item is not None:
                _add(body, blocks, starts, walk, "para", a, b)
            elif t == "paragraph_open":
                for line in range(a, b):
                    _add(body, blocks, starts, walk, "line", line, line + 1)
            elif t == "tr_open":
                block = _add(body, blocks, starts, walk, "row", a, b)
                block.header = walk.thead
                block.cells = [(block.start + x, block.start + y)
                               for x, y in _split_cells(body[block.start : block.end])]
            elif t == "html_block":
                for line in range(a, b):
                    if body[starts[line] : (starts[line + 1] if line + 1 < len(starts)
                                            else len(body))].strip():
                        _add(body, blocks, starts, walk, "html", line, line + 1)
            else:
                _add(body, blocks, starts, walk, "code", a, b)
    return blocks

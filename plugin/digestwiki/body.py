"""A note's parse -> the Markdown of its page, by editing the note's text at recorded spans.

The page is made from the same parse the wiki is made from (:attr:`Digest.blocks`): an
entry block becomes the entry heading (anchored, linking to the paper's page) plus whatever
else the block said; its title line folds into the heading; a mention's link gets the anchor
its backlink points to and a small ``wiki`` link. Nothing else is edited, nothing dropped,
nothing repeated. Anchors are the ones the parse named (:func:`parse.assign_anchors`), so a
backlink always lands on its anchor.

Plain-text notes stay plain text (HTML-escaped, one line of the note per line of the page);
Markdown and Jekyll notes stay Markdown and HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from .identity import trim_url
from .links import Linker
from .model import Block, Digest, Entry, Link, Mention
from .parse.titles import BULLET, LINK_LABEL, name_list, visible

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")
_LIQUID_IMG = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']"
                         r"\{\{\s*['\"]([^'\"]+)['\"][^}]*\}\}[\"'][^>]*>", re.IGNORECASE)
# The same in Markdown: ![alt]({{ '/assets/x.png' | relative_url }} "title")
_LIQUID_MD_IMG = re.compile(r"!\[([^\]]*)\]\(\s*<?\{\{\s*['\"]([^'\"]+)['\"][^}]*\}\}>?"
                            r"(\s+[\"'][^)]*)?\)")
_IMG_ALT = re.compile(r"\balt\s*=\s*[\"']([^\"']*)[\"']", re.IGNORECASE)
_LIQUID_TAG = re.compile(r"\{%-?\s*(\w+)([^%]*?)-?%\}")
_LEAD_HASH = re.compile(r"^(\s{0,3})#(?=[^\s#])", re.M)


def md_escape(text: str) -> str:
    """Escape text so Markdown shows it as written."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("&", "&amp;")


@dataclass(frozen=True)
class PageLinks:
    """How the page reaches paper pages: Markdown targets (validated by MkDocs) and URLs."""

    linker: Linker
    paper_src: Callable[[str], str | None]  # paper id -> source path of its page, or None
    title_of: Callable[[Entry], str]
    paper_title: Callable[[str], str]
    asset_exists: Callable[[str], bool]

    def md(self, paper_id: str) -> str | None:
        src = self.paper_src(paper_id)
        return self.linker.md(src) if src else None

    def url(self, paper_id: str) -> str | None:
        src = self.paper_src(paper_id)
        return self.linker.html(src) if src else None


Edit = tuple[int, int, str]


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


def _safe_href(href: str) -> str:
    """Only web and relative links are kept as links: ``javascript:`` never is."""
    if re.match(r"^\s*[a-zA-Z][a-zA-Z0-9+.\-]*:", href) and not re.match(
            r"^\s*(?:https?|mailto|ftp):", href, re.I):
        return "#"
    return href


def _wiki_badge_html(links: PageLinks, paper_id: str) -> str:
    url = links.url(paper_id)
    if url is None:
        return ""
    title = f"{links.paper_title(paper_id)} — wiki page"
    return f'<a class="dw-wiki" href="{_attr(url)}" title="{_attr(title)}">wiki</a>'


def _mention_markdown(body: str, link: Link, mention: Mention, links: PageLinks) -> str:
    """A mention's link, rewritten to carry its anchor, followed by the wiki link."""
    written = body[link.start : link.end]
    badge = _wiki_badge_html(links, mention.id)
    anchor = mention.anchor
    if link.kind == "html":
        tag_end = written.find(">")
        if tag_end > 0 and not re.search(r"\sid\s*=", written[:tag_end]):
            written = f'{written[:2]} id="{anchor}"{written[2:]}'
        return written + badge
    if link.kind == "code":
        return f'<span id="{anchor}" class="dw-anchor"></span>{written}{badge}'
    href = _safe_href(link.href)
    if link.kind == "markdown":
        text = written[1 : written.rfind("](")] if "](" in written else md_escape(link.href)
        return f'<a id="{anchor}" href="{_attr(href)}">{text}</a>{badge}'
    text = html.escape(written)
    return f'<a id="{anchor}" href="{_attr(href)}">{text}</a>{badge}'


def _bare_url_markdown(body: str, link: Link) -> str:
    url = trim_url(link.href)
    return f'<a href="{_attr(_safe_href(url))}">{html.escape(body[link.start:link.end])}</a>'


def _link_edits(digest: Digest, links: PageLinks, blocks: list[Block]) -> dict[int, Edit]:
    """Edits for every mention link and bare URL in the given blocks, keyed by link start."""
    by_link = {id(m.link): m for m in digest.mentions if m.link is not None}
    edits: dict[int, Edit] = {}
    for block in blocks:
        if block.kind == "code":
            continue
        for link in block.links:
            mention = by_link.get(id(link))
            if mention is not None:
                edits[link.start] = (link.start, link.end,
                                     _mention_markdown(digest.text, link, mention, links))
            elif link.kind in ("bare", "id") and link.paper_id is None:
                edits[link.start] = (link.start, link.end, _bare_url_markdown(digest.text, link))
            elif link.kind in ("bare", "id"):
                href = link.href if link.kind == "bare" else links_href(link)
                edits[link.start] = (link.start, link.end, f'<a href="{_attr(_safe_href(href))}">'
                                     f"{html.escape(digest.text[link.start:link.end])}</a>")
    return edits


def links_href(link: Link) -> str:
    from .identity import canonical_url

    return canonical_url(link.paper_id) if link.paper_id else link.href


def _apply(text: str, base: int, edits: list[Edit]) -> str:
    """``text`` (which starts at ``base`` in the body) with the edits inside it applied."""
    out, pos = [], 0
    for start, end, new in sorted(edits):
        a, b = start - base, end - base
        if a < pos or b > len(text):
            continue
        out.append(text[pos:a])
        out.append(new)
        pos = b
    out.append(text[pos:])
    return "".join(out)


def _meta_line(entry: Entry, body: str) -> str:
    bits = []
    if entry.label:
        bits.append(f'<span class="dw-label">{html.escape(entry.label)}</span>')
    if entry.authors:
        bits.append(f'<span class="dw-authors">{html.escape(", ".join(entry.authors))}</span>')
    for link in [entry.link, *entry.also]:
        if link is None or link.kind == "front matter":
            continue
        written = body[link.url_start : link.url_end] if link.url_start >= 0 else link.href
        shown = written if link.kind == "id" else link.href
        href = links_href(link) if link.kind == "id" else link.href
        bits.append(f'<a class="dw-entry-link" href="{_attr(_safe_href(href))}">'
                    f"{html.escape(shown)}</a>")
    return f'<p class="dw-entry-meta">{" · ".join(bits)}</p>' if bits else ""


def _heading(entry: Entry, level: int, links: PageLinks) -> str:
    title = md_escape(links.title_of(entry))
    target = links.md(entry.id)
    shown = f"[{title}]({target})" if target else title
    return f"{'#' * level} {shown} {{ #{entry.anchor} }}"


def _title_pattern(title: str) -> re.Pattern[str] | None:
    """The title as written in a note: any case, markup around it and between its words."""
    words = [re.escape(w) for w in title.split()]
    if not words:
        return None
    return re.compile(r"[*_\"“”'`]*" + r"[\s*_`~]*".join(words) + r"[*_\"“”'`]*", re.I)


_AROUND = frozenset("*_\"“”'`")  # what the pattern allows around the title
_BETWEEN_MARKS = frozenset("*_`~")  # and, with any space, between its words
# The non-ASCII letters that ``re.I`` matches to ASCII ones (İ ı ſ K): text holding one
# takes the pattern.
_CASE_TWINS = frozenset("\u0130\u0131\u017f\u212a")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _drop_title(text: str, title: str) -> str:
    """``text`` without the first place :func:`_title_pattern` matches (a space instead).

    Compiling a pattern per title cost a third of a millisecond each, most of the digest
    pages' time: an ASCII title whose words hold none of the markup characters is found by
    hand instead, with exactly the pattern's result (see the tests)."""
    words = title.translate(_ASCII_LOWER).split()
    if not title.isascii() or any(_AROUND.intersection(w) or _BETWEEN_MARKS.intersection(w)
                                  for w in words) or _CASE_TWINS.intersection(text):
        pattern = _title_pattern(title)
        return pattern.sub(" ", text, count=1) if pattern is not None else text
    if not words:
        return text
    low = text.translate(_ASCII_LOWER)  # same length: ASCII letters only
    at = low.find(words[0])
    while at >= 0:
        end = at + len(words[0])
        for word in words[1:]:
            while end < len(low) and (low[end] in _BETWEEN_MARKS or low[end].isspace()):
                end += 1
            if not low.startswith(word, end):
                break
            end += len(word)
        else:
            start = at
            while start > 0 and low[start - 1] in _AROUND:
                start -= 1
            while end < len(low) and low[end] in _AROUND:
                end += 1
            return text[:start] + " " + text[end:]
        at = low.find(words[0], at + 1)
    return text


def _rest(digest: Digest, entry: Entry, block: Block, edits: dict[int, Edit]) -> str:
    """What else the entry's block said, once its title and its link are in the heading."""
    body = digest.text
    drop = [x for x in [entry.link, *entry.also] if x is not None and block.start <= x.start]
    inner = [e for e in edits.values() if block.start <= e[0] < block.end]
    inner += [(x.start, x.end, " ") for x in drop if x.end <= block.end]
    text = _apply(body[block.start : block.end], block.start, inner)
    if block.kind == "heading":
        text = re.sub(r"^\s{0,3}#{1,6}\s*", "", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = BULLET.sub("", text, count=1)
    text = re.sub(r"^\s*\[[ xX]\]\s*", "", text)
    if entry.title:
        text = _drop_title(text, entry.title)
    for m in list(re.finditer(r"(?<![*_])([*_])([^*_\n]+)\1(?![*_])", text)):
        if entry.authors and name_list(visible(m.group(2))):
            text = text.replace(m.group(0), " ", 1)  # "*A. Kim, B. Lee*": in the meta line
    for name in entry.authors:
        text = text.replace(name, " ", 1)
    if entry.label:
        text = re.sub(rf"[(\[]\s*{re.escape(entry.label)}\s*[)\]]", " ", text, flags=re.I)
    text = re.sub(r"\[\s*\]|\(\s*\)|<b>\s*</b>|\*\*\s*\*\*|__\s*__", " ", text)
    text = re.sub(r"\[\s*\]|\(\s*\)", " ", text)
    if block.kind == "row":
        return ""
    seen = visible(text, keep_urls=True)
    seen = LINK_LABEL.sub("", seen) if LINK_LABEL.match(seen) else seen
    if not re.sub(r"[\W_]+", "", seen) or re.fullmatch(r"[\s\W\d_]*(?:et al\.?)?[\s\W_]*", seen):
        return ""
    text = re.sub(r"^[\s\-–—:|,.;)\]]+", "", text).strip()
    text = re.sub(r"^\s*(?:[\W_]*(?:link|url|paper|pdf|논문(?: 링크)?|링크)[\W_]*[:：]\s*)", "",
                  text, flags=re.I)
    return text.strip()


def _descendants_end(blocks: list[Block], item: Block) -> int:
    """The last line (exclusive) of a list item's nested content."""
    end = item.end_line
    ancestors = {item.index}
    for block in blocks[item.index + 1 :]:
        if block.parent in ancestors or block.item in ancestors and block.index != item.index:
            ancestors.add(block.item if block.item is not None else block.index)
            end = block.end_line
        elif block.depth <= item.depth:
            break
    return end


def render_markdown(digest: Digest, links: PageLinks) -> str:
    """Markdown and Jekyll notes: the text stays Markdown/HTML; entry blocks become headings."""
    body = digest.text
    blocks = digest.blocks
    edits = _link_edits(digest, links, blocks)
    by_block: dict[int, Entry] = {}
    folded: dict[int, Entry] = {}  # title blocks and blocks of an entry's other links
    for entry in digest.entries:
        if entry.block >= 0:
            by_block.setdefault(entry.block, entry)
        if entry.title_block is not None and entry.title_block != entry.block:
            folded[entry.title_block] = entry
        for link in entry.also:
            home = next((b for b in blocks if b.start <= link.start < b.end), None)
            if home is not None and home.index != entry.block and len(home.links) == 1:
                folded[home.index] = entry
    block_edits: list[Edit] = []
    level_above = 1
    dedent: list[tuple[int, int, int]] = []  # (from line, to line, columns)
    lead: list[Entry] = [e for e in digest.entries if e.block < 0]
    for block in blocks:
        if block.kind == "heading":
            level_above = block.level
        found = by_block.get(block.index)
        if found is None:
            if block.index in folded:  # its title or link is in the heading; the rest stays
                leftover = _rest(digest, folded[block.index], block, edits)
                for at in [at for at in edits if block.start <= at < block.end]:
                    del edits[at]
                block_edits.append((block.start, block.end, leftover))
            continue
        rows = [e for e in digest.entries if e.block == block.index]
        if block.kind == "row":
            for e in rows:
                target = links.md(e.id)
                cell = next(((a, b) for a, b in block.cells
                             if e.link is not None and a <= e.link.start < b), None)
                at = cell[0] if cell else block.start
                while at < block.end and body[at] == " ":
                    at += 1
                span = f'<span id="{e.anchor}" class="dw-anchor"></span>'
                block_edits.append((at, at, span))
                if target and e.link is not None:
                    badge = f" [wiki]({target}){{ .dw-wiki }}"
                    block_edits.append((e.link.end, e.link.end, badge))
            continue
        level = block.level if block.kind == "heading" else min(max(level_above + 1, 2), 6)
        parts = []
        for e in rows:
            parts += [_heading(e, level, links), "", _meta_line(e, body), ""]
        rest = _rest(digest, found, block, edits)
        if rest:
            parts += [rest, ""]
        elif block.kind == "item":
            indent = len(body[block.start : block.end]) - len(
                BULLET.sub("", body[block.start : block.end], count=1))
            end = _descendants_end(blocks, block)
            if end > block.end_line and indent:
                dedent.append((block.end_line, end, indent))
        for at in [at for at in edits if block.start <= at < block.end]:
            del edits[at]
        block_edits.append((block.start, block.end, "\n" + "\n".join(parts)))
    text = _apply(body, 0, [*edits.values(), *block_edits, *_liquid_edits(digest, links)])
    if lead:
        head = []
        for e in lead:
            head += [_heading(e, 2, links), "", _meta_line(e, body), ""]
        text = "\n".join(head) + "\n" + text
    text = _dedent(text, body, dedent) if dedent else text
    return _LEAD_HASH.sub(r"\1\\#", text) if "#" in text else text


def _dedent(text: str, body: str, ranges: list[tuple[int, int, int]]) -> str:
    """Children of an item whose own line became a heading lose the item's indentation, so
    Markdown does not read them as code."""
    lines = body.split("\n")
    wanted: dict[str, int] = {}
    for a, b, cols in ranges:
        for line in lines[a:b]:
            if line.strip():
                wanted[line] = cols
    out = []
    for line in text.split("\n"):
        width = wanted.get(line, 0)
        if width and line[:width].strip() == "":
            line = line[width:]
        out.append(line)
    return "\n".join(out)


def _liquid_edits(digest: Digest, links: PageLinks) -> list[Edit]:
    """Jekyll's ``{{ '/assets/x.png' | prepend: site.baseurl }}`` images, in ``<img>`` or
    Markdown ``![alt](…)``, and its ``{% %}`` tags."""
    if digest.shape != "jekyll":
        return []
    edits: list[Edit] = []
    body = digest.text
    code = [(b.start, b.end) for b in digest.blocks if b.kind == "code"]
    images = [(m, m.group(1), alt_attr.group(1) if (alt_attr := _IMG_ALT.search(m.group(0)))
               else "")
              for m in _LIQUID_IMG.finditer(body)]
    images += [(m, m.group(2), m.group(1)) for m in _LIQUID_MD_IMG.finditer(body)]
    for m, ref, alt in images:
        if any(a <= m.start() < b for a, b in code):
            continue
        path = ref.lstrip("/")
        if links.asset_exists(path):
            whole = m.group(0)
            new = whole.replace(whole[whole.index("{{") : whole.index("}}") + 2],
                                links.linker.asset(path))
        else:
            label = alt.strip() or path.rsplit("/", 1)[-1]
            new = (f'<span class="dw-missing-image" title="{_attr(path)} is not in this '
                   f'repository">[image: {html.escape(label)}]</span>')
        edits.append((m.start(), m.end(), new))
    for m in _LIQUID_TAG.finditer(body):
        name, arg = m.group(1), m.group(2).strip()
        new = ("```" + (arg.split()[0] if arg else "")) if name == "highlight" else (
            "```" if name == "endhighlight" else "")
        edits.append((m.start(), m.end(), new))
    return edits


def render_plaintext(digest: Digest, links: PageLinks) -> str:
    """Plain text: HTML-escaped lines, bare URLs as links, entries as anchored headings."""
    body = digest.text
    by_mention = {id(m.link): m for m in digest.mentions if m.link is not None}
    entry_of = {e.block: e for e in digest.entries if e.block >= 0}
    folded = {e.title_block for e in digest.entries if e.title_block is not None}
    out: list[str] = []
    para: list[str] = []
    group = -1

    def flush() -> None:
        if para:
            out.append('<p class="dw-text">' + "<br>\n".join(para) + "</p>")
            out.append("")
            para.clear()

    def line_html(block: Block, skip: set[int]) -> str:
        parts, pos = [], block.start
        for link in block.links:
            if id(link) in skip:
                parts.append(html.escape(body[pos : link.start]))
                pos = link.end
                continue
            parts.append(html.escape(body[pos : link.start]))
            mention = by_mention.get(id(link))
            href = _safe_href(links_href(link) if link.kind == "id" else link.href)
            if not href.startswith(("http://", "https://")) and link.paper_id:
                href = links_href(link)
            written = html.escape(body[link.start : link.end])
            if mention is not None:
                parts.append(f'<a id="{mention.anchor}" href="{_attr(href)}">{written}</a>'
                             + _wiki_badge_html(links, mention.id))
            else:
                parts.append(f'<a href="{_attr(href)}">{written}</a>')
            pos = link.end
        parts.append(html.escape(body[pos : block.end]))
        return "".join(parts).replace("\t", "    ")

    for e in [e for e in digest.entries if e.block < 0]:
        out += [_heading(e, 2, links), "", _meta_line(e, body), ""]
    for block in digest.blocks:
        if block.group != group:
            flush()
            group = block.group
        entry = entry_of.get(block.index)
        if entry is not None:
            flush()
            for e in [e for e in digest.entries if e.block == block.index]:
                out += [_heading(e, 2, links), "", _meta_line(e, body), ""]
            skip = {id(x) for x in [entry.link, *entry.also] if x is not None}
            rest = _plain_rest(line_html(block, skip), entry)
            if rest:
                para.append(rest)
            continue
        if block.index in folded:
            title_entry = next(e for e in digest.entries if e.title_block == block.index)
            rest = _plain_rest(line_html(block, set()), title_entry)
            if rest:
                para.append(rest)
            continue
        para.append(line_html(block, set()))
    flush()
    return "\n".join(out)


def _plain_rest(line: str, entry: Entry) -> str:
    """A plain-text entry line without what its heading and meta line already show (the
    title, the authors, the numbering), or "" when nothing else is left."""
    for text in [entry.title or "", *entry.authors]:
        if text:
            line = line.replace(html.escape(text), " ", 1)
    if entry.authors:
        line = re.sub(r"\(\s*\)", " ", line)
    line = re.sub(r"^\s*(?:\d{1,3}[.)]|\[\d{1,3}\]|[-*•])\s+", "", line)
    line = re.sub(r"(?:\s*(?:,|&amp;|;|\band\b))+\s*(?=[(.]|$)", " ", line)
    line = re.sub(r"^[\s,.;:\-–—|]+|[\s,;:\-–—|]+$", "", line)
    line = re.sub(r"\s+(?=[.,;])", "", line)
    line = re.sub(r"([.,;])[.,;]+", r"\1", line)
    seen = html.unescape(re.sub(r"<[^>]+>", "", line))
    return line if re.sub(r"[\W\d_]+", "", seen) or re.search(r"\d{4}", seen) else ""


def render_body(digest: Digest, links: PageLinks) -> str:
    if digest.shape == "plaintext":
        return render_plaintext(digest, links)
    return render_markdown(digest, links)


__all__ = ["PageLinks", "md_escape", "render_body"]

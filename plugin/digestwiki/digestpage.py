"""A note's own text -> the Markdown of its page, one function per shape.

The contributor's words are never edited: plain text keeps its line structure (one line of
the note is one line on the page), Markdown and Jekyll HTML stay Markdown and HTML. Only the
lines that introduce a reviewed paper become an anchored heading linking to the paper page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from .identity import ANY_URL, paper_links, trim_url
from .links import Linker
from .model import Digest, Entry
from .parse.lines import HEADING, TABLE_ROW

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")
_LIQUID_IMG = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']"
                         r"\{\{\s*['\"]([^'\"]+)['\"][^}]*\}\}[\"'][^>]*>",
                         re.IGNORECASE)
_IMG_ALT = re.compile(r"\balt\s*=\s*[\"']([^\"']*)[\"']", re.IGNORECASE)
_LIQUID_TAG = re.compile(r"\{%-?\s*(\w+)([^%]*)-?%\}")
_INLINE_CODE = re.compile(r"(`+).+?\1")


def md_escape(text: str) -> str:
    """Escape text so Markdown shows it as written."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("&", "&amp;")


def url_spans(line: str) -> list[tuple[int, int, str]]:
    """(start, end, href) of every link to make in a line of plain text: web URLs, paper links
    written without a scheme (``arxiv.org/abs/2007.10909``) and arXiv ids (``arXiv:2007.10909``)."""
    spans = []
    for m in ANY_URL.finditer(line):
        url = trim_url(m.group(0))
        spans.append((m.start(), m.start() + len(url), url))
    for link in paper_links(line):
        if link.url.lower().startswith(("http://", "https://")):
            continue
        if any(a <= link.start < b for a, b, _ in spans):
            continue
        spans.append((link.start, link.end, link.href))
    return sorted(spans)


def linkify(line: str) -> str:
    """HTML-escape a plain-text line and make its bare URLs links."""
    out, pos = [], 0
    for start, end, href in url_spans(line):
        out.append(html.escape(line[pos:start]))
        out.append(f'<a href="{html.escape(href)}">{html.escape(line[start:end])}</a>')
        pos = end
    out.append(html.escape(line[pos:]))
    return "".join(out).replace("\t", "    ")


def _index(digest: Digest, line: int | None) -> int | None:
    """Body index (0-based) of a 1-based file line."""
    return None if line is None else line - 1 - digest.body_offset


def entry_heading(entry: Entry, title: str, level: int, links: Linker, papers_dir: str,
                  slug: str) -> list[str]:
    """The anchored heading and the line under it (authors, label, the link as written)."""
    target = links.md(f"{papers_dir}/{slug}.md")
    heading = f"{'#' * level} [{md_escape(title)}]({target}) {{ #{entry.anchor} }}"
    bits = []
    if entry.label:
        bits.append(f'<span class="dw-label">{html.escape(entry.label)}</span>')
    if entry.authors:
        bits.append(f'<span class="dw-authors">{html.escape(", ".join(entry.authors))}</span>')
    written = paper_links(entry.url)
    href = written[0].href if written else entry.url
    bits.append(f'<a class="dw-entry-link" href="{html.escape(href)}">'
                f"{html.escape(entry.url)}</a>")
    return [heading, "", f'<p class="dw-entry-meta">{" · ".join(bits)}</p>', ""]


TitleOf = Callable[[Entry], str]


def render_plaintext(digest: Digest, links: Linker, papers_dir: str, title_of: TitleOf,
                     slug_of: Callable[[str], str]) -> str:
    lines = digest.lines
    starts: dict[int, Entry] = {}
    skip: set[int] = set()
    for entry in digest.entries:
        own = [i for i in (_index(digest, entry.line), _index(digest, entry.title_line))
               if i is not None]
        starts[min(own)] = entry
        skip.update(own)
    out: list[str] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            out.append('<p class="dw-text">' + "<br>\n".join(para) + "</p>")
            out.append("")
            para.clear()

    for i, line in enumerate(lines):
        if i in starts:
            flush()
            entry = starts[i]
            out += entry_heading(entry, title_of(entry), 2, links, papers_dir, slug_of(entry.id))
        elif i in skip:
            continue
        elif not line.strip():
            flush()
        else:
            para.append(linkify(line))
    flush()
    return "\n".join(out)


def _wrap_bare_urls(line: str) -> str:
    """Bare URLs become links (``<url>``; a paper link without a scheme, ``[text](https://...)``);
    code spans, existing links and HTML attributes are left alone."""
    code = [(m.start(), m.end()) for m in _INLINE_CODE.finditer(line)]
    out, pos = [], 0
    for start, end, href in url_spans(line):
        if start < pos or any(a <= start < b for a, b in code):
            continue
        before = line[:start]
        if before.endswith(("\"", "'", "=", "<", "[", "/", "](")):
            continue  # already inside markup
        out.append(line[pos:start])
        text = line[start:end]
        out.append(f"<{href}>" if href == text else f"[{text}]({href})")
        pos = end
    out.append(line[pos:])
    return "".join(out)


def resolve_liquid(line: str, links: Linker, asset_exists: Callable[[str], bool]) -> str:
    """Jekyll's ``{{ '/assets/x.png' | prepend: site.baseurl }}`` images: a real link when the
    file is in the docs folder, else a visible note (the figure's caption still shows)."""

    def image(m: re.Match[str]) -> str:
        path = m.group(1).lstrip("/")
        if asset_exists(path):
            whole = m.group(0)
            return whole.replace(whole[whole.index("{{"): whole.index("}}") + 2],
                                 links.asset(path))
        alt = _IMG_ALT.search(m.group(0))
        label = alt.group(1).strip() if alt and alt.group(1).strip() else path.rsplit("/", 1)[-1]
        return (f'<span class="dw-missing-image" title="{html.escape(path)} is not in this '
                f'repository">[image: {html.escape(label)}]</span>')

    line = _LIQUID_IMG.sub(image, line)

    def tag(m: re.Match[str]) -> str:
        name, arg = m.group(1), m.group(2).strip()
        if name == "highlight":
            return "```" + arg.split()[0] if arg else "```"
        if name == "endhighlight":
            return "```"
        return ""

    return _LIQUID_TAG.sub(tag, line)


def render_markdown(digest: Digest, links: Linker, papers_dir: str, title_of: TitleOf,
                    slug_of: Callable[[str], str], asset_exists: Callable[[str], bool]) -> str:
    """Markdown and Jekyll notes: the text stays Markdown/HTML; entry lines become headings."""
    lines = digest.lines
    by_line: dict[int, Entry] = {}
    title_lines: dict[int, Entry] = {}
    for known in digest.entries:
        idx = _index(digest, known.line)
        if idx is not None:
            by_line[idx] = known
        tidx = _index(digest, known.title_line)
        if tidx is not None:
            title_lines[tidx] = known
    out: list[str] = []
    level_above = 1
    fence = False
    emitted: set[int] = set()
    for i, line in enumerate(lines):
        if re.match(r"^\s*(```|~~~)", line):
            fence = not fence
            out.append(line)
            continue
        if fence:
            out.append(line)
            continue
        if digest.shape == "jekyll":
            line = resolve_liquid(line, links, asset_exists)
        heading = HEADING.match(line)
        entry = by_line.get(i) or title_lines.get(i)
        if entry is not None and id(entry) in emitted:
            continue  # the other line of a title/URL pair, already shown by the heading
        if entry is not None:
            if TABLE_ROW.match(line):
                out.append(re.sub(r"^(\s*\|\s*)", rf'\1<span id="{entry.anchor}"></span>',
                                  line, count=1))
                continue
            level = len(heading.group(1)) if heading and heading.group(1) else (
                int(heading.group(2)) if heading else min(max(level_above + 1, 2), 6))
            out += ["", *entry_heading(entry, title_of(entry), level, links, papers_dir,
                                       slug_of(entry.id))]
            emitted.add(id(entry))
            rest = _rest_of_line(line, entry) if i == _index(digest, entry.line) else ""
            if rest:
                out += [_wrap_bare_urls(rest), ""]
            continue
        if heading:
            level_above = len(heading.group(1)) if heading.group(1) else int(heading.group(2))
        out.append(_wrap_bare_urls(line))
    return "\n".join(out)


def _rest_of_line(line: str, entry: Entry) -> str:
    """Commentary written on the same line as a reviewed paper's link (``URL comment``)."""
    if HEADING.match(line):
        return ""
    text = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line)
    for pattern in (r"\[[^\]]*\]\([^)]*\)", r"<a\b[^>]*>.*?</a\s*>", r"<https?://[^>]+>"):
        m = re.search(pattern, text, re.I)
        if m and entry.url in m.group(0):
            return (text[: m.start()] + text[m.end() :]).strip(" -–—:|")
    if entry.url in text:
        before, _, after = text.partition(entry.url)
        if entry.title and entry.title in before:
            before = before.replace(entry.title, "", 1)
        return (before.strip(" -–—:(|") + " " + after.strip(" )-–—:|")).strip()
    return ""

"""Which blocks of a note are entries (papers it reviews), and what they are titled.

The rules are data: :data:`BLOCK_RULES` is an ordered list of small functions, one shape
family each. For every block that holds a paper link, the first rule that recognises the
block's shape returns the entries it reads there; a block no rule claims holds mentions.
:data:`NOTE_RULES` then run over the whole note (titles on neighbouring blocks, the subject
of a one-paper note, reading lists inside one-paper notes). To teach DigestWiki a new shape,
add one function to one list and one golden case to ``tests/test_parse_rules.py``.

Block rules, in order:

* :func:`heading_entry`: a heading that holds the link (``## [Title](url)``,
  ``### <a href=...>1. Title (Oral)</a>``, ``### Authors [Title](url) Venue``);
* :func:`row_entry`: a table row: the link text, or another cell, is the title; two papers
  in one cell (``<br>``) are two entries;
* :func:`link_first_entry`: a list item or line that starts with the link (after bullets,
  checkboxes and field labels such as ``논문 링크:``): ``- [Title](url) comment``,
  ``[[CVPR](url)] Title. [[code](...)]``, ``URL comment``, a lone link;
* :func:`title_first_entry`: a title, then its link and nothing but debris:
  ``Title (URL)``, ``- Title [[arXiv](url)]``, ``1. [Venue] Title [[paper]](url)``,
  ``Authors (2009). Title. URL``;
* :func:`emphasis_entry`: a generic link (``[[pdf](url)]``) in an item whose bold, italic or
  quoted text is the title (``3. **Title**. *A, B*. ACL 2019. [[pdf](url)]``).

Note rules: :func:`neighbour_titles` (a lone link takes the title on the neighbouring block,
on the side the note uses, decided by majority; sibling links of one paper join it),
:func:`note_subject` (a one-paper note's link is titled by its title field, first heading,
front matter or file name), :func:`reading_lists` (in a one-paper note, list links outside
a reading-list section are mentions).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .. import identity
from ..model import Block, Link
from .text import collapse
from .titles import (
    HEADING,
    LINK_LABEL,
    TITLE_LABEL,
    clean_title,
    hangul_ratio,
    is_generic,
    is_title,
    name_like,
    name_list,
    split_authors,
    strip_venue,
    title_score,
    visible,
)


@dataclass
class Note:
    """What the rules read: the body, its blocks, the front matter and the note's title."""

    body: str
    blocks: list[Block]
    meta: dict[str, Any]
    title: str
    shape: str
    # _candidate's reading of each block: the rules ask about a block from both sides
    candidates: dict[int, tuple[int, str, list[str]]] = field(default_factory=dict, repr=False)

    def src(self, start: int, end: int) -> str:
        return self.body[start:end]


@dataclass
class Claim:
    """An entry a rule read: the block, the link it is keyed by, its title and authors."""

    block: int
    link: Link
    title: str | None
    authors: list[str] = field(default_factory=list)
    label: str | None = None
    title_block: int | None = None
    also: list[Link] = field(default_factory=list)
    rule: str = ""
    lone: bool = False  # the block is only the link: the title is on a neighbour
    field_label: bool = False  # written as a field ("Link:", "논문 :", "[Link to the paper]")


BlockRule = Callable[[Note, Block], "list[Claim] | None"]
NoteRule = Callable[[Note, "list[Claim]"], "list[Claim]"]



def is_paper(link: Link) -> bool:
    return link.paper_id is not None


_NOT_PAPER_TEXT = re.compile(
    r"^\W*(?:code|github|pytorch|tensorflow|jax|keras|slides?|ppt|video|youtube|demo|blog|"
    r"project(?: page)?|homepage|home ?page|website|dataset|data|colab|notebook|talk|tweet|"
    r"poster|supp\w*|bib\w*|reviews?|review link|발표자료|발표 ?영상|영상|코드|"
    r"\d{1,2}(?:st|nd|rd|th)?\b.*\d{4}|\d{4}[-./]\d{1,2}[-./]\d{1,2})\W*$", re.I)


_PAPER_LABEL = re.compile(r"^\W*(?:paper|pdf|논문|논문 링크|link to (?:the )?paper|paper link|"
                          r"full ?text|research paper|원문|원 논문)\W*$", re.I)


# A bare link alone on its line is a paper page when its address says so (a PDF, a paper page).
_PAPERISH_URL = re.compile(r"\.pdf(?:$|[?#])|/(?:papers?|pubs?|publications?|proceedings)/",
                           re.I)


def is_work(link: Link) -> bool:
    """A link to a paper's page that has no id we know (a PDF, a proceedings page)."""
    if link.paper_id is not None or link.kind in ("code", "id"):
        return False
    if link.text and _NOT_PAPER_TEXT.match(visible(link.text)):
        return False
    if identity.bad_links(link.href):
        return False  # a mistyped paper link is reported, not made a page of its own
    return identity.classify_web_link(link.href) == "work"


def subject_of(block: Block, titled_code: bool = False) -> Link | None:
    """The link an entry block is keyed by: its first paper link, else its first link to a
    paper page without an id; a code repository only when it is the block's one link."""
    for link in block.links:
        if is_paper(link):
            return link
    for link in block.links:
        if is_work(link):
            return link
    only = block.links[0] if len(block.links) == 1 else None
    if titled_code and only is not None and only.text \
            and identity.classify_web_link(only.href) == "code":
        text = visible(only.text)
        if is_title(text) and len(text.split()) >= 2 and not re.search(
                r"code|코드|github|implementation|repo|pytorch|tensorflow|official", text, re.I):
            return only
    return None


def subject_links(block: Block) -> list[Link]:
    return [link for link in block.links if is_paper(link)]


def _text(note: Note, start: int, end: int) -> str:
    return visible(note.src(start, end))


def _title_of_link(note: Note, link: Link) -> str | None:
    text = visible(link.text) if link.text else ""
    if not text or link.image or is_generic(text):
        return None
    if identity.ANY_URL.search(text) or identity.paper_links(text):
        return None
    cleaned = clean_title(text)[0]
    return text if (is_title(cleaned, 1) or name_like(cleaned)) else None


def _finish(claim: Claim) -> Claim:
    """Authors out of the title, then the title cleaned."""
    if claim.title:
        title, authors = split_authors(claim.title)
        title, label = clean_title(title)
        claim.title = title or None
        claim.authors = claim.authors or authors
        claim.label = claim.label or label
    return claim


def _same_paper_links(block: Block, first: Link) -> list[Link]:
    """Other links in the block that name the paper too: generic labels ([pdf], [review])."""
    out = []
    for link in block.links:
        if link is first or not is_paper(link):
            continue
        text = visible(link.text) if link.text else ""
        if link.paper_id == first.paper_id or (text and is_generic(text)
                                               and not re.fullmatch(r"\W*\d{1,3}\W*", text)
                                               and not re.search(r"extension|journal|version",
                                                                 text, re.I)):
            out.append(link)
    return out


def _strip_field(text: str) -> tuple[str, bool]:
    """``논문 링크 :`` / ``Link:`` / ``📄 **Paper**:`` before a link: a field label, not text."""
    if text and LINK_LABEL.match(text):
        return "", True
    return text, False


def _until_next_link(note: Note, block: Block, link: Link) -> str:
    nxt = next((x.start for x in block.links if x.start >= link.end), block.end)
    text = _text(note, link.end, nxt).lstrip(" ]):|-–—,;.")
    text = re.split(r"\s\[|\s:\w+:|\s\|", text, maxsplit=1)[0]  # tags, emoji codes, cells
    return text.strip(" ]):|-–—,;.")


def _authors_in(note: Note, block: Block) -> list[str]:
    """Authors an item writes in italics (``*A. Kim, B. Lee and C. Park*``) or ``<sup>``."""
    src = note.src(block.start, block.end)
    for m in re.finditer(r"(?<![*_])([*_])(?!\1)([^*_]+?)\1(?![*_])|<sup>(.*?)</sup>", src, re.S):
        names = name_list(visible(m.group(2) or m.group(3) or ""))
        if len(names) >= 1 and (len(names) > 1 or "," in (m.group(2) or "")):
            return names
    return []


# --- block rules ------------------------------------------------------------------------

def heading_entry(note: Note, block: Block) -> list[Claim] | None:
    if block.kind != "heading" and not (block.kind == "html" and HEADING.match(
            note.src(block.start, block.end))):
        return None
    first = subject_of(block)
    if first is None:
        return None
    text = visible(first.text) if first.text and not first.image else ""
    title = text if text and not is_generic(text) else None
    authors: list[str] = []
    if title:
        before = _text(note, block.start, first.start)
        before = re.sub(r"^\d+[.)]\s*", "", before)
        if before and (re.search(r"et al\.?$", before) or name_list(before)):
            authors = [before] if "et al" in before else name_list(before)
    else:
        src = note.src(block.start, block.end)
        for link in block.links:
            if link is first or (link.text and is_generic(link.text)) or not link.text:
                a, b = link.start - block.start, link.end - block.start
                src = src[:a] + " " * (b - a) + src[b:]
        title = visible(src, keep_urls=False)
    claim = Claim(block.index, first, title, authors, rule="heading",
                  also=_same_paper_links(block, first))
    return [_finish(claim)]


def _cell_of(block: Block, link: Link) -> int:
    return next((i for i, (a, b) in enumerate(block.cells) if a <= link.start < b), -1)


def row_entry(note: Note, block: Block) -> list[Claim] | None:
    if block.kind != "row":
        return None
    if block.header:
        return []
    subjects = [x for x in block.links if is_paper(x)]
    if not subjects:
        subject = subject_of(block)
        subjects = [subject] if subject is not None else []
    if not subjects:
        return []
    claims: list[Claim] = []
    first = subjects[0]
    title = _title_of_link(note, first)
    authors: list[str] = []
    host = _cell_of(block, first)
    if not title:
        best: tuple[int, str] = (0, "")
        for i, (a, b) in enumerate(block.cells):
            if i == host:
                continue
            raw = note.src(a, b)
            main = re.split(r"<br\s*/?>", raw, maxsplit=1, flags=re.I)[0]
            text = visible(main, keep_urls=False)
            if not text or is_generic(text) or re.fullmatch(r"[\d\s\-./:,]+", text):
                continue
            score = title_score(text) + (1 if ":" in text else 0) + min(len(text) // 25, 2)
            if score > best[0]:
                best = (score, text)
                sup = re.search(r"<sup>(.*?)</sup>", raw, re.S | re.I)
                authors = name_list(visible(sup.group(1))) if sup else []
        title = best[1] if best[0] >= 2 else None
    claims.append(_finish(Claim(block.index, first, title, authors, rule="table row",
                                also=[x for x in _same_paper_links(block, first)
                                      if _title_of_link(note, x) is None])))
    for link in subjects[1:]:
        own = _title_of_link(note, link)
        numbered = bool(re.fullmatch(r"\W*\d{1,3}\W*", visible(link.text or "")))
        if (own or numbered) and link.paper_id != first.paper_id \
                and _cell_of(block, link) == host:
            claims.append(_finish(Claim(block.index, link, own, rule="table row")))
    return claims


def _prefix(note: Note, block: Block, link: Link) -> tuple[str, bool]:
    start = link.start
    glued = re.search(r"(?:^|\s)[^\s\[(<]{1,3}$", note.body[block.start : start])
    if glued and link.kind in ("bare", "id"):
        start = glued.start()  # "xhttps://arxiv.org/...": a stray character, not a title
    before = _text(note, block.start, start)
    before = re.sub(r"^\s*\[[ xX]\]\s*", "", before)
    return _strip_field(before.rstrip(" ([-–—:|").lstrip(" -–—:|"))


def link_first_entry(note: Note, block: Block) -> list[Claim] | None:
    if block.kind not in ("item", "line", "html") or block.quoted:
        return None
    first = subject_of(block, titled_code=True)
    if first is None or (first.paper_id is None and block.kind == "html"):
        return None
    follows = note.body[first.end : first.end + 1]
    if first.kind in ("bare", "id") and follows and not follows.isspace() \
            and follows not in ")]>.,;:!?\"'":
        return None  # "https://arxiv.org/abs/2007.05869와 ...": the sentence goes on
    before, labelled = _prefix(note, block, first)
    if before:
        # Text before the link that is just another link's text ("[Note](x.md) [![arXiv]]")
        # or an emoji decoration still counts as a title-bearing start.
        return None
    title = _title_of_link(note, first)
    alone = first.kind in ("bare", "autolink") and not _until_next_link(note, block, first) \
        and len(block.links) == 1
    if first.paper_id is None and not (
            (title and len(title.split()) >= 2) or _PAPER_LABEL.match(visible(first.text))
            or (alone and _PAPERISH_URL.search(first.href))):
        return None
    rest = _until_next_link(note, block, first)
    lone = False
    if not title:
        if rest and is_title(strip_venue(rest)) and hangul_ratio(rest) == 0:
            title = rest
        else:
            lone = True
    claim = Claim(block.index, first, title, _authors_in(note, block), rule="link first",
                  lone=lone and not title, field_label=labelled,
                  also=_same_paper_links(block, first))
    return [_finish(claim)]


_TRAILING_FIELD = re.compile(
    r"(?:\s|^)(?:link|url|paper|pdf|arxiv|code|links?|링크|논문|논문 링크|주소)"
    r"\s*[:：\-–—]\s*$", re.I)
_REFERENCE = re.compile(
    r"^(?P<authors>.{3,300}?)\s*\(?(?P<year>(?:19|20)\d{2}[a-z]?)\)?\s*[.,]\s*"
    r"(?P<title>[^.?!]{8,300}[?!]?)(?:[.,]|$)")


def _debris(text: str) -> bool:
    """What may follow a title and its link: punctuation, a venue and year, short tags."""
    text = strip_venue(text.strip(" .,;:()[]|-–—*"))
    text = re.sub(r"[\W_]+", " ", text).strip()
    if len(re.findall(r"[\uac00-\ud7a3]", text)) >= 2:
        return False  # Korean words after the link: a sentence goes on
    if re.search(r"\b[a-z]{2,}\s+[a-z]{2,}\b", text):
        return False  # "... and were compared": English prose goes on
    return len(text) <= 25 or (hangul_ratio(text) == 0 and len(text.split()) <= 5)


def title_first_entry(note: Note, block: Block) -> list[Claim] | None:
    if block.kind not in ("item", "line", "html") or block.quoted:
        return None
    first = subject_of(block)
    if first is None:
        return None
    if first.kind in ("bare", "id") and re.search(r"(?:^|\s)[^\s\[(<]{1,3}$",
                                                  note.body[block.start : first.start]):
        return None  # a stray character glued before the URL: link_first_entry reads it
    before = _TRAILING_FIELD.sub("", _text(note, block.start, first.start).rstrip(" (["))
    before = before.rstrip(" ([-–—:|").lstrip(" -–—:|")
    before = re.sub(r"^\s*\[[ xX]\]\s*", "", before)
    after = _text(note, first.end, block.end)
    for link in block.links:
        if link.start >= first.end and link.text:
            after = after.replace(visible(link.text), " ")
    if not before:
        return None
    title: str | None = None
    authors: list[str] = []
    ref = _REFERENCE.match(before)
    candidate = strip_venue(clean_title(before)[0])
    if hangul_ratio(candidate) > 0.05:
        return None
    one_word = len(candidate.split()) == 1
    if (is_title(candidate) and (not one_word or not after.strip(" .,;)]"))) or (
            first.paper_id and name_like(candidate) and len(before) <= 60 and not after.strip()):
        title = before
    elif ref and is_title(ref.group("title"), 1):
        title = ref.group("title")
        names = [n.strip() for n in re.split(r"(?<=\.)\s*,\s*(?:&\s*)?|\s*&\s*|;\s*|,\s*and\s+",
                                             ref.group("authors").strip(" ,("))]
        authors = [n for n in names if n]
    else:
        quoted = re.search(r"[\"“]([^\"”]{8,300})[\"”]", before)
        if quoted and is_title(visible(quoted.group(1)), 1):
            title = visible(quoted.group(1))
    commented = bool(re.match(r"^\s*[)\]]*\s*(?:—|–|-\s|:\s)", after))
    if title is None and not after.strip(" .)]") and block.kind == "item" \
            and title_score(candidate) >= 1 and len(candidate.split()) >= 3:
        title = before  # "1. Lower-case title words (URL)" in a numbered list
    if title is None or not (_debris(after) or commented):
        return None
    claim = Claim(block.index, first, title, authors or _authors_in(note, block),
                  rule="title first", also=_same_paper_links(block, first))
    return [_finish(claim)]


def emphasis_entry(note: Note, block: Block) -> list[Claim] | None:
    if block.kind not in ("item", "line") or block.quoted:
        return None
    first = subject_of(block)
    if first is None or (first.text and not is_generic(first.text)):
        return None
    src = note.src(block.start, first.start)
    for m in re.finditer(r"(\*\*|__)(.+?)\1|[\"“](.{8,300}?)[\"”]", src, re.S):
        text = visible(m.group(2) or m.group(3) or "")
        text = clean_title(text)[0]
        if re.fullmatch(r"(?:\s*\[[^\]]*\])+\s*", text) or not text:
            continue
        if is_title(text, 1) and len(name_list(text)) < 2:
            claim = Claim(block.index, first, text, _authors_in(note, block),
                          rule="emphasis", also=_same_paper_links(block, first))
            return [_finish(claim)]
    return None


BLOCK_RULES: list[BlockRule] = [heading_entry, row_entry, link_first_entry, emphasis_entry,
                                title_first_entry]


# --- note rules -------------------------------------------------------------------------

_FIELD_LINE = re.compile(
    r"^(?:authors?|저자|기관|affiliations?|submitted|published|date|일자|날짜|"
    r"score|[\w ]{0,12}score|"
    r"keywords?|tags?|categor(?:y|ies)|venue|출처|rating|url|link|code|links?|abstract|tl;?dr|"
    r"요약|comments?|note|memo|summary|pdf|github|citations?|stars?|year|연도|학회|conference|"
    r"journal|publisher|doi|arxiv|status|상태)\s*[:：]", re.I)


def _candidate(note: Note, block: Block) -> tuple[int, str, list[str]]:
    """(score, title, authors) of a block read as a title line; a score of -1 marks a line
    of authors (it is stepped over, its names kept). Read once per block and note."""
    found = note.candidates.get(block.index)
    if found is None:
        found = note.candidates[block.index] = _read_candidate(note, block)
    score, title, names = found
    return score, title, list(names)


def _read_candidate(note: Note, block: Block) -> tuple[int, str, list[str]]:
    if block.kind in ("code", "row") or block.links:
        return 0, "", []
    src = note.src(block.start, block.end)
    text = visible(src)
    if _FIELD_LINE.match(text):
        names = name_list(text.split(":", 1)[-1].split("：", 1)[-1])
        return (-1, "", names) if names and re.match(r"^(?:authors?|저자)", text, re.I) \
            else (0, "", [])
    text = TITLE_LABEL.sub("", text)
    bracketed = re.fullmatch(r"\s*\[([^\[\]]{8,300})\]\s*", text)
    if bracketed:  # "[Title]" on its own line (no link)
        text = bracketed.group(1)
        if len(text.split()) >= 3 and hangul_ratio(text) < 0.2:
            return max(title_score(text), 2), text, []
    m = re.match(r"^\s*(?:[-*+]\s+|\d+[.)]\s+)?(\*\*|__|\*|_)(.+?)\1(.*)$", src.strip(), re.S)
    if m and len(visible(m.group(2))) >= 8:
        title, tail = visible(m.group(2)), visible(m.group(3)).strip(" ()-–—,.")
        names = name_list(tail)
        return max(title_score(title), 2 if hangul_ratio(title) < 0.3 else 0), title, names
    score = title_score(text)
    title, authors = split_authors(text)
    names = name_list(text) if not authors else []
    if len(names) >= 2 and not authors:
        return -1, "", names
    return score, title, authors


def _neighbour(note: Note, index: int, step: int, taken: set[int]) -> Block | None:
    """The block next to ``index`` on one side, within two blank lines."""
    here = note.blocks[index]
    j = index + step
    if not 0 <= j < len(note.blocks):
        return None
    other = note.blocks[j]
    gap = (here.line - other.end_line) if step < 0 else (other.line - here.end_line)
    if gap > 2 or j in taken:
        return None
    if other.kind == "heading" and step > 0:
        return None
    return other


def _title_near(note: Note, index: int, step: int, taken: set[int]
                ) -> tuple[Block | None, str, list[str]]:
    """The title on one side of a lone link, stepping over one line of authors."""
    authors: list[str] = []
    here = index
    for _ in range(2):
        other = _neighbour(note, here, step, taken)
        if other is None:
            return None, "", authors
        score, title, names = _candidate(note, other)
        if score == -1:
            authors = authors or names
            here = other.index
            continue
        if score >= 2 or (other.kind == "heading" and step < 0 and title):
            return other, title, names or authors
        return None, "", authors
    return None, "", authors


def neighbour_titles(note: Note, claims: list[Claim]) -> list[Claim]:
    lone = [c for c in claims if c.lone]
    if not lone:
        return claims
    taken = {c.block for c in claims}
    votes = {1: 0, -1: 0}
    for c in lone:
        for step in (1, -1):
            if _title_near(note, c.block, step, set())[0] is not None:
                votes[step] += 1
    order = (1, -1) if votes[1] >= votes[-1] else (-1, 1)
    kept: list[Claim] = []
    previous: Claim | None = None
    for c in claims:
        if not c.lone:
            kept.append(c)
            previous = c
            continue
        # Sibling links of one paper ("[HF page](...)" then "[논문 링크](...)") join it.
        if (previous is not None and previous.rule == "neighbour"
                and c.block == max([previous.block, *[b for b in [previous.title_block]
                                                      if b is not None]]) + 1
                and note.blocks[c.block].parent is not None
                and note.blocks[c.block].parent == note.blocks[previous.block].parent):
            previous.also.append(c.link)
            continue
        for step in order:
            other, title, authors = _title_near(note, c.block, step, taken)
            if other is not None:
                _titled(c, title, authors, other.index, taken)
                break
        else:
            parent = note.blocks[c.block].parent
            heading = _heading_above(note, c.block)
            if parent is not None and not note.blocks[parent].links:
                score, title, authors = _candidate(note, note.blocks[parent])
                if title and (score >= 1 or hangul_ratio(title) < 0.5):
                    _titled(c, title, authors, parent, taken)
            if c.lone and heading is not None and not heading.links \
                    and _alone_in_section(claims, c, heading, note):
                title = visible(note.src(heading.start, heading.end))
                if title and heading.index not in taken and len(title.split()) >= 3 \
                        and title_score(title) >= 2:
                    _titled(c, title, _section_authors(note, heading, c), heading.index, taken)
        kept.append(c)
        previous = c
    return kept


def _titled(c: Claim, title: str, authors: list[str], block: int, taken: set[int]) -> None:
    c.title, c.authors = title, c.authors or authors
    c.title_block = block
    c.lone = False
    c.rule = "neighbour"
    taken.add(block)
    _finish(c)


def _alone_in_section(claims: list[Claim], c: Claim, heading: Block, note: Note) -> bool:
    """The lone link is the only entry between its heading and the next one."""
    nxt = next((b.index for b in note.blocks[heading.index + 1 :] if b.kind == "heading"),
               len(note.blocks))
    return all(o is c or not heading.index < o.block < nxt for o in claims)


def _section_authors(note: Note, heading: Block, c: Claim) -> list[str]:
    for block in note.blocks[heading.index + 1 : c.block + 3]:
        score, _, names = _candidate(note, block)
        if score == -1 and names:
            return names
    return []


_SUBJECT_KEYS = ("link", "url", "paper", "arxiv", "pdf", "source", "paper_url", "논문")
_READING_LIST = re.compile(
    r"refer|related|further|reading|recommend|see also|paper list|papers|variation|version|"
    r"같이|함께|읽|추천|참고|관련|논문 목록|다음 논문|이전 논문|후속", re.I)


def _heading_above(note: Note, index: int) -> Block | None:
    for j in range(index - 1, -1, -1):
        if note.blocks[j].kind == "heading":
            return note.blocks[j]
    return None


def _title_field(note: Note) -> tuple[str | None, int | None]:
    """A one-paper note's own title: a ``Title:`` field, the first heading, front matter."""
    for block in note.blocks[:12]:
        text = visible(note.src(block.start, block.end))
        m = re.match(r"^(?:title|paper(?: title)?|제목|논문 ?제목)\s*[:：]\s*(.+)$", text, re.I)
        if m and not block.links:
            return m.group(1), block.index
    title = note.meta.get("title")
    if isinstance(title, str) and title.strip():
        return title.strip(), None
    first = next((b for b in note.blocks if b.kind == "heading" and not b.links), None)
    if first is not None:
        return visible(note.src(first.start, first.end)), first.index
    return note.title, None


def note_subject(note: Note, claims: list[Claim]) -> list[Claim]:
    """The paper a one-paper note is about: a front-matter link, or its one lone link."""
    link = None
    for key in _SUBJECT_KEYS:
        value = note.meta.get(key)
        if isinstance(value, str) and identity.paper_links(value):
            link = identity.paper_links(value)[0]
            break
    untitled = [c for c in claims if c.lone]
    titled = [c for c in claims if not c.lone]
    if link is not None:
        title, block = _title_field(note)
        same = next((c for c in claims if c.link.paper_id == link.id), None)
        if same is not None:
            same.title = same.title or title
            same.lone = False
            same.field_label = True
            return claims
        fake = Link(0, 0, link.href, "", "front matter", link.id)
        subject = Claim(-1, fake, title, rule="front matter", field_label=True,
                        title_block=block)
        return [_finish(subject), *claims]
    if untitled and len(untitled) <= 2 and (not titled or untitled[0].block < titled[0].block):
        subject = untitled[0]
        title, block = _title_field(note)
        if title:
            subject.title, subject.title_block = title, block
            subject.lone = False
            subject.field_label = True
            subject.rule = "note subject"
            _finish(subject)
    return claims


def reading_lists(note: Note, claims: list[Claim]) -> list[Claim]:
    """In a one-paper note, list links outside a reading-list section are mentions."""
    subjects = [c for c in claims if c.field_label]
    if len(subjects) != 1:
        return claims
    subject = subjects[0]
    kept = []
    for c in claims:
        if c is subject or c.link.paper_id == subject.link.paper_id:
            kept.append(c)
            continue
        heading = _heading_above(note, c.block) if c.block >= 0 else None
        label = visible(note.src(heading.start, heading.end)) if heading else ""
        if heading is not None and _READING_LIST.search(label):
            kept.append(c)
    return kept


NOTE_RULES: list[NoteRule] = [neighbour_titles, note_subject, reading_lists]


def read_entries(note: Note, block_rules: list[BlockRule] | None = None,
                 note_rules: list[NoteRule] | None = None) -> list[Claim]:
    """Run the rules: every block with a link through the block rules, then the note rules."""
    claims: list[Claim] = []
    for block in note.blocks:
        if not block.links or block.kind == "code":
            continue
        for rule in block_rules if block_rules is not None else BLOCK_RULES:
            found = rule(note, block)
            if found is not None:
                claims.extend(found)
                break
    for note_rule in note_rules if note_rules is not None else NOTE_RULES:
        claims = note_rule(note, claims)
    for c in claims:
        if c.title:
            c.title = collapse(c.title)
    return claims

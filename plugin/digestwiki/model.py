"""Plain data passed between the stages. No behaviour beyond small conveniences."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Link:
    """One link as written: its span in the note's body, where it points, what it says."""

    start: int  # character offsets into Digest.text
    end: int
    href: str
    text: str  # the link text as written (Markdown inside kept); "" for a bare URL
    kind: str  # "markdown" | "html" | "autolink" | "bare" | "id" (arXiv:...) | "code"
    paper_id: str | None = None  # canonical id when the link names a paper
    image: bool = False  # the link's text is an image (a badge)
    url_start: int = -1  # where the URL itself is written (-1: not in the text)
    url_end: int = -1


@dataclass
class Block:
    """A unit of the note a reader sees as one thing: a heading, a list item's paragraph, a
    table row, one line of a paragraph or of plain text, a code block, an HTML line."""

    index: int
    kind: str  # "heading" | "item" | "para" | "row" | "line" | "code" | "html"
    start: int  # character offsets into Digest.text
    end: int
    line: int  # 0-based first line in the body
    end_line: int  # exclusive
    level: int = 0  # heading level
    depth: int = 0  # list nesting (0: not in a list)
    item: int | None = None  # the list item's first block (its own paragraph)
    parent: int | None = None  # the enclosing list item's first block, for nested items
    quoted: bool = False
    group: int = 0  # lines of one paragraph share a group
    header: bool = False  # a table header row
    cells: list[tuple[int, int]] = field(default_factory=list)  # table cells' spans
    links: list[Link] = field(default_factory=list)


@dataclass
class Problem:
    """Something a contributor should fix or know about, pinned to a line."""

    line: int
    message: str
    severity: str = "warning"  # "error" | "warning"


@dataclass
class Entry:
    """A paper the digest reviews: it gets its own anchored section."""

    id: str
    url: str
    line: int  # the line the link is on (1-based)
    title: str | None
    authors: list[str] = field(default_factory=list)
    title_line: int | None = None
    label: str | None = None  # presentation type, e.g. "Oral"
    code_links: list[str] = field(default_factory=list)
    context: str = ""
    anchor: str = ""
    block: int = -1  # the block that holds the entry (see Digest.blocks)
    title_block: int | None = None  # a neighbouring block that holds the title
    link: Link | None = None  # the link the entry is keyed by
    also: list[Link] = field(default_factory=list)  # more links to the same paper
    rule: str = ""  # the rule that read it (shown by `digestwiki parse`)


@dataclass
class Mention:
    """A paper linked in passing inside commentary."""

    id: str
    url: str
    line: int
    context: str
    anchor: str = ""
    block: int = -1
    link: Link | None = None
    title: str | None = None  # what the sentence calls the paper: "FedAvg (url)", "[GEM](url)"


@dataclass
class Digest:
    """What the wiki sees in one note."""

    id: str  # the file stem, e.g. "2021-05-08-recent-papers"
    source: str  # path in the repo, e.g. "docs/digests/2021-05-08-recent-papers.md"
    shape: str  # "plaintext" | "markdown" | "jekyll"
    title: str
    date: str | None  # "YYYY-MM-DD" or "YYYY-MM"
    date_inferred: bool
    text: str  # normalised text, front matter removed
    body_offset: int  # number of lines removed above ``text`` (front matter)
    meta: dict[str, object] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)  # the one parse the page is made from

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def warn(self, line: int, message: str, severity: str = "warning") -> None:
        self.problems.append(Problem(line, message, severity))

"""Plain data passed between the stages. No behaviour beyond small conveniences."""

from __future__ import annotations

from dataclasses import dataclass, field


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


@dataclass
class Mention:
    """A paper linked in passing inside commentary."""

    id: str
    url: str
    line: int
    context: str
    anchor: str = ""


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

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def warn(self, line: int, message: str, severity: str = "warning") -> None:
        self.problems.append(Problem(line, message, severity))

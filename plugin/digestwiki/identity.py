"""Paper identity: turn the many URL forms of a paper into one canonical id.

Ids look like ``arxiv:2007.10909`` (no version), ``arxiv:hep-th/9901001``,
``openreview:BkluqlSFDS`` and ``doi:10.1145/3292500.3330701`` (lowercase).
A URL ends where the id ends, so Korean text glued to a link
(``https://arxiv.org/abs/2007.05869와``) does not leak into the id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ARXIV_NEW = r"\d{4}\.\d{4,5}"
_ARXIV_OLD = r"[a-z][a-z\-]+(?:\.[A-Z]{2})?/\d{7}"

ARXIV_URL = re.compile(
    r"(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html|format)/"
    rf"(?P<id>{_ARXIV_NEW}|{_ARXIV_OLD})(?!\d)(?P<version>v\d+)?(?:\.pdf)?",
    re.IGNORECASE,
)
OPENREVIEW_URL = re.compile(
    r"(?:https?://)?(?:www\.)?openreview\.net/(?:forum|pdf|attachment)"
    r"\?(?:[A-Za-z_]+=[^\s&\"'<>]*&(?:amp;)?)*id=(?P<id>[A-Za-z0-9_\-]+)"
    r"(?:&(?:amp;)?[A-Za-z_]+=[A-Za-z0-9_\-.%]*)*"
)
# DOI suffixes: the characters Crossref recommends, so markup next to a DOI is not swallowed.
DOI_URL = re.compile(
    r"(?:https?://)?(?:dx\.)?doi\.org/(?P<id>10\.\d{4,9}/[-._;()/:A-Za-z0-9]+)", re.IGNORECASE
)
# An arXiv id written as text: "arXiv:2007.10909", "arXiv 2007.10909v2", "arXiv:hep-th/9901001".
ARXIV_TEXT = re.compile(
    rf"(?<![\w/.:])arXiv[:\s]\s?(?P<id>{_ARXIV_NEW}|{_ARXIV_OLD})(?!\d)(?P<version>v\d+)?",
    re.IGNORECASE,
)
# A link that claims to be a paper but whose id we cannot read (a typo such as
# arxiv.org/abs/2006.162360): reported by the linter instead of silently dropped.
PAPERISH_URL = re.compile(
    r"(?:https?://)?(?:www\.|export\.)?(?:arxiv\.org/(?:abs|pdf|html)|openreview\.net/"
    r"(?:forum|pdf|attachment)|(?:dx\.)?doi\.org)[^\s<>\"')\]]*",
    re.IGNORECASE,
)
# Any web link, for turning bare URLs into links. Stops at the first non-ASCII
# character and does not swallow closing punctuation.
ANY_URL = re.compile(r"https?://[!-~]+")
_TRAILING = ".,;:!?'\")]}>"


@dataclass(frozen=True)
class PaperLink:
    """One paper link found in a line of text (a URL, or an id written as ``arXiv:2007.10909``)."""

    id: str
    url: str  # as written
    start: int
    end: int
    version: str | None = None
    textual: bool = False  # written as an id, not a URL

    @property
    def href(self) -> str:
        """Where a link made from it should point."""
        if self.textual:
            return canonical_url(self.id)
        return self.url if "://" in self.url else "https://" + self.url


@dataclass(frozen=True)
class BadLink:
    """A paper-looking URL we could not understand."""

    url: str
    start: int
    end: int


def trim_url(url: str) -> str:
    """Drop punctuation that ends a sentence rather than the URL."""
    while url and url[-1] in _TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def _clean_doi(doi: str) -> str:
    doi = trim_url(doi)
    for stop in ("&", '"', "<", "'"):
        doi = doi.split(stop, 1)[0]
    return doi.lower()


def _arxiv_ident(raw: str) -> str:
    """Old-style ids: the archive is the id ("math.GT/0309136" is "math/0309136")."""
    if "/" not in raw:
        return raw
    archive, number = raw.split("/", 1)
    return archive.split(".")[0].lower() + "/" + number


def paper_links(text: str) -> list[PaperLink]:
    """Every paper link in ``text``, in order of appearance."""
    found: list[PaperLink] = []
    for m in ARXIV_URL.finditer(text):
        ident = _arxiv_ident(m.group("id"))
        found.append(
            PaperLink(f"arxiv:{ident}", m.group(0), m.start(), m.end(), m.group("version"))
        )
    for m in OPENREVIEW_URL.finditer(text):
        found.append(PaperLink(f"openreview:{m.group('id')}", m.group(0), m.start(), m.end()))
    for m in DOI_URL.finditer(text):
        doi = _clean_doi(m.group("id"))
        end = m.start("id") + len(doi)
        found.append(PaperLink(f"doi:{doi}", text[m.start() : end], m.start(), end))
    urls = {link.id for link in found}
    for m in ARXIV_TEXT.finditer(text):
        ident = _arxiv_ident(m.group("id"))
        # "[arXiv:2007.10909](https://arxiv.org/abs/2007.10909)" is one link, not two.
        if f"arxiv:{ident}" not in urls:
            found.append(PaperLink(f"arxiv:{ident}", m.group(0), m.start(), m.end(),
                                   m.group("version"), textual=True))
    found.sort(key=lambda link: link.start)
    return found


def bad_links(text: str) -> list[BadLink]:
    """Paper-looking URLs in ``text`` that :func:`paper_links` does not understand."""
    good = paper_links(text)
    bad = []
    for m in PAPERISH_URL.finditer(text):
        url = trim_url(m.group(0))
        if not url.split("/", 3)[-1] or url.rstrip("/").endswith(("arxiv.org", "openreview.net")):
            continue
        covered = any(g.start <= m.start() < g.end for g in good)
        if covered:
            # The id was read, but is something glued to it that changes its meaning?
            link = next(g for g in good if g.start <= m.start() < g.end)
            tail = text[link.end : m.start() + len(url)]
            if not tail or not tail[0].isalnum() or not tail.isascii():
                continue
        bad.append(BadLink(url, m.start(), m.start() + len(url)))
    return bad


def parse_id(value: str) -> str | None:
    """A canonical id from a URL or from an id written as ``arxiv:...``/``doi:...``."""
    value = value.strip()
    links = paper_links(value)
    if links:
        return links[0].id
    m = re.fullmatch(rf"(?:arxiv:)?({_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?", value, re.IGNORECASE)
    if m:
        return paper_links(f"arxiv.org/abs/{m.group(1)}")[0].id
    m = re.fullmatch(r"openreview:([A-Za-z0-9_\-]+)", value)
    if m:
        return f"openreview:{m.group(1)}"
    m = re.fullmatch(r"doi:(10\.\d{4,9}/\S+)", value, re.IGNORECASE)
    if m:
        return f"doi:{m.group(1).lower()}"
    return None


def slug(paper_id: str) -> str:
    """A URL- and anchor-safe name for an id: ``arxiv:2007.10909`` -> ``arxiv-2007-10909``.

    OpenReview ids keep their case: they are case-sensitive.
    """
    return re.sub(r"[^A-Za-z0-9_]+", "-", paper_id).strip("-")


def allocate(base: str, used: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is free; records the choice in ``used``.

    The parser and the HTML step both name anchors with it, in the same order, so they agree.
    """
    name, n = base, 1
    while name in used:
        n += 1
        name = f"{base}-{n}"
    used.add(name)
    return name


def service(paper_id: str) -> str:
    return paper_id.split(":", 1)[0]


def local_id(paper_id: str) -> str:
    return paper_id.split(":", 1)[1]


def canonical_url(paper_id: str) -> str:
    """The page a reader expects for the id."""
    kind, ident = paper_id.split(":", 1)
    if kind == "arxiv":
        return f"https://arxiv.org/abs/{ident}"
    if kind == "openreview":
        return f"https://openreview.net/forum?id={ident}"
    return f"https://doi.org/{ident}"


def pdf_url(paper_id: str) -> str | None:
    kind, ident = paper_id.split(":", 1)
    if kind == "arxiv":
        return f"https://arxiv.org/pdf/{ident}"
    if kind == "openreview":
        return f"https://openreview.net/pdf?id={ident}"
    return None


def arxiv_month(paper_id: str) -> tuple[int, int] | None:
    """(year, month) an arXiv id was issued in, read from the id itself."""
    kind, ident = paper_id.split(":", 1)
    if kind != "arxiv":
        return None
    digits = ident.split("/")[-1][:4]
    if not digits.isdigit():
        return None
    yy, mm = int(digits[:2]), int(digits[2:])
    if not 1 <= mm <= 12:
        return None
    return (2000 + yy if yy < 91 else 1900 + yy), mm

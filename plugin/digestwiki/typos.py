"""Typos in paper links that still look like links: lint explains them and suggests the fix.

Three checks, each on one line of a note:

- an arXiv id of the wrong length for its month (``2106.1019``: since 1501 ids have five
  digits after the dot, before it four) or with no such month (``2113.01234``);
- a near miss of a paper host (``arxive.org/abs/...``, ``arxiv.com``, ``openreveiw.net``,
  ``doi.rog``) whose path looks like that service's: the wiki does not read it as a paper;
- an id that no other note and no metadata record knows, one edit away from one that is
  (``did you mean arxiv:2106.09685?``).

Edit distances are hand-written (optimal string alignment, a dozen lines) rather than a new
dependency: the strings are host names and ids, a few dozen characters at most, and the
"did you mean" check finds candidates through an index of one-deletion variants (the
SymSpell idea) instead of comparing an id with every known id.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Container, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from .identity import SERVICES, PaperLink, local_id, paper_links, service
from .identity.services import EXTRA_HOSTS
from .model import Digest

_FENCE = re.compile(r"^\s*(```|~~~)")
# A host with a path, written with or without a scheme (as the identity forms accept them).
_HOST_AND_PATH = re.compile(
    r"(?:https?://|(?<![A-Za-z0-9_.@/\\-]))(?P<host>[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)"
    r"(?P<path>[/?][^\s<>\"'`\])]*)"
)
# Hosts that are real paper sites, however close to a service's host they look.
REAL_HOSTS = frozenset({
    "arxiv.org", "export.arxiv.org", "browse.arxiv.org", "alphaxiv.org", "ar5iv.org",
    "ar5iv.labs.arxiv.org", "openreview.net", "doi.org", "dx.doi.org", "aclanthology.org",
    "aclweb.org", "aclanthology.info", "huggingface.co", "biorxiv.org", "medrxiv.org",
    "chemrxiv.org", "osf.io",
})


@dataclass(frozen=True)
class Typo:
    """A problem in a line: where, how bad, and what to do."""

    start: int
    end: int
    severity: str  # "warning" | "notice"
    message: str


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and swaps of
    two neighbouring characters each cost one (``openreveiw`` is one from ``openreview``)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


# --- arXiv ids of the wrong shape -------------------------------------------------------------

_NEW_ID = re.compile(r"(\d{2})(\d{2})\.(\d{4,5})")


def arxiv_id_problems(line: str, links: list[PaperLink] | None = None) -> list[Typo]:
    """New-style arXiv ids whose length does not fit their month, or with no such month."""
    out = []
    for link in paper_links(line) if links is None else links:
        if service(link.id) != "arxiv":
            continue
        m = _NEW_ID.fullmatch(local_id(link.id))
        if not m:
            continue
        ident, month, digits = m.group(0), int(m.group(2)), len(m.group(3))
        if not 1 <= month <= 12:
            out.append(Typo(link.start, link.end, "warning",
                            f"arXiv id {ident} names month {m.group(2)}, which does not exist: "
                            "the first four digits are YYMM (check the id on arxiv.org)"))
        elif m.group(1) + m.group(2) >= "1501" and digits == 4:
            out.append(Typo(link.start, link.end, "warning",
                            f"arXiv id {ident} has 4 digits after the dot, but ids since "
                            "January 2015 (1501) have 5: a digit is missing "
                            "(check the id on arxiv.org)"))
        elif m.group(1) + m.group(2) < "1501" and digits == 5:
            out.append(Typo(link.start, link.end, "warning",
                            f"arXiv id {ident} has 5 digits after the dot, but ids before "
                            "2015 have 4: a digit too many (check the id on arxiv.org)"))
    return out


# --- near misses of a paper host --------------------------------------------------------------


def _known_hosts() -> Iterator[tuple[str, str, re.Pattern[str]]]:
    """(host, service label, path pattern) of every host an id service is written with."""
    for svc in SERVICES.values():
        if svc.path_hint is not None:
            for host in svc.hosts:
                yield host, svc.label, svc.path_hint
    for host, (name, hint) in EXTRA_HOSTS.items():
        yield host, SERVICES[name].label, hint


def _near(host: str, known: str) -> bool:
    if abs(len(host) - len(known)) > 3:
        return False
    if edit_distance(host, known) <= 1:
        return True
    name, _, tld = host.rpartition(".")
    kname, _, ktld = known.rpartition(".")
    allowed = 2 if len(kname) >= 8 else 1
    return edit_distance(name, kname) + (tld != ktld) <= allowed


@functools.lru_cache(maxsize=4096)
def _lookalikes(host: str) -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """The service hosts ``host`` is a near miss of (the same hosts recur on every line)."""
    if host in REAL_HOSTS:
        return ()
    return tuple(k for k in _known_hosts() if _near(host, k[0]))


def host_problems(line: str) -> list[Typo]:
    """Links to a near miss of a paper host (arxive.org, openreveiw.net, doi.rog)."""
    out = []
    for m in _HOST_AND_PATH.finditer(line):
        written = m.group("host")
        host = written.lower()
        for prefix in ("www.", "export."):
            host = host.removeprefix(prefix)
        for known, label, hint in _lookalikes(host):
            if hint.match(m.group("path")):
                fixed = m.group(0).replace(written, written[: len(written) - len(host)] + known,
                                           1)
                out.append(Typo(m.start(), m.end(), "warning",
                                f"'{written}' looks like a typo of {known}, so this {label} "
                                f"link is not read as a paper: write {fixed}"))
                break
    return out


# --- one edit away from a known id ------------------------------------------------------------


def _deletions(paper_id: str) -> set[str]:
    """The id and every id with one character of its local part deleted. Two ids one edit
    apart (insert, delete, substitute, swap) always share one of these."""
    kind, local = service(paper_id), local_id(paper_id)
    return {paper_id} | {f"{kind}:{local[:i]}{local[i + 1:]}" for i in range(len(local))}


class IdIndex:
    """Ids someone knows, indexed by their one-deletion variants, so the ids one edit from a
    new id are found with a few dictionary look-ups instead of comparing with every id."""

    def __init__(self, ids: Iterable[str]) -> None:
        self.ids = set(ids)
        self._by_deletion: dict[str, set[str]] = {}
        for paper_id in self.ids:
            if service(paper_id) != "url":
                for key in _deletions(paper_id):
                    self._by_deletion.setdefault(key, set()).add(paper_id)

    def __contains__(self, paper_id: object) -> bool:
        return paper_id in self.ids

    def near(self, paper_id: str) -> list[str]:
        """Known ids one edit from ``paper_id`` (not itself), sorted."""
        if service(paper_id) == "url":
            return []
        local = local_id(paper_id)
        found: set[str] = set()
        for key in _deletions(paper_id):
            found |= self._by_deletion.get(key, set())
        return sorted(c for c in found - {paper_id}
                      if edit_distance(local_id(c), local) <= 1)


class Known(Protocol):
    """Ids that count as known, and those of them one edit from a given id."""

    def __contains__(self, paper_id: object) -> bool: ...

    def near(self, paper_id: str) -> list[str]: ...


def near_id_problems(line: str, known: Known, missing: Container[str] = frozenset(),
                     links: list[PaperLink] | None = None) -> list[Typo]:
    """Ids nobody else knows that are one edit from an id someone does ("did you mean").

    ``known``: ids of the other notes and of found metadata records; ``missing``: ids the
    metadata services said do not exist (a stronger sign of a typo).
    """
    out = []
    for link in paper_links(line) if links is None else links:
        if link.id in known:
            continue
        close = known.near(link.id)
        if not close:
            continue
        said = (" (the metadata service found no such paper)" if link.id in missing
                else " (no other note and no metadata record has it)")
        out.append(Typo(link.start, link.end, "warning" if link.id in missing else "notice",
                        f"{link.id} is one character from {' and '.join(close[:3])}{said}: "
                        f"did you mean {close[0]}?"))
    return out


def check_line(line: str, known: Known | None = None,
               missing: Container[str] = frozenset()) -> list[Typo]:
    """Every typo check on one line, in order of position."""
    links = paper_links(line)
    found = arxiv_id_problems(line, links) + host_problems(line)
    if known is not None:
        found += near_id_problems(line, known, missing, links)
    return sorted(found, key=lambda t: t.start)


# --- lint's view: a note against the rest of the wiki -----------------------------------------


class KnownIds:
    """Which ids the wiki and the metadata cache know, seen from one note at a time."""

    def __init__(self, digests: Iterable[Digest], cache: Mapping[str, Mapping[str, Any]]) -> None:
        self.notes: dict[str, set[str]] = {}
        for digest in digests:
            for paper_id in [e.id for e in digest.entries] + [m.id for m in digest.mentions]:
                self.notes.setdefault(paper_id, set()).add(digest.source)
        self.found = {i for i, r in cache.items() if r.get("status", "found") == "found"}
        self.missing = {i for i, r in cache.items() if r.get("status") == "not_found"}
        self.index = IdIndex(set(self.notes) | self.found)

    def seen_from(self, source: str) -> _SeenFrom:
        return _SeenFrom(self, source)


@dataclass(frozen=True)
class _SeenFrom:
    """Known ids minus those only the note ``source`` itself uses."""

    known: KnownIds
    source: str

    def __contains__(self, paper_id: object) -> bool:
        if paper_id in self.known.found:
            return True
        return bool(self.known.notes.get(str(paper_id), set()) - {self.source})

    def near(self, paper_id: str) -> list[str]:
        return [c for c in self.known.index.near(paper_id) if c in self]


def typo_problems(digest: Digest, known: KnownIds) -> list[tuple[int, str, str]]:
    """(line, severity, message) for every typo in a note's text, code blocks left out."""
    seen = known.seen_from(digest.source)
    out: list[tuple[int, str, str]] = []
    fenced = False
    for i, line in enumerate(digest.lines):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        for typo in check_line(line, seen, known.missing):
            item = (i + 1 + digest.body_offset, typo.severity, typo.message)
            if item not in out:
                out.append(item)
    return out

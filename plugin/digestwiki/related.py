""""Discussed alongside": the papers a reader of one paper's page may want next.

Two papers are discussed alongside each other when a digest reviews or mentions both. The
papers most often discussed with a paper come first (the number of digests they share);
ties go to papers both reviewed (not just mentioned) in a shared digest, then to the paper
written closest to it in the note (the smallest distance in lines), then by title.

Pure functions over :class:`graph.Wiki`; nothing here knows MkDocs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .graph import Paper, Wiki, norm_title
from .model import Digest


@dataclass(slots=True)  # one per pair of papers a note discusses: hundreds of thousands
class Related:
    paper: Paper
    digests: list[Digest] = field(default_factory=list)  # shared digests, newest first
    both_reviewed: bool = False
    distance: int = 0  # fewest lines between the two in any shared digest

    @property
    def shared(self) -> int:
        return len(self.digests)


def _positions(wiki: Wiki, digest: Digest) -> dict[str, tuple[list[int], bool]]:
    """Canonical paper id -> (lines it appears on, reviewed?) within one digest."""
    out: dict[str, tuple[list[int], bool]] = {}
    for entry in digest.entries:
        pid = wiki.aliases.get(entry.id, entry.id)
        lines, _ = out.get(pid, ([], False))
        out[pid] = (lines + [entry.line], True)
    for mention in digest.mentions:
        pid = wiki.aliases.get(mention.id, mention.id)
        lines, reviewed = out.get(pid, ([], False))
        out[pid] = (lines + [mention.line], reviewed)
    return out


ALL_PAIRS_UP_TO = 60  # a note with at most this many papers pairs every two of them
WINDOW = 10  # in a bigger note, a paper pairs with this many neighbours on each side


def pairs(here: dict[str, tuple[list[int], bool]]) -> list[tuple[str, str]]:
    """Ordered pairs of papers of one note that count as "discussed alongside".

    Every pair in a note of up to :data:`ALL_PAIRS_UP_TO` papers; in a bigger note (a list of
    3,000 accepted papers) only neighbours within :data:`WINDOW` places in the note's order,
    so the work grows linearly with a note's papers instead of with their square.
    """
    return [(a, b) for a, others in _partners(here).items() for b in others]


def _partners(here: dict[str, tuple[list[int], bool]]) -> dict[str, list[str]]:
    """Each paper of one note -> the papers it is paired with (see :func:`pairs`)."""
    ids = list(here)
    if len(ids) <= ALL_PAIRS_UP_TO:
        return {a: [b for b in ids if b != a] for a in ids}
    ids.sort(key=lambda pid: (min(here[pid][0]), pid))
    return {a: ids[max(0, i - WINDOW): i] + ids[i + 1: i + 1 + WINDOW]
            for i, a in enumerate(ids)}


def pair_count(wiki: Wiki) -> int:
    """How many (paper, paper, note) pairs :func:`alongside_map` looks at: for benchmarks."""
    return sum(len(pairs({pid: v for pid, v in _positions(wiki, d).items()
                          if pid in wiki.papers})) for d in wiki.digests)


def alongside_map(wiki: Wiki, limit: int = 5, papers: Iterable[str] | None = None
                  ) -> dict[str, list[Related]]:
    """For every paper id of the wiki (or only those of ``papers``), up to ``limit`` papers
    discussed alongside it.

    Paper by paper: only one paper's candidates are held at a time (every pair of a
    30,000-paper wiki at once was hundreds of megabytes), and only the notes of the papers
    asked for are read (the preview asks again for the few papers an edit touched)."""
    order = {id(digest): n for n, digest in enumerate(wiki.digests)}
    notes: dict[int, tuple[dict[str, tuple[list[int], bool]], dict[str, list[str]]]] = {}
    titles: dict[str, str] = {}

    def title(pid: str) -> str:
        if pid not in titles:
            titles[pid] = norm_title(wiki.papers[pid].display_title)
        return titles[pid]

    out: dict[str, list[Related]] = {}
    for pid in (wiki.papers if papers is None else papers):
        found: dict[str, Related] = {}
        # newest first (the wiki's order), so each Related.digests is newest first
        for n in sorted({order[id(b.digest)] for b in wiki.papers[pid].backlinks}):
            digest = wiki.digests[n]
            if n not in notes:
                here = {p: v for p, v in _positions(wiki, digest).items() if p in wiki.papers}
                notes[n] = here, _partners(here)
            here, partners = notes[n]
            lines_a, rev_a = here[pid]
            for b in partners[pid]:
                lines_b, rev_b = here[b]
                if len(lines_a) == 1 and len(lines_b) == 1:  # the usual case, no generator
                    distance = abs(lines_a[0] - lines_b[0])
                else:
                    distance = min(abs(x - y) for x in lines_a for y in lines_b)
                rel = found.get(b)
                if rel is None:
                    rel = found[b] = Related(wiki.papers[b], distance=distance)
                elif distance < rel.distance:
                    rel.distance = distance
                rel.digests.append(digest)
                rel.both_reviewed = rel.both_reviewed or (rev_a and rev_b)
        out[pid] = sorted(found.values(), key=lambda r: (-len(r.digests), not r.both_reviewed,
                                                        r.distance, title(r.paper.id),
                                                        r.paper.id))[:limit]
    return out


def discussed_alongside(wiki: Wiki, paper_id: str, limit: int = 5) -> list[Related]:
    """The papers most often discussed in the same digests as ``paper_id``."""
    pid = wiki.aliases.get(paper_id, paper_id)
    return alongside_map(wiki, limit, [pid]).get(pid, []) if pid in wiki.papers else []

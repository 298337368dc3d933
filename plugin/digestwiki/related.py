""""Discussed alongside": the papers a reader of one paper's page may want next.

Two papers are discussed alongside each other when a digest reviews or mentions both. The
papers most often discussed with a paper come first (the number of digests they share);
ties go to papers both reviewed (not just mentioned) in a shared digest, then to the paper
written closest to it in the note (the smallest distance in lines), then by title.

Pure functions over :class:`graph.Wiki`; nothing here knows MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .graph import Paper, Wiki, norm_title
from .model import Digest


@dataclass
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


def alongside_map(wiki: Wiki, limit: int = 5) -> dict[str, list[Related]]:
    """For every paper id of the wiki, up to ``limit`` papers discussed alongside it."""
    found: dict[str, dict[str, Related]] = {pid: {} for pid in wiki.papers}
    for digest in wiki.digests:  # newest first, so each Related.digests is newest first
        here = {pid: v for pid, v in _positions(wiki, digest).items() if pid in wiki.papers}
        for a, (lines_a, rev_a) in here.items():
            for b, (lines_b, rev_b) in here.items():
                if a == b:
                    continue
                rel = found[a].get(b)
                distance = min(abs(x - y) for x in lines_a for y in lines_b)
                if rel is None:
                    rel = found[a][b] = Related(wiki.papers[b], distance=distance)
                else:
                    rel.distance = min(rel.distance, distance)
                rel.digests.append(digest)
                rel.both_reviewed = rel.both_reviewed or (rev_a and rev_b)
    return {
        pid: sorted(rels.values(), key=lambda r: (-r.shared, not r.both_reviewed, r.distance,
                                                 norm_title(r.paper.display_title),
                                                 r.paper.id))[:limit]
        for pid, rels in found.items()
    }


def discussed_alongside(wiki: Wiki, paper_id: str, limit: int = 5) -> list[Related]:
    """The papers most often discussed in the same digests as ``paper_id``."""
    pid = wiki.aliases.get(paper_id, paper_id)
    return alongside_map(wiki, limit).get(pid, [])

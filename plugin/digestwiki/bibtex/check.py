"""What the pull-request check (``digestwiki lint``) says about citations.

Three things only the cache and the key registry can tell: a title in a note that does not
look like the paper's real title (a typo, or a link to another paper), an id a service said
does not exist, and a paper that should have a pinned key but whose key is not committed.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from ..model import Digest
from .registry import Registry

# Below this similarity a title is "another paper", not a rewording (difflib ratio).
TITLE_RATIO = 0.6
# A note may call a paper by its nickname ("SliceOut", "LoRA"): this many words or fewer.
NICKNAME_WORDS = 3
SERVICE_NAMES = {"arxiv": "arXiv", "openreview": "OpenReview", "crossref": "Crossref",
                 "acl": "the ACL Anthology"}


def _words(title: str) -> list[str]:
    text = unicodedata.normalize("NFKC", title).casefold()
    return [w for w in re.split(r"[^\w]+", text) if w]


def titles_match(written: str, known: str) -> bool:
    """True when ``written`` is the paper's title as a reader would write it: reworded a
    little, shortened to a nickname or a prefix, or in other case and punctuation."""
    a, b = _words(written), _words(known)
    if not a or not b:
        return True
    joined_a, joined_b = " ".join(a), " ".join(b)
    if len(a) <= NICKNAME_WORDS and (joined_a in joined_b or "".join(a) in "".join(b)):
        return True
    if joined_b.startswith(joined_a) or joined_a.startswith(joined_b):
        return True
    return difflib.SequenceMatcher(None, joined_a, joined_b).ratio() >= TITLE_RATIO


def reference_findings(digest: Digest, cache: Mapping[str, dict[str, Any]]
                       ) -> list[tuple[int, str]]:
    """(line, message) warnings for titles that do not match and ids recorded not found."""
    out: list[tuple[int, str]] = []
    seen: set[str] = set()
    for entry in digest.entries:
        record = cache.get(entry.id) or {}
        line = entry.title_line or entry.line
        if record.get("status") == "not_found" and entry.id not in seen:
            seen.add(entry.id)
            where = SERVICE_NAMES.get(str(record.get("source")), str(record.get("source")))
            out.append((entry.line, f"{entry.id}: {where} says there is no such paper (recorded "
                                    "in the metadata cache): check the link"))
            continue
        known = record.get("title")
        if not entry.title or not isinstance(known, str) or not known.strip():
            continue
        if not titles_match(entry.title, known):
            out.append((line, f"the title of {entry.id} differs from its metadata: the note "
                              f"says \"{entry.title}\", the paper is \"{' '.join(known.split())}\" "
                              "(a typo, or a link to another paper?)"))
    for mention in digest.mentions:
        record = cache.get(mention.id) or {}
        if record.get("status") == "not_found" and mention.id not in seen:
            seen.add(mention.id)
            where = SERVICE_NAMES.get(str(record.get("source")), str(record.get("source")))
            out.append((mention.line, f"{mention.id}: {where} says there is no such paper "
                                      "(recorded in the metadata cache): check the link"))
    return out


def unpinned_papers(digests: list[Digest], cache: Mapping[str, dict[str, Any]],
                    registry: Mapping[str, str]) -> set[str]:
    """Ids (as written in the notes) of papers complete enough for a final key that the
    committed registry does not pin: their pages would show a provisional key."""
    from ..graph import build_wiki  # the wiki's own view of titles, authors and years

    frozen = Registry(registry, may_pin=False)
    wiki = build_wiki(digests, cache, frozen)
    out = set()
    for paper in wiki.papers.values():
        if not paper.missing and paper.id not in registry:
            out.add(paper.id)
            out.update(paper.aliases)
    return out


def unpinned_message(paper_id: str, keys_file: str) -> str:
    return (f"{paper_id} has no pinned BibTeX key: {keys_file} must be committed: run "
            f"`digestwiki keys` (or a build) and commit {keys_file}; until then the published "
            f"page cites it as {paper_id}")

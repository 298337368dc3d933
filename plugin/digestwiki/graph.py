"""The wiki as data: digests, papers and the mentions between them (the backlinks).

Built once per build from the parsed notes, the metadata cache and the key registry.
Nothing here knows MkDocs; URLs are plain site-relative strings decided by the caller.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import identity
from .bibtex import Citation, assign_keys, booktitle, entry_text
from .model import Digest
from .parse.text import collapse
from .parse.titles import title_score


@dataclass(slots=True)  # several per paper: no per-instance dict
class Backlink:
    """One place a digest talks about a paper."""

    digest: Digest
    role: str  # "reviewed" | "mentioned"
    line: int
    context: str
    anchor: str
    title_as_written: str | None = None
    authors_as_written: list[str] = field(default_factory=list)
    id_as_written: str = ""  # the id the note links (an alias of the paper's, or its own)


@dataclass(slots=True)
class Paper:
    id: str
    slug: str
    title: str | None
    authors: list[str]
    year: int | None
    url: str
    links: dict[str, str]
    record: dict[str, Any]  # the metadata cache record ({} when not fetched)
    aliases: list[str] = field(default_factory=list)
    nicknames: list[str] = field(default_factory=list)  # what notes call it: "DETR", "mixer"
    code_links: list[str] = field(default_factory=list)
    backlinks: list[Backlink] = field(default_factory=list)
    bibtex_key: str = ""
    bibtex: str = ""
    provider_bibtex: str | None = None
    venue: str | None = None
    missing: list[str] = field(default_factory=list)  # what the metadata lacks

    def __repr__(self) -> str:
        """A paper stands for its id (in full it would repeat every note that mentions it):
        index pages are known unchanged by the repr of what they show."""
        return f"Paper({self.id!r})"

    @property
    def reviewed_in(self) -> list[Backlink]:
        return _one_per_digest(b for b in self.backlinks if b.role == "reviewed")

    @property
    def mentioned_in(self) -> list[Backlink]:
        return _one_per_digest(b for b in self.backlinks if b.role == "mentioned")

    @property
    def first_reviewed(self) -> Backlink | None:
        reviewed = self.reviewed_in
        return reviewed[-1] if reviewed else None

    @property
    def display_title(self) -> str:
        return self.title or _label(self.id)


@dataclass
class Wiki:
    digests: list[Digest]  # newest first
    papers: dict[str, Paper]  # by canonical id, sorted by title
    aliases: dict[str, str]  # other id -> canonical id
    keys: dict[str, str]  # the whole key registry after this build (pinned keys only)
    slugs: dict[str, str] = field(default_factory=dict)  # every id (aliases too) -> page name
    problems: list[str] = field(default_factory=list)  # "file:line: message" across notes

    def paper(self, paper_id: str) -> Paper:
        return self.papers[self.aliases.get(paper_id, paper_id)]


def _label(paper_id: str) -> str:
    return identity.label(paper_id)


def _one_per_digest(backlinks: Any) -> list[Backlink]:
    seen: dict[str, Backlink] = {}
    for b in backlinks:
        seen.setdefault(b.digest.id, b)
    return list(seen.values())


def _also_ids(entry: Any) -> list[str]:
    """Other ids one entry links for its paper ("[[paper]](arXiv) [[review]](OpenReview)")."""
    out = []
    for link in entry.also:
        pid = link.paper_id or identity.normalise_work_url(link.href)
        if pid != entry.id and pid not in out:
            out.append(pid)
    return out


def digest_sort_key(digest: Digest) -> tuple[str, str, str]:
    """Newest first once reversed: by date, then by the newest arXiv id, then by file name."""
    newest = max((i for i in [e.id for e in digest.entries] + [m.id for m in digest.mentions]
                  if i.startswith("arxiv:") and "/" not in i), default="")
    return (digest.date or "", newest, digest.id)


def norm_title(title: str | None) -> str:
    """Titles compared the way a reader would: case, punctuation and spacing ignored."""
    return re.sub(r"[^0-9a-z]+", "", (title or "").lower())


def _canonical_order(paper_id: str) -> tuple[int, str]:
    return identity.rank(paper_id)


def _alias_map(ids: set[str], records: Mapping[str, dict[str, Any]],
               titles: Mapping[str, str | None],
               same: list[tuple[str, str]] = ()) -> dict[str, str]:  # type: ignore[assignment]
    """Group ids of one paper: ids a note links on one entry, provider cross-ids, then equal
    normalised titles."""
    parent = {i: i for i in ids}

    def find(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            first, second = sorted((ra, rb), key=_canonical_order)
            parent[second] = first

    for a, b in same:
        if a in parent and b in parent:
            union(a, b)
    for pid in sorted(ids):
        for alias in records.get(pid, {}).get("aliases") or []:
            other = identity.parse_id(str(alias))
            if other in parent:
                union(pid, other)
    by_title: dict[str, str] = {}
    for pid in sorted(ids, key=_canonical_order):
        key = norm_title(titles.get(pid))
        if len(key) < 12:  # short titles ("Mixer") are too easy to confuse
            continue
        if key in by_title and identity.service(by_title[key]) != identity.service(pid):
            union(by_title[key], pid)
        by_title.setdefault(key, pid)
    return {i: find(i) for i in ids if find(i) != i}


def _year(paper_id: str, record: Mapping[str, Any]) -> int | None:
    if isinstance(record.get("year"), int):
        return int(record["year"])
    month = identity.arxiv_month(paper_id)
    return month[0] if month else None


def build_wiki(digests: list[Digest], records: Mapping[str, dict[str, Any]],
               registry: Mapping[str, str]) -> Wiki:
    """Join notes, metadata and keys into papers with backlinks. Pure: writes nothing."""
    digests = sorted(digests, key=digest_sort_key, reverse=True)
    ids: set[str] = set()
    written_titles: dict[str, str | None] = {}
    written_authors: dict[str, list[str]] = {}
    mention_titles: dict[str, str] = {}
    nicknames: dict[str, list[str]] = {}
    same: list[tuple[str, str]] = []
    for digest in reversed(digests):  # oldest first: the first reviewer's wording wins
        for entry in digest.entries:
            for pid in [entry.id, *_also_ids(entry)]:
                ids.add(pid)
                if pid != entry.id:
                    same.append((entry.id, pid))
                if entry.title and not written_titles.get(pid):
                    written_titles[pid] = entry.title
                if entry.authors and not written_authors.get(pid):
                    written_authors[pid] = entry.authors
        for mention in digest.mentions:
            ids.add(mention.id)
            named = collapse(mention.title or "")
            if not named:
                continue
            if len(named.split()) >= 3 and title_score(named) >= 2:
                mention_titles.setdefault(mention.id, named)
            elif len(named) <= 40 and re.search(r"[A-Za-z]", named):
                nicknames.setdefault(mention.id, [])
                if named not in nicknames[mention.id]:
                    nicknames[mention.id].append(named)
    for pid, named in mention_titles.items():
        written_titles.setdefault(pid, named)  # a title written right before a mention's link
    titles = {pid: (records.get(pid) or {}).get("title") or written_titles.get(pid) for pid in ids}
    aliases = _alias_map(ids, records, titles, same)

    # Page names: the id's slug, made unique (two DOIs may differ only in punctuation).
    used: set[str] = set()
    slugs = {pid: identity.allocate(identity.slug(pid), used) for pid in sorted(ids)}
    papers: dict[str, Paper] = {}
    for pid in sorted(ids, key=_canonical_order):
        canonical = aliases.get(pid, pid)
        if canonical != pid:
            continue
        group = [pid] + sorted(a for a, c in aliases.items() if c == pid)
        record: dict[str, Any] = {}
        for member in reversed(group):  # the canonical id's record wins on conflicts
            found = records.get(member) or {}
            if found.get("status", "found") == "found":
                record = {**record, **found}
        title = record.get("title") or next((written_titles[m] for m in group
                                              if written_titles.get(m)), None)
        authors = list(record.get("authors") or next((written_authors[m] for m in group
                                                      if written_authors.get(m)), []))
        links = {identity.link_name(m): identity.canonical_url(m) for m in group}
        for m in group:
            pdf = identity.pdf_url(m)
            if pdf and "PDF" not in links:
                links["PDF"] = pdf
        if record.get("doi") and "DOI" not in links:
            links["DOI"] = f"https://doi.org/{record['doi']}"
        paper = Paper(
            id=pid,
            slug=slugs[pid],
            title=collapse(title) if title else None,
            authors=authors,
            year=_year(pid, record) or next((y for y in (_year(m, record) for m in group) if y),
                                            None),
            url=identity.canonical_url(pid),
            links=links,
            record=record,
            aliases=group[1:],
            provider_bibtex=record.get("bibtex"),
            venue=record.get("venue") if record.get("accepted", True) else None,
        )
        paper.nicknames = sorted({n for m in group for n in nicknames.get(m, [])
                                  if norm_title(n) != norm_title(paper.title)}, key=str.lower)
        paper.missing = [name for name, value in (("title", paper.title),
                                                  ("authors", paper.authors),
                                                  ("year", paper.year)) if not value]
        papers[pid] = paper

    wiki = Wiki(digests, {}, aliases, {}, slugs)
    for digest in digests:
        for entry in digest.entries:
            paper = papers[aliases.get(entry.id, entry.id)]
            paper.backlinks.append(Backlink(digest, "reviewed", entry.line, entry.context,
                                            entry.anchor, entry.title, entry.authors, entry.id))
            for other in _also_ids(entry):
                if aliases.get(other, other) != paper.id:
                    continue
                paper.backlinks.append(Backlink(digest, "reviewed", entry.line, entry.context,
                                                entry.anchor, entry.title, entry.authors, other))
            for link in entry.code_links:
                if link not in paper.code_links:
                    paper.code_links.append(link)
        for mention in digest.mentions:
            paper = papers[aliases.get(mention.id, mention.id)]
            paper.backlinks.append(Backlink(digest, "mentioned", mention.line, mention.context,
                                            mention.anchor, mention.title, [], mention.id))

    citations = {pid: _citation(p) for pid, p in papers.items()}
    registry_after, keys = assign_keys(citations.values(), registry)
    for pid, paper in papers.items():
        paper.bibtex_key = keys[pid]
        paper.bibtex = entry_text(paper.bibtex_key, citations[pid])
    wiki.papers = dict(sorted(papers.items(), key=lambda kv: (norm_title(kv[1].display_title),
                                                              kv[0])))
    wiki.keys = registry_after
    return wiki


def _citation(paper: Paper) -> Citation:
    """The paper's citation: the published version when a venue accepted it (OpenReview
    decision, Crossref or ACL Anthology metadata), the arXiv preprint beside it."""
    record = paper.record

    def text(name: str) -> str | None:
        value = record.get(name)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        return " ".join(value.split()) or None if isinstance(value, str) else None

    def year(name: str) -> int | None:
        value = record.get(name)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    venue_name = text("venue")
    accepted = record.get("accepted") is True and venue_name is not None
    sources = record.get("sources")
    venue_source = (sources.get("venue") if isinstance(sources, dict) else None) or \
        record.get("source")
    # OpenReview venues are labels ("ICLR 2020 Conference Poster"): normalise them. Crossref
    # and ACL give the container title itself.
    if accepted and venue_name and venue_source == "openreview":
        venue_name = booktitle(venue_name)
    journal = accepted and record.get("venue_type") == "journal"
    eprint = next((identity.local_id(i) for i in [paper.id, *paper.aliases]
                   if identity.service(i) == "arxiv"), None)
    return Citation(
        id=paper.id,
        title=paper.title,
        authors=paper.authors,
        year=paper.year,
        url=paper.url,
        primary_class=text("primary_category"),
        doi=text("doi"),
        venue=venue_name if accepted and not journal else None,
        venue_year=year("venue_year"),
        journal=venue_name if journal else None,
        pages=text("pages") if accepted else None,
        volume=text("volume") if accepted else None,
        number=text("number") if accepted else None,
        publisher=text("publisher") if accepted else None,
        eprint=eprint,
        provider_bibtex=paper.provider_bibtex if isinstance(paper.provider_bibtex, str) else None,
    )

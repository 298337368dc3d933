"""Fill the metadata cache: the one entry point shared by ``digestwiki refresh`` and the build.

:func:`fetch_missing` never raises for a network or provider problem and never waits
longer than the timeouts allow: whatever goes wrong ends up in the :class:`FetchReport`,
and nothing that failed is recorded, so the next run asks again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..config import Settings
from ..identity import parse_id, service
from ..model import Digest
from . import acl, arxiv, crossref, openreview
from .cache import Record
from .http import Client, Results, make_client
from .shapes import record_problem

log = logging.getLogger("mkdocs.plugins.digestwiki.metadata")

Progress = Callable[[int, int], None]  # (ids settled so far, ids to settle)
FETCHABLE = ("arxiv", "openreview", "doi", "acl")
# Record fields that are bookkeeping, not metadata with a source.
_BOOKKEEPING = frozenset({"status", "source", "sources", "links", "aliases"})


@dataclass
class FetchReport:
    """What one run did. Ids are canonical; every list is sorted."""

    fetched: list[str] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # id -> reason; asked again next run
    from_cache: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # id -> why it was not asked
    notes: dict[str, str] = field(default_factory=dict)  # id -> detail on a not-found answer
    requests: int = 0  # HTTP requests sent (urllib3's retries of one request not counted)
    offline: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.fetched or self.not_found)

    def warnings(self) -> list[str]:
        """Lines worth a build warning: answers that asking again will not change
        (an id the service rejects as malformed, a paper it no longer finds).

        Failures are deliberately not here: a strict publishing build must survive arXiv
        being down. Log :meth:`failure_lines` at info level instead.
        """
        return [f"metadata: {paper_id}: {note}" for paper_id, note in self.notes.items()]

    def failure_lines(self) -> list[str]:
        """One line per distinct failure reason, with how many papers it cost."""
        by_reason: dict[str, list[str]] = {}
        for paper_id, reason in self.failed.items():
            by_reason.setdefault(reason, []).append(paper_id)
        lines = []
        for reason, paper_ids in sorted(by_reason.items()):
            sample = ", ".join(paper_ids[:3]) + (", ..." if len(paper_ids) > 3 else "")
            lines.append(f"metadata: {len(paper_ids)} paper(s) not fetched ({sample}): {reason}; "
                         "asked again next time")
        return lines

    def summary(self) -> str:
        text = (f"fetched {len(self.fetched)}, not found {len(self.not_found)}, "
                f"failed {len(self.failed)}, from cache {len(self.from_cache)}")
        if self.skipped:
            text += f", skipped {len(self.skipped)}"
            if self.offline:
                text += " (offline)"
        return text


def wanted_ids(digests: Iterable[Digest]) -> list[str]:
    """Every paper the wiki knows: reviewed entries and passing mentions, sorted."""
    ids = {e.id for d in digests for e in d.entries} | {m.id for d in digests for m in d.mentions}
    return sorted(ids)


def fetch_missing(ids: Iterable[str], records: dict[str, Record], settings: Settings, *,
                  refresh_all: bool = False, progress: Progress | None = None,
                  client: Client | None = None) -> FetchReport:
    """Fetch what ``records`` lacks (everything with ``refresh_all``) into ``records``.

    Found and not-found answers are written into ``records``; failures are only reported.
    With ``settings.offline`` nothing is sent and every id that would be asked is skipped.
    ``client`` is for tests (small retries/backoff); by default one is made for this run.
    """
    report = FetchReport(offline=settings.offline)
    todo: dict[str, list[str]] = {name: [] for name in FETCHABLE}
    for raw in sorted(set(ids)):
        paper_id = parse_id(raw)
        if paper_id is None:
            report.skipped[raw] = "not a paper id"
            continue
        if paper_id in records and not refresh_all:
            report.from_cache.append(paper_id)
            continue
        kind = service(paper_id)
        if kind not in todo:
            report.skipped[paper_id] = f"no metadata service for {kind}: ids"
            continue
        if paper_id not in todo[kind]:
            todo[kind].append(paper_id)
    total = sum(len(v) for v in todo.values())
    if total == 0:
        return _sorted(report)
    if settings.offline:
        for paper_id in (i for v in todo.values() for i in v):
            report.skipped[paper_id] = "offline"
        return _sorted(report)

    own = client is None
    run = client or make_client(settings)
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(min(done, total), total)

    try:
        if todo["arxiv"]:
            results = arxiv.fetch(run, settings.arxiv_api, todo["arxiv"], tick)
            _merge(report, records, todo["arxiv"], results, refresh_all)
        if todo["openreview"]:
            results = openreview.fetch(run, settings.openreview_api,
                                       settings.openreview_api_v1, todo["openreview"], tick)
            _merge(report, records, todo["openreview"], results, refresh_all)
        if todo["doi"]:
            dois = {i: i.split(":", 1)[1] for i in todo["doi"]}
            results = crossref.fetch(run, settings.crossref_api, dois, settings.crossref_mailto,
                                     tick)
            _merge(report, records, todo["doi"], results, refresh_all)
        if todo["acl"]:
            results = acl.fetch(run, settings.acl_api, todo["acl"], tick)
            _merge(report, records, todo["acl"], results, refresh_all)
        _published_versions(run, settings, records, report.fetched)
    finally:
        report.requests = run.sent
        if own:
            run.session.close()
    if report.failed:
        log.info("digestwiki: metadata for %d paper(s) could not be fetched; they will be "
                 "asked again next time", len(report.failed))
    return _sorted(report)


def _merge(report: FetchReport, records: dict[str, Record], asked: list[str],
           results: Results, refresh_all: bool) -> None:
    for paper_id in asked:
        record = results.records.get(paper_id)
        if record is None:
            report.failed[paper_id] = results.failed.get(paper_id, "no answer")
            continue
        problem = record_problem(paper_id, record)
        if problem:  # a field the cache could not hold: this paper fails, the run goes on
            report.failed[paper_id] = f"the service's answer cannot be kept: {problem}"
            continue
        if record.get("status") == "found":
            records[paper_id] = with_sources(record)
            report.fetched.append(paper_id)
            continue
        report.not_found.append(paper_id)
        if paper_id in results.notes:
            report.notes[paper_id] = results.notes[paper_id]
        old = records.get(paper_id)
        if refresh_all and old is not None and old.get("status") == "found":
            # A paper does not vanish from arXiv; keep what we knew rather than trust a blip.
            report.notes[paper_id] = "the service no longer finds it; kept the cached record"
            continue
        records[paper_id] = record


def _sorted(report: FetchReport) -> FetchReport:
    report.fetched.sort()
    report.not_found.sort()
    report.from_cache.sort()
    report.failed = dict(sorted(report.failed.items()))
    report.skipped = dict(sorted(report.skipped.items()))
    report.notes = dict(sorted(report.notes.items()))
    return report


def with_sources(record: Record) -> Record:
    """The record with ``sources``: which service stated each field (kept if already there)."""
    sources = dict(record.get("sources") or {})
    origin = str(record.get("source") or "unknown")
    for name in record:
        if name not in _BOOKKEEPING:
            sources.setdefault(name, origin)
    record["sources"] = dict(sorted(sources.items()))
    return record


def _published_versions(client: Client, settings: Settings, records: dict[str, Record],
                        fetched: list[str]) -> None:
    """Ask Crossref where a just-fetched preprint with a DOI was published, and add the
    venue fields to its record, each marked ``"crossref"`` in ``sources``. The preprint's
    own fields (title, authors, year of v1) are never replaced. A failure only costs the
    published version: the preprint's record stands, and ``refresh --all`` asks again."""
    wanted = {}
    for paper_id in fetched:
        record = records.get(paper_id) or {}
        doi = record.get("doi")
        if (service(paper_id) == "arxiv" and isinstance(doi, str) and doi
                and not doi.lower().startswith(crossref.ARXIV_DOI_PREFIX)
                and not record.get("accepted")):
            wanted[paper_id] = doi
    if not wanted:
        return
    results = crossref.fetch(client, settings.crossref_api, wanted, settings.crossref_mailto)
    for paper_id, why in results.failed.items():
        log.info("digestwiki: metadata: %s: no published version from Crossref (%s)",
                 paper_id, why)
    for paper_id, found in results.records.items():
        if found.get("status") != "found" or not found.get("accepted"):
            continue
        record = records[paper_id]
        sources = dict(record.get("sources") or {})
        for name in crossref.PUBLISHED_FIELDS:
            if name in found:
                record[name] = found[name]
                sources[name] = crossref.SERVICE
        record["sources"] = dict(sorted(sources.items()))

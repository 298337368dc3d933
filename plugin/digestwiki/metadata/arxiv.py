"""arXiv: batched ``id_list`` queries to the Atom API, parsed with the standard library.

arXiv silently drops unknown ids from a feed and answers a malformed id with HTTP 400 and
one error entry, so answers are matched to the question by id, never by position, and an id
a feed leaves out is asked again alone before it is called "not found".
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field

from .cache import Record
from .http import Client, Results, ServiceDown, ServiceError

log = logging.getLogger("mkdocs.plugins.digestwiki.metadata")

SERVICE = "arxiv"
BATCH = 100  # ids per request; arXiv's own guidance for id_list queries

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"

_ENTRY_ID = re.compile(r"arxiv\.org/abs/(?P<id>.+?)(?P<version>v\d+)?/?$", re.IGNORECASE)
_ERROR_ID = re.compile(r"arxiv\.org/api/errors", re.IGNORECASE)
_BAD_ID = re.compile(r"incorrect id format for (?P<id>\S+)", re.IGNORECASE)


class FeedError(ValueError):
    """The body is not an Atom feed we can read (truncated, HTML error page, ...)."""


@dataclass
class Feed:
    entries: dict[str, Record] = field(default_factory=dict)  # keyed by match_key()
    errors: list[str] = field(default_factory=list)  # summaries of arXiv error entries
    total: int | None = None  # opensearch:totalResults


def match_key(arxiv_id: str) -> str:
    """What a requested id and a returned entry id have in common.

    Drops the version and, for old-style ids, the subject class arXiv leaves out of the
    ids it returns (``math.GT/0309136`` comes back as ``math/0309136``).
    """
    ident = re.sub(r"v\d+$", "", arxiv_id.strip()).lower()
    if "/" in ident:
        archive, number = ident.split("/", 1)
        ident = archive.split(".", 1)[0] + "/" + number
    return ident


def collapse(text: str | None) -> str:
    return " ".join((text or "").split())


def _date(text: str | None) -> str | None:
    text = (text or "").strip()
    return text[:10] if re.match(r"\d{4}-\d{2}-\d{2}", text) else None


def entry_record(entry: ET.Element) -> tuple[str, Record] | None:
    """(bare arXiv id, record) for one ``<entry>``; None for an entry that is no paper."""
    m = _ENTRY_ID.search(entry.findtext(f"{ATOM}id") or "")
    if m is None:
        return None
    ident = m.group("id")
    record: Record = {"status": "found", "source": SERVICE}
    title = collapse(entry.findtext(f"{ATOM}title"))
    if title:
        record["title"] = title
    authors = [collapse(a.findtext(f"{ATOM}name")) for a in entry.findall(f"{ATOM}author")]
    record["authors"] = [a for a in authors if a]
    abstract = collapse(entry.findtext(f"{ATOM}summary"))
    if abstract:
        record["abstract"] = abstract
    published = _date(entry.findtext(f"{ATOM}published"))
    updated = _date(entry.findtext(f"{ATOM}updated"))
    if published:
        record["published"] = published
        record["year"] = int(published[:4])  # `published` is the date of the first version
    if updated:
        record["updated"] = updated
    if m.group("version"):
        record["latest_version"] = m.group("version")
    primary = entry.find(f"{ARXIV}primary_category")
    if primary is not None and primary.get("term"):
        record["primary_category"] = primary.get("term")
    categories: list[str] = []
    for cat in entry.findall(f"{ATOM}category"):
        term = cat.get("term")
        if term and term not in categories:
            categories.append(term)
    if categories:
        record["categories"] = categories
    links = {"abs": f"https://arxiv.org/abs/{ident}", "pdf": f"https://arxiv.org/pdf/{ident}"}
    doi = collapse(entry.findtext(f"{ARXIV}doi"))
    if doi:
        record["doi"] = doi
        links["doi"] = f"https://doi.org/{doi}"
        record["aliases"] = [f"doi:{doi.lower()}"]
    journal_ref = collapse(entry.findtext(f"{ARXIV}journal_ref"))
    if journal_ref:
        record["journal_ref"] = journal_ref
    record["links"] = links
    return ident, record


def parse_feed(body: bytes) -> Feed:
    """Entries and error entries of an Atom feed; :class:`FeedError` if it is not one."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise FeedError(f"arXiv sent a response that is not XML ({exc})") from exc
    if root.tag != f"{ATOM}feed":
        raise FeedError(f"arXiv sent <{root.tag}> instead of an Atom feed")
    feed = Feed()
    total = (root.findtext(f"{OPENSEARCH}totalResults") or "").strip()
    feed.total = int(total) if total.isdigit() else None
    for entry in root.findall(f"{ATOM}entry"):
        if _ERROR_ID.search(entry.findtext(f"{ATOM}id") or ""):
            feed.errors.append(collapse(entry.findtext(f"{ATOM}summary")) or "unknown error")
            continue
        try:
            parsed = entry_record(entry)
        except (TypeError, ValueError, AttributeError, OverflowError) as exc:
            log.info("digestwiki: an arXiv entry cannot be read (%s); it is asked again", exc)
            continue  # left out of the feed: the paper fails and is asked again
        if parsed is not None:
            ident, record = parsed
            feed.entries[match_key(ident)] = record
    return feed


def query(client: Client, api: str, ids: list[str]) -> tuple[int, Feed]:
    """One ``id_list`` request: (HTTP status, feed). Raises ServiceError/FeedError."""
    params = {"id_list": ",".join(ids), "start": 0, "max_results": len(ids)}
    response = client.get(SERVICE, api, params)
    if response.status_code not in (200, 400):
        raise ServiceError(f"arXiv answered HTTP {response.status_code}")
    return response.status_code, parse_feed(response.content)


def _settle(results: Results, batch: list[str], feed: Feed) -> list[str]:
    """Match a 200 feed to the batch. Returns the ids the feed left out, to ask again alone.

    Only an id asked alone, answered by a well-formed feed that says it holds 0 results, is
    "not found" (arXiv's answer for an unknown id). An empty or short feed for several ids,
    or a feed without its result count, settles nothing: those ids are asked again alone, or
    (asked alone already) fail and are asked again next run.
    """
    wanted: dict[str, list[str]] = {}
    for paper_id in batch:
        wanted.setdefault(match_key(_bare(paper_id)), []).append(paper_id)
    for key, record in feed.entries.items():
        if key not in wanted:
            log.debug("digestwiki: arXiv returned %s, which was not asked for", key)
        for paper_id in wanted.pop(key, []):
            results.records[paper_id] = dict(record)
    left_out = [paper_id for paper_ids in wanted.values() for paper_id in paper_ids]
    if len(batch) > 1 and not feed.entries:
        for paper_id in left_out:  # a blank answer to many ids is a glitch, not an answer
            results.failed[paper_id] = (f"arXiv sent an empty feed for {len(batch)} ids; "
                                        "asked again next time")
        return []
    if len(batch) > 1:
        return left_out
    for paper_id in left_out:
        if feed.total == 0 and not feed.entries:
            results.not_found(paper_id, SERVICE)
        else:
            results.failed[paper_id] = ("arXiv's answer left it out without saying it is "
                                        "unknown; asked again next time")
    return []


def _bad_id(batch: list[str], errors: list[str]) -> str | None:
    """The id of the batch an arXiv error entry complains about, if it names one."""
    by_key = {match_key(_bare(i)): i for i in batch}
    for message in errors:
        m = _BAD_ID.search(message)
        if m and match_key(m.group("id")) in by_key:
            return by_key[match_key(m.group("id"))]
    return None


def _bare(paper_id: str) -> str:
    return paper_id.split(":", 1)[1] if paper_id.startswith("arxiv:") else paper_id


def fetch(client: Client, api: str, ids: list[str],
          progress: Callable[[int], None] | None = None) -> Results:
    """Records for canonical ``arxiv:`` ids, in batches of :data:`BATCH`.

    A 400 that names a bad id records it as not found and asks again without it; one that
    names none splits the batch, so every request makes progress and the loop ends.
    ``progress(n)`` is called with the number of ids settled by each request.
    """
    results = Results()
    queue = [ids[i : i + BATCH] for i in range(0, len(ids), BATCH)]
    while queue:
        batch = queue.pop(0)
        try:
            status, feed = query(client, api, [_bare(i) for i in batch])
        except ServiceDown as exc:
            for paper_id in batch + [i for rest in queue for i in rest]:
                results.failed[paper_id] = str(exc)
            if progress:
                progress(len(batch) + sum(len(rest) for rest in queue))
            break
        except (ServiceError, FeedError) as exc:
            for paper_id in batch:
                results.failed[paper_id] = str(exc)
            if progress:
                progress(len(batch))
            continue
        if status == 200:
            again = _settle(results, batch, feed)
            queue[:0] = [[paper_id] for paper_id in again]  # each asked once more, alone
            if progress:
                progress(len(batch) - len(again))
            continue
        # HTTP 400: arXiv rejects an id in the batch.
        if not feed.errors:
            for paper_id in batch:
                results.failed[paper_id] = "arXiv answered HTTP 400 without saying why"
            if progress:
                progress(len(batch))
            continue
        bad = _bad_id(batch, feed.errors)
        why = "; ".join(feed.errors)
        if bad is None and len(batch) == 1:
            bad = batch[0]
        if bad is not None:
            log.info("digestwiki: arXiv rejects %s: %s", bad, why)
            results.not_found(bad, SERVICE, f"arXiv rejects the id: {why}")
            if progress:
                progress(1)
            rest = [i for i in batch if i != bad]
            if rest:
                queue.insert(0, rest)
        else:
            half = len(batch) // 2
            queue[:0] = [batch[:half], batch[half:]]
    return results

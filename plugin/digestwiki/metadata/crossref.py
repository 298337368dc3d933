"""Crossref: where a paper with a DOI was published (``GET /works/{doi}``).

Crossref answers an unknown DOI with 404 "Resource not found." (the only answer that makes a
paper "not found"); everything else that goes wrong is a failure asked again next run. The
``mailto`` parameter (option ``crossref_mailto``) puts requests in Crossref's polite pool.
Only fields Crossref states are recorded: no year, venue or page is ever guessed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from .cache import Record
from .http import Client, Results, ServiceError, one_by_one

log = logging.getLogger("mkdocs.plugins.digestwiki.metadata")

SERVICE = "crossref"
# Crossref work types -> BibTeX entry kinds (via our venue_type).
VENUE_TYPES = {
    "proceedings-article": "conference",
    "journal-article": "journal",
}
# Fields a Crossref answer may add to a record found elsewhere (an arXiv preprint's DOI).
PUBLISHED_FIELDS = ("venue", "venue_type", "venue_year", "pages", "volume", "number",
                    "publisher", "accepted")
# arXiv's own DataCite DOIs: Crossref does not know them, and they are the preprint anyway.
ARXIV_DOI_PREFIX = "10.48550/"


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _year(message: dict[str, Any]) -> int | None:
    """The year of ``issued`` (else print/online publication): the year a reader cites."""
    for name in ("issued", "published-print", "published-online", "published"):
        parts = message.get(name)
        if not isinstance(parts, dict):
            continue
        dates = parts.get("date-parts")
        if (isinstance(dates, list) and dates and isinstance(dates[0], list) and dates[0]
                and isinstance(dates[0][0], int) and not isinstance(dates[0][0], bool)
                and 1000 <= dates[0][0] <= 3000):
            return int(dates[0][0])
    return None


def _authors(message: dict[str, Any]) -> list[str]:
    names = []
    for person in message.get("author") or []:
        if not isinstance(person, dict):
            continue
        given, family = _text(person.get("given")), _text(person.get("family"))
        name = " ".join(p for p in (given, family) if p) or _text(person.get("name"))
        if name:
            names.append(name)
    return names


def work_record(message: Any) -> Record:
    """A cache record from the ``message`` of a ``/works/{doi}`` answer (fields it lacks are
    simply absent). Raises ServiceError when it is not a work at all."""
    if not isinstance(message, dict):
        raise ServiceError("crossref sent JSON without a 'message' object")
    record: Record = {"status": "found", "source": SERVICE}
    title = _text(message.get("title"))
    if title:
        record["title"] = title
    authors = _authors(message)
    if authors:
        record["authors"] = authors
    doi = _text(message.get("DOI"))
    if doi:
        record["doi"] = doi.lower()
    year = _year(message)
    if year:
        record["year"] = year
    kind = VENUE_TYPES.get(str(message.get("type")))
    venue = _text(message.get("container-title"))
    if kind and venue:
        record["venue"] = venue
        record["venue_type"] = kind
        record["accepted"] = True
        if year:
            record["venue_year"] = year
        for field, name in (("page", "pages"), ("volume", "volume"), ("issue", "number")):
            value = _text(message.get(field))
            if value:
                record[name] = value
    publisher = _text(message.get("publisher"))
    if publisher and kind:
        record["publisher"] = publisher
    if doi:
        record["links"] = {"doi": f"https://doi.org/{doi.lower()}"}
    return record


def get_work(client: Client, api: str, doi: str, mailto: str | None) -> Record | None:
    """The record of one DOI, None when Crossref says it does not exist (404)."""
    params = {"mailto": mailto} if mailto else None
    response = client.get(SERVICE, f"{api}/works/{quote(doi, safe='/')}", params)
    if response.status_code == 404:
        return None
    if response.status_code != 200:
        raise ServiceError(f"crossref answered HTTP {response.status_code}")
    try:
        data = response.json()
    except ValueError as exc:
        raise ServiceError(f"crossref sent a response that is not JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise ServiceError("crossref sent JSON that is not an object")
    return work_record(data.get("message"))


def fetch(client: Client, api: str, dois: dict[str, str], mailto: str | None = None,
          progress: Callable[[int], None] | None = None) -> Results:
    """Records for ``{paper id: doi}``, one request each."""
    return one_by_one(dois, lambda doi: get_work(client, api, doi, mailto), SERVICE,
                      "Crossref does not know this DOI", progress)

"""OpenReview: one note per forum id, from API 2 and, for older venues, API 1.

API 2 wraps every content field as ``{"value": ...}``; API 1 has them flat. Notes of
venues run on API 1 (ICLR 2020 and before) are usually found only there, so an id that
API 2 does not know is asked of API 1 before it is called "not found".

Since 2026 OpenReview often answers anonymous calls with 403 ``ChallengeRequired``. With
``OPENREVIEW_USERNAME`` and ``OPENREVIEW_PASSWORD`` set we log in once per run (``POST
/login`` -> token, then ``Authorization: Bearer``); the password and token live only in
memory for the run: never printed, logged or cached. A 403 is never "not found": the paper
is asked again next run, and the message says what to set.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from collections.abc import Callable
from typing import Any

import requests

from .cache import Record
from .http import Client, Results, ServiceDown, ServiceError

log = logging.getLogger("mkdocs.plugins.digestwiki.metadata")

SERVICE = "openreview"
SERVICE_V1 = "openreview-v1"
USER_VAR = "OPENREVIEW_USERNAME"
PASSWORD_VAR = "OPENREVIEW_PASSWORD"
REFUSED = (f"OpenReview refused anonymous access (HTTP 403{{detail}}); set {USER_VAR} and "
           f"{PASSWORD_VAR} (an OpenReview account) and run again")

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
# "Submitted to ICLR 2024", ".../Rejected_Submission", ".../Withdrawn_Submission",
# ".../Desk_Rejected_Submission", and a bare ".../Submission" venueid (still under review).
_NOT_ACCEPTED = re.compile(
    r"submitted to|withdrawn|reject|under review|(?:^|[/_ ])submission$", re.IGNORECASE
)


def _value(content: dict[str, Any], key: str) -> Any:
    """A content field in either API shape: ``{"value": x}`` (API 2) or ``x`` (API 1)."""
    value = content.get(key)
    if isinstance(value, dict):
        return value.get("value")
    return value


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _date(ms: Any) -> dt.date | None:
    if isinstance(ms, bool) or not isinstance(ms, int | float) or ms <= 0:
        return None
    try:
        return dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC).date()
    except (OverflowError, ValueError, OSError):  # 1e20 ms is no date: the field is ignored
        return None


def is_accepted(venue: str | None, venueid: str | None = None) -> bool | None:
    """Accepted if a venue is named and it is not a submission, rejection or withdrawal.

    None when the note names no venue at all (API 1 notes often do not): unknown, which
    the caller should not show as "rejected".
    """
    if not venue and not venueid:
        return None
    return not any(_NOT_ACCEPTED.search(v) for v in (venue, venueid) if v)


def venue_type(venue: str | None, venueid: str | None) -> str | None:
    text = f"{venue or ''} {venueid or ''}".lower()
    if "workshop" in text:
        return "workshop"
    if "conference" in text:
        return "conference"
    if "journal" in text or "tmlr" in text or "transactions" in text:
        return "journal"
    return None


def note_record(paper_id: str, note: dict[str, Any]) -> Record:
    """A cache record from a note of either API shape."""
    raw = note.get("content")
    content: dict[str, Any] = raw if isinstance(raw, dict) else {}
    forum = paper_id.split(":", 1)[1]
    record: Record = {"status": "found", "source": SERVICE}
    title = _text(_value(content, "title"))
    if title:
        record["title"] = title
    authors = _value(content, "authors")
    if isinstance(authors, list):
        record["authors"] = [a for a in (_text(x) for x in authors) if a]
    abstract = _text(_value(content, "abstract"))
    if abstract:
        record["abstract"] = abstract
    venue = _text(_value(content, "venue"))
    venueid = _text(_value(content, "venueid"))
    if venue or venueid:
        record["venue"] = venue or venueid
    m = _YEAR.search(venue or "") or _YEAR.search(venueid or "")
    if m:
        record["venue_year"] = int(m.group(1))
    accepted = is_accepted(venue, venueid)
    if accepted is not None:
        record["accepted"] = accepted
    kind = venue_type(venue, venueid)
    if kind:
        record["venue_type"] = kind
    published = _date(note.get("pdate")) or _date(note.get("odate"))
    created = _date(note.get("cdate")) or _date(note.get("tcdate"))
    if published or created:
        record["published"] = (published or created).isoformat()  # type: ignore[union-attr]
    # The year a reader cites: publication date, else the venue's year, else creation.
    if published:
        record["year"] = published.year
    elif "venue_year" in record:
        record["year"] = record["venue_year"]
    elif created:
        record["year"] = created.year
    bibtex = _value(content, "_bibtex")
    if isinstance(bibtex, str) and bibtex.strip():
        record["bibtex"] = bibtex  # verbatim: the provider's entry is the reference
    record["links"] = {
        "abs": f"https://openreview.net/forum?id={forum}",
        "forum": f"https://openreview.net/forum?id={forum}",
        "pdf": f"https://openreview.net/pdf?id={forum}",
    }
    return record


def login(client: Client, api: str) -> dict[str, str]:
    """Headers for the rest of the run: a Bearer token when credentials are set, else none.

    Raises ServiceDown (and gives up on OpenReview for this run) when the login is refused;
    the message names the variables, never their values.
    """
    user, password = os.environ.get(USER_VAR), os.environ.get(PASSWORD_VAR)
    if not user or not password:
        return {}
    response = client.request(SERVICE, "POST", f"{api}/login",
                              json={"id": user, "password": password})
    token = None
    if response.status_code == 200:
        try:
            data = response.json()
        except ValueError:
            data = None
        token = data.get("token") if isinstance(data, dict) else None
    if not isinstance(token, str) or not token:
        why = (f"OpenReview refused the login (HTTP {response.status_code}); check "
               f"{USER_VAR} and {PASSWORD_VAR}")
        client.down[SERVICE] = client.down[SERVICE_V1] = why
        raise ServiceDown(why)
    return {"Authorization": f"Bearer {token}"}


def _refused(response: requests.Response, logged_in: bool) -> str:
    try:
        data = response.json()
    except ValueError:
        data = None
    name = data.get("name") if isinstance(data, dict) else None
    detail = f" {name}" if isinstance(name, str) and name.isidentifier() else ""
    if logged_in:
        return (f"OpenReview refused the request even with the login token (HTTP 403{detail}); "
                "try again later, or check the account")
    return REFUSED.format(detail=detail)


def get_note(client: Client, service: str, base: str, forum: str,
             headers: dict[str, str] | None = None) -> dict[str, Any] | None:
    """The note ``forum`` from one API, or None if that API does not have it."""
    response = client.request(service, "GET", f"{base}/notes", params={"id": forum},
                              headers=headers or None)
    if response.status_code == 404:
        return None
    if response.status_code == 403:
        why = _refused(response, bool(headers))
        if "ChallengeRequired" in why:  # every other id would get the same: stop for this run
            client.down[SERVICE] = client.down[SERVICE_V1] = why
            raise ServiceDown(why)
        if service == SERVICE:  # a note API 2 will not show may be an API 1 note
            return None
        raise ServiceError(why)
    if response.status_code != 200:
        raise ServiceError(f"{service} answered HTTP {response.status_code}")
    try:
        data = response.json()
    except ValueError as exc:
        raise ServiceError(f"{service} sent a response that is not JSON ({exc})") from exc
    notes = data.get("notes") if isinstance(data, dict) else None
    if not isinstance(notes, list):
        raise ServiceError(f"{service} sent JSON without a 'notes' list")
    for note in notes:
        if isinstance(note, dict) and note.get("id") == forum:
            return note
    return None


def fetch(client: Client, api: str, api_v1: str, ids: list[str],
          progress: Callable[[int], None] | None = None) -> Results:
    """Records for canonical ``openreview:`` ids, one request each (two for API 1 notes)."""
    results = Results()
    try:
        headers = login(client, api) if ids else {}
    except (ServiceDown, ServiceError) as exc:
        for paper_id in ids:
            results.failed[paper_id] = str(exc)
        if progress:
            progress(len(ids))
        return results
    for paper_id in ids:
        forum = paper_id.split(":", 1)[1]
        try:
            note = get_note(client, SERVICE, api, forum, headers)
            if note is None:
                note = get_note(client, SERVICE_V1, api_v1, forum, headers)
        except (ServiceDown, ServiceError) as exc:
            results.failed[paper_id] = str(exc)
        else:
            if note is None:
                results.not_found(paper_id, SERVICE)
            else:
                try:
                    results.records[paper_id] = note_record(paper_id, note)
                except (TypeError, ValueError, AttributeError, OverflowError) as exc:
                    # One odd field fails this paper (asked again next time), never the run.
                    results.failed[paper_id] = f"{SERVICE} sent a note that cannot be read ({exc})"
        if progress:
            progress(1)
    return results

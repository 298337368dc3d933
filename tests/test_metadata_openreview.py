"""OpenReview notes of both API shapes, API 2 first and API 1 as the fallback.

No licensed recording of OpenReview exists, so the notes are built here from the shapes the
OpenReview API documentation gives: API 2 wraps fields as ``{"value": ...}``, API 1 is flat.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from werkzeug import Request, Response

from conftest_metadata import Server, make_settings, quick_client
from digestwiki.metadata.fetch import fetch_missing
from digestwiki.metadata.openreview import is_accepted, note_record, venue_type

BIBTEX_V2 = """@inproceedings{
li2020towards,
title={Towards Stable and Efficient Training of Verifiably Robust Neural Networks},
author={Huan Zhang and Hongge Chen and Chaowei Xiao and Sven Gowal and Robert Stanforth and Bo Li and Duane Boning and Cho-Jui Hsieh},
booktitle={International Conference on Learning Representations},
year={2020},
url={https://openreview.net/forum?id=Skxuk1rFwB}
}"""  # noqa: E501

BIBTEX_V1 = """@misc{
m{\\"u}ller2020when,
title={When Does Label Smoothing Help?},
author={Rafael M{\\"u}ller and Simon Kornblith and Geoffrey Hinton},
year={2020},
url={https://openreview.net/forum?id=HJxyZkBKDr}
}"""

PDATE_MS = int(dt.datetime(2020, 1, 15, 12, tzinfo=dt.UTC).timestamp() * 1000)
CDATE_MS = int(dt.datetime(2019, 9, 25, 20, tzinfo=dt.UTC).timestamp() * 1000)


def v2_note(forum: str, venue: str = "ICLR 2020 Conference Poster",
            venueid: str = "ICLR.cc/2020/Conference", **extra: Any) -> dict[str, Any]:
    note = {
        "id": forum, "forum": forum, "cdate": CDATE_MS, "pdate": PDATE_MS,
        "invitations": ["ICLR.cc/2020/Conference/-/Submission"],
        "content": {
            "title": {"value": "Towards Stable and Efficient Training of\n Verifiably Robust "
                               "Neural Networks"},
            "authors": {"value": ["Huan Zhang", "Hongge Chen", "Chaowei Xiao"]},
            "authorids": {"value": ["~Huan_Zhang1", "~Hongge_Chen1", "~Chaowei_Xiao2"]},
            "abstract": {"value": "Training neural networks with verifiable robustness\n\n"
                                  "guarantees is challenging."},
            "venue": {"value": venue},
            "venueid": {"value": venueid},
            "_bibtex": {"value": BIBTEX_V2},
            "pdf": {"value": f"/pdf/{forum}.pdf"},
        },
    }
    note.update(extra)
    return note


def v1_note(forum: str, venue: str | None = "Submitted to ICLR 2020") -> dict[str, Any]:
    content: dict[str, Any] = {
        "title": "When Does Label Smoothing Help?",
        "authors": ["Rafael Müller", "Simon Kornblith", "Geoffrey Hinton"],
        "authorids": ["rafael@example.org", "skornblith@example.org", "geoff@example.org"],
        "abstract": "The generalization and learning speed of a multi-class neural network ...",
        "_bibtex": BIBTEX_V1,
        "pdf": f"/pdf/{forum}.pdf",
    }
    if venue:
        content["venue"] = venue
    return {"id": forum, "forum": forum, "cdate": CDATE_MS, "tcdate": CDATE_MS,
            "pdate": None, "content": content}


def notes_api(notes: dict[str, dict[str, Any]], missing_status: int = 404):
    """A /notes endpoint that knows ``notes``; unknown ids get API 2's NotFoundError."""
    def handler(request: Request) -> Response:
        forum = request.args["id"]
        if forum in notes:
            return Response(json.dumps({"notes": [notes[forum]], "count": 1}),
                            content_type="application/json")
        if missing_status == 200:
            return Response('{"notes": [], "count": 0}', content_type="application/json")
        return Response(json.dumps({"name": "NotFoundError", "message": f"The Note {forum} "
                                    "was not found", "status": 404}), status=missing_status,
                        content_type="application/json")
    return handler


def test_api2_note(server: Server, tmp_path: Path) -> None:
    server.route("/v2/notes", notes_api({"Skxuk1rFwB": v2_note("Skxuk1rFwB")}))
    records: dict = {}
    report = fetch_missing(["openreview:Skxuk1rFwB"], records, make_settings(tmp_path, server))
    assert report.fetched == ["openreview:Skxuk1rFwB"] and report.requests == 1
    assert not server.requests_to("/v1/notes")
    assert server.seen[0].args["id"] == ["Skxuk1rFwB"]
    record = records["openreview:Skxuk1rFwB"]
    assert record["status"] == "found" and record["source"] == "openreview"
    assert record["title"] == ("Towards Stable and Efficient Training of Verifiably Robust "
                               "Neural Networks")
    assert record["authors"] == ["Huan Zhang", "Hongge Chen", "Chaowei Xiao"]
    assert record["abstract"] == ("Training neural networks with verifiable robustness "
                                  "guarantees is challenging.")
    assert record["venue"] == "ICLR 2020 Conference Poster"
    assert record["venue_year"] == 2020 and record["venue_type"] == "conference"
    assert record["accepted"] is True
    assert record["year"] == 2020 and record["published"] == "2020-01-15"  # from pdate
    assert record["bibtex"] == BIBTEX_V2  # verbatim, newlines and all
    assert record["links"] == {
        "abs": "https://openreview.net/forum?id=Skxuk1rFwB",
        "forum": "https://openreview.net/forum?id=Skxuk1rFwB",
        "pdf": "https://openreview.net/pdf?id=Skxuk1rFwB",
    }


@pytest.mark.parametrize("missing_status", [404, 200])
def test_api1_fallback_when_api2_lacks_the_note(
        server: Server, tmp_path: Path, missing_status: int) -> None:
    server.route("/v2/notes", notes_api({}, missing_status))
    server.route("/v1/notes", notes_api({"HJxyZkBKDr": v1_note("HJxyZkBKDr")}))
    records: dict = {}
    report = fetch_missing(["openreview:HJxyZkBKDr"], records, make_settings(tmp_path, server))
    assert report.fetched == ["openreview:HJxyZkBKDr"] and report.requests == 2
    assert [s.path for s in server.seen] == ["/v2/notes", "/v1/notes"]
    record = records["openreview:HJxyZkBKDr"]
    assert record["title"] == "When Does Label Smoothing Help?"
    assert record["authors"] == ["Rafael Müller", "Simon Kornblith", "Geoffrey Hinton"]
    assert record["venue"] == "Submitted to ICLR 2020"
    assert record["accepted"] is False
    assert record["bibtex"] == BIBTEX_V1
    # No pdate: the year is the venue's (2020), not the submission's creation (2019).
    assert record["year"] == 2020 and record["venue_year"] == 2020
    assert record["published"] == "2019-09-25"


def test_unknown_to_both_apis_is_not_found(server: Server, tmp_path: Path) -> None:
    server.route("/v2/notes", notes_api({}))
    server.route("/v1/notes", notes_api({}, 200))
    records: dict = {}
    report = fetch_missing(["openreview:nope"], records, make_settings(tmp_path, server))
    assert report.not_found == ["openreview:nope"] and not report.failed
    assert records == {"openreview:nope": {"status": "not_found", "source": "openreview"}}


def test_api1_down_fails_only_the_notes_that_need_it(server: Server, tmp_path: Path) -> None:
    server.route("/v2/notes", notes_api({"new": v2_note("new")}))
    server.route("/v1/notes", lambda r: Response("bad gateway", status=502))
    settings = make_settings(tmp_path, server)
    records: dict = {}
    report = fetch_missing(["openreview:new", "openreview:old1", "openreview:old2"], records,
                           settings, client=quick_client(settings, retries=0))
    assert report.fetched == ["openreview:new"]
    assert sorted(report.failed) == ["openreview:old1", "openreview:old2"]
    assert "HTTP 502" in report.failed["openreview:old2"]
    assert len(server.requests_to("/v1/notes")) == 1  # given up on after the first failure


def test_note_ids_are_case_sensitive(server: Server, tmp_path: Path) -> None:
    server.route("/v2/notes", lambda r: Response(
        json.dumps({"notes": [v2_note("bkluqlsfds")]}), content_type="application/json"))
    server.route("/v1/notes", notes_api({}))
    records: dict = {}
    report = fetch_missing(["openreview:BkluqlSFDS"], records, make_settings(tmp_path, server))
    assert report.not_found == ["openreview:BkluqlSFDS"]


@pytest.mark.parametrize(("venue", "venueid", "accepted"), [
    ("ICLR 2020 Conference Poster", "ICLR.cc/2020/Conference", True),
    ("ICLR 2020 Conference Spotlight", None, True),
    ("NeurIPS 2023 oral", "NeurIPS.cc/2023/Conference", True),
    ("Trans. Mach. Learn. Res.", "TMLR", True),
    ("Submitted to ICLR 2020", None, False),
    ("Submitted to ICLR 2024", "ICLR.cc/2024/Conference/Rejected_Submission", False),
    ("ICLR 2024 Conference Withdrawn Submission", "ICLR.cc/2024/Conference/Withdrawn_Submission",
     False),
    (None, "ICLR.cc/2024/Conference/Desk_Rejected_Submission", False),
    (None, "ICLR.cc/2025/Conference/Submission", False),
    ("ICLR 2019 Conference Blind Submission", None, False),
    (None, None, None),
])
def test_accepted(venue: str | None, venueid: str | None, accepted: bool | None) -> None:
    assert is_accepted(venue, venueid) is accepted


def test_venue_type() -> None:
    assert venue_type("ICLR 2020 Conference Poster", None) == "conference"
    assert venue_type("ICML 2023 Workshop SPIGM", "ICML.cc/2023/Workshop/SPIGM") == "workshop"
    assert venue_type("Trans. Mach. Learn. Res.", "TMLR") == "journal"
    assert venue_type(None, None) is None


def test_record_without_venue_or_dates() -> None:
    """A bare API 1 note: no venue means acceptance is unknown, not False; no year guessed."""
    note = v1_note("abc", venue=None)
    note.pop("cdate")
    note.pop("tcdate")
    record = note_record("openreview:abc", note)
    assert "accepted" not in record and "year" not in record and "venue" not in record
    assert record["bibtex"] == BIBTEX_V1


def test_year_from_cdate_when_nothing_else() -> None:
    note = v2_note("x", venue="", venueid="")
    note["content"].pop("venue")
    note["content"].pop("venueid")
    note.pop("pdate")
    record = note_record("openreview:x", note)
    assert record["year"] == 2019 and record["published"] == "2019-09-25"


def test_odd_field_types_do_not_crash() -> None:
    note = {"id": "q", "pdate": "yesterday", "content": {"title": {"value": 7},
                                                         "authors": "Ada", "venue": ["x"]}}
    record = note_record("openreview:q", note)
    assert record["status"] == "found" and "title" not in record and "year" not in record

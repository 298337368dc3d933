"""Crossref, the ACL Anthology and OpenReview's login, against recorded answers served by a
real local HTTP server: what each source gives, and how each way of failing ends."""

from __future__ import annotations

import gzip
import json
import logging
from pathlib import Path
from typing import Any

import pytest
import yaml
from pybtex.database import parse_string
from werkzeug import Request, Response

from conftest_metadata import (
    FIXTURES,
    Server,
    atom,
    make_settings,
    quick_client,
)
from digestwiki.bibtex import entry_text
from digestwiki.metadata import acl, crossref
from digestwiki.metadata.cache import dumps
from digestwiki.metadata.fetch import fetch_missing

PLOS_DOI = "10.1371/journal.pone.0033693"


def cassette(name: str) -> list[tuple[str, int, bytes]]:
    """(uri, status, body) of each interaction of a recorded vcrpy cassette."""
    data = yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))
    out = []
    for item in data["interactions"]:
        body = item["response"]["body"]["string"]
        if isinstance(body, bytes):
            body = gzip.decompress(body)
        elif isinstance(body, str):
            body = body.encode("utf-8")
        out.append((item["request"]["uri"], int(item["response"]["status"]["code"]), body))
    return out


def as_json(body: bytes, status: int = 200) -> Response:
    return Response(body, status=status, content_type="application/json")


def recorded_work() -> bytes:
    return cassette("crossref/test_works_with_one_id.yaml")[0][2]


def recorded_proceedings_item() -> dict[str, Any]:
    """A real proceedings-article (N18-2074) from a recorded Crossref /works query, wrapped
    the way /works/{doi} wraps one work."""
    body = cassette("semanticscholar/paperqa_test_arxiv_dois.yaml")[0][2]
    item = json.loads(body)["message"]["items"][0]
    assert item["type"] == "proceedings-article"
    return item


# --- Crossref ----------------------------------------------------------------------------------


def test_recorded_journal_article_maps_to_an_article(server: Server, tmp_path: Path) -> None:
    server.route(f"/crossref/works/{PLOS_DOI}", lambda r: as_json(recorded_work()))
    records: dict = {}
    settings = make_settings(tmp_path, server, crossref_mailto="wiki@example.org")
    report = fetch_missing([f"doi:{PLOS_DOI}"], records, settings)
    assert report.fetched == [f"doi:{PLOS_DOI}"]
    assert server.seen[0].args["mailto"] == ["wiki@example.org"]  # the polite pool
    record = records[f"doi:{PLOS_DOI}"]
    assert record["title"].startswith("Methylphenidate Exposure Induces Dopamine Neuron Loss")
    assert record["authors"][:2] == ["Shankar Sadasivan", "Brooks B. Pond"]
    assert (record["venue"], record["venue_type"], record["year"]) == ("PLoS ONE", "journal", 2012)
    assert (record["volume"], record["number"], record["pages"]) == ("7", "3", "e33693")
    assert set(record["sources"].values()) == {"crossref"}
    assert set(record["sources"]) >= {"title", "authors", "venue", "pages", "year"}


def test_recorded_proceedings_article_maps_to_inproceedings() -> None:
    record = crossref.work_record(recorded_proceedings_item())
    assert record["venue_type"] == "conference" and record["accepted"] is True
    assert record["venue"].startswith("Proceedings of the 2018 Conference of the North American")
    assert record["venue_year"] == 2018 and record["doi"] == "10.18653/v1/n18-2074"
    assert "pages" not in record  # Crossref gives none here: nothing is made up


def test_recorded_unknown_doi_is_not_found(server: Server, tmp_path: Path) -> None:
    _, status, body = cassette("crossref/test_works_bad_id_warn.yaml")[0]
    assert status == 404
    server.route("/crossref/works/10.1371/notarealdoi",
                 lambda r: Response(body, status=404, content_type="text/plain"))
    records: dict = {}
    report = fetch_missing(["doi:10.1371/notarealdoi"], records, make_settings(tmp_path, server))
    assert report.not_found == ["doi:10.1371/notarealdoi"]
    assert report.notes["doi:10.1371/notarealdoi"] == "Crossref does not know this DOI"
    assert records["doi:10.1371/notarealdoi"] == {"status": "not_found", "source": "crossref"}


@pytest.mark.parametrize(("answer", "says"), [
    (lambda: Response("Forbidden", status=403), "crossref answered HTTP 403"),
    (lambda: Response("slow down", status=429, headers={"Retry-After": "0"}),
     "crossref answered HTTP 429"),
    (lambda: Response("oops", status=503), "crossref answered HTTP 503"),
    (lambda: as_json(b'{"status": "ok", "message": {"title": '), "not JSON"),
    (lambda: as_json(b'["not", "an", "object"]'), "JSON that is not an object"),
    (lambda: as_json(b'{"status": "ok"}'), "without a 'message' object"),
])
def test_crossref_failures_are_clear_and_recorded_nowhere(
        server: Server, tmp_path: Path, answer: Any, says: str) -> None:
    server.route(f"/crossref/works/{PLOS_DOI}", lambda r: answer())
    records: dict = {}
    settings = make_settings(tmp_path, server)
    report = fetch_missing([f"doi:{PLOS_DOI}"], records, settings,
                           client=quick_client(settings, retries=1))
    assert says in report.failed[f"doi:{PLOS_DOI}"]
    assert records == {}  # asked again next run


def test_a_work_missing_fields_records_only_what_it_has() -> None:
    record = crossref.work_record({"type": "journal-article", "title": ["Only a Title"]})
    assert record == {"status": "found", "source": "crossref", "title": "Only a Title"}
    text = entry_text("k", _citation_of("doi:10.1/x", record))
    assert "@misc{k" in text and "incomplete" in text  # no venue, year or author invented


def _citation_of(paper_id: str, record: dict) -> Any:
    from digestwiki.graph import Paper, _citation

    paper = Paper(id=paper_id, slug="x", title=record.get("title"),
                  authors=record.get("authors") or [], year=record.get("year"),
                  url=f"https://doi.org/{paper_id[4:]}", links={}, record=record)
    return _citation(paper)


PHYSREV = "10.1103/PhysRevB.85.115117"


def test_a_preprint_with_a_doi_gets_its_published_version_from_crossref(
        server: Server, tmp_path: Path) -> None:
    feed = (FIXTURES / "arxiv/2016_id_list_1111.2011v2.xml").read_bytes()
    server.route("/api/query", lambda r: atom(feed))
    work = {"type": "journal-article", "DOI": PHYSREV, "container-title": ["Physical Review B"],
            "title": ["A title Crossref words differently"], "volume": "85", "issue": "11",
            "page": "115117", "issued": {"date-parts": [[2012, 3]]},
            "author": [{"given": "Someone", "family": "Else"}]}
    server.route(f"/crossref/works/{PHYSREV}",
                 lambda r: as_json(json.dumps({"message": work}).encode()))
    records: dict = {}
    fetch_missing(["arxiv:1111.2011"], records, make_settings(tmp_path, server))
    record = records["arxiv:1111.2011"]
    # Preprint fields stay arXiv's; the venue fields are Crossref's, and say so.
    assert record["title"].startswith("Quantum Criticality for Extended Nodes")
    assert record["sources"]["title"] == "arxiv" and record["sources"]["authors"] == "arxiv"
    assert record["year"] == 2011
    assert (record["venue"], record["venue_year"], record["volume"]) == (
        "Physical Review B", 2012, "85")
    assert {record["sources"][f] for f in ("venue", "venue_year", "volume", "pages")} == {
        "crossref"}
    text = entry_text("k", _citation_of("arxiv:1111.2011", record))
    published = parse_string(text.versions[0].bibtex, "bibtex").entries["k"]
    preprint = parse_string(text.versions[1].bibtex, "bibtex").entries["k"]
    assert published.type == "article" and published.fields["year"] == "2012"
    assert published.fields["journal"] == "Physical Review B"
    assert preprint.type == "misc" and preprint.fields["year"] == "2011"


def test_crossref_down_leaves_the_preprint_record(server: Server, tmp_path: Path) -> None:
    feed = (FIXTURES / "arxiv/2016_id_list_1111.2011v2.xml").read_bytes()
    server.route("/api/query", lambda r: atom(feed))
    server.route(f"/crossref/works/{PHYSREV}", lambda r: Response("down", status=503))
    records: dict = {}
    settings = make_settings(tmp_path, server)
    report = fetch_missing(["arxiv:1111.2011"], records, settings,
                           client=quick_client(settings, retries=1))
    assert report.fetched == ["arxiv:1111.2011"] and not report.failed
    assert "venue" not in records["arxiv:1111.2011"]


# --- OpenReview login --------------------------------------------------------------------------

CHALLENGE = json.dumps({"name": "ChallengeRequired", "message": "Challenge required"})
NOTE = {"id": "Skxuk1rFwB", "content": {"title": {"value": "Towards Stable Training"},
                                        "authors": {"value": ["Huan Zhang"]},
                                        "venue": {"value": "ICLR 2020 Conference Poster"},
                                        "venueid": {"value": "ICLR.cc/2020/Conference"}}}


def test_anonymous_403_challenge_is_a_failure_that_says_what_to_set(
        server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("OPENREVIEW_USERNAME", "OPENREVIEW_PASSWORD"):
        monkeypatch.delenv(var, raising=False)
    server.route("/v2/notes", lambda r: as_json(CHALLENGE.encode(), 403))
    records: dict = {}
    ids = ["openreview:Skxuk1rFwB", "openreview:BkluqlSFDS"]
    report = fetch_missing(ids, records, make_settings(tmp_path, server))
    assert records == {}  # never "not found": asked again next run
    for paper_id in ids:
        assert report.failed[paper_id] == (
            "OpenReview refused anonymous access (HTTP 403 ChallengeRequired); set "
            "OPENREVIEW_USERNAME and OPENREVIEW_PASSWORD (an OpenReview account) and run again")
    assert len(server.seen) == 1  # given up on for the run after the first refusal


def test_login_token_is_used_and_never_printed_logged_or_cached(
        server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("OPENREVIEW_USERNAME", "reader@example.org")
    monkeypatch.setenv("OPENREVIEW_PASSWORD", "s3cret-pass")
    logins: list[Any] = []

    def login(request: Request) -> Response:
        logins.append(request.get_json())
        return as_json(json.dumps({"token": "tok-123", "user": {"id": "~Reader1"}}).encode())

    def notes(request: Request) -> Response:
        if request.headers.get("Authorization") != "Bearer tok-123":
            return as_json(CHALLENGE.encode(), 403)
        return as_json(json.dumps({"notes": [NOTE]}).encode())

    server.route("/v2/login", login)
    server.route("/v2/notes", notes)
    records: dict = {}
    caplog.set_level(logging.DEBUG)
    report = fetch_missing(["openreview:Skxuk1rFwB"], records, make_settings(tmp_path, server))
    assert report.fetched == ["openreview:Skxuk1rFwB"]
    assert logins == [{"id": "reader@example.org", "password": "s3cret-pass"}]
    cached = dumps(records)
    assert records["openreview:Skxuk1rFwB"]["sources"]["venue"] == "openreview"
    for secret in ("s3cret-pass", "tok-123"):
        assert secret not in cached and secret not in caplog.text
        assert secret not in json.dumps(report.__dict__, default=str)


def test_a_refused_login_names_the_variables_not_their_values(
        server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENREVIEW_USERNAME", "reader@example.org")
    monkeypatch.setenv("OPENREVIEW_PASSWORD", "wrong-pass")
    server.route("/v2/login", lambda r: as_json(b'{"name": "InvalidCredentials"}', 400))
    records: dict = {}
    report = fetch_missing(["openreview:Skxuk1rFwB"], records, make_settings(tmp_path, server))
    why = report.failed["openreview:Skxuk1rFwB"]
    assert why == ("OpenReview refused the login (HTTP 400); check OPENREVIEW_USERNAME and "
                   "OPENREVIEW_PASSWORD")
    assert records == {} and [s.path for s in server.seen] == ["/v2/login"]


def test_openreview_malformed_json_fails_clearly(server: Server, tmp_path: Path) -> None:
    server.route("/v2/notes", lambda r: as_json(b"{not json"))
    records: dict = {}
    report = fetch_missing(["openreview:Skxuk1rFwB"], records, make_settings(tmp_path, server))
    assert "openreview sent a response that is not JSON" in report.failed["openreview:Skxuk1rFwB"]


# --- ACL Anthology -----------------------------------------------------------------------------

# Written for this test in the Anthology's own layout (a made-up paper, not a recorded one).
ACL_BIB = """@inproceedings{tester-2019-made,
    title = "A Made-up Paper about {BERT} and M{\\"u}ller's Corpus",
    author = "Tester, Ada  and
      M{\\"u}ller, Jan",
    booktitle = "@BOOKTITLE@",
    month = jul,
    year = "2019",
    address = "Florence, Italy",
    publisher = "Association for Computational Linguistics",
    url = "https://aclanthology.org/P19-9999",
    doi = "10.18653/v1/P19-9999",
    pages = "1--10",
}
""".replace("@BOOKTITLE@", "Proceedings of the 57th Annual Meeting of the Association for "
                           "Computational Linguistics")


def test_acl_bibtex_is_read_with_pybtex(server: Server, tmp_path: Path) -> None:
    server.route("/acl/P19-9999.bib", lambda r: Response(ACL_BIB, content_type="text/plain"))
    settings = make_settings(tmp_path, server)
    results = acl.fetch(quick_client(settings), settings.acl_api, ["acl:P19-9999"])
    record = results.records["acl:P19-9999"]
    assert record["title"] == "A Made-up Paper about BERT and Müller's Corpus"
    assert record["authors"] == ["Ada Tester", "Jan Müller"]
    assert record["venue_type"] == "conference" and record["venue_year"] == 2019
    assert record["pages"] == "1-10" and record["doi"] == "10.18653/v1/p19-9999"
    assert record["bibtex"] == ACL_BIB.strip() + "\n"


@pytest.mark.parametrize(("answer", "says"), [
    (Response("nope", status=404), None),
    (Response("@inproceedings{x, title = {unclosed", status=200), "pybtex cannot read"),
    (Response("down", status=502), "answered HTTP 502"),
    (Response("", status=200), "sent 0 entries"),
])
def test_acl_failures(server: Server, tmp_path: Path, answer: Response, says: str | None) -> None:
    server.route("/acl/P19-9999.bib", lambda r: answer)
    settings = make_settings(tmp_path, server)
    results = acl.fetch(quick_client(settings, retries=1), settings.acl_api, ["acl:P19-9999"])
    if says is None:
        assert results.records["acl:P19-9999"]["status"] == "not_found"
    else:
        assert says in results.failed["acl:P19-9999"]



# --- the publishing build survives every source failing ----------------------------------------

FAILING_NOTE = """\
https://openreview.net/forum?id=Skxuk1rFwB
Towards Stable and Efficient Training (Huan Zhang)

https://doi.org/10.1371/journal.pone.0033693
Methylphenidate Exposure (Shankar Sadasivan)
"""


@pytest.mark.parametrize("failure", ["403", "429", "503", "malformed"])
def test_publishing_build_completes_when_the_sources_fail(
        server: Server, tmp_path: Path, failure: str) -> None:
    from conftest import build, make_site, warnings_of

    def answer(request: Request) -> Response:
        if failure == "403":
            return as_json(CHALLENGE.encode(), 403)
        if failure == "malformed":
            return as_json(b"{broken")
        return Response("no", status=int(failure), headers={"Retry-After": "0"})

    server.route("/v2/notes", answer)
    server.route("/v1/notes", answer)
    server.route(f"/crossref/works/{PLOS_DOI}", answer)
    root = make_site(tmp_path, {"2020-01-07-iclr.txt": FAILING_NOTE})
    result = build(root, extra_env={
        "DIGESTWIKI_OFFLINE": "0", "DIGESTWIKI_FETCH": "1", "DIGESTWIKI_DELAY": "0",
        "DIGESTWIKI_OPENREVIEW_API": server.url("/v2"),
        "DIGESTWIKI_OPENREVIEW_API_V1": server.url("/v1"),
        "DIGESTWIKI_CROSSREF_API": server.url("/crossref"),
        "OPENREVIEW_USERNAME": "", "OPENREVIEW_PASSWORD": ""})
    assert result.returncode == 0, result.stderr
    assert not warnings_of(result) and "Traceback" not in result.stderr
    assert "not fetched" in result.stderr  # said, at info level, with the reason
    bib = parse_string((root / "site/papers.bib").read_text(encoding="utf-8"), "bibtex")
    assert set(bib.entries) == {"openreview:Skxuk1rFwB", "doi:10.1371journal.pone.0033693"}
    if failure == "403":
        assert "set OPENREVIEW_USERNAME and OPENREVIEW_PASSWORD" in result.stderr

"""arXiv: recorded Atom answers parsed and matched to the ids asked, over real local HTTP."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from werkzeug import Request, Response

from conftest_metadata import (
    ARXIV,
    Server,
    atom,
    id_list,
    make_feed,
    make_settings,
    quick_client,
    recorded,
    recorded_entries,
)
from digestwiki.identity import parse_id
from digestwiki.metadata import arxiv
from digestwiki.metadata.arxiv import FeedError, match_key, parse_feed
from digestwiki.metadata.fetch import fetch_missing

_VALID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z\-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$")


def _recordings() -> dict[tuple[str, ...], str]:
    """Recorded single-question files by the (version-less) ids they asked for."""
    out = {}
    for path in ARXIV.glob("id_*.json"):
        url = json.loads(path.read_text(encoding="utf-8"))["url"]
        m = re.search(r"id_list=([^&]*)", url)
        assert m
        ids = m.group(1).replace("%2C", ",").replace("%2F", "/").split(",")
        out[tuple(sorted(match_key(i) for i in ids))] = path.name
    return out


def arxiv_like(request: Request) -> Response:
    """Answer like arXiv does: verbatim recordings when the question was recorded, else a
    feed of recorded entries, silently dropping ids it does not know, and a 400 error
    entry (the recorded one, renamed) for an id of the wrong shape."""
    ids = id_list(request)
    bad = [i for i in ids if not _VALID.match(i)]
    if bad:
        status, body = recorded("id_abc_s0_m100_b79c8dcf6bc3.json")
        return atom(body.replace(b"abc", bad[0].encode()), status=status)
    name = _recordings().get(tuple(sorted(match_key(i) for i in ids)))
    if name:
        status, body = recorded(name)
        return atom(body, status=status)
    entries = recorded_entries()
    return atom(make_feed([entries[match_key(i)] for i in ids if match_key(i) in entries]))


@pytest.fixture
def arxiv_server(server: Server) -> Server:
    server.route("/api/query", arxiv_like)
    return server


def test_recorded_feed_with_non_ascii_author() -> None:
    _, body = recorded("id_0808.05394_1707.08567_s0_m100_42e5aa0ec3af.json")
    feed = parse_feed(body)
    assert feed.total == 1 and list(feed.entries) == ["1707.08567"]
    record = feed.entries["1707.08567"]
    assert record["title"] == (
        "Proceedings of Workshop AEW10: Concepts in Information Theory and Communications"
    )
    assert record["authors"][0] == "Kees A. Schouhamer Immink"
    assert "Dirk Wübben" in record["authors"]
    assert record["year"] == 2017 and record["published"] == "2017-07-27"
    assert record["latest_version"] == "v1"
    assert record["primary_category"] == "cs.IT" and record["categories"] == ["cs.IT"]
    assert record["links"] == {"abs": "https://arxiv.org/abs/1707.08567",
                               "pdf": "https://arxiv.org/pdf/1707.08567"}


def test_2016_feed_second_version_keeps_first_version_year() -> None:
    feed = parse_feed((ARXIV / "2016_id_list_1111.2011v2.xml").read_bytes())
    record = feed.entries["1111.2011"]
    assert record["title"] == ("Quantum Criticality for Extended Nodes on a Bethe Lattice "
                               "in the Large Connectivity Limit")  # newline + indent collapsed
    assert record["published"] == "2011-11-08" and record["updated"] == "2012-04-02"
    assert record["year"] == 2011
    assert record["latest_version"] == "v2"
    assert record["doi"] == "10.1103/PhysRevB.85.115117"
    assert record["aliases"] == ["doi:10.1103/physrevb.85.115117"]
    assert record["links"]["doi"] == "https://doi.org/10.1103/PhysRevB.85.115117"
    assert record["journal_ref"] == "Phys. Rev. B 85, 115117 (2012)"
    assert record["primary_category"] == "cond-mat.str-el"
    assert record["categories"] == ["cond-mat.str-el", "cond-mat.stat-mech"]
    assert record["abstract"].startswith("Theoretical description of anisotropic systems, such")
    assert "\n" not in record["abstract"] and "  " not in record["abstract"]


def test_search_feed_entries_carry_doi_and_journal_ref() -> None:
    _, body = recorded("q_testing_s0_m10_bc5a6c384fe9.json")
    feed = parse_feed(body)
    assert len(feed.entries) == 10 and feed.total == 214881
    assert any("doi" in r for r in feed.entries.values())
    assert any("journal_ref" in r for r in feed.entries.values())


@pytest.mark.parametrize("body", [
    b"<html><body>Service Unavailable</body></html>",
    b"",
    b"not xml at all",
])
def test_not_a_feed_is_a_feed_error(body: bytes) -> None:
    with pytest.raises(FeedError):
        parse_feed(body)


def test_match_key_strips_version_and_old_style_subject_class() -> None:
    assert match_key("2104.12255v1") == "2104.12255"
    assert match_key("quant-ph/0201082v1") == "quant-ph/0201082"
    assert match_key("math.GT/0309136") == "math/0309136"


def test_fetch_one_paper_asks_one_question(arxiv_server: Server, tmp_path: Path) -> None:
    records: dict = {}
    report = fetch_missing(["arxiv:1605.08386"], records, make_settings(tmp_path, arxiv_server))
    assert report.fetched == ["arxiv:1605.08386"] and report.requests == 1
    (seen,) = arxiv_server.requests_to("/api/query")
    assert seen.args["id_list"] == ["1605.08386"] and seen.args["max_results"] == ["1"]
    record = records["arxiv:1605.08386"]
    assert record["status"] == "found" and record["source"] == "arxiv"
    assert record["title"] == "Heat-bath random walks with Markov bases"
    assert record["authors"] == ["Caprice Stanley", "Tobias Windisch"]
    assert record["categories"] == ["math.CO", "math.ST"]
    assert record["abstract"].startswith("Graphs on lattice points are studied")


def test_old_style_ids(arxiv_server: Server, tmp_path: Path) -> None:
    records: dict = {}
    ids = ["arxiv:astro-ph/0601001", "arxiv:quant-ph/0201082"]
    report = fetch_missing(ids, records, make_settings(tmp_path, arxiv_server))
    assert report.fetched == ids and not report.failed
    astro = records["arxiv:astro-ph/0601001"]
    assert astro["journal_ref"] == "ActaAstron.56:1-50,2006"
    assert astro["authors"] == ["Andrew Gould", "Susan Dorsher", "B. Scott Gaudi",
                                "Andrzej Udalski"]
    assert astro["year"] == 2006 and astro["primary_category"] == "astro-ph"
    assert astro["links"]["abs"] == "https://arxiv.org/abs/astro-ph/0601001"
    quant = records["arxiv:quant-ph/0201082"]
    assert quant["categories"] == ["quant-ph", "cs.PL"] and quant["year"] == 2002


def test_link_with_explicit_version_is_fetched_as_the_paper(
        arxiv_server: Server, tmp_path: Path) -> None:
    paper_id = parse_id("https://arxiv.org/abs/2104.12255v1")
    assert paper_id == "arxiv:2104.12255"
    records: dict = {}
    fetch_missing([paper_id], records, make_settings(tmp_path, arxiv_server))
    record = records[paper_id]
    assert record["title"] == "0"  # a real title; must not be dropped as empty
    assert record["latest_version"] == "v1" and record["year"] == 2021
    assert record["authors"] == ["Quan Thoi Minh Nguyen"]


def test_unknown_id_is_recorded_not_found_and_not_asked_again(
        arxiv_server: Server, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, arxiv_server)
    records: dict = {}
    report = fetch_missing(["arxiv:0808.05394"], records, settings)
    assert report.not_found == ["arxiv:0808.05394"] and not report.failed
    assert records == {"arxiv:0808.05394": {"status": "not_found", "source": "arxiv"}}
    again = fetch_missing(["arxiv:0808.05394"], records, settings)
    assert again.requests == 0 and again.from_cache == ["arxiv:0808.05394"]
    assert len(arxiv_server.seen) == 1


def test_id_dropped_from_a_two_id_answer(arxiv_server: Server, tmp_path: Path) -> None:
    records: dict = {}
    report = fetch_missing(["arxiv:0808.05394", "arxiv:1707.08567"], records,
                           make_settings(tmp_path, arxiv_server))
    # arXiv's silence is trusted only for an id asked alone: the dropped id is asked again
    assert report.requests == 2
    assert report.fetched == ["arxiv:1707.08567"]
    assert report.not_found == ["arxiv:0808.05394"]
    assert "Dirk Wübben" in records["arxiv:1707.08567"]["authors"]


def test_short_feed_is_a_failure_not_a_not_found(server: Server, tmp_path: Path) -> None:
    """totalResults says 2 but one entry came: the missing paper may well exist."""
    entries = recorded_entries()
    server.route("/api/query", lambda r: atom(make_feed([entries["1605.08386"]], total=2)))
    records: dict = {}
    report = fetch_missing(["arxiv:1605.08386", "arxiv:1707.08567"], records,
                           make_settings(tmp_path, server))
    assert report.fetched == ["arxiv:1605.08386"]
    assert list(report.failed) == ["arxiv:1707.08567"] and "left it out" in report.failed[
        "arxiv:1707.08567"]
    assert "arxiv:1707.08567" not in records


def test_an_empty_feed_for_a_batch_is_a_failure_not_a_not_found(
        server: Server, tmp_path: Path) -> None:
    """A feed with no entries and no result count settles nothing: ask again next run."""
    server.route("/api/query", lambda r: atom(make_feed([])))
    records: dict = {}
    report = fetch_missing(["arxiv:1605.08386", "arxiv:1707.08567"], records,
                           make_settings(tmp_path, server))
    assert sorted(report.failed) == ["arxiv:1605.08386", "arxiv:1707.08567"]
    assert report.not_found == [] and records == {}


def test_recorded_400_marks_the_malformed_id(arxiv_server: Server, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, arxiv_server)
    client = quick_client(settings)
    results = arxiv.fetch(client, settings.arxiv_api, ["arxiv:abc"])
    assert results.records == {"arxiv:abc": {"status": "not_found", "source": "arxiv"}}
    assert "incorrect id format for abc" in results.notes["arxiv:abc"]
    assert client.sent == 1


def test_400_in_a_batch_drops_the_named_id_and_asks_again(
        arxiv_server: Server, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, arxiv_server)
    client = quick_client(settings)
    ids = ["arxiv:1605.08386", "arxiv:2104.99999x", "arxiv:1707.08567"]
    results = arxiv.fetch(client, settings.arxiv_api, ids)
    assert results.records["arxiv:1605.08386"]["status"] == "found"
    assert results.records["arxiv:1707.08567"]["status"] == "found"
    assert results.records["arxiv:2104.99999x"]["status"] == "not_found"
    asked = [s.args["id_list"][0] for s in arxiv_server.seen]
    assert asked == ["1605.08386,2104.99999x,1707.08567", "1605.08386,1707.08567"]


def test_400_naming_no_id_splits_the_batch_until_it_finds_it(
        server: Server, tmp_path: Path) -> None:
    """An error entry we cannot tie to an id: bisect, never loop, settle every id."""
    def handler(request: Request) -> Response:
        ids = id_list(request)
        if "9999.00001" in ids:
            _, body = recorded("id_abc_s0_m100_b79c8dcf6bc3.json")
            return atom(body.replace(b"incorrect id format for abc", b"malformed id list"),
                        status=400)
        return atom(make_feed([f"<entry><id>http://arxiv.org/abs/{i}v1</id>"
                               f"<title>T {i}</title></entry>" for i in ids]))

    server.route("/api/query", handler)
    settings = make_settings(tmp_path, server)
    client = quick_client(settings)
    ids = [f"arxiv:2001.{n:05d}" for n in range(1, 8)] + ["arxiv:9999.00001"]
    results = arxiv.fetch(client, settings.arxiv_api, ids)
    assert results.records["arxiv:9999.00001"]["status"] == "not_found"
    assert all(results.records[i]["status"] == "found" for i in ids[:-1])
    assert not results.failed
    assert client.sent <= 2 * 3 + 1  # a path down a binary tree of 8 ids, plus its siblings


def test_400_without_an_error_entry_is_a_failure(server: Server, tmp_path: Path) -> None:
    server.route("/api/query", lambda r: atom(make_feed([]), status=400))
    settings = make_settings(tmp_path, server)
    records: dict = {}
    report = fetch_missing(["arxiv:1605.08386"], records, settings, client=quick_client(settings))
    assert list(report.failed) == ["arxiv:1605.08386"] and records == {}

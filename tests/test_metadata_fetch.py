"""fetch_missing as the build and the CLI use it: batching, politeness, cache, offline."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from werkzeug import Request, Response

from conftest_metadata import (
    Server,
    atom,
    id_list,
    make_feed,
    make_settings,
    quick_client,
    recorded,
    synthetic_entry,
)
from digestwiki.metadata.fetch import FetchReport, fetch_missing, wanted_ids
from digestwiki.metadata.http import USER_AGENT
from digestwiki.parse import parse_digest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "refresh_bench.py"


def synthetic_arxiv(request: Request) -> Response:
    """Every well-formed id exists: a feed with one entry per requested id."""
    return atom(make_feed([synthetic_entry(i) for i in id_list(request)]))


def note_api(request: Request) -> Response:
    forum = request.args["id"]
    note = {"id": forum, "content": {"title": {"value": f"Note {forum}"}}}
    return Response(json.dumps({"notes": [note]}), content_type="application/json")


def ids(n: int, month: str = "2001") -> list[str]:
    return [f"arxiv:{month}.{k:05d}" for k in range(1, n + 1)]


def test_250_ids_take_three_requests_of_at_most_100(server: Server, tmp_path: Path) -> None:
    server.route("/api/query", synthetic_arxiv)
    records: dict = {}
    report = fetch_missing(ids(250), records, make_settings(tmp_path, server))
    assert report.requests == 3 and len(report.fetched) == 250 and not report.failed
    sizes = [len(s.args["id_list"][0].split(",")) for s in server.seen]
    assert sizes == [100, 100, 50]
    assert [s.args["max_results"] for s in server.seen] == [["100"], ["100"], ["50"]]
    assert records["arxiv:2001.00250"]["title"] == "Paper 2001.00250"


def test_one_session_keeps_one_connection(tmp_path: Path) -> None:
    """Against a keep-alive server (the benchmark's; werkzeug always closes), every request
    of a run arrives on the same connection."""
    spec = importlib.util.spec_from_file_location("refresh_bench", BENCH)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    httpd, api = bench.start_server()
    try:
        report = fetch_missing(ids(250), {}, bench.settings_for(tmp_path, api, 0.0))
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert report.requests == 3 and len(report.fetched) == 250
    assert [n for _, _, n in bench.ArxivLike.log] == [100, 100, 50]
    assert len({port for _, port, _ in bench.ArxivLike.log}) == 1


def test_politeness_delay_between_requests_to_one_service(
        server: Server, tmp_path: Path) -> None:
    server.route("/api/query", synthetic_arxiv)
    server.route("/v2/notes", note_api)
    records: dict = {}
    settings = make_settings(tmp_path, server, delay=0.2)
    report = fetch_missing(ids(250) + ["openreview:a", "openreview:b", "openreview:c"],
                           records, settings)
    assert report.requests == 6 and len(report.fetched) == 253
    for path in ("/api/query", "/v2/notes"):
        times = [s.at for s in server.requests_to(path)]
        assert len(times) == 3
        gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
        assert min(gaps) >= 0.2, (path, gaps)
    # The delay is per service: OpenReview's first request does not wait for arXiv's last.
    arxiv_last = server.requests_to("/api/query")[-1].at
    assert server.requests_to("/v2/notes")[0].at - arxiv_last < 0.2


def test_user_agent_names_the_project(server: Server, tmp_path: Path) -> None:
    server.route("/api/query", synthetic_arxiv)
    fetch_missing(ids(1), {}, make_settings(tmp_path, server))
    agent = server.seen[0].headers["User-Agent"]
    assert agent == USER_AGENT and agent.startswith("digestwiki/")
    assert "python-requests" not in agent


def test_offline_sends_nothing(server: Server, tmp_path: Path) -> None:
    server.route("/api/query", synthetic_arxiv)
    records: dict = {"arxiv:2001.00001": {"status": "found", "source": "arxiv"}}
    settings = make_settings(tmp_path, server, offline=True)
    report = fetch_missing(ids(3) + ["openreview:x"], records, settings)
    assert server.seen == [] and report.requests == 0
    assert report.offline and report.from_cache == ["arxiv:2001.00001"]
    assert report.skipped == {"arxiv:2001.00002": "offline", "arxiv:2001.00003": "offline",
                              "openreview:x": "offline"}
    assert list(records) == ["arxiv:2001.00001"]
    assert report.summary() == ("fetched 0, not found 0, failed 0, from cache 1, "
                                "skipped 3 (offline)")


def test_offline_with_everything_cached_is_not_a_skip(server: Server, tmp_path: Path) -> None:
    records: dict = {"arxiv:2001.00001": {"status": "not_found", "source": "arxiv"}}
    report = fetch_missing(ids(1), records, make_settings(tmp_path, server, offline=True))
    assert report.skipped == {} and report.from_cache == ["arxiv:2001.00001"]


def test_cached_ids_are_not_asked_and_refresh_all_asks_again(
        server: Server, tmp_path: Path) -> None:
    server.route("/api/query", synthetic_arxiv)
    settings = make_settings(tmp_path, server)
    records: dict = {"arxiv:2001.00001": {"status": "found", "source": "arxiv", "title": "Old"},
                     "arxiv:2001.00002": {"status": "not_found", "source": "arxiv"}}
    report = fetch_missing(ids(3), records, settings)
    assert report.from_cache == ["arxiv:2001.00001", "arxiv:2001.00002"]
    assert report.fetched == ["arxiv:2001.00003"]
    assert server.seen[0].args["id_list"] == ["2001.00003"]
    assert records["arxiv:2001.00001"]["title"] == "Old"

    report = fetch_missing(ids(3), records, settings, refresh_all=True)
    assert report.fetched == ids(3) and report.from_cache == []
    assert records["arxiv:2001.00001"]["title"] == "Paper 2001.00001"
    assert records["arxiv:2001.00002"]["status"] == "found"


def test_refresh_all_keeps_a_found_record_the_service_lost(
        server: Server, tmp_path: Path) -> None:
    server.route("/api/query", lambda r: atom(make_feed([])))
    old = {"status": "found", "source": "arxiv", "title": "Kept"}
    records: dict = {"arxiv:2001.00001": dict(old)}
    report = fetch_missing(ids(1), records, make_settings(tmp_path, server), refresh_all=True)
    assert report.not_found == ["arxiv:2001.00001"]
    assert "kept the cached record" in report.notes["arxiv:2001.00001"]
    assert records["arxiv:2001.00001"] == old


def test_ids_without_a_service_are_skipped(server: Server, tmp_path: Path) -> None:
    server.route("/api/query", synthetic_arxiv)
    records: dict = {}
    report = fetch_missing(["not an id", "arxiv:2001.00001",
                            "https://arxiv.org/abs/2001.00001v3"],
                           records, make_settings(tmp_path, server))
    assert report.skipped == {"not an id": "not a paper id"}
    assert report.fetched == ["arxiv:2001.00001"] and report.requests == 1
    assert server.seen[0].args["id_list"] == ["2001.00001"]  # the URL folded into the id
    assert list(records) == ["arxiv:2001.00001"]


def test_progress_reports_every_step_up_to_the_total(server: Server, tmp_path: Path) -> None:
    server.route("/api/query", synthetic_arxiv)
    server.route("/v2/notes", note_api)
    steps: list[tuple[int, int]] = []
    fetch_missing(ids(150) + ["openreview:a", "openreview:b"], {},
                  make_settings(tmp_path, server), progress=lambda d, t: steps.append((d, t)))
    assert steps == [(100, 152), (150, 152), (151, 152), (152, 152)]


def test_records_are_plain_json(server: Server, tmp_path: Path) -> None:
    server.route("/api/query", synthetic_arxiv)
    server.route("/v2/notes", note_api)
    records: dict = {}
    fetch_missing(ids(2) + ["openreview:a"], records, make_settings(tmp_path, server))
    assert json.loads(json.dumps(records)) == records


def test_nothing_to_do_makes_no_client(tmp_path: Path) -> None:
    records: dict = {"arxiv:2001.00001": {"status": "found", "source": "arxiv"}}
    report = fetch_missing(ids(1), records, make_settings(tmp_path, None))
    assert report == FetchReport(from_cache=["arxiv:2001.00001"])


def test_wanted_ids_cover_entries_and_mentions() -> None:
    text = ("https://arxiv.org/abs/1605.08386\n"
            "Heat-bath random walks with Markov bases (Caprice Stanley, Tobias Windisch)\n"
            "See also (https://arxiv.org/abs/1707.08567v2) and "
            "https://openreview.net/forum?id=BkluqlSFDS for context.\n")
    digest = parse_digest(text, "docs/digests/2020-07-01-x.txt")
    again = parse_digest(text, "docs/digests/2020-07-02-y.txt")
    assert wanted_ids([digest, again]) == ["arxiv:1605.08386", "arxiv:1707.08567",
                                           "openreview:BkluqlSFDS"]


def test_warnings_are_lasting_problems_and_failures_are_not_warnings(
        server: Server, tmp_path: Path) -> None:
    """A strict build turns warnings into errors: an outage must not be one."""
    server.route("/api/query", lambda r: Response("down", status=503))
    settings = make_settings(tmp_path, server)
    report = fetch_missing(ids(5), {}, settings, client=quick_client(settings, retries=0))
    assert report.warnings() == []
    (line,) = report.failure_lines()
    assert line == ("metadata: 5 paper(s) not fetched (arxiv:2001.00001, arxiv:2001.00002, "
                    "arxiv:2001.00003, ...): arxiv answered HTTP 503; asked again next time")

    def rejects(request: Request) -> Response:
        _, body = recorded("id_abc_s0_m100_b79c8dcf6bc3.json")
        return atom(body.replace(b"abc", b"2013.00001"), status=400)

    server.route("/api/query", rejects)
    report = fetch_missing(["arxiv:2013.00001"], {}, settings)
    assert report.not_found == ["arxiv:2013.00001"]
    assert report.warnings() == ["metadata: arxiv:2013.00001: arXiv rejects the id: "
                                 "incorrect id format for 2013.00001"]

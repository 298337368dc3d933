"""Services misbehaving: rate limits, outages, timeouts, broken and half-written answers.

Whatever happens, fetch_missing returns a report, records nothing that failed (so it is
asked again next run) and does not hang.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest
from werkzeug import Request, Response

from conftest_metadata import (
    Server,
    atom,
    make_feed,
    make_settings,
    quick_client,
    recorded,
    synthetic_entry,
)
from digestwiki.metadata.fetch import fetch_missing

PAPER = "arxiv:1605.08386"


def good_feed() -> Response:
    _, body = recorded("id_1605.08386_s0_m100_199195aa31ad.json")
    return atom(body)


def first_then(first: Response) -> object:
    """A handler that answers ``first`` once, then the recorded feed."""
    calls = []

    def handler(request: Request) -> Response:
        calls.append(request)
        return first if len(calls) == 1 else good_feed()

    return handler


def test_429_with_retry_after_is_honoured_then_succeeds(server: Server, tmp_path: Path) -> None:
    server.route("/api/query", first_then(  # type: ignore[arg-type]
        Response("slow down", status=429, headers={"Retry-After": "1"})))
    settings = make_settings(tmp_path, server)
    records: dict = {}
    report = fetch_missing([PAPER], records, settings, client=quick_client(settings))
    assert report.fetched == [PAPER] and not report.failed
    first, second = server.seen
    assert second.at - first.at >= 0.95  # waited as asked, not the 0.01 s test backoff
    assert records[PAPER]["title"] == "Heat-bath random walks with Markov bases"


def test_retry_after_beyond_the_limit_gives_up_at_once(server: Server, tmp_path: Path) -> None:
    server.route("/api/query",
                 lambda r: Response("come back in an hour", status=429,
                                    headers={"Retry-After": "3600"}))
    settings = make_settings(tmp_path, server)
    records: dict = {}
    start = time.monotonic()
    report = fetch_missing([PAPER, "arxiv:1707.08567"], records, settings,
                           client=quick_client(settings))
    assert time.monotonic() - start < 5
    assert len(server.seen) == 1
    assert "429" in report.failed[PAPER] and "Retry-After: 3600" in report.failed[PAPER]
    assert records == {}


def test_503_then_success(server: Server, tmp_path: Path) -> None:
    server.route("/api/query", first_then(Response("busy", status=503)))  # type: ignore[arg-type]
    settings = make_settings(tmp_path, server)
    records: dict = {}
    report = fetch_missing([PAPER], records, settings, client=quick_client(settings))
    assert report.fetched == [PAPER] and len(server.seen) == 2
    assert report.requests == 1  # one request, retried once inside urllib3


def test_service_down_is_asked_once_per_run_and_nothing_is_recorded(
        server: Server, tmp_path: Path) -> None:
    server.route("/api/query", lambda r: Response("down", status=503))
    server.route("/v2/notes", lambda r: Response("down", status=503))
    settings = make_settings(tmp_path, server)
    ids = [f"arxiv:2001.{n:05d}" for n in range(1, 151)] + ["openreview:a", "openreview:b"]
    records: dict = {}
    report = fetch_missing(ids, records, settings, client=quick_client(settings, retries=2))
    assert records == {} and report.fetched == [] and report.not_found == []
    assert sorted(report.failed) == sorted(ids)
    assert "HTTP 503" in report.failed["arxiv:2001.00150"]
    # The first batch is tried 1 + 2 times; the second batch is never sent. Same for OpenReview.
    assert len(server.requests_to("/api/query")) == 3
    assert len(server.requests_to("/v2/notes")) == 3
    assert not server.requests_to("/v1/notes")
    # Nothing was recorded, so the next run asks again.
    server.route("/api/query", lambda r: atom(make_feed([synthetic_entry("2001.00001")])))
    again = fetch_missing(["arxiv:2001.00001"], records, settings, client=quick_client(settings))
    assert again.fetched == ["arxiv:2001.00001"]


def test_timeout_is_reported_not_waited_out(server: Server, tmp_path: Path) -> None:
    def slow(request: Request) -> Response:
        time.sleep(1.5)
        return good_feed()

    server.route("/api/query", slow)
    settings = make_settings(tmp_path, server, timeout=0.2)
    records: dict = {}
    start = time.monotonic()
    report = fetch_missing([PAPER], records, settings, client=quick_client(settings, retries=3))
    elapsed = time.monotonic() - start
    assert elapsed < 1.2  # two attempts of 0.2 s, not the server's 1.5 s
    assert "timed out" in report.failed[PAPER].lower()
    assert records == {}


def test_unreachable_service_is_a_failure(tmp_path: Path) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = make_settings(tmp_path, None, arxiv_api=f"http://127.0.0.1:{port}/api/query")
    records: dict = {}
    start = time.monotonic()
    report = fetch_missing([PAPER], records, settings, client=quick_client(settings))
    assert time.monotonic() - start < 5
    assert "unreachable" in report.failed[PAPER] and records == {}


@pytest.mark.parametrize("body", [
    b"<html><body><h1>Internal proxy error</h1>",
    b"{\"error\": \"not atom\"}",
])
def test_malformed_feed_is_a_failure(server: Server, tmp_path: Path, body: bytes) -> None:
    server.route("/api/query", lambda r: atom(body))
    settings = make_settings(tmp_path, server)
    records: dict = {}
    report = fetch_missing([PAPER], records, settings, client=quick_client(settings))
    assert list(report.failed) == [PAPER] and "arXiv sent" in report.failed[PAPER]
    assert records == {}


def test_half_written_feed_is_a_failure_and_the_next_batch_still_runs(
        server: Server, tmp_path: Path) -> None:
    """A feed cut in half (complete HTTP message, broken XML) fails its batch only."""
    def handler(request: Request) -> Response:
        ids = request.args["id_list"].split(",")
        body = make_feed([synthetic_entry(i) for i in ids])
        return atom(body[: len(body) // 2] if "2001.00001" in ids else body)

    server.route("/api/query", handler)
    settings = make_settings(tmp_path, server)
    ids = [f"arxiv:2001.{n:05d}" for n in range(1, 121)]
    records: dict = {}
    report = fetch_missing(ids, records, settings, client=quick_client(settings))
    assert sorted(report.failed) == ids[:100]
    assert report.fetched == ids[100:]
    assert "not XML" in report.failed[ids[0]]


def _cut_short_server() -> tuple[int, threading.Thread]:
    """A raw socket server promising 5000 bytes, sending 200 and hanging up."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    port = listener.getsockname()[1]
    _, body = recorded("id_1605.08386_s0_m100_199195aa31ad.json")

    def run() -> None:
        with listener:
            conn, _ = listener.accept()
            with conn:
                conn.recv(65536)
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/atom+xml\r\n"
                             b"Content-Length: 5000\r\n\r\n" + body[:200])
                conn.shutdown(socket.SHUT_RDWR)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return port, thread


def test_connection_closed_mid_body_is_a_failure(tmp_path: Path) -> None:
    port, thread = _cut_short_server()
    settings = make_settings(tmp_path, None, arxiv_api=f"http://127.0.0.1:{port}/api/query")
    records: dict = {}
    report = fetch_missing([PAPER], records, settings, client=quick_client(settings))
    thread.join(5)
    assert "cut short" in report.failed[PAPER]
    assert records == {}


def test_json_that_is_not_json_fails_one_openreview_id_only(
        server: Server, tmp_path: Path) -> None:
    def notes(request: Request) -> Response:
        if request.args["id"] == "broken":
            return Response("{\"notes\": [", content_type="application/json")
        return Response('{"notes": [{"id": "fine", "content": {"title": {"value": "Fine"}}}]}',
                        content_type="application/json")

    server.route("/v2/notes", notes)
    settings = make_settings(tmp_path, server)
    records: dict = {}
    report = fetch_missing(["openreview:broken", "openreview:fine"], records, settings,
                           client=quick_client(settings))
    assert list(report.failed) == ["openreview:broken"] and "not JSON" in report.failed[
        "openreview:broken"]
    assert report.fetched == ["openreview:fine"] and records["openreview:fine"]["title"] == "Fine"

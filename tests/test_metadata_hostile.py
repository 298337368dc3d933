"""Services that misbehave on purpose, and refreshes that get killed or run twice at once:
nothing fetched is lost, nothing unbounded is accepted, one bad answer fails one paper."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug import Request, Response

from conftest_metadata import (
    Server,
    atom,
    id_list,
    make_feed,
    make_settings,
    quick_client,
    recorded_arxiv,
    recorded_entries,
    serve,
)
from digestwiki.cli import main
from digestwiki.metadata.cache import load_cache
from digestwiki.metadata.fetch import fetch_missing
from digestwiki.metadata.http import ServiceDown, ServiceError, redirect_refusal


@pytest.fixture(scope="module")
def _http() -> Iterator[Server]:
    yield from serve()


@pytest.fixture
def server(_http: Server) -> Server:
    return _http.reset()


# --- redirects, size, deadline ------------------------------------------------------------------


def test_a_redirect_to_another_host_is_not_followed(server: Server, tmp_path: Path) -> None:
    # localhost and 127.0.0.1 reach the same server, but they are two hosts.
    elsewhere = server.url("/elsewhere").replace("127.0.0.1", "localhost")
    server.route("/api/query", lambda r: Response(status=302, headers={"Location": elsewhere}))
    server.route("/elsewhere", lambda r: atom(make_feed([])))
    client = quick_client(make_settings(tmp_path, server))
    with pytest.raises(ServiceError, match="redirected to another host"):
        client.get("arxiv", server.url("/api/query"))
    assert server.requests_to("/elsewhere") == []


@pytest.mark.parametrize(("origin", "target", "why"), [
    ("https://export.arxiv.org/api/query", "http://export.arxiv.org/api/query", "https to http"),
    ("https://export.arxiv.org/api", "https://evil.example/api", "another host"),
    ("https://export.arxiv.org/api", "https://export.arxiv.org.evil.example/", "another host"),
    ("https://export.arxiv.org/api", "file:///etc/passwd", "file"),
    ("https://api2.openreview.net/x", "https://API2.openreview.net/y", None),
    ("http://127.0.0.1:5/x", "https://127.0.0.1:5/y", None),
])
def test_redirect_rules(origin: str, target: str, why: str | None) -> None:
    refusal = redirect_refusal(origin, target)
    assert (refusal is None) if why is None else (why in (refusal or ""))


def test_a_redirect_on_the_same_host_is_followed(server: Server, tmp_path: Path) -> None:
    server.route("/api/query", lambda r: Response(status=301, headers={"Location": "/moved"}))
    server.route("/moved", lambda r: Response("ok"))
    client = quick_client(make_settings(tmp_path, server))
    assert client.get("arxiv", server.url("/api/query")).text == "ok"


def test_a_redirect_to_another_scheme_is_not_followed(server: Server, tmp_path: Path) -> None:
    server.route("/api/query", lambda r: Response(status=302, headers={
        "Location": "ftp://127.0.0.1/x"}))
    client = quick_client(make_settings(tmp_path, server))
    with pytest.raises(ServiceError, match="not followed"):
        client.get("arxiv", server.url("/api/query"))


def test_a_huge_answer_is_refused(server: Server, tmp_path: Path) -> None:
    def endless(request: Request) -> Response:
        return Response((b"x" * 65536 for _ in range(64)), content_type="text/plain")

    server.route("/big", endless)
    client = quick_client(make_settings(tmp_path, server))
    client.max_bytes = 1_000_000
    with pytest.raises(ServiceError, match="more than the 1000000 bytes"):
        client.get("arxiv", server.url("/big"))
    server.route("/declared", lambda r: Response(b"x" * 2_000_000))
    with pytest.raises(ServiceError, match="sent 2000000 bytes"):
        client.get("arxiv", server.url("/declared"))


def test_a_server_that_drips_bytes_is_cut_at_the_deadline(server: Server, tmp_path: Path) -> None:
    def drip(request: Request) -> Response:
        def body() -> Iterator[bytes]:
            for _ in range(40):
                yield b"<"
                time.sleep(0.1)
        return Response(body(), content_type="application/atom+xml")

    server.route("/api/query", drip)
    settings = make_settings(tmp_path, server, timeout=0.5)
    client = quick_client(settings)
    client.deadline = 0.8  # every single read is quick: only the overall deadline stops it
    with pytest.raises(ServiceDown, match="did not arrive in time"):
        client.get("arxiv", server.url("/api/query"))
    assert "arxiv" in client.down  # one slow answer: the service is given up for this run
    records: dict = {}
    report = fetch_missing(["arxiv:1605.08386", "arxiv:1707.08567"], records, settings,
                           client=client)
    assert sorted(report.failed) == ["arxiv:1605.08386", "arxiv:1707.08567"] and records == {}
    assert len(server.requests_to("/api/query")) == 1  # not one more deadline per batch


def test_one_unreadable_entry_fails_that_paper_not_the_batch(
        server: Server, tmp_path: Path) -> None:
    entries = recorded_entries()
    # A year the cache cannot hold (0) must not reach the cache file that every build reads.
    bad = re.sub(r"<published>\d{4}", "<published>0000", entries["1605.08386"])
    server.route("/api/query", lambda r: atom(make_feed([bad, entries["1707.08567"]], total=2)))
    records: dict = {}
    report = fetch_missing(["arxiv:1605.08386", "arxiv:1707.08567"], records,
                           make_settings(tmp_path, server))
    assert report.fetched == ["arxiv:1707.08567"]
    assert "'year' must be a year" in report.failed["arxiv:1605.08386"]
    assert "arxiv:1605.08386" not in records


def test_an_openreview_note_with_a_huge_timestamp_is_still_read(
        server: Server, tmp_path: Path) -> None:
    note = {"id": "Bk", "pdate": 1e20, "cdate": 1e300,
            "content": {"title": {"value": "A Title"}, "venue": {"value": "ICLR 2020"}}}
    server.route("/v2/notes", lambda r: Response(json.dumps({"notes": [note]}),
                                                 content_type="application/json"))
    records: dict = {}
    report = fetch_missing(["openreview:Bk"], records, make_settings(tmp_path, server))
    assert report.fetched == ["openreview:Bk"] and records["openreview:Bk"]["year"] == 2020


# --- refresh: per batch, concurrent, offline ----------------------------------------------------


def _site(root: Path, ids: list[str]) -> Path:
    (root / "docs" / "digests").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: T\nplugins:\n  - digestwiki\n", "utf-8")
    text = "".join(f"https://arxiv.org/abs/{i}\nTitle Of Paper {i} (Ada Lovelace)\n" for i in ids)
    (root / "docs" / "digests" / "2021-01-01-x.txt").write_text(text, encoding="utf-8")
    return root


def test_a_refresh_killed_mid_run_keeps_the_batches_it_finished(
        server: Server, tmp_path: Path) -> None:
    """The second batch hangs; the run is killed (as a CI timeout would): the first batch of
    100 papers is in the cache file, which is valid JSON, and no temporary file is left."""
    ids = [f"2101.{i:05d}" for i in range(1, 151)]
    site = _site(tmp_path, ids)
    template = recorded_entries()["1605.08386"]
    calls = {"n": 0}

    def answer(request: Request) -> Response:
        calls["n"] += 1
        if calls["n"] > 1:
            time.sleep(30)  # the killed run never sees this answer
        asked = id_list(request)
        return atom(make_feed([template.replace("1605.08386", i) for i in asked]))

    server.route("/api/query", answer)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIGESTWIKI_")}
    env.update(DIGESTWIKI_ARXIV_API=server.url("/api/query"), DIGESTWIKI_DELAY="0",
               DIGESTWIKI_TIMEOUT="60")
    cache = site / "metadata" / "papers.json"
    run = subprocess.Popen([sys.executable, "-m", "digestwiki.cli", "refresh", "--quiet"],
                           cwd=site, env=env, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):  # a guard against hanging, not a speed requirement
            if calls["n"] > 1 and cache.exists():
                break
            time.sleep(0.1)
    finally:
        run.kill()
        run.wait()
    kept = load_cache(cache)
    assert len(kept) == 100 and all(r["status"] == "found" for r in kept.values())
    assert not list((site / "metadata").glob(".*.tmp"))


def test_two_refreshes_at_once_lose_nothing(server: Server, tmp_path: Path) -> None:
    site = _site(tmp_path, ["1605.08386", "1707.08567"])
    server.route("/api/query", recorded_arxiv())
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIGESTWIKI_")}
    env.update(DIGESTWIKI_ARXIV_API=server.url("/api/query"), DIGESTWIKI_DELAY="0")
    runs = [subprocess.Popen([sys.executable, "-m", "digestwiki.cli", "refresh", "--quiet",
                              "--id", paper], cwd=site, env=env, stderr=subprocess.PIPE,
                             text=True) for paper in ("arxiv:1605.08386", "arxiv:1707.08567")]
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
    assert sorted(load_cache(site / "metadata" / "papers.json")) == [
        "arxiv:1605.08386", "arxiv:1707.08567"]


def test_refresh_without_network_says_so_once_per_service(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    ids = [f"2101.{i:05d}" for i in range(1, 16)]
    site = _site(tmp_path, ids)
    for var in [v for v in os.environ if v.startswith("DIGESTWIKI_")]:
        monkeypatch.delenv(var)
    monkeypatch.setenv("DIGESTWIKI_ARXIV_API", "http://127.0.0.1:9/api/query")  # refused
    monkeypatch.setenv("DIGESTWIKI_DELAY", "0")
    monkeypatch.setenv("DIGESTWIKI_TIMEOUT", "2")
    monkeypatch.chdir(site)
    assert main(["refresh", "--quiet"]) == 1
    err = capsys.readouterr().err
    failure_lines = [line for line in err.splitlines() if "not fetched" in line]
    assert len(failure_lines) == 1 and "15 paper(s)" in failure_lines[0]
    assert "DIGESTWIKI_OFFLINE=1" in failure_lines[0] and "check the network" in failure_lines[0]
    assert "refresh: fetched 0, not found 0, failed 15" in err  # the summary stays
    assert not [line for line in err.splitlines() if line.startswith("refresh: failed arxiv:")]
    assert not (site / "metadata" / "papers.json").exists()  # nothing fetched, no empty file


def test_an_empty_feed_never_turns_papers_into_not_found(server: Server, tmp_path: Path) -> None:
    server.route("/api/query", lambda r: atom(make_feed([], total=0 if len(id_list(r)) > 1
                                                         else None)))
    records: dict = {}
    report = fetch_missing(["arxiv:1605.08386", "arxiv:1707.08567"], records,
                           make_settings(tmp_path, server))
    assert report.not_found == [] and sorted(report.failed) == [
        "arxiv:1605.08386", "arxiv:1707.08567"]

"""`digestwiki refresh` end to end: a tiny wiki, a local arXiv, the committed cache file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from werkzeug import Response

from conftest_metadata import (
    Server,
    recorded_arxiv,
    use_local_services,
)
from digestwiki.cli import main
from digestwiki.metadata.cache import load_cache
from digestwiki.metadata.refresh import stderr_progress

NOTE = """\
Weekly notes.
https://arxiv.org/abs/1605.08386
Heat-bath random walks with Markov bases (Caprice Stanley, Tobias Windisch)
Mixing on fibers; compare the workshop notes (https://arxiv.org/abs/1707.08567) and
https://arxiv.org/abs/0808.05394 which does not exist.
https://arxiv.org/abs/astro-ph/0601001v1
Frequency of Hot Jupiters (Andrew Gould)
Good read.
"""

PAPERS = ["arxiv:0808.05394", "arxiv:1605.08386", "arxiv:1707.08567", "arxiv:astro-ph/0601001"]


@pytest.fixture
def server(_http: Server) -> Server:
    srv = _http.reset()
    srv.route("/api/query", recorded_arxiv())
    return srv


@pytest.fixture
def site(tmp_path: Path, server: Server, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A wiki folder whose arXiv is the local server (set the way CI would: by environment)."""
    use_local_services(monkeypatch, server)
    (tmp_path / "docs" / "digests").mkdir(parents=True)
    (tmp_path / "docs" / "digests" / "2020-07-01-x.txt").write_text(NOTE, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Test wiki\n"
        "plugins:\n"
        "  - digestwiki:\n"
        "      delay: 0.0  # a float: `delay: 0` is rejected by the config\n"
        "      timeout: 5.0\n"
        f"      openreview_api: {server.url('/v2')}\n"
        f"      openreview_api_v1: {server.url('/v1')}\n",
        encoding="utf-8",
    )
    return tmp_path


def refresh(site: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["refresh", "--config", str(site / "mkdocs.yml"), *args])
    return code, capsys.readouterr().err


def test_refresh_writes_a_deterministic_cache_once(
        site: Path, server: Server, capsys: pytest.CaptureFixture[str]) -> None:
    cache = site / "metadata" / "papers.json"
    code, err = refresh(site, capsys)
    assert code == 0, err
    assert "fetched 3, not found 1, failed 0, from cache 0" in err
    assert "refresh: 4/4 papers" in err  # progress line (stderr is not a terminal here)
    assert "not found arxiv:0808.05394" in err
    # four ids, one batch; the unknown id the feed left out is asked once more, alone
    assert len(server.seen) == 2
    data = json.loads(cache.read_text(encoding="utf-8"))
    assert data["schema"] == 1 and sorted(data["papers"]) == PAPERS
    assert data["papers"]["arxiv:0808.05394"] == {"status": "not_found", "source": "arxiv"}
    assert "Dirk Wübben" in cache.read_text(encoding="utf-8")  # UTF-8, not \\u escapes
    assert os.listdir(cache.parent) == ["papers.json"]  # atomic: no temporary left behind
    first = cache.read_bytes()

    code, err = refresh(site, capsys)
    assert code == 0
    assert "fetched 0, not found 0, failed 0, from cache 4" in err
    assert "0 request(s)" in err and "unchanged" in err
    assert len(server.seen) == 2  # the second run asked nothing
    assert cache.read_bytes() == first

    code, err = refresh(site, capsys, "--all")
    assert code == 0 and "fetched 3, not found 1" in err
    assert len(server.seen) == 4
    assert cache.read_bytes() == first  # same answers, byte-identical file


def test_refresh_one_id(site: Path, server: Server, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = refresh(site, capsys, "--id", "https://arxiv.org/abs/1707.08567v1")
    assert code == 0 and "fetched 1, not found 0, failed 0, from cache 0" in err
    assert [s.args["id_list"] for s in server.seen] == [["1707.08567"]]
    assert list(load_cache(site / "metadata" / "papers.json")) == ["arxiv:1707.08567"]


def test_refresh_rejects_a_bad_id(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = refresh(site, capsys, "--id", "2007.1")
    assert code == 2 and "not an arXiv, OpenReview or DOI id" in err


def test_failures_are_reported_not_recorded(
        site: Path, server: Server, capsys: pytest.CaptureFixture[str]) -> None:
    server.route("/api/query", lambda r: Response("maintenance", status=404))
    code, err = refresh(site, capsys)
    assert code == 1
    assert "failed 4" in err and "failed arxiv:1605.08386: arXiv answered HTTP 404" in err
    assert not (site / "metadata" / "papers.json").exists()  # nothing learnt, nothing written


def test_offline_refresh_sends_nothing(
        site: Path, server: Server, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIGESTWIKI_OFFLINE", "1")
    code, err = refresh(site, capsys)
    assert code == 0 and server.seen == []
    assert "skipped 4 (offline)" in err
    assert not (site / "metadata").exists()


def test_broken_cache_is_a_clear_error(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cache = site / "metadata" / "papers.json"
    cache.parent.mkdir()
    cache.write_text("{ not json", encoding="utf-8")
    code, err = refresh(site, capsys)
    assert code == 2 and "papers.json:1: the metadata cache is not valid JSON" in err
    assert cache.read_text(encoding="utf-8") == "{ not json"


class _Terminal:
    def __init__(self) -> None:
        self.text = ""

    def isatty(self) -> bool:
        return True

    def write(self, s: str) -> None:
        self.text += s

    def flush(self) -> None:
        pass


def test_progress_on_a_terminal_rewrites_one_line() -> None:
    out = _Terminal()
    progress, finish = stderr_progress(out)  # type: ignore[arg-type]
    progress(100, 250)
    progress(250, 250)
    finish()
    assert out.text == ("\r[############..................] refresh: 100/250 papers"
                        "\r[##############################] refresh: 250/250 papers\n")

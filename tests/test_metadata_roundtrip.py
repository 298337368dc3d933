"""Round trip: `digestwiki refresh` against a local server, then builds that use no network.

The builds run in-process with every socket connection refused, so any request, by the
plugin or anything it calls, fails the test.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from pybtex.database import parse_string
from werkzeug import Request, Response

from conftest_metadata import (
    Server,
    recorded_arxiv,
    use_local_services,
)
from digestwiki.cli import main

NOTE = """\
이번 주.
https://arxiv.org/abs/1605.08386
Heat-bath random walks (Caprice Stanley)
코멘트. 관련: https://arxiv.org/abs/astro-ph/0601001v1 참고.
"""
POST = """\
---
layout: post
title: ICLR picks
date: 2020-01-07
---
###  <a href="https://openreview.net/pdf?id=Skxuk1rFwB">\
<b> 1. Towards Stable Training (Poster) </b></a>
- 좋다.
###  <a href="https://openreview.net/forum?id=HkMarkov01">\
<b> 2. Heat-bath random walks with Markov bases (Poster) </b></a>
- arXiv 버전과 같은 논문.
"""
PROVIDER_BIBTEX = ("@inproceedings{\nZhang2020Towards,\ntitle={Towards Stable and Efficient "
                   "Training of Verifiably Robust Neural Networks},\nauthor={Huan Zhang and "
                   "Hongge Chen and Chaowei Xiao},\nbooktitle={International Conference on "
                   "Learning Representations},\nyear={2020},\nurl={https://openreview.net/forum"
                   "?id=Skxuk1rFwB}\n}")


def v2_note(forum: str, title: str, authors: list[str]) -> dict[str, object]:
    return {
        "id": forum, "forum": forum, "cdate": 1569441600000, "pdate": 1577836800000,
        "content": {
            "title": {"value": title}, "authors": {"value": authors},
            "abstract": {"value": "An abstract."},
            "venue": {"value": "ICLR 2020 Conference Poster"},
            "venueid": {"value": "ICLR.cc/2020/Conference"},
            "_bibtex": {"value": PROVIDER_BIBTEX},
        },
    }


NOTES = {
    "Skxuk1rFwB": v2_note("Skxuk1rFwB", "Towards Stable and Efficient Training of Verifiably "
                          "Robust Neural Networks", ["Huan Zhang", "Hongge Chen", "Chaowei Xiao"]),
    # The same paper as arXiv 1605.08386: one page, the OpenReview id an alias.
    "HkMarkov01": v2_note("HkMarkov01", "Heat-bath random walks with Markov bases",
                          ["Caprice Stanley", "Tobias Windisch"]),
}


@pytest.fixture
def server(_http: Server) -> Server:
    srv = _http.reset()
    srv.route("/api/query", recorded_arxiv())

    def notes(request: Request) -> Response:
        note = NOTES.get(request.args["id"])
        body = {"notes": [note] if note else [], "count": 1 if note else 0}
        return Response(json.dumps(body), content_type="application/json")

    srv.route("/v2/notes", notes)
    return srv


@pytest.fixture
def site(tmp_path: Path, server: Server, monkeypatch: pytest.MonkeyPatch) -> Path:
    use_local_services(monkeypatch, server)
    monkeypatch.setenv("DIGESTWIKI_DELAY", "0")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    (tmp_path / "docs/digests").mkdir(parents=True)
    (tmp_path / "docs/index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "docs/digests/2020-07-01-weekly.txt").write_text(NOTE, encoding="utf-8")
    (tmp_path / "docs/digests/2020-01-07-iclr.md").write_text(POST, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Round trip\ntheme:\n  name: material\n  font: false\n"
        "plugins:\n  - search\n  - digestwiki\n", encoding="utf-8")
    return tmp_path


@contextlib.contextmanager
def forbid_network() -> Iterator[list[object]]:
    """Refuse (and record) every outgoing connection while the block runs."""
    attempts: list[object] = []
    real = socket.socket.connect

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError(f"test forbids network use (connect to {address!r})")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    try:
        yield attempts
    finally:
        socket.socket.connect = real  # type: ignore[method-assign]


def offline_build(site: Path, **overrides: object) -> Path:
    config = load_config(str(site / "mkdocs.yml"), site_dir=str(site / "site"), **overrides)
    mkdocs_build(config)
    return site / "site"


def test_refresh_then_offline_build_shows_fetched_metadata(
        site: Path, server: Server, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["refresh", "--config", str(site / "mkdocs.yml")]) == 0, capsys.readouterr().err
    assert len(server.seen) == 3  # one arXiv batch, one OpenReview note each
    cache = json.loads((site / "metadata/papers.json").read_text(encoding="utf-8"))
    assert set(cache["papers"]) == {"arxiv:1605.08386", "arxiv:astro-ph/0601001",
                                    "openreview:Skxuk1rFwB", "openreview:HkMarkov01"}

    with forbid_network() as attempts:
        out = offline_build(site)
    assert attempts == []

    data = json.loads((out / "papers.json").read_text(encoding="utf-8"))
    papers = {p["id"]: p for p in data["papers"]}
    # Fetched title and authors win over the digest's wording.
    markov = papers["arxiv:1605.08386"]
    assert markov["title"] == "Heat-bath random walks with Markov bases"
    assert markov["authors"] == ["Caprice Stanley", "Tobias Windisch"]
    # One page per paper: the OpenReview id is an alias of the arXiv one.
    assert "openreview:HkMarkov01" not in papers and markov["aliases"] == ["openreview:HkMarkov01"]
    assert {m["digest"] for m in markov["mentions"]} == {"2020-07-01-weekly", "2020-01-07-iclr"}
    alias_page = (out / "papers/openreview-HkMarkov01/index.html").read_text(encoding="utf-8")
    assert "../arxiv-1605-08386/" in alias_page
    iclr_digest = (out / "digests/2020-01-07-iclr/index.html").read_text(encoding="utf-8")
    assert 'href="../../papers/arxiv-1605-08386/"' in iclr_digest

    # Venue-aware BibTeX for the accepted OpenReview paper, the provider's own entry beside it.
    robust = papers["openreview:Skxuk1rFwB"]
    entry = parse_string(robust["bibtex"], "bibtex").entries[robust["bibtex_key"]]
    assert entry.type == "inproceedings"
    assert entry.fields["booktitle"] == "International Conference on Learning Representations"
    assert entry.fields["year"] == "2020"
    assert robust["bibtex_key"] == "zhang2020stable"
    page = (out / "papers/openreview-Skxuk1rFwB/index.html").read_text(encoding="utf-8")
    assert "Huan Zhang, Hongge Chen, Chaowei Xiao" in page
    assert "ICLR 2020 Conference Poster" in page
    # The provider's BibTeX, verbatim, in a second tab beside ours (each with its copy button).
    # Outer tabs: our published version (BibTeX, BibLaTeX, plain text inside), then theirs.
    labels = [x.replace("&#39;", "'") for x in re.findall(r"<label[^>]*>([^<]+)</label>", page)]
    assert labels[:5] == ["Published version", "OpenReview's own", "BibTeX", "BibLaTeX",
                          "Plain text"]
    theirs = page.split('class="tabbed-block"')[-1]
    assert "Zhang2020Towards" in theirs and "zhang2020stable" not in theirs
    assert "An abstract." in page
    arxiv_page = (out / "papers/arxiv-1605-08386/index.html").read_text(encoding="utf-8")
    assert "math.CO" in arxiv_page or "math.ST" in arxiv_page or "arXiv category" in arxiv_page
    bib = parse_string((out / "papers.bib").read_text(encoding="utf-8"), "bibtex")
    assert set(bib.entries) == {p["bibtex_key"] for p in data["papers"]}


def test_warm_publishing_build_makes_zero_requests(
        site: Path, server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["refresh", "--config", str(site / "mkdocs.yml")]) == 0  # warm the cache
    seen = len(server.seen)
    monkeypatch.setenv("DIGESTWIKI_FETCH", "1")  # the publishing build: fetch what is missing
    with forbid_network() as attempts:
        offline_build(site)
    assert attempts == [] and len(server.seen) == seen
    # The default build (fetch off) with a cold cache makes none either.
    (site / "metadata/papers.json").unlink()
    monkeypatch.delenv("DIGESTWIKI_FETCH")
    with forbid_network() as attempts:
        offline_build(site)
    assert attempts == [] and len(server.seen) == seen


def test_fetching_build_survives_a_dead_service(site: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIGESTWIKI_FETCH", "1")
    monkeypatch.setenv("DIGESTWIKI_TIMEOUT", "1")
    with forbid_network() as attempts:
        out = offline_build(site, strict=True)  # refused everywhere: a strict build still passes
    assert attempts, "the build should have tried to fetch"
    data = json.loads((out / "papers.json").read_text(encoding="utf-8"))
    papers = {p["id"]: p for p in data["papers"]}
    assert papers["arxiv:1605.08386"]["title"] == "Heat-bath random walks"  # the digest's words
    assert not (site / "metadata/papers.json").exists() or json.loads(
        (site / "metadata/papers.json").read_text(encoding="utf-8"))["papers"] == {}

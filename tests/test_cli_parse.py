"""`digestwiki parse`: what a contributor sees of a note, as JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import REPO, env


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "digestwiki.cli", *args], capture_output=True,
                          text=True, cwd=cwd, env=env(), timeout=60)


def test_parse_prints_date_title_reviews_and_mentions() -> None:
    result = run("parse", "docs/digests/2021-05-08-recent-papers.md")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["date"], data["title"]) == ("2021-05-08", "최근 논문들에 대한 생각")
    assert data["reviewed"][0] == {
        "id": "arxiv:2105.01883",
        "title": "RepMLP: Re-parameterizing Convolutions into Fully-connected Layers for Image "
                 "Recognition",
        "authors": [],
        "line": 7,
    }
    assert {"id": "arxiv:2105.01601", "line": 3} in data["mentions"]
    assert data["problems"] == []


def test_parse_several_files_gives_a_list(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("https://arxiv.org/abs/2101.00001\nSome Paper Title (Ada Lovelace)\n",
                    encoding="utf-8")
    result = run("parse", str(note), "docs/digests/2020-07-late-july-digest.txt")
    data = json.loads(result.stdout)
    assert [d["reviewed"][0]["authors"] for d in data][0] == ["Ada Lovelace"]
    assert len(data) == 2


def test_missing_file_is_a_message_not_a_traceback() -> None:
    result = run("parse", "docs/digests/nope.txt")
    assert result.returncode == 2
    assert "docs/digests/nope.txt: no such file" in result.stderr
    assert "Traceback" not in result.stderr

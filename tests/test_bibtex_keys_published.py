"""A key, once published, never moves: the deploy -> pull request -> deploy sequence, played
with real MkDocs builds, a local arXiv server and the files a repository would commit."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from pybtex.database import parse_string
from werkzeug import Request, Response

from conftest import build, make_site, warnings_of
from conftest_metadata import Server, atom, id_list, make_feed, synthetic_entry
from digestwiki.cli import main

# The first note names no authors: title and authors come from arXiv ("Paper 2001.00001",
# Ada Lovelace, 2020), so the paper's key would be lovelace2020paper.
FIRST = "https://arxiv.org/abs/2001.00001\nThings: A Paper\n\n좋은 논문.\n"
# A later note: same surname, year and first word, known from the note alone.
SECOND = "https://arxiv.org/abs/2001.00002\nPaper Trail (Ada Lovelace)\n"
COMMITTED = ("bibkeys.json", "metadata/papers.json")


def synthetic_arxiv(request: Request) -> Response:
    return atom(make_feed([synthetic_entry(i) for i in id_list(request)]))


def deploy(root: Path, server: Server) -> dict[str, str]:
    """The publishing build: fetch on, on a checkout of what is committed; what it writes is
    thrown away with the runner. Returns {key: eprint} of the published papers.bib."""
    committed = {name: (root / name).read_bytes() if (root / name).exists() else None
                 for name in COMMITTED}
    result = build(root, extra_env={
        "DIGESTWIKI_OFFLINE": "0", "DIGESTWIKI_FETCH": "1", "DIGESTWIKI_DELAY": "0",
        "DIGESTWIKI_ARXIV_API": server.url("/api/query")})
    assert result.returncode == 0, result.stderr
    assert not warnings_of(result), result.stderr
    bib = parse_string((root / "site/papers.bib").read_text(encoding="utf-8"), "bibtex")
    for name, data in committed.items():  # the runner's checkout is gone
        if data is None:
            (root / name).unlink(missing_ok=True)
        else:
            (root / name).write_bytes(data)
    shutil.rmtree(root / "site")
    return {key: entry.fields["eprint"] for key, entry in bib.entries.items()}


def pull_request_build(root: Path) -> None:
    """A contributor's local build (fetch off): it pins keys, and bibkeys.json is committed."""
    result = build(root)
    assert result.returncode == 0, result.stderr


def test_deploy_then_pull_request_then_deploy_never_moves_a_published_key(
        tmp_path: Path, server: Server) -> None:
    server.route("/api/query", synthetic_arxiv)
    root = make_site(tmp_path, {"2020-01-10-first.txt": FIRST})

    first = deploy(root, server)
    # Fetched at deploy, pinned nowhere: the first paper is cited by its id, not by a key that
    # a later pull request could give to another paper.
    assert first == {"arxiv:2001.00001": "2001.00001"}
    assert not (root / "bibkeys.json").exists()

    (root / "docs/digests/2020-01-20-second.txt").write_text(SECOND, encoding="utf-8")
    pull_request_build(root)
    pinned = json.loads((root / "bibkeys.json").read_text(encoding="utf-8"))["keys"]
    assert pinned == {"arxiv:2001.00002": "lovelace2020paper"}

    second = deploy(root, server)
    for key, eprint in first.items():  # every key published before cites the same paper
        assert second[key] == eprint
    assert second == {"arxiv:2001.00001": "2001.00001", "lovelace2020paper": "2001.00002"}

    # The first paper gets its final key once its metadata and key are committed (the
    # refresh pull request runs `digestwiki refresh` and `digestwiki keys`); the lint of
    # that state asks for it until then.
    config = str(root / "mkdocs.yml")
    assert main(["keys", "--config", config, "--check"]) == 0  # nothing known to pin yet
    records = {"arxiv:2001.00001": {"status": "found", "source": "arxiv",
                                    "title": "Paper 2001.00001", "authors": ["Ada Lovelace"],
                                    "year": 2020}}
    (root / "metadata").mkdir(exist_ok=True)
    (root / "metadata/papers.json").write_text(json.dumps({"schema": 1, "papers": records}),
                                               encoding="utf-8")
    assert main(["keys", "--config", config, "--check"]) == 1
    assert main(["keys", "--config", config]) == 0
    third = deploy(root, server)
    assert third == {"lovelace2020paper": "2001.00002", "lovelace2020papera": "2001.00001"}


def test_lint_says_when_the_registry_must_be_committed(
        tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    root = make_site(tmp_path, {"2020-01-20-second.txt": SECOND})
    monkeypatch.chdir(root)
    assert main(["lint", "docs/digests/2020-01-20-second.txt"]) == 0
    out = capsys.readouterr().out
    assert ("docs/digests/2020-01-20-second.txt:1: warning: arxiv:2001.00002 has no pinned "
            "BibTeX key: bibkeys.json must be committed: run `digestwiki keys`") in out
    assert main(["keys"]) == 0
    capsys.readouterr()
    assert main(["lint", "docs/digests/2020-01-20-second.txt"]) == 0
    assert "must be committed" not in capsys.readouterr().out


def test_a_hand_edited_registry_stops_the_build_with_the_file_and_paper(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"2020-01-20-second.txt": SECOND}, files={
        "bibkeys.json": '{"schema": 2, "keys": {\n  "arxiv:2001.00002": null\n}}\n'})
    result = build(root, strict=False)
    assert result.returncode != 0
    assert "bibkeys.json:2: arxiv:2001.00002: the key is null, not a string" in result.stderr
    assert "Traceback" not in result.stderr and "report" not in result.stderr

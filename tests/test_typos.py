"""Typos in paper links: the line checks, and `digestwiki lint` reporting them as file:line.

Every note here is written by the test; the ids are made up, only their shapes are real.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from digestwiki.cli import main
from digestwiki.metadata.cache import dumps
from digestwiki.typos import (
    IdIndex,
    arxiv_id_problems,
    check_line,
    edit_distance,
    host_problems,
    near_id_problems,
)


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("arxiv", "arxiv", 0), ("arxive", "arxiv", 1), ("openreveiw", "openreview", 1),
     ("openrevew", "openreview", 1), ("rog", "org", 1), ("abc", "cab", 2), ("", "doi", 3)],
)
def test_edit_distance(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b) == distance == edit_distance(b, a)


# --- arXiv ids of the wrong length ------------------------------------------------------------


def test_four_digit_arxiv_id_after_2015() -> None:
    line = "[Widgets](https://arxiv.org/abs/2106.1019) 참고"
    [typo] = arxiv_id_problems(line)
    assert line[typo.start:typo.end] == "https://arxiv.org/abs/2106.1019"
    assert typo.severity == "warning"
    assert "2106.1019 has 4 digits after the dot" in typo.message
    assert "since January 2015 (1501) have 5" in typo.message
    [typo] = arxiv_id_problems("see arXiv:1501.0001.")
    assert "1501.0001 has 4 digits" in typo.message


@pytest.mark.parametrize("line", [
    "https://arxiv.org/abs/2106.01019", "arXiv:1412.6980", "https://arxiv.org/abs/1412.6980v9",
    "https://arxiv.org/abs/hep-th/9901001", "https://arxiv.org/abs/1501.00001",
    "https://openreview.net/forum?id=2106.1019",
])
def test_arxiv_ids_of_the_right_length_pass(line: str) -> None:
    assert arxiv_id_problems(line) == []


def test_five_digits_before_2015_and_a_month_that_does_not_exist() -> None:
    [typo] = arxiv_id_problems("https://arxiv.org/abs/1412.06980")
    assert "1412.06980 has 5 digits after the dot, but ids before 2015 have 4" in typo.message
    [typo] = arxiv_id_problems("https://arxiv.org/abs/2113.01234")
    assert "2113.01234 names month 13, which does not exist" in typo.message


# --- near misses of a paper host --------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "host", "fixed"),
    [
        ("https://arxive.org/abs/2106.09999", "arxive.org", "https://arxiv.org/abs/2106.09999"),
        ("(https://arxiv.com/pdf/2106.09999.pdf)", "arxiv.com",
         "https://arxiv.org/pdf/2106.09999.pdf"),
        ("https://www.arxiv.og/abs/2106.09999", "www.arxiv.og",
         "https://www.arxiv.org/abs/2106.09999"),
        ("https://openrevew.net/forum?id=AbCdEf123", "openrevew.net",
         "https://openreview.net/forum?id=AbCdEf123"),
        ("https://openreveiw.net/pdf?id=AbCdEf123", "openreveiw.net",
         "https://openreview.net/pdf?id=AbCdEf123"),
        ("https://doi.rog/10.1145/1234.5678", "doi.rog", "https://doi.org/10.1145/1234.5678"),
        ("aclanthology.ogr/P19-1001.pdf", "aclanthology.ogr", "aclanthology.org/P19-1001.pdf"),
        ("https://hugginface.co/papers/2511.09999", "hugginface.co",
         "https://huggingface.co/papers/2511.09999"),
    ],
)
def test_near_miss_hosts(line: str, host: str, fixed: str) -> None:
    [typo] = host_problems(line)
    assert typo.message.startswith(f"'{host}' looks like a typo of ")
    assert typo.message.endswith(f"is not read as a paper: write {fixed}")
    assert line[typo.start:typo.end] == fixed.replace(fixed.split("/")[2] if "://" in fixed
                                                      else fixed.split("/")[0], host)


@pytest.mark.parametrize("line", [
    "https://arxiv.org/abs/2106.09999",
    "https://ar5iv.org/abs/2106.09999",  # a real arXiv mirror one letter away
    "https://www.alphaxiv.org/abs/2106.09999",
    "https://www.biorxiv.org/content/10.1101/2020.01.01.123456v1",
    "https://arxive.org/about",  # the look-alike, but not a paper path
    "https://github.com/someone/arxive.org/abs/2106.09999",
    "https://doi.com/about",
    "https://dot.org/news/10.5",
    "https://openreview.net/forum?id=AbCdEf123",
    "https://huggingface.co/someone/model",
])
def test_real_hosts_and_other_paths_are_not_near_misses(line: str) -> None:
    assert host_problems(line) == []


# --- did you mean ----------------------------------------------------------------------------


def test_the_index_finds_ids_one_edit_away() -> None:
    index = IdIndex(["arxiv:2106.09990", "arxiv:2106.9999", "arxiv:2106.099999",
                     "arxiv:2106.90999", "arxiv:2016.09999", "arxiv:2106.00000",
                     "arxiv:2106.09999", "doi:2106.09998", "openreview:AbCdEf12",
                     "url:https://a.example/"])
    assert index.near("arxiv:2106.09999") == [  # substitute, delete, insert, swap; not itself
        "arxiv:2016.09999", "arxiv:2106.09990", "arxiv:2106.099999", "arxiv:2106.90999",
        "arxiv:2106.9999"]
    assert index.near("openreview:AbCdEf123") == ["openreview:AbCdEf12"]
    assert index.near("url:https://a.example/x") == []
    assert "arxiv:2106.00000" in index and "arxiv:2106.00001" not in index


def test_did_you_mean_an_id_the_wiki_knows() -> None:
    known = IdIndex({"arxiv:2106.09999", "openreview:AbCdEf123"})
    [typo] = near_id_problems("[W](https://arxiv.org/abs/2106.09989)", known)
    assert typo.severity == "notice"
    assert typo.message == ("arxiv:2106.09989 is one character from arxiv:2106.09999 (no other "
                            "note and no metadata record has it): did you mean arxiv:2106.09999?")
    [typo] = near_id_problems("https://openreview.net/forum?id=AbCdfE123", known,
                              missing={"openreview:AbCdfE123"})
    assert typo.severity == "warning"
    assert "(the metadata service found no such paper): did you mean openreview:AbCdEf123?" in (
        typo.message)
    assert near_id_problems("https://arxiv.org/abs/2106.09999", known) == []
    assert near_id_problems("https://arxiv.org/abs/2106.01234", known) == []


def test_check_line_orders_by_position() -> None:
    line = "https://arxive.org/abs/2106.09999 and arXiv:2106.1019"
    typos = check_line(line, IdIndex({"arxiv:2106.10199"}))
    assert [line[t.start:t.end] for t in typos] == [
        "https://arxive.org/abs/2106.09999", "arXiv:2106.1019", "arXiv:2106.1019"]
    assert "4 digits" in typos[1].message and "did you mean arxiv:2106.10199" in typos[2].message


# --- digestwiki lint ----------------------------------------------------------------------------

FIRST = """https://arxiv.org/abs/2106.09999
Widget Adaptation of Large Models (Ada Kim, Bo Lee)
위젯을 작게 만든다.
https://openreview.net/forum?id=AbCdEf123
Sparse Widgets Are Enough (Cy Park)
좋은 논문.
"""


@pytest.fixture
def wiki(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for var in ("DIGESTWIKI_OFFLINE", "DIGESTWIKI_FETCH"):
        monkeypatch.delenv(var, raising=False)
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\nplugins:\n  - digestwiki\n",
                                         encoding="utf-8")
    (tmp_path / "docs" / "digests").mkdir(parents=True)
    (tmp_path / "docs" / "digests" / "2021-06-20-first.txt").write_text(FIRST, encoding="utf-8")
    return tmp_path


def lint(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    capsys.readouterr()
    code = main(["lint", *args])
    out = capsys.readouterr().out
    # The typo findings only: a new paper's "no pinned BibTeX key" is another check's.
    return code, [line for line in out.splitlines() if line.startswith("docs/")
                  and line.split(": ")[1:2] in (["error"], ["warning"], ["notice"])
                  and "has no pinned BibTeX key" not in line]


def test_lint_reports_typos_with_file_and_line(wiki: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = "docs/digests/2021-06-27-second.txt"
    (wiki / path).write_text(
        "https://arxiv.org/abs/2106.1019\n"
        "Widget Tokens (Dee Choi)\n"
        "코멘트.\n"
        "https://arxive.org/abs/2106.05555 도 볼 것.\n"
        "https://arxiv.org/abs/2106.09989\n"
        "Widget Adaptation of Large Models (Ada Kim, Bo Lee)\n"
        "같은 논문 같다.\n"
        "```\nhttps://arxiv.org/abs/2106.1018\n```\n",
        encoding="utf-8")
    code, problems = lint(capsys, path)
    assert code == 0  # warnings and notices do not fail the check...
    assert problems == [
        f"{path}:1: warning: arXiv id 2106.1019 has 4 digits after the dot, but ids since "
        "January 2015 (1501) have 5: a digit is missing (check the id on arxiv.org)",
        f"{path}:4: warning: 'arxive.org' looks like a typo of arxiv.org, so this arXiv link is "
        "not read as a paper: write https://arxiv.org/abs/2106.05555",
        f"{path}:5: notice: arxiv:2106.09989 is one character from arxiv:2106.09999 (no other "
        "note and no metadata record has it): did you mean arxiv:2106.09999?",
    ]
    code, _ = lint(capsys, "--strict", path)
    assert code == 1  # ...unless --strict


def test_lint_github_format_annotates_typos(wiki: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = "docs/digests/2021-06-27-second.txt"
    (wiki / path).write_text("https://arxiv.org/abs/2106.09998\nWidget Things (Dee Choi)\n",
                             encoding="utf-8")
    capsys.readouterr()
    main(["lint", "--format", "github", path])
    out = capsys.readouterr().out
    assert (f"::notice file={path},line=1,title=digestwiki lint::arxiv:2106.09998 is one "
            "character from arxiv:2106.09999") in out


def test_lint_uses_the_metadata_cache(wiki: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = "docs/digests/2021-06-27-second.txt"
    (wiki / path).write_text("https://arxiv.org/abs/2106.09998\nWidget Things (Dee Choi)\n",
                             encoding="utf-8")
    cache = wiki / "metadata" / "papers.json"
    cache.parent.mkdir()
    # The service found the paper: a real neighbour of another id, not a typo.
    cache.write_text(dumps({"arxiv:2106.09998": {"status": "found", "source": "arxiv",
                                                 "title": "Widget Things"}}), encoding="utf-8")
    assert lint(capsys, path) == (0, [])
    # The service said there is no such paper: the suggestion becomes a warning.
    cache.write_text(dumps({"arxiv:2106.09998": {"status": "not_found", "source": "arxiv"}}),
                     encoding="utf-8")
    code, problems = lint(capsys, path)
    assert problems == [
        f"{path}:1: warning: arxiv:2106.09998 is one character from arxiv:2106.09999 (the "
        "metadata service found no such paper): did you mean arxiv:2106.09999?"]
    # An id only the cache knows is a suggestion too.
    (wiki / "docs" / "digests" / "2021-06-20-first.txt").unlink()
    cache.write_text(dumps({"arxiv:2106.09999": {"status": "found", "source": "arxiv"}}),
                     encoding="utf-8")
    code, problems = lint(capsys, path)
    assert [p.split(": ", 2)[1] for p in problems] == ["notice"]


def test_an_id_only_this_note_uses_twice_is_not_a_typo(
        wiki: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = "docs/digests/2021-06-27-second.txt"
    (wiki / path).write_text("https://arxiv.org/abs/2107.00001\nOne (A B)\n\n"
                             "https://arxiv.org/abs/2107.00002\nTwo (C D)\n", encoding="utf-8")
    assert lint(capsys, path) == (0, [])

"""`digestwiki lint`: each problem a contributor can make, the exit codes and the output formats.

Every test builds a small wiki (mkdocs.yml, docs/digests, metadata cache) in a temporary
folder and runs the command line in-process, the way a contributor or the workflow does.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from digestwiki.cli import main
from digestwiki.lint import (
    Finding,
    escape_data,
    escape_property,
    github_annotation,
    normal_title,
)
from digestwiki.metadata.cache import dumps
from digestwiki.parse import parse_digest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "docs" / "digests"

GOOD = """이번 주 분량.
https://arxiv.org/abs/2007.10909
SliceOut: Training Transformers and CNNs faster while using less memory (Pascal Notin)
채널 일부만 잘라서 forward. memo(https://arxiv.org/abs/2001.10913) 이후로 오랜만.
https://arxiv.org/abs/2007.10396
NSGANetV2: Evolutionary Multi-Objective Surrogate-Assisted Neural Architecture Search (Zhichao Lu)
기존 nas 알고리즘들을 끌어와 조합하고 개선한 방향의 연구.
"""


class Wiki:
    """A throwaway wiki folder; ``run`` is `digestwiki lint ARGS` from inside it."""

    def __init__(self, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.root = root
        self.capsys = capsys
        (root / "mkdocs.yml").write_text("site_name: Test\nplugins:\n  - digestwiki\n",
                                         encoding="utf-8")
        self.digests = root / "docs" / "digests"
        self.digests.mkdir(parents=True)
        # The committed key registry pins the papers of GOOD (else lint asks to commit keys).
        (root / "bibkeys.json").write_text(json.dumps({"schema": 2, "keys": {
            "arxiv:2007.10909": "notin2020sliceout", "arxiv:2007.10396": "lu2020nsganetv2"}}),
            encoding="utf-8")

    def note(self, name: str, text: str) -> str:
        path = self.digests / name
        path.write_text(text, encoding="utf-8")
        return f"docs/digests/{name}"

    def cache(self, records: dict[str, dict[str, object]]) -> None:
        path = self.root / "metadata" / "papers.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dumps(records), encoding="utf-8")

    def run(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(["lint", *args])
        out, err = self.capsys.readouterr()
        return code, out, err


@pytest.fixture
def wiki(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
         capsys: pytest.CaptureFixture[str]) -> Wiki:
    monkeypatch.chdir(tmp_path)
    for var in ("DIGESTWIKI_OFFLINE", "DIGESTWIKI_FETCH"):
        monkeypatch.delenv(var, raising=False)
    return Wiki(tmp_path, capsys)


def problem_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("docs/") and ": " in line
            and line.split(": ")[1] in ("error", "warning", "notice")]


# --- what the wiki will create ---------------------------------------------------------------


def test_good_note_shows_what_the_wiki_creates(wiki: Wiki) -> None:
    path = wiki.note("2020-07-24-late-july.txt", GOOD)
    code, out, _ = wiki.run(path)
    assert code == 0
    assert f"{path}  [plaintext]" in out
    assert "date:   2020-07-24" in out
    assert "title:  Late July" in out
    assert "reviews 2 papers" in out
    assert "arxiv:2007.10909" in out and "SliceOut: Training Transformers" in out
    assert "arxiv:2007.10396" in out and "NSGANetV2" in out
    assert "mentions 1 paper" in out and "arxiv:2001.10913 (4)" in out
    assert problem_lines(out) == []
    assert "1 note, 2 reviewed papers: 0 error(s), 0 warning(s), 0 notice(s)" in out


def test_default_is_every_note_of_the_wiki(wiki: Wiki) -> None:
    wiki.note("2020-07-24-a.txt", GOOD)
    wiki.note("2020-07-25-b.txt", GOOD)
    (wiki.digests / "figure.png").write_bytes(b"\x89PNG")
    code, out, _ = wiki.run()
    assert code == 0
    assert "docs/digests/2020-07-24-a.txt" in out and "docs/digests/2020-07-25-b.txt" in out
    assert "figure.png" not in out
    assert "2 notes, 4 reviewed papers" in out


def test_a_folder_means_the_notes_in_it(wiki: Wiki) -> None:
    wiki.note("2020-07-24-a.txt", GOOD)
    code, out, _ = wiki.run("docs/digests")
    assert code == 0 and "1 note, 2 reviewed papers" in out


# --- problems the parser finds, reported with file and line -----------------------------------


def test_no_paper_found_is_an_error(wiki: Wiki) -> None:
    path = wiki.note("2020-07-24-empty.txt", "오늘은 읽은 논문이 없다.\n그냥 생각만.\n")
    code, out, _ = wiki.run(path)
    assert code == 1
    assert f"{path}:1: error: no paper found" in out


def test_mistyped_arxiv_id_is_an_error_on_its_line(wiki: Wiki) -> None:
    text = GOOD + "https://arxiv.org/abs/2006.162360\nA Paper With A Typo In Its Link (Kim Lee)\n"
    path = wiki.note("2020-07-24-typo.txt", text)
    code, out, _ = wiki.run(path)
    assert code == 1
    typo = [p for p in problem_lines(out) if "2006.162360" in p]
    assert typo == [f"{path}:8: error: 'https://arxiv.org/abs/2006.162360' looks like a paper "
                    "link but its id is not understood (a typo?)"]


def test_mistyped_link_in_commentary_is_reported_once(wiki: Wiki) -> None:
    text = GOOD + ("비교: https://arxiv.org/abs/2001.10913 그리고 "
                   "https://arxiv.org/abs/1905.123456 참고.\n")
    path = wiki.note("2020-07-24-typo.txt", text)
    code, out, _ = wiki.run(path)
    assert code == 1
    assert [p for p in problem_lines(out) if "1905.123456" in p] == [
        f"{path}:8: error: 'https://arxiv.org/abs/1905.123456' looks like a paper link but its "
        "id is not understood (a typo?)"]


def test_links_in_code_blocks_are_not_checked(wiki: Wiki) -> None:
    text = "# Notes\n\n" + GOOD + "\n```\nhttps://arxiv.org/abs/2006.162360\n```\n"
    code, out, _ = wiki.run(wiki.note("2020-07-24-code.md", text))
    assert code == 0 and problem_lines(out) == []


def test_same_paper_reviewed_twice_is_an_error(wiki: Wiki) -> None:
    text = GOOD + ("https://arxiv.org/abs/2007.10909\n"
                   "SliceOut: Training Transformers and CNNs faster (Pascal Notin)\n")
    path = wiki.note("2020-07-24-twice.txt", text)
    code, out, _ = wiki.run(path)
    assert code == 1
    assert (f"{path}:8: error: arxiv:2007.10909 is reviewed twice in this note "
            "(first on line 2)") in out


def test_undeterminable_date_is_an_error(wiki: Wiki) -> None:
    text = ("https://openreview.net/forum?id=BkluqlSFDS\n"
            "Federated Learning with Matched Averaging (Hongyi Wang, Mikhail Yurochkin)\n"
            "좋은 논문.\n")
    path = wiki.note("misc-notes.txt", text)
    code, out, _ = wiki.run(path)
    assert code == 1
    assert f"{path}:1: error: the note's date cannot be determined" in out
    assert "date:   unknown" in out


def test_broken_front_matter_is_an_error(wiki: Wiki) -> None:
    path = wiki.note("2020-07-24-broken.md", "---\ntitle: [unclosed\n---\n" + GOOD)
    code, out, _ = wiki.run(path)
    assert code == 1
    assert any(": error: front matter is not valid YAML" in p for p in problem_lines(out))


def test_entry_without_title_is_a_warning_only(wiki: Wiki) -> None:
    text = GOOD + "\n\nhttps://arxiv.org/abs/2007.11576\n\n\n\n코멘트만 있다.\n"
    path = wiki.note("2020-07-24-untitled.txt", text)
    code, out, _ = wiki.run(path)
    assert code == 0
    assert any(": warning: no title found for arxiv:2007.11576" in p for p in problem_lines(out))
    assert "(no title found)" in out
    code, _, _ = wiki.run("--strict", path)
    assert code == 1


# --- checks across notes and against the metadata cache ----------------------------------------


def test_title_differing_from_the_cache_is_a_warning(wiki: Wiki) -> None:
    wiki.cache({
        "arxiv:2007.10909": {"status": "found", "source": "arxiv",
                             "title": "SliceOut: Training Transformers and CNNs faster while "
                                      "using less memory"},
        "arxiv:2007.10396": {"status": "found", "source": "arxiv",
                             "title": "Deep Variational Instance Segmentation"},
    })
    path = wiki.note("2020-07-24-titles.txt", GOOD)
    code, out, _ = wiki.run(path)
    assert code == 0  # a warning: the note may be right and the link wrong, a person decides
    found = [p for p in problem_lines(out) if "differs from its metadata" in p]
    assert len(found) == 1
    assert found[0].startswith(f"{path}:6: warning: the title of arxiv:2007.10396 differs")
    assert '"Deep Variational Instance Segmentation"' in found[0]


def test_title_compare_ignores_case_spacing_and_punctuation(wiki: Wiki) -> None:
    wiki.cache({"arxiv:2007.10909": {
        "status": "found", "source": "arxiv",
        "title": "SliceOut -- training transformers and CNNs faster,\n  while using LESS memory."}})
    path = wiki.note("2020-07-24-titles.txt", GOOD)
    code, out, _ = wiki.run(path)
    assert code == 0
    assert not any("differs" in p for p in problem_lines(out))
    assert normal_title("Do You Even Need Attention?") == normal_title("do you even need attention")
    assert normal_title("BackPACK") != normal_title("BackTRACK")


def test_an_id_recorded_not_found_is_a_warning(wiki: Wiki) -> None:
    wiki.cache({"arxiv:2007.10909": {"status": "not_found", "source": "arxiv"}})
    path = wiki.note("2020-07-24-a.txt", GOOD)
    code, out, _ = wiki.run(path)
    assert code == 0 and problem_lines(out) == [
        f"{path}:2: warning: arxiv:2007.10909: arXiv says there is no such paper (recorded in "
        "the metadata cache): check the link"]


def test_broken_cache_is_a_clear_failure(wiki: Wiki) -> None:
    (wiki.root / "metadata").mkdir()
    (wiki.root / "metadata" / "papers.json").write_text("{not json", encoding="utf-8")
    code, out, err = wiki.run(wiki.note("2020-07-24-a.txt", GOOD))
    assert code == 2 and out == ""
    assert "papers.json" in err and "not valid JSON" in err


def test_two_notes_for_the_same_day_warn(wiki: Wiki) -> None:
    first = wiki.note("2020-07-24-a.txt", GOOD)
    second = wiki.note("2020-07-24-b.md", "# 같은 날\n\n" + GOOD)
    wiki.note("2020-07-25-c.txt", GOOD)
    code, out, _ = wiki.run(second)  # the other note is found even when not named
    assert code == 0
    assert (f"{second}:1: warning: another note is dated 2020-07-24 too ({first})") in out
    code, out, _ = wiki.run()
    assert sum("another note is dated" in p for p in problem_lines(out)) == 2


def test_same_day_in_front_matter_collides_too(wiki: Wiki) -> None:
    first = wiki.note("2020-07-24-a.txt", GOOD)
    other = wiki.note("recap.md", "---\ndate: 2020-07-24\ntitle: Recap\n---\n" + GOOD)
    code, out, _ = wiki.run(other)
    assert code == 0
    assert f"{other}:1: warning: another note is dated 2020-07-24 too ({first})" in out


def test_month_precision_dates_never_collide(wiki: Wiki) -> None:
    wiki.note("2020-07-mid-july.txt", GOOD)
    wiki.note("2020-07-late-july.txt", GOOD)
    code, out, _ = wiki.run()
    assert code == 0
    assert not any("another note" in p for p in problem_lines(out))


def test_date_inferred_from_arxiv_ids_is_a_notice(wiki: Wiki) -> None:
    path = wiki.note("late-july.txt", GOOD)
    code, out, _ = wiki.run(path)
    assert code == 0
    assert "date:   2020-07 (guessed from arXiv ids)" in out
    notice = [p for p in problem_lines(out) if ": notice: " in p]
    assert len(notice) == 1 and notice[0].startswith(f"{path}:1: notice: the date 2020-07")
    assert "YYYY-MM-DD" in notice[0] and "2020-07-DD-<slug>.txt" in notice[0]
    code, _, _ = wiki.run("--strict", path)
    assert code == 0  # a notice is a suggestion, never a failure


def test_file_outside_the_digests_folder_is_still_linted(wiki: Wiki) -> None:
    inside = wiki.note("2020-07-24-a.txt", GOOD)
    outside = wiki.root / "drafts" / "2020-07-24-draft.txt"
    outside.parent.mkdir()
    outside.write_text(GOOD, encoding="utf-8")
    code, out, _ = wiki.run("drafts/2020-07-24-draft.txt")
    assert code == 0
    assert "drafts/2020-07-24-draft.txt  [plaintext]" in out
    assert f"another note is dated 2020-07-24 too ({inside})" in out


def test_files_the_wiki_does_not_read_are_skipped(wiki: Wiki) -> None:
    (wiki.digests / "figure.png").write_bytes(b"\x89PNG\r\n")
    (wiki.digests / "index.md").write_text("# Notes\n", encoding="utf-8")
    good = wiki.note("2020-07-24-a.txt", GOOD)
    code, out, err = wiki.run("docs/digests/figure.png", "docs/digests/index.md", good)
    assert code == 0
    assert "docs/digests/figure.png: not a note" in err
    assert "docs/digests/index.md: not a note" in err
    assert "1 note, 2 reviewed papers" in out


# --- exit codes and usage errors --------------------------------------------------------------


def test_missing_file_is_a_clear_message_and_exit_2(wiki: Wiki) -> None:
    good = wiki.note("2020-07-24-a.txt", GOOD)
    code, out, err = wiki.run(good, "docs/digests/nope.txt")
    assert code == 2
    assert out == ""
    assert "digestwiki lint: docs/digests/nope.txt: no such file" in err


def test_missing_explicit_config_is_exit_2(wiki: Wiki) -> None:
    code, _, err = wiki.run("--config", "other.yml", wiki.note("2020-07-24-a.txt", GOOD))
    assert code == 2 and "other.yml: no such file" in err


def test_without_mkdocs_yml_the_defaults_are_used(wiki: Wiki) -> None:
    (wiki.root / "mkdocs.yml").unlink()
    code, out, err = wiki.run(wiki.note("2020-07-24-a.txt", GOOD))
    assert code == 0 and "using the default settings" in err and "reviews 2 papers" in out


def test_command_line_exit_codes_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "docs" / "digests").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: T\nplugins:\n  - digestwiki\n")
    (tmp_path / "docs" / "digests" / "2020-07-24-bad.txt").write_text("논문 없음\n")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "digestwiki.cli", "lint", *args],
                              cwd=tmp_path, capture_output=True, text=True, timeout=120)

    missing = run("nope.txt")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    assert "nope.txt: no such file" in missing.stderr
    bad = run()
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert "docs/digests/2020-07-24-bad.txt:1: error: no paper found" in bad.stdout


# --- output formats ---------------------------------------------------------------------------


def test_github_format_prints_annotations(wiki: Wiki) -> None:
    bad = wiki.note("2020-07-24-typo.txt",
                    GOOD + "https://arxiv.org/abs/2006.162360\nTypo Paper Title Here (Kim Lee)\n")
    wiki.note("2020-07-24-other.md", "# Other\n\n" + GOOD)
    code, out, _ = wiki.run("--format", "github", bad)
    assert code == 1
    annotations = [line for line in out.splitlines() if line.startswith("::")]
    assert annotations == [
        "::warning file=docs/digests/2020-07-24-typo.txt,line=1,title=digestwiki lint::"
        "another note is dated 2020-07-24 too (docs/digests/2020-07-24-other.md): "
        "add to that note, or give this one another date",
        "::error file=docs/digests/2020-07-24-typo.txt,line=8,title=digestwiki lint::"
        "'https://arxiv.org/abs/2006.162360' looks like a paper link but its id is not "
        "understood (a typo?)",
    ]
    # The readable report is there too, for the log (the runner hides the `::` lines).
    assert "reviews 2 papers" in out
    assert "docs/digests/2020-07-24-typo.txt:8: error: 'https://arxiv.org/abs/2006.162360'" in out


def test_github_escaping_follows_the_workflow_command_rules() -> None:
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_data("a: b, c") == "a: b, c"
    assert escape_property("docs/a,b:c%.txt") == "docs/a%2Cb%3Ac%25.txt"
    finding = Finding("docs/digests/x,y:z.txt", 3, "warning", "line one\nline two: 100%")
    assert github_annotation(finding) == (
        "::warning file=docs/digests/x%2Cy%3Az.txt,line=3,title=digestwiki lint::"
        "line one%0Aline two: 100%25")
    assert github_annotation(Finding("a.txt", 1, "notice", "n")).startswith("::notice file=a.txt")


def test_json_format(wiki: Wiki) -> None:
    path = wiki.note("2020-07-24-empty.txt", "논문 없음\n")
    good = wiki.note("2020-07-25-a.txt", GOOD)
    code, out, _ = wiki.run("--format", "json", path, good)
    assert code == 1
    data = json.loads(out)
    assert data["totals"] == {"error": 1, "warning": 0, "notice": 0}
    empty, ok = data["notes"]
    assert empty["source"] == path and empty["problems"][0]["severity"] == "error"
    assert ok["date"] == "2020-07-25"
    assert [r["id"] for r in ok["reviewed"]] == ["arxiv:2007.10909", "arxiv:2007.10396"]
    assert ok["mentions"] == [{"id": "arxiv:2001.10913", "line": 4}]


# --- the seed notes -----------------------------------------------------------------------------


def test_seed_notes_lint_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    """The repository's own notes, in a wiki with no metadata cache: no error at all."""
    shutil.copytree(SEEDS, tmp_path / "docs" / "digests")
    (tmp_path / "mkdocs.yml").write_text("site_name: T\nplugins:\n  - digestwiki\n")
    monkeypatch.chdir(tmp_path)
    assert main(["lint"]) == 0
    out = capsys.readouterr().out
    assert f"{len(list(SEEDS.iterdir()))} notes" in out and " 0 error(s)" in out


def test_seed_notes_lint_clean_with_the_real_config(monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """`make lint-notes` in the repository itself (its cache may add title warnings)."""
    if not (ROOT / "mkdocs.yml").is_file():
        pytest.skip("mkdocs.yml is not written yet")
    monkeypatch.chdir(ROOT)
    assert main(["lint"]) == 0
    assert " 0 error(s)" in capsys.readouterr().out


# --- the examples in CONTRIBUTING.md ----------------------------------------------------------

_EXAMPLE = re.compile(r"<!-- example: (\S+) reviews=(\d+) mentions=(\d+) -->\n```\w*\n(.*?)```",
                      re.S)


def contributing_examples() -> list[tuple[str, int, int, str]]:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    return [(m[1], int(m[2]), int(m[3]), m[4]) for m in _EXAMPLE.finditer(text)]


def test_contributing_shows_every_shape() -> None:
    shapes = [parse_digest(text, name).shape for name, _, _, text in contributing_examples()]
    assert shapes == ["plaintext", "plaintext", "markdown", "jekyll"]


@pytest.mark.parametrize(("name", "reviews", "mentions", "text"), contributing_examples(),
                         ids=lambda v: v if isinstance(v, str) and "\n" not in v else "")
def test_contributing_examples_lint_clean(wiki: Wiki, name: str, reviews: int, mentions: int,
                                          text: str) -> None:
    """What CONTRIBUTING.md promises of each example is what the wiki reads from it."""
    code, out, _ = wiki.run("--strict", "--format", "json", wiki.note(name, text))
    assert code == 0, out
    note = json.loads(out)["notes"][0]
    # the one thing lint may add: papers not in the metadata cache yet need `digestwiki refresh`
    assert [p for p in note["problems"] if "digestwiki refresh" not in p["message"]] == []
    assert all(p["severity"] == "notice" for p in note["problems"])
    assert len(note["reviewed"]) == reviews and all(r["title"] for r in note["reviewed"])
    assert len(note["mentions"]) == mentions
    assert note["date"] is not None and not note["date_inferred"]


def test_papers_without_metadata_get_the_refresh_instruction_once(wiki: Wiki) -> None:
    """Readers see a quiet "details incomplete" marker; the contributor is told what to run."""
    text = ("https://arxiv.org/abs/2007.10909\nSliceOut: Training Transformers\n"
            "https://arxiv.org/abs/2007.10396\nNSGANetV2: Evolutionary Search\n")
    path = wiki.note("2020-07-24-bare.txt", text)
    code, out, _ = wiki.run(path)
    notices = [line for line in problem_lines(out) if "digestwiki refresh" in line]
    assert notices == [f"{path}:2: notice: 2 reviewed papers have no known authors or title "
                       "(arxiv:2007.10909, arxiv:2007.10396): their pages show \"details "
                       "incomplete\"; run `digestwiki refresh` and commit metadata/papers.json "
                       "(or write the authors in the note)"]
    assert code == 0
    _, out, _ = wiki.run("--format", "github", path)
    assert sum(line.startswith("::notice ") and "digestwiki refresh" in line
               for line in out.splitlines()) == 1
    wiki.cache({"arxiv:2007.10909": {"title": "SliceOut", "authors": ["Pascal Notin"]},
                "arxiv:2007.10396": {"title": "NSGANetV2", "authors": ["Zhichao Lu"]}})
    _, out, _ = wiki.run(path)
    assert "digestwiki refresh" not in out

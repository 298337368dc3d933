"""`digestwiki new`: the file it writes, where, and that a contributor filling it in gets a
note that lints clean (the template's guidance never turns into a wiki page or a warning)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import markdown
import pytest

from digestwiki.cli import main, read_note
from digestwiki.lint import GUIDE_END, GUIDE_START
from digestwiki.new import render_note, slugify

PAPERS_TEXT = """
https://arxiv.org/abs/2007.10909
SliceOut: Training Transformers and CNNs faster while using less memory (Pascal Notin)
채널 일부만 잘라서 forward. memo(https://arxiv.org/abs/2001.10913) 이후로 오랜만.
"""
PAPERS_MD = """
RepMLP: Re-parameterizing Convolutions into Fully-connected Layers for Image Recognition

https://arxiv.org/abs/2105.01883

- [QueryInst: Parallelly Supervised Mask Query](https://arxiv.org/abs/2105.01928) 마스크 헤드.

detr (https://arxiv.org/abs/2005.12872) 이후로 자연스러운 흐름.
"""
PAPERS_JEKYLL = """
### <a href="https://openreview.net/pdf?id=BkluqlSFDS"><b> 1. Federated Learning (Oral) </b></a>

연합 학습. <a href="https://arxiv.org/abs/1602.05629" target="_blank"><b>FedAvg</b></a> 이후.
"""


class Run:
    def __init__(self, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.root = root
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(list(args))
        out, err = self.capsys.readouterr()
        return code, out, err


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> Run:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mkdocs.yml").write_text("site_name: T\nplugins:\n  - digestwiki\n")
    return Run(tmp_path, capsys)


def problems(path: str) -> list[str]:
    return [p.message for p in read_note(Path(path)).problems]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("shape", "suffix"),
                         [("plaintext", ".txt"), ("markdown", ".md"), ("jekyll", ".md")])
def test_new_writes_a_dated_note_in_the_chosen_shape(run: Run, shape: str, suffix: str) -> None:
    code, out, err = run("new", "--shape", shape, "--date", "2021-05-08",
                         "--title", "Recent papers: MLPs")
    path = f"docs/digests/2021-05-08-recent-papers-mlps{suffix}"
    assert code == 0
    assert out == path + "\n"  # the path alone on stdout: `$EDITOR $(digestwiki new)` works
    assert f"digestwiki lint {path}" in err
    digest = read_note(Path(path))
    assert digest.shape == shape  # type: ignore[attr-defined]
    assert digest.date == "2021-05-08" and not digest.date_inferred  # type: ignore[attr-defined]
    assert digest.title == "Recent papers: MLPs"  # type: ignore[attr-defined]
    assert digest.entries == [] and digest.mentions == []  # type: ignore[attr-defined]
    # The only problem of a fresh note is the one the contributor fixes by writing it.
    assert [m.split(":")[0] for m in problems(path)] == ["no paper found"]


def test_fresh_note_lints_with_no_paper_found_only(run: Run) -> None:
    run("new", "--shape", "markdown", "--date", "2021-05-08", "--slug", "x")
    code, out, _ = run("lint", "docs/digests/2021-05-08-x.md")
    assert code == 1
    assert "1 error(s), 0 warning(s), 0 notice(s)" in out
    assert "docs/digests/2021-05-08-x.md:1: error: no paper found" in out


@pytest.mark.parametrize(("shape", "papers"),
                         [("markdown", PAPERS_MD), ("jekyll", PAPERS_JEKYLL)])
def test_filled_in_markdown_note_lints_clean_with_the_guide_kept(
        run: Run, shape: str, papers: str) -> None:
    """The guide is an HTML comment: kept as is, it is neither a problem nor visible."""
    _, out, _ = run("new", "--shape", shape, "--date", "2021-05-08", "--title", "최근 논문들")
    path = out.strip()
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(papers)
    assert run("keys")[0] == 0  # pin the new papers' keys, as the contributor commits them
    code, out, _ = run("lint", "--strict", path)
    assert code == 0, out
    # the only notice: the papers are not in the metadata cache yet (`digestwiki refresh`)
    assert "0 error(s), 0 warning(s), 1 notice(s)" in out and "digestwiki refresh" in out
    digest = read_note(Path(path))
    titles = [e.title for e in digest.entries]  # type: ignore[attr-defined]
    assert titles == {"markdown": ["RepMLP: Re-parameterizing Convolutions into Fully-connected "
                                   "Layers for Image Recognition",
                                   "QueryInst: Parallelly Supervised Mask Query"],
                      "jekyll": ["Federated Learning"]}[shape]
    html = markdown.markdown(Path(path).read_text(encoding="utf-8"))
    visible = re.sub(r"<!--.*?-->", "", html, flags=re.S)
    assert "digestwiki" not in visible and "HTML" not in visible


def test_filled_in_plaintext_note_lints_clean_once_the_guide_is_deleted(run: Run) -> None:
    _, out, _ = run("new", "--shape", "plaintext", "--date", "2020-07-24", "--slug", "late-july")
    path = out.strip()
    text = Path(path).read_text(encoding="utf-8")
    assert GUIDE_START in text and GUIDE_END in text
    Path(path).write_text(text + PAPERS_TEXT, encoding="utf-8")
    code, out, _ = run("lint", path)
    assert code == 1  # the guide would show on the wiki: lint says so, with its lines
    assert f"{path}:1: error: the guidance from 'digestwiki new' is still in the note " \
           f"(lines 1-{text.count(chr(10))})" in out
    start, end = text.index(GUIDE_START), text.index(GUIDE_END) + len(GUIDE_END) + 1
    Path(path).write_text(text[:start] + text[end:] + PAPERS_TEXT, encoding="utf-8")
    assert run("keys")[0] == 0  # pin the new paper's key, as the contributor commits it
    code, out, _ = run("lint", "--strict", path)
    assert code == 0, out
    assert "0 error(s), 0 warning(s), 0 notice(s)" in out
    assert "title:  Late July" in out


def test_guide_holds_no_paper_link() -> None:
    """No template text may become a paper page, a mention or a bad-link error."""
    for shape in ("plaintext", "markdown", "jekyll"):
        text = render_note(shape, dt.date(2021, 5, 8), "T", "docs/digests/x")
        assert "arxiv.org" not in text and "openreview.net" not in text and "doi.org" not in text
        assert "http" not in text


def test_plaintext_title_goes_to_front_matter_only_when_given(run: Run) -> None:
    _, out, _ = run("new", "--shape", "plaintext", "--date", "2020-07-24", "--slug", "a")
    assert not Path(out.strip()).read_text(encoding="utf-8").startswith("---")
    assert read_note(Path(out.strip())).title == "A"  # type: ignore[attr-defined]
    _, out, _ = run("new", "--shape", "plaintext", "--date", "2020-07-24",
                    "--title", 'Odd: "quoted" # title')
    assert read_note(Path(out.strip())).title == 'Odd: "quoted" # title'  # type: ignore[attr-defined]


def test_default_date_is_today_and_default_title_is_dated(run: Run) -> None:
    code, out, _ = run("new")
    today = dt.date.today()
    assert code == 0 and out.strip() == f"docs/digests/{today.isoformat()}-notes.md"
    title = read_note(Path(out.strip())).title  # type: ignore[attr-defined]
    assert title == f"{today.year}년 {today.month}월 {today.day}일 논문 노트"


def test_refuses_to_overwrite(run: Run) -> None:
    code, out, _ = run("new", "--date", "2021-05-08", "--slug", "mine")
    path = Path(out.strip())
    path.write_text("# 내 노트\n\nhttps://arxiv.org/abs/2105.01883\n", encoding="utf-8")
    code, out, err = run("new", "--date", "2021-05-08", "--slug", "mine")
    assert code == 1 and out == ""
    assert "docs/digests/2021-05-08-mine.md already exists" in err
    assert path.read_text(encoding="utf-8").startswith("# 내 노트")


def test_warns_about_another_note_on_the_same_day(run: Run) -> None:
    run("new", "--date", "2021-05-08", "--slug", "first")
    code, _, err = run("new", "--shape", "plaintext", "--date", "2021-05-08", "--slug", "second")
    assert code == 0
    assert "docs/digests/2021-05-08-first.md has this date too" in err


@pytest.mark.parametrize("args", [["--date", "2021-02-30"], ["--date", "08/05/2021"],
                                  ["--slug", "Bad Slug"], ["--slug", "../escape"],
                                  ["--shape", "html"]])
def test_bad_arguments_exit_2(run: Run, args: list[str],
                              capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["new", *args])
    assert exc.value.code == 2
    assert "error:" in capsys.readouterr().err
    assert not (run.root / "docs").exists()


def test_uses_the_configured_digests_folder(run: Run) -> None:
    (run.root / "mkdocs.yml").write_text(
        "site_name: T\ndocs_dir: site-src\nplugins:\n  - digestwiki:\n      digests_dir: notes\n")
    code, out, _ = run("new", "--date", "2021-05-08", "--slug", "x")
    assert code == 0 and out.strip() == "site-src/notes/2021-05-08-x.md"


def test_slugify() -> None:
    assert slugify("Recent papers: MLPs & Diffusion!") == "recent-papers-mlps-diffusion"
    assert slugify("최근 논문들") == "choegeun-nonmundeul"
    assert slugify("!!!") == "notes"
    assert len(slugify("word " * 40)) <= 60

"""The hostile corpus (tests/hostile) through a real build, `digestwiki parse` and `digestwiki
lint --format github`: no traceback, nothing executable in the built site, every message with
file and line, no forged workflow command. Prints the counts (also: benchmarks/hostile.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from digestwiki.sanitize import sanitize_note_html
from hostile.corpus import (
    VARIANTS,
    Report,
    cases,
    forged_commands,
    generated_notes,
    injections,
    run_all,
    unlocated,
)

# Notes whose own HTML tries to run script: the sanitizer must clean their pages.
RENDERER = {
    "2021-01-02-img-onerror.md",
    "2021-01-03-javascript-links.md",
    "2021-01-05-liquid.txt",
    "2021-01-09-html-mix.md",
}


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    found = run_all(tmp_path_factory.mktemp("hostile"))
    print("\nhostile corpus:", json.dumps(found.counts()))
    return found


def test_the_corpus_covers_the_classes_of_the_issue() -> None:
    names = [c.name for c in cases()]
    assert len(names) >= 30
    kinds = {c.kind for c in cases()}
    assert kinds == {"note", "symlink", "variant"}


def test_no_traceback_anywhere(report: Report) -> None:
    assert report.tracebacks == [], {k: report.outputs[k].stderr[-2000:]
                                     for k in report.tracebacks}


def test_the_hostile_site_builds(report: Report) -> None:
    assert report.outputs["build"].returncode == 0, report.outputs["build"].stderr[-3000:]
    assert report.site is not None and (report.site / "index.html").is_file()


def _page_of(note: str) -> str:
    return f"digests/{Path(note).stem}/index.html"


@pytest.mark.parametrize("note", [c.name for c in cases() if c.kind == "note"])
def test_no_executable_injection_from_note(report: Report, note: str) -> None:
    assert report.injections.get(_page_of(note), []) == []


def test_nothing_executable_anywhere_in_the_site(report: Report) -> None:
    """Note bodies, chrome, nav, tags, indexes, paper pages (hostile cache), feed head links."""
    assert report.injections == {}


def test_the_sanitizer_cleans_every_renderer_case(report: Report) -> None:
    """What the renderer will call removes everything the scanner flags in those notes."""
    assert report.site is not None
    for note in RENDERER:
        raw = (Path(__file__).parent / "hostile" / "notes" / note).read_text(encoding="utf-8")
        assert injections(raw), note  # the scanner does see the raw note as hostile
        assert injections(sanitize_note_html(raw)) == [], note


def test_titles_are_shown_as_written(report: Report) -> None:
    assert report.site is not None
    page = (report.site / _page_of("2021-01-01-title-script.md")).read_text(encoding="utf-8")
    # A browser shows these exactly as the front matter wrote them, entities included.
    assert ("<title>&lt;/title&gt;&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt; "
            "&amp;lt;script&amp;gt;alert(&#x27;entity&#x27;)&amp;lt;/script&amp;gt; - Hostile wiki"
            "</title>") in page
    assert "&lt;img src=x onerror=alert(&#x27;tag&#x27;)&gt;" in page  # the tag, as text
    paper = (report.site / "papers/arxiv-2101-00001/index.html").read_text(encoding="utf-8")
    assert 'href="https://doi.org/javascript' in paper  # only ever under https://doi.org/
    assert "alert('links')" not in paper  # a javascript: link from the cache is dropped


def test_feed_is_valid_xml_without_nul(report: Report) -> None:
    assert report.site is not None
    assert report.feed_ok
    assert "\x00" not in (report.site / "feed.xml").read_text(encoding="utf-8")


def test_refused_files_are_not_published(report: Report) -> None:
    assert report.site is not None
    text = "".join(p.read_text(encoding="utf-8", errors="replace")
                   for p in report.site.rglob("*") if p.is_file() and p.suffix in (
                       ".html", ".json", ".xml", ".bib", ".md"))
    assert "SECRET-OUTSIDE-THE-REPOSITORY" not in text
    assert not (report.site / "digests/2021-01-16-binary").exists()
    assert not (report.site / "digests/2021-01-20-outside").exists()
    stderr = report.outputs["build"].stderr
    assert "docs/digests/2021-01-20-outside.md:1: the note is a link to a file outside" in stderr
    assert "docs/digests/2021-01-16-binary.md:1: not a text file" in stderr
    assert "docs/digests/2021-01-06-alias-bomb.md:6: front matter refused" in stderr


def test_encodings_are_read_as_what_they_are(report: Report) -> None:
    assert report.site is not None
    korean = (report.site / "digests/2021-01-10-euc-kr/index.html").read_text(encoding="utf-8")
    assert "한국어로 쓴 코멘트입니다" in korean and "\ufffd" not in korean
    utf16 = (report.site / "digests/2021-01-13-utf16/index.html").read_text(encoding="utf-8")
    assert "한국어로 쓴 코멘트입니다" in utf16
    latin = (report.site / "digests/2021-01-12-latin1/index.html").read_text(encoding="utf-8")
    assert "Café" in latin
    stderr = report.outputs["build"].stderr
    assert "2021-01-10-euc-kr.txt:2: saved as CP949" in stderr
    assert "2021-01-12-latin1.txt:3: saved as Latin-1" in stderr
    assert "2021-01-13-utf16.txt:1: saved as UTF-16" in stderr


def test_deep_nesting_renders_plainly_with_a_warning(report: Report) -> None:
    assert report.site is not None
    for note in ("2021-01-07-deep-list.md", "2021-01-08-deep-quote.md"):
        assert (report.site / _page_of(note)).is_file()
    assert "2021-01-07-deep-list.md:107: lists or quotes nested" in report.outputs[
        "build"].stderr


def test_every_message_names_file_and_line(report: Report) -> None:
    assert report.unlocated == []
    # The checker does catch a message without a line:
    assert unlocated("WARNING -  digestwiki: docs/digests/x.md has a problem")


def test_lint_github_output_forges_no_command(report: Report) -> None:
    assert report.forged == []
    out = report.outputs["lint --format github FILES"].stdout
    assert "::add-mask::" in out  # the title is there, defused, not dropped
    assert not any(line.lstrip().startswith("::add-mask::") for line in out.split("\n"))
    # The checker does catch a forged line:
    assert forged_commands("ok\n::add-mask::secret\n")


@pytest.mark.parametrize("note", sorted(generated_notes()))
def test_parse_prints_json_for_every_generated_note(report: Report, note: str) -> None:
    result = report.outputs[f"parse {note!r}"]
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["problems"] is not None


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_malformed_files_and_settings_get_a_message(report: Report, name: str) -> None:
    result = report.outputs[f"variant {name}"]
    must_say = VARIANTS[name][2]
    if not must_say:  # key-file contents: checked by the key registry's own tests
        assert result.returncode in (0, 1)
        return
    assert result.returncode == 1
    assert must_say in result.stderr

"""Reading what contributors commit without trusting it, and saying what is wrong instead of
raising: encodings, binary files, symlinks out of the repository, YAML bombs, impossible dates,
deep nesting, workflow-command forgery in lint output, bad settings and bad JSON shapes."""

from __future__ import annotations

import codecs
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import ConfigurationError

from conftest import build, make_site, warnings_of
from digestwiki.atomic import atomic_write, locked, stale_temp_files
from digestwiki.cli import main
from digestwiki.config import load_settings
from digestwiki.graph import build_wiki
from digestwiki.metadata.cache import CacheError, load_cache, merge_save, save_cache
from digestwiki.metadata.openreview import note_record
from digestwiki.metadata.shapes import registry_problems
from digestwiki.model import Digest, Entry
from digestwiki.related import ALL_PAIRS_UP_TO, WINDOW, alongside_map, pair_count
from digestwiki.safety import SKIP_KEY, decode_note, too_deep
from digestwiki.sources import parse_bytes

PAPER = "https://arxiv.org/abs/2101.00001\nA Paper Title Long Enough (Ada Lovelace)\n"


def problems(raw: bytes, name: str = "2021-01-01-x.txt") -> list[tuple[int, str, str]]:
    digest = parse_bytes(raw, f"docs/digests/{name}")
    return [(p.line, p.severity, p.message) for p in digest.problems]


# --- encodings --------------------------------------------------------------------------------


def test_korean_saved_as_cp949_is_read_as_korean_with_the_line_of_the_first_byte() -> None:
    raw = ("first line is ascii\n" + PAPER + "한국어 코멘트\n").encode("cp949")
    digest = parse_bytes(raw, "docs/digests/2021-01-01-x.txt")
    assert "한국어 코멘트" in digest.text
    assert (4, "warning", "saved as CP949 (EUC-KR), not UTF-8: save it as UTF-8") in \
        problems(raw)


def test_utf16_with_a_bom_is_read() -> None:
    raw = codecs.BOM_UTF16_BE + (PAPER + "한국어\n").encode("utf-16-be")
    digest = parse_bytes(raw, "docs/digests/2021-01-01-x.txt")
    assert [e.id for e in digest.entries] == ["arxiv:2101.00001"] and "한국어" in digest.text
    assert (1, "warning", "saved as UTF-16: save it as UTF-8") in problems(raw)


def test_utf16_without_a_bom_is_read_not_skipped_as_binary() -> None:
    raw = (PAPER + "한국어 한 줄\n").encode("utf-16-le")
    digest = parse_bytes(raw, "docs/digests/2021-01-01-x.txt")
    assert "한국어 한 줄" in digest.text and SKIP_KEY not in digest.meta
    assert any("UTF-16 (without a byte-order mark)" in m for _, _, m in problems(raw))


def test_latin1_is_read_as_latin1_not_as_korean() -> None:
    raw = (PAPER + "Un café au lait, s'il vous plaît, à Genève\n").encode("latin-1")
    assert "café au lait" in parse_bytes(raw, "docs/digests/2021-01-01-x.txt").text
    assert any(line == 3 and "Latin-1" in msg for line, _, msg in problems(raw))


def test_nul_bytes_are_removed_with_their_line() -> None:
    raw = (PAPER + "bad\x00 byte\n").encode()
    digest = parse_bytes(raw, "docs/digests/2021-01-01-x.txt")
    assert "\x00" not in digest.text and "\x00" not in digest.title
    assert any(line == 3 and "NUL" in msg for line, _, msg in problems(raw))


def test_binary_file_named_md_is_skipped_with_a_message() -> None:
    raw = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    digest = parse_bytes(raw, "docs/digests/2021-01-01-x.md")
    assert digest.meta[SKIP_KEY] is True and digest.entries == []
    assert problems(raw, "2021-01-01-x.md") == [
        (1, "error", "not a text file (binary content): skipped; notes are UTF-8 text "
                     "(.txt, .md, .html)")]
    assert decode_note(b"\x00" * 100 + b"text").binary


# --- front matter -------------------------------------------------------------------------------


BOMB = ("---\ntitle: Alias Bomb Title\n"
        'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
        + "".join(f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n"
                  for p, c in zip("abcdefgh", "bcdefghi", strict=True))
        + "tags: *i\n---\n" + PAPER)


def test_yaml_alias_bomb_is_refused_on_its_line() -> None:
    digest = parse_bytes(BOMB.encode(), "docs/digests/2021-01-01-bomb.md")
    assert digest.tags == [] and digest.title != "Alias Bomb Title"
    [(line, severity, message)] = [p for p in problems(BOMB.encode(), "2021-01-01-bomb.md")
                                   if "refused" in p[2]]
    assert (line, severity) == (6, "error") and "alias bomb" in message  # the 21st alias


def test_deeply_nested_yaml_is_refused() -> None:
    raw = ("---\ntitle: " + "[" * 5000 + "\n---\n" + PAPER).encode()
    assert any("nested more than" in m for _, _, m in problems(raw, "x.md"))


@pytest.mark.parametrize("written", ["2020-13-45", "25:99", "soon", "2021-02-30"])
def test_a_front_matter_date_that_is_no_date_is_reported_not_used(written: str) -> None:
    raw = f"---\ntitle: T\ndate: {written}\n---\n{PAPER}".encode()
    digest = parse_bytes(raw, "docs/digests/2021-01-01-x.md")
    assert digest.title == "T" and digest.date == "2021-01-01"  # from the file name
    assert (3, "error") in [(line, sev) for line, sev, msg in problems(raw, "2021-01-01-x.md")
                            if f"'{written}' is not a date" in msg]


def test_real_dates_in_front_matter_still_work() -> None:
    for written in ("2020-1-7", "2020-01-07", "2020-01-07 10:00:00", "'2020-01-07'"):
        raw = f"---\ndate: {written}\n---\n{PAPER}".encode()
        digest = parse_bytes(raw, "docs/digests/x.md")
        assert digest.date == "2020-01-07", written
        assert not [p for p in digest.problems if "date" in p.message], written


# --- nesting, names, symlinks: real builds ----------------------------------------------------


def test_deep_nesting_renders_plainly_and_the_rest_of_the_wiki_builds(tmp_path: Path) -> None:
    deep = PAPER + "\n" + "".join("  " * i + "- x\n" for i in range(1000))
    root = make_site(tmp_path, {"2021-01-01-deep.md": deep, "2021-01-02-fine.txt": PAPER.replace(
        "00001", "00002")})
    result = build(root, strict=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "RecursionError" not in result.stderr
    assert any("2021-01-01-deep.md:105: lists or quotes nested more than 100 levels" in w
               for w in warnings_of(result))
    page = (root / "site/digests/2021-01-01-deep/index.html").read_text(encoding="utf-8")
    assert 'id="arxiv-2101-00001"' in page  # backlinks still land
    assert (root / "site/digests/2021-01-02-fine/index.html").is_file()
    assert too_deep("- a\n  - b\n") is None


def test_a_symlink_out_of_the_repository_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere" / "secret.md"
    secret.parent.mkdir()
    secret.write_text("# TOP-SECRET\n" + PAPER, encoding="utf-8")
    root = make_site(tmp_path / "wiki", {"2021-01-02-fine.txt": PAPER})
    (root / "docs/digests/2021-01-03-link.md").symlink_to(secret)
    (root / "docs/digests/leak.png").symlink_to(secret)
    result = build(root, strict=False)
    assert result.returncode == 0, result.stderr
    assert "docs/digests/2021-01-03-link.md:1: the note is a link to a file outside the " \
           "repository: refused (not published)" in result.stderr
    site_text = "".join(p.read_text(encoding="utf-8", errors="replace")
                        for p in (root / "site").rglob("*") if p.is_file())
    assert "TOP-SECRET" not in site_text
    # lint and parse refuse it too
    lint = subprocess.run([sys.executable, "-m", "digestwiki.cli", "lint"], cwd=root,
                          capture_output=True, text=True, env={**os.environ})
    assert "2021-01-03-link.md:1: error: the note is a link to a file outside" in lint.stdout
    assert "TOP-SECRET" not in lint.stdout


def test_a_file_name_with_a_line_break_is_skipped_and_logged_on_one_line(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"2021-01-01-a\n::add-mask::x.txt": PAPER,
                                "2021-01-02-fine.txt": PAPER.replace("00001", "00002")})
    result = build(root, strict=False)
    assert result.returncode == 0, result.stderr
    assert not [line for line in result.stderr.splitlines() if line.lstrip().startswith("::")]
    assert any("2021-01-01-a\\n::add-mask::x.txt:1: the file name holds '\\n'" in w
               for w in warnings_of(result))


# --- lint --format github -----------------------------------------------------------------------


def test_lint_github_output_cannot_forge_workflow_commands(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DIGESTWIKI_OFFLINE", raising=False)
    make_site(tmp_path, {
        "2021-01-01-title.md": '---\ntitle: "t\\n::add-mask::secret\\n::stop-commands::tok\\r'
                               '::error file=x,line=1::forged"\n---\n\n'
                               "[A Title With::error Inside](https://arxiv.org/abs/2101.00001)\n",
        "2021-01-02-x\n::error file=evil.md,line=1::from-name.txt": "no paper here\n",
    })
    capsys.readouterr()
    code = main(["lint", "--format", "github"])
    out = capsys.readouterr().out
    assert code == 1  # the no-paper note is an error
    lines = out.split("\n")
    commands = [line for line in lines if line.lstrip().startswith("::")]
    assert commands and all(line.startswith(("::error file=", "::warning file=",
                                              "::notice file=")) for line in commands)
    assert all(",title=digestwiki lint::" in line for line in commands)
    assert not any("add-mask" in line.split("::", 2)[1] for line in commands)
    assert "file=docs/digests/2021-01-02-x%0A%3A%3Aerror file=evil.md%2Cline=1%3A%3Afrom-name" \
           ".txt,line=1" in out
    assert "t\\n::add-mask::secret\\n::stop-commands::tok\\r::error" in out  # shown, defused


# --- settings -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("var", "value"), [
    ("DIGESTWIKI_TIMEOUT", "0"), ("DIGESTWIKI_TIMEOUT", "-1"), ("DIGESTWIKI_TIMEOUT", "nan"),
    ("DIGESTWIKI_DELAY", "inf"), ("DIGESTWIKI_DELAY", "-3"), ("DIGESTWIKI_DELAY", "soon"),
    ("DIGESTWIKI_OFFLINE", "maybe"),
])
def test_bad_environment_values_name_the_variable(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, var: str, value: str) -> None:
    make_site(tmp_path, {})
    monkeypatch.setenv(var, value)
    with pytest.raises(ConfigurationError, match=var):
        load_settings(tmp_path / "mkdocs.yml")


@pytest.mark.parametrize(("value", "offline"), [
    ("off", False), ("false", False), ("0", False), ("no", False), ("NO", False),
    ("1", True), ("on", True), ("true", True), ("yes", True)])
def test_offline_switch_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str,
                              offline: bool) -> None:
    make_site(tmp_path, {})
    monkeypatch.setenv("DIGESTWIKI_OFFLINE", value)
    assert load_settings(tmp_path / "mkdocs.yml").offline is offline


# --- JSON files ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("papers", "says"), [
    ("[]", "'papers' must be an object"),
    ('{"arxiv:1": {"status": "found", "source": "arxiv", "title": 5}}',
     "paper arxiv:1: 'title' must be text"),
    ('{"arxiv:1": {"status": "found", "source": "arxiv", "authors": [null]}}',
     "paper arxiv:1: 'authors' must be a list of text"),
    ('{"arxiv:1": {"status": "found", "source": "arxiv", "year": "2020"}}',
     "paper arxiv:1: 'year' must be a year"),
    ('{"arxiv:1": {"status": "found", "source": "arxiv", "links": {"abs": 1}}}',
     "paper arxiv:1: 'links'"),
    ('{"arxiv:1": []}', "paper arxiv:1: the record must be an object"),
])
def test_cache_with_the_wrong_shape_names_file_and_paper(tmp_path: Path, papers: str,
                                                         says: str) -> None:
    path = tmp_path / "papers.json"
    path.write_text(f'{{"schema": 1, "papers": {papers}}}', encoding="utf-8")
    with pytest.raises(CacheError) as err:
        load_cache(path)
    assert str(err.value).startswith(str(path)) and says in str(err.value)


def test_registry_problems_for_the_key_registry_loader(tmp_path: Path) -> None:
    path = tmp_path / "bibkeys.json"
    found = registry_problems(path, {"schema": 1, "keys": {
        "arxiv:1": None, "arxiv:2": 5, "arxiv:3": "a,}{b", "arxiv:4": "same2020",
        "arxiv:5": "same2020", "arxiv:6": "fine2020x"}})
    assert len(found) == 4
    assert any("arxiv:1" in p and "must be text" in p for p in found)
    assert any("arxiv:3" in p and "cannot" in p for p in found)
    assert any("arxiv:4 and arxiv:5 share the key 'same2020'" in p for p in found)
    assert registry_problems(path, []) and registry_problems(path, {"keys": []})
    assert registry_problems(path, {"schema": 1, "keys": {"arxiv:6": "fine2020x"}}) == []


def test_openreview_dates_far_out_of_range_are_ignored_not_raised() -> None:
    record = note_record("openreview:abc", {"id": "abc", "pdate": 1e20, "cdate": 1.6e12,
                                            "content": {"title": {"value": "T"}}})
    assert record["title"] == "T" and record["published"].startswith("2020")


# --- writing files ------------------------------------------------------------------------------


def test_atomic_write_keeps_the_mode_and_uses_the_umask_for_new_files(tmp_path: Path) -> None:
    old = tmp_path / "bibkeys.json"
    old.write_text("{}", encoding="utf-8")
    old.chmod(0o664)
    atomic_write(old, "{}\n")
    assert stat.S_IMODE(old.stat().st_mode) == 0o664
    mask = os.umask(0o027)
    try:
        atomic_write(tmp_path / "new.json", "{}\n")
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o640
    assert stale_temp_files(old) == []


def test_nothing_fetched_creates_no_empty_cache(tmp_path: Path) -> None:
    path = tmp_path / "metadata" / "papers.json"
    assert save_cache(path, {}) is False and not path.exists()


def test_a_fetch_build_that_fetched_nothing_leaves_no_cache_file(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"2021-01-01-x.txt": PAPER})
    result = build(root, strict=False, extra_env={
        "DIGESTWIKI_OFFLINE": "0", "DIGESTWIKI_FETCH": "1", "DIGESTWIKI_TIMEOUT": "2",
        "DIGESTWIKI_ARXIV_API": "http://127.0.0.1:9/api/query", "DIGESTWIKI_DELAY": "0"})
    assert result.returncode == 0, result.stderr
    assert not (root / "metadata" / "papers.json").exists()


def test_merge_save_keeps_what_another_writer_saved_meanwhile(tmp_path: Path) -> None:
    path = tmp_path / "papers.json"
    a = {"arxiv:1": {"status": "found", "source": "arxiv", "title": "A"}}
    b = {"arxiv:2": {"status": "found", "source": "arxiv", "title": "B"}}
    assert merge_save(path, a) and merge_save(path, b)  # b never read a: both are kept
    assert sorted(load_cache(path)) == ["arxiv:1", "arxiv:2"]
    (tmp_path / ".papers.json.x.tmp").write_text("left by a killed run", encoding="utf-8")
    with locked(path):
        pass
    assert stale_temp_files(path) == []


# --- related papers -----------------------------------------------------------------------------


def _note(n: int) -> Digest:
    entries = [Entry(id=f"arxiv:2101.{i:05d}", url="", line=i + 1, title=f"Paper {i}")
               for i in range(n)]
    return Digest(id="n", source="docs/digests/n.txt", shape="plaintext", title="N",
                  date="2021-01-01", date_inferred=False, text="", body_offset=0,
                  entries=entries)


def test_related_pairs_grow_linearly_with_a_notes_papers() -> None:
    assert pair_count(build_wiki([_note(10)], {}, {})) == 10 * 9  # normal notes: all pairs
    big = pair_count(build_wiki([_note(3000)], {}, {}))
    assert big <= 3000 * 2 * WINDOW and big < 3000 * 2999 // 100
    assert pair_count(build_wiki([_note(ALL_PAIRS_UP_TO)], {}, {})) == \
        ALL_PAIRS_UP_TO * (ALL_PAIRS_UP_TO - 1)


def test_related_neighbours_in_a_big_note_are_the_nearest() -> None:
    related = alongside_map(build_wiki([_note(500)], {}, {}), limit=2)
    assert [r.paper.id for r in related["arxiv:2101.00250"]] == \
        ["arxiv:2101.00249", "arxiv:2101.00251"]


def test_json_of_the_hostile_cache_is_valid_for_the_loader() -> None:
    path = Path(__file__).parent / "hostile" / "metadata" / "papers.json"
    assert len(load_cache(path)) == 2
    assert json.loads(path.read_text(encoding="utf-8"))["schema"] == 1


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["x.txt", "x.md", "x.html"]))
def test_any_bytes_parse_without_raising_and_report_lines(raw: bytes, name: str) -> None:
    digest = parse_bytes(raw, f"docs/digests/{name}")
    assert all(p.line >= 1 for p in digest.problems)
    assert "\x00" not in digest.text and "\x00" not in digest.title


def test_real_path_resolves_as_realpath_does_with_each_folder_resolved_once(
        tmp_path: Path) -> None:
    from digestwiki.safety import real_path

    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.md").write_text("a", encoding="utf-8")
    (tmp_path / "linked").symlink_to(tmp_path / "real")
    (tmp_path / "real" / "b.md").symlink_to(tmp_path / "real" / "a.md")
    (tmp_path / "real" / "gone.md").symlink_to(tmp_path / "nowhere.md")
    folders: dict[str, str] = {}
    for name in ("real/a.md", "linked/a.md", "linked/b.md", "real/gone.md", "real/missing.md",
                 "linked"):
        path = str(tmp_path / name)
        assert real_path(path, folders) == os.path.realpath(path), name
    assert folders[str(tmp_path / "linked")] == str((tmp_path / "real").resolve())

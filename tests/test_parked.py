"""Pages' HTML parked compressed between conversion and template, generated texts waiting on
disk (plugin memory)."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from conftest import MINIMAL_CONFIG, make_site
from digestwiki import build, plugin
from digestwiki.build import BuildResult
from digestwiki.generate import Generated
from digestwiki.parked import Parked
from digestwiki.render import Layout


def test_parked_html_comes_back_whole_once_and_is_held_smaller(tmp_path: Path) -> None:
    html = "".join(f'<p>트랜스포머를 {i} <a href="../x-{i}/">x</a></p>\n' for i in range(500))
    config = load_config(str(make_site(tmp_path, {}, CONFIG) / "mkdocs.yml"))
    page = Page("X", File("papers/x.md", str(tmp_path / "docs"), str(tmp_path / "site"), True),
                config)
    page.content = html
    page.toc = get_toc([{"level": 2, "id": "bibtex", "name": "BibTeX", "html": "BibTeX",
                         "data-toc-label": "", "children": []}])
    parked = Parked()
    assert parked.park(page, html) == ""
    assert len(parked) == 1 and list(page.toc) == []
    assert len(parked._html["papers/x.md"]) < len(html.encode()) // 4
    page.content = ""
    assert parked.take(page)
    assert page.content == html
    assert [(a.title, a.id, a.level, a.url) for a in page.toc] == [
        ("BibTeX", "bibtex", 2, "#bibtex")]
    assert not parked.take(page)  # taken: the memory is given back
    assert len(parked) == 0


# Material's own search (it reads every page's HTML in on_page_context) and tags (its listing
# on tags.md replaces an HTML comment in on_env): both must see every page whole.
CONFIG = MINIMAL_CONFIG.replace("Test wiki", "Parked wiki").replace(
    "  - digestwiki\n", "  - tags\n  - digestwiki:\n      search: mkdocs\n")

NOTES = {
    "2024-03-04-week.txt": (
        "이번 주 논문 정리. #vision\n"
        "https://arxiv.org/abs/2401.00001\n"
        "Sparse Attention for Long Inputs (Ada Kim, Bo Lee)\n"
        "트랜스포머를 다시 보게 됨. 비슷한 연구 https://arxiv.org/abs/2312.00002 참고.\n"
        "\n"
        "https://arxiv.org/abs/2401.00003\n"
        "Diffusion Priors for Graphs (Chen Park)\n"
        "실험이 부족한 느낌.\n"),
    "2024-03-11-week.md": (
        "# 240311 다음 주\n\n"
        "- [Sparse Attention for Long Inputs](https://arxiv.org/abs/2401.00001) 다시.\n"
        "- [Implicit Fields at Scale](https://arxiv.org/abs/2402.00004) <b>굵게</b>\n"),
}


def _build(root: Path) -> dict[str, bytes]:
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    mkdocs_build(config)
    return {p.relative_to(root / "site").as_posix(): p.read_bytes()
            for p in sorted((root / "site").rglob("*")) if p.is_file()}


def test_parking_and_spilling_leave_every_built_file_byte_identical(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the sitemap's dates: one day
    files = {"docs/tags.md": "# Tags\n\n<!-- material/tags -->\n"}
    parked_srcs: list[str] = []
    frozen: list[int] = []
    park = Parked.park

    def spy(self: Parked, page: Page, html: str) -> str:
        parked_srcs.append(page.file.src_uri)
        frozen.append(gc.get_freeze_count())
        return park(self, page, html)

    spilled: list[Path] = []
    kept_texts: list[str] = []
    build_files = build.build

    def spy_build(*args: Any) -> BuildResult:
        result = build_files(*args)
        folder = args[-1]
        spilled.append(folder)
        spilled.extend(sorted(p for p in folder.rglob("*") if p.is_file()))
        kept_texts.extend(f.src_uri for f in result.files
                          if f.generated_by is not None and f.abs_src_path is None)
        return result

    monkeypatch.setattr(Parked, "park", spy)
    monkeypatch.setattr(build, "build", spy_build)
    with_parking = _build(make_site(tmp_path / "a", NOTES, CONFIG, files))
    folder, *data = spilled
    # Every generated text waited on disk, pages and data files alike, none in memory.
    written = {p.relative_to(folder).as_posix() for p in data}
    assert {"papers.json", "papers.bib", "feed.xml", "papers/arxiv-2401-00001.md",
            "digests/2024-03-04-week.md", "papers/index.md"} <= written
    assert kept_texts == []
    assert not folder.exists()  # removed after the build
    # While pages are converted the collector leaves the wiki out; after the build, no more.
    assert min(frozen) > 0 and gc.get_freeze_count() == 0
    assert "papers/arxiv-2401-00001.md" in parked_srcs  # a paper page
    assert "papers/arxiv-2312-00002.md" in parked_srcs  # a paper only mentioned
    assert "digests/2024-03-04-week.md" in parked_srcs  # a note's page
    assert "tags.md" not in parked_srcs  # not generated (and its listing is a comment)

    monkeypatch.setattr(Parked, "park", lambda self, page, html: html)  # never parks
    monkeypatch.setattr(build, "build", build_files)
    monkeypatch.setattr(plugin, "SPILL", False)  # texts stay in memory
    without = _build(make_site(tmp_path / "b", NOTES, CONFIG, files))
    assert with_parking.keys() == without.keys()
    assert [name for name in with_parking if with_parking[name] != without[name]] == []
    # The pages really hold their content (an empty page would compare equal too).
    paper = with_parking["papers/arxiv-2401-00001/index.html"].decode()
    assert "Sparse Attention for Long Inputs" in paper and "2024-03-04" in paper
    assert "Diffusion Priors for Graphs" in with_parking["search/search_index.json"].decode()
    assert "digests/2024-03-04-week/" in with_parking["tags/index.html"].decode()
    assert "Implicit Fields at Scale" in with_parking["papers.json"].decode()


def test_texts_wait_on_disk_unless_mkdocs_would_read_them_back_otherwise(
        tmp_path: Path) -> None:
    """A page MkDocs reads from disk decodes as UTF-8 with universal newlines and without a
    byte order mark: texts that would come back different stay in memory."""
    made = Generated(Layout(), folder=tmp_path)
    made.put("papers/x.md", "# 트랜스포머\n\n본문\n", in_nav=False)
    made.put("papers.json", '{"title": "\\r"}')
    for src, text in [("a.md", "line\r\nnext"), ("b.md", "\ufeff# BOM"), ("c.md", "\udc80")]:
        made.put(src, text)
    disk = made.outputs["papers/x.md"]
    assert disk.text is None and disk.copy_of == tmp_path / "papers/x.md" and not disk.in_nav
    assert disk.copy_of.read_bytes() == "# 트랜스포머\n\n본문\n".encode()
    assert made.outputs["papers.json"].copy_of is not None
    assert [made.outputs[s].text for s in ("a.md", "b.md", "c.md")] == [
        "line\r\nnext", "\ufeff# BOM", "\udc80"]
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["papers.json", "x.md"]

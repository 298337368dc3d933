"""Pages' HTML parked compressed between conversion and template, generated texts waiting on
disk (plugin memory)."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from conftest import MINIMAL_CONFIG, make_site
from digestwiki import build, plugin
from digestwiki.build import BuildResult
from digestwiki.generate import Generated
from digestwiki.parked import PackedPage, Parked, packed_page
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
    packed: list[str] = []
    build_files = build.build

    def spy_build(*args: Any) -> BuildResult:
        result = build_files(*args)
        folder = args[-1]
        spilled.append(folder)
        spilled.extend(sorted(p for p in folder.rglob("*") if p.is_file()))
        packed.extend(f.src_uri for f in result.files if isinstance(f, PackedPage))
        kept_texts.extend(f.src_uri for f in result.files if f.generated_by is not None
                          and f.abs_src_path is None and not isinstance(f, PackedPage))
        return result

    monkeypatch.setattr(Parked, "park", spy)
    monkeypatch.setattr(build, "build", spy_build)
    with_parking = _build(make_site(tmp_path / "a", NOTES, CONFIG, files))
    folder, *data = spilled
    # No generated text was held as it is: pages packed, data files on disk.
    written = {p.relative_to(folder).as_posix() for p in data}
    assert {"papers.json", "papers.bib", "feed.xml"} <= written
    assert not any(name.endswith(".md") for name in written)
    assert {"papers/arxiv-2401-00001.md", "digests/2024-03-04-week.md",
            "papers/index.md"} <= set(packed)
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


def test_pages_are_packed_and_data_files_wait_on_disk(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Texts come back exactly as made (line ends, byte order marks, lone surrogates, which
    MkDocs then reports with the page's name), and a page's packed text goes once it is read
    and replaced (the plugin empties a converted page)."""
    made = Generated(Layout(), folder=tmp_path)
    pages = {"papers/x.md": "# 트랜스포머\n\n본문\n", "a.md": "line\r\nnext", "b.md": "\ufeff# BOM",
             "c.md": "\udc80"}
    for src, text in pages.items():
        made.put(src, text, in_nav=src != "papers/x.md")
    made.put("papers.json", '{"title": "트랜스포머"}')
    assert all(made.outputs[src].text is None for src in [*pages, "papers.json"])
    assert made.outputs["papers.json"].copy_of == tmp_path / "papers.json"
    assert (tmp_path / "papers.json").read_bytes() == '{"title": "트랜스포머"}'.encode()
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == ["papers.json"]
    config = load_config(str(make_site(tmp_path / "site", {}, CONFIG) / "mkdocs.yml"))
    # as in a build, where MkDocs names the plugin whose hook is running
    monkeypatch.setattr(config.plugins, "_current_plugin", "digestwiki", raising=False)
    for src, text in pages.items():
        output = made.outputs[src]
        assert output.packed is not None
        file = packed_page(config, src, output.packed, InclusionLevel.NOT_IN_NAV)
        assert file.content_string == text and file.is_documentation_page()
        assert file.content_bytes == text.encode("utf-8", "surrogatepass")
        assert file.inclusion == InclusionLevel.NOT_IN_NAV and file.generated_by == "digestwiki"
        file.content_string = ""
        assert file.packed == b"" and file.content_string == ""

"""Material's sidebar rendered once per kind of page (sidebar.py): the built site is the same
byte for byte, with far fewer renders, and an owner's own sidebar partial still wins."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from conftest import MINIMAL_CONFIG, make_site
from digestwiki import sidebar

# Ten notes in one year (month links), two in another, papers in their own folder.
NOTES = {
    f"2024-{month:02d}-{day:02d}-week.md": (
        f"# 2024-{month:02d}-{day:02d} week\n\n"
        f"- [Paper {month} {day}](https://arxiv.org/abs/2401.{month:02d}{day:03d}) 좋았다.\n"
        "- [Shared paper](https://arxiv.org/abs/2312.00002) 다시.\n")
    for month, day in [(1, 3), (1, 17), (2, 5), (3, 4), (3, 11), (4, 1), (5, 6), (6, 3),
                       (7, 8), (9, 2)]
}
NOTES["2023-12-01-week.md"] = "# 2023-12-01\n\n- https://arxiv.org/abs/2312.00002 처음 읽음.\n"
NOTES["2023-11-01-week.md"] = "# 2023-11-01\n\n- https://arxiv.org/abs/2311.00009\n"

CONFIG = MINIMAL_CONFIG.replace("  font: false\n", """\
  font: false
  language: ko
  features:
    - navigation.indexes
    - navigation.prune
    - toc.integrate
repo_url: https://github.com/example/wiki
""")


def _build(root: Path) -> dict[str, bytes]:
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    mkdocs_build(config)
    return {p.relative_to(root / "site").as_posix(): p.read_bytes()
            for p in sorted((root / "site").rglob("*")) if p.is_file()}


def _renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    render = sidebar.render

    def spy(context: jinja2.runtime.Context) -> str:
        page = context.get("page")
        seen.append(page.url if page is not None else "")
        return render(context)

    monkeypatch.setattr(sidebar, "render", spy)
    return seen


@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_page_is_byte_identical_with_the_sidebar_rendered_once_per_kind(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, directory_urls: bool) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    config = CONFIG + ("" if directory_urls else "use_directory_urls: false\n")
    renders = _renders(monkeypatch)
    reused = _build(make_site(tmp_path / "a", NOTES, config))
    reused_renders = list(renders)
    renders.clear()
    monkeypatch.setattr(sidebar, "REUSE", False)
    each = _build(make_site(tmp_path / "b", NOTES, config))
    assert reused.keys() == each.keys()
    assert [name for name in reused if reused[name] != each[name]] == []
    pages = [name for name in each if name.endswith(".html")]
    assert len(renders) == len(pages)  # without reuse: once per page (404 included)
    # With reuse: once for all paper pages, once per month's notes, once per index page.
    paper_pages = [name for name in pages if name.startswith("papers/arxiv-")]
    assert len(paper_pages) == 12
    assert len([u for u in reused_renders if u.startswith("papers/arxiv-")]) == 1
    notes = [u for u in reused_renders if u.startswith("digests/20") and "-week" in u]
    months_2024 = {name[:7] for name in NOTES if name.startswith("2024")}
    assert len(notes) == len(months_2024) + 1  # 2023 has too few notes for month links
    assert len(reused_renders) < len(pages) - 12
    # The sidebar really is there, with the month of a note open on the note's page.
    note = ("digests/2024-03-04-week/index.html" if directory_urls
            else "digests/2024-03-04-week.html").encode()
    html = reused[note.decode()].decode()
    assert 'class="md-nav md-nav--primary' in html and "2024년 3월" in html
    def item(label: str) -> str:
        return html.split(label)[0].rsplit("<li ", 1)[-1]

    assert "md-nav__item--active" in item("2024년 3월")
    assert "md-nav__item--active" not in item("2024년 4월")


def test_an_owners_own_sidebar_partial_still_wins(tmp_path: Path) -> None:
    config = CONFIG.replace("  font: false\n", "  font: false\n  custom_dir: overrides\n")
    root = make_site(tmp_path, NOTES, config, {
        "overrides/partials/nav.html": '<nav class="owners-nav">{{ page.title }}</nav>\n'})
    built = _build(root)
    html = built["papers/arxiv-2312-00002/index.html"].decode()
    assert '<nav class="owners-nav">' in html
    assert html.count("owners-nav") == 1


def test_other_themes_are_left_alone(tmp_path: Path) -> None:
    plain = load_config(str(make_site(tmp_path, {}, MINIMAL_CONFIG.replace(
        "name: material", "name: mkdocs")) / "mkdocs.yml"))
    plain.plugins.on_config(plain)
    assert sidebar.THEME_DIR not in plain.theme.dirs
    material = load_config(str(make_site(tmp_path / "m", {}, MINIMAL_CONFIG) / "mkdocs.yml"))
    material.plugins.on_config(material)
    assert material.theme.dirs[0] == sidebar.THEME_DIR


class _Item:
    def __init__(self, url: str, children: list[_Item] | None = None,
                 active: bool = False) -> None:
        self.url, self.children, self.active = url, children, active


class _Nav:
    def __init__(self, items: list[_Item]) -> None:
        self.items = items


def test_a_page_whose_folder_holds_a_listed_page_keeps_its_own_sidebar() -> None:
    """From ``a/`` the link to ``a/b/`` is ``b/``, from ``c/`` it is ``../a/b/``: not shared."""
    nav = _Nav([_Item(""), _Item("a/b/"), _Item("d/", [_Item("d/e/", active=True)])])
    shape: sidebar.Shape = {}
    assert sidebar.sidebar_key(_Item("a/"), nav, shape) is None
    assert sidebar.sidebar_key(nav.items[1], nav, shape) is None  # listed: its own toc
    one, other = (sidebar.sidebar_key(_Item(u), nav, shape) for u in ("c/x/", "c/y/"))
    assert one is not None and one == other
    assert sidebar.sidebar_key(_Item("f/x/"), nav, shape) != one  # another folder
    assert sidebar.sidebar_key(_Item("c/x.html"), nav, shape) != one  # a file URL
    nav.items[2].children[0].active = False  # the next page opens another section
    assert sidebar.sidebar_key(_Item("c/z/"), nav, shape) != one

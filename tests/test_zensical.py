"""The Zensical recipe: ``digestwiki generate`` writes the pages, Zensical builds them.

Zensical runs no MkDocs plugins, so everything comes from the generated folder, the committed
``zensical.yml`` (read here, pointed at a temporary folder) and ``zensical-theme/``. The wiki is
checked through the HTML Zensical writes: paper pages, backlinks that land on their anchors,
BibTeX, the head tags and edit links the theme override prints, and no script from a note.
"""

from __future__ import annotations

import importlib.util
import posixpath
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO, env, make_site

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("zensical") is None,
    reason="zensical is not installed (pip install -e '.[test]' installs it)")

CLI = [sys.executable, "-m", "digestwiki.cli"]
ZENSICAL = [sys.executable, "-m", "zensical"]

CONFIG = """\
site_name: Test wiki
site_url: https://example.org/wiki/
repo_url: https://github.com/example/wiki
edit_uri: edit/main/docs/
theme:
  name: material
  language: ko
  font: false
  features: [content.action.edit]
plugins:
  - search
  - tags
  - digestwiki
"""

NOTES = {
    "2024-03-04-weekly.md": """\
---
tags: [vision]
---
# Weekly reading

## [Attention Is All You Need](https://arxiv.org/abs/1706.03762)

Transformer 논문. [ViT](https://arxiv.org/abs/2010.11929)와 같이 읽었다.

## 요약

## [Deep Residual Learning](https://arxiv.org/abs/1512.03385)

잔차 연결. <b>굵게</b>
""",
    "2024-03-11-single.txt": """\
https://arxiv.org/abs/2010.11929

*An Image is Worth 16x16 Words* (Alexey Dosovitskiy, Lucas Beyer)

비전 트랜스포머. #vision
""",
    # A contributor's note that tries to run script in the readers' browsers.
    "2024-03-18-hostile.md": """\
---
title: "<script>alert('title')</script>Hostile"
---
# Hostile

- [Batch Normalization](https://arxiv.org/abs/1502.03167) <script>alert('body')</script>
  <img src=x onerror="alert('img')"> [click](javascript:alert('link'))
  <div onclick="alert('div')">div</div>

<iframe src="https://example.org/"></iframe>
""",
}


def zensical_config(root: Path, mkdocs_yml: Path) -> Path:
    """The committed zensical.yml, inheriting ``mkdocs_yml`` and building ``root/docs`` into
    ``root/site`` (nav entries the wiki lacks are dropped, as a site owner would)."""
    config = yaml.safe_load((REPO / "zensical.yml").read_text(encoding="utf-8"))
    config["INHERIT"] = str(mkdocs_yml)
    config["theme"]["custom_dir"] = str(REPO / config["theme"]["custom_dir"])
    config["docs_dir"], config["site_dir"] = "docs", "site"
    config["nav"] = [p for p in config["nav"] if (root / "docs" / p).is_file()]
    path = root / "zensical.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def recipe(root: Path, mkdocs_yml: Path) -> Path:
    """``digestwiki generate`` then ``zensical build --strict``; returns the built site."""
    generated = subprocess.run([*CLI, "generate", "-f", str(mkdocs_yml), "--out",
                                str(root / "docs")], capture_output=True, text=True, env=env(),
                               cwd=root, timeout=600)
    assert generated.returncode == 0, generated.stderr
    built = subprocess.run([*ZENSICAL, "build", "--strict", "-f",
                            str(zensical_config(root, mkdocs_yml))],
                           capture_output=True, text=True, env=env(), cwd=root, timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "No issues found" in built.stdout + built.stderr
    return root / "site"


def html_pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def follow(site: Path, page: str, href: str) -> tuple[Path, str]:
    """The built file a relative link on ``page`` (a path in the site) reaches, and its anchor."""
    path, _, anchor = href.partition("#")
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    file = site / target
    return (file / "index.html" if file.is_dir() else file), anchor


def broken_links(site: Path) -> list[str]:
    """Relative links and images in the pages' articles that reach no file or no anchor."""
    broken = []
    for path in sorted(site.rglob("*.html")):
        page = path.relative_to(site).as_posix()
        body = article(path) if "<article" in path.read_text(encoding="utf-8") else ""
        for url in re.findall(r'\s(?:href|src)="([^"]+)"', body):
            if re.match(r"^[a-z]+:|^//|^#", url):
                continue
            target, anchor = follow(site, page, url)
            if not target.is_file() or (anchor and target.suffix == ".html" and f'id="{anchor}"'
                                        not in target.read_text(encoding="utf-8")):
                broken.append(f"{page}: {url}")
    return broken


def article(page: Path) -> str:
    m = re.search(r"<article\b.*?</article>", page.read_text(encoding="utf-8"), re.S)
    assert m, page
    return m.group(0)


@pytest.fixture(scope="module")
def wiki(tmp_path_factory: pytest.TempPathFactory) -> Path:
    notes = make_site(tmp_path_factory.mktemp("notes"), NOTES, config=CONFIG,
                      files={"docs/tags.md": "# Tags\n\n<!-- material/tags -->\n"})
    return recipe(tmp_path_factory.mktemp("zensical"), notes / "mkdocs.yml")


def test_paper_pages_link_back_to_the_anchors_in_their_digests(wiki: Path) -> None:
    page = "papers/arxiv-2010-11929/index.html"
    body = article(wiki / page)
    assert "An Image is Worth 16x16 Words" in body
    backlinks = re.findall(r'href="([^"]*digests/[^"]*#[^"]*)"', body)
    assert {h.split("/")[-2] for h in backlinks} == {"2024-03-04-weekly", "2024-03-11-single"}
    for href in backlinks:
        target, anchor = follow(wiki, page, href)
        assert target.is_file(), href
        assert f'id="{anchor}"' in target.read_text(encoding="utf-8"), href
    # The digest links forward to the paper page too.
    digest = "digests/2024-03-04-weekly/index.html"
    forward = re.findall(r'href="([^"]*papers/arxiv-1706-03762/)"', article(wiki / digest))
    assert forward and follow(wiki, digest, forward[0])[0].is_file()
    # Every link in every article lands, but the image the hostile note points at (it has
    # none), which stays where MkDocs would point it.
    assert broken_links(wiki) == ["digests/2024-03-18-hostile/index.html: ../2024-03-18-hostile/x"]


def test_bibtex_on_paper_pages_in_bib_files_and_in_the_head(wiki: Path) -> None:
    assert "dosovitskiy" in (wiki / "papers.bib").read_text(encoding="utf-8")
    assert (wiki / "papers.json").is_file()
    body = article(wiki / "papers" / "arxiv-2010-11929" / "index.html")
    assert re.search(r"@misc</span><span[^>]*>\{</span><span[^>]*>dosovitskiy", body)
    assert 'class="tabbed-set' in body  # BibTeX / BibLaTeX / plain text tabs, not "===" text
    digest = "digests/2024-03-04-weekly/index.html"
    bib = re.search(r'href="([^"]*\.bib)"', article(wiki / digest))
    assert bib and "@misc{" in follow(wiki, digest, bib.group(1))[0].read_text(encoding="utf-8")
    head = (wiki / "papers" / "arxiv-2010-11929" / "index.html").read_text(encoding="utf-8")
    head = head.split("</head>")[0]
    assert '<meta name="citation_arxiv_id" content="2010.11929">' in head
    assert 'type="application/rss+xml"' in head and 'href="../../feed.xml"' in head


def test_edit_links_open_the_note_and_paper_pages_have_none(wiki: Path) -> None:
    single = (wiki / "digests" / "2024-03-11-single" / "index.html").read_text(encoding="utf-8")
    assert ('href="https://github.com/example/wiki/edit/main/docs/digests/2024-03-11-single.txt"'
            in single)
    paper = (wiki / "papers" / "arxiv-2010-11929" / "index.html").read_text(encoding="utf-8")
    assert 'class="md-content__button md-icon" rel="edit"' not in paper
    assert 'class="md-content__button md-icon" rel="edit"' in single


def test_the_sidebar_lists_the_indexes_not_every_paper(wiki: Path) -> None:
    paper = (wiki / "papers" / "arxiv-2010-11929" / "index.html").read_text(encoding="utf-8")
    nav = re.findall(r'<a href="([^"]*)" class="md-nav__link', paper)
    assert nav and not [h for h in nav if "arxiv-" in h]
    assert "요약" in re.findall(r'<h2 id="([^"]*)"',
                              article(wiki / "digests" / "2024-03-04-weekly" / "index.html"))


def test_no_script_from_a_note_reaches_the_site(wiki: Path) -> None:
    page = (wiki / "digests" / "2024-03-18-hostile" / "index.html").read_text(encoding="utf-8")
    assert "Batch Normalization" in page and "Hostile" in page
    for path in wiki.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "<script>alert" not in text, path
        assert not re.search(r"""<[a-z]+[^>]*\son(error|click)=["']?alert""", text), path
        assert "javascript:alert" not in text and "<iframe" not in text, path
    assert "<b>굵게</b>" in (wiki / "digests" / "2024-03-04-weekly" / "index.html").read_text(
        encoding="utf-8")  # sanitized, not flattened


def test_the_seed_site_has_the_pages_and_data_mkdocs_builds(repo_site: Path,
                                                            tmp_path: Path) -> None:
    """The repository's own wiki (its notes are the seeds): every page MkDocs builds but the
    statistics page (a mkdocs-gen-files script, which Zensical does not run), and the same
    papers.json and papers.bib."""
    site = recipe(tmp_path, REPO / "mkdocs.yml")
    assert html_pages(site) == html_pages(repo_site) - {"stats/index.html"}
    assert not broken_links(site)
    for name in ("papers.json", "papers.bib", "feed.xml"):
        assert (site / name).read_bytes() == (repo_site / name).read_bytes(), name

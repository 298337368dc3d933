"""ProperDocs (the continuation of MkDocs 1.x) builds the wiki exactly as MkDocs does.

The plugin is registered under both ``mkdocs.plugins`` and ``properdocs.plugins``; a group that
moves to ``properdocs build`` keeps the same site, and ``--strict`` still counts the plugin's
warnings.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import REPO, build, env, make_site, warnings_of

PROPERDOCS = [sys.executable, "-m", "properdocs"]
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
# The build date is in the sitemap: two builds a second apart may differ there.
DATED = {"sitemap.xml", "sitemap.xml.gz"}

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

## [Deep Residual Learning](https://arxiv.org/abs/1512.03385)

잔차 연결. <b>굵게</b> <script>alert(1)</script>
""",
    "2024-03-11-single.txt": """\
https://arxiv.org/abs/2010.11929

*An Image is Worth 16x16 Words* (Alexey Dosovitskiy, Lucas Beyer)

비전 트랜스포머. #vision
""",
}


def properdocs(root: Path, config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*PROPERDOCS, "build", "--strict", "-f", str(config), "-d", str(site)],
                          capture_output=True, text=True, env=env(), cwd=root, timeout=600)


def files_of(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def assert_same_site(mkdocs_site: Path, properdocs_site: Path) -> None:
    """The same files, papers.json and papers.bib byte for byte, and every page the same but
    for the generator tag each tool writes about itself."""
    names = files_of(mkdocs_site)
    assert names == files_of(properdocs_site)
    assert {"papers.json", "papers.bib", "feed.xml"} <= names
    pages = {n for n in names if n.endswith(".html")}
    assert len(pages) > 10
    # Pagefind's bundle is Pagefind's output, not the generator's: compared by name only.
    for name in sorted(n for n in names - DATED if not n.startswith("pagefind/")):
        ours, theirs = (mkdocs_site / name).read_bytes(), (properdocs_site / name).read_bytes()
        if name.endswith(".html"):
            ours, theirs = GENERATOR.sub(b"", ours), GENERATOR.sub(b"", theirs)
        assert ours == theirs, f"{name} differs between mkdocs and properdocs builds"


def test_the_repository_builds_the_same_with_properdocs(repo_site: Path, tmp_path: Path) -> None:
    result = properdocs(REPO, REPO / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert not warnings_of(result), result.stderr
    assert b"ProperDocs" in (tmp_path / "site" / "index.html").read_bytes()  # it was ProperDocs
    assert_same_site(repo_site, tmp_path / "site")


def test_a_wiki_of_our_own_notes_builds_the_same_with_properdocs(tmp_path: Path) -> None:
    root = make_site(tmp_path / "wiki", NOTES, config=CONFIG,
                     files={"docs/tags.md": "# Tags\n\n<!-- material/tags -->\n"})
    built = build(root)
    assert built.returncode == 0, built.stderr
    assert not warnings_of(built), built.stderr
    result = properdocs(root, root / "mkdocs.yml", tmp_path / "properdocs-site")
    assert result.returncode == 0, result.stderr
    assert not warnings_of(result), result.stderr
    assert_same_site(root / "site", tmp_path / "properdocs-site")
    page = (tmp_path / "properdocs-site" / "papers" / "arxiv-2010-11929" / "index.html").read_text(
        encoding="utf-8")
    assert '<meta name="citation_title" content="An Image is Worth 16x16 Words">' in page
    assert "../../digests/2024-03-11-single/#arxiv-2010-11929" in page  # reviewed there
    digest = (tmp_path / "properdocs-site" / "digests" / "2024-03-04-weekly" / "index.html"
              ).read_text(encoding="utf-8")
    assert "<script>alert" not in digest and "<b>굵게</b>" in digest  # sanitized, not stripped


def test_properdocs_strict_counts_the_plugins_warnings(tmp_path: Path) -> None:
    """The plugin logs through MkDocs' logger; ProperDocs must count it, or --strict would
    publish a wiki with notes it could not read."""
    notes = {**NOTES, "2024-03-18-bad-date.md": "---\ndate: someday\n---\n"
             "# Bad date\n\n- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n"}
    root = make_site(tmp_path / "wiki", notes)
    result = properdocs(root, root / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0
    said = [w for w in warnings_of(result) if "2024-03-18-bad-date.md:2:" in w]
    assert said and "someday" in said[0], result.stderr
    assert "strict" in result.stderr
    assert "Traceback" not in result.stderr
    assert [w for w in warnings_of(build(root)) if "bad-date" in w] == said  # as MkDocs says it

"""`digestwiki generate --out DIR`: the wiki as plain files, from the pipeline the plugin uses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import build, env, make_site
from digestwiki.links import page_url

CLI = [sys.executable, "-m", "digestwiki.cli"]

NOTES = {
    "2024-03-04-weekly.md": """\
# Weekly reading

## [Attention Is All You Need](https://arxiv.org/abs/1706.03762)

Transformer 논문. [ViT](https://arxiv.org/abs/2010.11929)와 같이 읽었다.

## [Deep Residual Learning](https://arxiv.org/abs/1512.03385)

잔차 연결. <img src=x onerror="alert(1)"> <script>alert(2)</script>
[click](javascript:alert(3)) ![figure](figure.png)
""",
    "2024-03-11-single.txt": """\
https://arxiv.org/abs/2010.11929

*An Image is Worth 16x16 Words* (Alexey Dosovitskiy, Lucas Beyer)

비전 트랜스포머.
""",
}


def generate(root: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, "generate", "-f", str(root / "mkdocs.yml"), "--out", str(out)],
                          capture_output=True, text=True, env=env(), cwd=root)


def pages_of(folder: Path, suffix: str) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob(f"*{suffix}")}


def test_generate_writes_the_pages_the_plugin_builds(tmp_path: Path) -> None:
    root = make_site(tmp_path / "wiki", NOTES, files={"docs/digests/figure.png": "png"})
    result = generate(root, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    assert build(root).returncode == 0
    site = root / "site"
    # Every page MkDocs builds from the plugin's records is a Markdown page here, and back.
    built = {p[: -len("index.html")] for p in pages_of(site, ".html") if p != "404.html"}
    written = {page_url(p) for p in pages_of(out, ".md")}
    assert written == built
    for name in ("papers.bib", "papers.json", "feed.xml", "digests/2024-03-04-weekly.bib",
                 "assets/digestwiki/digestwiki.css", "assets/digestwiki/digestwiki.js",
                 "digests/figure.png"):
        assert (out / name).is_file(), name
    # The data files are the very ones the plugin publishes.
    for name in ("papers.bib", "papers.json", "feed.xml"):
        assert (out / name).read_bytes() == (site / name).read_bytes(), name
    assert {p["id"] for p in json.loads((out / "papers.json").read_text())["papers"]} >= {
        "arxiv:1706.03762", "arxiv:1512.03385", "arxiv:2010.11929"}
    # No note is copied as it is: only its page is there.
    assert not (out / "digests" / "2024-03-11-single.txt").exists()


def test_a_paper_page_has_backlinks_and_bibtex(tmp_path: Path) -> None:
    root = make_site(tmp_path / "wiki", NOTES)
    assert generate(root, tmp_path / "out").returncode == 0
    page = (tmp_path / "out" / "papers" / "arxiv-2010-11929.md").read_text(encoding="utf-8")
    assert "An Image is Worth 16x16 Words" in page
    assert "../digests/2024-03-04-weekly.md" in page  # mentioned there
    assert "../digests/2024-03-11-single.md" in page  # reviewed there
    assert "@misc{" in page or "@article{" in page or "@inproceedings{" in page


def test_digest_pages_are_sanitized_html_with_final_links(tmp_path: Path) -> None:
    root = make_site(tmp_path / "wiki", NOTES, files={"docs/digests/figure.png": "png"})
    assert generate(root, tmp_path / "out").returncode == 0
    page = (tmp_path / "out" / "digests" / "2024-03-04-weekly.md").read_text(encoding="utf-8")
    body = page.split("\n---\n", 1)[1]
    assert "<script" not in body and "onerror" not in body and "javascript:" not in body
    # The paper page's URL, written from the page's source file (digests/), as Zensical reads
    # every relative URL; MkDocs serves the page at ../../papers/arxiv-1706-03762/.
    assert 'href="../papers/arxiv-1706-03762/"' in body
    assert 'src="figure.png"' in body
    assert page.startswith("---\ntitle: Weekly reading\n")


def test_generate_refuses_docs_and_folders_it_did_not_write(tmp_path: Path) -> None:
    root = make_site(tmp_path / "wiki", NOTES)
    inside = generate(root, root / "docs" / "out")
    assert inside.returncode == 2 and "outside" in inside.stderr
    assert not (root / "docs" / "out").exists()
    assert "Traceback" not in inside.stderr
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "thesis.tex").write_text("keep me", encoding="utf-8")
    refused = generate(root, theirs)
    assert refused.returncode == 2 and "not written by" in refused.stderr
    assert (theirs / "thesis.tex").read_text(encoding="utf-8") == "keep me"


def test_a_second_run_replaces_the_folder_it_wrote(tmp_path: Path) -> None:
    root = make_site(tmp_path / "wiki", NOTES)
    out = tmp_path / "out"
    assert generate(root, out).returncode == 0
    (root / "docs" / "digests" / "2024-03-11-single.txt").unlink()
    assert generate(root, out).returncode == 0
    assert not (out / "digests" / "2024-03-11-single.md").exists()
    assert (out / "digests" / "2024-03-04-weekly.md").exists()
    assert not any(p.name.startswith(".out.") for p in tmp_path.iterdir())


def test_strict_fails_on_a_note_the_wiki_cannot_fully_read(tmp_path: Path) -> None:
    root = make_site(tmp_path / "wiki", {**NOTES, "2024-03-12-bad.md": "---\ntags: [a\n---\n# x\n"})
    lenient = generate(root, tmp_path / "out")
    assert lenient.returncode == 0 and "2024-03-12-bad.md:" in lenient.stderr
    strict = subprocess.run([*CLI, "generate", "-f", str(root / "mkdocs.yml"), "--out",
                             str(tmp_path / "out"), "--strict"],
                            capture_output=True, text=True, env=env(), cwd=root)
    assert strict.returncode == 1 and "--strict" in strict.stderr
    assert "Traceback" not in strict.stderr

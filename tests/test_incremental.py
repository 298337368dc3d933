"""Generation with the previous one at hand (`mkdocs serve` after an edit) reuses the texts
whose inputs did not change, and ends with exactly what a fresh generation makes."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import make_site
from digestwiki import pipeline
from digestwiki.bibtex import load_registry
from digestwiki.config import load_settings
from digestwiki.generate import Generated, SiteInfo, generate
from digestwiki.metadata.cache import load_cache

WEEKLY = """\
# Week 10

## [Attention Is All You Need](https://arxiv.org/abs/1706.03762)

트랜스포머 원 논문. [ResNet](https://arxiv.org/abs/1512.03385)과 비교.

## [An Image is Worth 16x16 Words](https://arxiv.org/abs/2010.11929)

ViT. ![fig](vit.png)
"""
JEKYLL = """\
---
layout: post
title: A Jekyll post
---
<img src="{{ '/assets/fig.png' | prepend: site.baseurl }}" alt="fig">

[Attention Is All You Need](https://arxiv.org/abs/1706.03762) 다시 읽기.
"""
SINGLE = """\
https://arxiv.org/abs/1512.03385

*Deep Residual Learning for Image Recognition* (Kaiming He, Xiangyu Zhang)

잔차 연결.
"""


def _generate(root: Path, previous: Generated | None = None) -> Generated:
    settings = load_settings(root / "mkdocs.yml")
    wiki = pipeline.assemble(pipeline.read_notes(settings), load_cache(settings.cache_file),
                             load_registry(settings.keys_file))
    docs = settings.docs_dir
    return generate(wiki, settings, SiteInfo("Test wiki", "https://example.org/"),
                    lambda src: (docs / src).is_file(), previous)


def _texts(generated: Generated) -> dict[str, str | None]:
    return {src: o.text for src, o in generated.outputs.items()}


def _edit(root: Path, name: str, text: str | None) -> None:
    path = root / "docs" / (name if "/" in name else f"digests/{name}")
    path.parent.mkdir(parents=True, exist_ok=True)
    if text is None:
        path.unlink()
    else:
        path.write_text(text, encoding="utf-8")


EDITS = {
    "commentary": [("2024-03-04-week.md", WEEKLY.replace("ViT.", "ViT, 이미지 패치."))],
    "title": [("2024-03-04-week.md", WEEKLY.replace("Attention Is All You Need",
                                                      "Attention Is All You Need (NeurIPS)"))],
    "new note": [("2024-03-20-new.md", "# New\n\n## [GPT-3](https://arxiv.org/abs/2005.14165)"
                  "\n\n[ViT](https://arxiv.org/abs/2010.11929) 이후.\n")],
    "deleted note": [("2024-03-11-resnet.txt", None)],
    "new mention": [("2024-03-11-resnet.txt",
                     SINGLE + "\nhttps://arxiv.org/abs/1706.03762 참고\n")],
    "image added": [("assets/fig.png", "png")],
    "new month": [("2024-05-02-may.md", "# May\n\n## [BERT](https://arxiv.org/abs/1810.04805)\n")],
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_incremental_generation_equals_a_fresh_one(tmp_path: Path, edit: str) -> None:
    root = make_site(tmp_path, {"2024-03-04-week.md": WEEKLY, "2024-03-11-resnet.txt": SINGLE,
                                "2024-03-12-jekyll.md": JEKYLL})
    first = _generate(root)
    for name, text in EDITS[edit]:
        _edit(root, name, text)
    again = _generate(root, first)
    fresh = _generate(root)
    assert _texts(again) == _texts(fresh)
    # `changed` is exactly what differs from the first generation.
    differs = {src for src, text in _texts(fresh).items()
               if src not in first.outputs or first.outputs[src].text != text}
    assert again.changed == differs
    assert again.changed  # every edit above changes some page
    # An unchanged text is the very object of the first generation, even when it was made
    # again (an index family): the preview tells a page's neighbours by that identity.
    kept = [src for src, o in again.outputs.items() if src not in again.changed and o.text]
    assert kept and all(again.outputs[src] is first.outputs[src] for src in kept)


def test_an_unchanged_wiki_renders_nothing_again(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"2024-03-04-week.md": WEEKLY, "2024-03-11-resnet.txt": SINGLE})
    first = _generate(root)
    again = _generate(root, first)
    assert again.changed == set()
    assert all(again.outputs[src] is first.outputs[src] for src in first.outputs
               if first.outputs[src].text is not None)


def test_a_commentary_edit_reuses_the_pages_of_papers_the_note_does_not_touch(
        tmp_path: Path) -> None:
    root = make_site(tmp_path, {"2024-03-04-week.md": WEEKLY, "2024-03-11-resnet.txt": SINGLE})
    first = _generate(root)
    _edit(root, "2024-03-11-resnet.txt", SINGLE.replace("잔차 연결.", "잔차 연결, 깊은 망."))
    again = _generate(root, first)
    assert again.changed == {"digests/2024-03-11-resnet.md"}
    assert again.outputs["papers/arxiv-1706-03762.md"] is first.outputs[
        "papers/arxiv-1706-03762.md"]


def test_discussed_alongside_is_worked_out_again_only_near_the_edit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new title shows in the rows of papers that share any note with the renamed paper,
    and papers of untouched notes keep their rows without being looked at again."""
    from digestwiki import reader

    other = ("https://arxiv.org/abs/1810.04805\n\n*BERT* (Jacob Devlin)\n\n"
             "https://arxiv.org/abs/2005.14165 와 비교.\n")
    root = make_site(tmp_path, {"2024-03-04-week.md": WEEKLY, "2024-03-11-resnet.txt": SINGLE,
                                "2024-03-12-bert.txt": other})
    first = _generate(root)
    asked: list[list[str] | None] = []
    real = reader.paper_alongside
    monkeypatch.setattr(reader, "paper_alongside", lambda wiki, layout, limit=5, papers=None: (
        asked.append(None if papers is None else sorted(papers)),
        real(wiki, layout, limit, papers))[1])
    # ResNet is renamed in its own note; the weekly note mentions it beside Attention and ViT.
    _edit(root, "2024-03-11-resnet.txt", SINGLE.replace("Deep Residual Learning",
                                                        "Deeper Residual Learning"))
    again = _generate(root, first)
    assert asked == [["arxiv:1512.03385", "arxiv:1706.03762", "arxiv:2010.11929"]]
    assert _texts(again) == _texts(_generate(root))
    assert "Deeper Residual" in again.outputs["papers/arxiv-1706-03762.md"].text  # type: ignore
    assert again.outputs["papers/arxiv-1810-04805.md"] is first.outputs[
        "papers/arxiv-1810-04805.md"]


def test_a_new_note_renders_again_only_the_index_pages_that_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Index pages are made again on a new note, but each is rendered only when what it
    shows changed (a split papers index: the new paper's letter, not every letter)."""
    import jinja2

    from conftest import MINIMAL_CONFIG

    notes = {f"2024-03-{n + 1:02d}-n{n}.txt":
             f"https://arxiv.org/abs/2001.{n:05d}\n{letter}lpha Paper {n} (Ann Lee)\n"
             for n, letter in enumerate("ABCDE" * 5)}
    root = make_site(tmp_path, notes, MINIMAL_CONFIG.replace(
        "  - digestwiki\n", "  - digestwiki:\n      index_page_size: 10\n"))
    first = _generate(root)
    letters = sorted(src for src in first.outputs if src.startswith("papers/titles/"))
    assert len(letters) == 5
    rendered: list[str] = []
    real = jinja2.Template.render
    monkeypatch.setattr(jinja2.Template, "render", lambda self, *a, **k: (
        rendered.append(self.name or ""), real(self, *a, **k))[1])
    _edit(root, "2024-03-20-new.txt", "https://arxiv.org/abs/2001.00099\nCharlie Paper (Bo Kim)\n")
    again = _generate(root, first)
    changed = {src for src in again.changed if src.startswith("papers/titles/")}
    assert changed == {"papers/titles/c.md"}
    assert rendered.count("papers_index.md.j2") == 2  # the C page and the overview
    assert _texts(again) == _texts(_generate(root))

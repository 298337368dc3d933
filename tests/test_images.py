"""Images a note shows that the repository lacks: found with their lines, said once per note,
by lint (and by the build, through the same function)."""

from __future__ import annotations

from pathlib import Path

import pytest

from digestwiki.images import image_refs, message, missing_images
from digestwiki.parse import parse_digest
from test_lint import Wiki, problem_lines
from test_lint import wiki as wiki  # noqa: F401  (the fixture)

JEKYLL = """---
layout: post
title: "A preview"
date: 2020-01-07
---

###  <a href="https://openreview.net/pdf?id=BkluqlSFDS"><b> 1. Matched Averaging </b></a>

<figure>
	<img src="{{ '/assets/img/preview/1.PNG' | prepend: site.baseurl }}" alt="">
	<figcaption> [그림 1] 구조 </figcaption>
</figure>

다시 한 번 <img src="{{ '/assets/img/preview/1.PNG' | relative_url }}"> 참고.
![chart](img/chart.png) and ![remote](https://example.org/x.png)
<img src="/assets/img/here.png">
"""


def test_refs_are_site_paths_with_file_lines() -> None:
    digest = parse_digest(JEKYLL, "docs/digests/2020-01-07-preview.md")
    assert image_refs(digest, "digests") == [
        (10, "assets/img/preview/1.PNG"), (14, "assets/img/preview/1.PNG"),
        (15, "digests/img/chart.png"), (16, "assets/img/here.png")]


def test_each_missing_image_once_with_its_first_line_and_count() -> None:
    digest = parse_digest(JEKYLL, "docs/digests/2020-01-07-preview.md")
    gaps = missing_images(digest, lambda path: path == "assets/img/here.png")
    assert [(g.path, g.line, g.count) for g in gaps] == [
        ("assets/img/preview/1.PNG", 10, 2), ("digests/img/chart.png", 15, 1)]
    text = message(digest.source, gaps)
    assert text.startswith("docs/digests/2020-01-07-preview.md:10: the note shows 2 images")
    assert "assets/img/preview/1.PNG (line 10, 2 times)" in text
    assert "digests/img/chart.png (line 15)" in text


def test_lint_says_it_once_per_note(wiki: Wiki, tmp_path: Path) -> None:  # noqa: F811
    path = wiki.note("2020-01-07-preview.md", JEKYLL)
    (tmp_path / "docs" / "assets" / "img").mkdir(parents=True)
    (tmp_path / "docs" / "assets" / "img" / "here.png").write_bytes(b"\x89PNG")
    code, out, _ = wiki.run(path)
    lines = [line for line in problem_lines(out) if "image" in line]
    assert len(lines) == 1, out
    assert lines[0].startswith(f"{path}:10: warning: the note shows 2 images")
    assert "here.png" not in lines[0]
    assert code == 0  # a warning: the page still shows the caption


@pytest.mark.parametrize("strict", [False, True])
def test_a_note_with_every_image_present_says_nothing(wiki: Wiki, tmp_path: Path,  # noqa: F811
                                                      strict: bool) -> None:
    text = JEKYLL.split("<figure>")[0] + "<img src=\"/assets/img/here.png\">\n"
    path = wiki.note("2020-01-07-preview.md", text)
    (tmp_path / "docs" / "assets" / "img").mkdir(parents=True)
    (tmp_path / "docs" / "assets" / "img" / "here.png").write_bytes(b"\x89PNG")
    _, out, _ = wiki.run(*(["--strict"] if strict else []), path)
    assert not [line for line in problem_lines(out) if "image" in line], out

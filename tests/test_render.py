"""Golden render cases: a note in, its page's Markdown out, one per shape family, plus the
bugs the one-parse renderer fixed. Each page is made from the same parse the wiki is made
from, so every anchor a backlink points at is on the page exactly once.

The golden files live in tests/data/render/. After a deliberate change of the renderer, look
at the diff, then rewrite them with ``python tests/test_render.py``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from digestwiki.body import PageLinks, render_body
from digestwiki.graph import Wiki
from digestwiki.model import Digest
from digestwiki.pipeline import assemble, parse_notes
from digestwiki.render import Layout

GOLDEN = Path(__file__).parent / "data" / "render"

CASES: dict[str, tuple[str, str]] = {
    # --- shape families ---
    "plain-url-then-title": ("2020-07-01-plain.txt", (
        "요즘 읽은 것.\n"
        "https://arxiv.org/abs/2007.10909\n"
        "SliceOut: Training Transformers Faster (Pascal Notin, Yarin Gal)\n"
        "첫 줄 코멘트 <b>not html</b> & more. memo(https://arxiv.org/abs/2001.10913) 참고.\n")),
    "markdown-title-then-url": ("2021-05-08-md.md", (
        "# 210508 최근 논문들\n\n"
        "RepMLP: Re-parameterizing Convolutions into Fully-connected Layers\n\n"
        "https://arxiv.org/abs/2105.01883\n\n"
        "detr (https://arxiv.org/abs/2005.12872) 이후로 자연스러운 흐름.\n")),
    "bullets-link-title": ("2024-03-01-bullets.md", (
        "## Reading\n\n"
        "- [x] [Widget Forecasting](https://arxiv.org/pdf/2012.00001.pdf), *AAAI 21*.\n"
        "- [Widget Models Are Few-Shot Learners](https://arxiv.org/abs/2404.00001v1) 좋음\n"
        "  - 비교: [GEM](https://arxiv.org/abs/1706.00001) 처럼 동작.\n")),
    "table-rows": ("2024-03-02-table.md", (
        "| Date | Paper | Presenter |\n|---|---|---|\n"
        "| 3rd May, 2023 | [Sparse Widgets for Graphs](https://arxiv.org/abs/2305.01234) | Kim |\n"
        "| 10th May, 2023 | [Paper A](https://arxiv.org/abs/2301.00001)<br>"
        "[Paper B](https://arxiv.org/abs/2301.00002) | Lee |\n")),
    "heading-holds-link": ("2024-03-03-headings.md", (
        "### Tanaka et al. [Widget Learning](https://arxiv.org/pdf/1602.00001v2.pdf) ICML 2016\n\n"
        "Commentary about widgets, see https://arxiv.org/abs/1509.00002 for more.\n")),
    "jekyll-html-heading": ("2020-01-07-jekyll.md", (
        "---\nlayout: post\ntitle: \"ICLR preview\"\n---\n\n"
        "###  <a href=\"https://openreview.net/pdf?id=BkluqlSFDS\" target=\"_blank\">"
        "<b> 1. Federated Learning with Matched Averaging (Oral) </b></a>\n"
        "- rating: 8 / 8 / 8\n"
        "- 기존 <a href=\"https://arxiv.org/pdf/1602.05629.pdf\"><b> FedAvg </b></a> 방식.\n")),
    "bold-title-generic-pdf": ("2024-03-04-numbered.md", (
        "1. **Widget Pre-training**. *A. Kim, B. Lee and C. Park*. ACL 2019. "
        "[[pdf](https://arxiv.org/pdf/1901.00003.pdf)] [[code](https://github.com/x/y)]\n")),
    "venue-link-then-title": ("2024-03-05-venue.md", (
        "- [[CVPR](http://export.arxiv.org/abs/1904.00001)] WidgetConv: Point Widgets. "
        "[[pytorch](https://github.com/x/widgetconv)] :fire:\n")),
    "hf-daily-sub-items": ("2025-11-04-hf.md", (
        "1. **Widget VLA: a long title that wraps\n"
        "   onto a second line** - 👍 17\n"
        "   - [HF 페이지](https://huggingface.co/papers/2511.00001)\n"
        "   - [논문 링크](https://arxiv.org/abs/2511.00001)\n")),
    "one-paper-note": ("2024-03-06-single.md", (
        "---\ntitle: \"Widget Optimizer: A Method\"\n---\n\n"
        "* [Link to the paper](https://arxiv.org/abs/1412.00001)\n\n"
        "## Idea\n\nBaselines:\n\n* [EWC](https://arxiv.org/abs/1612.00002)\n")),
    "reference-list-url-work": ("2024-03-07-refs.txt", (
        "1. Kim, J., & Lee, S. (2009). Widget ranking from feedback. "
        "https://arxiv.org/ftp/arxiv/papers/1205/1205.00001.pdf\n"
        "2. Widget Proceedings Paper https://proceedings.mlr.press/v32/widget14.pdf\n")),
    # --- the bugs listed in "Notes as documents" ---
    "bug-title-with-bracketed-link": ("2024-04-01-lora.md", (
        "- LoRA: Low-Rank Adaptation of Large Language Models "
        "[[arXiv](https://arxiv.org/abs/2106.09685)]\n"
        "- Denoising Diffusion Probabilistic Models ([arXiv](https://arxiv.org/abs/2006.11239))\n")),
    "bug-hashtag-line": ("2024-04-02-tags.md", (
        "# 오늘의 논문\n\nScaling Laws for Neural Language Models\n\n"
        "https://arxiv.org/abs/2001.08361\n\n#review #비전\n")),
    "bug-table-row-and-prose": ("2024-04-03-row-prose.md", (
        "| Paper | Note |\n|---|---|\n"
        "| [Latent Diffusion](https://arxiv.org/abs/2112.10752) | good |\n\n"
        "Later [LDM](https://arxiv.org/abs/2112.10752) and "
        "[DDPM](https://arxiv.org/abs/2006.11239) were compared.\n")),
    "bug-plain-comment-and-memo": ("2024-04-04-memo.txt", (
        "https://arxiv.org/abs/2101.00001 comment here, memo(https://arxiv.org/abs/2001.10913)\n"
        "A Paper Title Of Some Length (Ada Lovelace)\n")),
}


def page(name: str, text: str) -> tuple[Wiki, Digest, str]:
    wiki = assemble(parse_notes([(f"docs/digests/{name}", text.encode("utf-8"))]), {}, {})
    digest = wiki.digests[0]
    layout = Layout()
    links = PageLinks(layout.linker(layout.digest_src(digest)),
                      paper_src=lambda pid: layout.paper_src(wiki.paper(pid)),
                      title_of=lambda e: e.title or wiki.paper(e.id).display_title,
                      paper_title=lambda pid: wiki.paper(pid).display_title,
                      asset_exists=lambda path: False)
    return wiki, digest, render_body(digest, links)


@pytest.mark.parametrize("case", sorted(CASES))
def test_page_markdown_is_golden(case: str) -> None:
    _, _, body = page(*CASES[case])
    assert body == (GOLDEN / f"{case}.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_backlink_anchor_is_on_the_page_once(case: str) -> None:
    wiki, digest, body = page(*CASES[case])
    anchors = [b.anchor for p in wiki.papers.values() for b in p.backlinks]
    assert anchors
    for anchor in anchors:
        written = re.findall(rf'(?:id="|\{{ #){re.escape(anchor)}(?=[" ])', body)
        assert len(written) == 1, (anchor, body)


def test_nothing_repeated_and_no_link_debris() -> None:
    _, digest, body = page(*CASES["bug-title-with-bracketed-link"])
    assert [e.title for e in digest.entries] == [
        "LoRA: Low-Rank Adaptation of Large Language Models",
        "Denoising Diffusion Probabilistic Models"]
    assert body.count("Low\\-Rank Adaptation") == 1  # the heading, not loose text again
    assert "()" not in body and not re.search(r"^\s*\]\s*$", body, re.M)


def test_a_hashtag_line_is_tags_not_a_heading() -> None:
    _, digest, body = page(*CASES["bug-hashtag-line"])
    assert digest.tags == ["review", "비전"]
    assert "\\#review" in body and not re.search(r"^#review", body, re.M)


def test_table_row_entry_has_its_anchor_and_prose_mention_its_own() -> None:
    wiki, digest, body = page(*CASES["bug-table-row-and-prose"])
    paper = wiki.paper("arxiv:2112.10752")
    assert [(b.role, b.anchor) for b in paper.backlinks] == [
        ("reviewed", "arxiv-2112-10752"), ("mentioned", "mention-arxiv-2112-10752")]
    mention = next(b for b in paper.backlinks if b.role == "mentioned")
    assert mention.context.startswith("Later LDM")  # the sentence, not the table row
    row = next(line for line in body.split("\n") if "Latent Diffusion" in line)
    assert 'id="arxiv-2112-10752"' in row and 'id="mention-' not in row


def test_plain_line_keeps_its_comment_and_its_mention() -> None:
    _, digest, body = page(*CASES["bug-plain-comment-and-memo"])
    assert [m.id for m in digest.mentions] == ["arxiv:2001.10913"]
    assert "comment here, memo(" in body
    assert 'id="mention-arxiv-2001-10913"' in body


if __name__ == "__main__":
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for case, (name, text) in CASES.items():
        (GOLDEN / f"{case}.md").write_text(page(name, text)[2], encoding="utf-8")
        print("wrote", GOLDEN / f"{case}.md", file=sys.stderr)


def test_a_title_is_dropped_from_its_line_exactly_where_its_pattern_matches() -> None:
    """Entry lines lose their title (any case, markup around and between its words): found
    by hand for plain ASCII titles, by the compiled pattern otherwise, with one result."""
    import random

    from digestwiki.body import _drop_title, _title_pattern

    assert _drop_title("- **Attention  is _All_ You Need** (Vaswani) 좋다",
                       "attention is all you need") == "-   (Vaswani) 좋다"
    assert _drop_title("\u212aernel Methods", "Kernel Methods") == " "  # KELVIN SIGN: re.I
    rng = random.Random(7)
    words = ["Attention", "is", "all", "Need", "a", "sk", "K8", "x-y", "(v2)", "B", "한국",
             "AB*", "_a", "“q”"]
    noise = list("abcAB C*_\"“”'`~\t\n-.:()[]한") + ["\u212a", "\u017f", "\u0131", "\u00a0"]
    for _ in range(20_000):
        title = " ".join(rng.choice(words) for _ in range(rng.randint(0, 4)))
        pieces = []
        for _ in range(rng.randint(0, 6)):
            roll = rng.random()
            if roll < 0.4:
                pieces.append(rng.choice(words))
            elif roll < 0.6:
                gap = "".join(rng.choice(" *_`~\t") for _ in range(rng.randint(0, 2)))
                pieces.append(gap.join(w.upper() if rng.random() < 0.3 else w
                                       for w in title.split()))
            else:
                pieces.append("".join(rng.choice(noise) for _ in range(rng.randint(0, 4))))
        text = "".join(pieces)
        pattern = _title_pattern(title)
        expected = pattern.sub(" ", text, count=1) if pattern is not None else text
        assert _drop_title(text, title) == expected, (title, text)


JEKYLL_MD_IMAGES = """---
layout: post
title: "Figures"
date: 2020-01-07
---

### [Matched Averaging](https://openreview.net/forum?id=BkluqlSFDS)

![구조]({{ '/assets/img/here.png' | relative_url }})
![결과 표]({{ "/assets/img/gone.PNG" | prepend: site.baseurl }} "caption")
![]({{ '/assets/img/gone2.png' | absolute_url }})
"""


def test_jekyll_markdown_images_point_at_the_asset_or_say_it_is_missing() -> None:
    """``![alt]({{ '/assets/x.png' | relative_url }})`` is read like the ``<img>`` form: the
    Liquid path becomes the asset's link when the repository has it, else the caption."""
    wiki = assemble(parse_notes([("docs/digests/2020-01-07-figures.md",
                                  JEKYLL_MD_IMAGES.encode("utf-8"))]), {}, {})
    digest, layout = wiki.digests[0], Layout()
    links = PageLinks(layout.linker(layout.digest_src(digest)),
                      paper_src=lambda pid: layout.paper_src(wiki.paper(pid)),
                      title_of=lambda e: e.title or wiki.paper(e.id).display_title,
                      paper_title=lambda pid: wiki.paper(pid).display_title,
                      asset_exists=lambda path: path == "assets/img/here.png")
    body = render_body(digest, links)
    assert "{{" not in body and "}}" not in body
    assert "![구조](../../assets/img/here.png)" in body
    assert ('<span class="dw-missing-image" title="assets/img/gone.PNG is not in this '
            'repository">[image: 결과 표]</span>') in body
    assert "[image: gone2.png]</span>" in body

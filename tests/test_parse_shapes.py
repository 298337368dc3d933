"""The general entry rules on shapes the seeds do not show, and the text quirks."""

from __future__ import annotations

from digestwiki.parse import parse_digest


def parse(text: str, name: str = "docs/digests/2024-03-01-note.txt"):  # type: ignore[no-untyped-def]
    return parse_digest(text, name)


def reviewed(d) -> list[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    return [(e.id, e.title) for e in d.entries]


def test_url_then_title_with_authors() -> None:
    d = parse("intro\nhttps://arxiv.org/abs/2101.00001\nA Great Paper: On Things (Ada Lovelace, "
              "Alan Turing)\n좋은 논문이다.\n")
    assert reviewed(d) == [("arxiv:2101.00001", "A Great Paper: On Things")]
    assert d.entries[0].authors == ["Ada Lovelace", "Alan Turing"]
    assert d.entries[0].line == 2 and d.entries[0].title_line == 3


def test_title_then_url_with_blank_lines_and_english_commentary() -> None:
    text = ("Deep Residual Learning for Image Recognition\n\nhttps://arxiv.org/abs/1512.03385\n\n"
            "this paper adds skip connections, which helps.\n\n"
            "Attention Is All You Need\n\nhttps://arxiv.org/abs/1706.03762\n\n"
            "the transformer; see https://arxiv.org/abs/1409.0473 for attention.\n")
    d = parse(text)
    assert reviewed(d) == [("arxiv:1512.03385", "Deep Residual Learning for Image Recognition"),
                           ("arxiv:1706.03762", "Attention Is All You Need")]
    assert [m.id for m in d.mentions] == ["arxiv:1409.0473"]
    assert d.mentions[0].context == (
        "the transformer; see https://arxiv.org/abs/1409.0473 for attention.")


def test_title_and_url_on_one_line() -> None:
    text = ("Mixture of Experts Revisited (https://arxiv.org/abs/2202.00001)\n"
            "설명.\n"
            "Sparse Transformers at Scale https://arxiv.org/abs/2202.00002\n"
            "설명.\n"
            "https://arxiv.org/abs/2202.00003 정말 좋은 논문\n")
    d = parse(text)
    assert reviewed(d) == [
        ("arxiv:2202.00001", "Mixture of Experts Revisited"),
        ("arxiv:2202.00002", "Sparse Transformers at Scale"),
        ("arxiv:2202.00003", None),
    ]
    assert d.mentions == []


def test_url_comment_line_takes_title_from_neighbour() -> None:
    d = parse("Scaling Laws for Neural Language Models\nhttps://arxiv.org/abs/2001.08361 필독\n")
    assert reviewed(d) == [("arxiv:2001.08361", "Scaling Laws for Neural Language Models")]


def test_markdown_bullets_and_tables() -> None:
    text = ("# 240301 읽은 것\n\n"
            "- [Denoising Diffusion Probabilistic Models](https://arxiv.org/abs/2006.11239) 기본\n"
            "- [Score-Based Generative Modeling](https://arxiv.org/pdf/2011.13456v2.pdf)\n\n"
            "| Paper | Note |\n| --- | --- |\n"
            "| [Latent Diffusion](https://arxiv.org/abs/2112.10752) | 좋음 |\n"
            "| https://openreview.net/forum?id=abcDEF123 | Classifier-Free Diffusion Guidance |\n")
    d = parse(text, "docs/digests/note.md")
    assert d.shape == "markdown"
    assert reviewed(d) == [
        ("arxiv:2006.11239", "Denoising Diffusion Probabilistic Models"),
        ("arxiv:2011.13456", "Score-Based Generative Modeling"),
        ("arxiv:2112.10752", "Latent Diffusion"),
        ("openreview:abcDEF123", "Classifier-Free Diffusion Guidance"),
    ]
    assert d.date == "2024-03-01"


def test_headings_hold_the_link() -> None:
    text = ('## [Masked Autoencoders Are Scalable Vision Learners](https://arxiv.org/abs/2111.06377)\n'
            "본문 https://arxiv.org/abs/2010.11929 와 비교.\n"
            '###  <a href="https://openreview.net/pdf?id=XYZ_1-ab" target="_blank"><b> 2.\tSome '
            'Paper Title Here (Spotlight) </b></a>  \n')
    d = parse(text, "docs/digests/2022-01-01-x.md")
    assert reviewed(d) == [("arxiv:2111.06377", "Masked Autoencoders Are Scalable Vision Learners"),
                           ("openreview:XYZ_1-ab", "Some Paper Title Here")]
    assert d.entries[1].label == "Spotlight"
    assert [m.id for m in d.mentions] == ["arxiv:2010.11929"]


def test_links_inside_commentary_are_mentions() -> None:
    text = ("https://arxiv.org/abs/2301.00001\nA Paper Title With Words (Kim Minsu)\n"
            "memo(https://arxiv.org/abs/2001.10913) 이후로. "
            "https://arxiv.org/abs/2007.05869와 비슷한 "
            "아이디어. mixer (https://arxiv.org/abs/2105.01601)가 나오자마자.\n")
    d = parse(text)
    assert reviewed(d) == [("arxiv:2301.00001", "A Paper Title With Words")]
    assert [m.id for m in d.mentions] == [
        "arxiv:2001.10913", "arxiv:2007.05869", "arxiv:2105.01601"]
    assert d.mentions[1].anchor == "mention-arxiv-2007-05869"


def test_text_quirks_bom_crlf_zero_width_tabs_no_final_newline() -> None:
    raw = ("\ufeff오늘의 논문\r\nhttps://arxiv.org/abs/\u200b2103.00020\r\n"
           "Learning\tTransferable Visual Models From Natural Language Supervision\r\n코멘트")
    d = parse(raw)
    assert reviewed(d) == [
        ("arxiv:2103.00020",
         "Learning Transferable Visual Models From Natural Language Supervision")]
    assert d.entries[0].line == 2


def test_front_matter_and_liquid() -> None:
    raw = ("---\nlayout: post\ntitle: “My Reading”\ndate: 2020-1-7\ntags: [vision]\n---\n\n"
           "<img src=\"{{ '/assets/img/x.PNG' | prepend: site.baseurl }}\">\n"
           "### <a href=\"https://arxiv.org/abs/1905.11946\">"
           "EfficientNet: Rethinking Model Scaling "
           "(Oral)</a>\n")
    d = parse(raw, "docs/digests/post.md")
    assert (d.shape, d.title, d.date, d.date_inferred) == (
        "jekyll", "My Reading", "2020-01-07", False)
    assert d.tags == ["vision"]
    assert d.entries[0].line == 9  # line numbers are the file's, front matter included


def test_broken_front_matter_is_reported_and_the_note_still_parses() -> None:
    raw = "---\ntitle: [unclosed\n---\nhttps://arxiv.org/abs/2101.00001\nSome Title Words Here\n"
    d = parse(raw)
    assert reviewed(d) == [("arxiv:2101.00001", "Some Title Words Here")]
    assert any(p.severity == "error" and "front matter" in p.message for p in d.problems)


def test_date_rules_in_order() -> None:
    body = "https://arxiv.org/abs/2105.01883\nRepMLP: Re-parameterizing Convolutions (A B)\n"
    assert parse("---\ndate: 2021-06-01\n---\n" + body,
                 "docs/digests/2021-05-02-x.txt").date == "2021-06-01"
    assert parse(body, "docs/digests/2021-05-02-x.txt").date == "2021-05-02"
    heading = parse("# 210508 최근 논문\n\n" + body, "docs/digests/x.md")
    assert (heading.date, heading.date_inferred) == ("2021-05-08", False)
    inferred = parse(body + "https://arxiv.org/abs/2106.00001 이후\n", "docs/digests/x.txt")
    assert (inferred.date, inferred.date_inferred) == ("2021-06", True)
    none = parse("https://openreview.net/forum?id=abc\nSome Good Title\n", "docs/digests/x.txt")
    assert none.date is None
    assert any("date cannot be determined" in p.message for p in none.problems)


def test_problems_name_lines() -> None:
    d = parse("https://arxiv.org/abs/2101.00001\nA Title Of Paper\n\n"
              "https://arxiv.org/abs/2101.00001\nA Title Of Paper\n\n"
              "see arxiv.org/abs/2006.162360\n")
    messages = [(p.line, p.severity) for p in d.problems]
    assert (4, "error") in messages  # reviewed twice
    assert (7, "error") in messages  # typo URL
    assert d.entries[1].anchor == "arxiv-2101-00001-2"
    assert parse("그냥 잡담\n").problems[0].message.startswith("no paper found")


def test_hashtags_become_tags_but_not_issue_refs_or_headings() -> None:
    d = parse("# 제목\nhttps://arxiv.org/abs/2101.00001\nSome Paper Title\n"
              "repo#2 참고 #review #비전\n",
              "docs/digests/x.md")
    assert d.tags == ["review", "비전"]


def test_numbered_bold_titles_link_labels_and_title_labels() -> None:
    text = ("## 2024-03-04 읽은 논문\n\n"
            "1. **Mamba: Linear-Time Sequence Modeling with Selective State Spaces** - "
            "https://arxiv.org/abs/2312.00752\n"
            "   - 선택적 SSM. S4 (https://arxiv.org/abs/2111.00396) 와 비교.\n"
            "* Title: Vision Mamba: Efficient Visual Representation Learning\n"
            "  Link: https://arxiv.org/abs/2401.09417\n")
    d = parse(text, "docs/digests/x.md")
    assert reviewed(d) == [
        ("arxiv:2312.00752", "Mamba: Linear-Time Sequence Modeling with Selective State Spaces"),
        ("arxiv:2401.09417", "Vision Mamba: Efficient Visual Representation Learning"),
    ]
    assert [m.id for m in d.mentions] == ["arxiv:2111.00396"]
    assert d.date == "2024-03-04"


def test_reference_numbers_et_al_and_english_commentary_with_a_link() -> None:
    text = ("[1] Scaling Laws for Neural Language Models, Kaplan et al. "
            "https://arxiv.org/abs/2001.08361\n"
            "comment in English: they fit power laws. See also Chinchilla "
            "https://arxiv.org/abs/2203.15556.\n\n"
            "[2] https://openreview.net/forum?id=iaYcJKpY2B_&noteId=xyz\n"
            "Emergent Abilities of Large Language Models\n"
            "This paper is about emergence.\n")
    d = parse(text)
    assert reviewed(d) == [
        ("arxiv:2001.08361", "Scaling Laws for Neural Language Models"),
        ("openreview:iaYcJKpY2B_", "Emergent Abilities of Large Language Models"),
    ]
    assert [m.id for m in d.mentions] == ["arxiv:2203.15556"]


def test_arxiv_ids_written_as_text() -> None:
    text = ("arXiv:2007.10909v2\nSliceOut: Training Transformers Faster (Pascal Notin)\n"
            "관련: arXiv:2005.12872 그리고 [arXiv:2004.10934](https://arxiv.org/abs/2004.10934).\n")
    d = parse(text)
    assert reviewed(d) == [("arxiv:2007.10909", "SliceOut: Training Transformers Faster")]
    assert [m.id for m in d.mentions] == ["arxiv:2005.12872", "arxiv:2004.10934"]

"""The entry rules one by one (each shape family's own tests), and what merges across notes.

Notes here are made up; see ``parse/rules.py`` for the list of rules and where to add one.
"""

from __future__ import annotations

from digestwiki.graph import build_wiki
from digestwiki.parse import parse_digest
from digestwiki.parse.rules import BLOCK_RULES, NOTE_RULES


def read(text: str, name: str = "docs/digests/2024-03-01-note.md"):  # type: ignore[no-untyped-def]
    return parse_digest(text, name)


def entries(text: str, name: str = "docs/digests/2024-03-01-note.md"
            ) -> list[tuple[str, str | None, str]]:
    return [(e.id, e.title, e.rule) for e in read(text, name).entries]


def test_the_rules_are_a_list_in_one_place() -> None:
    assert [r.__name__ for r in BLOCK_RULES] == [
        "heading_entry", "row_entry", "link_first_entry", "emphasis_entry", "title_first_entry"]
    assert [r.__name__ for r in NOTE_RULES] == ["neighbour_titles", "note_subject", "reading_lists"]


def test_heading_entry_takes_link_text_and_authors_before_it() -> None:
    d = read("### Kim et al. [Widget Learning](https://arxiv.org/abs/1602.00001) ICML 2016\n")
    assert [(e.title, e.authors, e.rule) for e in d.entries] == [
        ("Widget Learning", ["Kim et al."], "heading")]


def test_heading_with_a_generic_link_takes_the_heading_text() -> None:
    assert entries("#### 2. [Survey] Widgets: A Survey | [`[kim2024widget.pdf]`]"
                   "(https://dl.acm.org/doi/pdf/10.1145/1234567?casa_token=x)\n") == [
        ("doi:10.1145/1234567", "Widgets: A Survey", "heading")]


def test_row_entry_title_from_another_cell_and_sup_authors() -> None:
    d = read("| Year | Name | Title | Links |\n|---|---|---|---|\n"
             "| 2023 | WNet | WNet: Widgets for Nets <br><sup><sub>*A. Lee, B. Park*</sub></sup> | "
             "[Paper](https://arxiv.org/abs/2302.00001)/Code |\n")
    assert [(e.title, e.authors, e.rule) for e in d.entries] == [
        ("WNet: Widgets for Nets", ["A. Lee", "B. Park"], "table row")]


def test_row_with_numbered_links_makes_one_entry_each() -> None:
    ids = [e[0] for e in entries(
        "| Date | Topic |\n|---|---|\n| 1st May | [Widget papers 1](https://arxiv.org/abs/"
        "1905.00001)[ 2](https://arxiv.org/abs/1905.00002)[ 3](https://arxiv.org/abs/"
        "1905.00003) |\n")]
    assert ids == ["arxiv:1905.00001", "arxiv:1905.00002", "arxiv:1905.00003"]


def test_link_first_with_a_venue_label_takes_the_text_after_it() -> None:
    assert entries("- [[CVPR](http://export.arxiv.org/abs/1904.00001)] WidgetConv: Point "
                   "Widgets. [[pytorch](https://github.com/x/y)] :fire:\n") == [
        ("arxiv:1904.00001", "WidgetConv: Point Widgets", "link first")]


def test_emphasis_entry_bold_title_italic_authors_generic_pdf() -> None:
    d = read("3. **Widget Pre-training**. *A. Kim, B. Lee and C. Park*. ACL 2019. "
             "[[pdf](https://arxiv.org/pdf/1901.00003.pdf)] (**WPT**)\n")
    assert [(e.title, e.authors, e.rule) for e in d.entries] == [
        ("Widget Pre-training", ["A. Kim", "B. Lee", "C. Park"], "emphasis")]


def test_title_first_strips_venue_tags_and_accepts_a_dash_comment() -> None:
    assert entries("1. [Sensors 2026] Widget Forecasting With Graphs [[paper]]"
                   "(https://doi.org/10.3390/s26010001)\n"
                   "2. **[2022][CoT]** Widget Prompting Elicits Reasoning ([arxiv]"
                   "(https://arxiv.org/abs/2201.00001)) — 추론을 이끌어내는 논문.\n") == [
        ("doi:10.3390/s26010001", "Widget Forecasting With Graphs", "title first"),
        ("arxiv:2201.00001", "Widget Prompting Elicits Reasoning", "title first")]


def test_prose_with_links_is_mentions_not_entries() -> None:
    d = read("Later [LDM](https://arxiv.org/abs/2112.00001) and [DDPM]"
             "(https://arxiv.org/abs/2006.00002) were compared.\n")
    assert d.entries == [] and [m.title for m in d.mentions] == ["LDM", "DDPM"]


def test_neighbour_steps_over_an_authors_line_and_reads_a_bracketed_title() -> None:
    text = ("**(3) DDPG**\n\n[Continuous control with deep reinforcement learning]\n\n"
            "Tim Lill, Jon Hunt & Dan Wier (2016)\n\n"
            "[`REVIEW`](./reviews/x.md) | [`PAPER`](https://arxiv.org/pdf/1509.00001.pdf)\n")
    d = read(text)
    assert [(e.title, e.authors) for e in d.entries] == [
        ("Continuous control with deep reinforcement learning", ["Tim Lill", "Jon Hunt",
                                                                  "Dan Wier"])]


def test_sibling_links_of_one_paper_join_under_the_parent_item_title() -> None:
    d = read("1. **Widget VLA: Acting With Widgets** - 👍 17\n"
             "   - [HF 페이지](https://huggingface.co/papers/2511.00001)\n"
             "   - [논문 링크](https://arxiv.org/abs/2511.00001)\n")
    assert [(e.id, e.title) for e in d.entries] == [
        ("arxiv:2511.00001", "Widget VLA: Acting With Widgets")]
    assert d.mentions == [] and len(d.entries[0].also) == 1


def test_one_paper_note_subject_and_its_baselines() -> None:
    d = read("---\ntitle: \"Widget Optimizer: A Method\"\n---\n\n"
             "* [Link to the paper](https://arxiv.org/abs/1412.00001)\n\n## Idea\n\n"
             "* [EWC](https://arxiv.org/abs/1612.00002)\n\n## 같이 보면 좋을 논문\n\n"
             "* [Widget Replay Buffers](https://arxiv.org/abs/1706.00003)\n")
    assert [(e.id, e.title) for e in d.entries] == [
        ("arxiv:1412.00001", "Widget Optimizer: A Method"),
        ("arxiv:1706.00003", "Widget Replay Buffers")]
    assert [m.id for m in d.mentions] == ["arxiv:1612.00002"]


def test_url_work_only_for_an_entry_never_for_prose_or_code_links() -> None:
    d = read("- [Widget Proceedings Paper](https://proceedings.mlr.press/v1/w.pdf)\n"
             "- see [this post](https://example.org/blog/widgets) and "
             "[code](https://github.com/x/y)\n")
    assert [(e.id, e.title) for e in d.entries] == [
        ("url:https://proceedings.mlr.press/v1/w.pdf", "Widget Proceedings Paper")]


def test_titles_and_nicknames_merge_across_notes() -> None:
    one = parse_digest("detr (https://arxiv.org/abs/2005.00001) 이후로 흐름이 바뀌었다.\n",
                       "docs/digests/2021-05-08-a.md")
    two = parse_digest("End-to-End Widget Detection with Transformers(https://arxiv.org/abs/"
                       "2005.00001) 참고. FedAvg (https://arxiv.org/abs/1602.00009)도.\n",
                       "docs/digests/2021-05-09-b.md")
    wiki = build_wiki([one, two], {}, {})
    detr = wiki.paper("arxiv:2005.00001")
    assert detr.title == "End-to-End Widget Detection with Transformers"
    assert detr.nicknames == ["detr"]
    assert wiki.paper("arxiv:1602.00009").nicknames == ["FedAvg"]
    cached = build_wiki([one, two], {"arxiv:2005.00001": {"title": "The Cached Title",
                                                          "status": "found"}}, {})
    assert cached.paper("arxiv:2005.00001").title == "The Cached Title"  # the cache wins


def test_an_entry_whose_title_is_not_understood_is_reported() -> None:
    d = read("- [Widget Nets for Graphs](https://arxiv.org/abs/2101.00003)\n"
             "- [Paper](https://arxiv.org/abs/2101.00001) | [Code](https://github.com/x/y)\n"
             "- [pdf](https://arxiv.org/abs/2101.00002)\n")
    messages = [(p.line, p.message.split(":")[0]) for p in d.problems]
    assert (2, "no title found for arxiv") in messages
    assert (3, "no title found for arxiv") in messages


def test_a_title_holding_link_debris_is_reported() -> None:
    from digestwiki.model import Digest, Entry
    from digestwiki.parse import assign_anchors

    digest = Digest("x", "docs/digests/x.md", "markdown", "X", None, False, "", 0,
                    entries=[Entry("arxiv:2101.00001", "u", 4, "Widget Nets](https://x"),
                             Entry("arxiv:2101.00002", "u", 5, "PDF")])
    assign_anchors(digest)
    assert [(p.line, "link debris" in p.message) for p in digest.problems] == [(4, True),
                                                                               (5, True)]


def test_one_paper_per_note_shape_url_blank_italic_title_quote_commentary() -> None:
    for name in ("docs/digests/2023-03-01-a.md", "docs/digests/2023-03-01-a.txt"):
        d = parse_digest("https://arxiv.org/abs/2303.00001\n\n*Widget Technical Report* "
                         "(WidgetLab, Ann Lee)\n\n> We report a widget.\n\n재미있다. 비교: "
                         "https://arxiv.org/abs/2005.00002\n", name)
        assert [(e.id, e.title, e.authors) for e in d.entries] == [
            ("arxiv:2303.00001", "Widget Technical Report", ["WidgetLab", "Ann Lee"])]
        assert [m.id for m in d.mentions] == ["arxiv:2005.00002"]


def test_a_report_pdf_on_a_company_site_and_a_stray_character_before_https() -> None:
    report = parse_digest("https://cdn.example.com/papers/widget-report.pdf\n\n"
                          "*Widget Report* (Ann Lee, Bo Kim)\n\n코멘트.\n",
                          "docs/digests/2023-03-02-b.md")
    assert [(e.id, e.title) for e in report.entries] == [
        ("url:https://cdn.example.com/papers/widget-report.pdf", "Widget Report")]
    stray = parse_digest("xhttps://arxiv.org/abs/2303.00001\n\n*Widget Technical Report* "
                         "(Ann Lee, Bo Kim)\n", "docs/digests/2023-03-03-c.md")
    assert [(e.id, e.title) for e in stray.entries] == [
        ("arxiv:2303.00001", "Widget Technical Report")]

"""Whatever a contributor writes, parsing never raises and its answers point into the file."""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from digestwiki.parse import parse_digest

FRAGMENTS = [
    "https://arxiv.org/abs/2007.10909", "arxiv.org/pdf/1602.05629v2.pdf", "https://arxiv.org/abs/",
    "https://openreview.net/forum?id=BkluqlSFDS&noteId=x", "openreview.net/pdf?id=",
    "https://doi.org/10.1000/xyz", "arxiv.org/abs/2006.162360", "hep-th/9901001",
    "Title Of A Paper (Ada Lovelace, Alan Turing)", "(Oral)", "### ", "# 210508 ", "- ", "| ",
    "---\n", "title: x\n", "date: 2020-13-45\n", "{{ 'x' | prepend: site.baseurl }}", "<a href=\"",
    "\">", "</a>", "[", "](", ")", "```\n", "\u200b", "\ufeff", "\r\n", "\t", "와", "논문", "\n",
    "#review", "arXiv:2101.00001", "arxiv 2007.10909v2", "**", "<img src=\"{{ '/a.png' }}\">",
    "Link: ", "[1] ", " et al.", ":", "'", "\"",
]

texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=60).map(
    "".join)


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")), deadline=None)
@given(texts, st.sampled_from(["docs/digests/2020-07-01-x.txt", "docs/digests/x.md"]))
def test_parse_never_raises_and_points_into_the_file(text: str, name: str) -> None:
    digest = parse_digest(text, name)
    lines = max(1, text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1)
    for item in [*digest.entries, *digest.mentions, *digest.problems]:
        assert 1 <= item.line <= lines
    anchors = [e.anchor for e in digest.entries] + [m.anchor for m in digest.mentions]
    assert len(anchors) == len(set(anchors))
    for entry in digest.entries:
        assert entry.id.split(":", 1)[0] in ("arxiv", "openreview", "doi", "acl", "url")

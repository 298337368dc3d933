"""The pull-request check's view of references: fuzzy titles and ids recorded not found."""

from __future__ import annotations

import pytest

from digestwiki.bibtex.check import reference_findings, titles_match
from digestwiki.sources import parse_bytes

REAL = "SliceOut: Training Transformers and CNNs faster while using less memory"


@pytest.mark.parametrize("written", [
    REAL,
    "SliceOut",  # a nickname
    "sliceout -- training transformers & CNNs faster, while using LESS memory",
    "SliceOut: Training Transformers and CNNs faster",  # shortened
    "SliceOut: Training Transformer and CNN faster while using less memory",  # a slip
])
def test_titles_a_reader_would_write_match(written: str) -> None:
    assert titles_match(written, REAL)


@pytest.mark.parametrize("written", [
    "Deep Variational Instance Segmentation",  # another paper
    "Attention Is All You Need",
    "Slice Sampling for Bayesian Transformers in Medical Imaging",
])
def test_another_papers_title_does_not_match(written: str) -> None:
    assert not titles_match(written, REAL)


NOTE = """\
https://arxiv.org/abs/2007.10909
Deep Variational Instance Segmentation

https://arxiv.org/abs/0808.05394
Something We Read
"""


def test_findings_name_the_line_and_what_to_check() -> None:
    digest = parse_bytes(NOTE.encode(), "docs/digests/2020-07-24-d.txt")
    cache = {"arxiv:2007.10909": {"status": "found", "source": "arxiv", "title": REAL},
             "arxiv:0808.05394": {"status": "not_found", "source": "arxiv"}}
    assert reference_findings(digest, cache) == [
        (2, "the title of arxiv:2007.10909 differs from its metadata: the note says \"Deep "
            f"Variational Instance Segmentation\", the paper is \"{REAL}\" (a typo, or a link to "
            "another paper?)"),
        (4, "arxiv:0808.05394: arXiv says there is no such paper (recorded in the metadata "
            "cache): check the link"),
    ]

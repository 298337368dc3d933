"""URL forms -> canonical paper ids."""

from __future__ import annotations

import pytest

from digestwiki.identity import arxiv_month, bad_links, paper_links, parse_id, slug


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://arxiv.org/abs/2007.10909", "arxiv:2007.10909"),
        ("http://arxiv.org/abs/2007.10909v2", "arxiv:2007.10909"),
        ("https://www.arxiv.org/pdf/2007.10909v3.pdf", "arxiv:2007.10909"),
        ("arxiv.org/html/2401.01234v1", "arxiv:2401.01234"),
        ("https://export.arxiv.org/abs/1501.00001", "arxiv:1501.00001"),
        ("https://arxiv.org/pdf/1602.05629.pdf", "arxiv:1602.05629"),
        ("https://arxiv.org/abs/hep-th/9901001v1", "arxiv:hep-th/9901001"),
        ("https://arxiv.org/abs/math.GT/0309136", "arxiv:math/0309136"),
        ("https://openreview.net/forum?id=BkluqlSFDS", "openreview:BkluqlSFDS"),
        ("https://openreview.net/pdf?id=H1lK_lBtvS", "openreview:H1lK_lBtvS"),
        ("https://openreview.net/attachment?id=SkgGjRVKDS&name=original_pdf",
         "openreview:SkgGjRVKDS"),
        ("https://openreview.net/forum?id=r1lZgyBYwS&noteId=abc123", "openreview:r1lZgyBYwS"),
        ("https://openreview.net/forum?noteId=x&id=r1lZgyBYwS", "openreview:r1lZgyBYwS"),
        ("https://doi.org/10.1145/3292500.3330701", "doi:10.1145/3292500.3330701"),
        ("https://dx.doi.org/10.1000/ABC.Def", "doi:10.1000/abc.def"),
    ],
)
def test_url_forms(url: str, expected: str) -> None:
    assert parse_id(url) == expected


def test_url_ends_where_the_id_ends_before_korean() -> None:
    links = paper_links("얼마 전 나온 https://arxiv.org/abs/2007.05869와 비슷한")
    assert [(link.id, link.url) for link in links] == [
        ("arxiv:2007.05869", "https://arxiv.org/abs/2007.05869")
    ]


def test_ids_in_parentheses_and_html() -> None:
    text = 'memo(https://arxiv.org/abs/2001.10913) and <a href="https://openreview.net/pdf?id=SkgwE5Ss3N">x</a>'
    assert [link.id for link in paper_links(text)] == ["arxiv:2001.10913", "openreview:SkgwE5Ss3N"]


def test_typo_is_not_a_paper_but_is_reported() -> None:
    text = "see arxiv.org/abs/2006.162360 for details"
    assert paper_links(text) == []
    assert [b.url for b in bad_links(text)] == ["arxiv.org/abs/2006.162360"]
    assert bad_links("https://arxiv.org/abs/2006.16236 fine") == []
    assert bad_links("https://arxiv.org/abs/2007.05869와 비슷한") == []


def test_written_ids_and_slugs() -> None:
    assert parse_id("arXiv:2007.10909v2") == "arxiv:2007.10909"
    assert parse_id("openreview:BkluqlSFDS") == "openreview:BkluqlSFDS"
    assert parse_id("not an id") is None
    assert slug("arxiv:2007.10909") == "arxiv-2007-10909"
    assert slug("arxiv:hep-th/9901001") == "arxiv-hep-th-9901001"
    assert slug("openreview:H1lK_lBtvS") == "openreview-H1lK_lBtvS"


def test_arxiv_month() -> None:
    assert arxiv_month("arxiv:2007.10909") == (2020, 7)
    assert arxiv_month("arxiv:hep-th/9901001") == (1999, 1)
    assert arxiv_month("openreview:BkluqlSFDS") is None

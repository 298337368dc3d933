"""URL forms and written ids -> canonical paper ids, with the exact span of each in the text.

Every id here is made up; only its shape is real.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import build, make_site, warnings_of
from digestwiki.bibtex import Citation, provisional_key
from digestwiki.identity import (
    SERVICES,
    allocate,
    arxiv_month,
    bad_links,
    canonical_url,
    classify_web_link,
    label,
    link_name,
    normalise_work_url,
    paper_links,
    parse_id,
    pdf_url,
    rank,
    slug,
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # arXiv
        ("https://arxiv.org/abs/2007.10909", "arxiv:2007.10909"),
        ("http://arxiv.org/abs/2007.10909v2", "arxiv:2007.10909"),
        ("https://www.arxiv.org/pdf/2007.10909v3.pdf", "arxiv:2007.10909"),
        ("https://www.arxiv.org/abs/2401.01234", "arxiv:2401.01234"),
        ("arxiv.org/html/2401.01234v1", "arxiv:2401.01234"),
        ("https://arxiv.org/html/2401.01234v1/", "arxiv:2401.01234"),
        ("https://export.arxiv.org/abs/1501.00001", "arxiv:1501.00001"),
        ("http://de.arxiv.org/abs/1501.00001", "arxiv:1501.00001"),
        ("https://arxiv.org/pdf/1602.05629.pdf", "arxiv:1602.05629"),
        ("https://arxiv.org/abs//2404.00017v1", "arxiv:2404.00017"),
        ("https://arxiv.org/ftp/arxiv/papers/2302/2302.00421.pdf", "arxiv:2302.00421"),
        ("https://arxiv.org/ftp/arxiv/papers/1205/1205.2618.pdf", "arxiv:1205.2618"),
        ("http://arxiv.org/ftp/hep-th/papers/9901/9901001.pdf", "arxiv:hep-th/9901001"),
        ("https://www.alphaxiv.org/abs/2404.00017", "arxiv:2404.00017"),
        ("https://huggingface.co/papers/2511.00062", "arxiv:2511.00062"),
        ("https://www.semanticscholar.org/arxiv/2511.00062", "arxiv:2511.00062"),
        ("https://doi.org/10.48550/arXiv.2306.01234", "arxiv:2306.01234"),
        ("https://doi.org/10.48550/ARXIV.2306.01234", "arxiv:2306.01234"),
        ("doi:10.48550/arXiv.2306.01234", "arxiv:2306.01234"),
        ("https://arxiv.org/abs/hep-th/9901001v1", "arxiv:hep-th/9901001"),
        ("https://arxiv.org/abs/math.GT/0309136", "arxiv:math/0309136"),
        ("arXiv:2007.10909", "arxiv:2007.10909"),
        ("arXiv preprint arXiv:1512.00385 (2015)", "arxiv:1512.00385"),
        # OpenReview
        ("https://openreview.net/forum?id=BkluqlSFDS", "openreview:BkluqlSFDS"),
        ("https://openreview.net/pdf?id=H1lK_lBtvS", "openreview:H1lK_lBtvS"),
        ("https://openreview.net/attachment?id=SkgGjRVKDS&name=original_pdf",
         "openreview:SkgGjRVKDS"),
        ("https://openreview.net/forum?id=r1lZgyBYwS&noteId=abc123", "openreview:r1lZgyBYwS"),
        ("https://openreview.net/forum?noteId=x&id=r1lZgyBYwS", "openreview:r1lZgyBYwS"),
        ("https://openreview.net/forum?id=Ab-3xYz_9Q&referrer=%5BAuthor%20Console%5D",
         "openreview:Ab-3xYz_9Q"),
        ("`https://openreview.net/pdf?id=Qz9vWk2mPa`", "openreview:Qz9vWk2mPa"),
        # DOI, also inside publisher URLs
        ("https://doi.org/10.1145/3292500.3330701", "doi:10.1145/3292500.3330701"),
        ("https://dx.doi.org/10.1000/ABC.Def", "doi:10.1000/abc.def"),
        ("doi:10.1145/3292500.3330701", "doi:10.1145/3292500.3330701"),
        ("https://dl.acm.org/doi/10.1145/1234.5678", "doi:10.1145/1234.5678"),
        ("https://dl.acm.org/doi/abs/10.1145/1234.5678", "doi:10.1145/1234.5678"),
        ("https://dl.acm.org/doi/pdf/10.1145/7654321?casa_token=Zx9:Q-w", "doi:10.1145/7654321"),
        ("https://dl.acm.org/doi/full/10.1145/7654321", "doi:10.1145/7654321"),
        ("https://link.springer.com/article/10.1007/s10489-099-01234-x",
         "doi:10.1007/s10489-099-01234-x"),
        ("https://link.springer.com/chapter/10.1007/978-3-031-00000-9_61",
         "doi:10.1007/978-3-031-00000-9_61"),
        ("https://link.springer.com/content/pdf/10.1007/s11042-099-00001-z.pdf",
         "doi:10.1007/s11042-099-00001-z"),
        ("https://www.science.org/doi/epdf/10.1126/science.xyz1234", "doi:10.1126/science.xyz1234"),
        ("https://www.science.org/doi/10.1126/science.xyz1234", "doi:10.1126/science.xyz1234"),
        ("https://www.thieme-connect.de/products/ejournals/pdf/10.1055/s-0099-1234567.pdf",
         "doi:10.1055/s-0099-1234567"),
        ("https://onlinelibrary.wiley.com/doi/full/10.1002/widg.12345", "doi:10.1002/widg.12345"),
        ("https://onlinelibrary.wiley.com/doi/10.1111/j.1467-9999.2099.00001.x/abstract",
         "doi:10.1111/j.1467-9999.2099.00001.x"),
        ("https://www.tandfonline.com/doi/abs/10.1080/01234567.2099.1234567",
         "doi:10.1080/01234567.2099.1234567"),
        ("https://journals.aps.org/prl/abstract/10.1103/PhysRevLett.999.061102",
         "doi:10.1103/physrevlett.999.061102"),
        ("https://doi.org/10.1016/S0140-6736(99)12345-6", "doi:10.1016/s0140-6736(99)12345-6"),
        ("https://iopscience.iop.org/article/10.1088/1234-5678/ab1234/pdf",
         "doi:10.1088/1234-5678/ab1234"),
        ("https://www.jstor.org/stable/10.2307/1234567", "doi:10.2307/1234567"),
        ("https://www.biorxiv.org/content/10.1101/2099.01.02.123456v2.full.pdf",
         "doi:10.1101/2099.01.02.123456"),
        ("https://journals.plos.org/plosone/article?id=10.1371/journal.pone.0123456",
         "doi:10.1371/journal.pone.0123456"),
        ("https://www.pnas.org/doi/10.1073/pnas.1234567890", "doi:10.1073/pnas.1234567890"),
        # ACL Anthology
        ("https://aclanthology.org/P19-1001.pdf", "acl:P19-1001"),
        ("https://aclanthology.org/P19-1001/", "acl:P19-1001"),
        ("https://aclanthology.org/N19-1423", "acl:N19-1423"),
        ("https://www.aclweb.org/anthology/P19-1001", "acl:P19-1001"),
        ("https://www.aclweb.org/anthology/K16-1006.pdf", "acl:K16-1006"),
        ("http://www.aclweb.org/anthology/P/P19/P19-1001.pdf", "acl:P19-1001"),
        ("https://aclanthology.org/2023.acl-long.1/", "acl:2023.acl-long.1"),
        ("https://aclanthology.org/2020.emnlp-main.550.pdf", "acl:2020.emnlp-main.550"),
    ],
)
def test_url_forms(url: str, expected: str) -> None:
    assert parse_id(url) == expected
    [link] = paper_links(f"see {url} here")
    assert link.id == expected


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("xhttps://arxiv.org/abs/2106.09685 glued", "https://arxiv.org/abs/2106.09685"),
        ("(https://arxiv.org/abs/2106.09685), and", "https://arxiv.org/abs/2106.09685"),
        ("]https://arxiv.org/abs/2106.09685]", "https://arxiv.org/abs/2106.09685"),
        ("[LoRA](https://arxiv.org/abs/2106.09685v2)와", "https://arxiv.org/abs/2106.09685v2"),
        ("<http://arxiv.org/abs/2510.00001v1>", "http://arxiv.org/abs/2510.00001v1"),
        ("[P]((https://arxiv.org/pdf/1801.00001.pdf))", "https://arxiv.org/pdf/1801.00001.pdf"),
        ("https://arxiv.org/abs/2007.05869와 비슷한", "https://arxiv.org/abs/2007.05869"),
        ("end https://arxiv.org/abs/2106.09685.", "https://arxiv.org/abs/2106.09685"),
        ("[P](https://arxiv.org/abs/2106.09685#S3)", "https://arxiv.org/abs/2106.09685#S3"),
        ("[Paper](https://link.springer.com/chapter/10.1007/978-3-031-00000-9_61)/Code",
         "https://link.springer.com/chapter/10.1007/978-3-031-00000-9_61"),
        ("[pdf](https://dl.acm.org/doi/pdf/10.1145/7654321?casa_token=Zx9:Q-w)",
         "https://dl.acm.org/doi/pdf/10.1145/7654321?casa_token=Zx9:Q-w"),
        ("(see https://doi.org/10.1016/S0140-6736(99)12345-6).",
         "https://doi.org/10.1016/S0140-6736(99)12345-6"),
        ("[r](https://openreview.net/forum?id=Ab3&noteId=Cd4)",
         "https://openreview.net/forum?id=Ab3&noteId=Cd4"),
        ("[r](https://openreview.net/pdf?id=Ab3&referrer=%5BA%5D(%2Fgroup%3Fid%3DX))",
         "https://openreview.net/pdf?id=Ab3&referrer=%5BA%5D(%2Fgroup%3Fid%3DX)"),
        ("see arXiv:2007.10909.", "arXiv:2007.10909"),
        ("<a href=\"https://openreview.net/pdf?id=SkgwE5Ss3N\">x</a>",
         "https://openreview.net/pdf?id=SkgwE5Ss3N"),
    ],
)
def test_spans_are_exact(text: str, written: str) -> None:
    [link] = paper_links(text)
    assert link.url == written
    assert text[link.start:link.end] == written
    assert link.start == text.index(written)


def test_several_links_in_order_with_their_spans() -> None:
    text = ("A [x](https://arxiv.org/abs/2001.10913), B https://doi.org/10.1145/1.2 and "
            "C arXiv:1512.00385; D https://aclanthology.org/P19-1001.pdf")
    links = paper_links(text)
    assert [link.id for link in links] == ["arxiv:2001.10913", "doi:10.1145/1.2",
                                           "arxiv:1512.00385", "acl:P19-1001"]
    assert [text[link.start:link.end] for link in links] == [link.url for link in links]
    assert [link.textual for link in links] == [False, False, True, False]
    assert links[2].href == "https://arxiv.org/abs/1512.00385"


def test_the_arxiv_doi_is_one_arxiv_link_not_a_doi() -> None:
    links = paper_links("DOI https://doi.org/10.48550/arXiv.2306.01234 here")
    assert [(link.id, link.url) for link in links] == [
        ("arxiv:2306.01234", "https://doi.org/10.48550/arXiv.2306.01234")]


def test_an_id_written_and_linked_is_one_link() -> None:
    text = "[arXiv:2007.10909](https://arxiv.org/abs/2007.10909)"
    assert [link.url for link in paper_links(text)] == ["https://arxiv.org/abs/2007.10909"]


@pytest.mark.parametrize(
    "text",
    [
        "github.com/someone/arxiv.org/abs/2106.09685",
        "https://github.com/someone/arxiv.org/abs/2106.09685",
        "https://img.shields.io/badge/arXiv-1901.00001-B3181B.svg",
        "mirror.arxiv.org.example.com/x",
        "https://example.com/papers/doi.org/10.1234/abc",
        "https://ieeexplore.ieee.org/document/1234567",
        "https://www.nature.com/articles/s41586-099-1234-5",
        "https://www.jstor.org/stable/1234567",
        "https://scholar.google.com/scholar_lookup?doi=10.1145/1234.5678",
        "https://github.com/someone/repo/tree/main/doi/10.5281/zenodo.123",
        "https://aclanthology.org/events/acl-2023/",
        "https://aclanthology.org/volumes/2023.acl-long/",
        "https://huggingface.co/papers",
        "version 2106.09685 of something",
        "see arxiv.org/abs/2006.162360 for details",
    ],
)
def test_no_id_from_look_alikes(text: str) -> None:
    assert paper_links(text) == []


def test_typo_is_not_a_paper_but_is_reported() -> None:
    text = "see arxiv.org/abs/2006.162360 for details"
    assert paper_links(text) == []
    assert [b.url for b in bad_links(text)] == ["arxiv.org/abs/2006.162360"]
    assert bad_links("https://arxiv.org/abs/2006.16236 fine") == []
    assert bad_links("https://arxiv.org/abs/2007.05869와 비슷한") == []
    assert bad_links("github.com/x/arxiv.org/abs/2006.162360") == []


def test_written_ids() -> None:
    assert parse_id("arXiv:2007.10909v2") == "arxiv:2007.10909"
    assert parse_id("2007.10909") == "arxiv:2007.10909"
    assert parse_id("openreview:BkluqlSFDS") == "openreview:BkluqlSFDS"
    assert parse_id("acl:p19-1001") == "acl:P19-1001"
    assert parse_id("acl:2023.ACL-long.1") == "acl:2023.acl-long.1"
    assert parse_id("doi:10.1145/ABC") == "doi:10.1145/abc"
    assert parse_id("doi:10.48550/arxiv.2306.01234") == "arxiv:2306.01234"
    assert parse_id("url:HTTPS://Example.COM/Paper.pdf#p2") == "url:https://example.com/Paper.pdf"
    assert parse_id("url:not a link") is None
    assert parse_id("https://github.com/someone/widgets") is None
    assert parse_id("not an id") is None
    assert parse_id("acl:nonsense") is None


@pytest.mark.parametrize(
    "paper_id",
    ["arxiv:2007.10909", "arxiv:hep-th/9901001", "openreview:H1lK_lBtvS",
     "doi:10.1016/s0140-6736(99)12345-6", "acl:P19-1001", "acl:2023.acl-long.1",
     "url:https://www.cs.example.edu/~kim/widgets.pdf"],
)
def test_canonical_ids_read_back_unchanged(paper_id: str) -> None:
    assert parse_id(paper_id) == paper_id
    if not paper_id.startswith("url:"):  # a service's own pages name the paper again
        assert parse_id(canonical_url(paper_id)) == paper_id
        pdf = pdf_url(paper_id)
        assert pdf is None or parse_id(pdf) == paper_id


def test_pages_and_labels_of_every_service() -> None:
    assert canonical_url("acl:P19-1001") == "https://aclanthology.org/P19-1001/"
    assert pdf_url("acl:P19-1001") == "https://aclanthology.org/P19-1001.pdf"
    assert canonical_url("doi:10.1145/1.2") == "https://doi.org/10.1145/1.2"
    assert pdf_url("doi:10.1145/1.2") is None
    assert canonical_url("url:https://a.example/x.pdf") == "https://a.example/x.pdf"
    assert pdf_url("url:https://a.example/x.pdf") == "https://a.example/x.pdf"
    assert pdf_url("url:https://a.example/page") is None
    assert label("arxiv:2007.10909") == "arXiv:2007.10909"
    assert label("acl:P19-1001") == "ACL Anthology:P19-1001"
    assert label("url:https://www.cs.example.edu/~kim/widgets.pdf") == (
        "cs.example.edu/~kim/widgets.pdf")
    assert link_name("arxiv:2007.10909") == "Abstract"
    assert link_name("acl:P19-1001") == "ACL Anthology"
    ids = ["url:https://a.example/", "acl:P19-1001", "doi:10.1/x", "openreview:X",
           "arxiv:2007.10909"]
    assert sorted(ids, key=rank) == ids[::-1]
    assert set(SERVICES) == {"arxiv", "openreview", "doi", "acl", "url"}
    with pytest.raises(ValueError, match="not a paper id"):
        canonical_url("isbn:123")


def test_slugs() -> None:
    assert slug("arxiv:2007.10909") == "arxiv-2007-10909"
    assert slug("arxiv:hep-th/9901001") == "arxiv-hep-th-9901001"
    assert slug("openreview:H1lK_lBtvS") == "openreview-H1lK_lBtvS"
    assert slug("acl:2023.acl-long.1") == "acl-2023-acl-long-1"
    assert slug("url:https://www.cs.example.edu/~kim/Widgets.pdf") == (
        "url-cs-example-edu-kim-widgets-pdf")
    long_a = "url:https://reader.example.com/reader/sd/pii/S0001?token=" + "A" * 120
    long_b = long_a[:-1] + "B"
    assert len(slug(long_a)) <= 60 and re.fullmatch(r"[a-z0-9-]+", slug(long_a))
    assert slug(long_a) != slug(long_b)
    assert slug(long_a) == slug(long_a)
    used: set[str] = set()
    assert [allocate(slug(u), used) for u in ("url:http://a.example/X", "url:https://a.example/x")
            ] == ["url-a-example-x", "url-a-example-x-2"]


def test_arxiv_month() -> None:
    assert arxiv_month("arxiv:2007.10909") == (2020, 7)
    assert arxiv_month("arxiv:hep-th/9901001") == (1999, 1)
    assert arxiv_month("openreview:BkluqlSFDS") is None
    assert arxiv_month("url:https://a.example/2007.10909") is None


# --- links that name no paper -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://arxiv.org/abs/2007.10909", "id"),
        ("https://github.com/someone/widgets", "code"),
        ("https://gitlab.com/someone/widgets", "code"),
        ("https://huggingface.co/someone/widget-7b", "code"),
        ("https://huggingface.co/datasets/someone/widgets", "code"),
        ("https://huggingface.co/spaces/someone/demo", "code"),
        ("https://twitter.com/someone/status/1", "social"),
        ("https://x.com/someone/status/1", "social"),
        ("https://www.linkedin.com/posts/someone", "social"),
        ("https://www.reddit.com/r/MachineLearning/x", "social"),
        ("https://www.youtube.com/watch?v=abc", "video"),
        ("https://youtu.be/abc", "video"),
        ("https://www.bilibili.com/video/BV1", "video"),
        ("https://img.shields.io/badge/arXiv-2007.10909-red", "image"),
        ("https://example.com/figure.PNG", "image"),
        ("https://latex.codecogs.com/gif.latex?x", "image"),
        ("https://www.slideshare.net/someone/widgets", "slides"),
        ("https://speakerdeck.com/someone/widgets", "slides"),
        ("https://docs.google.com/presentation/d/1abc/edit", "slides"),
        ("https://drive.google.com/file/d/1abc/view", "file"),
        ("https://scholar.google.com/scholar?q=widgets", "search"),
        ("https://www.semanticscholar.org/search?q=widgets", "search"),
        ("https://medium.com/@someone/widgets-1", "blog"),
        ("https://someone.medium.com/widgets-1", "blog"),
        ("https://ai.googleblog.com/2099/01/widgets.html", "blog"),
        ("https://someone.tistory.com/12", "blog"),
        ("https://openai.com/blog/widgets", "blog"),
        ("./notes/widgets.md", "local"),
        ("https://www.semanticscholar.org/paper/Widgets/abc123", "work"),
        ("https://research.google.com/pubs/pub12345.html", "work"),
        ("https://cdn.example.net/better-widgets/widgets.pdf", "work"),
        ("https://proceedings.neurips.cc/paper/2099/file/abc-Paper.pdf", "work"),
        ("https://papers.nips.cc/paper/1234-widget-learning.pdf", "work"),
        ("http://openaccess.thecvf.com/content_CVPR_2099/html/Kim_Widgets_paper.html", "work"),
        ("http://proceedings.mlr.press/v99/kim99a/kim99a.pdf", "work"),
        ("https://ieeexplore.ieee.org/abstract/document/1234567", "work"),
        ("https://huggingface.co/papers?date=2099-01-02", "search"),
        ("https://arxiv.org/list/cs.CL/recent", "search"),
        ("https://openreview.net/group?id=ICLR.cc/2099/Conference", "search"),
        ("https://aclanthology.org/events/acl-2099/", "search"),
    ],
)
def test_classify_web_link(url: str, kind: str) -> None:
    assert classify_web_link(url) == kind


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://WWW.Example.COM/Papers/Widget.pdf", "url:https://www.example.com/Papers/Widget.pdf"),
        ("https://example.com/a/b#section-2", "url:https://example.com/a/b"),
        ("https://example.com/a/b).", "url:https://example.com/a/b"),
        ("https://example.com/wiki/Widget_(math)", "url:https://example.com/wiki/Widget_(math)"),
        ("https://ojs.example.org//index.php/X/article/view/5438?ref=a&b=C",
         "url:https://ojs.example.org//index.php/X/article/view/5438?ref=a&b=C"),
        ("https://example.com", "url:https://example.com"),
    ],
)
def test_normalise_work_url(url: str, expected: str) -> None:
    assert normalise_work_url(url) == expected
    assert parse_id(expected) == expected


# --- the new services through a real build ------------------------------------------------------


def test_provisional_bibtex_key_of_a_web_work_is_its_page_name() -> None:
    url = "https://www.cs.example.edu/~kim/widgets.pdf"
    assert provisional_key(Citation(f"url:{url}", None)) == "url-cs-example-edu-kim-widgets-pdf"
    assert provisional_key(Citation("acl:P19-1001", None)) == "acl:P19-1001"


def test_acl_and_publisher_doi_links_become_paper_pages(tmp_path: Path) -> None:
    note = ("https://aclanthology.org/P19-9999.pdf\nWidget Parsing With Trees (Ada Kim)\n"
            "트리로 위젯을 파싱한다.\n"
            "https://dl.acm.org/doi/pdf/10.1145/9999999.9999999?casa_token=Zx9\n"
            "Widget Systems at Scale (Bo Lee)\n시스템 논문.\n")
    root = make_site(tmp_path, {"2021-06-20-venues.txt": note})
    result = build(root)
    assert result.returncode == 0 and warnings_of(result) == []
    acl = (root / "site/papers/acl-P19-9999/index.html").read_text(encoding="utf-8")
    assert '<a href="https://aclanthology.org/P19-9999/">ACL Anthology</a>' in acl
    assert '<a href="https://aclanthology.org/P19-9999.pdf">PDF</a>' in acl
    doi = (root / "site/papers/doi-10-1145-9999999-9999999/index.html").read_text(
        encoding="utf-8")
    assert '<a href="https://doi.org/10.1145/9999999.9999999">DOI</a>' in doi

"""Search with Pagefind: the extra Korean terms, what is indexed, and the config switch."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from conftest import MINIMAL_CONFIG, build, make_site, warnings_of
from digestwiki import search

NOTE = """---
date: 2021-01-05
---
# 주간 노트
https://arxiv.org/abs/2101.00001
A Vision Paper About Things (Ada Lovelace)
비전트랜스포머를 써서 오버피팅을 줄였다.
"""


def test_extra_terms_cover_compounds_but_not_the_words_themselves() -> None:
    terms = search.extra_terms("비전트랜스포머를 써서 오버피팅을 줄였다. arxiv:2007.05181v2")
    assert "트랜스포머" in terms  # the second half of the compound, without its particle
    assert "피팅" in terms and "트랜스포머를" not in terms
    assert "2007.05181" in terms
    assert "비전트랜스포머를" not in terms  # already a word of the page
    # the particle-free stem is a prefix of the word: Pagefind finds the word by it
    assert "비전트랜스포머" not in terms and "오버피팅" not in terms
    assert "였다" not in search.extra_terms("줄였다 제안하였습니다")  # predicates: no suffixes
    assert search.stem("트랜스포머를") == "트랜스포머" and search.stem("모델") == "모델"
    # a note's arXiv ids are left to the papers' own pages
    assert "2007.05181" not in search.extra_terms("arxiv:2007.05181 참고", ids=False)


def test_indexed_text_leaves_out_excluded_elements() -> None:
    html = ('<h1 id="x">Title<a class="headerlink" href="#x">¶</a></h1><p>본문 텍스트</p>'
            '<div class="dw-bibtex" data-search-exclude><div><pre>@misc{a,}</pre></div></div>'
            '<p>뒤쪽 &amp; 문단<br/></p><div data-search-exclude><p>코멘트</p></div>')
    text = search.indexed_text(html)
    assert "본문 텍스트" in text and "뒤쪽 & 문단" in text and "Title" in text
    assert "@misc" not in text and "코멘트" not in text and "¶" not in text


def test_mark_page_adds_body_and_hidden_terms_only_to_searchable_pages() -> None:
    page = ('<html><body><nav>사이드바비전</nav><article class="md-content__inner md-typeset">'
            '<p>비전트랜스포머</p></article></body></html>')
    marked = search.mark_page(page, True, ["ViT"])
    assert '<article class="md-content__inner md-typeset" data-pagefind-body>' in marked
    terms = marked.split('class="dw-search-terms">')[1].split("</div>")[0]
    assert terms.startswith(search.TERMS_MARK) and "트랜스포머" in terms and "ViT" in terms
    assert "사이드바" not in terms  # the sidebar is not the article
    assert search.mark_page(page, False) == page


PAPER = """<!doctype html><html lang="ko"><body><nav>사이드바</nav>
<article class="md-content__inner md-typeset">
<h1 id="t">A Vision Paper<a class="headerlink" href="#t">&para;</a></h1>
<div class="dw-paper-meta">
<p><strong>저자:</strong> Ada Lovelace, 김비전<br>
<strong>연도:</strong> 2021<br>
<strong>식별자:</strong> <code>arxiv:2101.00001</code> · <code>doi:10.1/x-y</code></p>
</div>
<p><a href="https://arxiv.org/abs/2101.00001">초록</a> · <a href="x.pdf">PDF</a></p>
<details class="abstract"><summary>초록</summary><p>We study abstracts.</p></details>
<h2 id="bibtex">BibTeX</h2>
<section class="dw-bibtex" data-search-exclude><pre>@misc{lovelace2021vision,}</pre></section>
<p class="dw-also-cited">Also cited as: <code>lovelace2021vision</code></p>
<h2 data-search-exclude id="reviewed-in">리뷰한 노트</h2>
<div class="dw-backlinks" data-search-exclude><ul><li>백링크 문맥</li></ul></div>
</article></body></html>"""


def test_papers_are_indexed_a_group_to_a_document_with_only_what_finds_them() -> None:
    docs = search.Documents(group_size=2)
    assert docs.add("/papers/a/", search.mark_page(PAPER, True)) == []  # the group fills up
    (url, doc), = docs.add("/papers/b/", search.mark_page(PAPER.replace("2101", "2102"), True))
    assert url == "/dw-papers-1/" and 'data-pagefind-meta="dw:papers"' in doc
    assert doc.count("<section>") == 2 and '<h2 id="papers/a/">A Vision Paper</h2>' in doc
    assert "Ada Lovelace" in doc and "2021" in doc and '<html lang="ko">' in doc
    for left_out in ("저자", "식별자", "arxiv:", "초록", "PDF", "abstracts", "BibTeX", "@misc",
                     "Also cited", "백링크", "사이드바", "¶"):
        assert left_out not in doc, left_out
    # ids and keys as one word each, after the mark; Hangul as letters (NFD)
    terms = doc.split("<h2 id=\"papers/b/\">")[1].split(search.TERMS_MARK)[1]
    assert "210200001" in terms and "101xy" in terms and "lovelace2021vision" in terms
    assert "김비전" not in doc and unicodedata.normalize("NFD", "김비전") in doc
    assert docs.flush() == []


def test_other_pages_are_indexed_without_bare_urls_authors_and_badges() -> None:
    page = ('<html lang="ko"><body><article class="md-content__inner md-typeset">'
            '<h1>주간</h1><h2 id="p"><a href="../papers/a/">A Vision Paper</a></h2>'
            '<p class="dw-entry-meta"><span class="dw-authors">Ada Lovelace</span> · '
            '<a class="dw-entry-link" href="https://arxiv.org/abs/2101.00001">'
            'https://arxiv.org/abs/2101.00001</a></p><p>비전트랜스포머를 썼다 '
            '<a href="https://arxiv.org/abs/2101.00002">https://arxiv.org/abs/2101.00002</a>'
            '<a class="dw-wiki" href="../papers/b/">wiki</a> 참고.</p></article></body></html>')
    (url, doc), = search.Documents().add("/digests/w/", search.mark_page(page, True))
    text = search.indexed_text(doc)
    assert url == "/digests/w/" and "A Vision Paper" in text
    assert "Ada" not in text and "https" not in text and "2101" not in text
    assert "wiki" not in text
    assert unicodedata.normalize("NFD", "트랜스포머") in doc.split(search.TERMS_MARK)[1]


DIGEST = ('<html lang="ko"><body><article class="md-content__inner md-typeset">'
          '<h1>주간</h1><p>비전트랜스포머를 썼다 arxiv:2101.00003</p>{tail}'
          '</article></body></html>')


@pytest.mark.parametrize("page", [
    PAPER, PAPER.replace("2101", "2103"),
    DIGEST.format(tail=""),
    # an excluded element closed at the very end, and one never closed (it swallows the terms)
    DIGEST.format(tail="<div data-search-exclude><p>코멘트트랜스포머</p></div>"),
    DIGEST.format(tail="<div data-search-exclude><p>코멘트트랜스포머</p>"),
    # a paper page whose meta block never ends, an article tag with more attributes
    PAPER.replace("</div>\n<p><a", "\n<p><a"),
    DIGEST.format(tail="").replace('typeset">', 'typeset" data-x="1">'),
    DIGEST.format(tail="").replace('typeset">', 'typeset" title="<b>">'),
    "<html><body><p>no article</p></body></html>",
])
def test_feeding_a_served_page_indexes_what_its_marked_page_would(page: str) -> None:
    """The build feeds pages as served (Documents.add_page); the preview indexes marked pages
    read back from the site (Documents.add): both must give Pagefind the same documents."""
    for nicknames in ((), ("ViT", "비전")):
        marked, served = search.Documents(group_size=2), search.Documents(group_size=2)
        for url in ("/a/", "/b/", "/c/"):
            assert served.add_page(url, page, nicknames) == \
                marked.add(url, search.mark_page(page, True, nicknames))
        assert served.flush() == marked.flush()
        assert served.lang == marked.lang


def test_squeezed_ids_are_one_word() -> None:
    assert search.squeezed("arxiv:2007.05181") == "200705181"
    assert search.squeezed("openreview:BkluqlSFDS") == "BkluqlSFDS"
    assert search.squeezed("vaswani2017attention") == "vaswani2017attention"


@pytest.fixture(scope="module")
def pagefind_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_site(tmp_path_factory.mktemp("pagefind"), {"2021-01-05-week.md": NOTE})
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert not warnings_of(result), result.stderr
    return root / "site"


def test_pagefind_build_has_a_bundle_and_a_header_box_but_no_material_index(
        pagefind_site: Path) -> None:
    assert (pagefind_site / "pagefind/pagefind.js").is_file()
    assert list((pagefind_site / "pagefind/index").glob("*.pf_index"))
    assert not (pagefind_site / "search/search_index.json").exists()
    page = (pagefind_site / "digests/2021-01-05-week/index.html").read_text(encoding="utf-8")
    header = page.split('<header class="md-header')[1].split("</header>")[0]
    assert 'name="dw-search"' in header and 'class="md-search__input"' in header
    assert 'name="search"' not in page  # Material's search would fetch its index on load
    assert "dw-search.js" in page and (pagefind_site / search.JS_URI).is_file()


def test_search_mkdocs_keeps_materials_search(tmp_path: Path) -> None:
    config = MINIMAL_CONFIG.replace("  - digestwiki\n", "  - digestwiki:\n      search: mkdocs\n")
    root = make_site(tmp_path, {"2021-01-05-week.md": NOTE}, config)
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert (root / "site/search/search_index.json").is_file()
    assert not (root / "site/pagefind").exists()
    assert 'name="dw-search"' not in (root / "site/index.html").read_text(encoding="utf-8")


def test_missing_pagefind_binary_warns_and_keeps_materials_search(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"2021-01-05-week.md": NOTE})
    result = build(root, strict=False,
                   extra_env={"PAGEFIND_BINARY_PATH": str(tmp_path / "no-such-pagefind")})
    assert result.returncode == 0, result.stderr
    warnings = [w for w in warnings_of(result) if "Pagefind binary is missing" in w]
    assert len(warnings) == 1 and "pip install 'pagefind[bin]'" in warnings[0]
    assert (root / "site/search/search_index.json").is_file()


PAGE = ('<!doctype html><html lang="ko"><head><title>{t}</title></head><body><nav>사이드바</nav>'
        '<article class="md-content__inner md-typeset"><h1>{t}</h1><p>{body}</p></article>'
        '</body></html>')


def test_feeder_indexes_the_pages_it_is_given(tmp_path: Path) -> None:
    binary = search.executable()
    assert binary is not None, "pagefind[bin] is a dependency"
    feeder = search.Feeder(binary)
    feeder.add("/a/", search.mark_page(PAGE.format(t="A", body="비전트랜스포머 연구"), True))
    feeder.add("/b/", search.mark_page(PAGE.format(t="B", body="오버피팅을 줄였다"), True))
    assert feeder.finish(tmp_path)
    assert len(list((tmp_path / "pagefind/fragment").iterdir())) == 2
    assert feeder.proc.poll() is not None  # the service is gone


def test_pagefind_cli_indexes_only_marked_pages(tmp_path: Path) -> None:
    binary = search.executable()
    assert binary is not None
    for name, indexed in (("a", True), ("b", False)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(
            search.mark_page(PAGE.format(t=name, body="트랜스포머를 쓴다"), indexed),
            encoding="utf-8")
    assert search.run_pagefind(tmp_path, binary)
    assert len(list((tmp_path / "pagefind/fragment").iterdir())) == 1


def test_indexing_a_built_site_feeds_the_documents_the_build_feeds(tmp_path: Path) -> None:
    """The preview's background index (and the fallback after a build) reads the marked
    pages back from the site: the same documents, so the same fragments, as the feeder."""
    binary = search.executable()
    assert binary is not None
    site = tmp_path / "site"
    pages = {"/a/": search.mark_page(PAGE.format(t="A", body="비전트랜스포머 연구"), True),
             "/b/": search.mark_page(PAGE.format(t="B", body="오버피팅을 줄였다"), True)}
    for url, html_text in pages.items():
        (site / url.strip("/")).mkdir(parents=True)
        (site / url.strip("/") / "index.html").write_text(html_text, encoding="utf-8")
    assert search.run_pagefind(site, binary)
    feeder = search.Feeder(binary)
    for url, html_text in pages.items():
        feeder.add(url, html_text)
    assert feeder.finish(tmp_path / "fed")
    fragments = sorted(p.name for p in (site / "pagefind/fragment").iterdir())
    assert fragments == sorted(p.name for p in (tmp_path / "fed/pagefind/fragment").iterdir())

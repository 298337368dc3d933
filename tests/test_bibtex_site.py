"""The citation part of a real build: paper page tabs and copy buttons, the "Also cited as"
line in the search index, the bulk downloads, and a poisoned cache field that breaks nothing."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from pybtex.database import parse_string

from conftest import build, make_site, search_text, warnings_of
from digestwiki.metadata.cache import dumps

CONFIG = """\
site_name: Test wiki
site_url: https://example.org/wiki/
theme:
  name: material
  font: false
  features: [content.code.copy]
plugins:
  - search
  - digestwiki
markdown_extensions:
  - attr_list
  - md_in_html
  - admonition
  - pymdownx.details
  - pymdownx.highlight
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
"""

NOTE = """\
---
title: Attention week
tags: [nlp, Transformers]
---
# Attention week

- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)
- [SliceOut](https://arxiv.org/abs/2007.10909)
"""

RECORDS = {
    "arxiv:1706.03762": {
        "status": "found", "source": "arxiv", "title": "Attention Is All You Need",
        "authors": ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit"],
        "year": 2017, "primary_category": "cs.CL",
        "venue": "Advances in Neural Information Processing Systems", "venue_type": "conference",
        "venue_year": 2017, "accepted": True, "pages": "5998-6008",
        "sources": {"title": "arxiv", "authors": "arxiv", "year": "arxiv",
                    "primary_category": "arxiv", "venue": "crossref", "venue_type": "crossref",
                    "venue_year": "crossref", "accepted": "crossref", "pages": "crossref"},
    },
    # A poisoned cache field: an unbalanced brace and a LaTeX command from a service.
    "arxiv:2007.10909": {
        "status": "found", "source": "arxiv",
        "title": "SliceOut: Training {Transformers \\input{/etc/passwd} faster",
        "authors": ["Pascal Notin", "Aidan N. Gomez"], "year": 2020, "primary_category": "cs.LG",
    },
}


def plain(fragment: str) -> str:
    """An HTML fragment's text (the code highlighter wraps every token in a span)."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_site(tmp_path_factory.mktemp("bibsite"), {"2020-07-24-attention.md": NOTE},
                     config=CONFIG, files={"metadata/papers.json": dumps(RECORDS)})
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert not warnings_of(result), result.stderr
    return root


def test_accepted_paper_page_defaults_to_the_published_version(site: Path) -> None:
    page = (site / "site/papers/arxiv-1706-03762/index.html").read_text(encoding="utf-8")
    labels = [x for x in re.findall(r"<label[^>]*>([^<]+)</label>", page)]
    assert labels[:2] == ["Published version", "Preprint"]
    assert labels[2:5] == ["BibTeX", "BibLaTeX", "Plain text"]
    first_tab = re.search(r'<input checked="checked" id="([^"]+)"', page)
    assert first_tab is not None and first_tab.group(1).endswith("_1")
    blocks = [plain(b) for b in page.split('class="tabbed-block"')]
    assert "@inproceedings{vaswani2017attention" in blocks[2]  # published, BibTeX: first
    text = plain(page)
    assert "@online{vaswani2017attention" in text and "eprinttype" in text
    assert "@misc{vaswani2017attention" in text and "archivePrefix" in text
    assert "A. Vaswani, N. Shazeer, N. Parmar, J. Uszkoreit. Attention Is All You Need." in text
    # Six code blocks (BibTeX, BibLaTeX, plain text; both versions): Material's content.code.copy
    # gives each its copy button (clicked in test_browser).
    citation = page.split('class="dw-bibtex"')[1].split("dw-also-cited")[0]
    assert citation.count('<div class="highlight">') == 6


def test_also_cited_as_is_in_the_search_index(site: Path) -> None:
    text = search_text(site / "site", "papers/arxiv-2007-10909/")
    assert "Also cited as" in text and "2007.10909" in text
    assert "@misc" not in text and "@online" not in text  # the entries themselves are not
    page = (site / "site/papers/arxiv-2007-10909/index.html").read_text(encoding="utf-8")
    assert "<code>2007.10909</code>" in page


def test_bulk_downloads_parse_back_and_match_the_pages(site: Path) -> None:
    out = site / "site"
    whole = parse_string((out / "papers.bib").read_text(encoding="utf-8"), "bibtex").entries
    assert set(whole) == {"vaswani2017attention", "notin2020sliceout"}
    assert whole["vaswani2017attention"].type == "inproceedings"
    biblatex = parse_string((out / "papers-biblatex.bib").read_text(encoding="utf-8"),
                            "bibtex").entries
    assert biblatex["notin2020sliceout"].type == "online"
    assert biblatex["notin2020sliceout"].fields["eprinttype"] == "arxiv"
    assert biblatex["vaswani2017attention"].fields["date"] == "2017"
    for tag in ("nlp", "transformers"):
        tagged = parse_string((out / f"bib/tags/{tag}.bib").read_text(encoding="utf-8"),
                              "bibtex").entries
        assert set(tagged) == set(whole)
    author = parse_string((out / "bib/authors/pascal-notin.bib").read_text(encoding="utf-8"),
                          "bibtex").entries
    assert set(author) == {"notin2020sliceout"}
    digest = parse_string((out / "digests/2020-07-24-attention.bib").read_text(encoding="utf-8"),
                          "bibtex").entries
    assert set(digest) == set(whole)


def test_a_poisoned_cache_field_is_text_and_breaks_no_other_entry(site: Path) -> None:
    text = (site / "site/papers.bib").read_text(encoding="utf-8")
    entries = parse_string(text, "bibtex").entries
    title = entries["notin2020sliceout"].fields["title"]
    assert title == ("{SliceOut}: {Training} \\textbraceleft{}Transformers "
                     "\\textbackslash{}input\\textbraceleft{}/etc/passwd\\textbraceright{} faster")
    assert entries["vaswani2017attention"].fields["title"] == "Attention Is All You Need"
    assert "\\input" not in text

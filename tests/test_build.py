"""Real `mkdocs build` runs (Material, strict) of small sites, checked through their HTML."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from pybtex.database import parse_string

from conftest import GOLDEN, build, make_site, warnings_of

PLAIN = """이번 주 논문.
https://arxiv.org/abs/2007.10909
SliceOut: Training Transformers and CNNs faster while using less memory (Pascal Notin, Yarin Gal)
첫 줄 코멘트. memo(https://arxiv.org/abs/2001.10913) 이후로 오랜만.
둘째 줄 <b>not html</b> & more
https://arxiv.org/abs/2007.10396
NSGANetV2: Evolutionary Multi-Objective Surrogate-Assisted Neural Architecture Search (Zhichao Lu)
https://arxiv.org/abs/2007.05869와 비슷한 결과. 코드 https://github.com/x/y
#review
"""

JEKYLL = """---
layout: post
title: "ICLR preview"
date: 2020-1-7
---

<figure>
\t<img src="{{ '/assets/img/missing.PNG' | prepend: site.baseurl }}" alt="">
\t<figcaption> [acceptance rate 비교] </figcaption>
</figure>

###  <a href="https://openreview.net/pdf?id=BkluqlSFDS" target="_blank">\
<b> 1.\tFederated Learning with Matched Averaging (Oral) </b></a>
- rating: 8 / 8 / 8
- 기존 <a href="https://arxiv.org/pdf/1602.05629.pdf" target="_blank"><b> FedAvg </b></a>\
 방식. 그리고 https://arxiv.org/abs/2007.10909 도.
"""

MARKDOWN = """# 210508 최근 논문들

mixer (https://arxiv.org/abs/2105.01601)가 나오자마자.

RepMLP: Re-parameterizing Convolutions into Fully-connected Layers for Image Recognition

https://arxiv.org/abs/2105.01883

repvgg를 만들었던 양반들.
"""


def _tree(path: Path) -> dict[str, str]:
    return {p.relative_to(path).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(path.rglob("*")) if p.is_file()}


def _site(tmp_path: Path) -> Path:
    return make_site(tmp_path, {
        "2020-07-24-plain.txt": PLAIN,
        "2020-01-07-iclr.md": JEKYLL,
        "2021-05-08-recent.md": MARKDOWN,
    })


def test_strict_build_renders_digests_papers_and_indexes(tmp_path: Path) -> None:
    root = _site(tmp_path)
    before = _tree(root / "docs")
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert warnings_of(result) == []
    assert _tree(root / "docs") == before, "the build must never write into docs/"
    site = root / "site"

    page = (site / "digests/2020-07-24-plain/index.html").read_text(encoding="utf-8")
    # An anchored, id-based heading that links to the paper page.
    assert re.search(r'<h2 id="arxiv-2007-10909">.*?href="../../papers/arxiv-2007-10909/"', page)
    # Line structure kept; HTML-looking text stays text; bare URLs are links.
    assert ("첫 줄 코멘트." in page
            and "<br>\n둘째 줄 &lt;b&gt;not html&lt;/b&gt; &amp; more" in page)
    assert '<a href="https://github.com/x/y">https://github.com/x/y</a>' in page
    # Mentions get the anchor their backlink points to, and a link to the wiki page.
    assert '<a id="mention-arxiv-2001-10913" href="https://arxiv.org/abs/2001.10913">' in page
    assert 'class="dw-wiki" href="../../papers/arxiv-2001-10913/"' in page
    assert '<a id="mention-arxiv-2007-05869" href="https://arxiv.org/abs/2007.05869">' \
           'https://arxiv.org/abs/2007.05869</a>' in page

    jekyll = (site / "digests/2020-01-07-iclr/index.html").read_text(encoding="utf-8")
    assert ('id="openreview-BkluqlSFDS"' in jekyll
            and "Federated Learning with Matched Averaging" in jekyll)
    assert '<span class="dw-label">Oral</span>' in jekyll
    assert ("[acceptance rate 비교]" in jekyll
            and "missing.PNG" not in jekyll.split("dw-missing-image")[0])
    assert "{{" not in jekyll
    assert '<a id="mention-arxiv-1602-05629" href="https://arxiv.org/pdf/1602.05629.pdf"' in jekyll

    md = (site / "digests/2021-05-08-recent/index.html").read_text(encoding="utf-8")
    assert 'id="arxiv-2105-01883"' in md
    assert '<a id="mention-arxiv-2105-01601" href="https://arxiv.org/abs/2105.01601">' in md

    paper = (site / "papers/arxiv-2007-10909/index.html").read_text(encoding="utf-8")
    assert "SliceOut: Training Transformers and CNNs faster while using less memory" in paper
    assert "Pascal Notin, Yarin Gal" in paper
    bibtex = paper.split('<h2 id="bibtex">')[1].split("</h2>", 1)[1].split("<h2", 1)[0]
    assert '<div class="highlight">' in bibtex and "notin2020sliceout" in bibtex
    reviewed = paper.split('id="reviewed-in"')[1].split('id="mentioned-in"')[0]
    mentioned = paper.split('id="mentioned-in"')[1]
    assert 'href="../../digests/2020-07-24-plain/#arxiv-2007-10909"' in reviewed
    assert 'href="../../digests/2020-01-07-iclr/#mention-arxiv-2007-10909"' in mentioned

    # Paper pages are not in the nav; indexes are.
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "papers/arxiv-2007-10909/" not in home
    assert (site / "papers/index.html").exists() and (site / "digests/index.html").exists()
    # Digest .bib download for "copy all".
    assert "notin2020sliceout" in (site / "digests/2020-07-24-plain.bib").read_text(
        encoding="utf-8")


def test_papers_json_and_bib(tmp_path: Path) -> None:
    root = _site(tmp_path)
    assert build(root).returncode == 0
    data = json.loads((root / "site/papers.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    digests = {d["id"]: d for d in data["digests"]}
    assert [d["id"] for d in data["digests"]] == ["2021-05-08-recent", "2020-07-24-plain",
                                                  "2020-01-07-iclr"]  # newest first
    plain = digests["2020-07-24-plain"]
    assert plain == {
        "id": "2020-07-24-plain", "title": "Plain", "date": "2020-07-24", "date_inferred": False,
        "url": "digests/2020-07-24-plain/", "source": "docs/digests/2020-07-24-plain.txt",
        "tags": ["review"], "papers": ["arxiv:2007.10909", "arxiv:2007.10396"],
    }
    papers = {p["id"]: p for p in data["papers"]}
    sliceout = papers["arxiv:2007.10909"]
    assert sliceout["authors"] == ["Pascal Notin", "Yarin Gal"]
    assert sliceout["year"] == 2020 and sliceout["bibtex_key"] == "notin2020sliceout"
    assert sliceout["url"] == "https://arxiv.org/abs/2007.10909"
    roles = sorted((m["digest"], m["role"], m["line"]) for m in sliceout["mentions"])
    assert roles == [("2020-01-07-iclr", "mentioned", 14), ("2020-07-24-plain", "reviewed", 2)]
    mention = next(m for m in sliceout["mentions"] if m["role"] == "mentioned")
    assert mention["url"] == "digests/2020-01-07-iclr/#mention-arxiv-2007-10909"
    assert "그리고 https://arxiv.org/abs/2007.10909 도." in mention["context"]
    assert papers["openreview:BkluqlSFDS"]["authors"] == []  # never invented
    bib = parse_string((root / "site/papers.bib").read_text(encoding="utf-8"), "bibtex")
    assert set(bib.entries) == {p["bibtex_key"] for p in data["papers"]}
    # The key registry beside mkdocs.yml holds complete papers only.
    keys = json.loads((root / "bibkeys.json").read_text(encoding="utf-8"))["keys"]
    assert keys == {"arxiv:2007.10396": "lu2020nsganetv2", "arxiv:2007.10909": "notin2020sliceout"}


def test_a_note_that_cannot_be_fully_read_still_renders_with_a_located_warning(
    tmp_path: Path,
) -> None:
    root = make_site(tmp_path, {
        "2020-07-24-ok.txt": PLAIN,
        "2020-07-25-bad.txt": ("---\ntitle: [oops\n---\n"
                               "잡담만 있고 https://arxiv.org/abs/2006.162360 오타\n"),
    })
    strict = build(root)
    assert strict.returncode != 0
    loose = build(root, strict=False)
    assert loose.returncode == 0
    warnings = warnings_of(loose)
    assert any("docs/digests/2020-07-25-bad.txt:2: front matter is not valid YAML" in w
               for w in warnings)
    assert any("docs/digests/2020-07-25-bad.txt:4: 'https://arxiv.org/abs/2006.162360' looks like"
               in w for w in warnings)
    assert "Traceback" not in loose.stderr
    assert (root / "site/digests/2020-07-25-bad/index.html").exists()


def test_keys_stay_pinned_when_papers_are_added(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"2020-07-24-plain.txt": PLAIN})
    assert build(root).returncode == 0
    first = (root / "bibkeys.json").read_text(encoding="utf-8")
    # A new note whose paper would take the same key base, sorting first by id.
    (root / "docs/digests/2020-08-01-more.txt").write_text(
        "https://arxiv.org/abs/2006.00001\nSliceOut Revisited (Pascal Notin)\n", encoding="utf-8")
    assert build(root).returncode == 0
    keys = json.loads((root / "bibkeys.json").read_text(encoding="utf-8"))["keys"]
    assert (keys["arxiv:2007.10909"] == json.loads(first)["keys"]["arxiv:2007.10909"]
            == "notin2020sliceout")
    assert keys["arxiv:2006.00001"] == "notin2020sliceouta"


def test_repository_site_matches_the_golden_parse(repo_site: Path) -> None:
    gold = json.loads(GOLDEN.read_text(encoding="utf-8"))["digests"]
    data = json.loads((repo_site / "papers.json").read_text(encoding="utf-8"))
    assert len(data["digests"]) == len(gold) == 5
    reviewed = sum(len(d["papers"]) for d in data["digests"])
    assert reviewed == sum(len(v["reviewed"]) for v in gold.values())
    ids = {p["id"] for p in data["papers"]}
    expected = {(i if ":" in i else f"arxiv:{i}") for v in gold.values()
                for i in [r["id"] for r in v["reviewed"]] + v["mentioned"]}
    assert ids == expected
    for paper in data["papers"]:
        page = repo_site / paper["page"] / "index.html"
        assert page.exists(), paper["page"]
    parse_string((repo_site / "papers.bib").read_text(encoding="utf-8"), "bibtex")


EDIT_CONFIG = """\
site_name: Test wiki
repo_url: https://github.com/o/r
edit_uri: edit/main/docs/
theme:
  name: material
  font: false
  features: [content.action.edit]
plugins:
  - search
  - digestwiki
"""


def test_edit_action_opens_the_note_itself(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"2020-07-24-plain.txt": PLAIN, "2021-05-08-recent.md": MARKDOWN},
                     config=EDIT_CONFIG)
    result = build(root)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    digest = (site / "digests/2020-07-24-plain/index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/o/r/edit/main/docs/digests/2020-07-24-plain.txt"' in digest
    paper = (site / "papers/arxiv-2105-01883/index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/o/r/edit/main/docs/digests/2021-05-08-recent.md"' in paper


def test_every_backlink_anchor_exists_even_for_odd_links(tmp_path: Path) -> None:
    note = ("https://arxiv.org/abs/2101.00001\nA Paper Title Of Some Length (Ada Lovelace)\n"
            "scheme-less arxiv.org/abs/2101.00002 here, and in code `https://arxiv.org/abs/2101.00003`.\n")
    md = ("# 210102 노트\n\nSome Paper Title Words\n\nhttps://arxiv.org/abs/2101.00004\n\n"
          "코멘트 arxiv.org/pdf/2101.00005v2.pdf 그리고 `arxiv.org/abs/2101.00006` 끝.\n")
    root = make_site(tmp_path, {"2021-01-01-odd.txt": note, "2021-01-02-odd.md": md})
    result = build(root)  # strict: a backlink to a missing anchor would be a warning
    assert result.returncode == 0, result.stderr
    assert warnings_of(result) == []
    plain = (root / "site/digests/2021-01-01-odd/index.html").read_text(encoding="utf-8")
    assert ('<a id="mention-arxiv-2101-00002" href="https://arxiv.org/abs/2101.00002">'
            "arxiv.org/abs/2101.00002</a>") in plain
    md_page = (root / "site/digests/2021-01-02-odd/index.html").read_text(encoding="utf-8")
    assert '<a id="mention-arxiv-2101-00005" href="https://arxiv.org/pdf/2101.00005v2.pdf">' \
        in md_page
    # A link inside a code span renders as code; its anchor sits under its section's heading.
    assert '<span id="mention-arxiv-2101-00006" class="dw-anchor"></span>' in md_page


def test_arxiv_ids_written_as_text_become_links(tmp_path: Path) -> None:
    note = ("arXiv:2101.00001\nA Paper Title Of Some Length (Ada Lovelace)\n"
            "비슷한 연구 arXiv:2101.00002 참고.\n")
    root = make_site(tmp_path, {"2021-01-01-ids.txt": note, "2021-01-02-ids.md":
                                "# 210102\n\nsee arXiv:2101.00002v3 too.\n"})
    result = build(root)
    assert result.returncode == 0 and warnings_of(result) == [], result.stderr
    page = (root / "site/digests/2021-01-01-ids/index.html").read_text(encoding="utf-8")
    assert 'class="dw-entry-link" href="https://arxiv.org/abs/2101.00001">arXiv:2101.00001' in page
    assert ('<a id="mention-arxiv-2101-00002" href="https://arxiv.org/abs/2101.00002">'
            "arXiv:2101.00002</a>") in page
    md = (root / "site/digests/2021-01-02-ids/index.html").read_text(encoding="utf-8")
    assert '<a id="mention-arxiv-2101-00002" href="https://arxiv.org/abs/2101.00002">' in md


def test_a_note_that_is_not_utf8_renders_with_a_warning(tmp_path: Path) -> None:
    raw = "https://arxiv.org/abs/2101.00001\nA Paper Title Of Some Length (Ada Lovelace)\n"
    latin = raw.encode() + "caf\xe9\n".encode("latin-1")
    root = make_site(tmp_path, {"2021-01-01-latin.txt": latin})
    result = build(root, strict=False)
    assert result.returncode == 0
    assert any("docs/digests/2021-01-01-latin.txt:3: saved as Latin-1" in w
               for w in warnings_of(result))
    assert (root / "site/papers/arxiv-2101-00001/index.html").exists()
    assert "café" in (root / "site/digests/2021-01-01-latin/index.html").read_text("utf-8")


def test_a_file_name_with_hash_or_percent_gets_a_working_page(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"2021-01-01-c#sharp 50%.md":
                                "# C sharp\n\n- [Widget Nets for Graphs](https://arxiv.org/abs/2101.00003)\n"})
    result = build(root, strict=False)
    assert result.returncode == 0, result.stderr
    assert "2021-01-01-c#sharp 50%.md:1: the file name holds '#' '%'" in result.stderr
    assert (root / "site/digests/2021-01-01-c-sharp 50-/index.html").is_file()
    paper = (root / "site/papers/arxiv-2101-00003/index.html").read_text(encoding="utf-8")
    assert 'href="../../digests/2021-01-01-c-sharp%2050-/#arxiv-2101-00003"' in paper

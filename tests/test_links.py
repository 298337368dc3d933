"""Links between generated pages: the fast relative path agrees with posixpath.relpath."""

from __future__ import annotations

import itertools
import posixpath

import pytest

from digestwiki.links import Linker, relpath

PATHS = ["papers/x.md", "papers/titles/a-2.md", "digests/2019/01/index.md", "digests/a#b.md",
         "index.md", "papers/", "./papers/./x.md", "papers//x.md", "a..b/c.md", "../up.md",
         "/abs/x.md", "papers", "."]


@pytest.mark.parametrize(("path", "start"), list(itertools.product(PATHS, [*PATHS, ""])))
def test_relpath_is_posixpath_relpath(path: str, start: str) -> None:
    assert relpath(path, start or ".") == posixpath.relpath(path, start or ".")


def test_links_between_generated_pages() -> None:
    links = Linker("papers/titles/a-2.md")
    assert links.md("papers/arxiv-1.md", "bibtex") == "../arxiv-1.md#bibtex"
    assert links.html("papers/arxiv-1.md") == "../../arxiv-1/"
    assert links.html("papers/titles/a-2.md") == "./"
    assert Linker("index.md").html("digests/2019/index.md") == "digests/2019/"
    assert links.asset("papers/index.json") == "../../index.json"

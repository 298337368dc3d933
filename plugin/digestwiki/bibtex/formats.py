"""Bulk downloads: the whole wiki in BibLaTeX, and one ``.bib`` per tag and per author.

``papers.bib`` and the per-digest ``.bib`` files are made by the renderer; these come from
:func:`bib_files`, which the build adds as generated files. Each file holds the same entries
as the paper pages (the default version: published when known), sorted by key.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from anyascii import anyascii

if TYPE_CHECKING:
    from ..graph import Paper, Wiki

BIBLATEX_FILE = "papers-biblatex.bib"
TAGS_DIR = "bib/tags"
AUTHORS_DIR = "bib/authors"


def file_slug(name: str) -> str:
    """A file name for a tag or an author: ASCII, lowercase, dashes (``Jan Böhm`` -> jan-bohm)."""
    return re.sub(r"[^a-z0-9]+", "-", anyascii(name).lower()).strip("-") or "x"


def _bib(papers: list[Paper], biblatex: bool = False) -> str:
    ordered = sorted({p.id: p for p in papers}.values(), key=lambda p: p.bibtex_key)
    return "\n".join(getattr(p.bibtex, "biblatex", "") if biblatex else p.bibtex
                     for p in ordered)


def _grouped(groups: dict[str, list[Paper]], folder: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for name in sorted(groups, key=lambda n: (file_slug(n), n)):
        base = f"{folder}/{file_slug(name)}"
        path, n = f"{base}.bib", 1
        while path in out:
            n += 1
            path = f"{base}-{n}.bib"
        out[path] = _bib(groups[name])
    return out


def bib_files(wiki: Wiki) -> dict[str, str]:
    """{site path: text} of the BibLaTeX file and the per-tag and per-author BibTeX files."""
    papers = list(wiki.papers.values())
    files = {BIBLATEX_FILE: _bib(papers, biblatex=True)}
    by_tag: dict[str, list[Paper]] = {}
    for digest in wiki.digests:
        for tag in digest.tags:
            for entry in digest.entries:
                by_tag.setdefault(tag, []).append(wiki.paper(entry.id))
    by_author: dict[str, list[Paper]] = {}
    for paper in papers:
        for author in paper.authors:
            by_author.setdefault(" ".join(author.split()), []).append(paper)
    files.update(_grouped(by_tag, TAGS_DIR))
    files.update(_grouped(by_author, AUTHORS_DIR))
    return files

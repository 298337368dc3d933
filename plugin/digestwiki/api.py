"""DigestWiki's public Python API: the wiki as data, for scripts and generated pages.

    from digestwiki.api import load_wiki
    wiki = load_wiki("mkdocs.yml")
    for paper in wiki.papers.values():
        print(paper.bibtex_key, paper.display_title, len(paper.backlinks))

``load_wiki`` reads what a build reads (the notes under docs/<digests_dir>, the metadata
cache and the BibTeX key registry, as configured in mkdocs.yml) and writes nothing: no
cache, no registry, no network. A paper new since the last build gets the key the next
build would give it, but that key is only recorded by the build.

Site owners use it from mkdocs-gen-files scripts to add their own generated pages (see
``scripts/gen_stats.py``). Stable names: :func:`load_wiki`, :func:`load_settings`,
:class:`Wiki`, :class:`Paper`, :class:`Backlink`, :class:`Digest`,
:func:`discussed_alongside`.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import pipeline
from .config import Settings, load_settings
from .graph import Backlink, Paper, Wiki
from .model import Digest
from .related import discussed_alongside

__all__ = ["Backlink", "Digest", "Paper", "Settings", "Wiki", "discussed_alongside",
           "load_settings", "load_wiki", "wiki_from_settings"]


def wiki_from_settings(settings: Settings) -> Wiki:
    """The wiki for already-loaded settings (notes with the same name: the first one wins)."""
    return pipeline.load(settings)


def load_wiki(config_file: str | os.PathLike[str] = "mkdocs.yml") -> Wiki:
    """Read the wiki configured by ``config_file`` (a path to mkdocs.yml). Writes nothing."""
    return wiki_from_settings(load_settings(Path(config_file)))

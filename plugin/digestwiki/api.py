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

__all__ = ["Backlink", "Digest", "Paper", "Settings", "Wiki", "current_wiki",
           "discussed_alongside", "load_settings", "load_wiki", "wiki_from_settings"]

# The wiki the running MkDocs build assembled, by config file: set by the plugin once per
# build (the module's one global, like mkdocs-gen-files' FilesEditor.current()), read by
# scripts that add pages during the build.
_current: dict[str, Wiki] = {}


def set_current(config_file: str | os.PathLike[str] | None, wiki: Wiki) -> None:
    _current[str(Path(config_file or "mkdocs.yml").resolve())] = wiki


def current_wiki(config_file: str | os.PathLike[str] = "mkdocs.yml") -> Wiki:
    """The wiki of the build in progress for ``config_file``; outside a build, :func:`load_wiki`.

    A mkdocs-gen-files script calls it so the statistics page counts exactly what the build
    renders, without reading every note a second time.
    """
    found = _current.get(str(Path(config_file).resolve()))
    return found if found is not None else load_wiki(config_file)


def wiki_from_settings(settings: Settings) -> Wiki:
    """The wiki for already-loaded settings (notes with the same name: the first one wins)."""
    return pipeline.load(settings)


def load_wiki(config_file: str | os.PathLike[str] = "mkdocs.yml") -> Wiki:
    """Read the wiki configured by ``config_file`` (a path to mkdocs.yml). Writes nothing."""
    return wiki_from_settings(load_settings(Path(config_file)))

"""Every page and file the wiki adds to a site, as plain ``(path, text)`` records.

The one generation step behind every front: the MkDocs plugin wraps each :class:`Output` in a
``File.generated`` (``build.py``); ``digestwiki generate --out DIR`` (``export.py``) writes
them as files for generators that run no plugins, such as Zensical. Nothing here knows
MkDocs: a front says what the site is (:class:`SiteInfo`) and which paths its docs folder
already has.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from pybtex.exceptions import PybtexError

from . import indexes, reader
from .bibtex import bib_files, check_parses
from .config import Settings
from .graph import Paper, Wiki
from .model import Digest
from .render import (
    Layout,
    digest_bib,
    environment,
    papers_bib,
    papers_json,
    render_alias,
    render_digest,
    render_paper,
)

ASSETS = Path(__file__).parent / "assets"
CSS_URI = "assets/digestwiki/digestwiki.css"


@dataclass(frozen=True)
class SiteInfo:
    """What generation needs to know about the site (from mkdocs.yml, whichever tool reads it)."""

    name: str
    url: str | None = None
    description: str | None = None
    use_directory_urls: bool = True
    language: str = "en"


@dataclass(frozen=True)
class Output:
    """One generated file: ``text``, or a packaged file copied as it is (``copy_of``)."""

    src: str  # path in the docs folder, "/"-separated
    text: str | None = None
    copy_of: Path | None = None
    in_nav: bool = True  # False: built, but never listed in the navigation


@dataclass
class Generated:
    """Everything generated for one wiki, and what a front needs to finish the pages."""

    layout: Layout
    outputs: dict[str, Output] = field(default_factory=dict)
    digest_by_src: dict[str, Digest] = field(default_factory=dict)
    paper_by_src: dict[str, Paper] = field(default_factory=dict)

    def put(self, src: str, text: str, in_nav: bool = True) -> None:
        self.outputs[src] = Output(src, text=text, in_nav=in_nav)


class GenerationError(Exception):
    """A bug of ours that a front reports as one clear line (never a traceback)."""


def generate(wiki: Wiki, settings: Settings, site: SiteInfo,
             exists: Callable[[str], bool]) -> Generated:
    """Every generated page and file of ``wiki``.

    ``exists(src)`` says whether the docs folder already has a file at ``src`` (notes left
    out): a hand-written index or home page there wins over the generated one, and an image a
    note links is only linked when it is there.
    """
    layout = Layout(settings.digests_dir, settings.papers_dir, site.use_directory_urls)
    env = environment(settings.templates_dir, site.language)
    out = Generated(layout)
    for digest in wiki.digests:
        src = layout.digest_src(digest)
        bib_src = layout.digest_bib_src(digest)
        bib_url = layout.linker(src).asset(bib_src) if digest.entries else None
        out.put(src, render_digest(env, wiki, digest, layout, exists, bib_url))
        if digest.entries:
            out.put(bib_src, digest_bib(wiki, digest))
        out.digest_by_src[src] = digest
    alongside = reader.paper_alongside(wiki, layout)
    for paper in wiki.papers.values():
        src = layout.paper_src(paper)
        out.put(src, render_paper(env, paper, layout, alongside.get(paper.id),
                                  lambda source: note_edit_url(settings, source)), in_nav=False)
        out.paper_by_src[src] = paper
    for alias, canonical in wiki.aliases.items():
        alias_slug = wiki.slugs[alias]
        out.put(layout.alias_src(alias_slug),
                render_alias(env, alias, alias_slug, wiki.papers[canonical], layout),
                in_nav=False)
    # Index pages, split to stay small; a hand-written one in docs/ wins over the generated one.
    for src, text, in_nav in indexes.index_files(wiki, layout, env, exists,
                                                 settings.index_page_size):
        out.put(src, text, in_nav)
    bib = papers_bib(wiki)
    try:
        check_parses(bib)
    except PybtexError as exc:  # a bug of ours, but say what and where instead of a traceback
        raise GenerationError(f"papers.bib does not parse back with pybtex ({exc}); please "
                              "report this with the notes that caused it") from exc
    out.put("papers.bib", bib)
    for path, text in bib_files(wiki).items():  # BibLaTeX, per tag, per author
        out.put(path, text)
    out.put("papers.json", papers_json(wiki, layout))
    for src, text in reader.reader_files(wiki, layout, env, site.name, site.url,
                                         site.description, exists):
        out.put(src, text)
    out.outputs[CSS_URI] = Output(CSS_URI, copy_of=ASSETS / "digestwiki.css")
    if not exists(reader.JS_URI):
        out.outputs[reader.JS_URI] = Output(reader.JS_URI, copy_of=ASSETS / "digestwiki.js")
    return out


def note_edit_url(settings: Settings, source: str) -> str | None:
    """The repository's edit page of a note (``source`` is its path in the repository)."""
    if not settings.repo_url or not settings.edit_uri or not settings.edit_notes:
        return None
    docs_rel = settings.docs_dir.relative_to(settings.root).as_posix() if \
        settings.docs_dir.is_relative_to(settings.root) else ""
    path = source[len(docs_rel) + 1:] if docs_rel and source.startswith(docs_rel + "/") else source
    base = urljoin(settings.repo_url.rstrip("/") + "/", settings.edit_uri)
    return base.rstrip("/") + "/" + posixpath.normpath(path)

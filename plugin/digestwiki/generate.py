"""Every page and file the wiki adds to a site, as plain ``(path, text)`` records.

The one generation step behind every front: the MkDocs plugin wraps each :class:`Output` in a
``File.generated`` (``build.py``); ``digestwiki generate --out DIR`` (``export.py``) writes
them as files for generators that run no plugins, such as Zensical. Nothing here knows
MkDocs: a front says what the site is (:class:`SiteInfo`) and which paths its docs folder
already has.
"""

from __future__ import annotations

import hashlib
import posixpath
import zlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jinja2
from pybtex.exceptions import PybtexError

from . import indexes, reader
from .bibtex import bib_files, check_parses
from .config import Settings
from .graph import Paper, Wiki
from .model import Digest
from .render import (
    Layout,
    digest_bib,
    digest_record,
    environment,
    json_item,
    paper_record,
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
    """One generated file: ``text``, the same compressed (``packed``, UTF-8 and zlib), or a
    file on disk copied as it is (``copy_of``)."""

    src: str  # path in the docs folder, "/"-separated
    text: str | None = None
    copy_of: Path | None = None
    packed: bytes | None = None
    in_nav: bool = True  # False: built, but never listed in the navigation


@dataclass
class Generated:
    """Everything generated for one wiki, and what a front needs to finish the pages.

    ``stamps`` record what each text was made from, so a later generation (``mkdocs serve``
    after an edit) reuses every text whose inputs are unchanged; ``changed`` lists the paths
    whose text is new or differs from the previous generation's.
    """

    layout: Layout
    outputs: dict[str, Output] = field(default_factory=dict)
    digest_by_src: dict[str, Digest] = field(default_factory=dict)
    paper_by_src: dict[str, Paper] = field(default_factory=dict)
    stamps: dict[str, Hashable] = field(default_factory=dict)
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)  # group -> its paths
    alongside: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    alongside_inputs: tuple[Any, ...] = ()  # what the rows were made from (_alongside)
    json_items: dict[str, tuple[Hashable, str]] = field(default_factory=dict)  # papers.json
    index_texts: dict[bytes, str] = field(default_factory=dict)  # indexes.remembered_render
    changed: set[str] = field(default_factory=set)
    previous: Generated | None = None
    # A full build's texts are packed or wait here on disk, not in memory (:meth:`_output`).
    folder: Path | None = None
    made_folders: set[Path] = field(default_factory=set)

    def put(self, src: str, text: str, in_nav: bool = True) -> None:
        before = self.previous.outputs.get(src) if self.previous else None
        if before is not None and before.text == text and before.in_nav == in_nav:
            # the very same object: the preview tells unchanged pages by their text's identity
            self.outputs[src] = before
            return
        self.outputs[src] = self._output(src, text, in_nav)
        self.changed.add(src)

    def _output(self, src: str, text: str, in_nav: bool) -> Output:
        """With a ``folder``, a page's text is held compressed and a data file's waits there
        on disk: a build holding every text at once peaks 280 MB higher at 30,000 papers
        (Korean text is two bytes a letter in Python). Pages stay in memory because creating
        a file costs 0.4 ms on some disks, 15 s for 37,000 files."""
        if self.folder is None:
            return Output(src, text=text, in_nav=in_nav)
        data = text.encode("utf-8", "surrogatepass")  # a lone surrogate: MkDocs says where
        if src.endswith(".md"):
            return Output(src, packed=zlib.compress(data, 1), in_nav=in_nav)
        path = self.folder / src
        if path.parent not in self.made_folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.made_folders.add(path.parent)
        path.write_bytes(data)
        return Output(src, copy_of=path, in_nav=in_nav)

    def reuse(self, src: str, stamp: Hashable) -> bool:
        """Keep the previous generation's text of ``src`` if it was made from ``stamp``."""
        self.stamps[src] = stamp
        before = self.previous
        if before is None or before.stamps.get(src) != stamp or src not in before.outputs:
            return False
        self.outputs[src] = before.outputs[src]
        return True

    def reuse_group(self, name: str, stamp: Hashable) -> bool:
        """Keep every text the group ``name`` made last time (the index pages, the data
        files), if the group was made from ``stamp``."""
        self.stamps[name] = stamp
        before = self.previous
        if before is None or before.stamps.get(name) != stamp:
            return False
        self.groups[name] = before.groups.get(name, ())
        for src in self.groups[name]:
            self.outputs[src] = before.outputs[src]
        return True

    def end_group(self, name: str, srcs: list[str]) -> None:
        self.groups[name] = tuple(srcs)


class GenerationError(Exception):
    """A bug of ours that a front reports as one clear line (never a traceback)."""


def generate(wiki: Wiki, settings: Settings, site: SiteInfo, exists: Callable[[str], bool],
             previous: Generated | None = None, folder: Path | None = None) -> Generated:
    """Every generated page and file of ``wiki``.

    ``exists(src)`` says whether the docs folder already has a file at ``src`` (notes left
    out): a hand-written index or home page there wins over the generated one, and an image a
    note links is only linked when it is there. With ``previous`` (the last generation of the
    same site), a text whose inputs are unchanged is reused instead of rendered again. With
    ``folder`` (an empty folder the caller removes later), pages are packed and data files
    written there as they are made: for a build no later generation compares with.
    """
    layout = Layout(settings.digests_dir, settings.papers_dir, site.use_directory_urls)
    env = _environment(settings.templates_dir, site.language)
    out = Generated(layout, previous=previous, folder=folder)
    # What every page depends on: a change here renders everything again.
    site_stamp = (site, repr(settings), _templates_stamp(settings.templates_dir))
    if previous is not None and previous.stamps.get("#site") != site_stamp:
        out.previous = previous = None
    out.stamps["#site"] = site_stamp
    # A note's text stands for all the note says (a hash: stamps stay small).
    note_stamp: dict[str, Hashable] = {d.id: (d.source, hash(d.text), len(d.text))
                                       for d in wiki.digests}

    def paper_stamp(paper_id: str) -> Hashable:
        paper = wiki.paper(paper_id)
        return (paper_id, paper.slug, paper.display_title, paper.bibtex_key, paper.bibtex)

    for digest in wiki.digests:
        src = layout.digest_src(digest)
        bib_src = layout.digest_bib_src(digest)
        out.digest_by_src[src] = digest
        seen: dict[str, bool] = {}

        def asset_exists(path: str, seen: dict[str, bool] = seen) -> bool:
            seen[path] = exists(path)
            return seen[path]

        ids = sorted({e.id for e in digest.entries} | {m.id for m in digest.mentions})
        stamp = (note_stamp[digest.id],
                 tuple(paper_stamp(i) for i in ids if i in wiki.papers or i in wiki.aliases))
        # The stamp also holds which images the page linked and whether they were there.
        before = previous.stamps.get(src) if previous else None
        if isinstance(before, tuple) and before[0] == stamp and \
                all(exists(path) == was for path, was in before[1]) and out.reuse(src, before):
            if digest.entries:
                out.reuse(bib_src, stamp)
            continue
        bib_url = layout.linker(src).asset(bib_src) if digest.entries else None
        text = render_digest(env, wiki, digest, layout, asset_exists, bib_url)
        out.stamps[src] = (stamp, tuple(sorted(seen.items())))
        out.put(src, text)
        if digest.entries:
            out.stamps[bib_src] = stamp
            out.put(bib_src, digest_bib(wiki, digest))
    whole = _wiki_summary(wiki)
    alongside = out.alongside = _alongside(wiki, layout, note_stamp, previous, out)
    for paper in wiki.papers.values():
        src = layout.paper_src(paper)
        out.paper_by_src[src] = paper
        rows = alongside.get(paper.id)
        if out.reuse(src, (_paper_inputs(paper, note_stamp), _digest(repr(rows)))):
            continue
        out.put(src, render_paper(env, paper, layout, rows,
                                  lambda source: note_edit_url(settings, source)), in_nav=False)
    for alias, canonical in wiki.aliases.items():
        alias_slug = wiki.slugs[alias]
        paper = wiki.papers[canonical]
        src = layout.alias_src(alias_slug)
        if out.reuse(src, (alias, alias_slug, paper.slug, paper.display_title)):
            continue
        out.put(src, render_alias(env, alias, alias_slug, paper, layout), in_nav=False)
    # Index pages, the data files and the feed read the whole wiki: made again together when
    # anything they show changes (editing a note's commentary changes none of it).
    if not out.reuse_group("#indexes", (whole, tuple(sorted(_index_srcs(layout, exists))))):
        # A hand-written one in docs/ wins over the generated one.
        made = indexes.index_files(wiki, layout, env, exists, settings.index_page_size,
                                   indexes.remembered_render(
                                       previous.index_texts if previous else {},
                                       out.index_texts))
        for src, text, in_nav in made:
            out.put(src, text, in_nav)
        out.end_group("#indexes", [src for src, _, _ in made])
    else:
        out.index_texts = previous.index_texts if previous else {}
    if not out.reuse_group("#data", (whole, exists(reader.HOME_SRC))):
        made_data = _data_files(wiki, layout, env, site, exists)
        for src, text in made_data:
            out.put(src, text)
        out.end_group("#data", [src for src, _ in made_data])
    # papers.json holds every mention's context: made again on most edits, from items kept
    # per paper and per note.
    items = previous.json_items if previous is not None else {}

    def paper_item(paper: Paper) -> str:
        stamp = out.stamps[layout.paper_src(paper)]
        return _cached(items, out.json_items, "paper:" + paper.id, stamp,
                       lambda: json_item(paper_record(paper, layout)))

    def digest_item(digest: Digest) -> str:
        stamp = (note_stamp[digest.id], tuple(wiki.aliases.get(e.id, e.id)
                                              for e in digest.entries))
        return _cached(items, out.json_items, "digest:" + digest.id, stamp,
                       lambda: json_item(digest_record(wiki, digest, layout)))

    if not out.reuse("papers.json", (whole, tuple(out.stamps[layout.paper_src(p)]
                                                  for p in wiki.papers.values()))):
        out.put("papers.json", papers_json(wiki, layout, paper_item, digest_item))
    else:
        out.json_items = dict(items)
    out.outputs[CSS_URI] = Output(CSS_URI, copy_of=ASSETS / "digestwiki.css")
    if not exists(reader.JS_URI):
        out.outputs[reader.JS_URI] = Output(reader.JS_URI, copy_of=ASSETS / "digestwiki.js")
    for src in (CSS_URI, reader.JS_URI):
        if previous is None or src not in previous.outputs:
            out.changed.add(src)
    out.previous = None  # one generation back is all the next one needs
    return out


_ENVIRONMENTS: dict[Hashable, jinja2.Environment] = {}


def _environment(templates_dir: Path | None, language: str) -> jinja2.Environment:
    """One template environment per process, site and version of the owner's templates:
    templates are compiled once, and an edited override (`mkdocs serve`) gets a new one."""
    key = (templates_dir, language, _templates_stamp(templates_dir))
    if key not in _ENVIRONMENTS:
        _ENVIRONMENTS[key] = environment(templates_dir, language)
    return _ENVIRONMENTS[key]


def _data_files(wiki: Wiki, layout: Layout, env: jinja2.Environment, site: SiteInfo,
                exists: Callable[[str], bool]) -> list[tuple[str, str]]:
    """papers.bib (checked to parse back), the BibLaTeX files, papers.json, the feed."""
    bib = papers_bib(wiki)
    try:
        check_parses(bib)
    except PybtexError as exc:  # a bug of ours, but say what and where instead of a traceback
        raise GenerationError(f"papers.bib does not parse back with pybtex ({exc}); please "
                              "report this with the notes that caused it") from exc
    made = [("papers.bib", bib), *bib_files(wiki).items()]  # BibLaTeX, per tag, per author
    made += reader.reader_files(wiki, layout, env, site.name, site.url, site.description,
                                exists)
    return made


def _cached(before: dict[str, tuple[Hashable, str]], now: dict[str, tuple[Hashable, str]],
            key: str, stamp: Hashable, make: Callable[[], str]) -> str:
    hit = before.get(key)
    text = hit[1] if hit is not None and hit[0] == stamp else make()
    now[key] = (stamp, text)
    return text


def _alongside(wiki: Wiki, layout: Layout, note_stamp: dict[str, Hashable],
               previous: Generated | None, out: Generated) -> dict[str, list[dict[str, Any]]]:
    """"Discussed alongside" rows of every paper. A paper's rows read the notes it is in and
    the titles and pages of the papers they share, so after a change only the papers of the
    notes that changed, and the papers discussed with those, are looked at again."""
    notes = {d.id: (note_stamp[d.id],
                    tuple(sorted({wiki.aliases.get(i, i) for i in
                                  [*(e.id for e in d.entries), *(m.id for m in d.mentions)]})))
             for d in wiki.digests}
    papers = {pid: (p.display_title, p.slug) for pid, p in wiki.papers.items()}
    out.alongside_inputs = (notes, papers, dict(wiki.aliases))
    if previous is None or not previous.alongside_inputs or \
            previous.alongside_inputs[2] != wiki.aliases:
        return reader.paper_alongside(wiki, layout)
    notes_before, papers_before, _ = previous.alongside_inputs
    touched = {pid for pid, seen in papers.items() if papers_before.get(pid) != seen}
    for did in notes.keys() | notes_before.keys():
        now, then = notes.get(did), notes_before.get(did)
        if now != then:  # new, edited or gone: its papers then and now
            touched.update(*(version[1] for version in (now, then) if version))
    again = {pid for pid in wiki.papers if pid not in previous.alongside}
    for pid in touched & papers.keys():
        again.add(pid)
        for b in wiki.papers[pid].backlinks:
            again.update(notes[b.digest.id][1])
    fresh = reader.paper_alongside(wiki, layout, papers=sorted(again & papers.keys()))
    return {pid: fresh[pid] if pid in fresh else previous.alongside[pid] for pid in wiki.papers}


def _digest(text: str) -> bytes:
    """What a stamp keeps of a long text: its hash (at 30,000 papers the texts were 100 MB)."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def _paper_inputs(paper: Paper, note_stamp: dict[str, Hashable]) -> bytes:
    """Everything a paper's page is made from: its own fields, and each note that mentions
    it (a note's text stands for all the note says about it)."""
    own = tuple(getattr(paper, f.name) for f in fields(paper) if f.name != "backlinks")
    notes = tuple((note_stamp[b.digest.id], b.role, b.line, b.context, b.anchor,
                   b.title_as_written, tuple(b.authors_as_written), b.id_as_written)
                  for b in paper.backlinks)
    return _digest(repr((own, notes)))


def _wiki_summary(wiki: Wiki) -> bytes:
    """What the index pages, papers.json, the BibTeX files and the feed show: each paper's
    catalogue fields and which notes review or mention it, each note's header fields."""
    papers = [(p.id, p.slug, p.display_title, p.authors, p.year, p.venue, p.url, p.links,
               p.aliases, p.nicknames, p.code_links, p.missing, p.bibtex_key, p.bibtex,
               p.provider_bibtex, reader.filter_data(p),
               [(b.digest.id, b.role, b.anchor) for b in p.backlinks])
              for p in wiki.papers.values()]
    digests = [(d.id, d.source, d.title, d.date, d.date_inferred, d.tags,
                [(e.id, e.title, e.anchor) for e in d.entries], [m.id for m in d.mentions])
               for d in wiki.digests]
    return _digest(repr((papers, digests, sorted(wiki.aliases.items()),
                         sorted(wiki.slugs.items()))))


def _index_srcs(layout: Layout, exists: Callable[[str], bool]) -> list[str]:
    """The hand-written pages that replace a generated index, as far as they exist."""
    from . import reader as r

    return [src for src in (layout.digests_index_src(), layout.papers_index_src(),
                            f"{layout.papers_dir}/{r.AUTHORS_SRC}",
                            f"{layout.papers_dir}/{r.YEARS_SRC}", r.HOME_SRC, r.JS_URI)
            if exists(src)]


def _templates_stamp(templates_dir: Path | None) -> tuple[tuple[str, float], ...]:
    """The owner's template overrides, by modification time."""
    if templates_dir is None or not templates_dir.is_dir():
        return ()
    return tuple(sorted((p.name, p.stat().st_mtime) for p in templates_dir.iterdir()
                        if p.is_file()))


def note_edit_url(settings: Settings, source: str) -> str | None:
    """The repository's edit page of a note (``source`` is its path in the repository)."""
    if not settings.repo_url or not settings.edit_uri or not settings.edit_notes:
        return None
    docs_rel = settings.docs_dir.relative_to(settings.root).as_posix() if \
        settings.docs_dir.is_relative_to(settings.root) else ""
    path = source[len(docs_rel) + 1:] if docs_rel and source.startswith(docs_rel + "/") else source
    base = urljoin(settings.repo_url.rstrip("/") + "/", settings.edit_uri)
    return base.rstrip("/") + "/" + posixpath.normpath(path)

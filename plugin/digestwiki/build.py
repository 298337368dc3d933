"""One build: notes in MkDocs' Files -> the wiki -> generated pages back into Files.

The glue between the pure stages and MkDocs' file collection. Generated pages are virtual
(``File.generated``): nothing is ever written into docs/. The only files written are the
key registry and, when fetching is on, the metadata cache, both beside mkdocs.yml.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from pybtex.exceptions import PybtexError

from . import indexes, reader
from .bibtex import RegistryError, check_parses, load_registry, save_registry
from .graph import Paper, Wiki, build_wiki
from .htmlpost import decorate_mentions, place_missing
from .metadata.cache import CacheError, load_cache, save_cache
from .model import Digest
from .parse import DIGEST_SUFFIXES
from .render import (
    Layout,
    digest_bib,
    environment,
    front_matter,
    papers_bib,
    papers_json,
    render_alias,
    render_digest,
    render_paper,
)
from .sources import parse_bytes, unique_notes

log = get_plugin_logger(__name__)

ASSETS = Path(__file__).parent / "assets"
CSS_URI = "assets/digestwiki/digestwiki.css"
ParseCache = dict[str, tuple[tuple[float, int, str], Digest]]


@dataclass
class BuildResult:
    files: Files
    wiki: Wiki
    layout: Layout
    digest_by_src: dict[str, Digest] = field(default_factory=dict)
    paper_by_src: dict[str, Paper] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)


def check_paths(settings) -> None:  # type: ignore[no-untyped-def]
    """Files the build writes must live outside docs/, or `mkdocs serve` reloads forever."""
    for name, path in (("keys_file", settings.keys_file), ("cache_file", settings.cache_file)):
        try:
            Path(path).resolve().relative_to(settings.docs_dir)
        except ValueError:
            continue
        raise PluginError(f"plugins.digestwiki.{name}: {path} is inside docs_dir; put it beside "
                          "mkdocs.yml (the build never writes into docs/)")


def _is_note(file: File, digests_dir: str) -> bool:
    src = file.src_uri
    name = PurePosixPath(src).name
    return (src.startswith(digests_dir + "/")
            and PurePosixPath(src).suffix.lower() in DIGEST_SUFFIXES
            and not name.startswith((".", "_")) and name.lower() not in ("index.md", "readme.md"))


def _repo_path(file: File, root: Path) -> str:
    if file.abs_src_path:
        try:
            return Path(file.abs_src_path).resolve().relative_to(root).as_posix()
        except ValueError:
            return file.abs_src_path
    return file.src_uri


def read_notes(files: Files, settings, cache: ParseCache) -> list[Digest]:  # type: ignore[no-untyped-def]
    """Parse every note in the file collection, reusing parses of unchanged files."""
    digests = []
    for file in sorted((f for f in files if _is_note(f, settings.digests_dir)),
                       key=lambda f: f.src_uri):
        source = _repo_path(file, settings.root)
        if file.abs_src_path and Path(file.abs_src_path).exists():
            stat = Path(file.abs_src_path).stat()
            stamp = (stat.st_mtime, stat.st_size, source)
            hit = cache.get(file.src_uri)
            if hit and hit[0] == stamp:
                digests.append(hit[1])
                continue
            raw = Path(file.abs_src_path).read_bytes()
        else:
            stamp = (0.0, -1, source)
            raw = file.content_bytes
        digest = parse_bytes(raw, source)
        if file.abs_src_path:
            cache[file.src_uri] = (stamp, digest)
        digests.append(digest)
    return digests


def _load_metadata(settings, digests: list[Digest], messages: list[str]) -> dict:  # type: ignore[no-untyped-def]
    try:
        records = load_cache(settings.cache_file)
    except CacheError as exc:
        raise PluginError(str(exc)) from exc
    if settings.fetch and not settings.offline:
        from .metadata import fetch  # only the publishing build pays for the HTTP stack

        ids = sorted({e.id for d in digests for e in d.entries}
                     | {m.id for d in digests for m in d.mentions})
        report = fetch.fetch_missing(ids, records, settings)
        # Lasting problems warn; an outage is only noted: the page falls back to the digest.
        messages.extend(report.warnings())
        for line in report.failure_lines():
            log.info(line)
        log.info(f"metadata: {report.summary()}")
        save_cache(settings.cache_file, records)
    return records


def build(settings, files: Files, config: MkDocsConfig, cache: ParseCache) -> BuildResult:  # type: ignore[no-untyped-def]
    """Everything the wiki adds to a build, as a new file collection."""
    messages: list[str] = []
    kept, clashes = unique_notes(read_notes(files, settings, cache))
    for left_out, other in clashes:
        messages.append(f"{left_out.source}:1: another note, {other.source}, has the same name; "
                        "rename one (this one is left out of the wiki)")
    for digest in kept:
        for problem in digest.problems:
            messages.append(f"{digest.source}:{problem.line}: {problem.message}")
    records = _load_metadata(settings, kept, messages)
    try:
        registry = load_registry(settings.keys_file)
    except RegistryError as exc:
        raise PluginError(str(exc)) from exc
    wiki = build_wiki(kept, records, registry)
    if wiki.keys != registry:
        save_registry(settings.keys_file, wiki.keys)

    layout = Layout(settings.digests_dir, settings.papers_dir, config.use_directory_urls)
    env = environment(settings.templates_dir)
    result = BuildResult(files, wiki, layout, messages=messages)
    for file in [f for f in files if _is_note(f, settings.digests_dir)]:
        files.remove(file)

    docs = Path(config.docs_dir)

    def asset_exists(path: str) -> bool:
        return files.get_file_from_path(path) is not None or (docs / path).is_file()

    def add(src: str, content: str, inclusion: InclusionLevel = InclusionLevel.UNDEFINED) -> None:
        existing = files.get_file_from_path(src)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, src, content=content, inclusion=inclusion))

    for digest in wiki.digests:
        src = layout.digest_src(digest)
        bib_src = f"{layout.digests_dir}/{digest.id}.bib"
        bib_url = layout.linker(src).asset(bib_src) if digest.entries else None
        add(src, render_digest(env, wiki, digest, layout, asset_exists, bib_url))
        if digest.entries:
            add(bib_src, digest_bib(wiki, digest))
        result.digest_by_src[src] = digest
    alongside = reader.paper_alongside(wiki, layout)
    for paper in wiki.papers.values():
        src = layout.paper_src(paper)
        add(src, render_paper(env, paper, layout, alongside.get(paper.id)),
            InclusionLevel.NOT_IN_NAV)
        result.paper_by_src[src] = paper
    for alias, canonical in wiki.aliases.items():
        alias_slug = wiki.slugs[alias]
        add(layout.alias_src(alias_slug),
            render_alias(env, alias, alias_slug, wiki.papers[canonical], layout),
            InclusionLevel.NOT_IN_NAV)
    # Index pages, split to stay small; a hand-written one in docs/ wins over the generated one.
    indexes.add_indexes(wiki, layout, env, files, add, front_matter, settings.index_page_size)
    bib = papers_bib(wiki)
    try:
        check_parses(bib)
    except PybtexError as exc:  # a bug of ours, but say what and where instead of a traceback
        raise PluginError(f"papers.bib does not parse back with pybtex ({exc}); please report "
                          "this with the notes that caused it") from exc
    add("papers.bib", bib)
    add("papers.json", papers_json(wiki, layout))
    files.append(File.generated(config, CSS_URI, abs_src_path=str(ASSETS / "digestwiki.css")))
    reader.add_reader_files(wiki, layout, env, config, files, add, front_matter, ASSETS)
    return result


def finish_digest_html(result: BuildResult, src_uri: str, html: str) -> tuple[str, set[str]]:
    digest = result.digest_by_src.get(src_uri)
    if digest is None:
        return html, set()
    linker = result.layout.linker(src_uri)

    def wiki_href(paper_id: str) -> tuple[str, str] | None:
        try:
            paper = result.wiki.paper(paper_id)
        except KeyError:
            return None
        return linker.html(result.layout.paper_src(paper)), paper.display_title

    html, placed = decorate_mentions(html, wiki_href)
    missing = []
    starts = sorted((min(x for x in (e.line, e.title_line) if x is not None), e.anchor)
                    for e in digest.entries)
    for mention in digest.mentions:
        if mention.anchor not in placed:
            section = [anchor for line, anchor in starts if line <= mention.line]
            missing.append((mention.anchor, section[-1] if section else None))
    if missing:
        html = place_missing(html, missing)
        placed |= {anchor for anchor, _ in missing}
    return html, placed


def edit_url(result: BuildResult, settings, src_uri: str) -> str | None:  # type: ignore[no-untyped-def]
    """Material's edit action opens the note itself (a paper page: the note reviewing it)."""
    if not settings.repo_url or not settings.edit_uri:
        return None
    source: str | None = None
    if src_uri in result.digest_by_src:
        source = result.digest_by_src[src_uri].source
    elif src_uri in result.paper_by_src:
        paper = result.paper_by_src[src_uri]
        first = paper.first_reviewed or (paper.mentioned_in[-1] if paper.mentioned_in else None)
        source = first.digest.source if first else None
    if source is None:
        return None
    docs_rel = settings.docs_dir.relative_to(settings.root).as_posix() if \
        settings.docs_dir.is_relative_to(settings.root) else ""
    path = source[len(docs_rel) + 1:] if docs_rel and source.startswith(docs_rel + "/") else source
    base = urljoin(settings.repo_url.rstrip("/") + "/", settings.edit_uri)
    return base.rstrip("/") + "/" + posixpath.normpath(path)

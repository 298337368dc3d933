"""One build: notes in MkDocs' Files -> the wiki -> generated pages back into Files.

The glue between the pure stages and MkDocs' file collection. Generated pages are virtual
(``File.generated``): nothing is ever written into docs/. The only files written are the
key registry and, when fetching is on, the metadata cache, both beside mkdocs.yml.
"""

from __future__ import annotations

import gc
import os
import posixpath
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from .bibtex import RegistryError, load_registry, save_registry
from .generate import Generated, GenerationError, SiteInfo, generate, note_edit_url
from .graph import Paper, Wiki
from .i18n import language_of
from .metadata.cache import CacheError, load_cache, save_cache
from .model import Digest
from .parked import packed_page
from .pipeline import assemble
from .render import Layout
from .safety import SKIP_KEY, readable, real_path, refuse_outside_files
from .sources import is_note_name, parse_bytes

log = get_plugin_logger(__name__)

ParseCache = dict[str, tuple[tuple[float, int, str], Digest]]


@dataclass
class BuildResult:
    files: Files
    wiki: Wiki
    layout: Layout
    digest_by_src: dict[str, Digest] = field(default_factory=dict)
    paper_by_src: dict[str, Paper] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    generated: Generated | None = None


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
    return file.src_uri.startswith(digests_dir + "/") and is_note_name(file.src_uri)


def _repo_path(file: File, root: Path, folders: dict[str, str]) -> str:
    if file.abs_src_path:
        real = real_path(file.abs_src_path, folders)
        return posixpath.relpath(real, root) if real.startswith(str(root) + os.sep) else \
            file.abs_src_path
    return file.src_uri


def read_notes(files: Files, settings, cache: ParseCache) -> list[Digest]:  # type: ignore[no-untyped-def]
    """Parse every note in the file collection, reusing parses of unchanged files."""
    digests = []
    folders: dict[str, str] = {}
    for file in sorted((f for f in files if _is_note(f, settings.digests_dir)),
                       key=lambda f: f.src_uri):
        source = _repo_path(file, settings.root, folders)
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


@dataclass
class Assembled:
    """The wiki one build assembled, and what it has to say about the notes."""

    wiki: Wiki
    notes: list[str]  # the notes' source paths, to tell whether a later step added one
    messages: list[str]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while the wiki is assembled and generated: both make
    millions of small objects that live until the build ends, and in a process holding a
    big wiki every full collection walks all of them again (seconds per build)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def assemble_wiki(settings, files: Files, cache: ParseCache) -> Assembled:  # type: ignore[no-untyped-def]
    """Notes in the file collection -> the wiki (once per build; the registry is saved)."""
    with collector_paused():
        return _assemble_wiki(settings, files, cache)


def _assemble_wiki(settings, files: Files, cache: ParseCache) -> Assembled:  # type: ignore[no-untyped-def]
    messages: list[str] = refuse_outside_files(files, settings.digests_dir, settings.root)
    notes = read_notes(files, settings, cache)
    for skipped in [d for d in notes if d.meta.get(SKIP_KEY)]:
        messages += [f"{skipped.source}:{p.line}: {p.message}" for p in skipped.problems]
    notes = readable(notes)
    records = _load_metadata(settings, notes, messages)
    try:
        # The publishing build (fetch on) never pins keys nobody commits: README, keys.
        registry = load_registry(settings.keys_file, may_pin=not settings.fetch)
    except RegistryError as exc:
        raise PluginError(str(exc)) from exc
    wiki = assemble(notes, records, registry)
    messages += wiki.problems
    for digest in wiki.digests:
        for problem in digest.problems:
            messages.append(f"{digest.source}:{problem.line}: {problem.message}")
    if wiki.keys != registry:
        save_registry(settings.keys_file, wiki.keys)
    return Assembled(wiki, sorted(f.src_uri for f in files if _is_note(f, settings.digests_dir)),
                     messages)


def build(settings, files: Files, config: MkDocsConfig, cache: ParseCache,  # type: ignore[no-untyped-def]
          assembled: Assembled | None = None, previous: Generated | None = None,
          folder: Path | None = None) -> BuildResult:
    """Everything the wiki adds to a build, as a new file collection.

    ``assembled`` is the wiki made earlier in this build; it is made again only when another
    plugin has added notes since. The pages come from :func:`generate.generate`, the same
    step ``digestwiki generate`` writes out; here each becomes a virtual ``File``.
    ``previous`` is the last build's generation in a `mkdocs serve` session (see serve.py).
    With ``folder``, the generated pages are packed and the data files wait there on disk
    (``generate``'s ``folder``).
    """
    with collector_paused():
        return _build(settings, files, config, cache, assembled, previous, folder)


def _build(settings, files: Files, config: MkDocsConfig, cache: ParseCache,  # type: ignore[no-untyped-def]
           assembled: Assembled | None, previous: Generated | None,
           folder: Path | None) -> BuildResult:
    current = sorted(f.src_uri for f in files if _is_note(f, settings.digests_dir))
    if assembled is None or assembled.notes != current:
        assembled = assemble_wiki(settings, files, cache)
    wiki, messages = assembled.wiki, assembled.messages
    for file in [f for f in files if _is_note(f, settings.digests_dir)]:
        files.remove(file)
    docs = Path(config.docs_dir)

    def exists(path: str) -> bool:
        return files.get_file_from_path(path) is not None or (docs / path).is_file()

    site = SiteInfo(config.site_name, config.site_url, config.site_description,
                    config.use_directory_urls, language_of(config.theme))
    try:
        generated = generate(wiki, settings, site, exists, previous, folder)
    except GenerationError as exc:
        raise PluginError(str(exc)) from exc
    for output in generated.outputs.values():
        existing = files.get_file_from_path(output.src)
        if existing is not None:
            files.remove(existing)
        inclusion = InclusionLevel.UNDEFINED if output.in_nav else InclusionLevel.NOT_IN_NAV
        if output.packed is not None:
            files.append(packed_page(config, output.src, output.packed, inclusion))
        elif output.copy_of is not None:
            files.append(File.generated(config, output.src, abs_src_path=str(output.copy_of),
                                        inclusion=inclusion))
        else:
            files.append(File.generated(config, output.src, content=output.text or "",
                                        inclusion=inclusion))
    return BuildResult(files, wiki, generated.layout, generated.digest_by_src,
                       generated.paper_by_src, messages, generated)


def edit_url(result: BuildResult, settings, src_uri: str) -> str | None:  # type: ignore[no-untyped-def]
    """Material's edit action on a digest page opens the note itself. A paper page has none:
    it shows a menu of the notes that review it instead (``render_paper``'s ``edit_url``)."""
    if src_uri in result.digest_by_src:
        return note_edit_url(settings, result.digest_by_src[src_uri].source)
    return None

"""The one path from notes to the wiki, taken by every front (MkDocs build, API, lint, refresh).

``parse_notes`` reads notes (repository path and bytes) into digests, once each;
``assemble`` joins digests, the metadata cache and the key registry into the
:class:`~digestwiki.graph.Wiki`. Neither knows MkDocs, neither writes anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .config import Settings
from .graph import Wiki, build_wiki
from .model import Digest
from .safety import readable
from .sources import find_sources, is_note_name, parse_bytes, read_source, unique_notes

__all__ = ["assemble", "is_note_name", "load", "parse_notes", "read_notes"]


def parse_notes(sources: Iterable[tuple[str, bytes]]) -> list[Digest]:
    """Each note's bytes, parsed once (see :func:`digestwiki.parse.parse_digest`)."""
    return [parse_bytes(raw, path) for path, raw in sources]


def read_notes(settings: Settings) -> list[Digest]:
    """Every readable note under ``docs/<digests_dir>``, from disk (a file outside the
    repository, a binary file or one nested too deeply is left out, with its message)."""
    return readable([read_source(s, settings.root) for s in
                     find_sources(settings.docs_dir, settings.digests_dir, settings.root)])


def assemble(digests: list[Digest], records: Mapping[str, dict[str, Any]],
             registry: Mapping[str, str]) -> Wiki:
    """The wiki: notes with distinct names (the first of a name wins), papers, backlinks."""
    kept, clashes = unique_notes(digests)
    wiki = build_wiki(kept, records, registry)
    wiki.problems = [f"{left_out.source}:1: another note, {other.source}, has the same name; "
                     "rename one (this one is left out of the wiki)"
                     for left_out, other in clashes]
    return wiki


def load(settings: Settings) -> Wiki:
    """The wiki as the next build will see it, from disk. Writes nothing."""
    from .bibtex import load_registry
    from .metadata.cache import load_cache

    return assemble(read_notes(settings), load_cache(settings.cache_file),
                    load_registry(settings.keys_file))

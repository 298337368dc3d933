"""``digestwiki keys``: pin the BibTeX keys of new papers in the registry, to be committed.

The same assignment a build that may write the registry makes (notes + committed cache +
registry), without building the site. The publishing build never pins (see README, "BibTeX
and citation keys"), so this, a local build, or the refresh workflow is how keys get pinned.
"""

from __future__ import annotations

import argparse
import sys

from ..config import load_settings
from ..metadata.cache import CacheError, load_cache
from .registry import RegistryError, load_registry, save_registry


def run(args: argparse.Namespace) -> int:
    from ..pipeline import assemble, read_notes

    settings = load_settings(args.config)
    try:
        records = load_cache(settings.cache_file)
        registry = load_registry(settings.keys_file)
    except (CacheError, RegistryError) as exc:
        print(f"digestwiki keys: {exc}", file=sys.stderr)
        return 2
    wiki = assemble(read_notes(settings), records, registry)
    new = sorted(set(wiki.keys) - set(registry))
    try:
        name = settings.keys_file.relative_to(settings.root).as_posix()
    except ValueError:
        name = str(settings.keys_file)
    if args.check:
        for paper_id in new:
            print(f"{name}: {paper_id} would be pinned as {wiki.keys[paper_id]}")
        if new:
            print(f"digestwiki keys: {name} must be committed: run `digestwiki keys` and "
                  f"commit {name}", file=sys.stderr)
        return 1 if new else 0
    written = save_registry(settings.keys_file, wiki.keys)
    for paper_id in new:
        print(f"pinned {wiki.keys[paper_id]} for {paper_id}")
    incomplete = sum(1 for p in wiki.papers.values() if p.missing and p.id not in wiki.keys)
    print(f"keys: {len(new)} new, {len(wiki.keys)} pinned, {incomplete} provisional "
          f"(metadata incomplete: `digestwiki refresh`); {name} "
          f"{'written: commit it' if written else 'unchanged'}", file=sys.stderr)
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "keys", help="pin the BibTeX keys of new papers in bibkeys.json (commit it)",
        description="Give every paper with known title, authors and year that has no pinned "
                    "key its final key, and write the key registry. Published keys never "
                    "change. --check only says whether the registry is up to date (exit 1 "
                    "if not).")
    p.add_argument("--config", default="mkdocs.yml", help="the wiki's mkdocs.yml")
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 when new keys would be pinned")
    p.set_defaults(func=run)

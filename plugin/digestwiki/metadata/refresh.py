"""``digestwiki refresh``: fetch the metadata the cache lacks and write the cache file.

Run it locally or from a workflow, then commit the cache: the build itself stays offline.
Exit status 1 when some papers could not be fetched (they are asked again next time).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TextIO

from ..config import load_settings
from ..identity import parse_id
from ..pipeline import read_notes
from .cache import CacheError, load_cache, save_cache
from .fetch import FetchReport, fetch_missing, wanted_ids


def stderr_progress(stream: TextIO | None = None
                    ) -> tuple[Callable[[int, int], None], Callable[[], None]]:
    """A (progress, finish) pair: one rewritten line on a terminal, a line per step in logs."""
    out = stream or sys.stderr
    tty = out.isatty()

    def progress(done: int, total: int) -> None:
        line = f"refresh: {done}/{total} papers"
        if tty:
            filled = round(30 * done / total) if total else 30
            out.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {line}")
        else:
            out.write(f"{line}\n")
        out.flush()

    def finish() -> None:
        if tty:
            out.write("\n")
            out.flush()

    return progress, finish


def print_report(report: FetchReport, cache_name: str, written: bool, out: TextIO) -> None:
    """Failures and not-found papers one per line, then the closing summary line."""
    for paper_id, why in report.failed.items():
        out.write(f"refresh: failed {paper_id}: {why}\n")
    for paper_id in report.not_found:
        detail = report.notes.get(paper_id)
        out.write(f"refresh: not found {paper_id}" + (f" ({detail})" if detail else "") + "\n")
    reasons = sorted(set(report.skipped.values()))
    if reasons:
        out.write(f"refresh: skipped {len(report.skipped)} paper(s): {'; '.join(reasons)}\n")
    state = "written" if written else "unchanged"
    out.write(f"refresh: {report.summary()}; {report.requests} request(s); "
              f"{cache_name} {state}\n")


def run(args: argparse.Namespace) -> int:
    settings = load_settings(args.config)
    if args.ids:
        ids = []
        for raw in args.ids:
            paper_id = parse_id(raw)
            if paper_id is None:
                print(f"digestwiki refresh: {raw!r} is not an arXiv, OpenReview or DOI id",
                      file=sys.stderr)
                return 2
            ids.append(paper_id)
    else:
        ids = wanted_ids(read_notes(settings))
    try:
        records = load_cache(settings.cache_file)
    except CacheError as exc:
        print(f"digestwiki refresh: {exc}", file=sys.stderr)
        return 2
    progress, finish = stderr_progress()
    try:
        report = fetch_missing(ids, records, settings, refresh_all=args.all or bool(args.ids),
                               progress=None if args.quiet else progress)
    finally:
        if not args.quiet:
            finish()
    # An empty cache is not worth creating (an offline run, or everything failed).
    written = False
    if records or settings.cache_file.exists():
        written = save_cache(settings.cache_file, records)
    try:
        name = settings.cache_file.relative_to(settings.root).as_posix()
    except ValueError:
        name = str(settings.cache_file)
    print_report(report, name, written, sys.stderr)
    return 1 if report.failed else 0


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "refresh", help="fetch missing paper metadata from arXiv/OpenReview into the cache",
        description="Fetch metadata of the papers the notes cite that the cache lacks "
                    "(--all: every paper) and write the cache file atomically.",
    )
    p.add_argument("--config", default="mkdocs.yml", help="the wiki's mkdocs.yml")
    p.add_argument("--all", action="store_true", help="refresh every paper, not just missing ones")
    p.add_argument("--id", dest="ids", action="append", metavar="ID",
                   help="refresh this paper only (an id or URL; repeat for several)")
    p.add_argument("--quiet", action="store_true", help="no progress line")
    p.set_defaults(func=run)

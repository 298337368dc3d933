"""``digestwiki refresh``: fetch the metadata the cache lacks and write the cache file.

Run it locally or from a workflow, then commit the cache: the build itself stays offline.
Exit status 1 when some papers could not be fetched (they are asked again next time).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TextIO

from ..config import Settings, load_settings
from ..identity import parse_id
from ..pipeline import read_notes
from .cache import CacheError, Record, load_cache, merge_save
from .fetch import FetchReport, fetch_missing, wanted_ids
from .http import Client, make_client


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


OFFLINE_HINT = ("no network here? set DIGESTWIKI_OFFLINE=1 to skip fetching, or check the "
                "network and run `digestwiki refresh` again")
_GROUP_FROM = 11  # more papers than 10 failing for one reason: one line, not one per paper


def failure_lines(report: FetchReport) -> list[str]:
    """Failures by reason: one line per paper when few, one line per reason (e.g. one per
    unreachable service, with the offline hint) when many."""
    by_reason: dict[str, list[str]] = {}
    for paper_id, why in report.failed.items():
        by_reason.setdefault(why, []).append(paper_id)
    lines = []
    for why, ids in by_reason.items():
        unreachable = "unreachable" in why or "giving up" in why
        if len(ids) < _GROUP_FROM and not unreachable:
            lines += [f"refresh: failed {paper_id}: {why}" for paper_id in ids]
            continue
        sample = ", ".join(ids[:3]) + (", ..." if len(ids) > 3 else "")
        line = f"refresh: {len(ids)} paper(s) not fetched ({sample}): {why}"
        lines.append(line + (f"; {OFFLINE_HINT}" if unreachable else ""))
    return lines


def print_report(report: FetchReport, cache_name: str, written: bool, out: TextIO) -> None:
    """Failures (grouped by reason), not-found papers one per line, then the summary line."""
    for line in failure_lines(report):
        out.write(line + "\n")
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
        report, written = fetch_in_batches(ids, records, settings, args.all or bool(args.ids),
                                           None if args.quiet else progress)
    finally:
        if not args.quiet:
            finish()
    try:
        name = settings.cache_file.relative_to(settings.root).as_posix()
    except ValueError:
        name = str(settings.cache_file)
    print_report(report, name, written, sys.stderr)
    return 1 if report.failed else 0


SAVE_EVERY = 100  # ids per saved step: one arXiv request's worth


def fetch_in_batches(ids: list[str], records: dict[str, Record], settings: Settings,
                     refresh_all: bool, progress: Callable[[int, int], None] | None,
                     client: Client | None = None) -> tuple[FetchReport, bool]:
    """Fetch ``ids`` a batch at a time and write what each batch settled into the cache file
    at once (merged under a lock with what is on disk), so a kill or a CI timeout keeps the
    work done and a second refresh running at the same time loses nothing.

    Returns the combined report and whether the cache file was written.
    """
    total = FetchReport(offline=settings.offline)
    written = False
    own = client is None and not settings.offline
    run = client or (make_client(settings) if own else None)
    chunks = [ids[i : i + SAVE_EVERY] for i in range(0, len(ids), SAVE_EVERY)] or [[]]
    done_before = 0
    try:
        for chunk in chunks:
            before = {k: records.get(k) for k in chunk}

            def step(done: int, _total: int, base: int = done_before) -> None:
                if progress:
                    progress(base + done, len(ids))

            part = fetch_missing(chunk, records, settings, refresh_all=refresh_all,
                                 progress=step, client=run)
            done_before += len(chunk)
            changed = {k: records[k] for k in chunk if k in records and records[k] != before[k]}
            written = merge_save(settings.cache_file, changed) or written
            _add(total, part)
    finally:
        if own and run is not None:
            run.session.close()
    return total, written


def _add(total: FetchReport, part: FetchReport) -> None:
    total.fetched = sorted(total.fetched + part.fetched)
    total.not_found = sorted(total.not_found + part.not_found)
    total.from_cache = sorted(total.from_cache + part.from_cache)
    total.failed.update(part.failed)
    total.skipped.update(part.skipped)
    total.notes.update(part.notes)
    total.requests = max(total.requests, part.requests)  # one client: its count is cumulative


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

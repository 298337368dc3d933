"""`digestwiki` command line: what contributors and the workflows run.

Each sub-command lives in its own module with ``add_parser(subparsers)``; this file only
wires them together and turns expected failures into one clear line instead of a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from mkdocs.exceptions import MkDocsException

from .sources import Source, read_source

COMMAND_MODULES = [
    "digestwiki.cli",  # parse
    "digestwiki.lint",
    "digestwiki.new",
    "digestwiki.metadata.refresh",
    "digestwiki.bibtex.command",  # keys
    "digestwiki.export",  # generate
]


def digest_summary(digest) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """What the wiki will see in a note, as plain JSON-able data."""
    return {
        "source": digest.source,
        "shape": digest.shape,
        "title": digest.title,
        "date": digest.date,
        "date_inferred": digest.date_inferred,
        "tags": digest.tags,
        "reviewed": [
            {"id": e.id, "title": e.title, "authors": e.authors, "line": e.line,
             **({"label": e.label} if e.label else {})}
            for e in digest.entries
        ],
        "mentions": [{"id": m.id, "line": m.line} for m in digest.mentions],
        "problems": [
            {"line": p.line, "severity": p.severity, "message": p.message} for p in digest.problems
        ],
    }


def read_note(path: Path) -> object:
    """Parse one file given on the command line, however it is named."""
    resolved = path.resolve()
    try:
        repo_path = resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        repo_path = path.as_posix()
    # A symlink named on the command line is read only if it stays in this folder.
    return read_source(Source(resolved, repo_path, path.name),
                       Path.cwd() if path.is_symlink() else None)


def _run_parse(args: argparse.Namespace) -> int:
    out = []
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            print(f"digestwiki: {name}: no such file", file=sys.stderr)
            return 2
        out.append(digest_summary(read_note(path)))
    json.dump(out[0] if len(out) == 1 else out, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("parse", help="print, as JSON, what the wiki will see in notes")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(func=_run_parse)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="digestwiki", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except MkDocsException as exc:
        print(f"digestwiki: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head`
        return 0


if __name__ == "__main__":
    sys.exit(main())

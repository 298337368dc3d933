"""Find the notes: every file under docs/<digests_dir>/ with a digest suffix."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import cast

from .model import Digest
from .parse import DIGEST_SUFFIXES, parse_digest
from .safety import SKIP_KEY, decode_note, name_problem, outside, refused_note


@dataclass(frozen=True)
class Source:
    path: Path  # absolute
    repo_path: str  # as shown to contributors, relative to the repo root (mkdocs.yml's folder)
    src_uri: str  # relative to docs_dir, forward slashes


def is_note_name(name: str) -> bool:
    """What counts as a note: a digest suffix, not hidden, not a folder's index page.
    (String operations, as ``PurePosixPath`` reads them: a build asks for every file.)"""
    base = name.rstrip("/").rsplit("/", 1)[-1]
    if base in ("", ".", ".."):  # unusual: as pathlib reads it
        base = PurePosixPath(name).name
    dot = base.rfind(".")
    suffix = base[dot:].lower() if 0 < dot < len(base) - 1 else ""
    return (suffix in DIGEST_SUFFIXES and not base.startswith((".", "_"))
            and base.lower() not in ("index.md", "readme.md"))


def find_sources(docs_dir: Path, digests_dir: str, root: Path) -> list[Source]:
    base = docs_dir / digests_dir
    if not base.is_dir():
        return []
    found = []
    for path in sorted(base.rglob("*")):
        if not path.is_file() or not is_note_name(path.name):
            continue
        try:
            repo_path = path.resolve().relative_to(root).as_posix()
        except ValueError:
            repo_path = path.as_posix()
        found.append(Source(path, repo_path, path.relative_to(docs_dir).as_posix()))
    return found


def parse_bytes(raw: bytes, repo_path: str) -> Digest:
    """Parse a note's bytes, whatever they are: never raises on content.

    UTF-16 (with a BOM), CP949/EUC-KR and Latin-1 notes are decoded as what they are and
    reported at the line of the first byte that is not UTF-8; a binary file is skipped (an
    empty digest marked :data:`safety.SKIP_KEY`) with a message.
    """
    decoded = decode_note(raw)
    if decoded.binary:
        digest = parse_digest("", repo_path)
        digest.problems.clear()
        digest.meta[SKIP_KEY] = True
        digest.warn(1, decoded.warning[1] if decoded.warning else "binary file", "error")
        return digest
    try:
        digest = parse_digest(decoded.text, repo_path)
    except RecursionError:  # a pathological note must not stop every other note
        digest = parse_digest("", repo_path)
        digest.problems.clear()
        digest.meta[SKIP_KEY] = True
        digest.warn(1, "the note is nested too deeply to read (thousands of levels of lists "
                       "or quotes): skipped; flatten it", "error")
        return digest
    if decoded.warning:
        digest.warn(*decoded.warning)
    name_issue = name_problem(PurePosixPath(repo_path).name)
    if name_issue and any(ord(c) < 32 for c in PurePosixPath(repo_path).name):
        digest.meta[SKIP_KEY] = True  # a line break in a name would break every log and link
        digest.warn(1, name_issue.replace(": rename", ": skipped; rename"), "error")
    elif name_issue:
        digest.warn(1, name_issue)
    return digest


def read_source(source: Source, root: Path | None = None) -> Digest:
    if root is not None and outside(source.path, root):
        return cast(Digest, refused_note(source.repo_path))
    return parse_bytes(source.path.read_bytes(), source.repo_path)


def unique_notes(digests: list[Digest]) -> tuple[list[Digest], list[tuple[Digest, Digest]]]:
    """Notes whose names (hence page URLs) are distinct: the first of a name wins.

    Returns the kept notes and (left-out note, the note it clashes with) pairs.
    """
    from .render import page_name  # the page a note gets decides whether two clash

    by_id: dict[str, Digest] = {}
    kept, clashes = [], []
    for digest in digests:
        name = page_name(digest.id)
        if name in by_id:
            clashes.append((digest, by_id[name]))
        else:
            by_id[name] = digest
            kept.append(digest)
    return kept, clashes


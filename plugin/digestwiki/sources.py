"""Find the notes: every file under docs/<digests_dir>/ with a digest suffix."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .model import Digest
from .parse import DIGEST_SUFFIXES, parse_digest


@dataclass(frozen=True)
class Source:
    path: Path  # absolute
    repo_path: str  # as shown to contributors, relative to the repo root (mkdocs.yml's folder)
    src_uri: str  # relative to docs_dir, forward slashes


def is_note_name(name: str) -> bool:
    """What counts as a note: a digest suffix, not hidden, not a folder's index page."""
    path = PurePosixPath(name)
    return (path.suffix.lower() in DIGEST_SUFFIXES and not path.name.startswith((".", "_"))
            and path.name.lower() not in ("index.md", "readme.md"))


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
    """Parse a note's bytes. Undecodable bytes are replaced, and the note says so."""
    try:
        text, bad = raw.decode("utf-8-sig"), False
    except UnicodeDecodeError:
        text, bad = raw.decode("utf-8", errors="replace"), True
    digest = parse_digest(text, repo_path)
    if bad:
        digest.warn(1, "file is not valid UTF-8: undecodable bytes were replaced; save it as UTF-8")
    return digest


def read_source(source: Source) -> Digest:
    return parse_bytes(source.path.read_bytes(), source.repo_path)


def unique_notes(digests: list[Digest]) -> tuple[list[Digest], list[tuple[Digest, Digest]]]:
    """Notes whose names (hence page URLs) are distinct: the first of a name wins.

    Returns the kept notes and (left-out note, the note it clashes with) pairs.
    """
    by_id: dict[str, Digest] = {}
    kept, clashes = [], []
    for digest in digests:
        if digest.id in by_id:
            clashes.append((digest, by_id[digest.id]))
        else:
            by_id[digest.id] = digest
            kept.append(digest)
    return kept, clashes


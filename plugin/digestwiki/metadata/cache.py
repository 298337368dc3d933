"""The committed metadata cache: deterministic JSON, keyed by paper id, written atomically.

Layout (schema 1)::

    {"schema": 1,
     "papers": {"arxiv:2007.10909": {"status": "found", "source": "arxiv", "title": ..., ...},
                "arxiv:0808.05394": {"status": "not_found", "source": "arxiv"}}}

A record's fields (all optional but ``status`` and ``source``): ``title``, ``authors`` (list),
``year`` (of the first version), ``published`` / ``updated`` (YYYY-MM-DD), ``latest_version``
("v2"), ``primary_category``, ``categories``, ``abstract``, ``doi``, ``journal_ref``,
``venue``, ``venue_year``, ``venue_type`` ("conference" | "journal" | "workshop"),
``accepted`` (bool), ``links`` ({"abs", "pdf", "forum", "doi", ...}), ``bibtex`` (the
provider's own entry, verbatim), ``aliases`` (other ids of the same paper), ``dblp``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..atomic import atomic_write, locked
from .shapes import papers_problem

SCHEMA = 1
Record = dict[str, Any]


class CacheError(Exception):
    """The cache file exists but cannot be used; the message names the file."""


def load_cache(path: Path) -> dict[str, Record]:
    """Records by paper id; an absent file is an empty cache."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise CacheError(f"{path}: cannot read the metadata cache: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise CacheError(f"{path}:{exc.lineno}: the metadata cache is not valid JSON "
                         f"({exc.msg}); restore it from git") from exc
    if not isinstance(data, dict):
        raise CacheError(f"{path}: the metadata cache must be a JSON object; restore it from git")
    if data.get("schema") != SCHEMA:
        raise CacheError(f"{path}: unknown metadata cache schema {data.get('schema')!r} "
                         f"(this digestwiki reads schema {SCHEMA})")
    papers = data.get("papers")
    papers = {} if papers is None else papers
    problem = papers_problem(path, papers)
    if problem:
        raise CacheError(problem)
    return {str(k): dict(v) for k, v in papers.items()}


def dumps(records: Mapping[str, Record]) -> str:
    """The exact text written: sorted keys, two-space indent, one final newline."""
    body = {"schema": SCHEMA, "papers": {k: records[k] for k in sorted(records)}}
    return json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


write_atomic = atomic_write  # the one atomic writer (digestwiki.atomic), under its old name


def save_cache(path: Path, records: Mapping[str, Record]) -> bool:
    """Write the cache if its text changed; True when the file was written.

    Nothing to write and no file yet: no empty file is created.
    """
    if not records and not path.exists():
        return False
    text = dumps(records)
    with locked(path):
        if path.exists() and path.read_text(encoding="utf-8") == text:
            return False
        atomic_write(path, text)
    return True


def merge_save(path: Path, fetched: Mapping[str, Record]) -> bool:
    """Write ``fetched`` into the cache file as it is *now* (re-read under the lock), so two
    refreshes running at once both keep what they fetched. True when the file changed."""
    if not fetched:
        return False
    with locked(path):
        current = load_cache(path)
        merged = {**current, **fetched}
        text = dumps(merged)
        if path.exists() and path.read_text(encoding="utf-8") == text:
            return False
        atomic_write(path, text)
    return True

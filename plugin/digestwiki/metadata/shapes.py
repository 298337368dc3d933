"""The shapes of the committed JSON files, checked on load: a message, never a traceback.

``metadata/papers.json`` is written by ``digestwiki refresh`` but may be edited by hand or
merged badly; ``bibkeys.json`` likewise. A value of the wrong type (``"title": 5``,
``"authors": [null]``, a list where papers belong) is reported with the file and the paper,
and what to do, before anything downstream calls ``.lower()`` on it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

_TEXT_FIELDS = ("status", "source", "title", "abstract", "published", "updated",
                "latest_version", "primary_category", "doi", "journal_ref", "venue",
                "venue_type", "bibtex", "dblp")
_TEXT_LISTS = ("authors", "categories", "aliases")
_INT_FIELDS = ("year", "venue_year")
_KEY = re.compile(r"^[A-Za-z0-9_:.\-+/]+$")  # a BibTeX key pybtex and LaTeX both accept


def _kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__.replace("str", "text").replace(
        "dict", "object").replace("list", "list")


def record_problem(paper_id: str, record: Any) -> str | None:
    """What is wrong with one cache record, or None."""
    if not isinstance(record, Mapping):
        return f"the record must be an object, not {_kind(record)}"
    if record.get("status") not in ("found", "not_found"):
        return f"'status' must be \"found\" or \"not_found\", not {record.get('status')!r}"
    for name in _TEXT_FIELDS:
        if name in record and record[name] is not None and not isinstance(record[name], str):
            return f"'{name}' must be text, not {_kind(record[name])} ({record[name]!r:.40})"
    for name in _TEXT_LISTS:
        if name not in record or record[name] is None:
            continue
        value = record[name]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return f"'{name}' must be a list of text ({value!r:.60})"
    for name in _INT_FIELDS:
        value = record.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 10000:
            return f"'{name}' must be a year like 2020, not {value!r:.40}"
    if "accepted" in record and not isinstance(record["accepted"], bool | None):
        return f"'accepted' must be true or false, not {record['accepted']!r:.40}"
    links = record.get("links")
    if links is not None and (not isinstance(links, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in links.items())):
        return "'links' must be an object of text URLs"
    for name, value in record.items():
        if isinstance(value, float) and not math.isfinite(value):
            return f"'{name}' is not a finite number"
    return None


def papers_problem(path: Path, papers: Any) -> str | None:
    """The first problem in the cache's ``papers`` object, as a full message."""
    if not isinstance(papers, Mapping):
        return (f"{path}: 'papers' must be an object keyed by paper id, not {_kind(papers)}; "
                "restore the file from git or delete it and run `digestwiki refresh`")
    for paper_id, record in papers.items():
        problem = record_problem(str(paper_id), record)
        if problem:
            return (f"{path}: paper {paper_id}: {problem}; fix the record or delete it and run "
                    "`digestwiki refresh`")
    return None


def registry_problems(path: Path, data: Any) -> list[str]:
    """Every problem of a key registry's parsed JSON (``{"schema": 1, "keys": {...}}``).

    For the key-registry loader to call before using the keys: a key that is not text, a key
    with characters BibTeX cannot carry (``,}{``, spaces), and two papers sharing one key.
    """
    if not isinstance(data, Mapping):
        return [f"{path}: the key registry must be a JSON object, not {_kind(data)}; "
                "restore it from git"]
    keys = data.get("keys")
    if keys is None:
        return []
    if not isinstance(keys, Mapping):
        return [f"{path}: 'keys' must be an object of paper id -> key, not {_kind(keys)}; "
                "restore it from git"]
    problems: list[str] = []
    owner: dict[str, str] = {}
    for paper_id, key in keys.items():
        if not isinstance(key, str) or not key:
            problems.append(f"{path}: paper {paper_id}: the key must be text, not {key!r:.40}; "
                            "restore it from git")
            continue
        if not _KEY.match(key):
            problems.append(f"{path}: paper {paper_id}: key {key!r:.60} holds characters a "
                            "BibTeX key cannot (spaces, commas, braces); restore it from git")
        if key in owner:
            problems.append(f"{path}: papers {owner[key]} and {paper_id} share the key {key!r}; "
                            "a published key names one paper: restore the file from git")
        owner.setdefault(key, str(paper_id))
    return problems

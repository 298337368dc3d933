"""The key registry (``bibkeys.json``): published keys and the aliases readers search by.

Schema 2 (schema 1, keys only, is still read)::

    {"schema": 2,
     "keys": {"arxiv:1706.03762": "vaswani2017attention", ...},
     "aliases": {"arxiv:1706.03762": ["1706.03762", "10.xxxx/...", "..."]}}

The file is committed and may be edited by hand, so everything in it is checked: a key that
is not a string, holds characters BibTeX cannot take, or is given to two papers stops the
build with a message naming the file, the line and the paper.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..atomic import atomic_write as write_atomic

REGISTRY_SCHEMA = 2
READABLE_SCHEMAS = (1, 2)
# Letters, digits and the punctuation BibTeX and biber accept in a key; no space, comma,
# brace, quote, hash, percent, parenthesis or equals sign.
VALID_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:+\-/]*")


class RegistryError(Exception):
    """The key registry exists but cannot be used; the message names the file."""


class Registry(dict[str, str]):
    """Pinned keys by paper id, plus aliases and whether this run may pin new keys.

    ``may_pin`` is False in a build that must not write the registry (the publishing build):
    unpinned papers then keep their provisional id key instead of a key nobody commits.
    """

    def __init__(self, keys: Mapping[str, str] | None = None, *,
                 aliases: dict[str, list[str]] | None = None, may_pin: bool = True,
                 path: Path | None = None) -> None:
        super().__init__(keys or {})
        self.aliases: dict[str, list[str]] = aliases or {}
        self.may_pin = may_pin
        self.path = path

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Registry):
            return dict(self) == dict(other) and self.aliases == other.aliases
        return dict(self) == other

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]


def _lines_of(text: str) -> dict[str, int]:
    """The line of each ``"paper_id":`` in the file, for a message a person can act on (read
    once, and only when a key is bad: the registry has a line per paper)."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        head, colon, _ = line.strip().partition('":')
        if colon and head.startswith('"'):
            try:
                lines.setdefault(json.loads(head + '"'), number)
            except json.JSONDecodeError:
                continue
    return lines


def check_keys(keys: Any, name: str, text: str = "") -> dict[str, str]:
    """The keys of a registry, or RegistryError listing every bad one (file:line: paper)."""
    if not isinstance(keys, dict):
        raise RegistryError(f"{name}: 'keys' must be an object mapping paper ids to keys; "
                            "restore the file from git")
    problems: list[str] = []
    by_key: dict[str, str] = {}
    clean: dict[str, str] = {}
    lines: dict[str, int] | None = None

    def where_of(paper_id: str) -> str:
        nonlocal lines
        if lines is None:
            lines = _lines_of(text)
        return f"{name}:{lines.get(paper_id, 1)}: {paper_id}"

    for paper_id, key in keys.items():
        if not isinstance(key, str):
            where = where_of(paper_id)
            problems.append(f"{where}: the key is {json.dumps(key)}, not a string; write a key "
                            "such as \"smith2020deep\" or delete the line (a build pins a new "
                            "one)")
            continue
        if not VALID_KEY.fullmatch(key):
            where = where_of(paper_id)
            problems.append(f"{where}: the key {json.dumps(key)} has characters BibTeX cannot "
                            "take (use letters, digits and _ . : + - / only)")
            continue
        other = by_key.get(key.lower())
        if other is not None:
            where = where_of(paper_id)
            problems.append(f"{where}: the key {json.dumps(key)} is also given to {other}; "
                            "a key must cite one paper: give one of them another key (keep "
                            "the one already published)")
            continue
        by_key[key.lower()] = paper_id
        clean[str(paper_id)] = key
    if problems:
        raise RegistryError("\n".join(problems))
    return clean


def load_registry(path: Path, *, may_pin: bool = True) -> Registry:
    """The registry at ``path`` (empty if absent); RegistryError if it cannot be trusted."""
    if not path.exists():
        return Registry(may_pin=may_pin, path=path)
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(f"{name}: cannot read the BibTeX key registry: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise RegistryError(f"{name}:{exc.lineno}: the BibTeX key registry is not valid JSON "
                            f"({exc.msg}); restore it from git") from exc
    if not isinstance(data, dict) or data.get("schema") not in READABLE_SCHEMAS:
        schema = data.get("schema") if isinstance(data, dict) else None
        raise RegistryError(f"{name}: unknown key registry schema {schema!r}; this digestwiki "
                            f"reads schemas {', '.join(map(str, READABLE_SCHEMAS))}")
    keys = check_keys(data.get("keys") or {}, name, text)
    raw_aliases = data.get("aliases") or {}
    aliases: dict[str, list[str]] = {}
    if isinstance(raw_aliases, dict):
        for paper_id, names in raw_aliases.items():
            if isinstance(names, list):
                aliases[str(paper_id)] = [str(n) for n in names if isinstance(n, str | int)]
    return Registry(keys, aliases=aliases, may_pin=may_pin, path=path)


def dumps(keys: Mapping[str, str]) -> str:
    """The exact text written: schema 2, sorted, two-space indent, one final newline."""
    data: dict[str, Any] = {"schema": REGISTRY_SCHEMA, "keys": dict(sorted(keys.items()))}
    aliases = getattr(keys, "aliases", None) or {}
    data["aliases"] = {k: list(v) for k, v in sorted(aliases.items()) if k in keys and v}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def save_registry(path: Path, keys: Mapping[str, str]) -> bool:
    """Write the registry if it changed; True when written. Never written for a run that may
    not pin (``Registry.may_pin`` False)."""
    if isinstance(keys, Registry) and not keys.may_pin:
        return False
    text = dumps(keys)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    write_atomic(path, text)
    return True

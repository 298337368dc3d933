"""Text clean-up that every shape needs before any rule looks at it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from ..safety import load_front_matter

# Invisible characters that editors and web copy-paste leave behind. Removing them
# never joins or splits lines, so line numbers stay those of the file.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


def normalise(raw: str) -> str:
    """BOM, CRLF/CR, zero-width characters and a missing final newline, handled once."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").translate(_INVISIBLE)
    return text.rstrip("\n") + "\n" if text.strip() else ""


@dataclass
class FrontMatter:
    data: dict[str, object] = field(default_factory=dict)
    lines: int = 0  # how many lines the block took, fences included
    error: tuple[int, str] | None = None  # (line, message) when the YAML is broken


def split_front_matter(text: str) -> tuple[FrontMatter, str]:
    """Split a leading ``---`` YAML block from the body.

    A block that does not parse is reported, not fatal: the note still renders.
    """
    if not text.startswith("---\n"):
        return FrontMatter(), text
    lines = text.split("\n")
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            break
    else:
        return FrontMatter(error=(1, "front matter opened with '---' is never closed")), text
    block = "\n".join(lines[1:end])
    body = "\n".join(lines[end + 1 :])
    try:
        data, refused = load_front_matter(block)
        data = data or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = 2 + (mark.line if mark is not None else 0)
        problem = getattr(exc, "problem", None) or "invalid YAML"
        error = (line, f"front matter is not valid YAML: {problem}")
        return FrontMatter(lines=end + 1, error=error), body
    if not isinstance(data, dict):
        return FrontMatter(lines=end + 1, error=(2, "front matter must be a mapping of keys")), body
    problem = (2 + refused[0], refused[1]) if refused is not None else None
    if problem is not None:
        data.pop("date", None)  # a date that is no date is reported, and not used
    return FrontMatter({str(k): v for k, v in data.items()}, end + 1, problem), body


_QUOTES = "\"'“”‘’「」"


def unquote(value: str) -> str:
    return value.strip().strip(_QUOTES).strip()


def collapse(value: str) -> str:
    """One space between words: titles written with tabs or line-wraps compare equal."""
    return re.sub(r"\s+", " ", value).strip()

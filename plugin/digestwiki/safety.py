"""Reading what contributors commit without trusting it: bytes, encodings, YAML, paths.

Used by ``sources.parse_bytes`` (bytes -> text), ``parse.text.split_front_matter`` (YAML with
a budget) and the build and lint (a note that is a symlink out of the repository, a binary
file named ``.md``). Every function returns a message naming the line instead of raising.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent

# --- bytes -> text ----------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8 with a BOM"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
# File signatures of formats that are never notes.
_MAGIC = (b"\x89PNG", b"%PDF-", b"PK\x03\x04", b"\x1f\x8b", b"\x7fELF", b"GIF8", b"\xff\xd8\xff")
SKIP_KEY = "digestwiki_skipped"  # set in Digest.meta on a file that is not a note at all


@dataclass
class Decoded:
    text: str
    # (line, message) to report, or None when the bytes were clean UTF-8
    warning: tuple[int, str] | None = None
    binary: bool = False


def line_of(raw: bytes, offset: int) -> int:
    """1-based line of the byte at ``offset``."""
    return raw.count(b"\n", 0, max(0, offset)) + 1


def is_binary(raw: bytes) -> bool:
    """A file that is not text: a known binary signature, or more than 1 byte in 10 is NUL."""
    if raw.startswith(_MAGIC):
        return True
    sample = raw[:65536]
    return bool(sample) and sample.count(b"\x00") * 10 > len(sample)


def _hangul_share(text: str) -> float:
    wide = [c for c in text if ord(c) > 0x7F]
    if not wide:
        return 0.0
    return sum(1 for c in wide if "\uac00" <= c <= "\ud7a3" or "\u3131" <= c <= "\u318e") / len(
        wide)


def decode_note(raw: bytes) -> Decoded:
    """Bytes of a note -> text, in the order: BOM, UTF-8, CP949 (EUC-KR), Latin-1.

    Anything but plain UTF-8 is decoded as what it is and reported (with the line of the
    first byte that is not UTF-8), so a Korean note saved by an old editor is not published
    as replacement characters. NUL bytes are removed (they would break the feed's XML).
    """
    for bom, codec, label in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                text = raw[len(bom):].decode(codec, errors="replace")
                return Decoded(_strip_nul(text), (1, f"file starts with a {label} byte-order "
                               f"mark but is not valid {label} (byte {exc.start}); "
                               "save it as UTF-8"))
            if codec == "utf-8":
                return _with_nul_warning(raw, text, None)
            return _with_nul_warning(raw, text, (1, f"saved as {label}: save it as UTF-8"))
    bomless = _utf16_without_bom(raw)
    if bomless is not None:
        return _with_nul_warning(raw, bomless, (1, "saved as UTF-16 (without a byte-order mark): "
                                                   "save it as UTF-8"))
    if is_binary(raw):
        return Decoded("", (1, "not a text file (binary content): skipped; notes are UTF-8 "
                               "text (.txt, .md, .html)"), binary=True)
    try:
        return _with_nul_warning(raw, raw.decode("utf-8"), None)
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    line = line_of(raw, first_bad)
    try:
        text = raw.decode("cp949")
        if _hangul_share(text) >= 0.5:
            return _with_nul_warning(raw, text, (line, "saved as CP949 (EUC-KR), not UTF-8: "
                                                       "save it as UTF-8"))
    except UnicodeDecodeError:
        pass
    return _with_nul_warning(raw, raw.decode("latin-1"),
                             (line, "saved as Latin-1 (ISO-8859-1), not UTF-8: save it as UTF-8"))


def _utf16_without_bom(raw: bytes) -> str | None:
    """Text of UTF-16 saved without a BOM (mostly ASCII: every other byte NUL), else None."""
    sample = raw[:4096]
    if len(sample) < 4 or len(raw) % 2:
        return None
    for zeros, codec in ((sample[1::2], "utf-16-le"), (sample[0::2], "utf-16-be")):
        if zeros.count(0) * 10 >= len(zeros) * 7:  # 70% of one byte column is NUL
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError:
                return None
            return text if "\x00" not in text else None
    return None


def _strip_nul(text: str) -> str:
    return text.replace("\x00", "")


def _with_nul_warning(raw: bytes, text: str, warning: tuple[int, str] | None) -> Decoded:
    if "\x00" not in text:
        return Decoded(text, warning)
    where = text.index("\x00")
    line = text.count("\n", 0, where) + 1
    if warning is None:
        warning = (line, "NUL bytes removed: the file holds NUL characters, which no page or "
                         "feed can carry; save it as plain UTF-8 text")
    return Decoded(_strip_nul(text), warning)


# --- YAML with a budget -----------------------------------------------------------------------

MAX_ALIASES = 20  # anchors are rare in front matter; a bomb needs many aliases
MAX_NODES = 5000
MAX_DEPTH = 50


class YAMLRefused(yaml.YAMLError):
    """Front matter that would cost too much to load (alias bomb, huge or deep nesting)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line  # 0-based, like PyYAML marks
        self.message = message


class BudgetLoader(yaml.SafeLoader):
    """yaml.SafeLoader that refuses documents with many aliases, many nodes or deep nesting,
    and keeps impossible timestamps (``2020-13-45``) as the text written instead of raising."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0
        self._nodes = 0
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:  # type: ignore[override]
        mark = self.peek_event().start_mark
        if self.check_event(AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise YAMLRefused(mark.line, f"more than {MAX_ALIASES} YAML aliases (*name): "
                                  "refused as a possible alias bomb; write the values out")
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise YAMLRefused(mark.line, f"more than {MAX_NODES} YAML values: refused; "
                              "front matter holds a few keys")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise YAMLRefused(mark.line, f"YAML nested more than {MAX_DEPTH} deep: refused")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_yaml_timestamp(self, node: Any) -> Any:  # type: ignore[override]
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return str(node.value)  # kept as written; load_front_matter reports a bad date


BudgetLoader.add_constructor("tag:yaml.org,2002:timestamp",
                             BudgetLoader.construct_yaml_timestamp)

_ISO_DATE = re.compile(r"^\s*(\d{4})[-./](\d{1,2})[-./](\d{1,2})([ T].*)?$")


def load_front_matter(block: str) -> tuple[Any, tuple[int, str] | None]:
    """(data, problem) of a front-matter block; problem is (0-based line, message).

    A ``date`` that is present but is no date (``25:99``, ``2020-13-45``, ``soon``) is a
    problem too: the note would otherwise silently take another date.
    """
    loader = BudgetLoader(block)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except YAMLRefused as exc:
        return None, (exc.line, f"front matter refused: {exc.message}")
    except RecursionError:
        return None, (0, "front matter refused: YAML nested too deep")
    finally:
        loader.dispose()
    if isinstance(data, dict) and node is not None and "date" in data:
        problem = _date_problem(node, data["date"])
        if problem:
            return data, problem
    return data, None


def _date_problem(node: Any, value: Any) -> tuple[int, str] | None:
    import datetime as dt

    if isinstance(value, dt.date):
        return None
    for key, val in node.value:
        if getattr(key, "value", None) == "date":
            written, line = getattr(val, "value", value), val.start_mark.line
            break
    else:
        written, line = value, 0
    m = _ISO_DATE.match(value) if isinstance(value, str) else None
    if m:
        try:
            dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return None
        except ValueError:
            pass
    return line, (f"front matter date {written!r} is not a date: write it as YYYY-MM-DD "
                  "(the date is taken from the file name or the note instead)")


# --- paths ------------------------------------------------------------------------------------


def outside(path: Path, root: Path, folders: dict[str, str] | None = None) -> bool:
    """True when ``path`` (a symlink, or in a symlinked folder) resolves outside ``root``.
    ``folders`` remembers resolved folders across calls (see :func:`real_path`)."""
    folders = {} if folders is None else folders
    try:
        Path(real_path(str(path), folders)).relative_to(real_path(str(root), folders))
    except (ValueError, OSError, RuntimeError):
        return True
    return False


def real_path(path: str, folders: dict[str, str]) -> str:
    """``os.path.realpath(path)``, each folder resolved once (kept in ``folders``): a wiki's
    thousands of notes sit in a few folders, and resolving each note's whole path anew was
    seconds of every preview rebuild."""
    path = os.path.abspath(path)
    if os.path.islink(path):
        return os.path.realpath(path)
    folder, name = os.path.split(path)
    if folder not in folders:
        folders[folder] = os.path.realpath(folder)
    return os.path.join(folders[folder], name) if name else folders[folder]


def outside_message(repo_path: str) -> str:
    return (f"{repo_path}:1: the note is a link to a file outside the repository: refused "
            "(not published); commit the note itself")


_BAD_NAME = re.compile(r"[#%?\\\n\r\t\x00-\x1f]")


def name_problem(name: str) -> str | None:
    """A file name whose page URL would break (``#``, ``%``, ``?``, control characters)."""
    bad = sorted(set(_BAD_NAME.findall(name)))
    if not bad:
        return None
    shown = " ".join(repr(c) for c in bad)
    return (f"the file name holds {shown}, which would break links to its page: the page is "
            "named with '-' instead; rename the file with letters, digits and '-' only")


def refuse_outside_files(files: Any, digests_dir: str, root: Path) -> list[str]:
    """Remove from MkDocs' file collection every file under the digests folder that resolves
    outside the repository (a symlink to ``~/.ssh/id_rsa`` or to ``mkdocs.yml`` elsewhere):
    it would otherwise be published. Returns one message per refused file."""
    messages = []
    folders: dict[str, str] = {}
    for file in list(files):
        src = getattr(file, "src_uri", "")
        path = getattr(file, "abs_src_path", None)
        if not path or not (src == digests_dir or src.startswith(digests_dir + "/")):
            continue
        if outside(Path(path), root, folders):
            files.remove(file)
            try:
                shown = Path(path).relative_to(root).as_posix()
            except ValueError:
                shown = path
            messages.append(outside_message(shown))
    return messages


def readable(digests: list[Any]) -> list[Any]:
    """The notes that are notes: files skipped while reading (binary) are left out."""
    return [d for d in digests if not d.meta.get(SKIP_KEY)]


def refused_note(repo_path: str) -> Any:
    """The digest standing for a note that is not read at all (a symlink out of the repo)."""
    from .parse import parse_digest

    digest = parse_digest("", repo_path)
    digest.problems.clear()
    digest.meta[SKIP_KEY] = True
    digest.warn(1, outside_message(repo_path).split(":1: ", 1)[1], "error")
    return digest


# --- nesting that would exhaust the Markdown renderer's recursion -----------------------------

MAX_NESTING = 100  # Python-Markdown recurses per level and fails near 300-500 list levels
_LEAD = re.compile(r"^(?:[ \t]*(?:>|[-*+]|\d{1,9}[.)])(?=[ \t]|$))+")


def nesting(line: str) -> int:
    """How deep a line nests lists and quotes: leading indentation (two spaces a level) or the
    number of ``>`` and list markers it opens with, whichever is more."""
    indent = len(line) - len(line.lstrip(" \t"))
    lead = _LEAD.match(line)
    markers = len(re.findall(r">|[-*+]|\d{1,9}[.)]", lead.group(0))) if lead else 0
    return max(indent // 2, markers)


def too_deep(text: str) -> int | None:
    """0-based index of the first line nested more than :data:`MAX_NESTING` levels, or None."""
    for i, line in enumerate(text.split("\n")):
        if len(line) > MAX_NESTING and nesting(line) > MAX_NESTING:
            return i
    return None


def plain_page(title: str, text: str, anchors: list[str]) -> str:
    """The Markdown of a note shown as plain, escaped text (its anchors kept, so backlinks
    still land on the page)."""
    from .escape import html_attr, html_text, md_text

    spans = "".join(f'<span id="{html_attr(a)}"></span>' for a in anchors)
    return (f"# {md_text(title)}\n\n"
            "!!! warning \"Shown as plain text\"\n"
            "    This note nests lists or quotes too deeply to render.\n\n"
            f"<div class=\"dw-plain\">{spans}</div>\n\n"
            f"<pre class=\"dw-plain\">{html_text(text)}</pre>\n")


def guard_nesting(markdown: str, digest: Any) -> tuple[str, str | None]:
    """``markdown`` of a digest page, or (when the note nests too deeply for the renderer) a
    plain rendering of the note and the message ``file:line: ...`` to log."""
    at = too_deep(digest.text)
    if at is None and too_deep(markdown) is None:
        return markdown, None
    line = (at if at is not None else 0) + 1 + digest.body_offset
    anchors = [e.anchor for e in digest.entries] + [m.anchor for m in digest.mentions]
    message = (f"{digest.source}:{line}: lists or quotes nested more than {MAX_NESTING} levels "
               "deep: the note is shown as plain text; flatten it")
    return plain_page(digest.title, digest.text, [a for a in anchors if a]), message

"""The hostile corpus: notes, file names, front matter, cache and key files and settings that
try to run script in a reader's browser, forge workflow commands, or crash the build.

Text notes live in ``notes/`` (readable in review); what cannot sit in a text file (binary
bytes, other encodings, NUL, a symlink out of the repository, a file name with a line break,
thousands of nesting levels) is made here. Everything is written by the project itself.

``run_all(tmp)`` builds the site (a real ``mkdocs build``, not strict: hostile notes must
warn), runs ``digestwiki parse`` and ``digestwiki lint --format github`` on every note, builds
one small site per malformed file or setting, and returns what it found.
"""

from __future__ import annotations

import codecs
import os
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

HERE = Path(__file__).resolve().parent
# The code under test; HOSTILE_REPO points at another checkout to count its results.
REPO = Path(os.environ.get("HOSTILE_REPO") or HERE.parents[1])
MKDOCS = [sys.executable, "-m", "mkdocs"]
DIGESTWIKI = [sys.executable, "-m", "digestwiki.cli"]
TRACEBACK = "Traceback (most recent call last)"

CONFIG = """\
site_name: Hostile wiki
site_url: https://example.org/wiki/
theme:
  name: material
  font: false
plugins:
  - search
  - tags
  - gen-files:
      scripts:
        - scripts/gen_stats.py
  - digestwiki
"""

PAPER = "https://arxiv.org/abs/2101.{:05d}"


def generated_notes() -> dict[str, bytes]:
    """Notes whose bytes cannot live in a text file of the repository."""
    deep_list = "# 210107 Deep list\n\n" + PAPER.format(7) + "\nA Paper Deep In Lists\n\n" + \
        "".join("  " * i + "- level\n" for i in range(1000))
    deep_quote = "# 210108 Deep quote\n\n" + PAPER.format(8) + "\nA Paper Deep In Quotes\n\n" + \
        ">" * 1000 + " quoted\n\n" + "- " * 1000 + "marker\n"
    korean = f"{PAPER.format(10)}\n트랜스포머 논문 제목 (홍길동)\n한국어로 쓴 코멘트입니다.\n"
    latin = f"{PAPER.format(12)}\nA Café Paper On Résumés (José Núñez)\n"
    return {
        "2021-01-07-deep-list.md": deep_list.encode(),
        "2021-01-08-deep-quote.md": deep_quote.encode(),
        "2021-01-11-nul.txt": (f"{PAPER.format(11)}\nA Paper With NUL\x00 Bytes "
                               "(Ada\x00 Lovelace)\ncomment\x00\x00 here\n").encode(),
        "2021-01-10-euc-kr.txt": korean.encode("cp949"),
        "2021-01-13-utf16.txt": codecs.BOM_UTF16_LE + korean.replace(
            PAPER.format(10), PAPER.format(13)).encode("utf-16-le"),
        "2021-01-12-latin1.txt": ("comment line\n" + latin).encode("latin-1"),
        "2021-01-16-binary.md": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8 + b"\x00" * 512,
        "2021-01-19-new\nline::error file=x::forged.txt":
            f"{PAPER.format(19)}\nA Paper In A File Whose Name Breaks Lines\n".encode(),
    }


@dataclass
class Case:
    name: str  # the note's file name (or a variant's name)
    kind: str = "note"  # note | symlink | variant


def cases() -> list[Case]:
    names = sorted(p.name for p in (HERE / "notes").iterdir()) + sorted(generated_notes())
    return [Case(n) for n in names] + [Case("2021-01-20-outside.md", "symlink")] + \
        [Case(v, "variant") for v in VARIANTS]


def write_site(root: Path) -> Path:
    """The hostile wiki: every note, the hostile cache, the statistics script, a symlink out."""
    digests = root / "docs" / "digests"
    digests.mkdir(parents=True)
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    for note in (HERE / "notes").iterdir():
        shutil.copyfile(note, digests / note.name)
    for name, raw in generated_notes().items():
        (digests / name).write_bytes(raw)
    (root / "metadata").mkdir()
    shutil.copyfile(HERE / "metadata" / "papers.json", root / "metadata" / "papers.json")
    (root / "scripts").mkdir()
    shutil.copyfile(REPO / "scripts" / "gen_stats.py", root / "scripts" / "gen_stats.py")
    secret = root.parent / f"{root.name}-outside" / "secret.md"
    secret.parent.mkdir(exist_ok=True)
    secret.write_text("# SECRET-OUTSIDE-THE-REPOSITORY\n\nhttps://arxiv.org/abs/2101.00020\n",
                      encoding="utf-8")
    (digests / "2021-01-20-outside.md").symlink_to(secret)
    return root


# --- malformed files and settings: one small site each ----------------------------------------

BENIGN = {"2021-02-01-fine.txt": f"{PAPER.format(21)}\nA Perfectly Fine Paper (Ada Lovelace)\n"}

# name -> (files to write, relative to the site root; environment; text the error must hold)
VARIANTS: dict[str, tuple[dict[str, str], dict[str, str], str]] = {
    "cache-papers-is-a-list": ({"metadata/papers.json": '{"schema": 1, "papers": []}'}, {},
                               "papers.json"),
    "cache-title-is-a-number": ({"metadata/papers.json": '{"schema": 1, "papers": '
                                 '{"arxiv:2101.00021": {"status": "found", "source": "arxiv", '
                                 '"title": 5}}}'}, {}, "arxiv:2101.00021"),
    "cache-authors-null": ({"metadata/papers.json": '{"schema": 1, "papers": '
                            '{"arxiv:2101.00021": {"status": "found", "source": "arxiv", '
                            '"authors": [null]}}}'}, {}, "arxiv:2101.00021"),
    "cache-not-json": ({"metadata/papers.json": '{"schema": 1, "papers": {'}, {}, "papers.json"),
    "cache-is-a-string": ({"metadata/papers.json": '"papers"'}, {}, "papers.json"),
    "keys-null-and-number": ({"bibkeys.json": '{"schema": 1, "keys": {"arxiv:2101.00021": null, '
                              '"arxiv:2101.00022": 5}}'}, {}, ""),
    "keys-braces": ({"bibkeys.json": '{"schema": 1, "keys": {"arxiv:2101.00021": "a,}{b"}}'},
                    {}, ""),
    "keys-is-a-list": ({"bibkeys.json": "[]"}, {}, "bibkeys.json"),
    "env-timeout-zero": ({}, {"DIGESTWIKI_TIMEOUT": "0", "DIGESTWIKI_OFFLINE": "0"},
                         "DIGESTWIKI_TIMEOUT"),
    "env-delay-inf": ({}, {"DIGESTWIKI_DELAY": "inf"}, "DIGESTWIKI_DELAY"),
    "env-offline-maybe": ({}, {"DIGESTWIKI_OFFLINE": "maybe"}, "DIGESTWIKI_OFFLINE"),
}


def write_variant(root: Path, name: str) -> dict[str, str]:
    files, env, _ = VARIANTS[name]
    (root / "docs" / "digests").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    for note, text in BENIGN.items():
        (root / "docs" / "digests" / note).write_text(text, encoding="utf-8")
    (root / "scripts").mkdir()
    shutil.copyfile(REPO / "scripts" / "gen_stats.py", root / "scripts" / "gen_stats.py")
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    return env


# --- running ------------------------------------------------------------------------------------


def environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true", DIGESTWIKI_OFFLINE="1",
               PYTHONPATH=str(REPO / "plugin"))
    env.pop("DIGESTWIKI_FETCH", None)
    env.update(extra or {})
    return env


def run(cmd: list[str], cwd: Path, extra: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600,
                          env=environment(extra), errors="replace")


# --- what the built site may not contain -------------------------------------------------------

_BAD_SCHEME = re.compile(r"^(javascript|vbscript|data|livescript):", re.IGNORECASE)
URL_ATTRS = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background",
             "srcset", "cite", "ping"}
# The theme's bundle and our script, linked relatively (or from the site root on 404.html).
SCRIPT_SRC = re.compile(r"^(?:(?:\.\./)*|/[^/:]*/)(assets/javascripts/|assets/digestwiki/)")
MATERIAL_INLINE = ("__md_scope=", "var palette=__md_get(", "var target=document.getElementById(",
                   "document.addEventListener(\"DOMContentLoaded\"")


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script: dict[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in URL_ATTRS and value is not None:
                bare = re.sub(r"[\x00-\x20]", "", value)
                if _BAD_SCHEME.match(bare):
                    self.found.append(f"<{tag} {name}={value[:40]!r}>")
        if tag in ("iframe", "object", "embed", "base", "frame", "applet"):
            self.found.append(f"<{tag}>")
        if tag == "meta" and (named.get("http-equiv") or "").lower() == "refresh":
            target = (named.get("content") or "").split("url=", 1)[-1]
            if _BAD_SCHEME.match(re.sub(r"[\x00-\x20'\"]", "", target)):
                self.found.append(f"<meta refresh {target[:40]!r}>")
        if tag == "script":
            self._script = named
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag != "script" or self._script is None:
            return
        attrs, text = self._script, "".join(self._text).strip()
        self._script = None
        src = attrs.get("src")
        if src is not None:
            if not SCRIPT_SRC.match(src):
                self.found.append(f"<script src={src[:60]!r}>")
        elif attrs.get("type") == "application/json" and attrs.get("id") in ("__config",
                                                                             "dw-strings"):
            if "alert(" in text:  # data, never run; but a payload in it is still a finding
                self.found.append(f"<script id={attrs.get('id')}> holding a payload")
        elif not text.startswith(MATERIAL_INLINE) or "alert(" in text:
            self.found.append(f"<script>{text[:60]!r}")


def injections(html: str) -> list[str]:
    """Everything in one page that could run script: a script that is not the theme's or
    ours, an ``on*`` handler, a ``javascript:``/``data:`` URL, a frame, ``<base>``."""
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.found


def site_injections(site: Path) -> dict[str, list[str]]:
    out = {}
    for page in sorted(site.rglob("*.html")):
        found = injections(page.read_text(encoding="utf-8", errors="replace"))
        if found:
            out[page.relative_to(site).as_posix()] = found
    return out


# --- messages -----------------------------------------------------------------------------------

_NOTE_MESSAGE = re.compile(r"^(?:WARNING|ERROR|INFO)\s+-\s+digestwiki:\s+(.*)$")
_FILE_LINE = re.compile(r"^[^:\n]*?docs/digests/[^\n]*?:\d+: |^[^\s:]+\.(?:json|yml):(\d+:)? ")


def unlocated(output: str) -> list[str]:
    """Plugin messages about a note that do not start with ``file:line:``."""
    bad = []
    for line in output.splitlines():
        m = _NOTE_MESSAGE.match(line)
        if m and "docs/digests" in m.group(1) and not _FILE_LINE.match(m.group(1)):
            bad.append(line)
    return bad


GH_ANNOTATION = re.compile(r"^::(error|warning|notice) file=[^:,\n]*,line=\d+,"
                           r"title=digestwiki lint::[^\n]*$")


def forged_commands(github_output: str) -> list[str]:
    """Lines the GitHub runner would take as a workflow command that lint did not mean."""
    bad = []
    for line in github_output.split("\n"):
        stripped = line.lstrip()
        if stripped.startswith("::") and not GH_ANNOTATION.match(stripped):
            bad.append(line)
        elif "##[" in line:
            bad.append(line)
    return bad


@dataclass
class Report:
    cases: int = 0
    tracebacks: list[str] = field(default_factory=list)  # which command printed one
    injections: dict[str, list[str]] = field(default_factory=dict)  # page -> what
    unlocated: list[str] = field(default_factory=list)
    forged: list[str] = field(default_factory=list)
    outputs: dict[str, subprocess.CompletedProcess[str]] = field(default_factory=dict)
    site: Path | None = None
    feed_ok: bool = False

    def counts(self) -> dict[str, int]:
        return {"cases": self.cases, "tracebacks": len(self.tracebacks),
                "injections": sum(len(v) for v in self.injections.values()),
                "messages without file:line": len(self.unlocated),
                "forged workflow commands": len(self.forged)}


def _check(report: Report, label: str, result: subprocess.CompletedProcess[str]) -> None:
    report.outputs[label] = result
    if TRACEBACK in result.stdout or TRACEBACK in result.stderr:
        report.tracebacks.append(label)
    report.unlocated += unlocated(result.stderr)


def run_all(tmp: Path) -> Report:
    report = Report(cases=len(cases()))
    root = write_site(tmp / "hostile")
    result = run([*MKDOCS, "build", "-f", str(root / "mkdocs.yml"), "-d", str(root / "site")],
                 root)
    _check(report, "build", result)
    report.site = root / "site"
    if report.site.is_dir():
        report.injections = site_injections(report.site)
        try:
            ElementTree.parse(report.site / "feed.xml")
            report.feed_ok = True
        except (ElementTree.ParseError, OSError):
            report.feed_ok = False
    notes = sorted(p for p in (root / "docs" / "digests").iterdir())
    for note in notes:
        _check(report, f"parse {note.name!r}", run([*DIGESTWIKI, "parse", str(note)], root))
    lint = run([*DIGESTWIKI, "lint", "--format", "github"], root)
    _check(report, "lint --format github", lint)
    report.forged = forged_commands(lint.stdout)
    explicit = run([*DIGESTWIKI, "lint", "--format", "github",
                    *[str(n.relative_to(root)) for n in notes]], root)
    _check(report, "lint --format github FILES", explicit)
    report.forged += forged_commands(explicit.stdout)
    for name in VARIANTS:
        site = tmp / f"variant-{name}"
        env = write_variant(site, name)
        _check(report, f"variant {name}",
               run([*MKDOCS, "build", "-f", str(site / "mkdocs.yml"), "-d", str(site / "site")],
                   site, env))
    return report

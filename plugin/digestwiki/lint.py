"""`digestwiki lint`: show a contributor what the wiki will make of their notes, and what to fix.

The parser already records the problems of a single note (no paper, a mistyped paper URL, a
paper reviewed twice, no date, broken front matter, an entry without a title); lint reports
those as they are and adds what only a view across notes or the metadata cache can see:
a title that differs from the paper's real title, two notes for the same day, a date only
guessed from arXiv ids, `digestwiki new` guidance left in a plain-text note, and typos in paper
links (typos.py: an arXiv id of the wrong length, a near miss of a paper host, "did you mean").

Errors exit 1 (the pull-request check fails); warnings and notices exit 0 unless --strict.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from .bibtex import RegistryError, load_registry
from .bibtex.check import reference_findings, unpinned_message, unpinned_papers
from .cli import digest_summary, read_note
from .config import PluginConfig, Settings, load_settings, settings_from
from .escape import gh_data, gh_log_line, gh_property
from .images import message as image_message
from .images import missing_images
from .model import Digest
from .parse import DIGEST_SUFFIXES
from .sources import find_sources, read_source
from .typos import KnownIds, typo_problems

SEVERITIES = ("error", "warning", "notice")
FORMATS = ("text", "github", "json")
# Plain text has no comments, so `digestwiki new` fences its guidance with these markers
# and lint makes sure it does not end up on the wiki.
GUIDE_START = "[digestwiki new"
GUIDE_END = "[/digestwiki new]"
_EXACT_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Finding:
    """One problem, pinned to a file and line, ready for any output format."""

    path: str
    line: int
    severity: str  # "error" | "warning" | "notice"
    message: str

    def text(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


@dataclass
class NoteReport:
    """A note as the wiki will see it, with everything lint found in it."""

    path: str
    digest: Digest
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)


# --- settings ---------------------------------------------------------------------------------


def default_settings(root: Path | None = None) -> Settings:
    """The plugin's defaults, for a folder with no mkdocs.yml (e.g. linting a single file)."""
    root = (root or Path.cwd()).resolve()
    options = PluginConfig()
    options.load_dict({})
    options.validate()
    return settings_from(options, root / "mkdocs.yml", str(root / "docs"))


def settings_for(config: str | None) -> Settings:
    """Settings from --config; without it, ./mkdocs.yml when present, else the defaults.

    An explicit --config that does not exist is an error (load_settings says so clearly).
    """
    if config is not None:
        return load_settings(config)
    if Path("mkdocs.yml").is_file():
        return load_settings("mkdocs.yml")
    print("digestwiki: no mkdocs.yml here; using the default settings "
          "(notes in docs/digests, cache in metadata/papers.json)", file=sys.stderr)
    return default_settings()


# --- the checks -------------------------------------------------------------------------------


def normal_title(title: str) -> str:
    """A title reduced to letters and digits, so case, spacing and punctuation never differ."""
    text = unicodedata.normalize("NFKC", title).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def _parser_findings(path: str, digest: Digest) -> list[Finding]:
    return [Finding(path, max(p.line, 1), p.severity, p.message) for p in digest.problems]


def _title_findings(path: str, digest: Digest, cache: dict[str, dict[str, Any]]) -> list[Finding]:
    out = []
    for entry in digest.entries:
        record = cache.get(entry.id) or {}
        known = record.get("title")
        if not entry.title or not isinstance(known, str) or not known.strip():
            continue
        if normal_title(entry.title) != normal_title(known):
            line = entry.title_line or entry.line
            out.append(Finding(path, line, "warning",
                               f"the title of {entry.id} differs from its metadata: the note says "
                               f"\"{entry.title}\", the paper is \"{' '.join(known.split())}\" "
                               "(a typo, or a different paper?)"))
    return out


def _citation_findings(path: str, digest: Digest, cache: dict[str, dict[str, Any]],
                       unpinned: set[str], settings: Settings) -> list[Finding]:
    """Titles that do not match the cache, ids recorded not found, keys not committed."""
    out = [Finding(path, line, "warning", message)
           for line, message in reference_findings(digest, cache)]
    keys_file = settings.keys_file.name
    for entry in digest.entries:
        if entry.id in unpinned:
            out.append(Finding(path, entry.line, "warning", unpinned_message(entry.id, keys_file)))
    return out


def _date_findings(path: str, digest: Digest, same_day: list[str]) -> list[Finding]:
    out = []
    if digest.date and digest.date_inferred:
        out.append(Finding(path, 1, "notice",
                           f"the date {digest.date} is only guessed from the newest arXiv id: "
                           f"name the file {digest.date}-DD-<slug>{Path(path).suffix} "
                           "(YYYY-MM-DD-...) or add 'date: YYYY-MM-DD' front matter"))
    if same_day:
        out.append(Finding(path, 1, "warning",
                           f"another note is dated {digest.date} too ({', '.join(same_day)}): "
                           "add to that note, or give this one another date"))
    return out


def _guide_findings(path: str, digest: Digest) -> list[Finding]:
    """`digestwiki new` guidance still in the text (plain text shows it on the wiki)."""
    lines = digest.lines
    start = next((i for i, line in enumerate(lines) if GUIDE_START in line), None)
    if start is None:
        return []
    end = next((i for i in range(start + 1, len(lines)) if GUIDE_END in lines[i]), start)
    first, last = start + 1 + digest.body_offset, end + 1 + digest.body_offset
    span = f"line {first}" if first == last else f"lines {first}-{last}"
    return [Finding(path, first, "error",
                    f"the guidance from 'digestwiki new' is still in the note ({span}): "
                    "delete it, or it will be shown on the wiki")]


def _image_findings(path: str, digest: Digest, settings: Settings) -> list[Finding]:
    """Images the note shows that the repository lacks: one warning per note, naming each."""
    note_dir = Path(path).parent.as_posix()
    docs_rel = settings.docs_dir.relative_to(settings.root).as_posix() \
        if settings.docs_dir.is_relative_to(settings.root) else ""
    if docs_rel and (note_dir + "/").startswith(docs_rel + "/"):
        note_dir = note_dir[len(docs_rel) + 1:]
    gaps = missing_images(digest, lambda p: (settings.docs_dir / p).is_file(), note_dir)
    if not gaps:
        return []
    text = image_message(path, gaps, docs_rel or "docs")
    return [Finding(path, gaps[0].line, "warning", text.split(": ", 1)[1])]


def _refresh_findings(path: str, digest: Digest, cache: dict[str, dict[str, Any]]
                      ) -> list[Finding]:
    """Reviewed papers the metadata cache knows nothing (or too little) about: the paper page
    shows a quiet "details incomplete" marker to readers; the contributor is told what to run."""
    lacking = []
    for entry in digest.entries:
        record = cache.get(entry.id) or {}
        if any(not record.get(name) and not getattr(entry, name) for name in ("title", "authors")):
            lacking.append(entry)
    if not lacking:
        return []
    ids = ", ".join(e.id for e in lacking)
    what = "a reviewed paper has" if len(lacking) == 1 else f"{len(lacking)} reviewed papers have"
    return [Finding(path, lacking[0].title_line or lacking[0].line, "notice",
                    f"{what} no known authors or title ({ids}): their pages show "
                    "\"details incomplete\"; run `digestwiki refresh` and commit "
                    "metadata/papers.json (or write the authors in the note)")]


# --- finding the notes ------------------------------------------------------------------------


def is_note_file(path: Path) -> bool:
    """The same rule the build uses to decide what in the digests folder is a note."""
    name = path.name
    return (not name.startswith((".", "_")) and path.suffix.lower() in DIGEST_SUFFIXES
            and name.lower() not in ("index.md", "readme.md"))


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


class MissingFile(Exception):
    """A file named on the command line does not exist."""


def select_files(names: Sequence[str], settings: Settings) -> tuple[list[Path], list[str]]:
    """(notes to lint, files skipped) for the names given; a folder means the notes in it.

    Files in the digests folder that the build does not read as notes (images, index.md)
    are skipped, so a workflow can pass every changed file there. A file named explicitly
    outside that folder is linted whatever its name: the contributor asked for it.
    """
    digests = settings.docs_dir / settings.digests_dir
    chosen: list[Path] = []
    skipped: list[str] = []
    for name in names:
        path = Path(name)
        if path.is_dir():
            chosen += [p for p in sorted(path.rglob("*")) if p.is_file() and is_note_file(p)]
        elif not path.is_file():
            raise MissingFile(name)
        elif _inside(path, digests) and not is_note_file(path):
            skipped.append(name)
        else:
            chosen.append(path)
    return chosen, skipped


# --- the run ----------------------------------------------------------------------------------


def lint_notes(paths: Iterable[Path] | None, settings: Settings,
               cache: dict[str, dict[str, Any]] | None = None) -> list[NoteReport]:
    """Lint the given notes (default: every note of the wiki) against all the others."""
    everything = {s.path.resolve(): s for s in
                  find_sources(settings.docs_dir, settings.digests_dir, settings.root)}
    targets: list[tuple[Path, Digest]]
    if paths is None:
        targets = [(p, read_source(s, settings.root)) for p, s in everything.items()]
    else:
        targets = [(p.resolve(), cast(Digest, read_note(p))) for p in paths]
    if cache is None:
        from .metadata.cache import load_cache

        cache = load_cache(settings.cache_file)
    parsed = dict(targets)
    for p, s in everything.items():
        if p not in parsed:
            parsed[p] = read_source(s, settings.root)
    by_date: dict[str, list[Path]] = {}
    for p, d in parsed.items():
        if d.date and _EXACT_DATE.match(d.date) and not d.date_inferred:
            by_date.setdefault(d.date, []).append(p)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    known = KnownIds(parsed.values(), cache)
    unpinned = unpinned_papers(list(parsed.values()), cache, load_registry(settings.keys_file))
    reports = []
    for p, digest in targets:
        path = digest.source
        same_day = sorted(parsed[o].source for o in by_date.get(digest.date or "", []) if o != p)
        findings = _parser_findings(path, digest)
        findings += _citation_findings(path, digest, cache, unpinned, settings)
        findings += _date_findings(path, digest, same_day) + _guide_findings(path, digest)
        typos = [Finding(path, n, sev, msg) for n, sev, msg in typo_problems(digest, known)]
        suggested = {f.line for f in typos if "did you mean" in f.message}
        # A "did you mean" says more than "no such paper" on the same line: say it once.
        findings = [f for f in findings
                    if not (f.line in suggested and "no such paper" in f.message)] + typos
        findings += _image_findings(path, digest, settings)
        findings += _refresh_findings(path, digest, cache)
        findings.sort(key=lambda f: (f.line, order.get(f.severity, 9)))
        reports.append(NoteReport(path, digest, findings))
    return reports


# --- output -----------------------------------------------------------------------------------


escape_data = gh_data  # GitHub workflow-command escaping, kept under the old names
escape_property = gh_property


def github_annotation(finding: Finding) -> str:
    props = ",".join([f"file={escape_property(finding.path)}", f"line={finding.line}",
                      f"title={escape_property('digestwiki lint')}"])
    return f"::{finding.severity} {props}::{escape_data(finding.message)}"


def describe(report: NoteReport) -> list[str]:
    """What the wiki will create from the note, for a person reading a terminal or CI log."""
    d = report.digest
    date = d.date or "unknown"
    if d.date_inferred:
        date += " (guessed from arXiv ids)"
    out = [f"{report.path}  [{d.shape}]", f"  date:   {date}", f"  title:  {d.title}"]
    if d.tags:
        out.append(f"  tags:   {', '.join(d.tags)}")
    out.append(f"  reviews {len(d.entries)} paper{'s' if len(d.entries) != 1 else ''}"
               + (" (line, id, title):" if d.entries else ""))
    for e in d.entries:
        label = f" ({e.label})" if e.label else ""
        title = e.title or "(no title found)"
        out.append(f"    {e.line:>4}  {e.id:<24} {title}{label}")
    lines: dict[str, list[str]] = {}
    for m in d.mentions:
        lines.setdefault(m.id, []).append(str(m.line))
    out.append(f"  mentions {len(lines)} paper{'s' if len(lines) != 1 else ''}"
               + (" (id, line):" if lines else ""))
    items = [f"{pid} ({', '.join(at)})" for pid, at in lines.items()]
    out += textwrap.wrap(", ".join(items), width=96, initial_indent="    ",
                         subsequent_indent="    ", break_on_hyphens=False)
    return out


def totals(reports: Sequence[NoteReport]) -> dict[str, int]:
    counts = {s: 0 for s in SEVERITIES}
    for r in reports:
        for f in r.findings:
            counts[f.severity] = counts.get(f.severity, 0) + 1
    return counts


def _summary(reports: Sequence[NoteReport]) -> str:
    c = totals(reports)
    papers = sum(len(r.digest.entries) for r in reports)
    notes = f"{len(reports)} note{'s' if len(reports) != 1 else ''}"
    return (f"{notes}, {papers} reviewed paper{'s' if papers != 1 else ''}: "
            f"{c['error']} error(s), {c['warning']} warning(s), {c['notice']} notice(s)")


def render(reports: Sequence[NoteReport], fmt: str) -> str:
    """The whole report in one format. 'github' is the text report plus one annotation per
    finding: the runner hides the `::` lines from the log and pins them to the diff."""
    if fmt == "json":
        notes = []
        for r in reports:
            data = digest_summary(r.digest)
            data["problems"] = [{"line": f.line, "severity": f.severity, "message": f.message}
                                for f in r.findings]
            notes.append(data)
        return json.dumps({"notes": notes, "totals": totals(reports)},
                          ensure_ascii=False, indent=2) + "\n"
    out: list[str] = []
    for r in reports:
        out += describe(r)
        out += [f.text() for f in r.findings]
        out.append("")
    out.append(_summary(reports))
    if fmt == "github":
        # The runner reads every line of the log: no note title or file name may start (or
        # smuggle in, after a line break) a workflow command such as ::add-mask::.
        out = [gh_log_line(line) for line in out]
        out += [github_annotation(f) for r in reports for f in r.findings]
    return "\n".join(out) + "\n"


def _run(args: argparse.Namespace) -> int:
    from .metadata.cache import CacheError, load_cache

    settings = settings_for(args.config)
    try:
        paths, skipped = select_files(args.files, settings) if args.files else (None, [])
    except MissingFile as exc:
        print(f"digestwiki lint: {exc}: no such file", file=sys.stderr)
        return 2
    for name in skipped:
        print(f"digestwiki lint: {name}: not a note (the wiki does not read it), skipped",
              file=sys.stderr)
    try:
        cache = load_cache(settings.cache_file)
    except CacheError as exc:
        print(f"digestwiki lint: {exc}", file=sys.stderr)
        return 2
    try:
        reports = lint_notes(paths, settings, cache)
    except RegistryError as exc:
        print(f"digestwiki lint: {exc}", file=sys.stderr)
        return 2
    if paths is None and not reports:
        where = settings.docs_dir / settings.digests_dir
        print(f"digestwiki lint: no notes found in {where}", file=sys.stderr)
    sys.stdout.write(render(reports, args.format))
    c = totals(reports)
    if c["error"] or (args.strict and c["warning"]):
        return 1
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "lint", help="check notes and show what the wiki will make of them",
        description="Show what the wiki will create from each note (date, title, reviewed "
                    "papers, mentions) and its problems as PATH:LINE: SEVERITY: MESSAGE. "
                    "Exits 1 when there is an error, 2 when a file or the config is missing.")
    p.add_argument("files", nargs="*", metavar="FILE",
                   help="notes or folders to check (default: every note of the wiki)")
    p.add_argument("--format", choices=FORMATS, default="text",
                   help="text (default), github (text plus annotations) or json")
    p.add_argument("--config", metavar="MKDOCS_YML", default=None,
                   help="the wiki's mkdocs.yml (default: ./mkdocs.yml, else built-in defaults)")
    p.add_argument("--strict", action="store_true", help="warnings fail too (exit 1)")
    p.set_defaults(func=_run)

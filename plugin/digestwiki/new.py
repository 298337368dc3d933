"""`digestwiki new`: start a dated note from a template, in the shape the contributor prefers.

The file lands where the wiki reads notes (docs/<digests_dir>/YYYY-MM-DD-<slug>.<txt|md>), so
its date comes from its name. The template holds guidance but no paper link: a fresh note
reports "no paper found" until the contributor adds the papers they review. In Markdown the
guidance is an HTML comment (never shown, may stay); in plain text it is fenced by markers
that `digestwiki lint` reports until they are deleted, so it never reaches the wiki.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from importlib import resources
from pathlib import Path
from string import Template

from anyascii import anyascii

from .lint import settings_for
from .sources import find_sources

SHAPES = {"plaintext": ".txt", "markdown": ".md", "jekyll": ".md"}
TEMPLATES = {"plaintext": "plaintext.txt", "markdown": "markdown.md", "jekyll": "jekyll.md"}
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def iso_date(value: str) -> dt.date:
    """argparse type: a real calendar date written YYYY-MM-DD."""
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date written YYYY-MM-DD") from None


def slug_arg(value: str) -> str:
    """argparse type: lowercase ASCII words joined by '-', safe in a file name and a URL."""
    if not _SLUG.match(value):
        raise argparse.ArgumentTypeError(
            f"{value!r}: use lowercase letters, digits and '-' (e.g. late-july-papers)")
    return value


def slugify(title: str, limit: int = 60) -> str:
    """A file-name slug from a title in any script (Korean is romanised)."""
    text = re.sub(r"[^a-z0-9]+", "-", anyascii(title).lower()).strip("-")
    if len(text) > limit:
        text = text[:limit].rsplit("-", 1)[0]
    return text or "notes"


def default_title(date: dt.date) -> str:
    return f"{date.year}년 {date.month}월 {date.day}일 논문 노트"


def _yaml_string(value: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar: safe whatever the title holds.
    return json.dumps(value, ensure_ascii=False)


def render_note(shape: str, date: dt.date, title: str | None, path: str) -> str:
    """The text of a new note; ``path`` is shown in the guidance's lint command."""
    template = Template(
        resources.files("digestwiki").joinpath("templates", "new", TEMPLATES[shape])
        .read_text(encoding="utf-8"))
    front = ""
    if shape == "jekyll":
        heading = _yaml_string(title or default_title(date))
        front = "\n".join(["---", "layout: post", f"title: {heading}", f"date: {date.isoformat()}",
                           'description: ""', "comments: true", "---", ""])
    elif shape == "plaintext" and title:
        # Plain text has no heading: a given title goes in front matter; without one the
        # wiki titles the note from its file name.
        front = "\n".join(["---", f"title: {_yaml_string(title)}", "---", ""])
    return template.substitute(front_matter=front, title=title or default_title(date), path=path)


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _run(args: argparse.Namespace) -> int:
    settings = settings_for(args.config)
    date: dt.date = args.date or dt.date.today()
    slug = args.slug or (slugify(args.title) if args.title else "notes")
    folder = settings.docs_dir / settings.digests_dir
    path = folder / f"{date.isoformat()}-{slug}{SHAPES[args.shape]}"
    shown = _shown(path)
    if path.exists():
        print(f"digestwiki new: {shown} already exists; pick another --slug or edit that note",
              file=sys.stderr)
        return 1
    same_day = [s.repo_path for s in find_sources(settings.docs_dir, settings.digests_dir,
                                                  settings.root)
                if s.path.name.startswith(date.isoformat())]
    text = render_note(args.shape, date, args.title, shown)
    folder.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as fh:  # "x": never overwrite
        fh.write(text)
    print(shown)
    print(f"digestwiki new: created a {args.shape} note dated {date.isoformat()}. Add the papers "
          f"you review, then check it with: digestwiki lint {shown}", file=sys.stderr)
    if args.shape == "plaintext":
        print("digestwiki new: delete the guide block between the [digestwiki new] markers "
              "when you are done (lint reports it until then)", file=sys.stderr)
    if same_day:
        print(f"digestwiki new: note that {', '.join(same_day)} has this date too "
              "(lint will warn; consider adding to it instead)", file=sys.stderr)
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "new", help="create a dated note from a template",
        description="Create docs/<digests>/YYYY-MM-DD-<slug>.<txt|md> from a template and "
                    "print its path. Never overwrites a file.")
    p.add_argument("--shape", choices=list(SHAPES), default="markdown",
                   help="plaintext (.txt), markdown (.md, the default) or jekyll (.md post)")
    p.add_argument("--date", type=iso_date, default=None, metavar="YYYY-MM-DD",
                   help="the note's date (default: today)")
    p.add_argument("--title", default=None, help="the note's title (default: a dated one)")
    p.add_argument("--slug", type=slug_arg, default=None,
                   help="the file name after the date (default: from the title, else 'notes')")
    p.add_argument("--config", metavar="MKDOCS_YML", default=None,
                   help="the wiki's mkdocs.yml (default: ./mkdocs.yml, else built-in defaults)")
    p.set_defaults(func=_run)

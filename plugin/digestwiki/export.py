"""`digestwiki generate --out DIR`: the wiki as a plain docs folder, for generators without plugins.

Zensical (and any tool that reads Markdown pages from a folder) runs no MkDocs plugin, so it
gets the wiki's pages as files: every file of docs/ except the notes, plus every page and
file :func:`digestwiki.generate.generate` makes, the same records the plugin hands MkDocs.

A digest page holds the note's own Markdown and HTML, which the plugin passes through the
allowlist sanitizer after MkDocs renders it. Another generator would render that HTML
unchecked, so here a digest page's body is rendered with Python-Markdown (the site's
extensions, links made final as MkDocs makes them) and sanitized, and the page carries that
HTML. A URL in a generated page's HTML is then written relative to the page's source file,
as a Markdown link is: Zensical resolves every relative URL that way, raw HTML included (a
link MkDocs leaves alone, ``../../papers/x/`` from ``digests/d/``, would gain a level).

The folder is written next to DIR and swapped in whole: a failed run leaves DIR as it was,
and a folder this command did not write is never replaced.

What the plugin adds to a finished page (citation meta tags, the feed link and the index
script's strings in the head; a digest's edit link to its note) goes into each generated
page's front matter, under its ``digestwiki`` key (``head``, ``edit_url``), for a theme
override to print: the repository's ``zensical-theme/`` does it for Zensical.
"""

from __future__ import annotations

import argparse
import os
import posixpath
import re
import shutil
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import yaml

from .config import Settings, load_settings

STAMP = ".digestwiki-generated"  # in a folder this command wrote (and may replace)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_URL_ATTR = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
# libyaml where it is there (one front matter per generated page), else the Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class ExportError(Exception):
    """A request the command refuses, said in one line."""


def _site(config_file: Path) -> tuple[Any, Any]:
    """(SiteInfo, MkDocs config): what mkdocs.yml says, read by MkDocs' own loader."""
    from mkdocs.config import load_config

    from .generate import SiteInfo
    from .i18n import language_of

    config = load_config(str(config_file))
    site = SiteInfo(config.site_name, config.site_url, config.site_description,
                    config.use_directory_urls, language_of(config.theme))
    return site, config


def _check_out(out: Path, settings: Settings) -> None:
    out = out.resolve()
    docs = settings.docs_dir.resolve()
    if out == docs or docs.is_relative_to(out) or out.is_relative_to(docs):
        raise ExportError(f"{out}: the output folder must be outside {docs} (and not hold it); "
                          "the build never writes into docs/")
    if out.exists() and (not out.is_dir() or (any(out.iterdir())
                                              and not (out / STAMP).exists())):
        raise ExportError(f"{out}: exists and was not written by `digestwiki generate`; "
                          "choose a new or empty folder")


def _hand_written(settings: Settings) -> dict[str, Path]:
    """Files of docs/ that are not notes, by their path in docs/ (symlinks out of the
    repository are left out, as the build leaves them out)."""
    from .safety import outside
    from .sources import is_note_name

    found: dict[str, Path] = {}
    digests = settings.digests_dir + "/"
    for path in sorted(settings.docs_dir.rglob("*")):
        if not path.is_file():
            continue
        src = path.relative_to(settings.docs_dir).as_posix()
        if src.startswith(digests) and is_note_name(src):
            continue
        if any(part.startswith(".") for part in src.split("/")) or outside(path, settings.root):
            continue
        found[src] = path
    return found


class _FinalLinks:
    """Python-Markdown treeprocessor: relative links and images as MkDocs makes them (a
    ``.md`` target becomes its page's URL, relative to the page's own URL)."""

    def __init__(self, src: str, use_directory_urls: bool) -> None:
        from .links import Linker

        self.src = src
        self.linker = Linker(src, use_directory_urls)

    def final(self, url: str) -> str:
        if not url or url.startswith(("/", "#", "//")) or _SCHEME.match(url):
            return url
        path, hash_, anchor = url.partition("#")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(self.src), path))
        if target.endswith(".md"):
            return self.linker.html(target, anchor)
        return self.linker.asset(target) + (hash_ + anchor if hash_ else "")

    def run(self, root: ET.Element) -> None:
        for el in root.iter():
            for attr in ("href", "src"):
                if el.get(attr) is not None:
                    el.set(attr, self.final(el.get(attr) or ""))


def _split_front(text: str) -> tuple[str, str]:
    """(front matter with its ``---`` lines, body) of a generated page."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[: end + 5], text[end + 5:]
    return "", text


def _from_source(html: str, src: str, use_directory_urls: bool) -> str:
    """``html``'s relative URLs, meant from the page's URL (as MkDocs serves them), written
    from the page's source file instead (see the module docstring). The HTML is ours or
    sanitized: its attributes are double-quoted."""
    from .links import page_url

    here = page_url(src, use_directory_urls)
    base = here.rstrip("/") if here.endswith("/") or not here else posixpath.dirname(here)
    src_dir = posixpath.dirname(src)
    if base == src_dir:
        return html

    def move(m: re.Match[str]) -> str:
        url = m.group(2)
        if not url or url.startswith(("/", "#", "//")) or _SCHEME.match(url):
            return m.group(0)
        path, hash_, anchor = url.partition("#")
        target = posixpath.normpath(posixpath.join(base, path))
        rel = posixpath.relpath(target, src_dir or ".")
        if path.endswith("/") and not rel.endswith("/"):
            rel += "/"
        return m.group(1) + rel + hash_ + anchor + m.group(3)

    return _URL_ATTR.sub(move, html)


def _render_digest(text: str, src: str, config: Any) -> str:
    """A digest page as front matter and sanitized HTML (see the module docstring)."""
    import markdown
    from markdown.treeprocessors import Treeprocessor

    from .sanitize import sanitize_note_html

    front, body = _split_front(text)
    links = _FinalLinks(src, config.use_directory_urls)

    class Final(Treeprocessor):
        def run(self, root: ET.Element) -> None:
            links.run(root)

    md = markdown.Markdown(extensions=list(config.markdown_extensions),
                           extension_configs=dict(config.mdx_configs))
    md.treeprocessors.register(Final(md), "digestwiki_final_links", 0)
    html = _from_source(sanitize_note_html(md.convert(body)), src, config.use_directory_urls)
    return f"{front}\n<div class=\"dw-generated\">\n{html}\n</div>\n"


def _with_theme_meta(text: str, head: str, edit_url: str | None) -> str:
    """``text`` (a generated page) with ``head`` and ``edit_url`` in its front matter's
    ``digestwiki`` mapping. The front matter is our own YAML: it is loaded and dumped back as
    it is (its title and tags were escaped once, when it was written)."""
    front, body = _split_front(text)
    data: dict[str, Any] = (yaml.load(front[4:-5], Loader=_LOADER) or {}) if front else {}
    ours = data.get("digestwiki")
    ours = dict(ours) if isinstance(ours, dict) else {}
    ours.pop("edit_url", None)  # only what this function writes is ever printed raw
    ours["head"] = head
    if edit_url:
        ours["edit_url"] = edit_url
    data["digestwiki"] = ours
    front = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False,
                      width=10_000)
    return f"---\n{front}---\n{body}"


def _head(src: str, paper: Any, has_feed: bool, layout: Any, feed_title: str,
          strings: str) -> str:
    """What the plugin's ``on_post_page`` puts in a page's ``<head>`` (``reader.finish_page``)."""
    from .feed import FEED_FILE
    from .reader import citation_meta, head_html
    from .readerhtml import strings_script

    feed = layout.linker(src).asset(FEED_FILE) if has_feed else None
    return head_html(citation_meta(paper) if paper else [], feed, feed_title) + "\n" + \
        strings_script(strings)


def write_site(config_file: Path, out: Path) -> list[str]:
    """Generate the wiki of ``config_file`` into ``out``; returns the notes' messages."""
    from .bibtex import load_registry, save_registry
    from .feed import FEED_FILE
    from .generate import generate, note_edit_url
    from .home import HOME_SRC
    from .i18n import js_strings, translator
    from .metadata.cache import load_cache
    from .pipeline import assemble
    from .plugin import REQUIRED_EXTENSIONS
    from .reader import home_markdown, readable_anchors
    from .render import environment
    from .safety import SKIP_KEY, guard_nesting, readable
    from .sources import find_sources, read_source

    settings = load_settings(config_file)
    _check_out(out, settings)
    site, config = _site(config_file)
    for name in REQUIRED_EXTENSIONS:
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
    readable_anchors(config.markdown_extensions, config.mdx_configs)

    notes = [read_source(s, settings.root)
             for s in find_sources(settings.docs_dir, settings.digests_dir, settings.root)]
    messages = [f"{d.source}:{p.line}: {p.message}" for d in notes if d.meta.get(SKIP_KEY)
                for p in d.problems]
    registry = load_registry(settings.keys_file, may_pin=True)
    wiki = assemble(readable(notes), load_cache(settings.cache_file), registry)
    messages += wiki.problems
    messages += [f"{d.source}:{p.line}: {p.message}" for d in wiki.digests for p in d.problems]

    hand = _hand_written(settings)
    generated = generate(wiki, settings, site, lambda src: src in hand)
    outputs = generated.outputs

    def has(src: str) -> bool:
        return src in hand or src in outputs

    feed_title = translator(site.language)("feed.title", site=site.name)
    strings = js_strings(site.language)

    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for src, path in hand.items():
            (tmp / src).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, tmp / src)
        for src, output in outputs.items():
            target = tmp / src
            target.parent.mkdir(parents=True, exist_ok=True)
            if output.copy_of is not None:
                shutil.copyfile(output.copy_of, target)
                continue
            text = output.text or ""
            digest = generated.digest_by_src.get(src)
            if src.endswith(".md"):
                head = _head(src, generated.paper_by_src.get(src), has(FEED_FILE),
                             generated.layout, feed_title, strings)
                edit = note_edit_url(settings, digest.source) if digest is not None else None
                text = _with_theme_meta(text, head, edit)
            if digest is not None:
                text, problem = guard_nesting(text, digest)
                if problem:
                    messages.append(problem)
                text = _render_digest(text, src, config)
            elif src.endswith(".md"):
                front, body = _split_front(text)
                text = front + _from_source(body, src, site.use_directory_urls)
            target.write_text(text, encoding="utf-8")
        home = tmp / HOME_SRC
        if home.is_file():
            env = environment(settings.templates_dir, site.language)
            filled = home_markdown(home.read_text(encoding="utf-8"), wiki, generated.layout, has,
                                   env)
            if filled is not None:
                home.write_text(filled, encoding="utf-8")
        (tmp / STAMP).write_text("written by `digestwiki generate`; replaced on the next run\n",
                                 encoding="utf-8")
        os.chmod(tmp, 0o755)
        _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if wiki.keys != registry:
        save_registry(settings.keys_file, wiki.keys)
    return messages


def _swap(new: Path, out: Path) -> None:
    """Put ``new`` where ``out`` is, replacing a folder this command wrote before."""
    if not out.exists():
        new.rename(out)
        return
    old = out.with_name(f".{out.name}.old")
    if old.exists():
        shutil.rmtree(old)
    out.rename(old)
    new.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def _run(args: argparse.Namespace) -> int:
    from .bibtex import RegistryError
    from .escape import gh_log_line
    from .generate import GenerationError
    from .metadata.cache import CacheError

    try:
        messages = write_site(Path(args.config), Path(args.out))
    except (ExportError, RegistryError, CacheError, GenerationError) as exc:
        print(f"digestwiki: {exc}", file=sys.stderr)
        return 2
    for message in messages:
        print(gh_log_line(message), file=sys.stderr)
    print(f"digestwiki: wrote the wiki's pages to {args.out}")
    if args.strict and messages:
        print(f"digestwiki: {len(messages)} message(s) about the notes; failing (--strict)",
              file=sys.stderr)
        return 1
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("generate", help="write every page of the wiki into a folder, for "
                       "generators that run no plugins (Zensical)")
    p.add_argument("--out", required=True, metavar="DIR",
                   help="the folder to write (new, empty, or written by this command before)")
    p.add_argument("--strict", action="store_true",
                   help="exit 1 when a note has a problem (as `mkdocs build --strict` fails)")
    p.add_argument("-f", "--config", default="mkdocs.yml", metavar="FILE",
                   help="the site's mkdocs.yml (default: ./mkdocs.yml)")
    p.set_defaults(func=_run)

"""Fast previews: after an edit, `mkdocs serve` writes only the pages the edit changed.

MkDocs 1.x renders every page on every save (minutes on a wiki of thousands of notes). In a
*dirty* build it skips each file whose ``is_modified()`` is False and keeps the file the last
build wrote. :func:`dirty_rebuilds` makes the server's rebuilds dirty, and :class:`Preview`
answers ``is_modified()`` from what really changed, so the preview stays exactly what a full
build would show:

- a generated page is written again when its text changed (``generate``'s stamps) or its
  place in the navigation did (previous/next page and their titles, its parent section);
- every page is written again when the sidebar, mkdocs.yml or the theme changed, and after a
  failed build;
- hand-written pages are always written again (a handful; the home page and the tags page
  show data of the whole wiki).

A page not written again keeps its title for its neighbours' footers and its tags for the
tags page. Pages that went away are deleted from the served site, and Pagefind indexes the
site again in the background after each build, so search catches up shortly after the
reload. `mkdocs build` is untouched: always a full, clean build.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from .generate import Generated
from .links import page_url

DIRTY_WARNING = "A 'dirty' build is being performed"


def dirty_rebuilds(server: Any, builder: Callable[..., Any]) -> bool:
    """Make the live-reload server's rebuilds dirty builds (the first build stays clean).

    MkDocs (and ProperDocs, its continuation) build through the ``build`` function of the
    module that defines the server's builder; while a rebuild runs, that name answers with a
    dirty build. ``mkdocs serve --clean`` (which builds as for publishing) is left alone.
    False when the server is not one this works with.
    """
    module = sys.modules.get(getattr(builder, "__module__", "") or "")
    real = getattr(module, "build", None)
    if module is None or real is None or not hasattr(server, "builder"):
        return False
    quiet = _DropDirtyWarning()
    logging.getLogger(getattr(real, "__module__", "mkdocs.commands.build")).addFilter(quiet)

    def dirty_build(config: Any, *, serve_url: str | None = None, dirty: bool = False) -> Any:
        return real(config, serve_url=serve_url, dirty=dirty or serve_url is not None)

    def rebuild(*args: Any, **kwargs: Any) -> Any:
        module.build = dirty_build  # type: ignore[attr-defined]
        try:
            return builder(*args, **kwargs)
        finally:
            module.build = real  # type: ignore[attr-defined]

    server.builder = rebuild
    return True


class _DropDirtyWarning(logging.Filter):
    """MkDocs warns that a dirty build may show stale navigation; these ones do not (and
    `mkdocs serve --strict` must not fail on the warning)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_WARNING)


@dataclass
class Preview:
    """What the last build of a `mkdocs serve` session wrote, to tell what the next one must."""

    generated: Generated | None = None
    contexts: dict[str, Hashable] = field(default_factory=dict)  # src -> place in the nav
    sidebar: Hashable = None
    config_stamp: Hashable = None
    heads: dict[str, tuple[Hashable, str | None, dict[str, Any]]] = field(default_factory=dict)
    full: bool = True  # this build writes every page
    unchanged: set[str] = field(default_factory=set)  # generated srcs this build skips
    stale: list[str] = field(default_factory=list)  # generated srcs that went away
    indexer: BackgroundIndex | None = None

    def reset(self) -> None:
        """After a failed build nothing is known about the site: the next build is full."""
        self.generated = None
        self.contexts.clear()
        self.sidebar = None

    def start(self, config_file: str | None, theme_dirs: list[str]) -> None:
        """A build begins: a change of mkdocs.yml or of the theme's files makes it full.

        During a rebuild that writes only some pages the cycle collector is off, and collects
        a few seconds after it (:meth:`finish`): the process holds millions of objects, and
        each automatic full collection would walk all of them in the middle of the rebuild."""
        stamp = (_stat(config_file), tuple(_tree_stamp(d) for d in theme_dirs))
        self.full = self.generated is None or stamp != self.config_stamp
        self.config_stamp = stamp
        if self.full:  # renders every page: its garbage is collected as it goes
            gc.enable()
        else:
            gc.disable()

    def files(self, files: Any, generated: Generated) -> None:
        """The build's files are known: each answers ``is_modified()`` from here on."""
        self.unchanged = set() if self.full else \
            {src for src in generated.outputs if src not in generated.changed}
        for file in files:
            if file.src_uri in generated.outputs:
                file.is_modified = partial(self.modified, file.src_uri)
            elif file.is_documentation_page():
                file.is_modified = _always
        before = self.generated.outputs if self.generated is not None else {}
        self.stale = [src for src in before if src not in generated.outputs]
        self.generated = generated

    def modified(self, src: str) -> bool:
        return self.full or src not in self.unchanged

    def nav(self, nav: Any, files: Any) -> list[Any]:
        """The navigation is final: a new sidebar makes the build full; a page whose
        neighbours changed is written again. Returns the pages this build does not write;
        those a written page shows (footer, sidebar) get their titles here, as MkDocs reads
        titles only from the pages it reads."""
        sidebar = self.sidebar_of(nav.items)
        if sidebar != self.sidebar:
            self.full = True
        self.sidebar = sidebar
        contexts: dict[str, Hashable] = {}
        pages = [f.page for f in files.documentation_pages() if f.page is not None]
        for page in pages:
            context = (self.version(page.previous_page), self.version(page.next_page),
                       _section(page.parent))
            src = page.file.src_uri
            contexts[src] = context
            if self.contexts.get(src) != context:
                self.unchanged.discard(src)
        self.contexts = contexts
        kept = [page for page in pages if not page.file.is_modified()]
        if kept:
            shown = [n for page in pages if page.file.is_modified()
                     for n in (page.previous_page, page.next_page)] + _pages(nav.items)
            for page in shown:
                if page is not None and not page.file.is_modified():
                    page.title = self.title(page)
        return kept

    def version(self, page: Any) -> Hashable:
        """What a page's title is read from: its generated text (the very object, kept while
        unchanged) or its file."""
        if page is None or getattr(page, "file", None) is None:
            return None
        src = page.file.src_uri
        output = self.generated.outputs.get(src) if self.generated else None
        if output is not None and output.text is not None:
            return (src, id(output.text))
        return (src, _stat(page.file.abs_src_path))

    def sidebar_of(self, items: list[Any]) -> Hashable:
        """The sidebar's shape: every item's title and target, nested."""
        out = []
        for item in items:
            file = getattr(item, "file", None)
            children = getattr(item, "children", None)
            title = self.title(item) if file is not None else getattr(item, "title", None)
            out.append((type(item).__name__, title,
                        file.src_uri if file is not None else getattr(item, "url", None),
                        self.sidebar_of(children) if children else None))
        return tuple(out)

    def title(self, page: Any) -> str | None:
        """A page's title as MkDocs gives it (front matter, else the first heading)."""
        head = self.head(page)
        if head is not None:
            return head[0]
        path = getattr(page.file, "abs_src_path", None)
        if path and page.file.is_documentation_page():  # a hand-written page: read it
            key = _stat(path)
            cached = self.heads.get(page.file.src_uri)
            if cached is None or cached[0] != key:
                from mkdocs.utils import get_markdown_title
                from mkdocs.utils.meta import get_data

                try:
                    markdown, meta = get_data(Path(path).read_text(encoding="utf-8-sig"))
                except (OSError, UnicodeDecodeError):
                    markdown, meta = "", {}
                title = meta.get("title") if isinstance(meta.get("title"), str) else None
                cached = (key, title or get_markdown_title(markdown), meta)
                self.heads[page.file.src_uri] = cached
            if cached[1] is not None:
                return cached[1]
        return getattr(page, "title", None)

    def meta(self, page: Any) -> dict[str, Any]:
        """A generated page's front matter, when it tells tags ({} otherwise, and for other
        pages): what the tags plugin reads."""
        output = self.generated.outputs.get(page.file.src_uri) if self.generated else None
        if output is not None and output.text is not None and \
                "tags" not in output.text[:output.text.find("\n---\n", 3) + 1]:
            return {}  # no tags to tell (reading 16,000 pages' YAML took seconds)
        head = self.head(page)
        return head[1] if head is not None else {}

    def head(self, page: Any) -> tuple[str | None, dict[str, Any]] | None:
        from mkdocs.utils import get_markdown_title

        output = self.generated.outputs.get(page.file.src_uri) if self.generated else None
        if output is None or output.text is None:
            return None
        key = id(output.text)  # an unchanged page keeps its very text object
        cached = self.heads.get(page.file.src_uri)
        if cached is not None and cached[0] == key:
            return cached[1], cached[2]
        markdown, meta = front_matter(output.text)
        title = meta.get("title") if isinstance(meta.get("title"), str) else None
        if title is None:
            title = get_markdown_title(markdown)
        self.heads[page.file.src_uri] = (key, title, meta)
        return title, meta

    def finish(self, site_dir: str, use_directory_urls: bool, pagefind: Path | None) -> None:
        """The build is written: delete the pages that went away, index search again."""
        for src in self.stale:
            url = page_url(src, use_directory_urls) if src.endswith(".md") else src
            if url.endswith("/") or not url:
                url += "index.html"
            path = os.path.join(site_dir, *url.split("/"))
            try:
                os.remove(path)
            except FileNotFoundError:
                continue
            parent = os.path.dirname(path)
            while parent.startswith(site_dir) and parent != site_dir:
                try:
                    os.rmdir(parent)  # only when empty
                except OSError:
                    break
                parent = os.path.dirname(parent)
        self.stale = []
        collect = threading.Timer(3.0, gc.collect)  # after the browser has reloaded
        collect.daemon = True
        collect.start()
        if pagefind is not None:
            if self.indexer is None:
                self.indexer = BackgroundIndex(pagefind)
            self.indexer.request(site_dir)


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def front_matter(text: str) -> tuple[str, dict[str, Any]]:
    """(Markdown, front matter) of a generated page, read as MkDocs reads it (libyaml: the
    preview reads thousands of them)."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 3)
        if end != -1:
            try:
                meta = yaml.load(text[4:end], Loader=_LOADER)  # noqa: S506 (a safe loader)
            except yaml.YAMLError:
                meta = None
            if isinstance(meta, dict):
                return text[end + 5:], meta
    return text, {}


def collect_tags(kept: list[Any], preview: Preview, config: Any, files: Any) -> None:
    """Material's tags plugin gathers the tags page from the pages it sees being read; a page
    this build does not read is shown to it with its front matter, as a build would."""
    tags = [p for p in getattr(config, "plugins", {}).values()
            if type(p).__module__.startswith("material.plugins.tags")]
    if not tags:
        return
    for page in kept:
        meta = preview.meta(page)
        if not meta.get("tags"):
            continue
        page.meta = dict(meta)
        for plugin in tags:
            plugin.on_page_markdown("", page=page, config=config, files=files)


def _always() -> bool:
    return True


def _section(item: Any) -> Hashable:
    """A page's parents, by title (a section's index page by its source)."""
    if item is None:
        return None
    file = getattr(item, "file", None)
    return (file.src_uri if file is not None else getattr(item, "title", None),
            _section(getattr(item, "parent", None)))


def _pages(items: list[Any]) -> list[Any]:
    """Every page the sidebar links, nested sections included."""
    out = []
    for item in items:
        if getattr(item, "file", None) is not None:
            out.append(item)
        out += _pages(getattr(item, "children", None) or [])
    return out


def _stat(path: str | None) -> Hashable:
    try:
        st = os.stat(path) if path else None
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size) if st else None


def _tree_stamp(folder: str) -> Hashable:
    """The newest modification time under ``folder`` (a theme's templates and overrides)."""
    newest = 0
    for dirpath, _, names in os.walk(folder):
        for name in names:
            try:
                newest = max(newest, os.stat(os.path.join(dirpath, name)).st_mtime_ns)
            except OSError:
                continue
    return (folder, newest)


class BackgroundIndex:
    """Pagefind over the served site, one run at a time, in a thread: the preview reloads
    without waiting for it, and a run asked for while one is going happens right after."""

    def __init__(self, binary: Path) -> None:
        self.binary = binary
        self.lock = threading.Lock()
        self.wanted: str | None = None
        self.thread: threading.Thread | None = None

    def request(self, site_dir: str) -> None:
        with self.lock:
            self.wanted = site_dir
            if self.thread is not None and self.thread.is_alive():
                return
            self.thread = threading.Thread(target=self._run, name="digestwiki-pagefind",
                                           daemon=True)
            self.thread.start()

    def _run(self) -> None:
        from .search import run_pagefind

        while True:
            with self.lock:
                site_dir, self.wanted = self.wanted, None
                if site_dir is None:
                    self.thread = None
                    return
            run_pagefind(site_dir, self.binary)

    def wait(self) -> None:
        thread = self.thread
        if thread is not None:
            thread.join()

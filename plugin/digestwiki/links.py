"""Where generated pages live, and links between them, without asking MkDocs.

Markdown links point at ``.md`` source paths (MkDocs resolves and validates them); raw HTML
needs the final URL, relative to the page it sits on.
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The site-relative URL MkDocs gives a Markdown page (``papers/x.md`` -> ``papers/x/``)."""
    stem, _ = posixpath.splitext(src_uri)
    if not use_directory_urls:
        return stem + ".html"
    if posixpath.basename(stem) in ("index", "README"):
        parent = posixpath.dirname(stem)
        return parent + "/" if parent else ""
    return stem + "/"


def relpath(path: str, start: str = ".") -> str:
    """``posixpath.relpath`` for the site's relative paths, without its two ``abspath`` calls
    (a ``getcwd`` each): a build makes one link per row of every generated page. Paths that
    are absolute or climb out of the site take ``posixpath.relpath`` itself."""
    if not path or path.startswith("/") or start.startswith("/") or ".." in start + path:
        return posixpath.relpath(path, start)
    to, here = _parts(path), _parts(start)
    common = 0
    for a, b in zip(to, here, strict=False):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(here) - common) + list(to[common:])
    return "/".join(parts) if parts else "."


@functools.lru_cache(maxsize=1 << 17)
def _parts(path: str) -> tuple[str, ...]:
    """A relative path's parts, normalised. Remembered: the same few folders and pages are
    linked from every row of every index page (a quarter of a build's link time)."""
    return tuple(part for part in posixpath.normpath(path).split("/") if part != ".")


def relative(target: str, base_dir: str) -> str:
    rel = relpath(target or ".", base_dir or ".")
    if target.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return rel


@dataclass(frozen=True)
class Linker:
    """Links as seen from one page (``src_uri`` is that page's source path)."""

    src_uri: str
    use_directory_urls: bool = True

    def md(self, target_src: str, anchor: str = "") -> str:
        """A Markdown link target to another page's source file."""
        rel = relpath(target_src, posixpath.dirname(self.src_uri) or ".")
        return rel + (f"#{anchor}" if anchor else "")

    def html(self, target_src: str, anchor: str = "") -> str:
        """A URL for raw HTML, relative to this page's own URL."""
        here = page_url(self.src_uri, self.use_directory_urls)
        base = here if here.endswith("/") or not here else posixpath.dirname(here)
        target = page_url(target_src, self.use_directory_urls)
        rel = relative(target, base.rstrip("/"))
        if rel == "./":
            rel = "./"
        return rel + (f"#{anchor}" if anchor else "")

    def asset(self, target_path: str) -> str:
        """A URL for a static file (image) of the docs folder, from this page."""
        here = page_url(self.src_uri, self.use_directory_urls)
        base = here if here.endswith("/") or not here else posixpath.dirname(here)
        return relpath(target_path, base.rstrip("/") or ".")

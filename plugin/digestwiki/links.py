"""Where generated pages live, and links between them, without asking MkDocs.

Markdown links point at ``.md`` source paths (MkDocs resolves and validates them); raw HTML
needs the final URL, relative to the page it sits on.
"""

from __future__ import annotations

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


def relative(target: str, base_dir: str) -> str:
    rel = posixpath.relpath(target or ".", base_dir or ".")
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
        rel = posixpath.relpath(target_src, posixpath.dirname(self.src_uri) or ".")
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
        return posixpath.relpath(target_path, base.rstrip("/") or ".")

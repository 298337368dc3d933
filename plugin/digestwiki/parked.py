"""Generated pages' HTML parked, compressed, from their conversion until their template runs;
generated data files waiting on disk instead of in memory.

MkDocs converts every page's Markdown before it renders any template (the navigation needs
every title), so it holds every page's HTML at once: about a third of a 30,000-paper build's
memory. A paper page's HTML is read again only by its own template, so between the two it
waits here as zlib bytes (a fifth of the size; compressing and inflating cost about 0.1 ms a
page). So does its table of contents (pickled: 40 MB of small objects at 30,000 papers). A
page's Markdown is not needed at all once converted.

Used by the plugin's hooks: :meth:`Parked.park` in ``on_page_content`` (its return value
becomes ``page.content``), :meth:`Parked.take` in ``on_page_context``; :func:`spill` once
the pages are generated.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Iterable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc


class Parked:
    """Pages' HTML and tables of contents by source path, compressed. One per build."""

    def __init__(self) -> None:
        self._html: dict[str, bytes] = {}

    def park(self, page: Page, html: str) -> str:
        """Keep ``html`` and the page's table of contents compressed; returns the placeholder
        MkDocs holds instead (empty; the page's table of contents is empty too)."""
        self._html[page.file.src_uri] = zlib.compress(
            pickle.dumps((html, page.toc), pickle.HIGHEST_PROTOCOL), 1)
        page.toc = get_toc([])
        return ""

    def take(self, page: Page) -> bool:
        """Give ``page`` back its HTML and table of contents, if parked (then forgotten)."""
        data = self._html.pop(page.file.src_uri, None)
        if data is None:
            return False
        page.content, page.toc = pickle.loads(zlib.decompress(data))  # noqa: S301 (our own)
        return True

    def __len__(self) -> int:
        return len(self._html)


def spill(files: Files, config: MkDocsConfig, srcs: Iterable[str], folder: Path) -> None:
    """The generated data files among ``srcs`` (papers.json, the .bib files, the feed) wait in
    ``folder`` until MkDocs copies them into the site, after every page is converted: as
    texts they would be held through the whole build (papers.json alone is 100 MB at 30,000
    papers). A file MkDocs reads as a page, or one already on disk, stays as it is."""
    for src in srcs:
        file = files.get_file_from_path(src)
        if file is None or file.abs_src_path is not None or file.is_documentation_page():
            continue
        path = folder / src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(file.content_bytes)
        files.remove(file)
        files.append(File.generated(config, src, abs_src_path=str(path),
                                    inclusion=file.inclusion))

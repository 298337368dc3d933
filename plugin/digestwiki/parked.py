"""Generated pages' text packed until MkDocs reads it, and their HTML parked, compressed, from
their conversion until their template runs; freed memory handed back to the system.

MkDocs converts every page's Markdown before it renders any template (the navigation needs
every title), so it holds every page's HTML at once: about a third of a 30,000-paper build's
memory. A paper page's HTML is read again only by its own template, so between the two it
waits here as zlib bytes (a fifth of the size; compressing and inflating cost about 0.1 ms a
page). So does its table of contents (pickled: 40 MB of small objects at 30,000 papers). A
page's Markdown is not needed at all once converted.

Used by the plugin's hooks: :meth:`Parked.park` in ``on_page_content`` (its return value
becomes ``page.content``), :meth:`Parked.take` in ``on_page_context``; :func:`give_back` once
the pages are generated and before Pagefind writes its index; :func:`packed_page` for a page
``generate`` packed (its ``folder``: data files wait there on disk).
"""

from __future__ import annotations

import ctypes
import functools
import pickle
import zlib
from collections.abc import Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel
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


class PackedPage(File):
    """A generated page whose text is held compressed (UTF-8 and zlib) until MkDocs, or any
    plugin, reads it: a subclass, because MkDocs and other plugins read ``content_string``
    directly. Setting the content releases the packed text."""

    packed: bytes = b""

    @property
    def content_bytes(self) -> bytes:
        return zlib.decompress(self.packed) if self._content is None else super().content_bytes

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self.packed = b""
        File.content_bytes.fset(self, value)  # type: ignore[attr-defined]

    @property
    def content_string(self) -> str:
        if self._content is None:
            return zlib.decompress(self.packed).decode("utf-8", "surrogatepass")
        return super().content_string

    @content_string.setter
    def content_string(self, value: str) -> None:
        self.packed = b""
        File.content_string.fset(self, value)  # type: ignore[attr-defined]

    def is_modified(self) -> bool:
        return True


def packed_page(config: MkDocsConfig, src: str, packed: bytes,
                inclusion: InclusionLevel) -> PackedPage:
    """The page ``src`` of the build, its text ``packed`` (see :class:`PackedPage`)."""
    file = PackedPage.generated(config, src, content="", inclusion=inclusion)
    assert isinstance(file, PackedPage)
    file._content = None  # read from the packed text
    file.packed = packed
    return file


def give_back() -> None:
    """Hand the memory Python has freed back to the system (glibc's ``malloc_trim``).

    Freed texts and objects of the build's busy stretches stay with the process otherwise:
    at 30,000 papers its size after the last page is 1,007 MB, 650 MB after this, and
    Pagefind's own peak comes on top. Elsewhere (no glibc) it does nothing."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL(None).malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError):
        return None

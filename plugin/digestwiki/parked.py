"""Generated pages' HTML parked, compressed, from their conversion until their template runs.

MkDocs converts every page's Markdown before it renders any template (the navigation needs
every title), so it holds every page's HTML at once: about a third of a 30,000-paper build's
memory. A paper page's HTML is read again only by its own template, so between the two it
waits here as zlib bytes (a fifth of the size; compressing and inflating cost about 0.1 ms a
page). A page's Markdown is not needed at all once converted.

Used by the plugin's hooks: :meth:`Parked.park` in ``on_page_content`` (its return value
becomes ``page.content``), :meth:`Parked.take` in ``on_page_context``.
"""

from __future__ import annotations

import zlib


class Parked:
    """HTML by page source path, compressed. One per build."""

    def __init__(self) -> None:
        self._html: dict[str, bytes] = {}

    def park(self, src: str, html: str) -> str:
        """Keep ``html`` compressed; returns the placeholder MkDocs holds instead (empty)."""
        self._html[src] = zlib.compress(html.encode("utf-8"), 1)
        return ""

    def take(self, src: str) -> str | None:
        """The HTML parked for ``src`` (then forgotten), or None when none was."""
        data = self._html.pop(src, None)
        return None if data is None else zlib.decompress(data).decode("utf-8")

    def __len__(self) -> int:
        return len(self._html)

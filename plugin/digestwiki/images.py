"""Images a note refers to that the repository does not have.

A post copied from a Jekyll blog keeps
``<img src="{{ '/assets/img/x.PNG' | prepend: site.baseurl }}">`` while its images stay
behind; the page shows the caption instead, and the contributor should hear which file is
missing and where, once per note (not once per image, not once per build stage). Used by
``digestwiki lint``; the build can log the same message::

    from digestwiki.images import missing_images, message
    gaps = missing_images(digest, lambda path: (docs_dir / path).is_file())
    if gaps:
        log.info(message(digest.source, gaps))

Paths are site paths relative to docs/ (``assets/img/x.PNG``), as ``exists`` receives them.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass

from .model import Digest

# Jekyll/Liquid: {{ '/assets/img/x.png' | prepend: site.baseurl }} (or relative_url, absolute_url)
_LIQUID = re.compile(r"\{\{\s*['\"]([^'\"]+)['\"]\s*\|[^}]*\}\}")
# Markdown ![alt](path "title") and HTML <img src="path">
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^)]*)?\)")
_HTML_IMG = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.IGNORECASE)
_IMAGE_SUFFIX = re.compile(r"\.(?:png|jpe?g|gif|svg|webp|bmp|avif)$", re.IGNORECASE)


@dataclass(frozen=True)
class MissingImage:
    path: str  # site path relative to docs/, e.g. "assets/img/x.PNG"
    line: int  # the first line of the note that refers to it (1-based, in the file)
    count: int = 1  # how many times the note refers to it


def _site_path(ref: str, note_dir: str) -> str | None:
    ref = ref.split("#", 1)[0].split("?", 1)[0].strip()
    if not ref or _EXTERNAL.match(ref) or "{{" in ref or "{%" in ref:
        return None
    path = ref.lstrip("/") if ref.startswith("/") else posixpath.join(note_dir, ref)
    path = posixpath.normpath(path)
    return None if path.startswith("..") else path


def image_refs(digest: Digest, note_dir: str) -> list[tuple[int, str]]:
    """``(file line, site path)`` of every local image the note refers to, in order.

    ``note_dir`` is the note's folder relative to docs/ (``digests``), against which a
    relative Markdown path is read."""
    refs: list[tuple[int, str]] = []
    for i, line in enumerate(digest.lines):
        number = i + 1 + digest.body_offset
        # Liquid paths are the site's (relative to its root); others, the note's folder's.
        found = [("", m.group(1)) for m in _LIQUID.finditer(line)
                 if _IMAGE_SUFFIX.search(m.group(1).split("?", 1)[0])]
        stripped = _LIQUID.sub("", line)
        found += [(note_dir, m.group(1)) for m in _MD_IMAGE.finditer(stripped)]
        found += [(note_dir, m.group(1)) for m in _HTML_IMG.finditer(stripped)]
        for base, ref in found:
            path = _site_path(ref, base)
            if path:
                refs.append((number, path))
    return refs


def missing_images(digest: Digest, exists: Callable[[str], bool],
                   note_dir: str = "digests") -> list[MissingImage]:
    """Each image the note refers to that ``exists(site path)`` denies, once, at its first line."""
    first: dict[str, int] = {}
    counts: dict[str, int] = {}
    for line, path in image_refs(digest, note_dir):
        first.setdefault(path, line)
        counts[path] = counts.get(path, 0) + 1
    return [MissingImage(path, line, counts[path]) for path, line in first.items()
            if not exists(path)]


def message(source: str, gaps: list[MissingImage], docs: str = "docs") -> str:
    """One line for a note: ``file:line: ...`` naming every missing image with its line."""
    shown = [f"{g.path} (line {g.line}{f', {g.count} times' if g.count > 1 else ''})"
             for g in gaps]
    what = "an image that is" if len(gaps) == 1 else f"{len(gaps)} images that are"
    return (f"{source}:{gaps[0].line}: the note shows {what} not in the repository: "
            f"{', '.join(shown)}; add the file{'s' if len(gaps) > 1 else ''} under "
            f"{docs}/ or drop the reference (the page shows the caption instead)")

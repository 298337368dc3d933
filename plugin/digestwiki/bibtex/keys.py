"""Citation keys: derived deterministically, pinned only through the committed registry.

A key is ``surname + year + first title word that is not a stopword`` (``notin2020sliceout``);
collisions get ``a``, ``b``... A paper gets that final key only when it is pinned in the
registry (``bibkeys.json``) that the repository commits. A build that may not write the
registry (the publishing build, which fetches metadata nobody commits) gives an unpinned
paper its id as a provisional key (``arxiv:2106.09685``): ids never collide with derived keys
(they hold a colon), so no published key can ever be handed to another paper later.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping

from anyascii import anyascii
from pybtex.database import Person

from ..identity import local_id, service, slug
from .entry import Citation, is_complete
from .registry import Registry

STOPWORDS = frozenset(
    """a an the of on in at to for from by with without and or but nor is are was were be
    been being do does did can could should would will shall may might must via vs versus
    towards toward into onto over under than as its it this that these those your our their
    what when where which who whom why how not no yes all any both each few more most other
    some such only own same so too very just up down out off again further then once here
    there about above below between through during before after you we i he she they us
    them me my have has had""".split()
)


def _ascii_word(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", anyascii(text).lower())


@functools.lru_cache(maxsize=1 << 16)  # pybtex's name parser is most of a build's key work
def _surname(name: str) -> str:
    try:
        person = Person(name)
    except Exception:  # pybtex rejects some odd names (unbalanced braces): use the last word
        return _ascii_word((name.split() or [""])[-1])
    parts = person.prelast_names + person.last_names
    return _ascii_word("".join(parts)) if parts else _ascii_word((name.split() or [""])[-1])


@functools.lru_cache(maxsize=1 << 16)
def _words(title: str | None) -> tuple[str, ...]:
    words = [_ascii_word(w) for w in re.split(r"[\s\-–—:/]+", title or "")]
    return tuple(w for w in words if w)


def key_base(citation: Citation) -> str:
    """The key before collision suffixes."""
    words = _words(citation.title)
    content = [w for w in words if w not in STOPWORDS] or words
    year = str(citation.year) if citation.year else ""
    if citation.authors:
        head = _surname(citation.authors[0]) or "anon"
        return f"{head}{year}{content[0] if content else ''}"
    # No author known: key from the title alone, never a made-up author.
    if content:
        return f"{content[0]}{year}{content[1] if len(content) > 1 else ''}"
    return _ascii_word(f"{service(citation.id)}{local_id(citation.id)}")


def export_key(citation: Citation) -> str | None:
    """The key arXiv's and Google Scholar's BibTeX export give (``vaswani2017attention``):
    surname, year, first title word but an article. Kept as an alias readers may search."""
    if not is_complete(citation):
        return None
    words = [w for w in _words(citation.title) if w not in ("a", "an", "the")]
    if not words:
        return None
    return f"{_surname(citation.authors[0])}{citation.year}{words[0]}"


def aliases(citation: Citation, key: str) -> list[str]:
    """Other names a reader may know the paper by: arXiv id, DOI, the export-style key."""
    found: list[str] = []
    if citation.arxiv_id:
        found.append(citation.arxiv_id)
    if citation.doi:
        found.append(citation.doi)
    export = export_key(citation)
    if export:
        found.append(export)
    return [a for i, a in enumerate(found) if a != key and a not in found[:i]]


def _suffixes() -> Iterable[str]:
    """a, b, ..., z, aa, ab, ...: as many as collisions need."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    n = 0
    while True:
        n += 1
        value, word = n, ""
        while value:
            value, rest = divmod(value - 1, 26)
            word = letters[rest] + word
        yield word


def provisional_key(citation: Citation) -> str:
    """A key for a paper without a pinned one: its id, which is honest, stable and never
    taken by a derived key (derived keys have no colon). A web address is no key: a ``url:``
    work uses its short page name."""
    if service(citation.id) == "url":
        return slug(citation.id)
    return re.sub(r"[^A-Za-z0-9.:_\-]", "", citation.id)


def _free(base: str, used: set[str]) -> str:
    """``base`` or the first ``base`` + a, b, ... not taken. BibTeX keys ignore case."""
    key = base
    if key.lower() in used:
        key = next(base + s for s in _suffixes() if (base + s).lower() not in used)
    used.add(key.lower())
    return key


def assign_keys(citations: Iterable[Citation], registry: Mapping[str, str]
                ) -> tuple[Registry, dict[str, str]]:
    """(registry after, keys): registered keys kept; when the registry may be written
    (``Registry.may_pin``, the default), complete new papers are pinned in a deterministic
    order; everything else gets its id as a provisional key.

    The registry keeps old entries even for papers no longer cited, so a retired key is never
    handed to another paper.
    """
    before = registry if isinstance(registry, Registry) else Registry(registry)
    pinned = Registry(before, aliases=dict(before.aliases), may_pin=before.may_pin,
                      path=before.path)
    used = {key.lower() for key in pinned.values()}
    citations = sorted(citations, key=lambda c: c.id)
    if before.may_pin:
        new = sorted((c for c in citations if c.id not in pinned and is_complete(c)),
                     key=lambda c: (c.year or 0, c.id))
        for citation in new:
            pinned[citation.id] = _free(key_base(citation), used)
    keys = {c.id: pinned.get(c.id) or _free(provisional_key(c), used) for c in citations}
    if before.may_pin:
        for citation in citations:
            if citation.id in pinned:
                found = aliases(citation, pinned[citation.id])
                if found:
                    pinned.aliases[citation.id] = found
    return pinned, keys


def unpinned(citations: Iterable[Citation], registry: Mapping[str, str]) -> list[str]:
    """Ids of papers complete enough for a final key that the registry does not pin yet."""
    return sorted(c.id for c in citations if c.id not in registry and is_complete(c))

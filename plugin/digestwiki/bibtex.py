"""Paper -> pybtex Entry -> text, and citation keys that never change once published.

Entries are built with pybtex (never by string concatenation); its writer escapes LaTeX
specials through latexcodec and keeps other text as UTF-8. Keys are
``surname + year + first title word that is not a stopword``
(``notin2020sliceout``); collisions get ``a``, ``b``... and every key handed out is kept
in a registry file committed with the wiki, so adding papers never renames an old one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from anyascii import anyascii
from pybtex.database import BibliographyData, Entry, Person, parse_string
from pybtex.database.output.bibtex import Writer

from .identity import canonical_url, local_id, service
from .metadata.cache import write_atomic

REGISTRY_SCHEMA = 1
STOPWORDS = frozenset(
    """a an the of on in at to for from by with without and or but nor is are was were be
    been being do does did can could should would will shall may might must via vs versus
    towards toward into onto over under than as its it this that these those your our their
    what when where which who whom why how not no yes all any both each few more most other
    some such only own same so too very just up down out off again further then once here
    there about above below between through during before after you we i he she they us
    them me my have has had""".split()
)


class RegistryError(Exception):
    """The key registry exists but cannot be used; the message names the file."""


@dataclass
class Citation:
    """What a BibTeX entry is made from. Unknown values stay None: nothing is invented."""

    id: str
    title: str | None
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    url: str | None = None
    primary_class: str | None = None
    doi: str | None = None
    venue: str | None = None  # booktitle of an accepted conference paper
    venue_year: int | None = None
    journal: str | None = None


# Conference series whose full name a citation should carry as its booktitle.
CONFERENCES = {
    "iclr": "International Conference on Learning Representations",
    "neurips": "Advances in Neural Information Processing Systems",
    "nips": "Advances in Neural Information Processing Systems",
    "icml": "International Conference on Machine Learning",
    "cvpr": "IEEE/CVF Conference on Computer Vision and Pattern Recognition",
    "iccv": "IEEE/CVF International Conference on Computer Vision",
    "eccv": "European Conference on Computer Vision",
    "aaai": "AAAI Conference on Artificial Intelligence",
    "aistats": "International Conference on Artificial Intelligence and Statistics",
    "colm": "Conference on Language Modeling",
    "corl": "Conference on Robot Learning",
    "uai": "Conference on Uncertainty in Artificial Intelligence",
    "acl": "Annual Meeting of the Association for Computational Linguistics",
    "emnlp": "Conference on Empirical Methods in Natural Language Processing",
    "tmlr": "Transactions on Machine Learning Research",
}
_PRESENTATION_WORDS = re.compile(
    r"\b(conference|main|track|poster|oral|spotlight|notable|top|\d+%|accept(ed)?|"
    r"submission|talk|paper|papers)\b", re.IGNORECASE)


def booktitle(venue: str) -> str:
    """``ICLR 2020 Conference Poster`` -> ``International Conference on Learning
    Representations``; an unknown venue keeps its name without the presentation words."""
    series = re.match(r"\s*([A-Za-z]+)", venue)
    if series and series.group(1).lower() in CONFERENCES:
        return CONFERENCES[series.group(1).lower()]
    cleaned = _PRESENTATION_WORDS.sub(" ", venue.split("/")[0])
    return re.sub(r"\s+", " ", re.sub(r"\b(19|20)\d\d\b", " ", cleaned)).strip(" -,") or venue


def _ascii_word(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", anyascii(text).lower())


def _surname(name: str) -> str:
    person = Person(name)
    parts = person.prelast_names + person.last_names
    return _ascii_word("".join(parts)) if parts else _ascii_word(name.split()[-1])


def key_base(citation: Citation) -> str:
    """The key before collision suffixes."""
    words = [_ascii_word(w) for w in re.split(r"[\s\-–—:/]+", citation.title or "")]
    words = [w for w in words if w]
    content = [w for w in words if w not in STOPWORDS] or words
    year = str(citation.year) if citation.year else ""
    if citation.authors:
        head = _surname(citation.authors[0]) or "anon"
        return f"{head}{year}{content[0] if content else ''}"
    # No author known: key from the title alone, never a made-up author.
    if content:
        return f"{content[0]}{year}{content[1] if len(content) > 1 else ''}"
    return _ascii_word(f"{service(citation.id)}{local_id(citation.id)}")


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


def is_complete(citation: Citation) -> bool:
    """Only a paper whose title, authors and year are known gets a key pinned for good."""
    return bool(citation.title and citation.authors and citation.year)


def provisional_key(citation: Citation) -> str:
    """A key for a paper we know too little about: its id, which is honest and stable."""
    return re.sub(r"[^A-Za-z0-9.:_\-]", "", citation.id)


def _free(base: str, used: set[str]) -> str:
    """``base`` or the first ``base`` + a, b, ... not taken. BibTeX keys ignore case."""
    key = base
    if key.lower() in used:
        key = next(base + s for s in _suffixes() if (base + s).lower() not in used)
    used.add(key.lower())
    return key


def assign_keys(citations: Iterable[Citation], registry: Mapping[str, str]
                ) -> tuple[dict[str, str], dict[str, str]]:
    """(registry, keys): registered keys kept, complete new papers added in a deterministic
    order; papers with incomplete metadata get an id-based provisional key, not registered.

    The registry keeps old entries even for papers no longer cited, so a retired key is never
    handed to another paper.
    """
    pinned = dict(registry)
    used = {key.lower() for key in pinned.values()}
    citations = sorted(citations, key=lambda c: c.id)
    new = sorted((c for c in citations if c.id not in pinned and is_complete(c)),
                 key=lambda c: (c.year or 0, c.id))
    for citation in new:
        pinned[citation.id] = _free(key_base(citation), used)
    keys = {c.id: pinned.get(c.id) or _free(provisional_key(c), used) for c in citations}
    return pinned, keys


def load_registry(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise RegistryError(f"{path}:{exc.lineno}: the BibTeX key registry is not valid JSON "
                            f"({exc.msg}); restore it from git") from exc
    if not isinstance(data, dict) or data.get("schema") != REGISTRY_SCHEMA:
        raise RegistryError(f"{path}: unknown key registry schema; expected {REGISTRY_SCHEMA}")
    return {str(k): str(v) for k, v in (data.get("keys") or {}).items()}


def save_registry(path: Path, keys: Mapping[str, str]) -> bool:
    """Write the registry if it changed; True when written."""
    text = json.dumps({"schema": REGISTRY_SCHEMA, "keys": dict(sorted(keys.items()))},
                      indent=2, ensure_ascii=False) + "\n"
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    write_atomic(path, text)
    return True


def _protect(title: str) -> str:
    """Brace words whose capitals matter (SliceOut, CNNs, BYOL) so styles keep them."""
    return re.sub(r"(?<![{\\\w])([A-Za-z]*[A-Z][A-Za-z]*[A-Z][A-Za-z0-9]*|[A-Z]+\d+[A-Za-z\d]*)",
                  r"{\1}", title)


def make_entry(citation: Citation) -> Entry:
    """The pybtex entry: ``@misc`` for preprints, ``@inproceedings`` once a venue is known."""
    fields: dict[str, str] = {}
    if citation.title:
        fields["title"] = _protect(re.sub(r"[{}]", "", citation.title))
    kind = "misc"
    if citation.venue:
        kind = "inproceedings"
        fields["booktitle"] = citation.venue
    elif citation.journal:
        kind = "article"
        fields["journal"] = citation.journal
    year = citation.venue_year if citation.venue and citation.venue_year else citation.year
    if year:
        fields["year"] = str(year)
    if service(citation.id) == "arxiv":
        fields["eprint"] = local_id(citation.id)
        fields["archivePrefix"] = "arXiv"
        if citation.primary_class:
            fields["primaryClass"] = citation.primary_class
    if citation.doi:
        fields["doi"] = citation.doi
    fields["url"] = citation.url or canonical_url(citation.id)
    if not is_complete(citation):
        missing = [name for name, known in (("title", citation.title),
                                            ("authors", citation.authors),
                                            ("year", citation.year)) if not known]
        fields["note"] = (f"Metadata incomplete: {', '.join(missing)} unknown; "
                          "citation key is provisional")
    persons = {"author": [Person(a) for a in citation.authors]} if citation.authors else {}
    return Entry(kind, fields=fields, persons=persons)


# Fields read verbatim by biblatex/hyperref: LaTeX-escaping them would corrupt the link.
VERBATIM_FIELDS = frozenset({"url", "doi", "eprint"})


class _Writer(Writer):  # type: ignore[misc]
    """pybtex's writer, minus the escaping of verbatim fields (``H1lK_lBtvS`` stays as is)."""

    def _write_field(self, stream, type, value):  # type: ignore[no-untyped-def]
        if type.lower() in VERBATIM_FIELDS:
            stream.write(f",\n    {type} = {self.quote(value)}")
        else:
            super()._write_field(stream, type, value)


def to_text(entries: Mapping[str, Entry]) -> str:
    return str(_Writer().to_string(BibliographyData(entries=dict(entries))))


# pybtex costs about 1 ms to write an entry and as much to read it back. A wiki's entries
# rarely change between builds (and `mkdocs serve` rebuilds everything on each save), so each
# is written once per distinct data and checked once per distinct text, for the process's life.
_ENTRY_CACHE: dict[tuple[object, ...], str] = {}
_CHECKED: set[str] = set()
_CACHE_LIMIT = 200_000


def _citation_key(key: str, citation: Citation) -> tuple[object, ...]:
    return (key, citation.id, citation.title, tuple(citation.authors), citation.year,
            citation.url, citation.primary_class, citation.doi, citation.venue,
            citation.venue_year, citation.journal)


def entry_text(key: str, citation: Citation) -> str:
    """The entry as BibTeX text; the same data gives the same text from a cache."""
    cache_key = _citation_key(key, citation)
    text = _ENTRY_CACHE.get(cache_key)
    if text is None:
        if len(_ENTRY_CACHE) >= _CACHE_LIMIT:
            _ENTRY_CACHE.clear()
        text = to_text({key: make_entry(citation)}).strip() + "\n"
        _ENTRY_CACHE[cache_key] = text
    return text


def check_parses(text: str) -> None:
    """Raise if pybtex cannot read ``text`` back (a guard on everything we publish).

    Entries (chunks starting with ``@``) already read back in this process are not read
    again: only the new ones are parsed, together."""
    chunks = re.split(r"(?m)^(?=@)", text)
    new = [c for c in chunks if c.strip() and c not in _CHECKED]
    if not new:
        return
    parse_string("".join(new), "bibtex")
    if len(_CHECKED) >= _CACHE_LIMIT:
        _CHECKED.clear()
    _CHECKED.update(new)

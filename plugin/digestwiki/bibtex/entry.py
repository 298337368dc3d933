"""Citation -> pybtex entries (BibTeX and BibLaTeX) and a plain-text reference.

Entries are built with pybtex (never by string concatenation). Every text field is escaped
here, once, before pybtex sees it: the characters that make LaTeX commands or groups
(``\\``, ``{``, ``}``, ``$``, ``~``, ``^``) become text commands, and latexcodec turns
Unicode and the other specials into LaTeX (``é`` -> ``{\\'e}``, ``&`` -> ``\\&``). So a
title from a note or a service is always text: ``\\input{x}`` is printed, never run, and
an unbalanced brace cannot leak into the next entry. The only braces we emit are our own
balanced ones, protecting words whose capitals matter (``{RepMLP}``, ``{CNNs}``).
"""

from __future__ import annotations

import codecs
import functools
import re
from dataclasses import dataclass, field

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
from pybtex.bibtex.utils import split_name_list
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.input.bibtex import Parser
from pybtex.database.output.bibtex import Writer
from pybtex.exceptions import PybtexError

from ..identity import canonical_url, local_id, service


@dataclass
class Citation:
    """What a BibTeX entry is made from. Unknown values stay None: nothing is invented."""

    id: str
    title: str | None
    authors: list[str] = field(default_factory=list)
    year: int | None = None  # of the first version (the preprint's year)
    url: str | None = None
    primary_class: str | None = None
    doi: str | None = None
    venue: str | None = None  # booktitle of an accepted conference paper
    venue_year: int | None = None
    journal: str | None = None
    pages: str | None = None
    volume: str | None = None
    number: str | None = None
    publisher: str | None = None
    eprint: str | None = None  # the arXiv id when the paper has one (its own id or an alias)
    provider_bibtex: str | None = None  # the service's own entry, shown verbatim (fenced)

    @property
    def arxiv_id(self) -> str | None:
        if self.eprint:
            return self.eprint
        return local_id(self.id) if service(self.id) == "arxiv" else None

    @property
    def published(self) -> bool:
        return bool(self.venue or self.journal)


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
    "naacl": "Conference of the North American Chapter of the Association for Computational "
             "Linguistics",
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


def is_complete(citation: Citation) -> bool:
    """Only a paper whose title, authors and year are known gets a key pinned for good."""
    return bool(citation.title and citation.authors and citation.year)


# --- escaping -------------------------------------------------------------------------------

# Characters latexcodec leaves alone but that would make LaTeX commands, groups or math.
_STRUCTURAL = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "$": r"\$",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    '"': "{''}",  # a bare " ends a "..." field in BibTeX
}


def latex_char(ch: str) -> str:
    """One character as LaTeX text: structural ones by hand, the rest through latexcodec;
    an accent is braced (``{\\'e}``) so BibTeX sorts and case-changes it as one letter.
    A character LaTeX has no name for (Hangul, CJK) stays UTF-8."""
    if ch in _STRUCTURAL:
        return _STRUCTURAL[ch]
    if ch.isascii() and ch not in "&%#_":
        return ch
    out = str(codecs.encode(ch, "ulatex+ascii", "keep"))  # type: ignore[call-overload]
    if out.startswith("\\") and ch not in "&%#_":
        return "{" + out.strip() + "}"
    return out


# What :func:`latex_char` changes in ASCII text; text without any is already LaTeX text.
_ASCII_SPECIAL = re.compile(r'[\\{}$~^"&%#_]')
_SPACES = re.compile(r"\s+")


def latex_text(text: str) -> str:
    """Any text as LaTeX text (no commands of its own, braces balanced)."""
    text = _SPACES.sub(" ", text)
    if text.isascii() and not _ASCII_SPECIAL.search(text):
        return text  # most titles and names: each character would map to itself
    return "".join(latex_char(ch) for ch in text)


_HYPHEN = re.compile(r"([-‐‑])")
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


def _needs_protection(word: str, after_colon: bool) -> bool:
    """Capitals a style must not lowercase: mixed case (RepMLP, ImageNet, iPhone, CNNs),
    acronyms (BERT, T5), and the capitalised first word after a colon."""
    if word.isascii() and word.isalpha():  # most words: the same answer, sooner
        return word[1:] != word[1:].lower() or (after_colon and word[0].isupper())
    return _needs_protection_by_letters(word, after_colon)


def _needs_protection_by_letters(word: str, after_colon: bool) -> bool:
    """The rule itself, letter by letter (any word: digits, accents, Hangul, hyphens)."""
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return False
    if any(c.isupper() for c in letters[1:]):
        return True
    if letters[0].isupper() and any(c.isdigit() for c in word):
        return True
    return after_colon and letters[0].isupper()


def latex_title(title: str) -> str:
    """A title as LaTeX with the words whose capitals matter braced."""
    title = " ".join(title.split())
    out: list[str] = []
    pos = 0
    after_colon = False
    for m in _WORD.finditer(title):
        gap = title[pos:m.start()]
        if ":" in gap or "?" in gap or "!" in gap:
            after_colon = True
        out.append(latex_text(gap))
        word = m.group()
        if after_colon and word[:1].isupper():
            out.append("{" + latex_text(word) + "}")
        else:  # each part of a compound on its own: {OGLE}-{III}, but Self-Attention as is
            parts = _HYPHEN.split(word) if _HYPHEN.search(word) else [word]
            out.append("".join("{" + latex_text(part) + "}" if _needs_protection(part, False)
                               else latex_text(part) for part in parts))
        after_colon = False
        pos = m.end()
    out.append(latex_text(title[pos:]))
    return "".join(out)


def verbatim(value: str) -> str:
    """A URL, DOI or eprint for a verbatim field: no spaces, no braces or backslashes (they are
    percent-encoded, which every resolver understands)."""
    value = "".join(value.split())
    return (value.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")
            .replace('"', "%22"))


@functools.lru_cache(maxsize=1 << 16)
def _person(name: str) -> Person:
    """A pybtex Person from a name as written anywhere. "and" inside one name is braced (else
    it splits the author list); a name pybtex cannot split (too many commas) is kept whole as
    a surname rather than dropped or guessed at. Parsed once per process (pybtex's name parser
    is the slowest part of writing an entry; a group reads the same authors again and again,
    and each paper's entries name them twice over)."""
    text = re.sub(r"(?i)(?<!\S)and(?!\S)", "{and}", latex_text(name).strip())
    try:
        person = Person(text)
    except PybtexError:
        person = Person(last="{" + text.replace(",", "{,}") + "}")
    if not str(person).strip():
        person = Person(last="{" + text + "}")
    return person


def _pages(pages: str, dash: str) -> str:
    return re.sub(r"\s*[-‐‑‒–—]+\s*", dash, pages.strip())


# --- entries ----------------------------------------------------------------------------------


def _incomplete_note(citation: Citation) -> str | None:
    if is_complete(citation):
        return None
    missing = [name for name, known in (("title", citation.title), ("authors", citation.authors),
                                        ("year", citation.year)) if not known]
    return f"Metadata incomplete: {', '.join(missing)} unknown; citation key is provisional"


def _url(citation: Citation, preprint: bool) -> str:
    """The preprint cites arXiv's page; the published version its DOI, else the paper's page."""
    if preprint and citation.arxiv_id:
        return f"https://arxiv.org/abs/{verbatim(citation.arxiv_id)}"
    if not preprint and citation.doi:
        return verbatim(f"https://doi.org/{citation.doi}")
    return verbatim(citation.url or canonical_url(citation.id))


def _published(citation: Citation, fields: dict[str, str], journal_field: str
               ) -> tuple[str, int | None]:
    """The published version's kind, year and venue fields (BibTeX says ``journal``,
    BibLaTeX ``journaltitle``); ``fields`` gets the venue, volume, number, pages, publisher."""
    if citation.venue:
        kind = "inproceedings"
        fields["booktitle"] = latex_text(citation.venue.strip())
    else:
        kind = "article"
        fields[journal_field] = latex_text(citation.journal or "")
    for name in ("volume", "number"):
        value = getattr(citation, name)
        if value:
            fields[name] = latex_text(str(value).strip())
    if citation.pages:
        fields["pages"] = latex_text(_pages(citation.pages, "--"))
    if citation.publisher:
        fields["publisher"] = latex_text(citation.publisher)
    return kind, citation.venue_year or citation.year


def _entry(citation: Citation, kind: str, fields: dict[str, str], preprint: bool) -> Entry:
    """What both formats end with: DOI, URL, the incomplete-metadata note, the authors."""
    if citation.doi:
        fields["doi"] = verbatim(citation.doi)
    fields["url"] = _url(citation, preprint)
    note = _incomplete_note(citation)
    if note:
        fields["note"] = note
    authors = [_person(a) for a in citation.authors]
    return Entry(kind, fields=fields, persons={"author": authors} if authors else {})


def make_entry(citation: Citation, version: str | None = None) -> Entry:
    """The BibTeX entry of one version: ``published`` (``@inproceedings``/``@article``) or
    ``preprint`` (``@misc`` with the arXiv eprint). Default: published when a venue is known."""
    version = version or ("published" if citation.published else "preprint")
    fields: dict[str, str] = {}
    if citation.title:
        fields["title"] = latex_title(citation.title)
    kind = "misc"
    year = citation.year
    if version == "published" and citation.published:
        kind, year = _published(citation, fields, "journal")
    if year:
        fields["year"] = str(year)
    if kind == "misc" and citation.arxiv_id:
        fields["eprint"] = verbatim(citation.arxiv_id)
        fields["archivePrefix"] = "arXiv"
        if citation.primary_class:
            fields["primaryClass"] = latex_text(citation.primary_class)
    return _entry(citation, kind, fields, preprint=kind == "misc")


def make_biblatex(citation: Citation, version: str | None = None) -> Entry:
    """The BibLaTeX entry: ``@online`` with ``eprinttype = {arxiv}`` for the preprint,
    ``@inproceedings``/``@article`` with ``date`` for the published version."""
    version = version or ("published" if citation.published else "preprint")
    fields: dict[str, str] = {}
    if citation.title:
        fields["title"] = latex_title(citation.title)
    if version == "published" and citation.published:
        kind, year = _published(citation, fields, "journaltitle")
    else:
        kind = "online"
        year = citation.year
    if year:
        fields["date"] = str(year)
    if kind == "online" and citation.arxiv_id:
        fields["eprinttype"] = "arxiv"
        fields["eprint"] = verbatim(citation.arxiv_id)
        if citation.primary_class:
            fields["eprintclass"] = latex_text(citation.primary_class)
    return _entry(citation, kind, fields, preprint=kind == "online")


@functools.lru_cache(maxsize=1 << 16)
def _initials(name: str) -> str:
    """``Ashish Vaswani`` -> ``A. Vaswani`` (names pybtex cannot split are kept whole)."""
    try:
        person = Person(name.replace("{", "").replace("}", ""))
    except PybtexError:
        return " ".join(name.split())
    last = " ".join(person.prelast_names + person.last_names + person.lineage_names)
    firsts = [n for n in person.first_names + person.middle_names if n]
    initials = " ".join("-".join(p[:1] + "." for p in n.split("-") if p) for n in firsts)
    return f"{initials} {last}".strip() if last else " ".join(name.split())


def plain_text(citation: Citation, version: str | None = None) -> str:
    """``A. Author, B. Author. Title. Venue, Year. arXiv:ID.``: for a paper, a slide, an email."""
    version = version or ("published" if citation.published else "preprint")
    parts: list[str] = []
    if citation.authors:
        names = [_initials(a) for a in citation.authors]
        parts.append(", ".join(names[:10]) + (" et al." if len(names) > 10 else ""))
    if citation.title:
        parts.append(" ".join(citation.title.split()))
    if version == "published" and citation.published:
        where = " ".join((citation.venue or citation.journal or "").split())
        if citation.volume:
            where += f" {citation.volume}"
        year = citation.venue_year or citation.year
        where += f", {year}" if year else ""
        if citation.pages:
            where += f", pp. {_pages(citation.pages, '–')}"
        parts.append(where)
        if citation.doi:
            parts.append(f"doi:{citation.doi}")
        if citation.arxiv_id:
            parts.append(f"arXiv:{citation.arxiv_id}")
    else:
        first = f", {citation.year}" if citation.year else ""
        if citation.arxiv_id:
            parts.append(f"arXiv preprint{first}")
            parts.append(f"arXiv:{citation.arxiv_id}")
        else:
            if first:
                parts.append(first[2:])
            parts.append(citation.url or canonical_url(citation.id))
    return " ".join(p.rstrip(".") + "." for p in parts if p.strip(" ,")) + "\n"


# --- text -------------------------------------------------------------------------------------

# Fields read verbatim by biblatex/hyperref: LaTeX-escaping them would corrupt the link.
VERBATIM_FIELDS = frozenset({"url", "doi", "eprint"})


class _Writer(Writer):  # type: ignore[misc]
    """pybtex's writer for fields already escaped by :func:`latex_text`: no second pass."""

    def _encode(self, text):  # type: ignore[no-untyped-def]
        return text

    def _write_field(self, stream, type, value):  # type: ignore[no-untyped-def]
        stream.write(f",\n    {type} = {self.quote(value)}")

    def quote(self, s):  # type: ignore[no-untyped-def]
        """pybtex's quoting; a value without an opening brace cannot have an unmatched one,
        so pybtex's brace scan (the slowest step of writing an entry) is only run on the
        values that have braces."""
        if "{" not in s:
            return f'"{s}"' if '"' not in s else f"{{{s}}}"
        return super().quote(s)


def to_text(entries: dict[str, Entry]) -> str:
    return str(_Writer().to_string(BibliographyData(entries=dict(entries))))


@dataclass
class Version:
    """One way to cite a paper ("Published version" or "Preprint") in every format."""

    name: str  # "published" | "preprint"
    label: str
    bibtex: str
    biblatex: str
    plain: str


class CitationText(str):
    """The default BibTeX entry (what ``papers.bib`` holds), carrying every version and format
    for the paper page. A ``str`` so that everything reading ``Paper.bibtex`` keeps working."""

    versions: list[Version]
    provider: str | None
    provider_fence: str
    also: list[str]  # other names readers search by (arXiv id, DOI, export-style key)
    biblatex: str

    def __new__(cls, text: str, versions: list[Version], provider: str | None,
                also: list[str] | None = None) -> CitationText:
        obj = super().__new__(cls, text)
        obj.versions = versions
        obj.also = also or []
        obj.provider = provider
        # A fence longer than any backtick run in the provider's text: it cannot close ours.
        runs = [len(r) for r in re.findall(r"`+", provider or "")]
        obj.provider_fence = "`" * max(3, max(runs, default=0) + 1)
        obj.biblatex = versions[0].biblatex if versions else ""
        return obj


# pybtex costs about 1 ms to write an entry and as much to read it back. A wiki's entries
# rarely change between builds (and `mkdocs serve` rebuilds everything on each save), so each
# is written once per distinct data and checked once per distinct text, for the process's life.
_ENTRY_CACHE: dict[tuple[object, ...], CitationText] = {}
_CHECKED: set[str] = set()
_CACHE_LIMIT = 200_000


def _data_key(key: str, citation: Citation) -> tuple[object, ...]:
    return (key, *(tuple(v) if isinstance(v, list) else v for v in vars(citation).values()))


def entry_text(key: str, citation: Citation) -> CitationText:
    """Every version of the citation under one key; the same data gives the same text from a
    cache."""
    cache_key = _data_key(key, citation)
    found = _ENTRY_CACHE.get(cache_key)
    if found is None:
        if len(_ENTRY_CACHE) >= _CACHE_LIMIT:
            _ENTRY_CACHE.clear()
        found = _ENTRY_CACHE[cache_key] = _entry_text(key, citation)
    return found


def _entry_text(key: str, citation: Citation) -> CitationText:
    """Every version of the citation under one key; the published version first (default)."""
    names = ["published", "preprint"] if citation.published else ["preprint"]
    if citation.published and not citation.arxiv_id:
        names = ["published"]
    labels = {"published": "Published version", "preprint": "Preprint"}
    versions = [
        Version(name, labels[name],
                to_text({key: make_entry(citation, name)}).strip() + "\n",
                to_text({key: make_biblatex(citation, name)}).strip() + "\n",
                plain_text(citation, name))
        for name in names
    ]
    provider = citation.provider_bibtex.strip() if citation.provider_bibtex else None
    from .keys import aliases  # keys builds on this module

    also = aliases(citation, key) if ":" not in key else []
    return CitationText(versions[0].bibtex, versions, provider, also)


_NAME_FIELDS = tuple(Person.valid_roles)  # what pybtex's reader splits into names


@functools.lru_cache(maxsize=1 << 16)
def _name_reads_back(name: str) -> None:
    """Raise as pybtex's reader would on a name it cannot split (too many commas)."""
    Person(name)


def check_parses(text: str) -> None:
    """Raise if pybtex cannot read ``text`` back (a guard on everything we publish).

    Entries (chunks starting with ``@``) already read back in this process are not read
    again: only the new ones are parsed, together. pybtex's reader, except that each name in
    an author or editor list is read once (:func:`_name_reads_back`): the same people come
    back across entries, and reading names was 60% of the check."""
    chunks = re.split(r"(?m)^(?=@)", text)
    new = [c for c in chunks if c.strip() and c not in _CHECKED]
    if not new:
        return
    data = Parser(person_fields=()).parse_string("".join(new))
    for entry in data.entries.values():
        for role in _NAME_FIELDS:
            for name in split_name_list(entry.fields.get(role, "")):
                _name_reads_back(name)
    if len(_CHECKED) >= _CACHE_LIMIT:
        _CHECKED.clear()
    _CHECKED.update(new)

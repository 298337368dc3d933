"""ACL Anthology: a paper's own BibTeX (``https://aclanthology.org/{id}.bib``), read with pybtex.

The Anthology's entry is the reference for its papers (venue, pages, DOI), so it is both
parsed into the record and kept verbatim as the provider's entry. LaTeX in its fields
(``{\\"u}``) is decoded to text with latexcodec; our own writer encodes it again.
"""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Callable

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
from pybtex.database import Entry, parse_string
from pybtex.exceptions import PybtexError

from .cache import Record
from .http import Client, Results, ServiceError, one_by_one

log = logging.getLogger("mkdocs.plugins.digestwiki.metadata")

SERVICE = "acl"
_YEAR = re.compile(r"^\s*(\d{4})\s*$")


def _text(value: str | None) -> str | None:
    if not value:
        return None
    try:
        value = str(codecs.decode(value, "ulatex"))  # type: ignore[call-overload]
    except (ValueError, UnicodeDecodeError):
        pass
    return " ".join(value.replace("{", "").replace("}", "").split()) or None


def _name(person: object) -> str:
    parts: list[str] = []
    for part in ("first_names", "middle_names", "prelast_names", "last_names",
                 "lineage_names"):
        parts += getattr(person, part, [])
    return _text(" ".join(parts)) or ""


def entry_record(entry: Entry, bibtex: str) -> Record:
    fields = entry.fields
    record: Record = {"status": "found", "source": SERVICE}
    title = _text(fields.get("title"))
    if title:
        record["title"] = title
    authors = [n for n in (_name(p) for p in entry.persons.get("author", [])) if n]
    if authors:
        record["authors"] = authors
    m = _YEAR.match(fields.get("year", ""))
    if m:
        record["year"] = record["venue_year"] = int(m.group(1))
    if entry.type.lower() == "inproceedings" and fields.get("booktitle"):
        record["venue"], record["venue_type"] = _text(fields["booktitle"]), "conference"
    elif entry.type.lower() == "article" and fields.get("journal"):
        record["venue"], record["venue_type"] = _text(fields["journal"]), "journal"
    if "venue" in record:
        record["accepted"] = True
    for field, name in (("pages", "pages"), ("volume", "volume"), ("number", "number"),
                        ("publisher", "publisher")):
        value = _text(fields.get(field))
        if value:
            record[name] = re.sub(r"\s*(--|–)\s*", "-", value) if name == "pages" else value
    doi = _text(fields.get("doi"))
    if doi:
        record["doi"] = doi.lower()
    url = fields.get("url")
    if url and url.startswith("https://"):
        record["links"] = {"abs": url}
    record["bibtex"] = bibtex
    return record


def get_paper(client: Client, api: str, acl_id: str) -> Record | None:
    response = client.get(SERVICE, f"{api}/{acl_id}.bib")
    if response.status_code == 404:
        return None
    if response.status_code != 200:
        raise ServiceError(f"ACL Anthology answered HTTP {response.status_code}")
    text = response.content.decode("utf-8", errors="replace")
    try:
        data = parse_string(text, "bibtex")
    except (PybtexError, ValueError) as exc:
        raise ServiceError(f"ACL Anthology sent BibTeX that pybtex cannot read ({exc})") from exc
    if len(data.entries) != 1:
        raise ServiceError(f"ACL Anthology sent {len(data.entries)} entries instead of one")
    return entry_record(next(iter(data.entries.values())), text.strip() + "\n")


def fetch(client: Client, api: str, ids: list[str],
          progress: Callable[[int], None] | None = None) -> Results:
    """Records for canonical ``acl:`` ids (``acl:P19-1001``), one request each."""
    return one_by_one({pid: pid.split(":", 1)[1] for pid in ids},
                      lambda ident: get_paper(client, api, ident), SERVICE,
                      "the ACL Anthology has no such paper", progress)

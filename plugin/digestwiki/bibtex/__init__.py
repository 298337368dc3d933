"""Paper -> citation (BibTeX, BibLaTeX, plain text) and citation keys that never move.

``entry`` builds and escapes the entries, ``keys`` derives keys, ``registry`` reads and
writes ``bibkeys.json``, ``formats`` makes the bulk downloads. The names other modules
import from ``digestwiki.bibtex`` stay here.
"""

from __future__ import annotations

from .entry import (
    CONFERENCES,
    VERBATIM_FIELDS,
    Citation,
    CitationText,
    Version,
    booktitle,
    check_parses,
    entry_text,
    is_complete,
    latex_text,
    latex_title,
    make_biblatex,
    make_entry,
    plain_text,
    to_text,
)
from .formats import bib_files
from .keys import (
    STOPWORDS,
    aliases,
    assign_keys,
    export_key,
    key_base,
    provisional_key,
    unpinned,
)
from .registry import (
    REGISTRY_SCHEMA,
    Registry,
    RegistryError,
    check_keys,
    load_registry,
    save_registry,
)

__all__ = [
    "CONFERENCES", "REGISTRY_SCHEMA", "STOPWORDS", "VERBATIM_FIELDS", "Citation", "CitationText",
    "Registry", "RegistryError", "Version", "aliases", "assign_keys", "bib_files", "booktitle",
    "check_keys", "check_parses", "entry_text", "export_key", "is_complete", "key_base",
    "latex_text", "latex_title", "load_registry", "make_biblatex", "make_entry", "plain_text",
    "provisional_key", "save_registry", "to_text", "unpinned",
]

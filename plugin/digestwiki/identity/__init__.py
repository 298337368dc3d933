"""Paper identity: which URLs and written ids name which paper.

``services`` is the one registry of id schemes (arXiv, OpenReview, DOI, ACL Anthology and
``url:`` works); ``links`` finds them in text. This module is the stable surface the rest of
the package imports.
"""

from __future__ import annotations

from .links import (
    ANY_URL,
    PAPERISH_URL,
    BadLink,
    PaperLink,
    bad_links,
    classify_web_link,
    normalise_work_url,
    paper_links,
    parse_id,
)
from .services import (
    FORMS,
    SERVICES,
    Form,
    Service,
    allocate,
    arxiv_month,
    canonical_url,
    label,
    link_name,
    local_id,
    pdf_url,
    rank,
    service,
    slug,
    trim_url,
)

__all__ = [
    "ANY_URL", "FORMS", "PAPERISH_URL", "SERVICES", "BadLink", "Form", "PaperLink", "Service",
    "allocate", "arxiv_month", "bad_links", "canonical_url", "classify_web_link", "label",
    "link_name", "local_id", "normalise_work_url", "paper_links", "parse_id", "pdf_url", "rank",
    "service", "slug", "trim_url",
]

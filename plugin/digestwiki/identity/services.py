"""The one registry of paper services: how each writes its ids, and where its pages live.

A paper id is ``service:local``: ``arxiv:2007.10909`` (no version), ``arxiv:hep-th/9901001``,
``openreview:BkluqlSFDS`` (case kept), ``doi:10.1145/3292500.3330701`` (lowercase),
``acl:P19-1001`` / ``acl:2023.acl-long.1`` and ``url:https://...`` (a work known only by a web
address). Everything that switches on the service (canonical page, PDF, label, which of two ids
names a paper) reads :data:`SERVICES`, so a new service is one entry here plus its forms.

A *form* is one way a note writes an id (a URL shape or ``arXiv:ID`` text). Forms are tried in
:data:`FORMS` order; when two match at the same place the earlier one wins, which is how the
arXiv DataCite DOI ``10.48550/arXiv.ID`` becomes ``arxiv:ID`` instead of a ``doi:`` id.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

ARXIV_NEW = r"\d{4}\.\d{4,5}"
ARXIV_OLD = r"[a-z][a-z\-]+(?:\.[A-Z]{2})?/\d{7}"
# Characters Crossref recommends for DOI suffixes, so markup next to a DOI is not swallowed;
# parentheses only in pairs, so "[Paper](https://doi.org/10.1/x)/Code" ends at the link.
DOI = r"10\.\d{4,9}/(?:[-._;/:A-Za-z0-9]|\([-._;/:A-Za-z0-9]*\))+"
ACL = r"[A-Za-z]\d{2}-\d{4}|\d{4}\.[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*\.\d+"

# A host written without a scheme must start a word: "github.com/x/arxiv.org/abs/..." is a
# GitHub path, not an arXiv link. With a scheme, anything may be glued before it
# ("xhttps://arxiv.org/...", "]https://..."). Korean text glued before a host is allowed.
_START = r"(?:https?://|(?<![A-Za-z0-9_.@/\\-]))"


def _url(hosts: str, path: str) -> re.Pattern[str]:
    return re.compile(rf"{_START}(?:{hosts}){path}", re.IGNORECASE)


@dataclass(frozen=True)
class Form:
    """One way of writing a paper id; ``local`` turns a match into the local id (or None)."""

    service: str
    pattern: re.Pattern[str]
    local: Callable[[re.Match[str]], str | None]
    textual: bool = False  # an id written as text (arXiv:2007.10909), not a URL
    # Lowercase words one of which a match must contain: most lines skip most patterns.
    needles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Service:
    """What the wiki knows about one id scheme."""

    name: str  # the id prefix
    label: str  # how a reader calls it: "arXiv"
    link_name: str  # the name of the link to its canonical page on a paper page
    rank: int  # of two ids of one paper, the lower rank names the paper page
    bare: re.Pattern[str]  # the local part of "name:local", for parse_id
    canonical: Callable[[str], str]
    pdf: Callable[[str], str | None]
    hosts: tuple[str, ...] = ()  # hosts whose near misses lint reports ...
    path_hint: re.Pattern[str] | None = None  # ... when the path looks like this service's


def arxiv_local(raw: str) -> str:
    """Old-style ids: the archive is the id ("math.GT/0309136" is "math/0309136")."""
    if "/" not in raw:
        return raw
    archive, number = raw.split("/", 1)
    return archive.split(".")[0].lower() + "/" + number


def _arxiv(m: re.Match[str]) -> str:
    return arxiv_local(m.group("id"))


def _arxiv_ftp(m: re.Match[str]) -> str:
    archive, number = m.group("archive"), m.group("number")
    if archive.lower() == "arxiv":
        return number
    return arxiv_local(f"{archive}/{number}")


# Trailing path segments and extensions publishers add after a DOI.
_DOI_SUFFIX_JUNK = re.compile(
    r"(?:\.pdf|/(?:abstract|full|pdf|epdf|fulltext|meta|html|references|citedby))+$",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?'\")]}>"


def trim_url(url: str) -> str:
    """Drop punctuation that ends a sentence rather than the URL (a ')' only when unbalanced)."""
    while url and url[-1] in _TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def doi_local(raw: str) -> str:
    """A DOI as an id: lowercase, without what a publisher URL adds after it."""
    doi = trim_url(raw)
    while True:
        shorter = trim_url(_DOI_SUFFIX_JUNK.sub("", doi))
        if shorter == doi:
            return doi.lower()
        doi = shorter


def _doi(m: re.Match[str]) -> str:
    return doi_local(m.group("id"))


def _acl(m: re.Match[str]) -> str:
    return acl_local(m.group("id"))


def acl_local(raw: str) -> str:
    """Old ACL ids are upper case (P19-1001), new ones lower case (2023.acl-long.1)."""
    return raw.upper() if re.fullmatch(r"[A-Za-z]\d{2}-\d{4}", raw) else raw.lower()


def _plain(m: re.Match[str]) -> str:
    return m.group("id")


_ARXIV_ID = rf"(?P<id>{ARXIV_NEW}|{ARXIV_OLD})(?!\d)(?P<version>v\d+)?"
# arxiv.org with www., export., browse. or a mirror's subdomain (de.arxiv.org), and its old name.
_ARXIV_HOSTS = r"(?:[a-z0-9\-]+\.)?arxiv\.org|xxx\.lanl\.gov"

_ACL_TAIL = r"(?:v\d+)?(?![\w-])(?:\.pdf)?"
_DOI_PATHS = "abs|full|pdf|epdf|fullHtml|pdfdirect|pdfplus|book|reader|proceedings|citedby"

FORMS: tuple[Form, ...] = (
    # arXiv
    Form("arxiv", _url(_ARXIV_HOSTS, rf"/+(?:abs|pdf|html|format)/+{_ARXIV_ID}(?:\.pdf)?"),
         _arxiv, needles=("arxiv", "lanl.gov")),
    Form("arxiv", _url(_ARXIV_HOSTS,
                       r"/+ftp/(?P<archive>[a-z][a-z\-]*(?:\.[A-Z]{2})?)/papers/\d{4}/"
                       rf"(?P<number>{ARXIV_NEW}|\d{{7}})(?!\d)(?P<version>v\d+)?(?:\.pdf)?"),
         _arxiv_ftp, needles=("arxiv", "lanl.gov")),
    Form("arxiv", _url(r"(?:www\.)?alphaxiv\.org|ar5iv(?:\.labs\.arxiv)?\.org",
                       rf"/(?:abs|overview|pdf|html)/{_ARXIV_ID}(?:\.pdf)?"),
         _arxiv, needles=("alphaxiv", "ar5iv")),
    Form("arxiv", _url(r"huggingface\.co", rf"/papers/(?P<id>{ARXIV_NEW})(?!\d)"),
         _arxiv, needles=("huggingface",)),
    Form("arxiv", _url(r"(?:www\.|api\.)?semanticscholar\.org|(?:www\.)?scirate\.com",
                       rf"/arxiv/{_ARXIV_ID}"), _arxiv, needles=("semanticscholar", "scirate")),
    # The arXiv DataCite DOI names the arXiv paper, not a DOI record.
    Form("arxiv", _url(r"(?:dx\.|www\.)?doi\.org", rf"/10\.48550/arxiv\.{_ARXIV_ID}"),
         _arxiv, needles=("10.48550",)),
    Form("arxiv", re.compile(rf"(?<![\w/.])doi:\s{{0,2}}10\.48550/arxiv\.{_ARXIV_ID}",
                             re.IGNORECASE), _arxiv, textual=True, needles=("10.48550",)),
    # "arXiv:2007.10909", "arXiv 2007.10909v2", "arXiv:hep-th/9901001"
    Form("arxiv", re.compile(rf"(?<![\w/.:])arXiv[:\s]\s?{_ARXIV_ID}", re.IGNORECASE),
         _arxiv, textual=True, needles=("arxiv",)),
    # OpenReview: forum, pdf and attachment pages; the id may follow other parameters.
    Form("openreview", _url(r"(?:www\.)?openreview\.net",
                            r"/(?:forum|pdf|attachment)/?\?"
                            r"(?:[A-Za-z_]+=[^\s&\"'<>]*&(?:amp;)?)*id=(?P<id>[A-Za-z0-9_\-]+)"
                            r"(?:&(?:amp;)?[A-Za-z_]+=[^\s&\"'<>\[\]`]*)*"),
         _plain, needles=("openreview",)),
    # DOIs: doi.org, then DOIs inside publisher URLs.
    Form("doi", _url(r"(?:dx\.|www\.)?doi\.org", rf"/(?P<id>{DOI})"), _doi,
         needles=("doi.org",)),
    Form("doi", _url(r"[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}",
                     rf"/doi/(?:(?:{_DOI_PATHS})/)?(?P<id>{DOI})"), _doi, needles=("/doi/",)),
    Form("doi", _url(r"link\.springer\.com",
                     r"/(?:article|chapter|content/pdf|referenceworkentry|book|protocol)/"
                     rf"(?P<id>{DOI})"), _doi, needles=("springer",)),
    Form("doi", _url(r"(?:www\.)?thieme-connect\.(?:de|com)",
                     rf"/products/ejournals/(?:pdf|abstract|html)/(?P<id>{DOI})"), _doi,
         needles=("thieme",)),
    Form("doi", _url(r"journals\.aps\.org", rf"/[a-z]+/(?:abstract|pdf)/(?P<id>{DOI})"), _doi,
         needles=("aps.org",)),
    Form("doi", _url(r"(?:www\.)?frontiersin\.org", rf"/articles?/(?P<id>{DOI})"), _doi,
         needles=("frontiersin",)),
    Form("doi", _url(r"(?:www\.)?(?:bio|med)rxiv\.org",
                     r"/content/(?:early/\d{4}/\d{2}/\d{2}/)?"
                     r"(?P<id>10\.1101/(?:\d{4}\.\d{2}\.\d{2}\.)?\d{6,})(?!\d)(?:v\d+)?"
                     r"(?:\.full(?:\.pdf)?|\.abstract)?"), _doi, needles=("rxiv.org",)),
    Form("doi", _url(r"iopscience\.iop\.org", rf"/article/(?P<id>{DOI})"), _doi,
         needles=("iop.org",)),
    Form("doi", _url(r"(?:www\.)?jstor\.org", r"/stable/(?:pdf/)?(?P<id>10\.\d{4,9}/[\w.\-]+?)"
                     r"(?:\.pdf)?(?![\w.\-])"), _doi, needles=("jstor",)),
    Form("doi", _url(r"journals\.plos\.org", rf"/[a-z]+/article(?:/file)?\?id=(?P<id>{DOI})"),
         _doi, needles=("plos",)),
    Form("doi", re.compile(rf"(?<![\w/.])doi:\s{{0,2}}(?P<id>{DOI})", re.IGNORECASE), _doi,
         textual=True, needles=("doi:",)),
    # ACL Anthology
    Form("acl", _url(r"(?:www\.)?aclanthology\.org", rf"/(?P<id>{ACL}){_ACL_TAIL}"), _acl,
         needles=("aclanthology",)),
    Form("acl", _url(r"(?:www\.|anthology\.)?aclweb\.org",
                     rf"/anthology/(?:[A-Za-z]/[A-Za-z]\d{{2}}/)?(?P<id>{ACL}){_ACL_TAIL}"),
         _acl, needles=("aclweb",)),
)


def _url_pdf(url: str) -> str | None:
    return url if urlsplit(url).path.lower().endswith(".pdf") else None


SERVICES: dict[str, Service] = {s.name: s for s in (
    Service("arxiv", "arXiv", "Abstract", 0,
            re.compile(rf"({ARXIV_NEW}|{ARXIV_OLD})(?:v\d+)?", re.IGNORECASE),
            lambda i: f"https://arxiv.org/abs/{i}", lambda i: f"https://arxiv.org/pdf/{i}",
            ("arxiv.org", "export.arxiv.org", "alphaxiv.org"),
            re.compile(r"^/+(?:abs|pdf|html|ftp)/", re.IGNORECASE)),
    Service("openreview", "OpenReview", "OpenReview", 1, re.compile(r"([A-Za-z0-9_\-]+)"),
            lambda i: f"https://openreview.net/forum?id={i}",
            lambda i: f"https://openreview.net/pdf?id={i}",
            ("openreview.net",), re.compile(r"^/(?:forum|pdf|attachment)\b")),
    Service("doi", "DOI", "DOI", 2, re.compile(r"(10\.\d{4,9}/\S+)", re.IGNORECASE),
            lambda i: f"https://doi.org/{i}", lambda i: None,
            ("doi.org", "dx.doi.org"), re.compile(r"^/10\.\d")),
    Service("acl", "ACL Anthology", "ACL Anthology", 3, re.compile(rf"({ACL})"),
            lambda i: f"https://aclanthology.org/{i}/",
            lambda i: f"https://aclanthology.org/{i}.pdf",
            ("aclanthology.org", "aclweb.org"), re.compile(rf"^/(?:anthology/)?(?:{ACL})")),
    Service("url", "Web", "Web page", 4, re.compile(r"(https?://\S+)", re.IGNORECASE),
            lambda i: i, _url_pdf),
)}
# Hosts of the id services that are not written with an id path of their own (lint only).
EXTRA_HOSTS: dict[str, tuple[str, re.Pattern[str]]] = {
    "huggingface.co": ("arxiv", re.compile(r"^/papers/\d{4}\.\d")),
}


def service(paper_id: str) -> str:
    return paper_id.split(":", 1)[0]


def local_id(paper_id: str) -> str:
    return paper_id.split(":", 1)[1]


def _service_of(paper_id: str) -> Service:
    kind = service(paper_id)
    if kind not in SERVICES:
        raise ValueError(f"not a paper id: {paper_id!r} (known services: {', '.join(SERVICES)})")
    return SERVICES[kind]


def canonical_url(paper_id: str) -> str:
    """The page a reader expects for the id."""
    return _service_of(paper_id).canonical(local_id(paper_id))


def pdf_url(paper_id: str) -> str | None:
    return _service_of(paper_id).pdf(local_id(paper_id))


def rank(paper_id: str) -> tuple[int, str]:
    """Sort key: of ids naming one paper, the first names its page (arXiv before DOI...)."""
    return _service_of(paper_id).rank, paper_id


def link_name(paper_id: str) -> str:
    """What the link to the id's canonical page is called on a paper page."""
    return _service_of(paper_id).link_name


def _short_web(url: str, limit: int = 60) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    text = host + parts.path.rstrip("/") + (f"?{parts.query}" if parts.query else "")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def label(paper_id: str) -> str:
    """How a paper with no known title is named: ``arXiv:2007.10909``, ``cs.toronto.edu/x.pdf``."""
    kind, ident = paper_id.split(":", 1)
    if kind == "url":
        return _short_web(ident)
    return f"{_service_of(paper_id).label}:{ident}"


_SLUG_LIMIT = 60


def slug(paper_id: str) -> str:
    """A URL- and anchor-safe name for an id: ``arxiv:2007.10909`` -> ``arxiv-2007-10909``.

    OpenReview ids keep their case: they are case-sensitive. A ``url:`` id becomes its host and
    path in lower case (no scheme, no ``www.``); a long one is cut and ends with a hash of the
    whole id, so it stays short and two long addresses do not collide.
    """
    if service(paper_id) != "url":
        return re.sub(r"[^A-Za-z0-9_]+", "-", paper_id).strip("-")
    url = local_id(paper_id)
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    rest = parts.path + (f"-{parts.query}" if parts.query else "")
    name = re.sub(r"[^a-z0-9]+", "-", f"{host}{rest}".lower()).strip("-") or "link"
    if len(name) + 4 <= _SLUG_LIMIT:
        return f"url-{name}"
    digest = hashlib.sha1(paper_id.encode("utf-8")).hexdigest()[:8]
    return f"url-{name[: _SLUG_LIMIT - 14].rstrip('-')}-{digest}"


def allocate(base: str, used: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is free; records the choice in ``used``.

    The parser and the HTML step both name anchors with it, in the same order, so they agree.
    """
    name, n = base, 1
    while name in used:
        n += 1
        name = f"{base}-{n}"
    used.add(name)
    return name


def arxiv_month(paper_id: str) -> tuple[int, int] | None:
    """(year, month) an arXiv id was issued in, read from the id itself."""
    kind, ident = paper_id.split(":", 1)
    if kind != "arxiv":
        return None
    digits = ident.split("/")[-1][:4]
    if not digits.isdigit():
        return None
    yy, mm = int(digits[:2]), int(digits[2:])
    if not 1 <= mm <= 12:
        return None
    return (2000 + yy if yy < 91 else 1900 + yy), mm

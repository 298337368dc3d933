"""Finding papers in text: which URLs and written ids name which paper, and where they are.

Every link carries its exact span in the text (``text[start:end] == url``) so a renderer can
turn it into a link without reading the text again. A URL ends where its address ends, so
Korean text glued to a link (``https://arxiv.org/abs/2007.05869와``) or the ``)`` of Markdown
does not leak into it. Links that name no paper are sorted by :func:`classify_web_link`, and a
link to a work with no id gets a ``url:`` id from :func:`normalise_work_url`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .services import (
    ARXIV_NEW,
    ARXIV_OLD,
    FORMS,
    SERVICES,
    acl_local,
    arxiv_local,
    canonical_url,
    doi_local,
    trim_url,
)

# A link that claims to be a paper but whose id we cannot read (a typo such as
# arxiv.org/abs/2006.162360): reported by the linter instead of silently dropped.
PAPERISH_URL = re.compile(
    r"(?:https?://|(?<![A-Za-z0-9_.@/\\-]))(?:www\.|export\.)?(?:arxiv\.org/(?:abs|pdf|html)|"
    r"openreview\.net/(?:forum|pdf|attachment)|(?:dx\.)?doi\.org)[^\s<>\"')\]]*",
    re.IGNORECASE,
)
# Any web link, for turning bare URLs into links. Stops at the first non-ASCII
# character and does not swallow closing punctuation.
ANY_URL = re.compile(r"https?://[!-~]+")
# What may follow an id inside its URL (a trailing slash, a query, a fragment).
_TAIL = re.compile(r"[/?#&][^\s<>\"'`\[\]{}|\\^\x7f-\U0010ffff]*")


@dataclass(frozen=True)
class PaperLink:
    """One paper link found in a line of text (a URL, or an id written as ``arXiv:2007.10909``).

    ``text[start:end] == url``: the address as written, from its scheme (or host) to its end.
    """

    id: str
    url: str  # as written
    start: int
    end: int
    version: str | None = None
    textual: bool = False  # written as an id, not a URL

    @property
    def href(self) -> str:
        """Where a link made from it should point."""
        if self.textual:
            return canonical_url(self.id)
        return self.url if "://" in self.url else "https://" + self.url


@dataclass(frozen=True)
class BadLink:
    """A paper-looking URL we could not understand."""

    url: str
    start: int
    end: int


def _end(text: str, m: re.Match[str], textual: bool) -> int:
    """Where the link ends: the match without sentence punctuation a DOI pattern may have
    taken, then the rest of its URL (a trailing slash, a query, a fragment)."""
    end = m.start() + len(trim_url(m.group(0)))
    if textual or end < m.end():
        return end
    tail = _TAIL.match(text, end)
    return end + len(trim_url(tail.group(0))) if tail else end


def paper_links(text: str) -> list[PaperLink]:
    """Every paper link in ``text``, in order of appearance, none overlapping another."""
    return list(_paper_links(text))


# The parse asks about the same block several times (its links, then its paper-looking URLs
# nobody understood): the last few answers are kept (links are frozen, the text is the key).
@functools.lru_cache(maxsize=256)
def _paper_links(text: str) -> tuple[PaperLink, ...]:
    found: list[tuple[int, int, PaperLink]] = []
    lowered = text.lower()
    for order, form in enumerate(FORMS):
        if form.needles and not any(n in lowered for n in form.needles):
            continue
        for m in form.pattern.finditer(text):
            local = form.local(m)
            if not local:
                continue
            end = _end(text, m, form.textual)
            version = m.groupdict().get("version")
            link = PaperLink(f"{form.service}:{local}", text[m.start():end], m.start(), end,
                             version, textual=form.textual)
            found.append((m.start(), order, link))
    found.sort(key=lambda item: (item[0], item[1]))
    links: list[PaperLink] = []
    for _, _, link in found:
        if links and link.start < links[-1].end:
            continue  # inside a link already taken (a DOI form and the arXiv DOI form)
        links.append(link)
    # "[arXiv:2007.10909](https://arxiv.org/abs/2007.10909)" is one link, not two.
    urls = {link.id for link in links if not link.textual}
    return tuple(link for link in links if not link.textual or link.id not in urls)


def bad_links(text: str) -> list[BadLink]:
    """Paper-looking URLs in ``text`` that :func:`paper_links` does not understand."""
    good = paper_links(text)
    bad = []
    for m in PAPERISH_URL.finditer(text):
        url = trim_url(m.group(0))
        if not url.split("/", 3)[-1] or url.rstrip("/").endswith(("arxiv.org", "openreview.net")):
            continue
        link = next((g for g in good if g.start <= m.start() < g.end), None)
        if link is not None:
            # The id was read, but is something glued to it that changes its meaning?
            tail = text[link.end : m.start() + len(url)]
            if not tail or not tail[0].isalnum() or not tail.isascii():
                continue
        bad.append(BadLink(url, m.start(), m.start() + len(url)))
    return bad


def parse_id(value: str) -> str | None:
    """A canonical id from a URL or from an id written as ``arxiv:...``, ``doi:...``, ``url:...``.

    Canonical ids come back unchanged (``parse_id(parse_id(x)) == parse_id(x)``).
    """
    value = value.strip()
    kind, _, rest = value.partition(":")
    if kind.lower() == "url" and rest:
        return normalise_work_url(rest) if re.match(r"https?://\S+$", rest, re.I) else None
    links = paper_links(value)
    if links:
        return links[0].id
    kind = kind.lower() if rest else ""
    if kind and kind in SERVICES and kind != "url":
        m = SERVICES[kind].bare.fullmatch(rest.strip())
        if m is None:
            return None
        local = m.group(1)
        normal = {"arxiv": arxiv_local, "doi": doi_local, "acl": acl_local}.get(kind)
        return f"{kind}:{normal(local) if normal else local}"
    m = re.fullmatch(rf"({ARXIV_NEW}|{ARXIV_OLD})(?:v\d+)?", value, re.IGNORECASE)
    if m:
        return f"arxiv:{arxiv_local(m.group(1))}"
    return None


# --- links that name no paper -----------------------------------------------------------------

_IMAGE_EXT = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".ico")
_SLIDES_EXT = (".ppt", ".pptx", ".key", ".odp")
_HOSTS: dict[str, tuple[str, ...]] = {
    "code": ("github.com", "gitlab.com", "bitbucket.org", "gitee.com", "colab.research.google.com",
             "pypi.org", "sourceforge.net", "codeberg.org", "kaggle.com"),
    "social": ("twitter.com", "x.com", "linkedin.com", "facebook.com", "reddit.com",
               "instagram.com", "threads.net", "bsky.app", "news.ycombinator.com", "weibo.com",
               "mastodon.social", "t.co"),
    "video": ("youtube.com", "youtu.be", "vimeo.com", "bilibili.com", "b23.tv", "slideslive.com",
              "videolectures.net", "tv.naver.com"),
    "image": ("img.shields.io", "shields.io", "badgen.net", "latex.codecogs.com",
              "user-images.githubusercontent.com", "i.imgur.com", "imgur.com",
              "private-user-images.githubusercontent.com"),
    "slides": ("slideshare.net", "speakerdeck.com"),
    "file": ("drive.google.com", "dropbox.com", "onedrive.live.com", "1drv.ms", "box.com"),
    "search": ("duckduckgo.com", "dblp.org", "dblp.uni-trier.de", "connectedpapers.com",
               "scholar.archive.org"),
    "blog": ("medium.com", "towardsdatascience.com", "substack.com", "tistory.com", "velog.io",
             "brunch.co.kr", "blog.naver.com", "zhuanlan.zhihu.com", "zhihu.com", "wordpress.com",
             "blogspot.com", "hashnode.dev", "dev.to", "notion.site", "jalammar.github.io",
             "lilianweng.github.io", "wikipedia.org", "namu.wiki"),
}


# Hosts of id services: a link there that names no paper is a listing or a search.
_LISTINGS = ("arxiv.org", "openreview.net", "doi.org", "aclanthology.org", "aclweb.org",
             "alphaxiv.org")


def _host_in(host: str, names: tuple[str, ...]) -> bool:
    return any(host == n or host.endswith("." + n) for n in names)


def classify_web_link(url: str) -> str:
    """What a link is when it is not a paper id: the parser makes ``url:`` papers of "work".

    One of "id" (a paper id link :func:`paper_links` reads), "code" (GitHub, GitLab, Hugging
    Face models, datasets and spaces), "social", "video", "image" (also badges), "slides",
    "file" (a shared drive: slides or a copy, not a paper page by itself), "search" (Google
    Scholar, a Semantic Scholar search, and the listing pages of an id service: an arXiv
    listing, an OpenReview venue, the Hugging Face daily papers), "blog", "local" (a relative
    link or not http) or "work": anything else, a candidate paper page (a proceedings page, a
    company PDF).
    """
    url = url.strip()
    if paper_links(url):
        return "id"
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return "local"
    host = parts.hostname.lower().removeprefix("www.").removeprefix("m.")
    path = parts.path.lower()
    if path.endswith(_IMAGE_EXT):
        return "image"
    if path.endswith(_SLIDES_EXT) or (host == "docs.google.com" and "/presentation/" in path):
        return "slides"
    if host == "docs.google.com":
        return "file"
    if host == "huggingface.co":
        return "search" if path.startswith("/papers") else "code"
    if _host_in(host, _LISTINGS):
        return "search"
    if host.endswith("semanticscholar.org") and not path.startswith("/paper/"):
        return "search"
    if re.match(r"scholar\.google\.", host) or (
            re.match(r"(?:google|bing)\.", host) and path.startswith("/search")):
        return "search"
    for kind, names in _HOSTS.items():
        if _host_in(host, names):
            return kind
    segments = path.split("/")
    if (any("blog" in part for part in host.split(".")[:-1]) or host.endswith(".blog")
            or "blog" in segments or "blogs" in segments or segments[1:2] in (["posts"], ["post"])):
        return "blog"
    return "work"


def normalise_work_url(url: str) -> str:
    """The ``url:`` id of a work known only by its address.

    Scheme and host in lower case, the fragment and trailing punctuation dropped; the rest as
    written (the path and query are case-sensitive on most servers).
    """
    url = trim_url(url.strip()).split("#", 1)[0]
    m = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*)://([^/?#]*)(.*)$", url, re.S)
    if not m:
        return f"url:{url}"
    scheme, host, rest = m.groups()
    return f"url:{scheme.lower()}://{host.lower()}{trim_url(rest)}"

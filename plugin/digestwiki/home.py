"""The home page's generated part: latest digests, papers recently added, the month's most
discussed papers and a link to every index.

A site owner keeps their own words: the section replaces the marker ``<!-- digestwiki:home -->``
wherever they put it in ``docs/index.md``; a site without ``docs/index.md`` gets a home page
made of the section alone. Plain data in, Markdown out: the plugin decides where it goes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from .digestpage import md_escape
from .graph import Paper, Wiki
from .i18n import Translate
from .model import Digest

MARKER = "<!-- digestwiki:home -->"
HOME_SRC = "index.md"


@dataclass(frozen=True)
class IndexLink:
    key: str  # catalogue key of its name, e.g. "index.papers"
    src: str  # path in the site, e.g. "papers/index.md"


def _first_seen(paper: Paper) -> str:
    """The date of the oldest digest that talks about a paper: when it entered the wiki."""
    return min((b.digest.date or "" for b in paper.backlinks), default="")


def recently_added(wiki: Wiki, limit: int = 8) -> list[tuple[Paper, str]]:
    """Papers by the date they first appeared in a digest, newest first (those with a known
    title: a bare id is no invitation to read on)."""
    seen = [(p, _first_seen(p)) for p in wiki.papers.values() if p.title]
    seen = [(p, d) for p, d in seen if d]
    seen.sort(key=lambda pd: pd[0].display_title.lower())
    seen.sort(key=lambda pd: pd[1], reverse=True)
    return seen[:limit]


def discussion_month(wiki: Wiki, today: dt.date) -> str | None:
    """This month when a digest is dated in it, else the newest digest's month (a wiki that
    pauses for a while still shows what was discussed last)."""
    months = sorted({d.date[:7] for d in wiki.digests if d.date and len(d.date) >= 7})
    if not months:
        return None
    this = f"{today.year:04d}-{today.month:02d}"
    return this if this in months else months[-1]


def most_discussed_in(wiki: Wiki, month: str, limit: int = 5) -> list[tuple[Paper, int]]:
    """Papers by the number of that month's digests reviewing or mentioning them, then by
    the number of times they come up."""
    ranked = []
    for paper in wiki.papers.values():
        inside = [b for b in paper.backlinks if (b.digest.date or "").startswith(month)]
        if inside:
            ranked.append((paper, len({b.digest.id for b in inside}), len(inside)))
    ranked.sort(key=lambda r: (-r[1], -r[2], r[0].display_title.lower()))
    return [(p, n) for p, n, _ in ranked[:limit]]


def home_section(wiki: Wiki, t: Translate, link: Callable[[str], str],
                 digest_src: Callable[[Digest], str], paper_src: Callable[[Paper], str],
                 indexes: list[IndexLink], today: dt.date | None = None,
                 latest: int = 5) -> str:
    """The generated Markdown. ``link(src)`` makes a link from the home page to a site path."""
    today = today or dt.date.today()
    undated = t("digest.undated")
    # Navigation, not content: the whole section stays out of search results (the owner's
    # text around it stays in).
    out = ['<div class="dw-home" data-search-exclude markdown>', "",
           f"{t('home.digests_count', len(wiki.digests))} · "
           f"{t('home.papers_count', len(wiki.papers))}", ""]
    if wiki.digests:
        out += [f"## {t('home.latest')} {{ #dw-latest }}", ""]
        for d in wiki.digests[:latest]:
            out.append(f"- {d.date or undated} · [{md_escape(_title(d))}]({link(digest_src(d))})"
                       f" · {t('digest.reviewed', len(d.entries))}")
        out.append("")
    added = recently_added(wiki)
    if added:
        out += [f"## {t('home.added')} {{ #dw-added }}", ""]
        out += [f"- [{md_escape(p.display_title)}]({link(paper_src(p))}) · {date}"
                for p, date in added]
        out.append("")
    month = discussion_month(wiki, today)
    top = most_discussed_in(wiki, month) if month else []
    if month and top:
        out += [f"## {t('home.discussed', month=month)} {{ #dw-discussed }}", ""]
        out += [f"- [{md_escape(p.display_title)}]({link(paper_src(p))}) · "
                f"{t('home.digests_count', n)}" for p, n in top]
        out.append("")
    out += [f"## {t('home.indexes')} {{ #dw-browse }}", ""]
    out.append(" · ".join(f"[{t(i.key, default=i.src)}]({link(i.src)})" for i in indexes))
    out += ["", "</div>"]
    return "\n".join(out) + "\n"


def _title(digest: Digest) -> str:
    from .render import drop_date_prefix  # render imports the templates' environment

    return drop_date_prefix(digest.title)


def with_home(markdown: str, section: str) -> str | None:
    """The owner's home page with the section in place of the marker (None: no marker)."""
    if MARKER not in markdown:
        return None
    return markdown.replace(MARKER, section, 1)

"""The home page's generated part: latest digests, papers recently added, the month's most
discussed papers and a link to every index.

The section comes from the template ``home.md.j2`` (override it in ``templates_dir``). A site
owner keeps their own words: the section replaces the marker ``<!-- digestwiki:home -->``
wherever they put it in ``docs/index.md``; a site without ``docs/index.md`` gets a home page
made of the section alone. Plain data in, Markdown out: the plugin decides where it goes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .graph import Paper, Wiki
from .model import Digest
from .render import drop_date_prefix

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


def home_context(wiki: Wiki, link: Callable[[str], str],
                 digest_src: Callable[[Digest], str], paper_src: Callable[[Paper], str],
                 indexes: list[IndexLink], today: dt.date | None = None,
                 latest: int = 5) -> dict[str, Any]:
    """What ``home.md.j2`` shows. ``link(src)`` makes a link from the home page to a site
    path; dates and titles are the template's to format."""
    month = discussion_month(wiki, today or dt.date.today())
    return {
        "digest_count": len(wiki.digests),
        "paper_count": len(wiki.papers),
        "latest": [{"date": d.date, "title": drop_date_prefix(d.title),
                    "link": link(digest_src(d)), "reviewed": len(d.entries)}
                   for d in wiki.digests[:latest]],
        "added": [{"title": p.display_title, "link": link(paper_src(p)), "date": date}
                  for p, date in recently_added(wiki)],
        "month": month,
        "discussed": [{"title": p.display_title, "link": link(paper_src(p)), "digests": n}
                      for p, n in (most_discussed_in(wiki, month) if month else [])],
        "indexes": [{"key": i.key, "src": i.src, "link": link(i.src)} for i in indexes],
    }


def with_home(markdown: str, section: str) -> str | None:
    """The owner's home page with the section in place of the marker (None: no marker)."""
    if MARKER not in markdown:
        return None
    return markdown.replace(MARKER, section, 1)

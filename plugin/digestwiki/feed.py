"""An RSS 2.0 feed of the newest digests (``feed.xml`` at the site root).

Feed readers need absolute links, so the feed is made only when ``site_url`` is set.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from urllib.parse import urljoin

from .escape import one_line, safe_url, xml_text
from .graph import Wiki
from .i18n import Translate, translator
from .model import Digest

FEED_FILE = "feed.xml"
escape = xml_text  # every text and attribute of the feed: XML 1.0 characters only, escaped
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def rfc822(date: str | None) -> str | None:
    """``YYYY-MM-DD`` or ``YYYY-MM`` -> an RFC 822 date (midnight UTC), else None."""
    m = _DATE.match(date or "")
    if not m:
        return None
    try:
        day = dt.datetime(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1),
                          tzinfo=dt.UTC)
    except ValueError:
        return None
    return email.utils.format_datetime(day)


def _description(wiki: Wiki, digest: Digest, t: Translate, limit: int = 30) -> str:
    titles = []
    for entry in digest.entries:
        paper = wiki.paper(entry.id)
        if paper.display_title not in titles:
            titles.append(paper.display_title)
    if not titles:
        return t("feed.mentioned", len({m.id for m in digest.mentions}))
    head = t("feed.reviewed", len(titles))
    shown = titles[:limit] + (["…"] if len(titles) > limit else [])
    return head + "; ".join(shown)


def rss(wiki: Wiki, site_url: str, site_name: str, description: str,
        digest_url: dict[str, str], limit: int = 20, t: Translate | None = None) -> str:
    """The feed's XML. ``digest_url`` maps a digest id to its site-relative URL; ``t`` is the
    site's message catalogue (English by default)."""
    t = t or translator()
    base = site_url if site_url.endswith("/") else site_url + "/"
    items = []
    for digest in wiki.digests[:limit]:
        link = safe_url(urljoin(base, digest_url[digest.id])) or base
        parts = [
            f"      <title>{escape(one_line(digest.title))}</title>",
            f"      <link>{escape(link)}</link>",
            f'      <guid isPermaLink="true">{escape(link)}</guid>',
            f"      <description>{escape(_description(wiki, digest, t))}</description>",
        ]
        when = rfc822(digest.date)
        if when:
            parts.append(f"      <pubDate>{when}</pubDate>")
        parts += [f"      <category>{escape(one_line(tag))}</category>"
                  for tag in digest.tags if one_line(tag).strip()]
        items.append("    <item>\n" + "\n".join(parts) + "\n    </item>")
    newest = next((rfc822(d.date) for d in wiki.digests if rfc822(d.date)), None)
    head = [
        f"    <title>{escape(t('feed.title', site=site_name))}</title>",
        f"    <link>{escape(base)}</link>",
        f"    <description>{escape(description or site_name)}</description>",
        f'    <atom:link href="{escape(urljoin(base, FEED_FILE))}" rel="self" '
        'type="application/rss+xml"/>',
        "    <generator>DigestWiki</generator>",
    ]
    if newest:
        head.append(f"    <lastBuildDate>{newest}</lastBuildDate>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">\n  <channel>\n'
            + "\n".join(head + items) + "\n  </channel>\n</rss>\n")

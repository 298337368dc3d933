"""What a reader gets beyond the digest and paper pages.

The authors index, the years-and-venues view, the RSS feed, "Discussed alongside" rows for
paper pages, citation meta tags (Zotero, Google Scholar) and the head links. Called from
``build.build`` and the plugin's hooks; everything here is plain data in, text out.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import jinja2
from anyascii import anyascii

from .feed import FEED_FILE, rss
from .graph import Paper, Wiki, norm_title
from .related import alongside_map

JS_URI = "assets/digestwiki/digestwiki.js"
AUTHORS_SRC = "authors.md"  # under papers_dir
YEARS_SRC = "years.md"  # under papers_dir


def surname_key(name: str) -> tuple[str, str]:
    """Sort authors by surname (the last word), then by the whole name, ignoring accents."""
    words = name.split()
    last = words[-1] if words else name
    return (anyascii(last).lower(), anyascii(name).lower())


def authors_rows(wiki: Wiki, link: Callable[[Paper], str]) -> list[dict[str, Any]]:
    """One row per author name (as written), with that author's papers newest first."""
    by_author: dict[str, list[Paper]] = {}
    for paper in wiki.papers.values():
        for name in dict.fromkeys(a.strip() for a in paper.authors if a and a.strip()):
            by_author.setdefault(name, []).append(paper)
    rows = []
    for name in sorted(by_author, key=surname_key):
        papers = sorted(by_author[name],
                        key=lambda p: (-(p.year or 0), norm_title(p.display_title)))
        letter = (anyascii(surname_key(name)[0][:1]) or "#").upper()
        rows.append({
            "name": name,
            "letter": letter if letter.isalpha() else "#",
            "papers": [{"title": p.display_title, "link": link(p), "year": p.year,
                        "reviewed": bool(p.reviewed_in), "paper": p} for p in papers],
            "reviewed": sum(1 for p in papers if p.reviewed_in),
        })
    return rows


def years_rows(wiki: Wiki, link: Callable[[Paper], str]) -> list[dict[str, Any]]:
    """Years newest first; in each, venues (known ones first, then preprints) with papers."""
    years: dict[int | None, dict[str, list[Paper]]] = {}
    for paper in wiki.papers.values():
        venue = paper.venue or ("arXiv preprint" if paper.id.startswith("arxiv:") else "Other")
        years.setdefault(paper.year, {}).setdefault(venue, []).append(paper)
    out = []
    for year in sorted(years, key=lambda y: -(y or 0)):
        venues = years[year]
        order = sorted(venues, key=lambda v: (v in ("arXiv preprint", "Other"), v.lower()))
        out.append({
            "year": year or "Unknown year",
            "count": sum(len(v) for v in venues.values()),
            "venues": [{"name": v, "papers": [{"title": p.display_title, "link": link(p),
                                                "mentions": len(p.backlinks), "paper": p}
                                               for p in venues[v]]} for v in order],
        })
    return out


def alongside_rows(wiki: Wiki, link: Callable[[Paper, Paper], str],
                   limit: int = 5) -> dict[str, list[dict[str, Any]]]:
    """Paper id -> "Discussed alongside" rows; ``link(from_paper, to_paper)`` makes the link."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for pid, related in alongside_map(wiki, limit).items():
        paper = wiki.papers[pid]
        rows[pid] = [{"title": r.paper.display_title, "link": link(paper, r.paper),
                      "shared": r.shared, "digests": [d.title for d in r.digests]}
                     for r in related]
    return rows


def render_authors(env: jinja2.Environment, rows: list[dict[str, Any]], front_matter: str) -> str:
    """All authors on one page (``indexes.render_author_indexes`` splits big wikis)."""
    return env.get_template("authors_index.md.j2").render(
        front_matter=front_matter, rows=rows, total=len(rows), pages=None,
        letters=list(dict.fromkeys(r["letter"] for r in rows)))


def render_years(env: jinja2.Environment, rows: list[dict[str, Any]], front_matter: str) -> str:
    """All years on one page (``indexes.render_year_indexes`` splits big wikis)."""
    return env.get_template("years_index.md.j2").render(front_matter=front_matter, rows=rows,
                                                        pages=None)


def feed_xml(wiki: Wiki, site_url: str | None, site_name: str, description: str | None,
             digest_url: dict[str, str]) -> str | None:
    if not site_url:
        return None
    return rss(wiki, site_url, site_name, description or "", digest_url)


# --- the page head -----------------------------------------------------------------------

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")


def citation_meta(paper: Paper) -> list[tuple[str, str]]:
    """Highwire Press tags (what Zotero and Google Scholar read) for a paper page."""
    tags: list[tuple[str, str]] = [("citation_title", paper.display_title)]
    tags += [("citation_author", a) for a in paper.authors if a.strip()]
    published = str(paper.record.get("published") or "")
    m = _DATE.match(published)
    date = m.group(0).replace("-", "/") if m else (str(paper.year) if paper.year else None)
    if date:
        tags.append(("citation_publication_date", date))
        tags.append(("citation_date", date))
    if paper.id.startswith("arxiv:"):
        tags.append(("citation_arxiv_id", paper.id.split(":", 1)[1]))
    if paper.venue:
        tags.append(("citation_conference_title", paper.venue))
    doi = paper.record.get("doi")
    if doi:
        tags.append(("citation_doi", str(doi)))
    if paper.links.get("PDF"):
        tags.append(("citation_pdf_url", paper.links["PDF"]))
    tags.append(("citation_abstract_html_url", paper.url))
    return tags


def head_html(meta: list[tuple[str, str]], feed_href: str | None, feed_title: str) -> str:
    lines = [f'<meta name="{html.escape(n)}" content="{html.escape(v)}">' for n, v in meta]
    if feed_href:
        lines.append(f'<link rel="alternate" type="application/rss+xml" '
                     f'title="{html.escape(feed_title)}" href="{html.escape(feed_href)}">')
    return "\n".join(lines)


def inject_head(page_html: str, snippet: str) -> str:
    """Put ``snippet`` at the end of the page's ``<head>``."""
    if not snippet:
        return page_html
    at = page_html.find("</head>")
    if at < 0:
        return page_html
    return page_html[:at] + snippet + "\n" + page_html[at:]


__all__ = ["FEED_FILE", "JS_URI", "add_reader_files", "alongside_rows", "authors_rows",
           "citation_meta", "feed_xml", "head_html", "inject_head", "paper_alongside",
           "render_authors", "render_years", "years_rows"]


def add_reader_files(wiki: Wiki, layout: Any, env: jinja2.Environment, config: Any,
                     files: Any, add: Callable[..., None], front_matter: Callable[[dict], str],
                     assets_dir: Any) -> None:
    """feed.xml and the script, into ``files`` (the indexes: ``indexes.add_indexes``).

    ``add(src, content)`` adds a generated page (the build's helper). A hand-written page of
    the same path in docs/ wins over a generated one.
    """
    from mkdocs.structure.files import File

    digest_url = {d.id: layout.url(layout.digest_src(d)) for d in wiki.digests}
    feed = feed_xml(wiki, config.site_url, config.site_name, config.site_description, digest_url)
    if feed is not None:
        add(FEED_FILE, feed)
    if files.get_file_from_path(JS_URI) is None:
        files.append(File.generated(config, JS_URI, abs_src_path=str(assets_dir / "digestwiki.js")))


def paper_alongside(wiki: Wiki, layout: Any, limit: int = 5) -> dict[str, list[dict[str, Any]]]:
    """"Discussed alongside" rows for every paper, with links from its own page."""
    return alongside_rows(
        wiki, lambda a, b: layout.linker(layout.paper_src(a)).md(layout.paper_src(b)), limit)

"""What a reader gets beyond the digest and paper pages.

The authors index, the years-and-venues view, the RSS feed, "Discussed alongside" rows for
paper pages, citation meta tags (Zotero, Google Scholar) and the head links. Called from
``generate.generate`` and the plugin's hooks; everything here is plain data in, text out.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

import jinja2
from anyascii import anyascii

from .escape import html_attr, one_line, safe_url
from .escape import md_text as md_escape
from .feed import FEED_FILE, rss
from .graph import Paper, Wiki, norm_title
from .home import HOME_SRC, MARKER, IndexLink, home_context, with_home
from .i18n import Translate, js_strings, translator
from .readerhtml import annotate_rows, not_found, strings_script, tags_below_meta
from .related import alongside_map
from .render import front_matter, translator_of

JS_URI = "assets/digestwiki/digestwiki.js"
AUTHORS_SRC = "authors.md"  # under papers_dir
YEARS_SRC = "years.md"  # under papers_dir


_ARTICLE = re.compile(r"^(?:a|an|the)\s+", re.IGNORECASE)


def sort_title(title: str) -> str:
    """How titles sort everywhere (Python here, assets/digestwiki.js the same way): lower
    case, a leading English article ("A", "An", "The") ignored."""
    return _ARTICLE.sub("", " ".join(title.split()).lower(), count=1)


def nicknames(paper: Paper) -> list[str]:
    """Short names a reader may look a paper up by: the name before a title's colon
    ("RepMLP"), and titles the digests wrote differently from the paper's own."""
    names: list[str] = []
    head = paper.display_title.split(":", 1)[0].strip() if ":" in paper.display_title else ""
    if head and len(head.split()) <= 3:
        names.append(head)
    for b in paper.backlinks:
        written = (b.title_as_written or "").strip()
        if written and norm_title(written) != norm_title(paper.display_title):
            names.append(written)
    return list(dict.fromkeys(names))


def filter_data(paper: Paper) -> dict[str, str]:
    """The data attributes an index row of ``paper`` carries for the filter and the sort.

    ``data-dw-authors`` / ``data-dw-names``: "; "-separated; ``data-dw-ids``: the canonical
    id, its aliases and their bare forms ("arxiv:2007.10909 2007.10909"), space-separated;
    ``data-dw-sort``: :func:`sort_title`; ``data-dw-year``: the year, empty when unknown."""
    ids = [paper.id, *paper.aliases]
    bare = [i.split(":", 1)[1] for i in ids if ":" in i]
    return {
        "data-dw-authors": "; ".join(a.strip() for a in paper.authors if a.strip()),
        "data-dw-ids": " ".join(dict.fromkeys(ids + bare)),
        "data-dw-names": "; ".join(nicknames(paper)),
        "data-dw-sort": sort_title(paper.display_title),
        "data-dw-year": str(paper.year or ""),
    }


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
                        key=lambda p: (-(p.year or 0), sort_title(p.display_title)))
        letter = (anyascii(surname_key(name)[0][:1]) or "#").upper()
        rows.append({
            "name": name,
            "letter": letter if letter.isalpha() else "#",
            "papers": [{"title": p.display_title, "link": link(p), "year": p.year,
                        "reviewed": bool(p.reviewed_in), "paper": p} for p in papers],
            "reviewed": sum(1 for p in papers if p.reviewed_in),
        })
    return rows


PREPRINT = "arXiv preprint"  # the venue group of arXiv papers without a venue
OTHER = "Other"  # and of the other papers without one
UNKNOWN_YEAR = "Unknown year"  # the year group of papers without a year (its anchor, its page)


def years_rows(wiki: Wiki, link: Callable[[Paper], str]) -> list[dict[str, Any]]:
    """Years newest first; in each, venues (known ones first, then preprints) with papers.

    ``year`` and a venue's ``name`` are keys (anchors and page names come from them); the
    template shows them in the site's language: ``known`` says the year is a real one, a
    venue's ``kind`` is ``venue``, ``preprint`` or ``other``."""
    years: dict[int | None, dict[str, list[Paper]]] = {}
    for paper in wiki.papers.values():
        venue = paper.venue or (PREPRINT if paper.id.startswith("arxiv:") else OTHER)
        years.setdefault(paper.year, {}).setdefault(venue, []).append(paper)
    kinds = {PREPRINT: "preprint", OTHER: "other"}
    out = []
    for year in sorted(years, key=lambda y: -(y or 0)):
        venues = years[year]
        order = sorted(venues, key=lambda v: (v in kinds, v.lower()))
        out.append({
            "year": year or UNKNOWN_YEAR,
            "known": bool(year),
            "count": sum(len(v) for v in venues.values()),
            "venues": [{"name": v, "kind": kinds.get(v, "venue"),
                        "papers": [{"title": p.display_title, "link": link(p),
                                    "mentions": len(p.backlinks), "paper": p}
                                   for p in venues[v]]} for v in order],
        })
    return out


def alongside_rows(wiki: Wiki, link: Callable[[Paper, Paper], str], limit: int = 5,
                   papers: Iterable[str] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Paper id -> "Discussed alongside" rows (of every paper, or of ``papers``);
    ``link(from_paper, to_paper)`` makes the link."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for pid, related in alongside_map(wiki, limit, papers).items():
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
             digest_url: dict[str, str], t: Translate | None = None) -> str | None:
    if not site_url:
        return None
    return rss(wiki, site_url, site_name, description or "", digest_url, t=t)


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
    pdf = safe_url(paper.links.get("PDF"))
    if pdf:
        tags.append(("citation_pdf_url", pdf))
    abstract = safe_url(paper.url)
    if abstract:
        tags.append(("citation_abstract_html_url", abstract))
    return [(name, one_line(value)) for name, value in tags if one_line(value).strip()]


def head_html(meta: list[tuple[str, str]], feed_href: str | None, feed_title: str) -> str:
    lines = [f'<meta name="{html_attr(n)}" content="{html_attr(v)}">' for n, v in meta]
    href = safe_url(feed_href, relative=True) if feed_href else None
    if href:
        lines.append(f'<link rel="alternate" type="application/rss+xml" '
                     f'title="{html_attr(feed_title)}" href="{html_attr(href)}">')
    return "\n".join(lines)


def finish_page(output: str, result: Any, src: str, url: str, site_name: str,
                language: str) -> str:
    """A rendered page's last touches: citation meta tags (paper pages), the feed link and
    the index script's strings in the head (every page), tags under a digest's header."""
    from mkdocs.utils import get_relative_url

    paper = result.paper_by_src.get(src)
    feed = None
    if result.files.get_file_from_path(FEED_FILE):
        # Relative: Material fetches sitemap.xml beside every rel=alternate link, so an
        # absolute link to the published site would fail on a local or offline copy.
        feed = get_relative_url(FEED_FILE, url)
    if src in result.digest_by_src:
        output = tags_below_meta(output)
    head = head_html(citation_meta(paper) if paper else [], feed,
                     translator(language)("feed.title", site=site_name))
    return inject_head(output, head + "\n" + _strings(language))


@functools.lru_cache(maxsize=8)
def _strings(language: str) -> str:
    """The script's strings: the same on every page of a language, so made once."""
    return strings_script(js_strings(language))


def inject_head(page_html: str, snippet: str) -> str:
    """Put ``snippet`` at the end of the page's ``<head>``."""
    if not snippet:
        return page_html
    at = page_html.find("</head>")
    if at < 0:
        return page_html
    return page_html[:at] + snippet + "\n" + page_html[at:]


__all__ = ["FEED_FILE", "JS_URI", "reader_files", "alongside_rows", "authors_rows",
           "citation_meta", "feed_xml", "head_html", "inject_head", "paper_alongside",
           "render_authors", "render_years", "years_rows"]


def reader_files(wiki: Wiki, layout: Any, env: jinja2.Environment, site_name: str,
                 site_url: str | None, site_description: str | None,
                 exists: Callable[[str], bool]) -> list[tuple[str, str]]:
    """feed.xml and, without a hand-written docs/index.md, the home page, as ``(src, text)``
    (the indexes: ``indexes.index_files``). The home page's generated section is filled in
    by :func:`home_markdown`, as for an owner's own index.md."""
    t = translator_of(env)
    out = []
    digest_url = {d.id: layout.url(layout.digest_src(d)) for d in wiki.digests}
    feed = feed_xml(wiki, site_url, site_name, site_description, digest_url, t)
    if feed is not None:
        out.append((FEED_FILE, feed))
    if not exists(HOME_SRC):
        fm = front_matter({"title": site_name})
        out.append((HOME_SRC, f"---\n{fm}\n---\n# {md_escape(site_name)}\n\n{MARKER}\n"))
    return out


def index_links(has: Callable[[str], bool], layout: Any) -> list[IndexLink]:
    """Every index a reader can start from, as far as this build has it (``has(src)``)."""
    papers = layout.papers_dir
    candidates = [IndexLink("index.digests", layout.digests_index_src()),
                  IndexLink("index.papers", layout.papers_index_src()),
                  IndexLink("index.authors", f"{papers}/{AUTHORS_SRC}"),
                  IndexLink("index.years", f"{papers}/{YEARS_SRC}"),
                  IndexLink("index.tags", "tags.md"),
                  IndexLink("index.stats", "stats.md"),
                  IndexLink("index.feed", FEED_FILE),
                  IndexLink("papers.json", "papers.json"),
                  IndexLink("papers.bib", "papers.bib")]
    return [c for c in candidates if has(c.src)]


def readable_anchors(extensions: list[str], configs: dict[str, Any]) -> None:
    """Headings in any script get readable anchors (``## 요약`` -> ``#요약``, not ``#_1``):
    Python-Markdown's default slugify keeps ASCII only. A site that chose its own slugify
    keeps it."""
    if "toc" not in extensions:
        return
    toc = configs.setdefault("toc", {})
    if "slugify" not in toc:
        from pymdownx.slugs import slugify

        toc["slugify"] = slugify(case="lower")


def index_row_data(wiki: Wiki, layout: Any, src: str, content: str) -> str:
    """Filter data on the rows of an index table (``data-dw-table``) that link papers."""
    if "data-dw-table" not in content:
        return content
    links = layout.linker(src)
    return annotate_rows(content, lambda: {links.html(layout.paper_src(p)): filter_data(p)
                                           for p in wiki.papers.values()})


def not_found_page(page: str, has: Callable[[str], bool], layout: Any, site_url: str | None,
                   t: Translate) -> str:
    """Material's 404.html in the site's language, linking home and to every index."""
    base = urlsplit(site_url or "/").path or "/"
    base = base if base.endswith("/") else base + "/"
    links = [(t("404.home"), base)]
    links += [(t(i.key, default=i.src), base + layout.url(i.src))
              for i in index_links(has, layout) if i.src.endswith(".md")]
    return not_found(page, t, links)


def home_markdown(markdown: str, wiki: Wiki, layout: Any, has: Callable[[str], bool],
                  env: jinja2.Environment,
                  today: dt.date | None = None) -> str | None:
    """The home page with its generated section (None when it holds no marker)."""
    if MARKER not in markdown:
        return None
    links = layout.linker(HOME_SRC)
    context = home_context(wiki, links.md, layout.digest_src, layout.paper_src,
                           index_links(has, layout), today)
    return with_home(markdown, env.get_template("home.md.j2").render(**context))


def paper_alongside(wiki: Wiki, layout: Any, limit: int = 5, papers: Iterable[str] | None = None
                    ) -> dict[str, list[dict[str, Any]]]:
    """"Discussed alongside" rows for every paper (or those of ``papers``), with links from
    its own page."""
    return alongside_rows(
        wiki, lambda a, b: layout.linker(layout.paper_src(a)).md(layout.paper_src(b)), limit,
        papers)

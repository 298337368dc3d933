"""Wiki -> the Markdown of every generated page, and the machine-readable outputs.

Pages come from Jinja templates (``templates/``) that a site owner can override by putting a
file of the same name in the folder named by the ``templates_dir`` option.
"""

from __future__ import annotations

import html
import json
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml

from . import escape
from .body import PageLinks, render_body
from .graph import Backlink, Paper, Wiki
from .i18n import FALLBACK, Translate, join_fields, period_title, translator
from .links import Linker, page_url
from .model import Digest


def page_name(note_id: str) -> str:
    """A note's page name: its file name, with the characters that break a URL (``#``, ``%``,
    ``?``) written as ``-``, so a note named ``a#b.md`` still gets a working page."""
    return re.sub(r"[#%?\\]", "-", note_id)


@dataclass(frozen=True)
class Layout:
    """Where each kind of page lives in the site (source paths, relative to docs_dir)."""

    digests_dir: str = "digests"
    papers_dir: str = "papers"
    use_directory_urls: bool = True

    def digest_src(self, digest: Digest) -> str:
        return f"{self.digests_dir}/{page_name(digest.id)}.md"

    def digest_bib_src(self, digest: Digest) -> str:
        return f"{self.digests_dir}/{page_name(digest.id)}.bib"

    def paper_src(self, paper: Paper) -> str:
        return f"{self.papers_dir}/{paper.slug}.md"

    def alias_src(self, alias_slug: str) -> str:
        return f"{self.papers_dir}/{alias_slug}.md"

    def papers_index_src(self) -> str:
        return f"{self.papers_dir}/index.md"

    def digests_index_src(self) -> str:
        return f"{self.digests_dir}/index.md"

    def url(self, src: str) -> str:
        return page_url(src, self.use_directory_urls)

    def linker(self, src: str) -> Linker:
        return Linker(src, self.use_directory_urls)


def environment(templates_dir: Path | None = None, language: str = FALLBACK
                ) -> jinja2.Environment:
    """Templates (the owner's first) with ``t()``, the message catalogue in ``language``."""
    loaders: list[jinja2.BaseLoader] = []
    if templates_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(templates_dir)))
    loaders.append(jinja2.PackageLoader("digestwiki", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # Markdown, not HTML: values go through the |md filter instead
        undefined=jinja2.ChainableUndefined,  # missing metadata fields are simply absent
        # One environment per build: no need to stat a template file on each of its pages.
        auto_reload=False,
    )
    # Every value a contributor or a service wrote reaches a page through one of these.
    env.filters["md"] = escape.md_text
    env.filters["code"] = escape.md_code
    env.filters["fence"] = escape.md_fence
    env.filters["url"] = lambda value: escape.safe_url(value) or ""
    env.filters["url_part"] = escape.url_part
    env.filters["html"] = escape.html_text
    t = env.globals["t"] = translator(language)
    env.globals["period"] = lambda key: period_title(str(key), t)  # 2021-06 -> 2021년 6월
    env.globals["language"] = language
    return env


def translator_of(env: jinja2.Environment) -> Translate:
    """The ``t()`` an environment was made with (English for one made elsewhere)."""
    t = env.globals.get("t")
    return t if callable(t) else translator()  # type: ignore[return-value]


# libyaml's C dumper writes the same YAML as the Python one, ten times faster (one front
# matter per generated page); the pure-Python dumper stands in where libyaml is missing.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def front_matter(data: dict[str, Any]) -> str:
    """YAML front matter; the values the theme prints raw (title, tags...) are HTML-escaped."""
    return yaml.dump(escape.meta_for_theme(data), Dumper=_DUMPER, allow_unicode=True,
                     sort_keys=False, width=10_000).strip()


def render_digest(env: jinja2.Environment, wiki: Wiki, digest: Digest, layout: Layout,
                  asset_exists: Callable[[str], bool], bib_url: str | None = None) -> str:
    src = layout.digest_src(digest)

    def paper_src(paper_id: str) -> str | None:
        try:
            return layout.paper_src(wiki.paper(paper_id))
        except KeyError:
            return None

    links = PageLinks(
        linker=layout.linker(src), paper_src=paper_src,
        title_of=lambda entry: entry.title or wiki.paper(entry.id).display_title,
        paper_title=lambda paper_id: wiki.paper(paper_id).display_title,
        asset_exists=asset_exists)
    body = render_body(digest, links)
    heading, body = split_own_h1(body)
    title = drop_date_prefix(digest.title)
    meta: dict[str, Any] = {"title": title}
    if digest.tags:
        meta["tags"] = digest.tags
    if digest.date:
        meta["date"] = digest.date
    meta["digestwiki"] = {"kind": "digest", "source": digest.source}
    return env.get_template("digest.md.j2").render(
        front_matter=front_matter(meta), digest=digest, body=body,
        heading=drop_date_prefix(heading) if heading else escape.md_text(title),
        reviewed_count=len(digest.entries),
        mention_count=len({m.id for m in digest.mentions}), bib_url=bib_url,
        # "Copy all BibTeX": Material's clipboard handler copies a data-clipboard-text value
        bib_copy=html.escape(digest_bib(wiki, digest)).replace("\n", "&#10;") if bib_url else None,
    )


# A date a note's title starts with ("210508 ...", "2021-05-08 ...", "2021.05.08: ..."): the
# header line shows the date already, and the sidebar never shows it.
_DATE_PREFIX = re.compile(r"^\s*(?:\d{8}|\d{6}|\d{4}[-./]\d{1,2}[-./]\d{1,2}\.?)"
                          r"(?:\s*[-–—:|·]\s*|\s+)(?=\S)")
_H1 = re.compile(r"^# (?!#)(.*\S)\s*$")


def drop_date_prefix(title: str) -> str:
    """``210508 최근 논문들`` -> ``최근 논문들``; a title that is only a date stays as it is."""
    return _DATE_PREFIX.sub("", title, count=1)


def split_own_h1(body: str) -> tuple[str | None, str]:
    """A note's own first-line H1 (its text, as Markdown) and the body without it.

    The page prints one H1 (the note's own, else its title) with the date line under it; the
    rest of the body is passed through untouched."""
    lines = body.split("\n")
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        m = _H1.match(line)
        if not m:
            return None, body
        return m.group(1), "\n".join(lines[i + 1:]).lstrip("\n")
    return None, body


def _backlink_rows(
    backlinks: list[Backlink], links: Linker, layout: Layout, undated: str = "undated"
) -> list[dict[str, Any]]:
    return [
        {
            "date": b.digest.date or undated,
            "title": drop_date_prefix(b.digest.title),
            "link": links.md(layout.digest_src(b.digest), b.anchor),
            "context": b.context,
        }
        for b in backlinks
    ]


def incomplete_tip(t: Translate, paper: Paper) -> str | None:
    """The "details incomplete" marker's tooltip, or None when the metadata is complete.

    Readers see the marker; the instruction to run `digestwiki refresh` is for contributors
    and comes from lint and the pull-request check instead."""
    if not paper.missing:
        return None
    return t("paper.incomplete_tip", fields=join_fields(t, list(paper.missing)))


def render_paper(env: jinja2.Environment, paper: Paper, layout: Layout,
                 alongside: list[dict[str, Any]] | None = None,
                 edit_url: Callable[[str], str | None] | None = None) -> str:
    """A paper's page. ``edit_url(note source)`` makes the "edit a note" menu's links."""
    src = layout.paper_src(paper)
    links = layout.linker(src)
    t = translator_of(env)
    meta: dict[str, Any] = {
        "title": paper.display_title,
        "digestwiki": {"kind": "paper", "id": paper.id},
    }
    edits = []
    for b in paper.reviewed_in if edit_url else []:
        url = edit_url(b.digest.source) if edit_url else None
        if url:
            edits.append({"url": url, "title": drop_date_prefix(b.digest.title),
                          "date": b.digest.date or t("digest.undated")})
    return env.get_template("paper.md.j2").render(
        front_matter=front_matter(meta), paper=paper, record=paper.record,
        reviewed=_backlink_rows(paper.reviewed_in, links, layout, t("digest.undated")),
        mentioned=_backlink_rows(paper.mentioned_in, links, layout, t("digest.undated")),
        alongside=alongside or [], incomplete=incomplete_tip(t, paper), edits=edits,
    )


def render_alias(env: jinja2.Environment, alias: str, alias_slug: str, paper: Paper,
                 layout: Layout) -> str:
    """A page at an alias id's URL that sends the reader to the paper's one page."""
    src = layout.alias_src(alias_slug)
    links = layout.linker(src)
    target = layout.paper_src(paper)
    return env.get_template("alias.md.j2").render(
        front_matter=front_matter({"title": paper.display_title, "search": {"exclude": True},
                                   "digestwiki": {"kind": "alias", "id": alias}}),
        alias=alias, paper=paper, target_url=links.html(target), target_link=links.md(target),
    )


def render_papers_index(env: jinja2.Environment, wiki: Wiki, layout: Layout,
                        page_size: int = 10**9) -> str:
    """The papers index page (``indexes.render_paper_indexes`` makes all of its pages)."""
    from .indexes import render_paper_indexes

    return render_paper_indexes(env, wiki, layout.papers_dir, layout.paper_src,
                                layout.digest_src, front_matter, page_size, layout.url)[0].content


def render_digests_index(env: jinja2.Environment, wiki: Wiki, layout: Layout) -> str:
    """The digests index page (``indexes.render_digest_indexes`` makes the year pages too)."""
    from .indexes import render_digest_indexes

    return render_digest_indexes(env, wiki, layout.digests_dir, layout.digest_src,
                                 front_matter)[1][0].content


def papers_json(wiki: Wiki, layout: Layout,
                paper_item: Callable[[Paper], str] | None = None,
                digest_item: Callable[[Digest], str] | None = None) -> str:
    """``papers.json``: the documented, versioned shape other tools read.

    Written item by item exactly as ``json.dumps(..., indent=2)`` writes the whole, so a
    caller may hand in each item from a cache (``paper_item``, ``digest_item``; see
    generate.py)."""
    d_item = digest_item or (lambda d: json_item(digest_record(wiki, d, layout)))
    digests = [d_item(d) for d in wiki.digests]
    item = paper_item or (lambda paper: json_item(paper_record(paper, layout)))
    papers = [item(paper) for paper in wiki.papers.values()]
    # One join: concatenating would copy the whole text a few times (100 MB each at 30,000
    # papers) while the items are still held.
    return "".join(['{\n  "version": 1,\n  "digests": ', *_json_list(digests),
                    ',\n  "papers": ', *_json_list(papers), "\n}\n"])


def digest_record(wiki: Wiki, d: Digest, layout: Layout) -> dict[str, Any]:
    return {
        "id": d.id,
        "title": d.title,
        "date": d.date,
        "date_inferred": d.date_inferred,
        "url": layout.url(layout.digest_src(d)),
        "source": d.source,
        "tags": d.tags,
        "papers": [wiki.aliases.get(e.id, e.id) for e in d.entries],
    }


def paper_record(paper: Paper, layout: Layout) -> dict[str, Any]:
    return {
        "id": paper.id,
        "aliases": paper.aliases,
        "title": paper.title,
        "authors": paper.authors,
        "year": paper.year,
        "venue": paper.venue,
        "url": paper.url,
        "page": layout.url(layout.paper_src(paper)),
        "bibtex_key": paper.bibtex_key,
        "bibtex": paper.bibtex,
        "metadata_complete": not paper.missing,
        "mentions": [
            {
                "digest": b.digest.id,
                "url": layout.url(layout.digest_src(b.digest)) + f"#{b.anchor}",
                "role": b.role,
                "line": b.line,
                "id": b.id_as_written,
                "title": b.title_as_written,
                "authors": b.authors_as_written,
                "context": b.context,
            }
            for b in paper.backlinks
        ],
    }


def json_item(value: Any) -> str:
    """One element of a top-level list of papers.json, as ``indent=2`` writes it there.

    Written here rather than by ``json.dumps(indent=2)``: its pure-Python encoder leaves a
    cycle of closures behind on every call, garbage that stays until the cycle collector
    runs, and the build pauses it (build.collector_paused): 60 MB at 30,000 papers."""
    return _indented(value, "    ")


def _indented(value: Any, pad: str) -> str:
    """``value`` as ``json.dumps(indent=2)`` writes it, each line after ``pad``."""
    if isinstance(value, str):
        return pad + _json_string(value)
    if type(value) is int:
        return pad + str(value)
    if value is None or value is True or value is False:
        return pad + _JSON_CONSTANTS[value]
    inner = pad + "  "
    if isinstance(value, dict) and value and all(isinstance(k, str) for k in value):
        items = [f"{inner}{_json_string(k)}: " + _indented(v, inner)[len(inner):]
                 for k, v in value.items()]
        return f"{pad}{{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list | tuple) and value:
        return f"{pad}[\n" + ",\n".join(_indented(v, inner) for v in value) + f"\n{pad}]"
    if isinstance(value, dict) and value:  # keys other than strings, as json.dumps makes them
        return textwrap.indent(json.dumps(value, ensure_ascii=False, indent=2), pad)
    return pad + json.dumps(value, ensure_ascii=False)


_json_string = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) uses
_JSON_CONSTANTS = {None: "null", True: "true", False: "false"}


def _json_list(items: list[str]) -> list[str]:
    """The pieces of a top-level list of papers.json, to be joined."""
    if not items:
        return ["[]"]
    pieces = ["[\n"]
    for item in items:
        pieces += (item, ",\n")
    pieces[-1] = "\n  ]"
    return pieces


def papers_bib(wiki: Wiki) -> str:
    return "\n".join(p.bibtex for p in sorted(wiki.papers.values(), key=lambda p: p.bibtex_key))


def digest_bib(wiki: Wiki, digest: Digest) -> str:
    """The entries a digest reviews, in its order, for its "Copy all BibTeX" and .bib download."""
    seen: list[str] = []
    for entry in digest.entries:
        pid = wiki.aliases.get(entry.id, entry.id)
        if pid not in seen:
            seen.append(pid)
    return "\n".join(wiki.papers[pid].bibtex for pid in seen)

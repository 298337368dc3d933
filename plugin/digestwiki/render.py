"""Wiki -> the Markdown of every generated page, and the machine-readable outputs.

Pages come from Jinja templates (``templates/``) that a site owner can override by putting a
file of the same name in the folder named by the ``templates_dir`` option.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml

from .digestpage import md_escape, render_markdown, render_plaintext
from .graph import Backlink, Paper, Wiki
from .links import Linker, page_url
from .model import Digest, Entry


@dataclass(frozen=True)
class Layout:
    """Where each kind of page lives in the site (source paths, relative to docs_dir)."""

    digests_dir: str = "digests"
    papers_dir: str = "papers"
    use_directory_urls: bool = True

    def digest_src(self, digest: Digest) -> str:
        return f"{self.digests_dir}/{digest.id}.md"

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


def environment(templates_dir: Path | None = None) -> jinja2.Environment:
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
    )
    env.filters["md"] = lambda value: md_escape(str(value))
    return env


# libyaml's C dumper writes the same YAML as the Python one, ten times faster (one front
# matter per generated page); the pure-Python dumper stands in where libyaml is missing.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def front_matter(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False,
                     width=10_000).strip()


def _digest_title_of(wiki: Wiki) -> Callable[[Entry], str]:
    def title_of(entry: Entry) -> str:
        return entry.title or wiki.paper(entry.id).display_title

    return title_of


def _slug_of(wiki: Wiki) -> Callable[[str], str]:
    return lambda paper_id: wiki.paper(paper_id).slug


def render_digest(env: jinja2.Environment, wiki: Wiki, digest: Digest, layout: Layout,
                  asset_exists: Callable[[str], bool], bib_url: str | None = None) -> str:
    src = layout.digest_src(digest)
    links = layout.linker(src)
    if digest.shape == "plaintext":
        body = render_plaintext(digest, links, layout.papers_dir, _digest_title_of(wiki),
                                _slug_of(wiki))
    else:
        body = render_markdown(digest, links, layout.papers_dir, _digest_title_of(wiki),
                               _slug_of(wiki), asset_exists)
    first = next((line for line in body.split("\n") if line.strip()), "")
    own_h1 = first.startswith("# ")
    meta: dict[str, Any] = {"title": digest.title}
    if digest.tags:
        meta["tags"] = digest.tags
    if digest.date:
        meta["date"] = digest.date
    meta["digestwiki"] = {"kind": "digest", "source": digest.source}
    return env.get_template("digest.md.j2").render(
        front_matter=front_matter(meta), digest=digest, body=body, own_h1=own_h1,
        mention_count=len({m.id for m in digest.mentions}), bib_url=bib_url,
        # "Copy all BibTeX": Material's clipboard handler copies a data-clipboard-text value
        bib_copy=html.escape(digest_bib(wiki, digest)).replace("\n", "&#10;") if bib_url else None,
    )


def _backlink_rows(
    backlinks: list[Backlink], links: Linker, layout: Layout
) -> list[dict[str, Any]]:
    return [
        {
            "date": b.digest.date or "undated",
            "title": b.digest.title,
            "link": links.md(layout.digest_src(b.digest), b.anchor),
            "context": b.context,
        }
        for b in backlinks
    ]


def render_paper(env: jinja2.Environment, paper: Paper, layout: Layout,
                 alongside: list[dict[str, Any]] | None = None) -> str:
    src = layout.paper_src(paper)
    links = layout.linker(src)
    meta: dict[str, Any] = {
        "title": paper.display_title,
        "digestwiki": {"kind": "paper", "id": paper.id},
    }
    if paper.reviewed_in:
        meta["digestwiki"]["edit_source"] = paper.reviewed_in[-1].digest.source
    return env.get_template("paper.md.j2").render(
        front_matter=front_matter(meta), paper=paper, record=paper.record,
        reviewed=_backlink_rows(paper.reviewed_in, links, layout),
        mentioned=_backlink_rows(paper.mentioned_in, links, layout),
        alongside=alongside or [],
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


def papers_json(wiki: Wiki, layout: Layout) -> str:
    """``papers.json``: the documented, versioned shape other tools read."""
    digests = [
        {
            "id": d.id,
            "title": d.title,
            "date": d.date,
            "date_inferred": d.date_inferred,
            "url": layout.url(layout.digest_src(d)),
            "source": d.source,
            "tags": d.tags,
            "papers": [wiki.aliases.get(e.id, e.id) for e in d.entries],
        }
        for d in wiki.digests
    ]
    papers = []
    for paper in wiki.papers.values():
        papers.append({
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
                    "context": b.context,
                }
                for b in paper.backlinks
            ],
        })
    return json.dumps({"version": 1, "digests": digests, "papers": papers},
                      ensure_ascii=False, indent=2) + "\n"


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

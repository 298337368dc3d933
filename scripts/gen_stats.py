"""The statistics page (stats.md), generated at build time by mkdocs-gen-files.

An example of a site owner's own generated page: it reads the wiki through digestwiki's
public API (``digestwiki.api.current_wiki``: the wiki the build assembled) and writes Markdown with
inline SVG charts. mkdocs.yml runs it with:

    plugins:
      - gen-files:
          scripts: [scripts/gen_stats.py]
"""

from __future__ import annotations

import posixpath

import mkdocs_gen_files
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs_gen_files.editor import FilesEditor

from digestwiki.api import current_wiki
from digestwiki.bibtex import RegistryError
from digestwiki.escape import md_text as md_escape
from digestwiki.identity import slug
from digestwiki.metadata.cache import CacheError
from digestwiki.stats import (
    Bar,
    bar_chart,
    column_chart,
    most_discussed,
    most_reviewed_authors,
    per_month,
)

editor = FilesEditor.current()
config = editor.config
try:
    wiki = current_wiki(config.config_file_path)
except (CacheError, RegistryError, MkDocsException, OSError) as exc:
    # This script runs before the wiki plugin: say what is wrong, as the plugin would.
    raise PluginError(f"statistics page: {exc}") from exc
options = next((p.config for name, p in config.plugins.items() if name == "digestwiki"), None)
papers_dir = (options.papers_dir if options is not None else "papers").strip("/")


def paper_md(paper_id: str) -> str:
    return posixpath.join(papers_dir, slug(paper_id) + ".md")


def figure(svg: str) -> str:
    return f'<figure class="dw-figure" data-search-exclude>\n{svg}\n</figure>' if svg else ""


months = per_month(wiki)
reviewed = {p.id for p in wiki.papers.values() if p.reviewed_in}
authors = {a for p in wiki.papers.values() for a in p.authors}
lines = [
    "---",
    "title: Statistics",
    "search:",
    "  exclude: true",
    "---",
    "# Statistics",
    "",
    f"**{len(wiki.digests)}** digests · **{len(wiki.papers)}** papers "
    f"(**{len(reviewed)}** reviewed, **{len(wiki.papers) - len(reviewed)}** only mentioned) · "
    f"**{len(authors)}** authors.",
    "",
    "## Digests per month",
    "",
    figure(column_chart([Bar(m, d, f"{m}: {d} digest(s)") for m, d, _ in months],
                        "Digests per month")),
    "",
    "## Papers reviewed per month",
    "",
    figure(column_chart([Bar(m, p, f"{m}: {p} paper(s) reviewed") for m, _, p in months],
                        "Papers reviewed per month")),
    "",
    "## Most discussed papers",
    "",
]
top = most_discussed(wiki)
if top:
    lines += [figure(bar_chart([Bar(p.display_title, n) for p, n in top],
                               "Papers by number of digests")), "",
              "| Paper | Digests |", "| --- | ---: |"]
    lines += [f"| [{md_escape(p.display_title)}]({paper_md(p.id)}) | {n} |" for p, n in top]
else:
    lines.append("No paper is discussed in more than one digest yet.")
lines += ["", "## Most reviewed authors", ""]
top_authors = most_reviewed_authors(wiki)
lines.append(figure(bar_chart([Bar(name, n) for name, n in top_authors],
                              "Authors by number of reviewed papers")))
lines += ["", f"All authors: [the authors index]({posixpath.join(papers_dir, 'authors.md')}).", ""]

with mkdocs_gen_files.open("stats.md", "w") as fh:
    fh.write("\n".join(lines))

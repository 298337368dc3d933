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
from digestwiki.i18n import language_of, period_title, translator
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
t = translator(language_of(config.theme))  # the site's language, as the plugin's pages


def paper_md(paper_id: str) -> str:
    return posixpath.join(papers_dir, slug(paper_id) + ".md")


def figure(svg: str) -> str:
    return f'<figure class="dw-figure" data-search-exclude>\n{svg}\n</figure>' if svg else ""


months = per_month(wiki)


def month_tip(key: str, month: str, n: int) -> str:
    """A bar's tooltip: the month as the site says it (2021년 6월), the axis keeps 2021-06."""
    return t(key, n, month=period_title(month, t))


reviewed = {p.id for p in wiki.papers.values() if p.reviewed_in}
authors = {a for p in wiki.papers.values() for a in p.authors}
lines = [
    "---",
    f"title: {t('stats.title')}",
    "search:",
    "  exclude: true",
    "---",
    f"# {t('stats.title')}",
    "",
    t("stats.summary", digests=len(wiki.digests), papers=len(wiki.papers),
      reviewed=len(reviewed), mentioned=len(wiki.papers) - len(reviewed), authors=len(authors)),
    "",
    f"## {t('stats.digests_per_month')}",
    "",
    figure(column_chart([Bar(m, d, month_tip("stats.digests_tip", m, d)) for m, d, _ in months],
                        t("stats.digests_per_month"))),
    "",
    f"## {t('stats.papers_per_month')}",
    "",
    figure(column_chart([Bar(m, p, month_tip("stats.papers_tip", m, p)) for m, _, p in months],
                        t("stats.papers_per_month"))),
    "",
    f"## {t('stats.most_discussed')}",
    "",
]
top = most_discussed(wiki)
if top:
    lines += [figure(bar_chart([Bar(p.display_title, n) for p, n in top],
                               t("stats.by_digests"))), "",
              f"| {t('stats.paper')} | {t('stats.digests')} |", "| --- | ---: |"]
    lines += [f"| [{md_escape(p.display_title)}]({paper_md(p.id)}) | {n} |" for p, n in top]
else:
    lines.append(t("stats.none_discussed"))
lines += ["", f"## {t('stats.authors')}", ""]
top_authors = most_reviewed_authors(wiki)
lines.append(figure(bar_chart([Bar(name, n) for name, n in top_authors],
                              t("stats.authors_chart"))))
lines += ["", t("stats.all_authors", link=posixpath.join(papers_dir, "authors.md")), ""]

with mkdocs_gen_files.open("stats.md", "w") as fh:
    fh.write("\n".join(lines))

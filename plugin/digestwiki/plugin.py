"""The MkDocs hooks. Each is a few lines that hand plain data to the pipeline stages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import TemplateContext

from . import build, reader, search
from .config import PluginConfig, Settings, settings_from
from .indexes import nicknames
from .nav import Sections, compact_chrome, group_digests, plan_sections

log = get_plugin_logger(__name__)

REQUIRED_EXTENSIONS = ["attr_list", "md_in_html", "admonition", "tables", "pymdownx.details",
                       "pymdownx.superfences"]


class DigestWikiPlugin(BasePlugin[PluginConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        # Lives across `mkdocs serve` rebuilds: notes are re-parsed only when they change.
        self.parse_cache: build.ParseCache = {}
        self.settings: Settings | None = None
        self.result: build.BuildResult | None = None
        self.pagefind: Path | None = None  # the Pagefind binary, when it replaces Material's search
        self.search_box = ""
        self.feeder: search.Feeder | None = None
        self.sections: Sections | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.settings = settings_from(self.config, config.config_file_path, config.docs_dir,
                                      config.repo_url, config.edit_uri)
        build.check_paths(self.settings)
        self.result = None
        for name in REQUIRED_EXTENSIONS:
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        if "pymdownx.tabbed" not in config.markdown_extensions:
            # Paper pages show the provider's own BibTeX in a second tab.
            config.markdown_extensions.append("pymdownx.tabbed")
            config.mdx_configs["pymdownx.tabbed"] = {"alternate_style": True}
        if build.CSS_URI not in config.extra_css:
            config.extra_css.append(build.CSS_URI)
        if not any(str(s) == reader.JS_URI for s in config.extra_javascript):
            config.extra_javascript.append(reader.JS_URI)  # type: ignore[arg-type]
        self.pagefind = search.use_pagefind(self.settings.search, config)
        return config

    # Runs after other plugins' on_files (e.g. mkdocs-gen-files, priority 0), so pages they
    # generate under docs/digests are read as notes too.
    @event_priority(-50)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.settings is not None
        self.result = build.build(self.settings, files, config, self.parse_cache)
        for problem in self.result.messages:
            log.warning(problem)
        if self.pagefind is not None:
            search.add_script(self.result.files, config)
        return self.result.files

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        if self.pagefind is not None:
            self.search_box = search.header_box(env, config)
            self.feeder = search.start_feeder(self.pagefind)
        return env

    def on_nav(self, nav: Any, config: MkDocsConfig, files: Files) -> Any:
        if self.result is None:
            return nav
        layout = self.result.layout
        dated = [(layout.digest_src(d), d.date) for d in self.result.wiki.digests]
        sections, _ = plan_sections(dated, layout.digests_dir)
        self.sections = sections
        known = {src: page for _, year, months in sections.years
                 for src in [year] + [m for _, m in months]
                 if (f := files.get_file_from_path(src)) is not None and (page := f.page)}
        return group_digests(nav, dated, main=[layout.digests_index_src(),
                                               layout.papers_index_src()], sections=sections,
                             known=known)

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.result is None:
            return html
        html, anchors = build.finish_digest_html(self.result, page.file.src_uri, html)
        if page.present_anchor_ids is not None:
            page.present_anchor_ids |= anchors  # validated against backlinks after this hook
        return html

    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        self._mark_month(page, True)
        if self.result is not None and self.settings is not None and self.settings.edit_notes:
            edit = build.edit_url(self.result, self.settings, page.file.src_uri)
            if edit:
                page.edit_url = edit
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Citation meta tags on paper pages, and the feed link on every page."""
        self._mark_month(page, False)
        if self.result is None:
            return output
        paper = self.result.paper_by_src.get(page.file.src_uri)
        feed = None
        if self.result.files.get_file_from_path(reader.FEED_FILE):
            # Relative: Material fetches sitemap.xml beside every rel=alternate link, so an
            # absolute link to the published site would fail on a local or offline copy.
            feed = get_relative_url(reader.FEED_FILE, page.url)
        output = reader.inject_head(output, reader.head_html(
            reader.citation_meta(paper) if paper else [], feed, f"{config.site_name}: digests"))
        if self.pagefind is not None:
            indexed = not (page.meta.get("search") or {}).get("exclude")
            marked = search.mark_page(output, indexed, nicknames(paper) if paper else ())
            if self.feeder is None:
                output = marked  # the CLI reads the marks from the site after the build
            elif indexed:
                self.feeder.add("/" + page.url, marked)
            output = search.insert_box(output, self.search_box)
        return compact_chrome(output)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.feeder is not None:
            self.feeder.finish(config.site_dir)
            self.feeder = None
        elif self.pagefind is not None:
            search.run_pagefind(config.site_dir, self.pagefind)

    def on_build_error(self, *, error: Exception) -> None:
        """A failed build (or serve rebuild) leaves no Pagefind service behind."""
        if self.feeder is not None:
            self.feeder.close()
            self.feeder = None

    def _mark_month(self, page: Page, active: bool) -> None:
        """On a digest, the sidebar link of its month is active (the digest is not listed)."""
        if self.sections is None or self.result is None:
            return
        src = self.sections.parent_of.get(page.file.src_uri)
        month = self.result.files.get_file_from_path(src) if src else None
        if month is not None and month.page is not None and month.page.parent is not None:
            month.page.active = active

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        assert self.settings is not None
        for path in (self.settings.cache_file, self.settings.templates_dir):
            if path is not None and Path(path).exists():
                server.watch(str(path))
        return server


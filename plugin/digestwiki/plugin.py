"""The MkDocs hooks. Each is a few lines that hand plain data to the pipeline stages."""

from __future__ import annotations

import gc
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import TemplateContext

from . import api, build, indexes, reader, safety, search, serve, sidebar
from .config import PluginConfig, Settings, settings_from
from .escape import gh_log_line
from .generate import CSS_URI
from .i18n import language_of, translator
from .nav import Sections, compact_chrome, group_digests, plan_sections
from .parked import Parked, give_back
from .render import environment
from .sanitize import sanitize_note_html

log = get_plugin_logger(__name__)
SPILL = True  # a build's generated texts packed or on disk (tests turn it off to compare)

REQUIRED_EXTENSIONS = ["attr_list", "md_in_html", "admonition", "tables", "pymdownx.details",
                       "pymdownx.superfences"]


class DigestWikiPlugin(BasePlugin[PluginConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        # Lives across `mkdocs serve` rebuilds: notes are re-parsed only when they change.
        self.parse_cache: build.ParseCache = {}
        self.settings: Settings | None = None
        self.result: build.BuildResult | None = None
        self.assembled: build.Assembled | None = None
        self.language = "en"  # theme.language, as the message catalogue knows it
        self.pagefind: Path | None = None  # the Pagefind binary, when it replaces Material's search
        self.search_box = ""
        self.feeder: search.Feeder | None = None
        self.sections: Sections | None = None
        self.preview: serve.Preview | None = None  # a `mkdocs serve` session's state
        self.held_tables: dict[str, list[str]] = {}  # index tables kept out of conversion
        self.parked = Parked()  # generated pages' HTML, from conversion to template
        self.parkable: frozenset[str] = frozenset()  # the generated pages' source paths
        self.spilled: tempfile.TemporaryDirectory[str] | None = None  # generated data files
        self.frozen = False  # the cycle collector leaves out what the build made (gc.freeze)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Having this hook keeps the plugin across `mkdocs serve` rebuilds (MkDocs caches
        such plugins): notes are parsed again only when they change, and a rebuild writes
        only the pages an edit changed (serve.py)."""
        self.preview = serve.Preview() if command == "serve" else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.settings = settings_from(self.config, config.config_file_path, config.docs_dir,
                                      config.repo_url, config.edit_uri)
        build.check_paths(self.settings)
        self.result = None
        self.assembled = None
        self.parked = Parked()
        self.parkable = frozenset()
        self.language = language_of(config.theme)
        reader.readable_anchors(config.markdown_extensions, config.mdx_configs)
        for name in REQUIRED_EXTENSIONS:
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        if "pymdownx.tabbed" not in config.markdown_extensions:
            # Paper pages show the provider's own BibTeX in a second tab.
            config.markdown_extensions.append("pymdownx.tabbed")
            config.mdx_configs["pymdownx.tabbed"] = {"alternate_style": True}
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        if not any(str(s) == reader.JS_URI for s in config.extra_javascript):
            config.extra_javascript.append(reader.JS_URI)  # type: ignore[arg-type]
        self.pagefind = search.use_pagefind(self.settings.search, config)
        sidebar.add_theme_dir(config.theme)
        if self.preview is not None:
            self.preview.start(config.config_file_path, list(config.theme.dirs))
            # A preview needs no sitemap (MkDocs would list every page in it on every save).
            for name in ("sitemap.xml", "sitemap.xml.gz"):
                config.theme.static_templates.discard(name)
        return config

    # Runs before other plugins' on_files (mkdocs-gen-files runs at 0), so their scripts read
    # the wiki this build assembled (digestwiki.api.current_wiki) instead of a second one.
    @event_priority(50)
    def _assemble(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.settings is not None
        self.assembled = build.assemble_wiki(self.settings, files, self.parse_cache)
        api.set_current(config.config_file_path, self.assembled.wiki)
        return files

    # Runs after other plugins' on_files, so pages they generate under docs/digests are read
    # as notes too (the wiki is then assembled again, with them).
    @event_priority(-50)
    def _generate(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.settings is not None
        preview = self.preview
        folder = None
        if preview is None and SPILL:
            # Only a `mkdocs serve` session compares texts with the next build's: here the
            # generated pages wait packed, and the data files on disk, until MkDocs reads or
            # copies them (generate's folder).
            self._end_build()
            self.spilled = tempfile.TemporaryDirectory(prefix="digestwiki-")
            folder = Path(self.spilled.name)
        self.result = build.build(self.settings, files, config, self.parse_cache, self.assembled,
                                  preview.generated if preview is not None else None, folder)
        api.set_current(config.config_file_path, self.result.wiki)
        for problem in self.result.messages:
            # One log line each: a file name or title with a line break cannot start a line
            # the CI runner would take for a workflow command.
            log.warning(gh_log_line(problem))
        if self.pagefind is not None:
            search.add_script(self.result.files, config)
        if self.result.generated is not None:
            self.parkable = frozenset(src for src in self.result.generated.outputs
                                      if src.endswith(".md"))
        if preview is not None and self.result.generated is not None:
            preview.files(self.result.files, self.result.generated)
            home = self.result.files.get_file_from_path(reader.HOME_SRC)
            if home is not None:
                home.is_modified = lambda: True  # type: ignore[method-assign]  # lists new notes
        elif self.result.generated is not None:
            self.result.generated = None
            # The wiki and the pages' texts live until the build ends: the cycle collector
            # leaves them out, so it runs often and cheaply while MkDocs converts every page
            # (each conversion leaves reference cycles: 100 MB waited for a rare full
            # collection at 30,000 papers). Undone after the build.
            gc.collect()
            gc.freeze()
            gc.collect()  # resets the collector's count of long-lived objects
            self.frozen = True
            give_back()
        return self.result.files

    on_files = CombinedEvent(_assemble, _generate)

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        sidebar.install(env, config.theme.dirs)
        if self.pagefind is not None and self.preview is None:
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
        t = translator(self.language)  # the sidebar's sections in the site's language
        nav = group_digests(nav, dated, main=[layout.digests_index_src(),
                                              layout.papers_index_src()], sections=sections,
                            known=known, language=self.language,
                            names={layout.digests_index_src(): t("index.digests"),
                                   layout.papers_index_src(): t("index.papers")})
        if self.preview is not None:
            kept = self.preview.nav(nav, files)
            serve.collect_tags(kept, self.preview, config, files)
        return nav

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        """A note nested thousands of levels deep is shown as plain text, not a RecursionError
        that stops the whole build; the home page gets its generated section."""
        if self.result is None:
            return markdown
        if page.file.src_uri == reader.HOME_SRC:
            assert self.settings is not None
            env = environment(self.settings.templates_dir, self.language)
            home = reader.home_markdown(markdown, self.result.wiki, self.result.layout,
                                        lambda src: files.get_file_from_path(src) is not None,
                                        env)
            return markdown if home is None else home
        digest = self.result.digest_by_src.get(page.file.src_uri)
        if digest is None:
            if page.file.src_uri in self.parkable:
                markdown, held = indexes.hold_tables(markdown)
                if held:
                    self.held_tables[page.file.src_uri] = held
            return markdown
        markdown, problem = safety.guard_nesting(markdown, digest)
        if problem:
            log.warning(gh_log_line(problem))
        return markdown

    def _page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Filter data on index rows; a digest page's HTML, notes' own HTML included, through
        the allowlist sanitizer."""
        if self.result is None:
            return html
        held = self.held_tables.pop(page.file.src_uri, None)
        if held:
            html = indexes.put_back_tables(html, held)
        html = reader.index_row_data(self.result.wiki, self.result.layout, page.file.src_uri,
                                     html)
        if page.file.src_uri in self.result.digest_by_src:
            html = sanitize_note_html(html)
        return html

    # Runs after every other plugin's on_page_content, so they all see the page's HTML.
    @event_priority(-100)
    def _park(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A generated page's HTML and table of contents wait compressed for its template
        (parked.py); its Markdown, and in a build its text, are not read again. A page holding
        an HTML comment keeps its HTML: a plugin may replace the comment before the template
        runs (Material's tags listings do, in on_env)."""
        src = page.file.src_uri
        if src not in self.parkable or "<!--" in html:
            return html
        page.markdown = ""  # not None: MkDocs reads a page without Markdown as untitled
        if self.preview is None:
            page.file.content_string = ""
        return self.parked.park(page, html)

    on_page_content = CombinedEvent(_page_content, _park)

    # Runs before every other plugin's on_page_context, so they all see the page's HTML.
    @event_priority(100)
    def _unpark(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig,
                nav: Navigation) -> TemplateContext:
        self.parked.take(page)
        return context

    def _page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig,
                      nav: Navigation) -> TemplateContext:
        self._mark_month(page, True)
        if self.result is not None and self.settings is not None and self.settings.edit_notes:
            edit = build.edit_url(self.result, self.settings, page.file.src_uri)
            if edit:
                page.edit_url = edit
            elif page.file.src_uri in self.result.paper_by_src:
                page.edit_url = None  # the page's own menu lists the notes that review it
        return context

    on_page_context = CombinedEvent(_unpark, _page_context)

    def _post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Citation meta tags on paper pages, the feed link and the script's strings on every
        page, a digest's tags under its header line."""
        self._mark_month(page, False)
        if self.result is None:
            return output
        output = reader.finish_page(output, self.result, page.file.src_uri, page.url,
                                    config.site_name, self.language)
        if self.pagefind is not None:
            paper = self.result.paper_by_src.get(page.file.src_uri)
            indexed = not (page.meta.get("search") or {}).get("exclude")
            names = indexes.nicknames(paper) if paper else []
            if self.feeder is None:  # the CLI reads the marks from the site after the build
                output = search.mark_page(output, indexed, names)
            elif indexed:
                self.feeder.add_page("/" + page.url, output, names)
            output = search.insert_box(output, self.search_box)
        return compact_chrome(output)

    # Runs after every other plugin's on_post_page: the page is written, its HTML is done.
    @event_priority(-100)
    def _let_go(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """A generated page's HTML and table of contents are not kept once written: MkDocs
        keeps every page, and would hold all of them again by the end of the build."""
        if page.file.src_uri in self.parkable:
            page.content, page.toc = "", get_toc([])
        return output

    on_post_page = CombinedEvent(_post_page, _let_go)

    def on_post_template(self, output_content: str, /, *, template_name: str,
                         config: MkDocsConfig) -> str:
        """Material's 404 page in the site's language, with links to the indexes."""
        if template_name != "404.html" or self.result is None:
            return output_content
        files = self.result.files
        return reader.not_found_page(output_content,
                                     lambda src: files.get_file_from_path(src) is not None,
                                     self.result.layout,
                                     config.site_url, translator(self.language))

    def _post_build(self, *, config: MkDocsConfig) -> None:
        self.parked = Parked()  # pages never built (drafts) leave nothing behind
        if self.preview is not None:
            self.preview.finish(config.site_dir, config.use_directory_urls, self.pagefind)
        elif self.feeder is not None:
            give_back()  # Pagefind's writing takes 450 MB at 30,000 papers: not on top of ours
            self.feeder.finish(config.site_dir)
            self.feeder = None
        elif self.pagefind is not None:
            search.run_pagefind(config.site_dir, self.pagefind)

    # Runs after every other plugin's on_post_build: they may still read the data files.
    @event_priority(-100)
    def _after_build(self, *, config: MkDocsConfig) -> None:
        self._end_build()

    def _end_build(self) -> None:
        """What one build set up and no later one may inherit: the temporary folder of its
        data files, the collector's freeze."""
        if self.spilled is not None:
            self.spilled.cleanup()
            self.spilled = None
        if self.frozen:
            gc.unfreeze()
            self.frozen = False

    on_post_build = CombinedEvent(_post_build, _after_build)

    def on_build_error(self, *, error: Exception) -> None:
        """A failed build (or serve rebuild) leaves no Pagefind service behind, and the next
        preview build writes every page."""
        self._end_build()
        if self.preview is not None:
            self.preview.reset()
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
        if self.preview is not None and not serve.dirty_rebuilds(server, builder):
            self.preview = None  # an unknown server: every rebuild stays a full one
        for path in (self.settings.cache_file, self.settings.templates_dir):
            if path is not None and Path(path).exists():
                server.watch(str(path))
        return server


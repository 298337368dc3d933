"""Every option of the plugin, declared once. The CLI reads the same options from mkdocs.yml."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import ConfigurationError
from mkdocs.utils import yaml_load


class PluginConfig(base.Config):
    digests_dir = c.Type(str, default="digests")
    """Folder under docs_dir that holds the notes. Every file in it is a digest."""

    papers_dir = c.Type(str, default="papers")
    """Site folder the generated paper pages go to (they are virtual: never written to docs/)."""

    keys_file = c.Type(str, default="bibkeys.json")
    """Registry of published BibTeX keys, relative to mkdocs.yml. Commit it: keys never change."""

    cache_file = c.Type(str, default="metadata/papers.json")
    """Metadata cache written by `digestwiki refresh`, relative to mkdocs.yml. Commit it."""

    fetch = c.Type(bool, default=False)
    """Let `mkdocs build` fetch what the cache lacks (the publishing workflow turns it on with
    DIGESTWIKI_FETCH=1). Off by default: a build reads the committed cache only."""

    offline = c.Type(bool, default=False)
    """Never touch the network, even with fetch on. DIGESTWIKI_OFFLINE=1 sets it too."""

    arxiv_api = c.Type(str, default="https://export.arxiv.org/api/query")
    """arXiv API endpoint; DIGESTWIKI_ARXIV_API overrides it (a mirror or a local test server)."""

    openreview_api = c.Type(str, default="https://api2.openreview.net")
    """OpenReview API 2 base URL; DIGESTWIKI_OPENREVIEW_API overrides it."""

    openreview_api_v1 = c.Type(str, default="https://api.openreview.net")
    """OpenReview API 1 base URL, asked when API 2 has no such note;
    DIGESTWIKI_OPENREVIEW_API_V1."""

    semanticscholar_api = c.Type(str, default="https://api.semanticscholar.org/graph/v1")
    """Semantic Scholar Graph API, to learn where a preprint was published; DIGESTWIKI_S2_API."""

    crossref_api = c.Type(str, default="https://api.crossref.org")
    """Crossref REST API, asked for DOIs (`/works/{doi}`): venue, pages, volume, year;
    DIGESTWIKI_CROSSREF_API overrides it."""

    crossref_mailto = c.Optional(c.Type(str))
    """An e-mail address sent as Crossref's `mailto` parameter, which puts our requests in
    its "polite" pool (faster, and they can reach you rather than block you);
    DIGESTWIKI_CROSSREF_MAILTO. Unset: the requests go to the public pool."""

    acl_api = c.Type(str, default="https://aclanthology.org")
    """ACL Anthology, asked for `{id}.bib` of `acl:` ids; DIGESTWIKI_ACL_API overrides it."""

    delay = c.Type((int, float), default=3.0)
    """Seconds between two requests to one service (arXiv asks for 3); DIGESTWIKI_DELAY."""

    timeout = c.Type((int, float), default=20.0)
    """Seconds before one HTTP request gives up; DIGESTWIKI_TIMEOUT."""

    templates_dir = c.Optional(c.Type(str))
    """A folder of Jinja templates, relative to mkdocs.yml, that override the built-in ones."""

    site_url_root = c.Type(str, default="")
    """Unused by the build; kept for site owners who post-process papers.json."""

    edit_notes = c.Type(bool, default=True)
    """Point Material's edit action of digest and paper pages at the note file itself."""

    index_page_size = c.Type(int, default=400)
    """Rows on one index page. Bigger indexes are split (papers by title letter, authors by
    surname letter, years by year; digests always by year and month) so that no page grows
    with the wiki; the papers filter still searches all papers."""

    search = c.Choice(("pagefind", "mkdocs"), default="pagefind")
    """`pagefind`: after the build, index the site with Pagefind (its bundled binary, offline)
    and put a search box in Material's header that loads nothing until a reader focuses it;
    Material's own search index is not built. `mkdocs`: Material's search plugin as
    configured. When the Pagefind binary is missing, the build warns and keeps Material's."""


ENV_OVERRIDES = {
    "arxiv_api": "DIGESTWIKI_ARXIV_API",
    "openreview_api": "DIGESTWIKI_OPENREVIEW_API",
    "openreview_api_v1": "DIGESTWIKI_OPENREVIEW_API_V1",
    "semanticscholar_api": "DIGESTWIKI_S2_API",
    "crossref_api": "DIGESTWIKI_CROSSREF_API",
    "crossref_mailto": "DIGESTWIKI_CROSSREF_MAILTO",
    "acl_api": "DIGESTWIKI_ACL_API",
    "delay": "DIGESTWIKI_DELAY",
    "timeout": "DIGESTWIKI_TIMEOUT",
    "offline": "DIGESTWIKI_OFFLINE",
    "fetch": "DIGESTWIKI_FETCH",
}


@dataclass
class Settings:
    """What the stages need, with paths made absolute and environment overrides applied."""

    root: Path  # folder of mkdocs.yml
    docs_dir: Path
    digests_dir: str
    papers_dir: str
    keys_file: Path
    cache_file: Path
    fetch: bool
    offline: bool
    arxiv_api: str
    openreview_api: str
    openreview_api_v1: str
    semanticscholar_api: str
    delay: float
    timeout: float
    templates_dir: Path | None
    edit_notes: bool
    index_page_size: int = 400
    search: str = "pagefind"
    repo_url: str | None = None
    edit_uri: str | None = None
    crossref_api: str = "https://api.crossref.org"
    crossref_mailto: str | None = None
    acl_api: str = "https://aclanthology.org"


_ON = ("1", "true", "yes", "on", "y")
_OFF = ("0", "false", "no", "off", "n", "")


def switch(var: str, raw: str) -> bool:
    """An on/off environment variable: 1/true/yes/on or 0/false/no/off (any case)."""
    value = raw.strip().lower()
    if value in _ON:
        return True
    if value in _OFF:
        return False
    raise ConfigurationError(f"{var}={raw!r}: write 1 (on) or 0 (off)")


def seconds(var: str, raw: object, *, allow_zero: bool) -> float:
    """A finite number of seconds: more than 0 (a timeout), or at least 0 (a delay)."""
    try:
        value = float(str(raw).strip())
    except ValueError as exc:
        raise ConfigurationError(f"{var}={raw!r} is not a number of seconds") from exc
    if not math.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        need = "0 or more" if allow_zero else "more than 0"
        raise ConfigurationError(f"{var}={raw!r}: must be a finite number of seconds, {need}")
    return value


def settings_from(options: PluginConfig, config_file: str | os.PathLike[str], docs_dir: str,
                  repo_url: str | None = None, edit_uri: str | None = None) -> Settings:
    root = Path(config_file).resolve().parent
    values = {key: options[key] for key in ENV_OVERRIDES}
    for key, var in ENV_OVERRIDES.items():
        raw = os.environ.get(var)
        if raw is None or raw == "":
            continue
        if key in ("delay", "timeout"):
            values[key] = seconds(var, raw, allow_zero=key == "delay")
        elif key in ("offline", "fetch"):
            values[key] = switch(var, raw)
        else:
            values[key] = raw.rstrip("/")
    return Settings(
        root=root,
        docs_dir=Path(docs_dir).resolve(),
        digests_dir=options.digests_dir.strip("/"),
        papers_dir=options.papers_dir.strip("/"),
        keys_file=root / options.keys_file,
        cache_file=root / options.cache_file,
        fetch=bool(values["fetch"]),
        offline=bool(values["offline"]),
        arxiv_api=str(values["arxiv_api"]),
        openreview_api=str(values["openreview_api"]),
        openreview_api_v1=str(values["openreview_api_v1"]),
        semanticscholar_api=str(values["semanticscholar_api"]),
        delay=seconds("plugins.digestwiki.delay / DIGESTWIKI_DELAY", values["delay"],
                      allow_zero=True),
        timeout=seconds("plugins.digestwiki.timeout / DIGESTWIKI_TIMEOUT", values["timeout"],
                        allow_zero=False),
        templates_dir=(root / options.templates_dir) if options.templates_dir else None,
        edit_notes=options.edit_notes,
        index_page_size=max(10, int(options.index_page_size)),
        search=options.search,
        repo_url=repo_url,
        edit_uri=edit_uri,
        crossref_api=str(values["crossref_api"]),
        crossref_mailto=str(values["crossref_mailto"]).strip() or None
        if values["crossref_mailto"] else None,
        acl_api=str(values["acl_api"]),
    )


def load_settings(config_file: str | os.PathLike[str] = "mkdocs.yml") -> Settings:
    """Settings for the CLI, read from the same mkdocs.yml the build uses."""
    path = Path(config_file)
    if not path.is_file():
        raise ConfigurationError(
            f"{path}: no such file (run from the wiki's folder or pass --config)")
    with path.open(encoding="utf-8") as fh:
        data = yaml_load(fh) or {}
    options: dict[str, object] = {}
    for item in data.get("plugins") or []:
        if isinstance(item, dict) and "digestwiki" in item:
            options = item["digestwiki"] or {}
    if isinstance(data.get("plugins"), dict):
        options = data["plugins"].get("digestwiki") or {}
    cfg = PluginConfig(config_file_path=str(path))
    cfg.load_dict(options)
    errors, _ = cfg.validate()
    if errors:
        key, err = errors[0]
        raise ConfigurationError(f"{path}: plugins.digestwiki.{key}: {err}")
    docs_dir = path.resolve().parent / str(data.get("docs_dir", "docs"))
    return settings_from(cfg, path, str(docs_dir), data.get("repo_url"), data.get("edit_uri"))

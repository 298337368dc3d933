"""Search that loads nothing until a reader asks: Pagefind over the built site.

Material's own search sends the whole index (13 MB for a 5,500-note wiki) to every reader on
the first page they open. With ``search: pagefind`` (the default) the build instead:

- turns Material's search plugin off (no ``search_index.json`` is built or fetched) and puts a
  search box into Material's header with Material's own classes, so it looks native; the
  script (``assets/dw-search.js``) imports Pagefind's JS, WebAssembly and index chunks only
  when the box is focused;
- marks what is indexed: ``data-pagefind-body`` on the article of every page that is not
  excluded from search (front matter ``search: exclude``); BibTeX, backlinks and "discussed
  alongside" (``data-search-exclude``) and the permalink signs are left out; the sidebar is
  outside the article, so it is never indexed;
- adds hidden extra terms to each page (:func:`extra_terms`): Pagefind matches a query as a
  word prefix, so ``트랜스포머`` already finds ``트랜스포머를``, but not the second half of a
  compound (``비전트랜스포머``). Every Korean word of three syllables or more therefore also
  contributes its suffixes of two syllables or more (``트랜스포머``, ``랜스포머`` ...) and its
  particle-free stem, plus the page's bare arXiv ids and the paper's nicknames. The terms sit
  in a ``hidden`` element at the end of the article after a marker (:data:`TERMS_MARK`); the
  script builds result excerpts from the text before the marker, so readers never see them;
- runs the bundled Pagefind binary (PyPI ``pagefind[bin]``, offline) over the site after the
  build (``on_post_build``).

When the binary is missing the build warns once and keeps Material's search as configured.
"""

from __future__ import annotations

import html
import re
import subprocess
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger(__name__)

JS_URI = "assets/digestwiki/dw-search.js"
BUNDLE_DIR = "pagefind"
TERMS_MARK = "⁂"
EXCLUDE_SELECTORS = ["[data-search-exclude]", ".headerlink", ".md-source-file"]

HANGUL = re.compile(r"[\uac00-\ud7a3]+")
ARXIV_ID = re.compile(r"(?<![\d.])(\d{4}\.\d{4,5})(?:v\d+)?(?![\d])")
# Common particles and endings, longest first, stripped from the end of a word for its stem.
PARTICLES = sorted("""을 를 이 가 은 는 의 에 와 과 도 만 로 으로 에서 에게 한테 께서 까지 부터 보다
    처럼 마다 이나 나 이랑 랑 이다 였다 이고 하고 하는 했다 한다 된 되는 적 적인 적으로 들 들을
    들이 들은 들의 들도""".split(), key=len, reverse=True)


def executable() -> Path | None:
    """The Pagefind binary pip installed with ``pagefind[bin]`` (or one on PATH)."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    path = get_executable()
    return path if path is not None and path.exists() else None


def use_pagefind(choice: str, config: Any) -> Path | None:
    """The binary when Pagefind replaces Material's search (turned off here), else None."""
    if choice != "pagefind":
        return None
    binary = executable()
    if binary is None:
        log.warning("mkdocs.yml: plugins.digestwiki.search is pagefind, but the Pagefind binary "
                    "is missing; keeping Material's search. Install it with "
                    "`pip install 'pagefind[bin]'` (or set `search: mkdocs`)")
        return None
    for name in ("material/search", "search"):
        material = config.plugins.get(name)
        if material is not None and "enabled" in material.config:
            material.config["enabled"] = False  # no search_index.json: nothing loads up front
    if not any(str(s) == JS_URI for s in config.extra_javascript):
        config.extra_javascript.append(JS_URI)
    return binary


def add_script(files: Any, config: Any) -> None:
    """The search box's script, into the build's files."""
    from mkdocs.structure.files import File

    if files.get_file_from_path(JS_URI) is None:
        files.append(File.generated(config, JS_URI, abs_src_path=str(
            Path(__file__).parent / "assets" / "dw-search.js")))


def stem(word: str) -> str:
    """``트랜스포머를`` -> ``트랜스포머``: one particle or ending off the end, if the rest is
    at least two syllables."""
    for particle in PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= 2:
            return word[: -len(particle)]
    return word


_EXCLUDED_START = re.compile(r"<([a-zA-Z][\w-]*)\b[^>]*\bdata-(?:search-exclude|pagefind-ignore)\b"
                             r"[^>]*>")
_TAGS = re.compile(r"<[^>]*>")


def _element_end(html_text: str, name: str, start: int) -> int:
    """Where the element opened just before ``start`` closes (same-name nesting counted)."""
    depth = 1
    for m in re.compile(rf"<(/?){name}\b[^>]*?(/?)>", re.I).finditer(html_text, start):
        if m.group(1):
            depth -= 1
        elif not m.group(2):
            depth += 1
        if depth == 0:
            return m.end()
    return len(html_text)


def indexed_text(article_html: str) -> str:
    """The text Pagefind will index: the article without excluded elements, tags and
    permalink signs. Regular expressions over our own generated HTML: fast enough to run on
    every page of a 30,000-paper wiki."""
    parts: list[str] = []
    pos = 0
    while True:
        m = _EXCLUDED_START.search(article_html, pos)
        if m is None:
            parts.append(article_html[pos:])
            break
        parts.append(article_html[pos:m.start()])
        pos = _element_end(article_html, m.group(1), m.end())
    text = _TAGS.sub(" ", " ".join(parts)).replace("¶", " ")
    return html.unescape(text)


def extra_terms(text: str, nicknames: Iterable[str] = ()) -> list[str]:
    """Index-only words for ``text``: Korean stems and compound suffixes, bare arXiv ids,
    nicknames. Sorted, without the words already in ``text`` as they are."""
    words = set(HANGUL.findall(text))
    terms: set[str] = set()
    for word in words:
        base = stem(word)
        if base != word:
            terms.add(base)
        for i in range(1, len(base) - 1):  # suffixes of two syllables or more
            terms.add(base[i:])
    terms.update(ARXIV_ID.findall(text))
    terms.update(n for n in nicknames if n)
    return sorted(terms - words)


_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"')


def mark_page(page_html: str, indexed: bool, nicknames: Iterable[str] = ()) -> str:
    """Tell Pagefind what to index on a built page (see the module docstring)."""
    m = _ARTICLE.search(page_html)
    if m is None or not indexed:
        return page_html
    end = page_html.rfind("</article>")
    if end < m.end():
        return page_html
    article = page_html[m.end():end]
    terms = extra_terms(indexed_text(article), nicknames)
    block = ""
    if terms:
        block = (f'<div hidden class="dw-search-terms">{TERMS_MARK} '
                 f'{html.escape(" ".join(terms))}</div>')
    return (page_html[:m.start()] + m.group(0) + " data-pagefind-body" + article + block
            + page_html[end:])


def header_box(env: Any, config: Any) -> str:
    """The search box for Material's header, in Material's own markup and words."""
    source = (Path(__file__).parent / "templates" / "search_box.html").read_text(encoding="utf-8")
    return str(env.from_string(source).render(config=config))




def insert_box(page_html: str, box: str) -> str:
    """Put the box where Material puts its own: before the repository link, else at the end
    of the header's bar."""
    at = page_html.find('<div class="md-header__source">')
    if at < 0:
        header = page_html.find('class="md-header__inner')
        at = page_html.find("</nav>", header) if header >= 0 else -1
    if at < 0:
        return page_html
    return page_html[:at] + box + page_html[at:]


def run_pagefind(site_dir: str | Path, binary: Path) -> bool:
    """Index the built site; False (with a warning saying what to do) when Pagefind fails."""
    start = time.perf_counter()
    cmd = [str(binary), "--site", str(site_dir), "--output-subdir", BUNDLE_DIR,
           "--exclude-selectors", ", ".join(EXCLUDE_SELECTORS), "--quiet"]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=3600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.warning(f"mkdocs.yml: Pagefind could not index the site ({exc}); search will not "
                    "work. Reinstall with `pip install 'pagefind[bin]'` or set "
                    "`search: mkdocs` under the digestwiki plugin")
        return False
    if done.returncode != 0:
        log.warning("mkdocs.yml: Pagefind failed to index the site; search will not work:\n"
                    + (done.stderr or done.stdout).strip()[-2000:])
        return False
    log.info(f"search: Pagefind indexed the site in {time.perf_counter() - start:.1f} s")
    return True

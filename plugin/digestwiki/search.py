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
  contributes the suffixes of two syllables or more of its particle-free stem (``트랜스포머``,
  ``랜스포머`` ...), a paper page its bare arXiv ids and nicknames. The terms sit in a
  ``hidden`` element at the end of the article after a marker (:data:`TERMS_MARK`); the
  script builds result excerpts from the text before the marker, so readers never see them;
- feeds every page, as it is rendered (``on_post_page``), to the bundled Pagefind binary
  (PyPI ``pagefind[bin]``, offline) through its service protocol (:class:`Feeder`), so the
  indexing runs on another core while MkDocs renders; the index is written at
  ``on_post_build``. Pagefind gets index-only documents (:class:`Documents`): papers 32 to a
  document (what every first query downloads grows with the number of documents), pages
  without boilerplate (Pagefind's memory grows with every distinct word of every document),
  Hangul as letters (so Korean words chunk). The served pages stay clean. When the pages
  are indexed after the build instead (the `mkdocs serve` preview, or a service that did not
  start in time), they are written marked and :func:`run_pagefind` reads them back into the
  same documents.

When the binary is missing the build warns once and keeps Material's search as configured.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import time
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger(__name__)

JS_URI = "assets/digestwiki/dw-search.js"
BUNDLE_DIR = "pagefind"
TERMS_MARK = "⁂"
EXCLUDE_SELECTORS = ["[data-search-exclude]", ".headerlink", ".md-source-file", ".dw-wiki",
                     ".md-content__button"]
# Papers per index document: see :class:`Documents`.
GROUP_SIZE = 32

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


# An element left out of the index: the markup :data:`EXCLUDE_SELECTORS` names, as we write it.
_EXCLUDED_START = re.compile(
    r"<([a-zA-Z][\w-]*)\b(?=[^>]*(?:\bdata-(?:search-exclude|pagefind-ignore)\b"
    r"|\bclass=\"(?:[^\"]* )?(?:headerlink|md-source-file|dw-wiki|md-content__button)[\" ]))"
    r"[^>]*>")
_TAGS = re.compile(r"<[^>]*>")


def _element_end(html_text: str, name: str, start: int) -> int | None:
    """Where the element opened just before ``start`` closes (same-name nesting counted);
    None when it never does."""
    depth = 1
    for m in re.compile(rf"<(/?){name}\b[^>]*?(/?)>", re.I).finditer(html_text, start):
        if m.group(1):
            depth -= 1
        elif not m.group(2):
            depth += 1
        if depth == 0:
            return m.end()
    return None


def _without_excluded(article_html: str) -> tuple[str, bool]:
    """:func:`without_excluded`, and whether an excluded element was left open (it then
    runs to the end, and would swallow anything appended to the article)."""
    parts: list[str] = []
    pos = 0
    while True:
        m = _EXCLUDED_START.search(article_html, pos)
        if m is None:
            parts.append(article_html[pos:])
            return " ".join(parts), False
        parts.append(article_html[pos:m.start()])
        end = _element_end(article_html, m.group(1), m.end())
        if end is None:
            parts.append("")
            return " ".join(parts), True
        pos = end


def without_excluded(article_html: str) -> str:
    """The article's HTML without the elements left out of the index. Regular expressions
    over our own generated HTML: fast enough to run on every page of a 30,000-paper wiki."""
    return _without_excluded(article_html)[0]


def indexed_text(article_html: str) -> str:
    """The text Pagefind will index: the article without excluded elements, tags and
    permalink signs."""
    return html.unescape(_TAGS.sub(" ", without_excluded(article_html)).replace("¶", " "))


def extra_terms(text: str, nicknames: Iterable[str] = (), ids: bool = True) -> list[str]:
    """Index-only words for ``text``: Korean stems and compound suffixes, bare arXiv ids
    (``ids``: a paper's own; a note finds its papers through their pages, and every id is a
    distinct word that costs Pagefind memory), nicknames. Sorted, without the words already
    in ``text`` as they are."""
    words = set(HANGUL.findall(text))
    terms: set[str] = set()
    for word in words:
        base = stem(word)  # no term itself: Pagefind finds 트랜스포머를 by its prefix 트랜스포머
        if base.endswith(VERB_ENDINGS) or len(base) > 12:
            continue  # 제안하였습니다 is no compound: its suffixes would only swell the index
        for i in range(1, len(base) - 1):  # suffixes of two syllables or more
            terms.add(base[i:])
    if ids:
        terms.update(ARXIV_ID.findall(text))
    terms.update(n for n in nicknames if n)
    return sorted(terms - words)


# Verb and adjective endings: a word ending so is a predicate, not a compound noun.
VERB_ENDINGS = ("다", "요", "니까", "는데", "지만", "면서", "도록", "어서", "아서", "해서", "하고",
                "하게", "하면", "하며", "하지", "했던", "하던", "였던", "인지", "는지", "할지")

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"')
_PAPER = '<div class="dw-paper-meta"'  # a paper page's article (templates/paper.md.j2)


def mark_page(page_html: str, indexed: bool, nicknames: Iterable[str] = ()) -> str:
    """Tell Pagefind what to index on a built page (see the module docstring)."""
    m = _ARTICLE.search(page_html)
    if m is None or not indexed:
        return page_html
    end = page_html.rfind("</article>")
    if end < m.end():
        return page_html
    article = page_html[m.end():end]
    block = _terms_block(extra_terms(indexed_text(article), nicknames, ids=_PAPER in article))
    return (page_html[:m.start()] + m.group(0) + " data-pagefind-body" + article + block
            + page_html[end:])


def _terms_block(terms: list[str]) -> str:
    """The hidden element holding a page's extra terms (see the module docstring)."""
    if not terms:
        return ""
    return f'<div hidden class="dw-search-terms">{TERMS_MARK} {html.escape(" ".join(terms))}</div>'


_MARKED = re.compile(
    r'<article class="md-content__inner md-typeset"[^>]*\bdata-pagefind-body[^>]*>')
_LANG = re.compile(r'<html\b[^>]*\blang="([^"]+)"')
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
_PAPER_META = re.compile(r'<div class="dw-paper-meta"[^>]*>(.*?)</div>', re.S)
_ALSO_CITED = re.compile(r'<p class="dw-also-cited"[^>]*>.*?(<code.*?)</p>', re.S)
_LABEL = re.compile(r"<strong>[^<]*</strong>")
_CODE = re.compile(r"<code>([^<]*)</code>")
_DANGLING = re.compile(r"(?:\s*·)+\s*(?=<|$)")  # separators left where the ids were
_AUTHORS = re.compile(r'<span class="dw-authors">[^<]*</span>')
_BARE_URL = re.compile(r'(<a\b[^>]*>)\s*https?://[^<\s]*\s*</a>')


def nfd_hangul(text: str) -> str:
    """Hangul syllables as their letters (Unicode NFD), the rest untouched.

    Pagefind (1.5) never splits the words of a syllable script that its normalisation
    decomposes into separate chunks: fed as syllables, every Korean word of a wiki lands in one
    index chunk (1.1 MB at 2,000 notes) that each Korean query downloads. Fed as letters, the
    words chunk like Latin ones (20-80 KB). The script normalises queries the same way."""
    return HANGUL.sub(lambda m: unicodedata.normalize("NFD", m.group(0)), text)


def squeezed(code: str) -> str:
    """An id or citation key as one index word: ``arxiv:2007.05181`` -> ``200705181``.

    Pagefind indexes ``2007.05181`` as three words (``200705181``, ``2007``, ``05181``), two
    of them found on no other paper: each a word Pagefind must hold in memory. A query
    ``2007.05181`` is searched as ``200705181`` (Pagefind drops the punctuation), which this
    one word still matches; the script drops an ``arxiv:``-style prefix from queries."""
    value = html.unescape(code).split(":", 1)[-1]
    return "".join(ch for ch in value if ch.isalnum())


class Documents:
    """What Pagefind indexes, made from the marked pages (:func:`mark_page`): index-only
    HTML documents, never served.

    Pagefind's metadata file, which every first query downloads, lists every indexed page
    (about 5.6 bytes each, gzipped: 180 KB at 30,000 papers). So paper pages are indexed
    :data:`GROUP_SIZE` to a document, each paper a section whose heading's ``id`` is the
    paper page's URL; the script turns a group's matching sections back into paper results.
    A paper's section is the page's title, its metadata line without the labels, and its
    other citation keys: what a reader searches a paper by (the abstract, links, BibTeX and
    backlinks stay out: Pagefind's memory grows with each distinct word of each document).
    Other pages are their article without the excluded elements and the text of bare URLs
    (their arXiv ids are extra terms). Hangul goes in as letters (:func:`nfd_hangul`).
    """

    def __init__(self, group_size: int = GROUP_SIZE) -> None:
        self.group_size = group_size
        self.sections: list[str] = []
        self.groups = 0
        self.lang = "en"

    def add(self, url: str, marked_html: str) -> list[tuple[str, str]]:
        """The documents (url, html) ready to index after this page: none while a group of
        papers fills up."""
        m = _MARKED.search(marked_html)
        end = marked_html.rfind("</article>")
        if m is None or end < m.end():
            return []
        lang = _LANG.search(marked_html[:2000])
        self.lang = lang.group(1) if lang else self.lang
        return self._documents(url, without_excluded(marked_html[m.end():end]))

    def add_page(self, url: str, page_html: str, nicknames: Iterable[str] = ()
                 ) -> list[tuple[str, str]]:
        """``add(url, mark_page(page_html, True, nicknames))``, without making the marked page:
        the build feeds every page this way (half the work: the excluded elements are found
        once, and a paper's extra terms, which its section never reads, are not made)."""
        m = _ARTICLE.search(page_html)
        end = page_html.rfind("</article>")
        if m is None or end < m.end():
            return []
        article = page_html[m.end():end]
        tag_end = article.find(">")  # the rest of the article's own tag
        if tag_end < 0 or "<" in article[:tag_end]:
            return self.add(url, mark_page(page_html, True, nicknames))  # not our own pages
        rest, body = article[:tag_end + 1], article[tag_end + 1:]
        kept, left_open = _without_excluded(body)
        if _PAPER in kept and _PAPER_META.search(kept) is None:
            return self.add(url, mark_page(page_html, True, nicknames))  # its meta never ends
        head = page_html[:2000] if m.end() >= 2000 else (
            page_html[:m.end()] + " data-pagefind-body" + page_html[m.end():2000])[:2000]
        lang = _LANG.search(head)
        self.lang = lang.group(1) if lang else self.lang
        if _PAPER not in kept and not left_open:
            text = html.unescape(_TAGS.sub(" ", rest + kept).replace("¶", " "))
            kept += _terms_block(extra_terms(text, nicknames, ids=_PAPER in article))
        return self._documents(url, kept)

    def _documents(self, url: str, article: str) -> list[tuple[str, str]]:
        """A paper's section joins its group (a document once the group is full); any other
        page is a document of its own."""
        if _PAPER in article:
            self.sections.append(self._section(url, article))
            return self.flush() if len(self.sections) >= self.group_size else []
        article = _AUTHORS.sub("", _BARE_URL.sub(r"\1</a>", article))
        return [(url, self._document(nfd_hangul(article)))]

    def flush(self) -> list[tuple[str, str]]:
        """The last, partly filled, group of papers."""
        if not self.sections:
            return []
        self.groups += 1
        body = "".join(self.sections)
        self.sections = []
        return [(f"/dw-papers-{self.groups}/",
                 self._document(body, meta='data-pagefind-meta="dw:papers"'))]

    def _section(self, url: str, article: str) -> str:
        title = _H1.search(article)
        meta = _PAPER_META.search(article)
        also = _ALSO_CITED.search(article)
        text = _LABEL.sub(" ", meta.group(1)) if meta else ""
        codes = _CODE.findall(text + (also.group(1) if also else ""))
        text = _DANGLING.sub(" ", _CODE.sub(" ", text))
        heading = title.group(1).strip() if title else url
        terms = extra_terms(indexed_text(heading + " " + text), ids=False)
        terms += sorted({key for key in map(squeezed, codes) if key} - set(terms))
        block = f"<p>{TERMS_MARK} {html.escape(' '.join(terms))}</p>" if terms else ""
        return nfd_hangul(f'<section><h2 id="{html.escape(url.lstrip("/"))}">{heading}</h2>'
                          f"<div>{text}</div>{block}</section>")

    def _document(self, body: str, meta: str = "") -> str:
        return (f'<!doctype html><html lang="{self.lang}"><head><meta charset="utf-8"></head>'
                f"<body><main data-pagefind-body {meta}>{body}</main></body></html>")


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


class Feeder:
    """Built pages go to a Pagefind service as MkDocs renders them, so Pagefind indexes on the
    machine's other core instead of re-reading the whole site after the build.

    This speaks the wire protocol of ``pagefind --service`` (base64 JSON messages ended by a
    comma, the one ``pagefind.service`` uses) from two plain threads: the packaged asyncio
    client waits 0.1 s before reading each reply, which costs 50 minutes for 30,000 pages. At
    most :attr:`window` pages wait for Pagefind; the build pauses when it is that far behind.
    Pages fed here are not the served ones: Pagefind gets index-only documents
    (:class:`Documents`) made from the marked pages (:func:`mark_page`); readers get clean
    pages.
    """

    window = 64

    def __init__(self, binary: Path) -> None:
        import threading

        self.documents = Documents()
        self.proc = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.lock = threading.Condition()
        self.replies: dict[int, dict[str, Any]] = {}
        self.sent = 0
        self.done = 0
        self.failed: str | None = None
        self.closing = False
        self.stderr: list[bytes] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        threading.Thread(target=self._drain, daemon=True).start()
        reply = self._wait(self._send({"type": "NewIndex",
                                       "config": {"exclude_selectors": EXCLUDE_SELECTORS}}), 60)
        if reply.get("type") != "NewIndex":
            self.close()
            raise RuntimeError(f"pagefind --service: {reply}")
        self.index_id = reply["index_id"]

    def _drain(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.stderr = (self.stderr + [line])[-20:]

    def _read(self) -> None:
        import base64
        import json

        assert self.proc.stdout is not None
        buffer = b""
        while True:
            chunk = os.read(self.proc.stdout.fileno(), 1 << 16)
            if not chunk:
                break
            buffer += chunk
            *messages, buffer = buffer.split(b",")
            for raw in messages:
                try:
                    message = json.loads(base64.b64decode(raw))
                except ValueError:
                    continue
                if not isinstance(message, dict):
                    continue
                payload = message.get("payload") or {}
                with self.lock:
                    if payload.get("type") == "Error" and not self.failed:
                        self.failed = str(payload.get("message"))
                    if message.get("message_id") is not None:
                        self.replies[int(message["message_id"])] = payload
                    self.done += 1
                    self.lock.notify_all()
        with self.lock:
            if not self.closing:
                self.failed = self.failed or "the Pagefind service stopped"
            self.lock.notify_all()

    def _send(self, payload: dict[str, Any]) -> int:
        import base64
        import json

        assert self.proc.stdin is not None
        with self.lock:
            self.sent += 1
            message_id = self.sent
        data = base64.b64encode(json.dumps({"message_id": message_id, "payload": payload})
                                .encode("utf-8"))
        self.proc.stdin.write(data + b",")
        self.proc.stdin.flush()
        return message_id

    def _wait(self, message_id: int, timeout: float) -> dict[str, Any]:
        with self.lock:
            self.lock.wait_for(lambda: message_id in self.replies or self.failed is not None,
                               timeout)
            return self.replies.pop(message_id, {"type": "Error", "message": self.failed})

    def add(self, url: str, page_html: str) -> None:
        """Index a page marked by :func:`mark_page` (as :class:`Documents` makes it)."""
        for doc_url, doc in self.documents.add(url, page_html):
            self._add(doc_url, doc)

    def add_page(self, url: str, page_html: str, nicknames: Iterable[str] = ()) -> None:
        """Index a built page as it is served (unmarked): what :meth:`add` does with the
        page :func:`mark_page` would make of it."""
        for doc_url, doc in self.documents.add_page(url, page_html, nicknames):
            self._add(doc_url, doc)

    def _add(self, url: str, page_html: str) -> None:
        if self.failed:
            return
        try:
            self._send({"type": "AddFile", "index_id": self.index_id, "url": url,
                        "file_path": None, "file_contents": page_html})
        except OSError as exc:
            self.failed = self.failed or str(exc)
            return
        with self.lock:
            self.lock.wait_for(lambda: self.sent - self.done <= self.window or
                               self.failed is not None, 600)
            self.replies = {k: v for k, v in self.replies.items() if v.get("type") != "IndexedFile"}

    def finish(self, site_dir: str | Path) -> bool:
        """Wait for the pages, write the bundle into ``site_dir``/pagefind; False on failure."""
        for doc_url, doc in self.documents.flush():
            self._add(doc_url, doc)
        start = time.perf_counter()
        try:
            if not self.failed:
                reply = self._wait(self._send({"type": "WriteFiles", "index_id": self.index_id,
                                               "output_path": str(Path(site_dir) / BUNDLE_DIR)}),
                                   3600)
                if reply.get("type") != "WriteFiles":
                    self.failed = self.failed or str(reply.get("message") or reply)
                else:
                    settled(Path(site_dir) / BUNDLE_DIR)
        except OSError as exc:
            self.failed = self.failed or str(exc)
        finally:
            self.close()
        if not self.failed:
            self.failed = bundle_problem(Path(site_dir) / BUNDLE_DIR)
        if self.failed:
            detail = b"".join(self.stderr).decode("utf-8", "replace").strip()[-1000:]
            log.warning(f"mkdocs.yml: Pagefind failed to index the site ({self.failed}) {detail}; "
                        "search will not work. Rebuild, or set `search: mkdocs` under the "
                        "digestwiki plugin")
            return False
        log.info(f"search: Pagefind wrote its index {time.perf_counter() - start:.1f} s "
                 "after the last page")
        return True

    def close(self) -> None:
        self.closing = True
        if self.proc.poll() is None:
            try:
                assert self.proc.stdin is not None
                self.proc.stdin.close()
            except OSError:
                pass
            try:
                # Pagefind may still be writing its bundle when it answers: never cut it short
                # on a busy machine (a killed service left truncated files behind).
                self.proc.wait(timeout=300)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.reader.join(timeout=10)


def settled(bundle: Path, patience: float = 120.0) -> None:
    """Wait, with the service still running, until its bundle is on disk: Pagefind answers
    WriteFiles while files are still being written, and a service whose input closes then
    exits with them cut short (an empty ``pagefind-entry.json`` was seen on busy machines).
    Settled: the entry file reads back and the folder's sizes hold still for a moment."""
    deadline = time.monotonic() + patience
    before: list[tuple[str, int]] | None = None
    while time.monotonic() < deadline:
        try:
            now = sorted((str(p), p.stat().st_size) for p in bundle.rglob("*") if p.is_file())
        except OSError:
            now = None
        if now is not None and now == before and bundle_problem(bundle) is None:
            return
        before = now
        time.sleep(0.2)


def bundle_problem(bundle: Path) -> str | None:
    """What is wrong with a written Pagefind bundle (None: its entry file reads back)."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return f"its entry file does not read back ({exc})"
    if not isinstance(entry, dict) or not entry.get("languages"):
        return "its entry file lists no index"
    return None


def start_feeder(binary: Path) -> Feeder | None:
    """A :class:`Feeder`, or None (with a note) when Pagefind's service cannot start."""
    try:
        return Feeder(binary)
    except Exception as exc:  # noqa: BLE001 - the CLI after the build is the fallback
        log.info(f"search: Pagefind's service did not start ({exc}); indexing after the build")
        return None


def run_pagefind(site_dir: str | Path, binary: Path) -> bool:
    """Index a built site whose pages carry their marks (:func:`mark_page`): the very
    documents the build feeds (:class:`Documents`: papers grouped, Hangul as letters), read
    back from the files. The preview's background runs use it, and a build whose Pagefind
    service did not start. False (with a warning saying what to do) when Pagefind fails."""
    feeder = start_feeder(binary)
    if feeder is None:
        return _pagefind_cli(site_dir, binary)
    site = Path(site_dir)
    try:
        for path in sorted(site.rglob("*.html")):
            rel = path.relative_to(site).as_posix()
            if rel.startswith(BUNDLE_DIR + "/") or rel == "404.html":
                continue
            url = "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
            feeder.add(url, path.read_text(encoding="utf-8", errors="replace"))
    except BaseException:
        feeder.close()
        raise
    return feeder.finish(site)


def _pagefind_cli(site_dir: str | Path, binary: Path) -> bool:
    """Pagefind's own crawl of the site: the last resort (Korean words and paper groups are
    then indexed as the pages show them, which the search box does not expect)."""
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

"""Scale benchmark: synthetic wikis of real shape, built with DigestWiki and with the FLOOR.

For each size it generates a wiki (notes in the two shapes real groups write: weekly notes
reviewing several papers, and one-paper notes ``URL`` / blank / ``*Title* (Authors)`` /
``> abstract`` / commentary; every paper reviewed once and mentioned up to 9 more times; up to
150 notes a month), then, in the same run:

- builds it with the plugin (the repository's mkdocs.yml, search included), exporting every
  generated page through ``benchmarks/export_pages.py``;
- builds the FLOOR: plain MkDocs + Material over exactly those exported pages, without
  DigestWiki, with Material's stock search and a nav of only the top pages;
- measures `mkdocs serve`: seconds from saving an edit to one note until the served page
  shows it (today a full rebuild).

It prints pages, seconds, ms per page, the ratio to the floor, peak memory (max RSS of the
build process and its children, from ``os.wait4``), the largest chrome (HTML outside
``<article>``) and the largest page, the site size, and the search bytes a reader downloads
on opening a page and for a cold first query.

    .venv/bin/python benchmarks/scale.py                       # 500 and 2,000 notes (mixed)
    .venv/bin/python benchmarks/scale.py --notes 5500          # the real wiki's size
    .venv/bin/python benchmarks/scale.py --notes 2000 --shape weekly --per-week 15   # 30,000 papers
    .venv/bin/python benchmarks/scale.py --notes 500 --no-serve --keep /tmp/wiki500
    .venv/bin/python benchmarks/scale.py --repeat 3    # on a busy machine: fastest of three

Times are wall-clock seconds on whatever machine runs it; compare the ratios printed in one
run, never figures from different runs. On a machine other work shares, wall seconds follow
the load (the same build took 305 s and 649 s an hour apart): the CPU seconds of each build
(process and children, from ``os.wait4``) and their ratio are printed too.
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import yaml

REPO = Path(__file__).resolve().parents[1]
HOOK = Path(__file__).resolve().parent / "export_pages.py"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true",
       "DIGESTWIKI_OFFLINE": "1"}

FIRST = ("Ada Alan Bo Chen Dana Eun Farid Grace Hana Ivan Jae Ji Kai Lea Min Noor Omar Pia "
         "Qi Ravi Seo Tom Una Vera Wei Xin Yuki Zoe Ana Ben Cara Dong Elif Femi Gil Hyun Ines "
         "Jun Kim Lars Maya Nils Olga Paul Rosa Sami Tara Uma Vik Won").split()
LAST = ("Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Oh Seo Shin Kwon Hwang Ahn Song "
        "Yoo Hong Smith Garcia Muller Rossi Dubois Silva Nowak Ivanov Tanaka Sato Wang Zhang "
        "Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo Lin Gao Luo Zheng Liang Berens "
        "Notin Gal Turing Hopper Knuth Lamport Liskov Hoare Dijkstra Allen").split()
WORDS = ("Attention Diffusion Graph Sparse Neural Scaling Contrastive Vision Language Policy "
         "Reward Memory Retrieval Token Latent Adaptive Robust Efficient Federated Causal "
         "Implicit Equivariant Transformers Networks Models Learning Inference Optimization "
         "Representations Agents Benchmarks Priors Kernels Fields Flows Mixtures Experts "
         "Distillation Pruning Quantization Alignment Reasoning Planning Segmentation "
         "Detection Generation Compression").split()
# Korean commentary: nouns with particles attached and compounds, as people write them.
NOUNS = ("트랜스포머 어텐션 오버피팅 정규화 임베딩 디퓨전 그래프 데이터셋 파인튜닝 증류 양자화 "
         "프레임워크 벤치마크 손실함수 학습률 추론 샘플링 토크나이저 인코더 디코더").split()
PARTICLES = ["를", "을", "가", "이", "는", "은", "에서", "으로", "로", "와", "과", "의", "도", ""]
PREFIXES = ["비전", "그래프", "멀티모달", "스파스", "언어"]
VERBS = ["개선한 연구.", "다시 보게 됨.", "쓰는 방식이 흥미롭다.", "비교가 충실함.",
         "실험이 부족한 느낌.", "코드가 공개되어 있음.", "아이디어는 단순하다."]


@dataclass
class Paper:
    arxiv: str
    title: str
    authors: list[str]
    abstract: str


def _paper(rng: random.Random, n: int, month: tuple[int, int]) -> Paper:
    year, mon = month
    words = rng.sample(WORDS, 5)
    title = f"{words[0]} {words[1]} for {words[2]} {words[3]} {words[4]} {n}"
    authors = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(rng.randint(1, 5))]
    abstract = (f"We study {words[0].lower()} {words[1].lower()} and show that "
                f"{words[2].lower()} helps {words[3].lower()} across {rng.randint(2, 9)} tasks.")
    return Paper(f"{year % 100:02d}{mon:02d}.{n % 100000:05d}", title, authors, abstract)


def _korean(rng: random.Random, sentences: int) -> str:
    out = []
    for _ in range(sentences):
        noun = rng.choice(NOUNS)
        if rng.random() < 0.3:
            noun = rng.choice(PREFIXES) + noun
        out.append(f"{noun}{rng.choice(PARTICLES)} {rng.choice(NOUNS)}{rng.choice(PARTICLES)} "
                   f"{rng.choice(VERBS)}")
    return " ".join(out)


def generate(root: Path, notes: int, shape: str = "mixed", per_week: int = 8,
             seed: int = 7) -> tuple[int, Path]:
    """Write a wiki of ``notes`` notes under ``root``; returns (papers, a one-paper note)."""
    rng = random.Random(seed)
    digests = root / "docs" / "digests"
    digests.mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Scale wiki\n", encoding="utf-8")
    shutil.copy(REPO / "docs" / "tags.md", root / "docs" / "tags.md")
    shutil.copytree(REPO / "scripts", root / "scripts")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")

    papers: list[Paper] = []
    mentions: list[int] = []  # backlinks per paper (review included), at most 10
    per_month = 4 if shape == "weekly" else 120  # <= 150 notes a month
    sample_note: Path | None = None
    serial = 0
    for i in range(notes):
        m = i // per_month
        month = (2019 + m // 12, 1 + m % 12)
        day = 1 + (i % per_month) * 28 // per_month
        weekly = shape == "weekly" or (shape == "mixed" and i % 7 == 0)
        count = per_week if weekly else 1
        lines: list[str] = []
        if weekly:
            lines.append(f"{month[0]}년 {month[1]}월 {i}번째 주 논문 정리.")
        for _ in range(count):
            serial += 1
            paper = _paper(rng, serial, month)
            papers.append(paper)
            mentions.append(1)
            url = f"https://arxiv.org/abs/{paper.arxiv}"
            commentary = _korean(rng, rng.randint(1, 3))
            for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):  # mentions of earlier papers
                j = rng.randrange(len(papers))
                if mentions[j] < 10 and j != len(papers) - 1:
                    mentions[j] += 1
                    commentary += f" 비슷한 연구 https://arxiv.org/abs/{papers[j].arxiv} 참고."
            if weekly:
                lines += [url, f"{paper.title} ({', '.join(paper.authors)})", commentary, ""]
            else:
                lines += [url, "", f"*{paper.title}* ({', '.join(paper.authors)})", "",
                          f"> {paper.abstract}", "", commentary]
        name = (f"{month[0]}-{month[1]:02d}-{day:02d}-"
                f"{'week' if weekly else 'paper'}-{i}.{'txt' if weekly else 'md'}")
        path = digests / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        if not weekly and sample_note is None:
            sample_note = path
    assert sample_note is not None or shape == "weekly"
    return len(papers), sample_note or path


# --- builds --------------------------------------------------------------------------------

@dataclass
class Run:
    seconds: float
    peak_mb: float  # the build process and its children, from os.wait4
    cpu: float = 0.0  # CPU seconds of the build process and its children (os.wait4)
    build_mb: float = 0.0  # sampled: the MkDocs process alone
    child_mb: float = 0.0  # sampled: its largest child (the Pagefind service)
    together_mb: float = 0.0  # sampled: the process and all its children at the same moment


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as fh:
            return [int(c) for c in fh.read().split()]
    except OSError:
        return []


def run_build(config: Path, site: Path, extra_env: dict[str, str] | None = None) -> Run:
    """One `mkdocs build` in its own process; peak memory from os.wait4 (children included),
    and sampled twice a second for the build process and its children apart (Linux)."""
    import threading

    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config),
                             "-d", str(site)], env={**ENV, **(extra_env or {})},
                            cwd=config.parent, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    peaks = [0.0, 0.0, 0.0]
    running = threading.Event()
    running.set()

    def sample() -> None:
        while running.is_set():
            own, children = _rss_mb(proc.pid), [_rss_mb(c) for c in _children(proc.pid)]
            peaks[0] = max(peaks[0], own)
            peaks[1] = max([peaks[1], *children])
            peaks[2] = max(peaks[2], own + sum(children))
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert proc.stderr is not None
    err = proc.stderr.read()
    running.clear()
    _, status, usage = os.wait4(proc.pid, 0)
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"build of {config} failed:\n{err.decode(errors='replace')[-3000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, *peaks)


def floor_site(export: Path, wiki: Path, root: Path) -> Path:
    """Plain MkDocs + Material over the exported pages: no DigestWiki, top pages in the nav."""
    shutil.copytree(export, root / "docs", ignore=shutil.ignore_patterns(".export-seconds"))
    for page in ("index.md", "tags.md"):
        if not (root / "docs" / page).exists():
            shutil.copy(wiki / "docs" / page, root / "docs" / page)
    with (wiki / "mkdocs.yml").open(encoding="utf-8") as fh:
        base = yaml.load(fh, Loader=_Loader)  # noqa: S506 (our own file, with !ENV tags)
    docs = root / "docs"
    top = [p for p in ("index.md", "digests/index.md", "papers/index.md") if (docs / p).exists()]
    config = {
        "site_name": base["site_name"],
        "site_url": "https://example.org/floor/",
        "theme": base["theme"],
        "markdown_extensions": base["markdown_extensions"],
        "plugins": ["search", "tags"],
        "nav": top,
        "extra_css": ["assets/digestwiki/digestwiki.css"],
        "extra_javascript": ["assets/digestwiki/digestwiki.js"],
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return root / "mkdocs.yml"


class _Loader(yaml.SafeLoader):
    pass


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    value = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else None
    return value[-1] if value else None


_Loader.add_constructor("!ENV", _env_tag)


# --- the built site --------------------------------------------------------------------------

@dataclass
class SiteFigures:
    pages: int
    site_mb: float
    chrome_kb: float
    chrome_page: str
    page_kb: float
    page_page: str
    load_bytes: int
    query_bytes: int


ARTICLE = re.compile(rb"<article\b.*</article>", re.S)


def measure_site(site: Path) -> SiteFigures:
    pages = 0
    total = 0
    chrome = (0, "")
    largest = (0, "")
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        if path.suffix != ".html":
            continue
        data = path.read_bytes()
        if b"<article" not in data:
            continue
        pages += 1
        rel = path.relative_to(site).as_posix()
        m = ARTICLE.search(data)
        outside = len(data) - (len(m.group(0)) if m else 0)
        chrome = max(chrome, (outside, rel))
        largest = max(largest, (size, rel))
    load, query = search_bytes(site)
    return SiteFigures(pages, total / 1e6, chrome[0] / 1024, chrome[1], largest[0] / 1024,
                       largest[1], load, query)


def search_bytes(site: Path) -> tuple[int, int]:
    """(bytes on opening a page, bytes for a cold first query), as transferred (gzip).

    Material's stock search fetches search/search_index.json on every page open. Pagefind
    loads nothing until the box is focused; a cold query is measured in a real browser when
    Playwright and chromium are there (:func:`browser_query_bytes`), else estimated from the
    bundle: pagefind.js, the entry file, the WebAssembly, the metadata, the median index chunk
    and five median result fragments.
    """
    stock = site / "search" / "search_index.json"
    if stock.exists():
        size = len(gzip.compress(stock.read_bytes(), 6))
        return size, size
    bundle = site / "pagefind"
    if not bundle.is_dir():
        return 0, 0
    measured = browser_query_bytes(site)
    if measured is not None:
        return measured
    fixed = sum(len(gzip.compress(p.read_bytes(), 6)) for p in
                (bundle / "pagefind.js", bundle / "pagefind-entry.json") if p.exists())
    fixed += max((p.stat().st_size for p in bundle.glob("wasm.*.pagefind")), default=0)
    fixed += sum(p.stat().st_size for p in bundle.glob("pagefind.*.pf_meta"))
    chunks = sorted(p.stat().st_size for p in (bundle / "index").glob("*.pf_index"))
    fragments = sorted(p.stat().st_size for p in (bundle / "fragment").glob("*"))
    median = (lambda xs: xs[len(xs) // 2] if xs else 0)  # noqa: E731
    return 0, fixed + median(chunks) + 5 * median(fragments)


QUERIES = ["트랜스포머", "Kim", "Diffusion"]  # words on thousands of pages of a synthetic wiki
DETAIL: dict[str, int] = {}  # bytes per query of the last measurement, for the report
PARTS: dict[str, dict[str, int]] = {}  # the same bytes by kind of file (code, meta, index ...)


def _kind(url: str) -> str:
    """What a Pagefind file is for: code (JS, WebAssembly), meta (the page list), index
    (word chunks), fragment (a result's text), filter."""
    name = url.split("?")[0].rsplit("/", 1)[-1]
    for suffix, kind in ((".pf_meta", "meta"), (".pf_index", "index"),
                         (".pf_fragment", "fragment"), (".pf_filter", "filter")):
        if name.endswith(suffix):
            return kind
    return "code"


def browser_query_bytes(site: Path) -> tuple[int, int] | None:
    """(bytes fetched on opening a digest page, the most any of :data:`QUERIES` fetched as
    a first query), from chromium's network events; None without Playwright or chromium."""
    import functools
    import http.server
    import threading

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path(chromium).exists():
        return None

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    digest = next((p for p in sorted((site / "digests").glob("*/index.html"))
                   if p.parent.name[:1].isdigit() and "-" in p.parent.name), None)
    if digest is None:
        return None
    path = digest.parent.relative_to(site).as_posix() + "/"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            on_load = 0
            worst = 0
            DETAIL.clear()
            PARTS.clear()
            rare = next(iter(sorted((site / "papers").glob("arxiv-*"))), None)
            queries = QUERIES + ([rare.name[6:].replace("-", ".")] if rare else [])
            for i, query in enumerate(queries):
                page = browser.new_page()
                search: list[int] = []
                parts: dict[str, int] = {}

                def count(response: object, search: list[int] = search,
                          parts: dict[str, int] = parts) -> None:
                    url = response.url  # type: ignore[attr-defined]
                    try:
                        body = response.body()  # type: ignore[attr-defined]
                    except Exception:  # noqa: BLE001 - redirects have no body
                        return
                    # as a web server sends it: text gzipped, Pagefind's chunks already are
                    text = url.split("?")[0].endswith((".js", ".json", ".css"))
                    n = len(gzip.compress(body, 6)) if text else len(body)
                    if "/pagefind/" in url or "search_index" in url:
                        search.append(n)
                        parts[_kind(url)] = parts.get(_kind(url), 0) + n

                page.on("response", count)
                page.goto(base + path, wait_until="networkidle")
                if i == 0:
                    on_load = sum(search)
                search.clear()
                parts.clear()
                box = page.locator("input.md-search__input")
                box.click()
                box.press_sequentially(query)
                page.wait_for_selector(".md-search-result__list > li", timeout=30_000)
                page.wait_for_load_state("networkidle")
                DETAIL[query] = sum(search)
                PARTS[query] = dict(parts)
                if query in QUERIES:
                    worst = max(worst, sum(search))
                page.close()
            browser.close()
    except Exception as exc:  # noqa: BLE001 - a benchmark figure, not a test
        print(f"(browser measurement failed: {exc}; estimating from the bundle)")
        return None
    finally:
        httpd.shutdown()
    return on_load, worst


# --- serve ---------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def serve_reload(config: Path, note: Path, digests_url: str, timeout: float
                 ) -> tuple[float | None, float | None]:
    """Seconds from saving an edit to ``note`` until `mkdocs serve` shows it, and from saving
    a new note until its page is served (each after the server's search index is ready)."""
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a",
                             f"127.0.0.1:{port}"], cwd=config.parent, env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}{digests_url}"
    url = f"{base}{note.stem}/"
    new_note = note.with_name(note.stem + "-new" + note.suffix)

    def settle() -> bool:
        """Wait until the served site has its search index (built in the background)."""
        while "languages" not in _get(f"{base}../pagefind/pagefind-entry.json"):
            if time.monotonic() > deadline or proc.poll() is not None:
                return False
            time.sleep(0.5)
        time.sleep(2)
        return True

    try:
        deadline = time.monotonic() + timeout
        while "</article>" not in _get(url):
            if time.monotonic() > deadline or proc.poll() is not None:
                return None, None
            time.sleep(0.5)
        settle()
        marker = f"edited{int(time.time())}"
        start = time.perf_counter()
        note.write_text(note.read_text(encoding="utf-8") + f"\n{marker} 수정.\n",
                        encoding="utf-8")
        while marker not in _get(url):
            if time.perf_counter() - start > timeout:
                return None, None
            time.sleep(0.2)
        edit = time.perf_counter() - start
        deadline = time.monotonic() + timeout
        settle()
        start = time.perf_counter()
        # A new paper, reviewed in a new note of the same month.
        text = re.sub(r"abs/\d{4}\.\d{4,5}", "abs/2112.99999",
                      note.read_text(encoding="utf-8").replace(marker, "new"), count=1)
        new_note.write_text(text, encoding="utf-8")
        while "</article>" not in _get(f"{base}{new_note.stem}/"):
            if time.perf_counter() - start > timeout:
                return edit, None
            time.sleep(0.2)
        return edit, time.perf_counter() - start
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
        new_note.unlink(missing_ok=True)


# --- main ----------------------------------------------------------------------------------

def _site_path(config: Path) -> str:
    """The path `mkdocs serve` serves the site under (site_url's path)."""
    with config.open(encoding="utf-8") as fh:
        url = yaml.load(fh, Loader=_Loader).get("site_url") or "/"  # noqa: S506
    return "/" + urlparse(url).path.strip("/") + "/" if urlparse(url).path.strip("/") else "/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, nargs="+", default=[500, 2000],
                        help="wiki sizes, in notes (default: 500 2000)")
    parser.add_argument("--shape", choices=["mixed", "weekly", "single"], default="mixed",
                        help="mixed: one weekly note in seven; weekly: only multi-paper notes")
    parser.add_argument("--per-week", type=int, default=8, help="papers in a weekly note")
    parser.add_argument("--repeat", type=int, default=1,
                        help="build each N times, alternating, and keep the fastest of each")
    parser.add_argument("--no-serve", action="store_true", help="skip the serve measurement")
    parser.add_argument("--serve-timeout", type=float, default=900)
    parser.add_argument("--keep", type=Path, help="build under this folder and keep it")
    args = parser.parse_args()

    base = args.keep or Path(tempfile.mkdtemp(prefix="dw-scale-"))
    rows = []
    try:
        for notes in args.notes:
            root = base / f"wiki-{args.shape}-{notes}"
            if root.exists():
                shutil.rmtree(root)
            papers, note = generate(root / "wiki", notes, args.shape, args.per_week)
            config = root / "wiki" / "mkdocs.yml"
            text = config.read_text(encoding="utf-8")
            config.write_text(text + f"\nhooks:\n  - {HOOK}\n", encoding="utf-8")
            export = root / "export"
            plugin = run_build(config, root / "site", {"DIGESTWIKI_EXPORT": str(export)})
            plugin.seconds -= float((export / ".export-seconds").read_text())
            plugin.cpu -= float((export / ".export-seconds").read_text())  # writing, on CPU
            floor_config = floor_site(export, root / "wiki", root / "floor")
            floor = run_build(floor_config, root / "floor-site")
            for _ in range(args.repeat - 1):  # alternate, keep the best: a busy machine only
                again = run_build(config, root / "site", {"DIGESTWIKI_EXPORT": str(export)})
                again.seconds -= float((export / ".export-seconds").read_text())
                again.cpu -= float((export / ".export-seconds").read_text())
                plugin = min(plugin, again, key=lambda r: r.seconds)
                floor = min(floor, run_build(floor_config, root / "floor-site"),
                            key=lambda r: r.seconds)
            figures = measure_site(root / "site")
            floor_figures = measure_site(root / "floor-site")
            reload = (None, None) if args.no_serve else serve_reload(
                config, note, _site_path(config) + "digests/", args.serve_timeout)
            rows.append((notes, papers, plugin, floor, figures, floor_figures, reload))
            _print_row(rows[-1])
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    if len(rows) > 1:
        print()
        for small, large in zip(rows, rows[1:], strict=False):
            grow = large[0] / small[0]
            print(f"linearity {small[0]} -> {large[0]} notes ({grow:.1f}x input): plugin "
                  f"{large[2].seconds / small[2].seconds:.2f}x time "
                  f"({large[2].cpu / small[2].cpu:.2f}x CPU), floor "
                  f"{large[3].seconds / small[3].seconds:.2f}x time "
                  f"({large[3].cpu / small[3].cpu:.2f}x CPU)")


def _print_row(row: tuple) -> None:  # type: ignore[type-arg]
    notes, papers, plugin, floor, fig, ffig, reload = row
    print(f"\n== {notes} notes, {papers} papers ==")
    print(f"{'':10} {'pages':>6} {'s':>7} {'ms/page':>8} {'peak MB':>8} {'site MB':>8} "
          f"{'chrome KB':>10} {'page KB':>8} {'load B':>9} {'query B':>9}")
    for name, run, f in (("digestwiki", plugin, fig), ("floor", floor, ffig)):
        print(f"{name:10} {f.pages:6d} {run.seconds:7.1f} {run.seconds / f.pages * 1000:8.2f} "
              f"{run.peak_mb:8.0f} {f.site_mb:8.1f} {f.chrome_kb:10.1f} {f.page_kb:8.1f} "
              f"{f.load_bytes:9d} {f.query_bytes:9d}")
    print(f"ratio to floor: {plugin.seconds / floor.seconds:.2f}x time, "
          f"{plugin.peak_mb / floor.peak_mb:.2f}x peak memory")
    # CPU seconds hardly depend on what else the machine runs; wall seconds do. The plugin's
    # include Pagefind's (a child that indexes on the other core while pages render).
    print(f"CPU seconds: digestwiki {plugin.cpu:.1f}, floor {floor.cpu:.1f}: "
          f"{plugin.cpu / floor.cpu:.2f}x; load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} cores")
    print(f"peak memory sampled: digestwiki build {plugin.build_mb:.0f} MB + its largest child "
          f"(Pagefind) {plugin.child_mb:.0f} MB, {plugin.together_mb:.0f} MB at once; floor build "
          f"{floor.build_mb:.0f} MB")
    print(f"largest chrome: {fig.chrome_page} ({fig.chrome_kb:.1f} KB); largest page: "
          f"{fig.page_page} ({fig.page_kb:.1f} KB)")
    if DETAIL:
        print("cold query bytes: " + ", ".join(f"{q} {n}" for q, n in DETAIL.items()))
        for q, parts in PARTS.items():
            print(f"  {q}: " + ", ".join(f"{k} {n}" for k, n in sorted(parts.items())))
    edit, new = reload
    print("serve edit-to-reload: " + (f"{edit:.1f} s" if edit is not None else "not measured")
          + ", new note to its page: " + (f"{new:.1f} s" if new is not None else "not measured"))
    sys.stdout.flush()


if __name__ == "__main__":
    main()

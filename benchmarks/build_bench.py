"""Build-time benchmark: the repository's own site, and synthetic wikis of growing size.

Prints wall time per build, time and HTML bytes per generated paper page, and the ratio of
per-page time between sizes (a ratio near 1 means the build stays linear; the nav of every
page would make it quadratic if paper pages were listed in it).

    .venv/bin/python benchmarks/build_bench.py            # seed site + 200 / 2000 papers
    .venv/bin/python benchmarks/build_bench.py --sizes 500
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NAMES = ["Ada Lovelace", "Grace Hopper", "Edsger Dijkstra", "Barbara Liskov", "Donald Knuth",
         "Frances Allen", "John McCarthy", "Karen Sparck Jones", "Tony Hoare", "Leslie Lamport"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true",
       "DIGESTWIKI_OFFLINE": "1"}


def timed_build(config: Path, site: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config),
                    "-d", str(site)], check=True, env=ENV, cwd=config.parent)
    return time.perf_counter() - start


def synthetic_site(root: Path, papers: int, per_digest: int = 10) -> Path:
    (root / "docs/digests").mkdir(parents=True)
    (root / "docs/index.md").write_text("# Bench\n", encoding="utf-8")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "scripts", root / "scripts")  # the gen-files statistics page
    for page in (REPO / "docs").glob("*.md"):
        if page.name != "index.md":
            shutil.copy(page, root / "docs" / page.name)
    for d in range(papers // per_digest):
        lines = [f"{d}번째 주 논문."]
        for k in range(per_digest):
            n = d * per_digest + k
            author = NAMES[n % len(NAMES)]
            other = 10000 + (n * 7) % papers
            lines += [f"https://arxiv.org/abs/2007.{10000 + n:05d}",
                      f"Topic{n % 97} Models Number {n}: A Study of Things ({author}, Alan Turing)",
                      f"코멘트 {n}. 비슷한 연구 https://arxiv.org/abs/2006.{other:05d} 참고."]
        month = 1 + d % 12
        day = 1 + (d // 12) % 28
        year = 2000 + d // (12 * 28)
        (root / f"docs/digests/{year}-{month:02d}-{day:02d}-week-{d}.txt").write_text(
            "\n".join(lines) + "\n", encoding="utf-8")
    return root / "mkdocs.yml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        seed_times = [timed_build(REPO / "mkdocs.yml", base / f"seed-site-{i}")
                      for i in range(args.repeat)]
        print(f"seed site ({len(list((REPO / 'docs/digests').iterdir()))} digests): "
              f"median {statistics.median(seed_times):.2f} s over {args.repeat} builds")
        per_page: dict[int, float] = {}
        for size in args.sizes:
            config = synthetic_site(base / f"syn-{size}", size)
            times = [timed_build(config, base / f"syn-{size}/site-{i}") for i in range(args.repeat)]
            site = base / f"syn-{size}/site-0"
            pages = list((site / "papers").glob("arxiv-*/index.html"))
            kb = statistics.mean(p.stat().st_size for p in pages) / 1024
            per_page[size] = statistics.median(times) / len(pages) * 1000
            print(f"{size} reviewed papers -> {len(pages)} paper pages: median "
                  f"{statistics.median(times):.1f} s, {per_page[size]:.2f} ms and {kb:.1f} KB per "
                  f"paper page")
        sizes = sorted(per_page)
        for small, large in zip(sizes, sizes[1:], strict=False):
            print(f"per-page time ratio {large}/{small}: {per_page[large] / per_page[small]:.2f} "
                  f"(1.0 = linear)")


if __name__ == "__main__":
    main()

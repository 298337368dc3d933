"""The hostile corpus (tests/hostile) in numbers, and the work "discussed alongside" does.

Prints the counts the security issue asks for (cases, tracebacks, executable injections in
the built site, plugin messages without file:line, forged workflow commands), the pages that
still hold an injection, and the number of paper pairs related.py looks at for one note of
N papers (linear in N past the all-pairs size, where it used to be N * (N - 1)).

    .venv/bin/python benchmarks/hostile_bench.py
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "plugin"), str(REPO / "tests")]

from digestwiki.graph import build_wiki  # noqa: E402
from digestwiki.model import Digest, Entry  # noqa: E402
from digestwiki.related import pair_count  # noqa: E402
from hostile.corpus import run_all  # noqa: E402


def one_note(papers: int) -> int:
    entries = [Entry(id=f"arxiv:2101.{i:05d}", url=f"https://arxiv.org/abs/2101.{i:05d}",
                     line=i + 1, title=f"Paper {i}") for i in range(papers)]
    digest = Digest(id="big", source="docs/digests/big.txt", shape="plaintext", title="Big",
                    date="2021-01-01", date_inferred=False, text="", body_offset=0,
                    entries=entries)
    return pair_count(build_wiki([digest], {}, {}))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        report = run_all(Path(tmp))
        print("hostile corpus:", json.dumps(report.counts()))
        for page, found in sorted(report.injections.items()):
            print(f"  injection on {page}: {len(found)} ({', '.join(found[:3])}, ...)")
        for label in report.tracebacks:
            print(f"  traceback in: {label}")
    floor = one_note(60)
    for n in (10, 60, 300, 3000):
        pairs = one_note(n)
        print(f"related pairs for one note of {n:>5} papers: {pairs:>9} "
              f"(all pairs would be {n * (n - 1):>9}; {pairs / floor:6.1f}x the 60-paper note)")


if __name__ == "__main__":
    main()

"""Paper-id recall and precision of ``identity.paper_links`` on a corpus of real notes.

The corpus is a folder with ``texts/`` (one note per file) and ``expected.tsv`` (columns file,
id, role, title, authors, line; ids are bare arXiv ids, ``openreview:ID``, ``doi:...`` or
``url:`` + a web address). Notes are read line by line, the way the parser calls
``paper_links``; no file is treated specially.

- ids: every id ``paper_links`` finds in a note against the note's expected non-``url:`` rows
  (an expected ``url:`` row whose address is now an id, e.g. an ACL Anthology page, counts as
  that id); misses and false positives are listed.
- url works: the expected ``url:`` rows, whether the address is linked in the note, what
  ``classify_web_link`` calls it and whether ``normalise_work_url`` gives the expected id.

    .venv/bin/python benchmarks/identity_recall.py CORPUS_DIR
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from digestwiki.identity import (
    ANY_URL,
    classify_web_link,
    normalise_work_url,
    paper_links,
    parse_id,
    trim_url,
)


def expected_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def link_targets(text: str) -> list[str]:
    """Web addresses as a Markdown parser would see them: a ')' that opens nothing, ']', '>',
    quotes and spaces end an address."""
    out = []
    for m in re.finditer(r"https?://", text):
        url, depth = "", 0
        for ch in ANY_URL.match(text, m.start()).group(0):  # type: ignore[union-attr]
            if ch in "]>\"'`<" or (ch == ")" and depth == 0):
                break
            depth += (ch == "(") - (ch == ")")
            url += ch
        out.append(trim_url(url))
    return out


def as_id(raw: str) -> str:
    """An expected.tsv id as a canonical id (bare arXiv ids get their prefix)."""
    if raw.startswith("url:"):
        return parse_id(raw[4:]) or raw
    return parse_id(raw) or raw


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path, help="folder with texts/ and expected.tsv")
    args = parser.parse_args(argv)
    texts = args.corpus / "texts"
    rows = expected_rows(args.corpus / "expected.tsv")

    expected: dict[str, dict[str, int]] = defaultdict(dict)  # file -> id -> line
    works: list[dict[str, str]] = []
    now_ids = 0
    for row in rows:
        ident = as_id(row["id"])
        if ident.startswith("url:"):
            works.append(row)
            continue
        now_ids += row["id"].startswith("url:")
        expected[row["file"]][ident] = int(row["line"] or 0)

    found: dict[str, dict[str, int]] = {}
    spans = span_differs = 0
    differ: list[str] = []
    for path in sorted(texts.iterdir()):
        text = path.read_text(encoding="utf-8", errors="replace")
        first: dict[str, int] = {}
        for n, line in enumerate(text.split("\n"), start=1):
            for link in paper_links(line):
                assert line[link.start:link.end] == link.url, (path.name, n, link)
                first.setdefault(link.id, n)
                if link.url.lower().startswith(("http://", "https://")):
                    # The span should be the whole address a Markdown reader sees there.
                    spans += 1
                    address = link_targets(line[link.start:])[0]
                    if address != link.url:
                        span_differs += 1
                        differ.append(f"  {path.name}:{n}: {link.url} | {address}")
        found[path.name] = first

    hits = misses = false = 0
    wrong_line = 0
    missed: list[str] = []
    extra: list[str] = []
    by_service: Counter[str] = Counter()
    for name in sorted(set(expected) | set(found)):
        want, got = expected.get(name, {}), found.get(name, {})
        for ident, line in want.items():
            if ident in got:
                hits += 1
                by_service[ident.split(":")[0]] += 1
                if line and got[ident] != line:
                    wrong_line += 1
            else:
                misses += 1
                missed.append(f"  {name}:{line}: {ident}")
        for ident, line in got.items():
            if ident not in want:
                false += 1
                extra.append(f"  {name}:{line}: {ident}")
    total_expected, total_found = hits + misses, hits + false
    print(f"notes: {len(found)}  expected id rows: {total_expected} "
          f"({now_ids} of them url: rows that are ids now)  ids found: {total_found}")
    print(f"id recall:    {hits}/{total_expected} = {hits / max(total_expected, 1):.2%}")
    print(f"id precision: {hits}/{total_found} = {hits / max(total_found, 1):.2%}")
    print(f"found by service: {dict(sorted(by_service.items()))}")
    print(f"first line differs from expected.tsv for {wrong_line} of {hits} found ids")
    print(f"URL spans that differ from the whole address: {span_differs} of {spans}",
          *differ, sep="\n")
    print(f"misses ({misses}):", *missed, sep="\n")
    print(f"false positives ({false}):", *extra, sep="\n")

    linked = normalised = 0
    kinds: Counter[str] = Counter()
    odd: list[str] = []
    for row in works:
        text = (texts / row["file"]).read_text(encoding="utf-8", errors="replace")
        urls = link_targets(text)
        match = next((u for u in urls if normalise_work_url(u) == row["id"]), None)
        address = row["id"][4:]
        if match is None:
            match = next((u for u in urls if u.startswith(address)), None)
        else:
            normalised += 1
        if match is None:
            odd.append(f"  {row['file']}:{row['line']}: not found as a bare address: {address}")
            continue
        linked += 1
        kind = classify_web_link(match)
        kinds[kind] += 1
        if kind != "work":
            odd.append(f"  {row['file']}:{row['line']}: classified {kind!r}: {address}")
        elif normalise_work_url(match) != row["id"]:
            odd.append(f"  {row['file']}:{row['line']}: normalised to "
                       f"{normalise_work_url(match)} (expected {row['id']})")
    print(f"\nurl works linked in the note: {linked}/{len(works)}; "
          f"normalise_work_url gives the expected id for {normalised}; "
          f"classify_web_link: {dict(sorted(kinds.items()))}")
    print("url works to look at:", *odd, sep="\n")

    # Every other address in the notes: what classify_web_link makes of it. "work" links here
    # are not rows of expected.tsv: the parser must drop them (a project page beside an id).
    wanted = {(row["file"], row["id"]) for row in works}
    others: Counter[str] = Counter()
    work_hosts: Counter[str] = Counter()
    for path in sorted(texts.iterdir()):
        for url in link_targets(path.read_text(encoding="utf-8", errors="replace")):
            if (path.name, normalise_work_url(url)) in wanted:
                continue
            kind = classify_web_link(url)
            others[kind] += 1
            if kind == "work":
                work_hosts[url.split("/")[2].lower().removeprefix("www.")] += 1
    print(f"\nother addresses by kind: {dict(sorted(others.items()))}")
    print("hosts of other 'work' addresses:",
          ", ".join(f"{h} {n}" for h, n in work_hosts.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

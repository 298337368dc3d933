"""How faithfully the wiki reads real notes: ids, roles, titles and url works against a hand key.

Builds the wiki (the same pipeline the MkDocs build runs, in process, offline) from a folder
of notes, renders ``papers.json``, and compares it with a hand-read ``expected.tsv``
(columns: file, id, role, title, authors, line; bare arXiv ids, ``openreview:``, ``doi:``,
``url:``). Prints the figures and the files with the most disagreements.

    .venv/bin/python benchmarks/fidelity.py                      # ../shared/corpus
    .venv/bin/python benchmarks/fidelity.py --corpus DIR -v      # every disagreement
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "plugin"))

from digestwiki.identity import paper_links  # noqa: E402
from digestwiki.pipeline import assemble, parse_notes  # noqa: E402
from digestwiki.render import Layout, papers_json  # noqa: E402

TARGETS = {"ids recall": 99.5, "ids precision": 99.0, "roles": 95.0, "titles": 95.0,
           "url works": 90.0}


def norm_id(raw: str) -> str:
    """Bare arXiv ids get their prefix; a ``url:`` row whose address holds an id the wiki
    reads (an ACL Anthology page) is compared by that id."""
    raw = raw.strip()
    if raw.startswith("url:"):
        found = paper_links(raw[4:])
        if found:
            return found[0].id
    if re.fullmatch(r"\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7}", raw):
        return "arxiv:" + raw
    return raw


def norm_url(url: str) -> str:
    url = re.sub(r"^url:", "", url.strip())
    url = re.sub(r"^https?://(www\.)?", "", url, flags=re.I)
    return url.rstrip("/").lower()


def norm_text(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return "".join(ch for ch in text if ch.isalnum())


def load_expected(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    for row in rows:
        row["id"] = norm_id(row["id"])
    return rows


def read_wiki(texts: Path) -> dict:
    sources = [(f"docs/digests/{p.name}", p.read_bytes()) for p in sorted(texts.iterdir())
               if p.is_file()]
    wiki = assemble(parse_notes(sources), records={}, registry={})
    return json.loads(papers_json(wiki, Layout()))


def found_rows(data: dict) -> dict[tuple[str, str], dict]:
    """(file, id) -> what the wiki says about that paper in that note."""
    stems = {d["id"]: Path(d["source"]).name for d in data["digests"]}
    found: dict[tuple[str, str], dict] = {}
    for paper in data["papers"]:
        ids = [paper["id"], *paper.get("aliases", [])]
        for m in paper["mentions"]:
            file = stems[m["digest"]]
            for one in ([m["id"]] if m.get("id") else ids):
                row = found.setdefault((file, one), {"roles": set(), "titles": [],
                                                     "authors": [], "paper": paper})
                row["roles"].add(m["role"])
                if m.get("title"):
                    row["titles"].append(m["title"])
                if m.get("authors"):
                    row["authors"].append(m["authors"])
    return found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every disagreement")
    ap.add_argument("--worst", type=int, default=8)
    args = ap.parse_args()
    expected = load_expected(args.corpus / "expected.tsv")
    data = read_wiki(args.corpus / "texts")
    found = found_rows(data)
    found_urls = {(f, norm_url(i)): v for (f, i), v in found.items() if i.startswith("url:")}

    misses: Counter[str] = Counter()
    notes: dict[str, list[str]] = defaultdict(list)

    def miss(file: str, what: str) -> None:
        misses[file] += 1
        notes[file].append(what)

    id_rows = [r for r in expected if not r["id"].startswith("url:")]
    url_rows = [r for r in expected if r["id"].startswith("url:")]
    hit = role_ok = role_n = title_ok = title_n = author_ok = author_n = url_hit = 0
    for r in expected:
        key = (r["file"], r["id"])
        got = found.get(key)
        if r["id"].startswith("url:"):
            got = found_urls.get((r["file"], norm_url(r["id"])))
            if got:
                url_hit += 1
            else:
                miss(r["file"], f"line {r['line']}: url work not found {r['id']}")
                continue
        elif got is None:
            miss(r["file"], f"line {r['line']}: missed {r['id']}")
            continue
        else:
            hit += 1
        role = "reviewed" if "reviewed" in got["roles"] else "mentioned"
        role_n += 1
        if role == r["role"]:
            role_ok += 1
        else:
            miss(r["file"], f"line {r['line']}: {r['id']} is {r['role']}, read as {role}")
        if r["role"] == "reviewed" and r["title"]:
            title_n += 1
            if any(norm_text(t) == norm_text(r["title"]) for t in got["titles"]):
                title_ok += 1
            else:
                miss(r["file"], f"line {r['line']}: {r['id']} title {r['title']!r}, "
                                f"read {got['titles'][:1] or None!r}")
        if r["authors"]:
            author_n += 1
            want = [norm_text(a) for a in r["authors"].split(";")]
            if any([norm_text(a) for a in written] == want for written in got["authors"]):
                author_ok += 1
    expected_keys = {(r["file"], r["id"]) for r in id_rows}
    extra = [k for k in found if not k[1].startswith("url:") and k not in expected_keys]
    for file, ident in extra:
        miss(file, f"extra id {ident}")
    found_ids = len([k for k in found if not k[1].startswith("url:")])
    expected_urls = {(r["file"], norm_url(r["id"])) for r in url_rows}
    extra_urls = [k for k in found_urls if k not in expected_urls]

    def pct(a: int, b: int) -> float:
        return 100.0 * a / b if b else 100.0

    figures = {
        "ids recall": (hit, len(id_rows)),
        "ids precision": (found_ids - len(extra), found_ids),
        "roles": (role_ok, role_n),
        "titles": (title_ok, title_n),
        "url works": (url_hit, len(url_rows)),
    }
    print(f"corpus: {args.corpus} ({len(data['digests'])} notes, {len(expected)} expected rows)")
    if args.verbose or misses:
        for file, count in misses.most_common(None if args.verbose else args.worst):
            print(f"  {file}: {count}")
            if args.verbose:
                for what in notes[file]:
                    print(f"      {what}")
    print(f"authors: {author_ok}/{author_n} ({pct(author_ok, author_n):.1f}%); "
          f"url pages not in the key: {len(extra_urls)}")
    failed = False
    for name, (a, b) in figures.items():
        ok = pct(a, b) >= TARGETS[name]
        failed |= not ok
        print(f"{name:14s} {a:4d}/{b:<4d} {pct(a, b):6.1f}%  target >= {TARGETS[name]}%"
              f"{'' if ok else '  MISSED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

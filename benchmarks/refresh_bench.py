"""Cold refresh of 1,000 synthetic arXiv ids against a local arXiv look-alike.

Shows where a refresh spends its time: with arXiv's 3 s politeness delay, almost all of it
is the delay itself (ratio wall / ((requests - 1) * delay) close to 1).

    .venv/bin/python benchmarks/refresh_bench.py --delay 0.1
    DIGESTWIKI_DELAY=3 .venv/bin/python benchmarks/refresh_bench.py     # ~10 requests, ~27 s
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from digestwiki.config import Settings
from digestwiki.metadata.fetch import fetch_missing

HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
        'xmlns:arxiv="http://arxiv.org/schemas/atom">\n<title>arXiv Query</title>\n')


def entry(arxiv_id: str) -> str:
    return (f"<entry><id>http://arxiv.org/abs/{arxiv_id}v2</id>"
            f"<updated>2021-02-01T00:00:00Z</updated><published>2021-01-04T10:00:00Z</published>"
            f"<title>Synthetic paper {arxiv_id}</title><summary>Abstract of {arxiv_id}.</summary>"
            f"<author><name>Ada Lovelace</name></author><author><name>Dirk Wübben</name></author>"
            f'<arxiv:primary_category term="cs.LG"/><category term="cs.LG"/>'
            f'<category term="stat.ML"/></entry>\n')


class ArxivLike(BaseHTTPRequestHandler):
    """Answers ``?id_list=...`` with one entry per id, over kept-alive HTTP/1.1."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes
    log: list[tuple[float, int, int]] = []  # (time, client port, ids asked)

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        query = parse_qs(urlsplit(self.path).query)
        ids = [i for i in query.get("id_list", [""])[0].split(",") if i]
        self.log.append((time.monotonic(), self.client_address[1], len(ids)))
        body = (HEAD + f"<opensearch:totalResults>{len(ids)}</opensearch:totalResults>\n"
                + "".join(entry(i) for i in ids) + "</feed>\n").encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/atom+xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def start_server() -> tuple[ThreadingHTTPServer, str]:
    """An arXiv look-alike on a free local port: (server, API URL). Call shutdown() after."""
    ArxivLike.log = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), ArxivLike)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/api/query"


def settings_for(root: Path, api: str, delay: float) -> Settings:
    return Settings(
        root=root, docs_dir=root / "docs", digests_dir="digests", papers_dir="papers",
        keys_file=root / "bibkeys.json", cache_file=root / "metadata" / "papers.json",
        fetch=True, offline=False, arxiv_api=api, openreview_api="http://127.0.0.1:9",
        openreview_api_v1="http://127.0.0.1:9", semanticscholar_api="http://127.0.0.1:9",
        delay=delay, timeout=20.0, templates_dir=None, edit_notes=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--ids", type=int, default=1000, help="number of synthetic ids")
    parser.add_argument("--delay", type=float, default=None,
                        help="politeness delay in seconds (default: DIGESTWIKI_DELAY or 3)")
    args = parser.parse_args(argv)
    delay = args.delay if args.delay is not None else float(os.environ.get("DIGESTWIKI_DELAY", 3))
    ids = [f"arxiv:2101.{n:05d}" for n in range(1, args.ids + 1)]
    httpd, api = start_server()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            records: dict = {}
            start = time.monotonic()
            report = fetch_missing(ids, records, settings_for(Path(tmp), api, delay))
            wall = time.monotonic() - start
    finally:
        httpd.shutdown()
        httpd.server_close()
    connections = len({port for _, port, _ in ArxivLike.log})
    print(f"ids {len(ids)}: {report.summary()}")
    print(f"requests {report.requests} (server saw {len(ArxivLike.log)}, over {connections} "
          f"connection(s)), delay {delay:g} s, wall {wall:.2f} s")
    floor = (report.requests - 1) * delay
    if floor > 0:
        print(f"wall / ((requests - 1) * delay) = {wall:.2f} / {floor:.2f} = {wall / floor:.3f}")
    return 0 if len(report.fetched) == len(ids) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Helpers for the metadata tests: recorded arXiv answers served by a real local HTTP server.

A plain module (not a conftest): each test module wraps :func:`serve` in a module-scoped
fixture and hands each test ``Server.reset()``. Nothing here talks to the real services:
every URL points at 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from digestwiki.config import Settings
from digestwiki.metadata.http import Client, make_client

# CI clones the repo next to shared/, so the fixtures are ../shared/fixtures from the repo root;
# tests/data/shared holds a copy for machines without it (GitHub's runners).
_SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures"
FIXTURES = (_SHARED if _SHARED.is_dir()
            else Path(__file__).resolve().parent / "data" / "shared" / "fixtures")
ARXIV = FIXTURES / "arxiv"

FEED_HEAD = (
    "<?xml version='1.0' encoding='UTF-8'?>\n"
    '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
    'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">\n'
    "  <id>https://arxiv.org/api/test</id>\n  <title>arXiv Query</title>\n"
    "  <updated>2026-04-12T22:09:26Z</updated>\n"
)


def recorded(name: str) -> tuple[int, bytes]:
    """(status, raw UTF-8 body) of a recorded arXiv answer; bodies are stored as latin-1."""
    path = ARXIV / name
    if path.suffix == ".xml":
        return 200, path.read_bytes()
    data = json.loads(path.read_text(encoding="utf-8"))
    return int(data["status_code"]), data["body"].encode("latin-1")


def recorded_entries() -> dict[str, str]:
    """Every recorded ``<entry>`` (raw XML text) by bare id without version."""
    found: dict[str, str] = {}
    for path in sorted(ARXIV.glob("id_*.json")):
        _, body = recorded(path.name)
        for entry in re.findall(r"<entry>.*?</entry>", body.decode("utf-8"), re.S):
            m = re.search(r"<id>https?://arxiv\.org/abs/(.+?)(v\d+)?</id>", entry)
            if m:
                found[m.group(1)] = entry
    return found


def synthetic_entry(arxiv_id: str, version: int = 1) -> str:
    return (
        f"<entry><id>http://arxiv.org/abs/{arxiv_id}v{version}</id>"
        f"<title>Paper {arxiv_id}</title><updated>2020-07-02T00:00:00Z</updated>"
        f"<published>2020-07-01T00:00:00Z</published><summary>About {arxiv_id}.</summary>"
        f"<author><name>Ada Lovelace</name></author>"
        f'<arxiv:primary_category term="cs.LG"/><category term="cs.LG"/></entry>'
    )


def make_feed(entries: list[str], total: int | None = None) -> bytes:
    total = len(entries) if total is None else total
    body = (FEED_HEAD + f"  <opensearch:totalResults>{total}</opensearch:totalResults>\n"
            + "\n".join(entries) + "\n</feed>\n")
    return body.encode("utf-8")


def atom(body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(body, status=status, headers=headers,
                    content_type="application/atom+xml; charset=utf-8")


def id_list(request: Request) -> list[str]:
    raw = request.args.get("id_list", "")
    return [i for i in raw.split(",") if i]


@dataclass
class Seen:
    """One request as the server saw it."""

    at: float
    path: str
    args: dict[str, list[str]]
    headers: dict[str, str]


@dataclass
class Server:
    """A real local HTTP server; ``route`` answers requests, ``seen`` records them."""

    http: HTTPServer
    seen: list[Seen] = field(default_factory=list)
    routes: dict[str, Callable[[Request], Response]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reset(self) -> Server:
        """Forget routes and requests: what a new test starts from."""
        with self.lock:
            self.seen.clear()
            self.routes.clear()
        return self

    def url(self, path: str) -> str:
        return self.http.url_for(path)

    def route(self, path: str, handler: Callable[[Request], Response]) -> None:
        self.routes[path] = handler

    def _handle(self, request: Request) -> Response:
        with self.lock:
            self.seen.append(Seen(
                time.monotonic(), request.path,
                parse_qs(request.query_string.decode("ascii")),
                dict(request.headers),
            ))
        handler = self.routes.get(request.path)
        if handler is None:
            return Response("no route", status=599)
        return handler(request)

    def requests_to(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == path]


def serve() -> Iterator[Server]:
    """A threaded server: a handler that sleeps must not block the next request or test."""
    http = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    srv = Server(http)
    http.expect_request(re.compile(".*")).respond_with_handler(srv._handle)
    http.start()
    try:
        yield srv
    finally:
        http.clear()
        http.stop()


def make_settings(root: Path, server: Server | None = None, **overrides: object) -> Settings:
    """Settings for a temporary wiki whose services all live on the local test server."""
    base = server.url("") if server else "http://127.0.0.1:9"  # port 9: discard, refused
    values: dict[str, object] = dict(
        root=root,
        docs_dir=root / "docs",
        digests_dir="digests",
        papers_dir="papers",
        keys_file=root / "bibkeys.json",
        cache_file=root / "metadata" / "papers.json",
        fetch=True,
        offline=False,
        arxiv_api=f"{base}/api/query",
        openreview_api=f"{base}/v2",
        openreview_api_v1=f"{base}/v1",
        semanticscholar_api=f"{base}/s2",
        crossref_api=f"{base}/crossref",
        acl_api=f"{base}/acl",
        delay=0.0,
        timeout=5.0,
        templates_dir=None,
        edit_notes=True,
    )
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def quick_client(settings: Settings, retries: int = 2, backoff: float = 0.01) -> Client:
    """A client with small retry backoff, so fault tests take milliseconds, not seconds."""
    return make_client(settings, retries=retries, backoff=backoff)


def recorded_arxiv() -> Callable[[Request], Response]:
    """An arXiv API that answers each asked id with its recorded entry (unknown ids dropped)."""
    from digestwiki.metadata.arxiv import match_key

    entries = recorded_entries()

    def handler(request: Request) -> Response:
        asked = [match_key(i) for i in id_list(request)]
        return atom(make_feed([entries[key] for key in asked if key in entries]))

    return handler


def use_local_services(monkeypatch: pytest.MonkeyPatch, server: Server) -> None:
    """Point every service at the local server the way CI would (environment), and forget
    whatever DIGESTWIKI_* settings the developer's shell has."""
    for var in [v for v in os.environ if v.startswith("DIGESTWIKI_")]:
        monkeypatch.delenv(var)
    monkeypatch.setenv("DIGESTWIKI_ARXIV_API", server.url("/api/query"))
    monkeypatch.setenv("DIGESTWIKI_OPENREVIEW_API", server.url("/v2"))
    monkeypatch.setenv("DIGESTWIKI_OPENREVIEW_API_V1", server.url("/v1"))
    monkeypatch.setenv("DIGESTWIKI_CROSSREF_API", server.url("/crossref"))
    monkeypatch.setenv("DIGESTWIKI_ACL_API", server.url("/acl"))
    for var in ("OPENREVIEW_USERNAME", "OPENREVIEW_PASSWORD"):
        monkeypatch.delenv(var, raising=False)

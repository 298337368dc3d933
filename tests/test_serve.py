"""`mkdocs serve` rebuilds when a note is edited, and never writes into docs/."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from conftest import MKDOCS, env, make_site

NOTE = "https://arxiv.org/abs/2101.00001\nA First Paper About Things (Ada Lovelace)\n좋다.\n"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(url: str, needle: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    body = None
    while time.monotonic() < deadline:
        body = _get(url)
        if body is not None and needle in body:
            return body
        time.sleep(0.5)
    raise AssertionError(f"{needle!r} never appeared at {url}; last body: {(body or '')[:300]}")


def test_serve_reloads_an_edited_note(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"2021-01-05-week.txt": NOTE})
    docs_before = sorted(p.relative_to(root).as_posix() for p in (root / "docs").rglob("*"))
    port = _free_port()
    server = subprocess.Popen([*MKDOCS, "serve", "-f", str(root / "mkdocs.yml"), "-a",
                               f"127.0.0.1:{port}"],
                              cwd=root, env=env(), stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}/wiki"  # MINIMAL_CONFIG's site_url path
        _wait_for(f"{base}/digests/2021-01-05-week/", "A First Paper About Things")
        note = root / "docs/digests/2021-01-05-week.txt"
        note.write_text(NOTE + "https://arxiv.org/abs/2101.00002\nA Second Paper On Stuff "
                        "(Alan Turing)\n", encoding="utf-8")
        page = _wait_for(f"{base}/digests/2021-01-05-week/", "A Second Paper On Stuff")
        assert 'id="arxiv-2101-00002"' in page
        assert _get(f"{base}/papers/arxiv-2101-00002/") is not None
    finally:
        server.terminate()
        server.wait(timeout=30)
    docs_after = sorted(p.relative_to(root).as_posix() for p in (root / "docs").rglob("*"))
    assert docs_after == docs_before  # nothing generated into docs/

"""`mkdocs serve` after an edit writes only what changed, and serves what a full build makes.

A real `mkdocs serve` in a subprocess, real edits of note files, pages fetched over HTTP and
compared with a fresh `mkdocs build` of the same folder after every edit.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import MKDOCS, build, env, make_site

CONFIG = """\
site_name: Test wiki
theme:
  name: material
  font: false
  features:
    - navigation.footer
    - navigation.indexes
plugins:
  - tags
  - digestwiki:
      search: mkdocs
"""

WEEK = """\
---
tags: [vision]
---
# Week 10

## [Attention Is All You Need](https://arxiv.org/abs/1706.03762)

트랜스포머. [ResNet](https://arxiv.org/abs/1512.03385)과 비교.
"""
SINGLE = """\
https://arxiv.org/abs/1512.03385

*Deep Residual Learning for Image Recognition* (Kaiming He, Xiangyu Zhang)

잔차 연결.
"""
OTHER = "# Other\n\n## [BERT](https://arxiv.org/abs/1810.04805)\n\n양방향.\n"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:  # noqa: S310 (a local server)
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, ""
    except OSError:
        return 0, ""


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str, subprocess.Popen[bytes]]]:
    root = make_site(tmp_path / "wiki", {"2024-03-04-week.md": WEEK,
                                         "2024-03-11-resnet.txt": SINGLE,
                                         "2024-02-01-other.md": OTHER}, CONFIG)
    port = _port()
    log = (tmp_path / "serve.log").open("wb")
    (tmp_path / "tmp").mkdir()  # where `mkdocs serve` makes the folder it serves
    proc = subprocess.Popen([*MKDOCS, "serve", "-f", str(root / "mkdocs.yml"), "-a",
                             f"127.0.0.1:{port}"], cwd=root,
                            env={**env(), "TMPDIR": str(tmp_path / "tmp")}, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait(lambda: _get(base)[0] == 200, proc)
        yield root, base, proc
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
        log.close()


def _wait(done, proc: subprocess.Popen[bytes], what: str = "the server") -> None:  # type: ignore[no-untyped-def]
    for _ in range(1200):  # a deadline against a hung server, not a speed requirement
        if done():
            return
        assert proc.poll() is None, f"mkdocs serve stopped while waiting for {what}"
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what}")


def _visible(html: str) -> str:
    """What a reader sees of a page: the article, the sidebar, the footer (the live-reload
    script MkDocs adds to served pages left out)."""
    html = re.sub(r"<script>(?:(?!</script>).)*livereload(?:(?!</script>).)*</script>", "",
                  html, flags=re.S)
    parts = re.findall(r'<article.*?</article>|<nav class="md-nav md-nav--primary".*?</nav>'
                       r'|<footer.*?</footer>', html, flags=re.S)
    return "\n".join(parts)


def _pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix()[: -len("index.html")]: p.read_text(encoding="utf-8")
            for p in site.rglob("index.html")}


def _same_as_a_full_build(root: Path, base: str, tmp: Path) -> None:
    result = build(root, strict=False)
    assert result.returncode == 0, result.stderr
    full = _pages(root / "site")
    for url, html in full.items():
        status, served = _get(base + url)
        assert status == 200, url
        assert _visible(served) == _visible(html), (url, served[:300])


def _edit(root: Path, name: str, text: str | None) -> None:
    path = root / "docs" / "digests" / name
    if text is None:
        path.unlink()
    else:
        path.write_text(text, encoding="utf-8")


def _log(root: Path) -> str:
    return (root.parent / "serve.log").read_text(encoding="utf-8", errors="replace")


def test_serve_after_edits_shows_what_a_full_build_shows(
        served: tuple[Path, str, subprocess.Popen[bytes]], tmp_path: Path) -> None:
    root, base, proc = served
    resnet = base + "digests/2024-03-11-resnet/"
    _edit(root, "2024-03-11-resnet.txt", SINGLE.replace("잔차 연결.", "잔차 연결 수정본."))
    _wait(lambda: "수정본" in _get(resnet)[1], proc, "the edit")
    _same_as_a_full_build(root, base, tmp_path)

    # A new note in the same month: a new paper page, a new mention, new neighbours.
    _edit(root, "2024-03-20-new.md", "# New\n\n## [GPT-3](https://arxiv.org/abs/2005.14165)"
          "\n\n[ResNet](https://arxiv.org/abs/1512.03385) 이후.\n")
    _wait(lambda: _get(base + "papers/arxiv-2005-14165/")[0] == 200, proc, "the new note")
    _same_as_a_full_build(root, base, tmp_path)

    # A deleted note: its page and its only paper's page go away.
    _edit(root, "2024-02-01-other.md", None)
    _wait(lambda: _get(base + "digests/2024-02-01-other/")[0] == 404, proc, "the deletion")
    assert _get(base + "papers/arxiv-1810-04805/")[0] == 404
    _same_as_a_full_build(root, base, tmp_path)
    assert "Traceback" not in _log(root)
    assert "dirty" not in _log(root).lower()


def test_serve_writes_only_the_pages_an_edit_changed(
        served: tuple[Path, str, subprocess.Popen[bytes]], tmp_path: Path) -> None:
    root, base, proc = served
    (site,) = (tmp_path / "tmp").iterdir()
    pages = {p: p.stat().st_mtime_ns for p in site.rglob("*.html")}
    time.sleep(0.05)  # a rewritten file gets a later modification time
    _edit(root, "2024-03-11-resnet.txt", SINGLE.replace("잔차 연결.", "잔차 연결 두 번째."))
    _wait(lambda: "두 번째" in _get(base + "digests/2024-03-11-resnet/")[1], proc, "the edit")
    rewritten = {p.relative_to(site).as_posix() for p, t in pages.items()
                 if p.stat().st_mtime_ns != t}
    # The note's page, the pages whose footer links it (previous/next), the home page (it
    # lists the newest notes) and the pages every build writes (404, hand-written pages);
    # not the papers, nor a note further away.
    assert "digests/2024-03-11-resnet/index.html" in rewritten
    assert not {p for p in rewritten if p.startswith("papers/")}, rewritten
    assert "digests/2024-02-01-other/index.html" not in rewritten
    assert len(rewritten) <= 6, rewritten

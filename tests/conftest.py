"""Shared test helpers: where things are, and a real `mkdocs build` of a small site."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest_metadata import Server, serve

REPO = Path(__file__).resolve().parents[1]
# The team's shared folder sits beside the clone on our machines and in CI; a copy of the parts
# the tests read travels with the repository (tests/data/shared) for GitHub's runners.
SHARED = REPO.parent / "shared" if (REPO.parent / "shared" / "golden").is_dir() else \
    REPO / "tests" / "data" / "shared"
SEEDS = SHARED / "seeds"
GOLDEN = SHARED / "golden" / "seeds.json"
FIXTURES = SHARED / "fixtures"
MKDOCS = [sys.executable, "-m", "mkdocs"]

# The seed files, by the name they have in docs/digests/.
SEED_NAMES = {
    "000_44f9cb3603c2e1cc.txt": "2020-07-late-july-digest.txt",
    "001_4d953ed28417be40.txt": "2020-11-late-november-digest.txt",
    "002_b346ec40194615f4.txt": "2020-07-mid-july-digest.txt",
    "003_956d54eef5b8b4f3.txt": "2021-05-08-recent-papers.md",
    "004_9e59bd247fbf30a8.txt": "2020-01-07-iclr-2020-image-recognition-preview.md",
}

MINIMAL_CONFIG = """\
site_name: Test wiki
site_url: https://example.org/wiki/
theme:
  name: material
  font: false
plugins:
  - search
  - digestwiki
"""


def env() -> dict[str, str]:
    e = dict(os.environ)
    e.update(NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true", DIGESTWIKI_OFFLINE="1")
    return e


def make_site(root: Path, notes: dict[str, str | bytes], config: str = MINIMAL_CONFIG,
              files: dict[str, str] | None = None) -> Path:
    """A small wiki folder: mkdocs.yml, docs/index.md and the given notes under docs/digests."""
    (root / "docs" / "digests").mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(textwrap.dedent(config), encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    for name, text in notes.items():
        path = root / "docs" / "digests" / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    for name, text in (files or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def build(root: Path, strict: bool = True, extra_env: dict[str, str] | None = None
          ) -> subprocess.CompletedProcess[str]:
    """A real `mkdocs build` of the site at ``root`` into ``root/site``."""
    cmd = [*MKDOCS, "build", "-f", str(root / "mkdocs.yml"), "-d", str(root / "site")]
    if strict:
        cmd.append("--strict")
    return subprocess.run(cmd, capture_output=True, text=True, env={**env(), **(extra_env or {})},
                          cwd=root, timeout=300)


def warnings_of(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))]


@pytest.fixture(scope="session")
def repo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own wiki, built strict into a temporary folder (once per session)."""
    out = tmp_path_factory.mktemp("repo-site")
    result = subprocess.run([*MKDOCS, "build", "--strict", "-f", str(REPO / "mkdocs.yml"),
                             "-d", str(out / "site")], capture_output=True, text=True, env=env(),
                            cwd=REPO, timeout=600)
    assert result.returncode == 0, result.stderr
    assert not warnings_of(result), result.stderr
    return out / "site"


@pytest.fixture(scope="module")
def _http() -> Iterator[Server]:
    """A real local HTTP server standing in for arXiv and OpenReview, one per test module."""
    yield from serve()


@pytest.fixture
def server(_http: Server) -> Server:
    """The module's server with no routes and no recorded requests (modules may override)."""
    return _http.reset()


def search_text(site: Path, prefix: str = "") -> str:
    """What the site's search indexes (Pagefind reads each page's article the way
    ``digestwiki.search.indexed_text`` does), for the pages whose path starts with ``prefix``."""
    import re as _re

    from digestwiki.search import indexed_text

    texts = []
    for page in sorted(site.rglob("index.html")):
        if not page.relative_to(site).as_posix().startswith(prefix):
            continue
        html_text = page.read_text(encoding="utf-8")
        m = _re.search(r'<article class="md-content__inner md-typeset"[^>]*>(.*)</article>',
                       html_text, _re.S)
        if m:
            texts.append(indexed_text(m.group(1)))
    return " ".join(texts)

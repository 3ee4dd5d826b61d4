# Backprop to GANs: `make lab` to learn, `make test` to verify. `make help` lists every verb.
# The set-up, lab and test verbs call course.py, which does the same without make (Windows: `py course.py lab`).
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
# date in LEARNER_DIR without ever overwriting the learner's edits; FULL=1 serves the full notebooks instead,
# LAB_DIR any other folder.
LEARNER_DIR ?= my_notebooks
LAB_DIR ?=
LAB_ARGS ?=
NB ?= $(sort $(wildcard notebooks/[0-9]*.ipynb))
# The notebooks whose results come from random training: those that take their seed from env.run_seed.
SEEDED_NB := $(sort $(shell grep -l 'env.run_seed' notebooks/[0-9]*.ipynb))
SEED ?= 1

# One thread for the course's small models (faster on 2 cores, and reproducible); fixed hashing order
# (course.py sets the same for the verbs it runs).
export OMP_NUM_THREADS := 1
export MKL_NUM_THREADS := 1
export PYTHONHASHSEED := 0
# BPGAN_TORCH=cpu: set the environment up with PyTorch's CPU-only build (Linux; see the README).
export BPGAN_TORCH

NBVAL_FLAGS := --nbval-lax --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider

.PHONY: help env site-env browser-env lab test test-lib test-learner-copies test-notebooks test-seed test-wheel test-browser notebooks student grading grading-env site bench clean

help: ## list the verbs
	@echo "Backprop to GANs — make <verb>:"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | awk -F'\t' '{printf "  %-15s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) course.py env

env: $(STAMP) ## create or update the Python environment in .venv

lab: $(STAMP) ## open your copies of the course (in my_notebooks/) in JupyterLab on 127.0.0.1; FULL=1 opens the full notebooks
	@$(PYTHON) course.py lab --port=$(LAB_PORT) --learner-dir=$(LEARNER_DIR) $(if $(FULL),--full) \
	    $(if $(LAB_DIR),--lab-dir=$(LAB_DIR)) -- $(LAB_ARGS)

# The three test suites run two at a time, each on one core (every notebook's torch and BLAS use one thread), so
# on a 2-core machine `make test` takes about half as long; each line of output starts with its suite's name.
test: $(STAMP) ## run the tests of lib/, every learner copy and every notebook under nbval, two at a time
	@$(PYTHON) course.py test

test-lib: $(STAMP) ## unit and property tests of lib/, plus the notebook guards
	@$(PYTHON) course.py test lib

test-learner-copies: $(STAMP) ## run every learner copy top to bottom, stubs in place, from a folder outside the course
	@$(PYTHON) course.py test learner-copies

test-notebooks: $(STAMP) ## execute every notebook and compare its checked cells (nbval)
	@$(PYTHON) course.py test notebooks

# GNU make 3.81 (macOS's) has no --output-sync: its lines may then interleave.
OUTPUT_SYNC := $(if $(filter 3.%,$(MAKE_VERSION)),,--output-sync=line)

test-wheel: $(STAMP) ## build the wheel, install it outside the repository (offline) and run notebooks 00, 08, 11 from it
	$(BIN)/python -m pytest -p no:cacheprovider -m wheel tests

test-seed: $(STAMP) ## execute the notebooks trained from random numbers on another seed (SEED=1): claims must still hold
	@$(MAKE) --no-print-directory -j2 $(OUTPUT_SYNC) $(SEEDED_NB:notebooks/%.ipynb=seed/%)

seed/%: $(STAMP)  # one notebook of test-seed, so that two run at a time
	BPGAN_SEED=$(SEED) $(BIN)/python -m pytest $(NBVAL_FLAGS) notebooks/$*.ipynb

notebooks: $(STAMP) ## re-execute notebooks in place (all, or NB=notebooks/01_….ipynb)
	$(BIN)/python tools/execute_notebooks.py $(NB)

student: $(STAMP) ## write student copies to hand out (exercises as stubs, predictions unanswered) to build/student/
	$(BIN)/python tools/learner_copies.py student build/student $(NB)

$(SITE_STAMP): $(STAMP) pyproject.toml
	@$(PYTHON) course.py env --extra site

site-env: $(SITE_STAMP) ## install what `make site` needs (MkDocs), once

site: $(SITE_STAMP) ## build the static web site of the executed notebooks in build/site/ (offline), links checked
	$(BIN)/python tools/build_site.py build/site

$(GRADING_STAMP): $(STAMP) pyproject.toml
	@$(PYTHON) course.py env --extra grading

grading-env: $(GRADING_STAMP) ## install what `make grading` needs (nbgrader), once

grading: $(GRADING_STAMP) ## write build/grading/, an nbgrader course with one assignment per notebook (docs/teaching.md)
	$(BIN)/python tools/grading.py build/grading $(NB)

$(BROWSER_STAMP): $(STAMP) pyproject.toml
	@$(PYTHON) course.py env --extra browser

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

# Build, test and run the amm58 project. Needs only Python 3.11+ and make.
#
# Dependencies are installed from lock files of every transitive package, so that a clone years
# from now rebuilds the committed notebooks, figures and pages byte for byte:
#   requirements.lock       what `make report` needs (pyproject.toml's [project] dependencies)
#   requirements-test.lock  that, plus the test, lint and benchmark tools (the `test` extra)
# `make lock` regenerates both from pyproject.toml.

PYTHON ?= python3
VENV = .venv
PY = $(VENV)/bin/python
LINTED = src tests benchmarks notebooks
UV = uv==0.13.9

.PHONY: install install-test test lint format validate report bench lock lab clean

$(VENV)/.installed: pyproject.toml requirements.lock
	@echo "Installing amm58 and its locked dependencies into $(VENV)/ (the first run takes a few minutes) ..."
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.lock
	@echo "Installing the test tools into $(VENV)/ ..."
	$(PY) -m pip install -q -r requirements-test.lock
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

test: install-test lint
	$(PY) -m pytest

lint: install-test
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/ruff format --check $(LINTED)

format: install-test
	$(VENV)/bin/ruff check --fix $(LINTED)
	$(VENV)/bin/ruff format $(LINTED)

validate: install
	$(PY) -m amm58 validate $(or $(DATA_DIR),data)

report: install
	$(PY) -m amm58 report $(if $(DATA_DIR),--data-dir $(DATA_DIR)) $(if $(OUT_DIR),--out $(OUT_DIR))

bench: install-test
	$(PY) benchmarks/bench.py

# Resolve every transitive package for Python 3.11+ on any platform; the runtime lock takes its
# versions from the test lock, so the two never disagree.
lock:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q $(UV)
	$(PY) -m uv pip compile pyproject.toml --extra test --universal --python-version 3.11 \
	  --custom-compile-command "make lock" -q -o requirements-test.lock
	$(PY) -m uv pip compile pyproject.toml --universal --python-version 3.11 -c requirements-test.lock \
	  --custom-compile-command "make lock" -q -o requirements.lock

lab: install
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $$(if [ "$$(id -u)" = 0 ]; then echo --allow-root; fi)

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .hypothesis .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

# Build, test and run the amm58 project. Needs only Python 3.11+ and make.

PYTHON ?= python3
VENV = .venv
PY = $(VENV)/bin/python

.PHONY: install test validate report bench lab clean

# The stamp is rebuilt whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

install: $(VENV)/.installed

test: install
	$(PY) -m pytest

validate: install
	$(PY) -m amm58 validate data

report: install
	$(PY) -m amm58 report $(if $(DATA_DIR),--data-dir $(DATA_DIR)) $(if $(OUT_DIR),--out $(OUT_DIR))

bench: install
	$(PY) benchmarks/bench.py

lab: install
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $$(if [ "$$(id -u)" = 0 ]; then echo --allow-root; fi)

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

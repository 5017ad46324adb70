# One command to run the service, one to run the tests; each sets itself up first.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: setup serve test bench lint clean

$(BIN)/stepsolver: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

setup: $(BIN)/stepsolver

serve: setup          ## http://127.0.0.1:8000
	$(BIN)/stepsolver serve

test: setup           ## lint, then the whole test suite
	$(BIN)/ruff check grammar solver api tests benchmarks
	$(BIN)/python -m pytest

bench: setup          ## latency percentiles and requests per second
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info

# The two set-up commands of the README. Both create .venv on first use, so a fresh
# clone needs only Python 3.11+ on the PATH.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/annotator gui

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest
	$(BIN)/ruff check annotator tests benchmarks

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks.view
	$(BIN)/python -m benchmarks.exports
	$(BIN)/python -m benchmarks.merge
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks.targets
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks.review
	$(BIN)/python -m benchmarks.suggest_eval

lint: $(STAMP)
	$(BIN)/ruff check annotator tests benchmarks

clean:
	rm -rf $(VENV) build *.egg-info

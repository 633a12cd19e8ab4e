# MSP Check-in: every target sets up .venv on a fresh machine first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench soak clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/checkin start

test: $(STAMP)
	$(BIN)/python -m pytest -m "not slow" -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check bot dialogs storage analytics tests bench
	$(BIN)/checkin dialogs check

bench: $(STAMP)
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

soak: $(STAMP)
	$(BIN)/python -m pytest -m slow -p no:cacheprovider

clean:
	rm -rf $(VENV) build *.egg-info

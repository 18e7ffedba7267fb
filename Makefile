# Two commands for a fresh machine:  `make demo`  and  `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test install lint bench clean

$(BIN)/fabula: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@# an editable install leaves the sources uncompiled, and with PYTHONDONTWRITEBYTECODE set every run
	@# would compile all of fabula again (0.05-0.1 s of start-up): compile them once, as pip does for a wheel
	$(BIN)/python -m compileall -q fabula
	@touch $(BIN)/fabula

install: $(BIN)/fabula

demo: install
	$(BIN)/fabula analyze samples/the-lantern-keepers.txt -o out/sample
	@echo "Output written to out/sample (open out/sample/report.html in a browser)"

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check fabula tests bench

clean:
	rm -rf $(VENV) out

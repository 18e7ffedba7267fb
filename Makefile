# Two commands for a fresh machine:  `make demo`  and  `make test`.
# The interpreter .venv is made from: the distribution's python3 when it is 3.11 or newer and can make a
# venv, else the python3 on PATH. A distribution builds CPython with profile-guided and link-time
# optimisation; a plain source build (pyenv's default) has neither, and fabula spends ~20% more CPU on it
# (docs/benchmarks.md, "The interpreter"). `make PY=python3.12 demo` chooses another.
PY ?= $(firstword $(foreach p,/usr/bin/python3 python3,$(shell $(p) -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && echo $(p))) python3)
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

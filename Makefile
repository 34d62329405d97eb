# Two commands do all the set-up on a fresh machine:
#   make demo   - create .venv, install ficlens, analyse the sample chapter
#   make test   - the same set-up, then lint and the whole test suite
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
SAMPLE ?= ../shared/samples/greys-anatomy-prom-chapter.txt
OUT ?= out

.PHONY: install demo test lint browser report eval bench clean fuzz hostile crowds

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	touch $@

demo: install
	@mkdir -p $(OUT)
	$(VENV)/bin/ficlens analyze $(SAMPLE) --format text
	$(VENV)/bin/ficlens analyze $(SAMPLE) -o $(OUT)/sample.json
	$(VENV)/bin/ficlens analyze $(SAMPLE) --format html -o $(OUT)/report.html
	@echo "wrote $(OUT)/sample.json and $(OUT)/report.html"

# Debian's Chromium for the browser tests (never 'playwright install').
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

lint: install
	$(VENV)/bin/ruff check src tests benchmarks

test: install browser lint
	$(VENV)/bin/pytest

eval: install
	$(VENV)/bin/ficlens eval litbank
	$(VENV)/bin/ficlens eval pdnc
	$(VENV)/bin/ficlens eval ao3
	$(VENV)/bin/ficlens eval proofread

bench: install
	$(PY) benchmarks/speed.py

# The long fuzz run (10,000 generated inputs over text, HTML, EPUB and DOCX); the
# CI run of the same tests is the short 'ci' profile.
fuzz: install
	FICLENS_FUZZ=long $(VENV)/bin/pytest tests/test_fuzz.py -q -s -p no:cacheprovider

# Every hostile case of issue #14 at full size: time and peak memory.
hostile: install
	$(PY) benchmarks/hostile.py

# Fifteen kinds of crowd of made-up names at N and 4N: stages that grow over 5x.
crowds: install
	$(PY) benchmarks/crowds.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache

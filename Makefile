# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench bench-scale eval install samples clean ocr

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[export,test,ray]'
	touch $(STAMP)

install: $(STAMP)

ocr:
	bash .ci/install-ocr.sh

# demo never removes ita.duckdb: it may hold the user's own documents, and ingest skips what is already loaded.
demo: $(STAMP) ocr
	$(BIN)/ita ingest corpus/samples/pdf --db ita.duckdb
	$(BIN)/ita weaknesses --db ita.duckdb --limit 10

test: $(STAMP) ocr
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m bench.run

# Memory over a batch of 10,000 generated PDFs (RSS every 1,000 files, its slope) and `ita weaknesses` on the result.
bench-scale: $(STAMP)
	$(BIN)/python -m bench.bench_scale --files 10000 --every 1000

# The generalisation benchmark: held-out generated documents (seeds 10000-10299; scans 10000-10059) scored per style.
eval: $(STAMP)
	$(BIN)/python -m bench.eval_layouts

samples: $(STAMP)
	$(BIN)/pip install --quiet -e '.[render]'
	$(BIN)/python -m corpus.render

clean:
	rm -rf $(VENV) ita.duckdb .pytest_cache build *.egg-info

# Dukung — the two commands of the README, and a few more.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test venv bench bench-quick eval eval-learning eval-gate-curve train clean lint-duplicates messages

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Butuh $(PYTHON) (Python 3.11+)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

venv: $(STAMP) ## create the virtual environment and install Dukung with its test tools

demo: $(STAMP) ## sample evidence for three units → ingest (Prefect flows) → completeness → search
	$(BIN)/dukung demo

test: $(STAMP) ## every test; starts the test servers (MinIO, SeaweedFS, Elasticsearch, PostgreSQL) on loopback first
	$(BIN)/python -m tests.services run -- -n 2 --dist loadfile -q

bench: $(STAMP) ## the benchmark suite (benchmarks/README.md): 1k/10k/100k, servers; results in benchmarks/results/bench.*
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)
	$(BIN)/python benchmarks/ocr.py

bench-quick: $(STAMP) ## the CI smoke run of the suite (< 5 minutes, embedded backends): benchmarks/results/bench-quick.*
	$(BIN)/python -m benchmarks.run --quick $(BENCH_ARGS)

eval: $(STAMP) ## evidence classification: dev set rendered (PDF/DOCX/scan), uploaded with OCR, 5-fold CV vs the keyword rules: benchmarks/results/classification.*; HELDOUT=<dir>: a labelled set the model never saw instead (classification-heldout.*)
	$(BIN)/python -m benchmarks.classification $(if $(HELDOUT),--heldout "$(HELDOUT)") $(EVAL_ARGS)

eval-learning: $(STAMP) ## does the classifier learn from reviewers? each fold's model retrained with a simulated reviewer's decisions on half the fold, scored on the other half: benchmarks/results/classification-learning.*
	$(BIN)/python -m benchmarks.classification_learning $(EVAL_ARGS)

eval-gate-curve: $(STAMP) ## evidence gate's out-of-fold AUC with half / all of the dev set's non-evidence documents, without and with the public pages (does it need more?): benchmarks/results/gate-learning-curve.*
	$(BIN)/python -m benchmarks.gate_learning_curve

train: $(STAMP) ## train the evidence classifier from files in the repo (dev set + public pages + catalog) → indexing/classify/model/evidence.npz
	$(BIN)/dukung classifier train --no-records

LOCALE := config/locale
messages: $(STAMP) ## extract the user-facing strings (babel.cfg) into config/locale/dukung.pot and update the id/en .po files
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k lazy_gettext --no-location --sort-output \
	  --project=Dukung --copyright-holder="Tim pengembang Dukung" -o $(LOCALE)/dukung.pot .
	for lang in id en; do \
	  if [ -f $(LOCALE)/$$lang/LC_MESSAGES/dukung.po ]; then \
	    $(BIN)/pybabel update -D dukung -d $(LOCALE) -l $$lang -i $(LOCALE)/dukung.pot --no-fuzzy-matching --ignore-obsolete; \
	  else $(BIN)/pybabel init -D dukung -d $(LOCALE) -l $$lang -i $(LOCALE)/dukung.pot; fi; \
	done

clean:
	rm -rf .dukung demo-data .pytest_cache

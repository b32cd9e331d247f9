# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-fast lint eval bench samples clean system-deps producers

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==24.3.1

# Pinned, transitive lock first (so nothing floats), then the project itself without resolving again.
$(STAMP): $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# System packages the tests and features need; installed with apt-get only when missing.
system-deps:
	@missing=""; \
	for pair in chromium:chromium qpdf:qpdf pdftotext:poppler-utils tesseract:tesseract-ocr tesseract:tesseract-ocr-eng; do \
	  cmd=$${pair%%:*}; pkg=$${pair##*:}; \
	  command -v $$cmd >/dev/null 2>&1 || missing="$$missing $$pkg"; \
	done; \
	[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$$missing fonts-dejavu-core"; \
	[ -f /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf ] || missing="$$missing fonts-liberation"; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
	    || { echo "apt-get install failed for:$$missing" >&2; exit 1; }; \
	fi
	@# The producers of the real-world corpus (tests/producers): pdfLaTeX with Latin Modern and the
	@# recommended packages (colortbl, pdflscape), LibreOffice Writer and Calc without a GUI, Ghostscript;
	@# and Impress without a GUI for .pptx/.odp inputs (redactor/office, issue 21).
	@# Installed without recommends: texlive-full or the LibreOffice desktop would add gigabytes.
	@missing=""; \
	for pair in pdflatex:texlive-latex-base gs:ghostscript ps2pdf:ghostscript; do \
	  cmd=$${pair%%:*}; pkg=$${pair##*:}; \
	  command -v $$cmd >/dev/null 2>&1 || missing="$$missing $$pkg"; \
	done; \
	for pair in /usr/share/texlive/texmf-dist/tex/latex/pdflscape/pdflscape.sty:texlive-latex-recommended \
	            /usr/share/texlive/texmf-dist/fonts/type1/urw/helvetic:texlive-fonts-recommended \
	            /usr/share/texmf/tex/latex/lm/lmodern.sty:lmodern \
	            /usr/lib/libreoffice/program/libswlo.so:libreoffice-writer-nogui \
	            /usr/lib/libreoffice/program/libsclo.so:libreoffice-calc-nogui \
	            /usr/lib/libreoffice/share/.registry/impress.xcd:libreoffice-impress-nogui; do \
	  file=$${pair%%:*}; pkg=$${pair##*:}; \
	  [ -e $$file ] || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null) \
	    || { echo "apt-get install failed for:$$missing" >&2; exit 1; }; \
	fi

samples: $(STAMP)
	$(BIN)/python sample_docs/make_samples.py sample_docs

demo: $(STAMP) system-deps
	$(BIN)/python sample_docs/make_samples.py sample_docs
	$(BIN)/redactor redact sample_docs/*.pdf sample_docs/*.eml --out out/
	@echo "released copies and reports are in out/"

test: $(STAMP) system-deps
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

# Benchmarks with the real model (numbers measured on this machine, written to bench/results.json):
# the pipeline against Presidio's default analysis, the NLP and PDF floors, 1 vs 2 workers and a
# scaling curve (bench/stages.py); then batch throughput on 200 documents (bench/batch.py); then
# a scanned bundle and a searchable scan (bench/scans.py, bench/scans.json); then release, leaks
# and seconds a page per producer on the real producers' corpus (bench/producers.py, also `make producers`).
# Smaller: make bench STAGES_ARGS='--pages 100 --scaling 10,100' BENCH_ARGS='--docs 20'
# Worker RSS across a long batch (issue 9): make bench STAGES_ARGS='--long 2000'
bench: $(STAMP) system-deps
	$(BIN)/python -m bench.stages $(STAGES_ARGS)
	$(BIN)/python -m bench.batch $(BENCH_ARGS)
	$(BIN)/python -m bench.scans $(SCANS_ARGS)
	$(BIN)/python -m bench.images
	$(BIN)/python -m bench.hidden
	$(BIN)/python bench/producers.py $(PRODUCERS_ARGS)

# ruff, then the layer contracts of pyproject.toml [tool.importlinter] (imports only point down; no cycle;
# no spaCy/Presidio below detect)
lint: $(STAMP)
	$(BIN)/ruff check redactor recognizers tests sample_docs evaluation bench
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) out .pytest_cache

# Recall / keep / precision per entity type, this tool next to Presidio's defaults: first on the generated
# set that nobody tuned the recognizers to (evaluation/: a dev half and a test half, built into
# .cache/eval/ on first use; results in bench/eval_generalise.json), then on the legacy set in tests/eval.
eval: $(STAMP)
	@echo "== generated set, independent of the recognizers (evaluation/) =="
	$(BIN)/python -m evaluation.run --json bench/eval_generalise.json $(EVAL_ARGS)
	@echo "== legacy set, written beside the recognizers (tests/eval/docs) =="
	$(BIN)/python -m evaluation.legacy

# Release and leaks per producer (issue 19): builds the real-producer corpus (pdfLaTeX, LibreOffice,
# Chromium, Ghostscript, matplotlib, reportlab, PyMuPDF, a Tesseract scan) into .cache/producers/ once,
# runs `redactor batch` on it, and re-reads every released file with pdftotext, pdfminer.six, pypdf and
# qpdf. Options: make producers PRODUCERS_ARGS='--workers 2 --json out/producers.json'
producers: $(STAMP) system-deps
	$(BIN)/python bench/producers.py $(PRODUCERS_ARGS)

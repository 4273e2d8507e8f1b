# boxup: every target works from a bare checkout; `venv` builds .venv first.
SHELL        := /bin/bash
PYTHON       ?= python3
VENV         := .venv
BIN          := $(CURDIR)/$(VENV)/bin
SPEC         := openapi/box-uploads.json
OAPC_CFG     := openapi/oapc-config.yaml
OAPC_TPL     := openapi/templates
OUT          := generated/boxup_api
UPSTREAM     ?= ../shared/reference/box-openapi.json
UPSTREAM_REF ?=
HISTORY      ?= ../shared/reference/box-openapi-history
HANDWRITTEN  := wrapper cli tests openapi

.PHONY: help-text venv legacy-venv spec spec-check spec-history generate check-generated lint format typecheck test demo wheel-test bench bench-quick bench-profile bench-tree clean

venv: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# Box's legacy Python SDK for tests/interop: its own venv, since it shares the name boxsdk with 10.x in .venv.
LEGACY       := .venv-legacy
LEGACY_SDK   := boxsdk==3.14.0
legacy-venv: $(LEGACY)/.installed
$(LEGACY)/.installed: Makefile
	test -x $(LEGACY)/bin/python || $(PYTHON) -m venv $(LEGACY)
	$(LEGACY)/bin/python -m pip install --quiet '$(LEGACY_SDK)'
	touch $@

# derive.py checks and validates the result before it replaces $(SPEC); on any problem it prints at most three
# lines, exits 1 and leaves openapi/ untouched.
spec: venv  ## re-derive openapi/box-uploads.json: make spec UPSTREAM=path/to/openapi.json [UPSTREAM_REF=commit]
	$(BIN)/python openapi/derive.py $(UPSTREAM) $(SPEC) $(if $(UPSTREAM_REF),--ref $(UPSTREAM_REF))

spec-check: venv  ## the drift report of a fresh derivation against the committed spec; exit 1 on drift
	$(BIN)/python openapi/derive.py $(UPSTREAM) $(SPEC) --check

# Every snapshot in HISTORY (*.json, *.json.gz) and every built-in mutation of UPSTREAM, each derived, generated and
# type-checked with the wrapper (slow: about 30 s per case that derives). make test runs one such case.
spec-history: venv  ## the full spec-history matrix: make spec-history [HISTORY=dir of Box openapi.json snapshots]
	BOX_OPENAPI_UPSTREAM="$(abspath $(UPSTREAM))" BOX_OPENAPI_HISTORY="$(abspath $(HISTORY))" BOXUP_SPEC_HISTORY=1 \
	    $(BIN)/pytest -q tests/test_spec_history.py

# Wipe and regenerate via a temp dir: --overwrite alone keeps stale top-level files, and a failed run must leave
# the old package in place. PATH carries the venv so the pinned ruff post-hooks run. $(OAPC_TPL) overrides the
# generator's templates of the same name (models/__init__.py: models load on first use, not all at import).
define generate_into
	rm -rf $(1) && mkdir -p $(dir $(1))
	PATH="$(BIN):$$PATH" $(BIN)/openapi-python-client generate --path $(SPEC) --config $(OAPC_CFG) \
	    --custom-template-path $(OAPC_TPL) --meta none --output-path $(1) --overwrite --fail-on-warning >/dev/null
endef

generate: venv
	$(BIN)/openapi-spec-validator $(SPEC)
	$(call generate_into,$(OUT).new)
	rm -rf $(OUT) && mv $(OUT).new $(OUT)
	@echo "generated $(OUT)"

check-generated: venv
	@tmp=$$(mktemp -d) && trap 'rm -rf $$tmp' EXIT && \
	$(call generate_into,$$tmp/boxup_api) && \
	diff -r --exclude=__pycache__ $$tmp/boxup_api $(OUT) && echo "generated/ matches $(SPEC)"

lint: venv
	$(BIN)/ruff check $(HANDWRITTEN)
	$(BIN)/ruff format --check $(HANDWRITTEN)

help-text: $(VENV)/.installed  ## rewrite the stored `boxup --help` (cli/boxup_cli/_root_help.py) from Typer's rendering
	$(BIN)/python -m boxup_cli.roothelp
	$(BIN)/ruff format --quiet cli/boxup_cli/_root_help.py

format: venv
	$(BIN)/ruff check --fix $(HANDWRITTEN)
	$(BIN)/ruff format $(HANDWRITTEN)

typecheck: venv
	$(BIN)/mypy wrapper/boxup cli/boxup_cli generated/boxup_api

# The drift test compares openapi/ with a fresh derivation whenever Box's spec is at hand.
# tests/interop also needs the legacy SDK's venv (rclone comes with .venv's dev extra).
test: lint typecheck check-generated legacy-venv
	BOX_OPENAPI_UPSTREAM="$${BOX_OPENAPI_UPSTREAM:-$(abspath $(wildcard $(UPSTREAM)))}" $(BIN)/pytest -q

demo: venv  ## start the emulator, upload a 64 MiB new version of file 12345, verify it by download, stop
	$(BIN)/python -m tests.fakebox.demo

# Benchmarks (tests/bench, never collected by pytest): boxup against boxsdk 10.18, and rclone 1.75 over HTTPS. They write
# tests/bench/RESULTS.md, throughput.png and results.json; the bench extra brings boxsdk, matplotlib and py-spy.
$(VENV)/.bench: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $@

bench: $(VENV)/.bench  ## the full suite, 3 rounds (~25 min): WAN and loopback at 64 MiB, 256 MiB, 1 GiB, dedup, sweep
	$(BIN)/python -m tests.bench
	$(BIN)/python -m tests.bench.tree

bench-tree: $(VENV)/.bench  ## the tree scenario alone (~25 min): 1,000 files of 16-512 KiB + 4 x 64 MiB on WAN, HTTPS
	$(BIN)/python -m tests.bench.tree

bench-quick: $(VENV)/.bench  ## a short profile (a few minutes): 1 round, no 1 GiB WAN run for the slow clients
	$(BIN)/python -m tests.bench --quick
	$(BIN)/python -m tests.bench.tree --quick

bench-profile: $(VENV)/.bench  ## py-spy over one 256 MiB loopback upload: tests/bench/PROFILE.md
	$(BIN)/python -m tests.bench.hotpath

# Reliability and security evidence (tests/reliability, collected only when BOXUP_RELIABILITY=1): fault matrix,
# crash/resume soak, load, hostile server, secrets and files, schemathesis. `reliability`: the full profile (Box's
# real sizes, a 50-round soak, ROUNDS=N to change it; writes tests/reliability/RESULTS.md). `reliability-quick`: small
# sizes, a few minutes; not part of `make test`.
.PHONY: reliability reliability-quick
reliability: venv  ## the full reliability suite (~6 min); prints the fault matrix, writes tests/reliability/RESULTS.md
	$(BIN)/python -m tests.reliability --write $(if $(ROUNDS),--rounds $(ROUNDS))

reliability-quick: venv  ## the short reliability profile (~5 min): the whole matrix, a 6-round soak, 4 x 8 MiB load
	$(BIN)/python -m tests.reliability --quick

wheel-test: venv  ## build the wheel, install it in a throwaway venv, import all three packages and run the command
# (upload --help goes through the Typer app: --help alone is served from stored text, without Typer)
	@tmp=$$(mktemp -d) && trap 'rm -rf $$tmp' EXIT && \
	$(BIN)/python -m build --wheel --outdir $$tmp/dist . >/dev/null && \
	$(PYTHON) -m venv $$tmp/venv && \
	$$tmp/venv/bin/python -m pip install --quiet $$tmp/dist/*.whl && \
	cd $$tmp && ./venv/bin/python -c 'import boxup_api, boxup, boxup_cli; print("wheel imports ok")' && \
	./venv/bin/boxup --help >/dev/null && ./venv/bin/boxup upload --help >/dev/null && echo "wheel command ok"

clean:
	rm -rf $(VENV) $(LEGACY) build dist .pytest_cache .mypy_cache .ruff_cache

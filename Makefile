# gongkai — the two commands a newcomer types are `make run` and `make test` (see README).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test test-only lint bench install system-deps-run system-deps-test clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

system-deps-run:
	@sh scripts/system-deps.sh run

system-deps-test:
	@sh scripts/system-deps.sh test

## make run: install everything, migrate, load the demo data, serve on http://127.0.0.1:8000
run: system-deps-run install
	$(BIN)/gongkai demo
	$(BIN)/gongkai serve

## make test: install, lint and run the whole test suite
test: system-deps-test install lint test-only

lint:
	$(BIN)/ruff check gongkai tests bench

test-only:
	$(BIN)/pytest

## make bench [ONLY=script]: run the benchmarks in bench/ (never part of make test)
bench: install
	$(BIN)/python bench/run.py $(ONLY)

## make cluster / make cluster-stop: the production shape on one machine in the background —
## PostgreSQL database gongkai_cluster, two app servers (:8101, :8102), two task workers (README "部署到 PostgreSQL")
.PHONY: cluster cluster-stop
cluster: install
	$(BIN)/python -m gongkai.cluster start

cluster-stop:
	$(BIN)/python -m gongkai.cluster stop

clean:
	rm -rf $(VENV) var build *.egg-info

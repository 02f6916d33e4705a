# Targets shared by every demo's Makefile, which sets RUN (the run command) and includes this.
# The demos use the repository's virtualenv (.venv at the root) with the `demos` extra.
ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)
PY := $(ROOT)/.venv/bin/python

.PHONY: install seed run test clean

install:  ## 1. create the venv and install coodie with the demos' dependencies
	python3 -m venv $(ROOT)/.venv && $(PY) -m pip install -q -e '$(ROOT)[demos]'

seed:  ## 2. fill the database with generated data
	$(PY) seed.py

run:  ## 3. start the demo
	$(RUN)

test:  ## the demo's tests (embedded engine; COODIE_TEST_TARGET=server for coodie serve)
	$(PY) -m pytest tests -p no:cacheprovider

clean:  ## forget the embedded engine's data
	rm -rf .data

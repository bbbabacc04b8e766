# Each target sets itself up on a fresh machine (a .venv with the package, and Graphviz's `dot`),
# then runs. Set-up is skipped when nothing it depends on changed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
READY := $(VENV)/.ready
OUT ?= out

.PHONY: demo test bench notebook notebooks catalogue lint format graphviz clean

demo: $(READY) graphviz
	$(PY) -m autograd.demo --out $(OUT)

test: $(READY) graphviz lint
	$(PY) -m pytest

bench: $(READY)
	$(PY) -m benchmarks

lint: $(READY)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Jupyter comes from the `notebook` extra, installed on first use.
INSTALL_NOTEBOOK = $(PY) -m pip install -e '.[dev,notebook]'
notebook: $(READY) graphviz
	@$(PY) -c "import jupyterlab" 2>/dev/null || $(call quietly,$(INSTALL_NOTEBOOK))
	$(VENV)/bin/jupyter lab notebooks

# Every notebook run at full settings, rendered to HTML in $(OUT)/notebooks for reading without
# Jupyter (the tests run them at small test settings).
notebooks: $(READY) graphviz
	$(PY) -m jupyter nbconvert --to html --execute --ExecutePreprocessor.timeout=1800 \
	  --output-dir $(OUT)/notebooks notebooks/*.ipynb

# After adding or changing an op: rewrite autograd/tensor.pyi and the README's table of rules.
catalogue: $(READY)
	$(PY) -m autograd.generate

format: $(READY)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Run a set-up command with its output in $(VENV)/setup.log, shown only if it fails.
quietly = { $(1); } >>$(VENV)/setup.log 2>&1 || { cat $(VENV)/setup.log; echo "set-up failed: $(1)" >&2; exit 1; }

$(READY): pyproject.toml
	@echo "setting up $(VENV) (output in $(VENV)/setup.log)"
	@$(PYTHON) -m venv $(VENV)
	@$(call quietly,$(PY) -m pip install --upgrade pip)
	@$(call quietly,$(PY) -m pip install -e '.[dev]')
	@touch $@

# Graphviz's `dot` renders diagrams. Installed with apt when we may (root or password-less sudo);
# otherwise we say what to install and stop.
graphviz:
	@command -v dot >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null; \
	  elif command -v apt-get >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
	    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null; \
	  else \
	    echo "Graphviz's 'dot' program is missing. Install it, then re-run:" >&2; \
	    echo "  Debian/Ubuntu: sudo apt-get install graphviz   macOS: brew install graphviz" >&2; \
	    echo "  Fedora: sudo dnf install graphviz   Windows: winget install graphviz" >&2; \
	    exit 1; \
	  fi; }

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache .hypothesis

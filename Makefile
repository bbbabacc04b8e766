# Each target sets itself up on a fresh machine (a .venv with the package, and Graphviz's `dot`),
# then runs. Set-up is skipped when nothing it depends on changed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
READY := $(VENV)/.ready
OUT ?= out

.PHONY: demo test bench lint format graphviz clean

demo: $(READY) graphviz
	$(PY) -m autograd.demo --out $(OUT)

test: $(READY) graphviz lint
	$(PY) -m pytest

bench: $(READY)
	$(PY) -m benchmarks

lint: $(READY)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(READY)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

$(READY): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

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

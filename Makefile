# 社区服务台 — the two commands of the README:
#   make run    install everything (system libraries, virtual environment, packages) and start the app
#   make test   install everything, check the code (ruff, mypy strict on app/) and run the whole test suite
# Other targets: make demo, make screenshots, make i18n, make lint.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

# Debian 12 packages Qt needs offscreen, plus the xcb set for a real X display, poppler for PDF checks,
# and PostgreSQL for the tests that prove the same code runs on it.
QT_LIBS   := libgl1 libegl1 libglib2.0-0 libxkbcommon0 libfontconfig1 libdbus-1-3
XCB_LIBS  := libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
TEST_LIBS := poppler-utils postgresql xvfb xauth openbox fonts-wqy-microhei
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test demo screenshots i18n lint bundle sysdeps sysdeps-test venv clean

run: sysdeps venv
	$(PY) main.py

test: sysdeps sysdeps-test venv lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

sysdeps:
	@missing=$$(for p in $(QT_LIBS) $(XCB_LIBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing system libraries: $$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

sysdeps-test:
	@missing=$$(for p in $(TEST_LIBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing test tools: $$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	@# PySide6-Pdf (6.12 only) shares QtPdf's files with PySide6-Addons 6.11: an older venv drops it first.
	$(PY) -m pip uninstall -q -y PySide6-Pdf 2>/dev/null || true
	$(PY) -m pip install -q -e ".[dev]"
	touch $(STAMP)

demo: venv
	$(PY) main.py demo --data-dir demo-data

screenshots: venv
	QT_QPA_PLATFORM=offscreen $(PY) main.py screenshot --out docs/screenshots

i18n: venv
	$(PY) -m app.i18n all

lint: venv
	$(VENV)/bin/ruff check app tests benchmarks main.py
	$(VENV)/bin/mypy

# The desk installer for Linux (needs PyInstaller, from the dev extra): dist/community-desk/ and
# dist/community-desk-<version>-linux-x86_64.tar.gz. The Windows installer: installer/README.md.
bundle: sysdeps venv
	bash installer/build_linux.sh

clean:
	rm -rf $(VENV) build dist *.egg-info

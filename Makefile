# The portal from two commands: `make run` (demo on SQLite) and `make test` (PostgreSQL).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SEED := funds/int-14-x46-a
FUND := INT/14/X46/A
STAMP := $(VENV)/.installed
# The demo's port: make run PORT=8080
PORT ?= 8000

.PHONY: run test bench lint install system-packages messages clean

$(STAMP): pyproject.toml
	@# Debian's python3 needs python3-venv for `-m venv`; install it when ensurepip is missing.
	$(PYTHON) -c "import ensurepip" 2>/dev/null || scripts/system-packages.sh python3-venv
	test -x $(BIN)/pip || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

# The compiled catalogs (kk, ru) from locale/*/LC_MESSAGES/django.po; needs gettext's msgfmt.
messages: install
	scripts/system-packages.sh gettext
	if [ -d locale ]; then DEBUG=true $(BIN)/python manage.py compilemessages --ignore=.venv -v0; fi

# The demo: SQLite under var/, the seed fund, one demo user per role, http://127.0.0.1:$(PORT)
run: export DEBUG = true
run: install messages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py load_demo --users
	$(BIN)/python manage.py load_fund $(SEED)/fund.yaml --user admin
	$(BIN)/python manage.py import_rates $(SEED)/rates-2014.csv --user finance1
	$(BIN)/python manage.py import_ledger $(FUND) $(SEED)/ledger-2014.csv --user finance1
	$(BIN)/python manage.py load_forum $(SEED)/forum.yaml --user programme1
	$(BIN)/python manage.py load_demo --fund $(FUND)
	$(BIN)/python manage.py verify_ledger --fund $(FUND)
	$(BIN)/python manage.py send_reminders
	@echo "Mail: printed below by the worker (console backend); set EMAIL_URL to send it."
	@# The background worker (imports, mail) beside the server, stopped with it.
	$(BIN)/python manage.py db_worker & trap 'kill $$!' EXIT INT TERM; \
		$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Debian packages the tests need (PostgreSQL 15, Chromium, pdfinfo); installed only when missing.
system-packages:
	scripts/system-packages.sh postgresql chromium fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 poppler-utils

# The whole suite on a throwaway PostgreSQL of its own, stopped also when tests fail.
test: install system-packages messages
	$(BIN)/ruff check .
	scripts/with-postgres.sh $(BIN)/python -m pytest

# Timings (not tests): one posting at 1,000 and at 1,000,000 entries, the reports, and the
# history paths (import, export, pages, verify, API postings) against PostgreSQL; see the README.
bench: install system-packages messages
	scripts/with-postgres.sh $(BIN)/python bench/ledger_posting.py
	scripts/with-postgres.sh $(BIN)/python bench/reports_render.py
	scripts/with-postgres.sh $(BIN)/python bench/history_paths.py
	scripts/with-postgres.sh $(BIN)/python bench/published_paths.py

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache

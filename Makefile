# KAM Lab: every set-up step a learner, an instructor or CI needs.
#   make lab         create the environment if missing, copy the course into my-work/ (never over a
#                    learner's work), then open it in JupyterLab for a learner
#   make test        create the environment if missing, then run every test
#   make instructor  open the course folder with nbgrader's instructor tools
#   make dashboard   the portfolio matrix and maturity self-assessment, as a page without code
#   make book        the read-only web edition in _build/book (student notebooks, examples run)
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(abspath $(VENV))/bin
# nbgrader shells out to alembic: the environment's bin folder must be on PATH.
export PATH := $(BIN):$(PATH)
export PYDEVD_DISABLE_FILE_VALIDATION := 1
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
COURSE ?= course
# The learner's own copy of the course: made once, never overwritten (kamlab/learner/workspace.py).
WORK ?= my-work
# The student versions for a learner working alone; course/release/ belongs to the instructor.
STUDENT := $(COURSE)/.student
ROOT_FLAG = $$([ "$$(id -u)" = 0 ] && echo --allow-root)

.PHONY: lab workspace instructor test env data build release bench lint clean browser hub test-hub node book dashboard
.PHONY: grade report

# The stamp's name carries pyproject.toml's checksum: a changed file means a new stamp, and a fresh
# clone (newer file dates, same content) reuses the environment instead of reinstalling it.
$(STAMP):
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python hub/install_env_config.py >/dev/null  # the exchange settings every nbgrader command reads
	@rm -f $(VENV)/.installed-*
	@touch $@

env: $(STAMP)

lab: workspace
	cd $(WORK) && JUPYTER_CONFIG_DIR="$$PWD/.jupyter" $(BIN)/jupyter lab $(ROOT_FLAG) home.ipynb

# Student versions (only when a source changed), then into my-work/: new files copied, the learner's
# changed notebooks kept, a newer course version put beside them under my-work/updates/.
workspace: $(STAMP) $(STUDENT).generated
	$(BIN)/python -m kamlab workspace $(STUDENT) $(WORK) $(wildcard $(COURSE)/home.ipynb $(COURSE)/glossary.ipynb $(COURSE)/references.ipynb)

$(STUDENT).generated: $(STAMP) $(wildcard $(COURSE)/source/*/*.ipynb $(COURSE)/source/*/.kamlab-checks.json)
	cd $(COURSE) && for a in $$(ls source); do \
	  $(BIN)/nbgrader generate_assignment "$$a" --force --log-level=WARN \
	    --CourseDirectory.release_directory=.student || exit 1; done
	@touch $@

instructor: $(STAMP)
	cd $(COURSE) && $(BIN)/jupyter lab $(ROOT_FLAG)

test: $(STAMP) browser node
	$(BIN)/python -m pytest

# The UI tests drive Debian's Chromium (a browser download does not work here); install it if missing.
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "note: install Debian's chromium for the browser tests (sudo apt-get install chromium)"; fi; }

data: $(STAMP)
	$(BIN)/python -m kamlab data

# The course from its sources (course/authoring + datasets): notebooks, self-check data, answer keys.
build: $(STAMP)
	$(BIN)/python -m kamlab build

# The student versions, regenerated only when a source notebook changed.
release: course/release/.generated

course/release/.generated: $(STAMP) $(wildcard course/source/*/*.ipynb)
	cd course && for a in $$(ls source); do \
	  $(BIN)/nbgrader generate_assignment "$$a" --force --log-level=WARN || exit 1; done
	@touch $@

# The dashboard for people who won't open code: Voilà runs dashboard/kam_dashboard.ipynb and
# hides its code (settings in dashboard/voila.json). DASHBOARD_PORT=... to use another port.
DASHBOARD_PORT ?= 8866
dashboard: $(STAMP)
	cd dashboard && $(BIN)/voila kam_dashboard.ipynb --port=$(DASHBOARD_PORT)

# The read-only web edition: the student versions, every worked example run, exercises left open.
book: $(STAMP) $(STUDENT).generated
	$(BIN)/python -m book.build --release $(STUDENT) --home $(COURSE)/home.ipynb --out _build/book \
	  $(addprefix --extra ,$(wildcard $(COURSE)/glossary.ipynb $(COURSE)/references.ipynb))
	@echo "Open _build/book/index.html in a browser."

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_metrics.py
	$(BIN)/python benchmarks/bench_notebooks.py
	$(BIN)/python benchmarks/bench_grading.py
	$(BIN)/python benchmarks/bench_cohort_grading.py  # 40 learners, parallel beside sequential: minutes

# The instructor's cohort tools (course/README.md, "Instructor: cohort grading and analytics"). STEP may
# name several assignments: STEP="step4_key_accounts step6_metrics".
#   make grade STEP=...    autograde every collected submission in parallel (WORKERS=N; default: the cores)
#   make report STEP=...   the cohort report, course/reports/<STEP>.html (THRESHOLD=0.5: who is listed)
STEP ?=
WORKERS ?=
THRESHOLD ?= 0.5
grade: $(STAMP)
	@test -n "$(STEP)" || { echo "usage: make grade STEP=<assignment> [WORKERS=N]"; exit 2; }
	$(BIN)/python -m kamlab grade $(STEP) $(if $(WORKERS),--workers $(WORKERS))

report: $(STAMP)
	@test -n "$(STEP)" || { echo "usage: make report STEP=<assignment> [THRESHOLD=0.5]"; exit 2; }
	$(BIN)/python -m kamlab report $(STEP) --threshold $(THRESHOLD)

lint: $(STAMP)
	$(BIN)/ruff check .

# Generated folders of the instructor's workflow; never the learner's my-work/.
clean:
	rm -rf course/release course/.student course/autograded course/submitted course/feedback course/gradebook.db

# The cohort hub (hub/README.md): JupyterHub on this machine, learners and the instructor as Unix accounts.
# As root: creates the accounts (passwords in .hub/passwords.txt), the exchange and the permissions, then
# serves http://127.0.0.1:$(HUB_PORT) until Ctrl-C. Make it listen beyond this machine with HUB_IP=0.0.0.0
# behind TLS.
HUB_IP ?= 127.0.0.1
HUB_PORT ?= 8000
HUB_INSTRUCTOR ?= instructor
HUB_LEARNERS ?= learner01 learner02 learner03
HUB_EXCHANGE ?= /srv/nbgrader/exchange
hub: $(STAMP) course/release/.generated hub/node_modules/.package-lock.json
	@test "$$(id -u)" = 0 || { echo "make hub runs as root: it creates the learners' accounts"; exit 1; }
	$(BIN)/python hub/provision.py --instructor $(HUB_INSTRUCTOR) --learners "$(HUB_LEARNERS)" \
	  --exchange $(HUB_EXCHANGE) --system-config
	cd .hub && KAMLAB_EXCHANGE=$(HUB_EXCHANGE) KAMLAB_HUB_IP=$(HUB_IP) KAMLAB_HUB_PORT=$(HUB_PORT) \
	  $(BIN)/jupyterhub -f $(CURDIR)/hub/jupyterhub_config.py

# The hub cycle, in a browser too (tests/test_hub.py, also part of `make test`): root only, about four
# minutes on two busy cores.
test-hub: $(STAMP) browser node hub/node_modules/.package-lock.json
	$(BIN)/python -m pytest tests/test_hub.py

# configurable-http-proxy, from npm, at the version hub/package-lock.json pins.
hub/node_modules/.package-lock.json: hub/package.json hub/package-lock.json | node
	npm ci --prefix hub --no-audit --no-fund --loglevel=error

# Node.js and npm, for the proxy (make hub, and the hub test of make test as root); installed if missing.
node:
	@command -v npm >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	  else echo "note: the hub needs Node.js and npm (sudo apt-get install nodejs npm)"; fi; }

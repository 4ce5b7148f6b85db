# make lab       set up .venv (first time only) and open the course in JupyterLab
# make test      set up .venv (first time only), lint (ruff), run every unit test and notebook check (both CPU
#                cores), then the custom layers' tests under the JAX backend
# How long each target takes is written in one place only: README.md.
# make test-isa  the notebooks once more with ONEDNN_MAX_CPU_ISA=AVX2, as on a CPU with other vector
#                instructions: only measured outputs may change, and their asserts must still hold
# make benchmark  time every notebook against the floor (an empty notebook), its slowest cells, without storing
# make test-try  every notebook once per "What to try" experiment (CHANGES = dict(...)): each runs to its end
# make test-own-data  notebooks 05, 06, 08 and 09 on generated files in CoNLL-2003, TSV, CoNLL-U and parallel
#                format through CONFIG's `data`: each runs to its end
# make test-browser  a student in JupyterLab in headless Chromium (installs Playwright and Debian's chromium)
# make test-nbgrader  installs nbgrader (no course dependency) and grades two exercises with it through
#                `release --nbgrader`: generate_assignment and autograde, scores as the kit's
# make site      the course website from the stored notebooks into build/site (SITE_OPTIONS=--solutions adds
#                the solutions); make test-site builds it and checks it in headless Chromium
# make test-install  fresh environments: the one install command, and the built wheel running notebooks
#                copied alone into an empty folder
# make test-latest  a fresh environment with the newest releases pyproject.toml allows: unit tests, and every
#                notebook's asserts (nbval lax); skipped when those releases are exactly the pinned ones
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python

.PHONY: lab test benchmark test-isa test-try test-own-data test-browser test-nbgrader site test-site test-install test-latest test-torch portability notebooks exercises data links \
        clean-venv

# One install command (requirements.txt ends with `-e .`), then the course's JupyterLab settings
# (no news prompt; Markdown opens rendered) into the environment, not into the user's home.
LAB_SETTINGS = $(VENV)/share/jupyter/lab/settings

$(VENV)/.installed: requirements.txt pyproject.toml jupyter/overrides.json
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --upgrade pip
	$(PY) -m pip install -r requirements.txt
	mkdir -p $(LAB_SETTINGS) && cp jupyter/overrides.json $(LAB_SETTINGS)/overrides.json
	touch $@

lab: $(VENV)/.installed
	$(VENV)/bin/jupyter lab README.md

PYTEST_PARALLEL = -n 2 --dist loadfile   # one notebook's cells stay on one worker (its kernel)
# The custom layers' tests, also run under JAX (make test) and PyTorch (make test-torch).
BACKEND_TESTS = tests/test_layer_conformance.py tests/test_layers.py tests/test_encoder_decoder_attention.py \
                tests/test_regularisation_cells.py
OTHER_ISA ?= AVX2

# ruff's rules are in pyproject.toml ([tool.ruff]); notebooks are linted through their twins.
LINTED = course_utils tests integration_tests twins conftest.py answers website

test: $(VENV)/.installed
	$(VENV)/bin/ruff check $(LINTED)
	$(PY) -m pytest $(PYTEST_PARALLEL)
	KERAS_BACKEND=jax $(PY) -m pytest -q -n 2 -o addopts="-p no:cacheprovider" $(BACKEND_TESTS)

test-isa: $(VENV)/.installed
	ONEDNN_MAX_CPU_ISA=$(OTHER_ISA) $(PY) -m pytest $(PYTEST_PARALLEL) notebooks solutions exercises

PLAYWRIGHT = playwright==1.65.2

test-browser: $(VENV)/.installed
	command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)
	$(PY) -m pip install -q $(PLAYWRIGHT)
	$(PY) -m pytest -q -s -o addopts="-p no:cacheprovider" integration_tests/test_jupyterlab.py

# Tools that are no course dependency (nbgrader; the website's Sphinx) go into environments of their own,
# layered on the course's (a .pth adds .venv's packages), so the environment students get stays without them.
COURSE_SITE_PACKAGES = $(shell $(PY) -c "import sysconfig; print(sysconfig.get_paths()['purelib'])" 2>/dev/null)
define layered_venv
	rm -rf $(1)
	$(PYTHON) -m venv $(1)
	echo "import site; site.addsitedir('$(abspath $(COURSE_SITE_PACKAGES))')" > \
	  $$($(1)/bin/python -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")/course-environment.pth
	$(1)/bin/python -m pip install -q $(2)
endef

NBGRADER      = nbgrader==0.9.6
NBGRADER_VENV ?= .venv-nbgrader

test-nbgrader: $(VENV)/.installed
	$(call layered_venv,$(NBGRADER_VENV),$(NBGRADER))
	$(NBGRADER_VENV)/bin/python -m pytest -q -s -o addopts="-p no:cacheprovider" integration_tests/test_nbgrader.py

# The website: Sphinx, myst-nb and the book theme (website/requirements.txt), MathJax 3 from npm, Playwright.
SITE_VENV ?= .venv-site
MATHJAX    = mathjax@3.2.2

$(SITE_VENV)/.installed: website/requirements.txt $(VENV)/.installed
	$(call layered_venv,$(SITE_VENV),-r website/requirements.txt $(PLAYWRIGHT))
	npm install --silent --no-save --prefix $(SITE_VENV)/node $(MATHJAX)
	touch $@

site: $(SITE_VENV)/.installed
	$(SITE_VENV)/bin/python website/build.py $(SITE_OPTIONS)

test-site: $(SITE_VENV)/.installed
	command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)
	$(SITE_VENV)/bin/python -m pytest -q -s -o addopts="-p no:cacheprovider" integration_tests/test_site.py

test-install: $(VENV)/.installed
	$(PY) -m pytest -q -s -o addopts="-p no:cacheprovider" integration_tests/test_install.py

# No pins: the newest releases of every range in pyproject.toml (the versions are printed in pytest's header).
# Outputs may print differently across versions, so nbval runs lax: every assert must still hold.
LATEST_VENV ?= .venv-latest
LATEST_PY    = $(LATEST_VENV)/bin/python
TENSORFLOW   = $(if $(filter Darwin,$(shell uname -s)),tensorflow,tensorflow-cpu)

# When every version there equals the pinned one, make test has already run these tests with exactly those
# versions: the target says so and stops (LATEST_ALWAYS=1 runs them anyway).
LATEST_ALWAYS ?=

test-latest: $(VENV)/.installed
	rm -rf $(LATEST_VENV)
	$(PYTHON) -m venv $(LATEST_VENV)
	$(LATEST_PY) -m pip install -q --upgrade pip
	$(LATEST_PY) -m pip install -q $(TENSORFLOW) -e ".[test]"
	$(LATEST_PY) integration_tests/newer_than_pins.py $(PY) $(LATEST_PY) || { status=$$?; \
	    test $$status = 3 && test -z "$(LATEST_ALWAYS)" && exit 0; test $$status = 3 || exit $$status; }; \
	$(LATEST_PY) -m pytest $(PYTEST_PARALLEL) -o addopts="" -p no:cacheprovider --nbval-lax --nbval-current-env \
	    --nbval-cell-timeout=300 && \
	KERAS_BACKEND=jax $(LATEST_PY) -m pytest -q -n 2 -o addopts="-p no:cacheprovider" $(BACKEND_TESTS)

# The custom layers under the PyTorch backend. torch==2.13.0 is a CPU build where the course
# machines keep a local wheel (its size and install time: README); elsewhere add
# --index-url https://download.pytorch.org/whl/cpu (plain `pip install torch` on Linux fetches a CUDA build of
# several GB).
test-torch: $(VENV)/.installed
	$(PY) -m pip install -q torch==2.13.0
	KERAS_BACKEND=torch $(PY) -m pytest -q -n 2 -o addopts="-p no:cacheprovider" $(BACKEND_TESTS)

# Instructors: re-execute stored notebooks after a change, regenerate exercises, rebuild data.
notebooks: $(VENV)/.installed
	$(PY) -m course_utils.instructor.run --runtimes notebooks/*.ipynb solutions/*.ipynb

# Instructors: the budgets, as ratios to the floor measured in the same run (4x a lecture notebook, 2x a
# solution, 30x the course), and each notebook's five slowest cells; nothing is stored.
benchmark: $(VENV)/.installed
	$(PY) -m course_utils.instructor.run --no-write --profile 5 --fits notebooks/*.ipynb solutions/*.ipynb

# Instructors: every What-to-try change runs to the end (how long: README).
test-try: $(VENV)/.installed
	$(PY) -m course_utils.instructor.try_changes notebooks/*.ipynb

# Notebooks 05, 06, 08 and 09 on generated files in the real formats, through CONFIG's `data` (nbval lax).
test-own-data: $(VENV)/.installed
	$(PY) -m pytest -q -s -o addopts="-p no:cacheprovider" integration_tests/test_own_data.py

# Instructors: check every notebook's claims with 6 seeds and the SSE41/AVX2 instruction sets (how long: README).
portability: $(VENV)/.installed
	$(PY) -m course_utils.instructor.portability notebooks/*.ipynb

# Instructors: Colab/Binder links and the guarded kit install, once [project.urls] Repository is set.
links: $(VENV)/.installed
	$(PY) -m course_utils.instructor.links

exercises: $(VENV)/.installed
	$(PY) -m course_utils.instructor.seal
	$(PY) -m course_utils.instructor.release

data: $(VENV)/.installed
	$(PY) -m course_utils.instructor.data

clean-venv:
	rm -rf $(VENV)

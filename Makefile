# make lab   set up .venv (first time only) and open the course in JupyterLab
# make test  set up .venv (first time only) and run every unit test and notebook check
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python

.PHONY: lab test notebooks exercises data clean-venv

$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --upgrade pip
	$(PY) -m pip install -r requirements.txt
	$(PY) -m pip install --no-deps -e .
	touch $@

lab: $(VENV)/.installed
	$(VENV)/bin/jupyter lab notebooks/

test: $(VENV)/.installed
	$(PY) -m pytest

# Instructors: re-execute stored notebooks after a change, regenerate exercises, rebuild data.
notebooks: $(VENV)/.installed
	$(PY) -m course_utils.run notebooks/*.ipynb solutions/*.ipynb

exercises: $(VENV)/.installed
	$(PY) -m course_utils.release

data: $(VENV)/.installed
	$(PY) -m course_utils.datasets

clean-venv:
	rm -rf $(VENV)

# make lab   set up .venv (first time only) and open the course in JupyterLab
# make test  set up .venv (first time only) and run every unit test and notebook check
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python

.PHONY: lab test test-torch notebooks exercises data clean-venv

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

# The custom layers under a second Keras backend. torch==2.13.0 is a CPU build where the course
# machines keep a local wheel; elsewhere add --index-url https://download.pytorch.org/whl/cpu
# (plain `pip install torch` on Linux fetches a CUDA build of several GB).
test-torch: $(VENV)/.installed
	$(PY) -m pip install torch==2.13.0
	$(PY) -m pytest tests/test_layers.py

# Instructors: re-execute stored notebooks after a change, regenerate exercises, rebuild data.
notebooks: $(VENV)/.installed
	$(PY) -m course_utils.instructor.run notebooks/*.ipynb solutions/*.ipynb

exercises: $(VENV)/.installed
	$(PY) -m course_utils.instructor.release

data: $(VENV)/.installed
	$(PY) -m course_utils.instructor.data

clean-venv:
	rm -rf $(VENV)

import re
import subprocess
import sys
import tempfile

import nbformat
import pytest

from course_utils.instructor import run as runner

NOTEBOOK_CELLS = [
    "import os\nprint(os.path.basename(os.getcwd()))",
    "for i in range(3):\n    print(i, flush=True)",
    "21 * 2",
]


def make_notebook(folder, cells, name="demo.ipynb"):
    folder.mkdir(exist_ok=True)
    path = folder / name
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    nbformat.write(nb, path)
    return path


# The floor a test times: a kernel that imports NumPy and SciPy. The kit's own floor imports TensorFlow in
# every kernel; these tests check how the floor is used, and a floor that is a real import (compiled again on
# a first run) keeps them honest at a fraction of the cost. The last test runs the command as instructors do.
LIGHT_FLOOR = "import scipy.stats"   # NumPy and SciPy, both course dependencies (notebook 08 uses scipy.stats)


@pytest.fixture
def run(monkeypatch, capfd):
    """The instructor command, in this process with the light floor: its exit code, stdout and stderr."""
    monkeypatch.setattr(runner, "FLOOR_CELL", LIGHT_FLOOR)

    def command(*arguments):
        code = runner.main([str(a) for a in arguments])
        out, err = capfd.readouterr()
        return subprocess.CompletedProcess(["run", *map(str, arguments)], code, out, err)
    return command


def test_run_executes_in_the_notebook_folder_and_is_byte_stable(tmp_path, run):
    path = make_notebook(tmp_path / "lesson", NOTEBOOK_CELLS)
    first = run(path)
    assert first.returncode == 0, first.stderr
    stored = path.read_bytes()
    nb = nbformat.reads(stored.decode(), as_version=4)
    assert nb.cells[0].outputs[0].text == "lesson\n"
    assert nb.cells[1].outputs[0].text == "0\n1\n2\n"  # one merged stream, however it arrived
    assert nb.cells[2].outputs[0].data["text/plain"] == "42"
    assert "execution" not in nb.cells[0].metadata
    assert run(path).returncode == 0
    assert path.read_bytes() == stored
    assert "demo.ipynb" in first.stdout and "code cells" in first.stdout
    assert sorted(p.name for p in path.parent.iterdir()) == ["demo.ipynb"]   # no kernel files left behind


def test_a_failing_notebook_is_reported_and_left_unchanged(tmp_path, run):
    path = make_notebook(tmp_path / "broken", ["raise ValueError('boom')"])
    before = path.read_bytes()
    result = run(path)
    assert result.returncode == 1
    assert "FAILED" in result.stdout and "boom" in result.stderr
    assert path.read_bytes() == before


def test_the_timing_table_gives_each_notebook_as_a_multiple_of_the_floor(tmp_path, run):
    lecture = make_notebook(tmp_path / "notebooks", ["import time\ntime.sleep(0.5)", "1 + 1"])
    other = make_notebook(tmp_path / "scratch", ["2 + 2"])
    before = lecture.read_bytes(), other.read_bytes()
    result = run("--no-write", "--profile", "1", lecture, other)
    assert result.returncode == 0, result.stderr
    assert (lecture.read_bytes(), other.read_bytes()) == before, "--no-write times only"
    floor, first, last = map(float, re.search(r"^floor: ([0-9.]+) s \(mean of ([0-9.]+) s before and ([0-9.]+) s "
                                              r"after", result.stdout, re.M).groups())
    assert abs(floor - (first + last) / 2) <= 0.051 and floor > 0.5, result.stdout
    seconds, ratio = map(float, re.search(r"notebooks/demo.ipynb +2 +([0-9.]+) +([0-9.]+) +4x +(?:ok|OVER BUDGET)",
                                          result.stdout).groups())
    rounding = 0.05 + (0.05 + 0.05 * seconds / floor) / (floor - 0.05)   # all three are printed to 0.1
    assert abs(ratio - seconds / floor) <= rounding, "x floor is the notebook's seconds over the floor's (both rounded)"
    assert re.search(r"scratch/demo.ipynb +1 +[0-9.]+ +[0-9.]+ +- +ok", result.stdout), "no budget outside the kit"
    assert re.search(r"^lecture notebooks: [0-9.]+ s = [0-9.]+ floors for 1 \(course budget 30x\)", result.stdout, re.M)
    cell, cell_seconds, first_line = re.search(r"the 1 slowest of 2 code cells\n.*\n-.*\n(\d+) +([0-9.]+) +(.*)",
                                               result.stdout).groups()
    assert (cell, first_line.strip()) == ("1", "import time") and float(cell_seconds) >= 0.5, result.stdout


def test_runtimes_go_into_the_header_as_measured(tmp_path, run):
    path = make_notebook(tmp_path / "notebooks", ["1 + 1"])
    (tmp_path / "twins" / "notebooks").mkdir(parents=True)
    plain = make_notebook(tmp_path / "notebooks", ["2 + 2"], name="plain.ipynb")
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_markdown_cell("# Demo\n\n**Runtime:** old<!-- /runtime -->\nMost of it: nothing."))
    nbformat.write(nb, path)
    result = run("--runtimes", path, plain)
    assert result.returncode == 0, result.stderr
    header = nbformat.read(path, as_version=4).cells[0].source
    seconds, ratio = re.search(r"notebooks/demo.ipynb +1 +([0-9.]+) +([0-9.]+)", result.stdout).groups()
    floor = re.search(r"^floor: ([0-9.]+) s", result.stdout, flags=re.M)[1]
    first_run = float(re.search(r"the floor takes ([0-9.]+) s", result.stdout)[1])
    said = re.search(r"\*\*Runtime:\*\* about (\d+) s on a \d+-core CPU, ([0-9.]+) times the ([0-9.]+) s an empty "
                     r"notebook with Keras took on it \(\d{4}-\d\d-\d\d\)\. The first run after installing takes "
                     r"about (-?\d+) s longer.*<!-- /runtime -->\nMost of it: nothing\.$", header)
    assert said, header
    assert abs(int(said[1]) - float(seconds)) <= 0.51 and said[2] == ratio and said[3] == floor, (header, result.stdout)
    assert abs(int(said[4]) - (first_run - float(floor))) <= 0.6, (header, result.stdout)
    assert first_run > float(floor), "compiling from source costs something"
    assert f"line to write into: {plain}" in result.stdout, "a notebook without the line is named"
    assert "# Demo" in (tmp_path / "twins" / "notebooks" / "demo.py").read_text(), "the twin follows"


def test_fits_says_what_each_model_costs_once_through_the_kits_setup(tmp_path, run, monkeypatch):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))   # where the fit log and the kernel's sockets go
    path = make_notebook(tmp_path / "notebooks", [
        "import course_utils as cu\ncu.setup(seed=0)\nimport keras\nimport numpy as np",
        "x = np.ones((8, 2))\nmodel = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])\n"
        "model.compile(loss='mse')\nmodel.fit(x, x[:, :1], epochs=3, verbose=0)\n"
        "model.fit(x, x[:, :1], epochs=1, verbose=0)\nmodel.predict(x, verbose=0).shape",
    ])
    before = path.read_bytes()
    result = run("--no-write", "--fits", path)
    assert result.returncode == 0, result.stderr
    assert path.read_bytes() == before
    row = re.search(r"notebooks/demo.ipynb +1 +4 +([0-9.]+) +([0-9.]+) +0 +([0-9.]+) +([0-9.]+)$", result.stdout, re.M)
    assert row, result.stdout
    fit_seconds, overhead, _, _ = map(float, row.groups())
    assert fit_seconds >= overhead, result.stdout   # four epochs, the first's overhead included
    assert re.search(r"^lecture notebooks: [0-9.]+ s = [0-9.]+ floors paid once per model; with one floor for each "
                     r"notebook's own start, [0-9.]+ floors before any later epoch", result.stdout, re.M)
    assert not list(scratch.iterdir()), "the fit log is removed after the run"


def test_the_command_line_times_the_kits_own_floor(tmp_path):
    """As instructors run it: `python -m ...`, the floor importing the kit and Keras."""
    path = make_notebook(tmp_path / "notebooks", ["1 + 1"])
    result = subprocess.run([sys.executable, "-m", "course_utils.instructor.run", "--no-write", str(path)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "floor (kernel start, import course_utils and keras)" in result.stderr
    assert "WARNING" not in result.stderr, result.stderr          # e.g. ipykernel's unencrypted-TCP warning
    assert runner.FLOOR_CELL == "import course_utils as cu\ncu.setup(seed=0)\nimport keras"

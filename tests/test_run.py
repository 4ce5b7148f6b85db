import subprocess
import sys

import nbformat

NOTEBOOK_CELLS = [
    "import os\nprint(os.path.basename(os.getcwd()))",
    "for i in range(3):\n    print(i, flush=True)",
    "21 * 2",
]


def make_notebook(folder, cells):
    folder.mkdir()
    path = folder / "demo.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    nbformat.write(nb, path)
    return path


def run(*paths):
    return subprocess.run([sys.executable, "-m", "course_utils.instructor.run", *map(str, paths)],
                          capture_output=True, text=True, timeout=300)


def test_run_executes_in_the_notebook_folder_and_is_byte_stable(tmp_path):
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
    assert "WARNING" not in first.stderr, first.stderr          # e.g. ipykernel's unencrypted-TCP warning
    assert sorted(p.name for p in path.parent.iterdir()) == ["demo.ipynb"]   # no kernel files left behind


def test_a_failing_notebook_is_reported_and_left_unchanged(tmp_path):
    path = make_notebook(tmp_path / "broken", ["raise ValueError('boom')"])
    before = path.read_bytes()
    result = run(path)
    assert result.returncode == 1
    assert "FAILED" in result.stdout and "boom" in result.stderr
    assert path.read_bytes() == before

"""The portability check replays a notebook with other seeds and instruction sets and reports what breaks."""
import re

import nbformat

from course_utils.instructor import portability, run

CELLS = [
    ("import os\nSEED = int(os.environ.get('COURSE_SEED', 5))   # stands in for cu.setup(seed=5)", []),
    ("print('measured', SEED)\nassert SEED != 101, 'this claim holds for some seeds only'", ["nbval-ignore-output"]),
    ("print('exact?', os.environ.get('ONEDNN_MAX_CPU_ISA', 'default'))", []),
]


def stored_notebook(folder):
    path = folder / "demo.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source, metadata={"tags": tags}) for source, tags in CELLS]
    nbformat.write(nb, path)
    run.execute(path)                      # stored outputs, as the instructor's run command leaves them
    return path


def test_failing_asserts_and_drifting_exact_outputs_are_reported(tmp_path, capsys):
    path = stored_notebook(tmp_path)
    assert portability.own_seed(nbformat.read(path, as_version=4)) == 5
    assert portability.main(["--seeds", "3", "--isa", "SSE41", str(path)]) == 1
    table = capsys.readouterr().out
    rows = {}
    for line in table.splitlines():
        if line.startswith("demo.ipynb"):
            _, seed, isa, result, _, *detail = re.split(r"\s{2,}", line)
            rows[seed, isa] = (result, " ".join(detail))
    assert rows["5 (own)", "default"] == ("passed", "")
    assert rows["101", "default"] == ("FAILED", "code cell 1: assert SEED != 101, 'this claim holds for some seeds "
                                                "only' (AssertionError: this claim holds for some seeds only)")
    assert rows["202", "default"] == ("passed", "")
    assert rows["5 (own)", "SSE41"] == ("DRIFT", "exact output changed in code cell(s) 2")
    assert table.rstrip().endswith("2 of 4 runs passed")


def test_measured_keeps_what_the_measured_cells_printed_in_every_run(tmp_path, capsys):
    path = stored_notebook(tmp_path)
    log = tmp_path / "measured.txt"
    assert portability.main(["--seeds", "2", "--isa", "", "--measured", str(log), str(path)]) == 1
    capsys.readouterr()
    assert log.read_text(encoding="utf-8") == ("## demo.ipynb, seed 5, ISA default\ncode cell 1:\nmeasured 5\n\n"
                                               "## demo.ipynb, seed 101, ISA default\ncode cell 1:\nmeasured 101\n\n")


def test_measured_shows_nothing_for_the_cells_a_failed_run_never_reached(tmp_path, capsys):
    path = stored_notebook(tmp_path)
    nb = nbformat.read(path, as_version=4)
    nb.cells[2].metadata["tags"] = ["nbval-ignore-output"]       # measured, after the cell that fails for 101
    nbformat.write(nb, path)
    log = tmp_path / "measured.txt"
    portability.main(["--seeds", "2", "--isa", "", "--measured", str(log), str(path)])
    capsys.readouterr()
    seed_101 = log.read_text(encoding="utf-8").split("## demo.ipynb, seed 101")[1]
    assert "measured 101" in seed_101 and "exact?" not in seed_101

"""Notebooks 05, 06, 08 and 09 on an instructor's own files (CONFIG's `data`), with nbval's lax mode.

    make test-own-data

Each notebook runs once with `CHANGES = dict(data=...)` naming small generated files in the real formats
(`own_data_files.py`: CoNLL-2003 with IOB1 tags, a labelled TSV, CoNLL-U, parallel text without
alignments). Lax mode checks that every cell runs; the outputs are the new corpus's, so they are not
compared. A last cell, added here, requires that the parts needing the kit's corpus said they were
skipped and that no claim stopped the notebook (a changed setting makes claims report).
"""
import pathlib
import subprocess
import sys

import nbformat
import pytest

from course_utils.instructor.try_changes import with_change

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import own_data_files  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = {nb: next((ROOT / "notebooks").glob(f"{nb}_*.ipynb")) for nb in own_data_files.WRITERS}
LAST_CELL = """\
assert claim.changed, "with data set, claims report instead of asserting"
assert cu.own_data.SKIPPED, "the parts that need the kit's corpus say that they are skipped"
print(*cu.own_data.SKIPPED, sep="\\n")
"""


@pytest.mark.parametrize("notebook", sorted(NOTEBOOKS))
def test_the_notebook_runs_on_own_files(notebook, tmp_path):
    data = own_data_files.write(tmp_path / "data")[notebook]
    changed = with_change(nbformat.read(NOTEBOOKS[notebook], as_version=4), f"dict(data={data!r})")
    changed.cells.append(nbformat.v4.new_code_cell(LAST_CELL))
    path = tmp_path / NOTEBOOKS[notebook].name
    nbformat.write(changed, path)
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
                          "--nbval-lax", "--nbval-current-env", "--nbval-cell-timeout=600", str(path)],
                         cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, f"notebook {notebook} on own files:\n{run.stdout[-8000:]}\n{run.stderr[-2000:]}"

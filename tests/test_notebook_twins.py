"""Every stored notebook in notebooks/ and solutions/ has a py:percent twin in twins/ with the same cells.

The twins make reviews readable; they live in twins/<folder>/ so that students
see one file per notebook. The notebooks carry no jupytext pairing (a student's
save must not rewrite a tracked twin): `course_utils.instructor.twins` and the
run command write the twins. This test fails when one side was edited and the
other not, and when a notebook is paired.
"""
import pathlib
import re

import jupytext
import nbformat
import pytest

from course_utils.instructor import twins

ROOT = pathlib.Path(__file__).resolve().parent.parent
FOLDERS = ("notebooks", "solutions")
NOTEBOOKS = sorted(p for folder in FOLDERS for p in (ROOT / folder).glob("*.ipynb"))


def cells(nb):
    return [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in nb.cells]


def without_version(twin_text):
    """A twin without the line naming the jupytext release that wrote it (make test-latest runs a newer one)."""
    return re.sub(r"(?m)^#\s+jupytext_version: .*\n", "", twin_text)


def twin_of(path):
    return ROOT / "twins" / path.parent.name / path.with_suffix(".py").name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebook_and_twin_have_the_same_cells(path):
    nb = nbformat.read(path, as_version=4)
    twin = twin_of(path)
    assert twin.exists(), f"{twin} is missing: run python -m course_utils.instructor.twins {path}"
    assert cells(jupytext.read(twin)) == cells(nb), \
        (f"{path.name} and {twin.name} differ: after editing the twin run python -m course_utils.instructor.twins "
         f"--from-twins {path}, after editing the notebook re-execute it (the run command writes the twin)")
    assert without_version(twin.read_text(encoding="utf-8")) == without_version(twins.twin_text(nb, path.parent.name)), \
        f"{twin.name} is not as the twins command writes it: python -m course_utils.instructor.twins {path}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_students_save_writes_the_notebook_only(path):
    """jupytext's contents manager in JupyterLab writes every format the notebook's metadata pairs it with."""
    assert "jupytext" not in nbformat.read(path, as_version=4).metadata, \
        f"{path.name} is paired: re-execute it with the run command, which drops the pairing"


def test_the_twins_command_round_trips_and_keeps_outputs(tmp_path):
    folder = tmp_path / "solutions"
    (tmp_path / "twins" / "solutions").mkdir(parents=True)
    folder.mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title"),
                                         nbformat.v4.new_code_cell("x = 1\nx", outputs=[
                                             nbformat.v4.new_output("execute_result", {"text/plain": "1"},
                                                                    execution_count=1)], execution_count=1)])
    path = folder / "ex.ipynb"
    nbformat.write(nb, path)
    twin = twins.write_twin(path)
    assert twin == tmp_path / "twins" / "solutions" / "ex.py" and "x = 1" in twin.read_text()
    twin.write_text(twin.read_text().replace("# Title", "# New title"))
    twins.from_twin(path)
    stored = nbformat.read(path, as_version=4)
    assert stored.cells[0].source == "# New title" and stored.cells[1].outputs[0]["data"]["text/plain"] == "1"
    assert "jupytext" not in stored.metadata
    assert twins.write_twin(tmp_path / "elsewhere" / "x.ipynb") is None


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_twin_has_its_notebook_and_students_see_one_file_each(folder):
    notebooks = {p.stem for p in (ROOT / folder).glob("*.ipynb")}
    twins = {p.stem for p in (ROOT / "twins" / folder).glob("*.py")}
    assert notebooks, f"{folder}/ has no notebooks"
    assert twins == notebooks, f"unpaired: {sorted(twins ^ notebooks)}"
    assert sorted(p.suffix for p in (ROOT / folder).iterdir() if p.is_file()) == [".ipynb"] * len(notebooks)


def test_ruff_lints_every_twin():
    """The notebooks are linted through their twins: ruff's excludes must leave twins/ in."""
    import subprocess
    import sys

    listed = subprocess.run([sys.executable, "-m", "ruff", "check", "--show-files", "twins"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.split()
    expected = sorted(str(p) for p in (ROOT / "twins").glob("*/*.py"))
    assert sorted(listed) == expected and len(expected) >= 22, listed

"""Every stored notebook in notebooks/ and solutions/ has a py:percent twin in twins/ with the same cells.

The twins make reviews readable; they live in twins/<folder>/ so that students
see one file per notebook. Each notebook's jupytext metadata pairs it with its
twin, so JupyterLab (with jupytext) saves both. This test fails when one side
was edited and the other not (fix with `jupytext --sync PATH.ipynb`, then re-execute).
"""
import pathlib

import jupytext
import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
FOLDERS = ("notebooks", "solutions")
NOTEBOOKS = sorted(p for folder in FOLDERS for p in (ROOT / folder).glob("*.ipynb"))


def cells(nb):
    return [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in nb.cells]


def twin_of(path):
    return ROOT / "twins" / path.parent.name / path.with_suffix(".py").name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebook_and_twin_have_the_same_cells(path):
    nb = nbformat.read(path, as_version=4)
    formats = f"ipynb,../twins/{path.parent.name}//py:percent"
    assert nb.metadata.get("jupytext", {}).get("formats") == formats, \
        f"pair it: jupytext --set-formats {formats} {path}"
    twin = twin_of(path)
    assert twin.exists(), f"{twin} is missing: run jupytext --sync {path}"
    assert cells(jupytext.read(twin)) == cells(nb), \
        f"{path.name} and {twin.name} differ: run jupytext --sync {path}, then re-execute"


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_twin_has_its_notebook_and_students_see_one_file_each(folder):
    notebooks = {p.stem for p in (ROOT / folder).glob("*.ipynb")}
    twins = {p.stem for p in (ROOT / "twins" / folder).glob("*.py")}
    assert notebooks, f"{folder}/ has no notebooks"
    assert twins == notebooks, f"unpaired: {sorted(twins ^ notebooks)}"
    assert sorted(p.suffix for p in (ROOT / folder).iterdir() if p.is_file()) == [".ipynb"] * len(notebooks)

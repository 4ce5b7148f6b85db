"""Every stored notebook in notebooks/ and solutions/ has a py:percent twin with the same cells.

The twins make reviews readable; this test fails when one side was edited and
the other not (fix with `jupytext --sync PATH.ipynb`, then re-execute).
"""
import pathlib

import jupytext
import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted([*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("solutions/*.ipynb")])


def cells(nb):
    return [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in nb.cells]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebook_and_twin_have_the_same_cells(path):
    twin = path.with_suffix(".py")
    assert twin.exists(), f"{twin} is missing: run jupytext --set-formats ipynb,py:percent {path}"
    assert cells(jupytext.read(twin)) == cells(nbformat.read(path, as_version=4)), \
        f"{path.name} and {twin.name} differ: run jupytext --sync {path}, then re-execute"


@pytest.mark.parametrize("folder", ["notebooks", "solutions"])
def test_every_twin_has_its_notebook(folder):
    notebooks = {p.stem for p in (ROOT / folder).glob("*.ipynb")}
    twins = {p.stem for p in (ROOT / folder).glob("*.py")}
    assert notebooks, f"{folder}/ has no notebooks"
    assert twins == notebooks, f"unpaired: {sorted(twins ^ notebooks)}"

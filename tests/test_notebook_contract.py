"""Exact vs measured outputs: every cell that nbval does not compare must say why, with an assert.

Training results change with the CPU and the seed, so a notebook prints what a
trained model produced in a small cell tagged `nbval-ignore-output`, and states
its claim there as an assert with a margin. Everything else (shapes, counts,
data, tolerance checks) is compared exactly. This test lists every excluded
cell (one test item each) and fails if one asserts nothing, stores no output
(then excluding it hides nothing), is not small, or prints exact facts that
belong in a compared cell (shapes, parameter counts, exercise checks).
"""
import pathlib
import re

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted([*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("solutions/*.ipynb")])
TAG = "nbval-ignore-output"
MAX_LINES = 25
EXACT_FACTS = re.compile(r"\.shape\b|count_params\(|cu\.checks\.")


def code_cells(path):
    nb = nbformat.read(path, as_version=4)
    return [c for c in nb.cells if c.cell_type == "code"]


EXCLUDED = [(path, index, cell) for path in NOTEBOOKS for index, cell in enumerate(code_cells(path))
            if TAG in cell.metadata.get("tags", [])]


def has_assert(source):
    """An `assert` statement (a claim is written `assert claim.at_least(...)`, `course_utils.claims`)."""
    return re.search(r"^\s*assert\b", source, flags=re.MULTILINE) is not None


@pytest.mark.parametrize("path, index, cell", EXCLUDED,
                         ids=[f"{p.parent.name}/{p.stem}::code cell {i}" for p, i, _ in EXCLUDED])
def test_a_measured_cell_asserts_its_claim_and_hides_nothing_exact(path, index, cell):
    assert has_assert(cell.source), "a cell excluded from nbval must assert what the text says"
    assert cell.outputs, "this cell stores no output: nothing to exclude, so let nbval compare it"
    lines = cell.source.count("\n") + 1
    assert lines <= MAX_LINES, f"{lines} lines: keep measured cells small so no exact fact hides in them"
    exact = EXACT_FACTS.search(cell.source)
    assert exact is None, f"prints an exact fact ({exact.group(0)!r}): move it to a compared cell"


def test_the_rule_is_applied_to_the_lecture_notebooks():
    """Every lecture notebook that trains a model has measured cells; solutions train nothing."""
    training = [p for p in ROOT.glob("notebooks/*.ipynb")
                if any(".fit(" in c.source for c in code_cells(p))]
    assert training, "no lecture notebook trains a model?"
    for path in training:
        assert any(p == path for p, _, _ in EXCLUDED), f"{path.name} trains but marks no cell as measured"
    assert not any(p.parent.name == "solutions" for p, _, _ in EXCLUDED)


@pytest.mark.parametrize("path", sorted(ROOT.glob("notebooks/*.ipynb")), ids=lambda p: p.stem[:2])
def test_the_header_gives_the_measured_runtime(path):
    """Written by `python -m course_utils.instructor.run --runtimes`: seconds and the ratio to the floor."""
    from course_utils.instructor.run import RUNTIME

    header = next(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
    said = RUNTIME.search(header)
    assert said and re.match(r"\*\*Runtime:\*\* about \d+ s on a \d+-core CPU, [0-9.]+ times the [0-9.]+ s an empty "
                             r"notebook with Keras took on it \(\d{4}-\d\d-\d\d\)", said[0]), \
        f"{path.name}: run python -m course_utils.instructor.run --runtimes {path.name}"

"""What to try never crashes: claims assert with the notebook's settings and report under a student's CHANGES.

The unit tests pin `course_utils.claims`; the notebook tests read every lecture notebook (no kernel) and
check that its CONFIG cell takes a student's CHANGES and that each What-to-try experiment is a CHANGES
literal naming settings CONFIG has (`make test-try` executes each one).
"""
import ast
import doctest
import pathlib
import re

import nbformat
import pytest

from course_utils import claims
from course_utils.claims import Claims
from course_utils.instructor import try_changes

ROOT = pathlib.Path(__file__).resolve().parent.parent
LECTURES = sorted(ROOT.glob("notebooks/*.ipynb"))


def test_doctests():
    assert doctest.testmod(claims).failed == 0


def test_with_the_notebooks_settings_a_claim_that_fails_is_an_assertion_error_naming_value_and_bound():
    claim = Claims({"epochs": 2}, {})
    claim.at_least("the hit rate", 0.9, 0.8)
    claim.at_most("the loss", 1.0, 1.2)
    with pytest.raises(AssertionError, match=r"the loss is 1.3; with the notebook's settings it is at most 1.2"):
        claim.at_most("the loss", 1.3, 1.2)
    with pytest.raises(AssertionError, match="it is not so that most misses land next to a cause"):
        claim.holds("most misses land next to a cause", False)


def test_under_changes_a_failing_claim_prints_one_line_and_the_notebook_goes_on(capsys):
    config = {"epochs": 2, "units": 16}
    claim = Claims(config, {"epochs": 1, "units": 16})      # units=16 is no change
    assert config == {"epochs": 1, "units": 16} and claim.changed
    claim.between("P(positive)", 0.9, 0.5, 0.85)
    claim.holds("it works", True)
    printed = capsys.readouterr().out
    assert printed == ("with your settings (epochs=1) P(positive) is 0.9; with the notebook's it is between "
                       "0.5 and 0.85\n")
    assert claim.reported == [printed.strip()]


def test_changes_that_repeat_the_notebooks_values_still_assert():
    claim = Claims({"epochs": 2}, {"epochs": 2})
    assert not claim.changed
    with pytest.raises(AssertionError):
        claim.at_least("the hit rate", 0.1, 0.8)


def test_a_misspelt_change_names_it_and_lists_the_settings():
    with pytest.raises(KeyError, match=r"CHANGES names 'epoch', which CONFIG does not have; .*: epochs, units"):
        Claims({"epochs": 2, "units": 16}, {"epoch": 1})


def config_settings(nb):
    """The keyword names of the notebook's `CONFIG = dict(...)` literal."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if (isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "CONFIG" for t in node.targets)
                    and isinstance(node.value, ast.Call)):
                return {k.arg for k in node.value.keywords}
    return set()


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem[:2])
def test_the_config_cell_takes_a_students_changes(path):
    nb = nbformat.read(path, as_version=4)
    config_cell = next(c.source for c in nb.cells if c.cell_type == "code" and "CONFIG = dict(" in c.source)
    assert try_changes.STUDENT_LINE.search(config_cell), "the CONFIG cell has no line `CHANGES = dict()`"
    assert "claim = cu.claims.Claims(CONFIG, CHANGES)" in config_cell
    try_changes.with_change(nb, "dict(epochs=1)")             # exactly one cell to edit


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem[:2])
def test_every_experiment_to_try_is_a_change_of_config_or_says_it_is_code(path):
    nb = nbformat.read(path, as_version=4)
    settings = config_settings(nb)
    changes = try_changes.suggested_changes(nb)
    assert changes, "What to try states no `CHANGES = dict(...)`"
    for change in changes:
        unknown = {k.arg for k in ast.parse(change, mode="eval").body.keywords} - settings
        assert not unknown, f"{change}: CONFIG has no {sorted(unknown)}"
    bullets = re.findall(r"^- (.*(?:\n  .*)*)", try_changes.what_to_try(nb), flags=re.MULTILINE)
    for bullet in bullets:
        assert "`CHANGES = dict(" in bullet or "code change" in bullet, \
            f"a What-to-try bullet is neither a CHANGES nor marked as a code change: {bullet[:60]!r}"


def test_a_claim_returns_true_held_or_reported_so_a_notebook_can_assert_it():
    for claim in (Claims({"epochs": 2}, {}), Claims({"epochs": 2}, {"epochs": 1})):
        results = [claim.at_least("x", 1, 0), claim.at_most("x", 1, 2), claim.between("x", 1, 0, 2),
                   claim.holds("it works", True)]
        assert results == [True] * 4
    assert Claims({"epochs": 2}, {"epochs": 1}).at_least("x", 0, 1) is True     # reported, not raised


CLAIM_CALL = re.compile(r"\bclaim\.(at_least|at_most|between|holds)\(")


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem[:2])
def test_every_claim_in_a_notebook_is_written_as_an_assert(path):
    """`assert claim.at_least(...)`: the cell reads as the assertion it is, and no value is left to display."""
    nb = nbformat.read(path, as_version=4)
    calls = [line.strip() for c in nb.cells if c.cell_type == "code"
             for line in c.source.splitlines() if CLAIM_CALL.search(line)]
    bare = [line for line in calls if not line.startswith("assert claim.")]
    assert not bare, f"claims not written `assert claim...`: {bare}"


def test_a_report_names_your_own_files_by_their_format_not_their_paths(capsys):
    claim = Claims({"data": None, "epochs": 2}, {"data": {"format": "tsv", "train": "/long/path/train.tsv"}})
    claim.at_least("the accuracy", 0.5, 0.9)
    assert capsys.readouterr().out == ("with your settings (data=your tsv files) the accuracy is 0.5; "
                                       "with the notebook's it is at least 0.9\n")

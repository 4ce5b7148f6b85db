"""Grading a class: every submission gets its row, bad ones included, and nothing a student writes is trusted.

The submissions are made here from the kit's own solution and exercise notebooks; each one stands for a way
a real hand-in goes wrong. Grading runs them in fresh kernels (about 10 s each, two at a time).
"""
import csv

import nbformat
import pytest

from course_utils.instructor import grade

GRU, COUNTS = "ex03_2_gru_step", "ex03_1_parameter_counts"
BODY = "    # YOUR CODE HERE\n    ..."


def released(exercise):
    return nbformat.read(grade.EXERCISES / f"{exercise}.ipynb", as_version=4)


def answered(exercise, placeholder, answer):
    nb = released(exercise)
    cell = next(c for c in nb.cells if c.cell_type == "code" and placeholder in c.source)
    cell.source = cell.source.replace(placeholder, answer)
    return nb


def cheat():
    """Returns h_{t-1}, replaces the check by one that always passes, deletes the check cell, stores PASSED."""
    nb = answered(GRU, BODY, "    return h_prev\n\n\ncu.checks.ex03_2 = lambda f: 'PASSED'")
    nb.cells = [c for c in nb.cells if "cu.checks.ex03_2(" not in c.source]
    nb.cells.append(nbformat.v4.new_code_cell("print('PASSED')", outputs=[nbformat.v4.new_output(
        "stream", name="stdout", text="Exercise 03.2 (one GRU step): PASSED (3 of 3 right)\n")]))
    return nb


def renamed_cells(nb):
    """The same answers in cells that lost their ids (copied into a new notebook)."""
    for cell in nb.cells:
        cell["id"] = f"new-{cell['id']}"
    return nb


@pytest.fixture(scope="module")
def gradebook(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    solution = nbformat.read(grade.SOLUTIONS / f"{GRU}.ipynb", as_version=4)
    hand_ins = {
        ("alice", GRU): renamed_cells(solution),
        ("alice", COUNTS): answered(COUNTS, "simple_rnn = ...", "simple_rnn = 64 * (100 + 64 + 1)"),
        ("bob", GRU): released(GRU),
        ("carol", COUNTS): answered(COUNTS, "simple_rnn = ...", "simple_rnn = 64 * (100 + 64)"),
        ("dave", GRU): "{this is not JSON",
        ("eve", GRU): cheat(),
        ("frank", GRU): answered(GRU, BODY, "    while True:\n        pass"),
        ("grace", GRU): answered(GRU, BODY, "    import os\n    os._exit(1)"),
        ("heidi", GRU): answered(GRU, BODY, "    return h_prev +"),
    }
    for (student, exercise), nb in hand_ins.items():
        (root / student).mkdir(exist_ok=True)
        path = root / student / f"{exercise}.ipynb"
        path.write_text(nb if isinstance(nb, str) else nbformat.writes(nb), encoding="utf-8")
    out = tmp_path_factory.mktemp("out") / "gradebook.csv"
    assert grade.main(["--out", str(out), "--timeout", "25", str(root)]) == 0
    with out.open(encoding="utf-8") as file:
        rows = {(r["student"], r["exercise"]): r for r in csv.DictReader(file)}
    return rows, out.parent / "feedback"


def test_one_row_per_student_and_exercise_with_its_status(gradebook):
    rows, _ = gradebook
    status = {key: row["status"] for key, row in rows.items()}
    assert status == {
        ("alice", GRU): "passed", ("alice", COUNTS): "partial",
        ("bob", GRU): "not attempted", ("bob", COUNTS): "missing",
        ("carol", GRU): "missing", ("carol", COUNTS): "failed",
        ("dave", GRU): "not a notebook", ("dave", COUNTS): "missing",
        ("eve", GRU): "failed", ("eve", COUNTS): "missing",
        ("frank", GRU): "timeout", ("frank", COUNTS): "missing",
        ("grace", GRU): "error", ("grace", COUNTS): "missing",
        ("heidi", GRU): "error", ("heidi", COUNTS): "missing"}


def test_points_count_the_right_items_out_of_every_item(gradebook):
    rows, _ = gradebook
    assert (rows["alice", GRU]["points"], rows["alice", GRU]["max_points"]) == ("3", "3")
    assert (rows["alice", COUNTS]["points"], rows["alice", COUNTS]["max_points"]) == ("1", "5")
    assert all(row["max_points"] == {GRU: "3", COUNTS: "5"}[exercise] for (_, exercise), row in rows.items())


def test_a_cheat_is_graded_on_what_the_function_does(gradebook):
    rows, _ = gradebook
    assert rows["eve", GRU]["points"] == "0" and "PASSED" not in rows["eve", GRU]["feedback"]


def test_each_broken_submission_says_why(gradebook):
    rows, _ = gradebook
    assert "cannot be read as a notebook" in rows["dave", GRU]["feedback"]
    assert rows["frank", GRU]["feedback"] == "stopped after 25 s: does a loop never end?"
    assert rows["grace", GRU]["feedback"].startswith("the kernel died")
    assert rows["heidi", GRU]["feedback"].startswith("your answer cell 2 raised SyntaxError")
    assert "did you forget the bias" in rows["carol", COUNTS]["feedback"]


def test_each_student_gets_a_feedback_file(gradebook):
    _, folder = gradebook
    assert sorted(p.stem for p in folder.glob("*.md")) == ["alice", "bob", "carol", "dave", "eve", "frank",
                                                           "grace", "heidi"]
    text = (folder / "alice.md").read_text(encoding="utf-8")
    assert f"## {GRU}: 3 of 3 points (passed)" in text and "PASSED (3 of 3 right)" in text


def test_the_check_calls_and_answer_cells_come_from_the_solution():
    solution = nbformat.read(grade.SOLUTIONS / "ex06_1_masked_pooling.ipynb", as_version=4)
    assert [name for name, _ in grade.check_calls(solution)] == ["ex06_1a", "ex06_1b"]
    assert sorted(n for names in grade.answer_cells(solution).values() for n in names) == ["masked_max",
                                                                                          "masked_mean"]


@pytest.mark.parametrize("solution", sorted(grade.SOLUTIONS.glob("*.ipynb")), ids=lambda p: p.stem[:6])
def test_every_exercise_is_graded_on_its_own_checks_only(solution):
    """`cu.checks.CheckResult(...)` in ex22_2's explanation is no check to grade (it once stopped the grader)."""
    calls = [name for name, _ in grade.check_calls(nbformat.read(solution, as_version=4))]
    assert calls and all(name.startswith(solution.stem.split("_")[0]) for name in calls), calls
    assert grade.most_points(solution.stem) > 0


def test_submissions_are_found_in_notebooks_student_folders_and_class_folders(tmp_path):
    for student in ("ann", "ben"):
        (tmp_path / student).mkdir()
        (tmp_path / student / f"{GRU}.ipynb").write_text("{}")
    by_class = grade.find_submissions([tmp_path])
    assert [(s.student, s.exercise) for s in by_class] == [("ann", GRU), ("ben", GRU)]
    assert grade.find_submissions([tmp_path / "ann"]) == by_class[:1]
    assert grade.find_submissions([tmp_path / "ben" / f"{GRU}.ipynb"]) == by_class[1:]

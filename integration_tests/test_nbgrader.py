"""nbgrader grades the kit's exercises as the kit does: `release --nbgrader`, then nbgrader's own commands.

nbgrader is no course dependency: `make test-nbgrader` installs it (pinned below in the Makefile) and runs this.
Two assignments, a coding one (ex03_2, GRU step) and a shape one with one-line answers (ex03_1), go through
`nbgrader generate_assignment` and `nbgrader autograde` with submissions that are right, wrong, unanswered and
a cheat; the scores nbgrader records in its gradebook must be the kit's points. About a minute.
"""
import os
import pathlib
import re
import subprocess
import sys

import nbformat
import pytest

from course_utils.instructor import grade, release

nbgrader_api = pytest.importorskip("nbgrader.api", reason="make test-nbgrader installs nbgrader")

GRU, COUNTS = "ex03_2_gru_step", "ex03_1_parameter_counts"
BODY = "    # YOUR CODE HERE\n    ..."


def nbgrader(course, *args):
    """Run an nbgrader command in the course folder (its `alembic` must be on PATH)."""
    bin_folder = pathlib.Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_folder}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run([bin_folder / "nbgrader", *args], cwd=course, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, f"nbgrader {' '.join(args)}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stderr


def gru_answer(*mistake):
    """The solution's GRU step, or with `old` replaced by `new` when given a mistake (old, new)."""
    solution = nbformat.read(grade.SOLUTIONS / f"{GRU}.ipynb", as_version=4)
    source = next(c.source for c in solution.cells if c.cell_type == "code" and "BEGIN SOLUTION" in c.source)
    body = source.split("### BEGIN SOLUTION\n")[1].split("    ### END SOLUTION")[0].rstrip("\n")
    if mistake:
        old, new = mistake
        assert old in body
        body = body.replace(old, new)
    return body


def count_answers():
    """{name: value} of the one-line answers of the parameter-count solution."""
    solution = nbformat.read(grade.SOLUTIONS / f"{COUNTS}.ipynb", as_version=4)
    return {m.group(2): m.group(3) for c in solution.cells if c.cell_type == "code"
            for line in c.source.split("\n") if "# SOLUTION" in line and (m := release._ONE_LINE.match(line))}


def hand_in(course, student, exercise, edit=None):
    """The released notebook, edited by the student, in nbgrader's submitted/ folder."""
    nb = nbformat.read(course / "release" / exercise / f"{exercise}.ipynb", as_version=4)
    if edit:
        edit(nb)
    folder = course / "submitted" / student / exercise
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / f"{exercise}.ipynb")


def write_body(body, extra=""):
    def edit(nb):
        cell = next(c for c in nb.cells if c.cell_type == "code" and BODY in c.source)
        cell.source = cell.source.replace(BODY, body) + extra
    return edit


def write_counts(answers):
    def edit(nb):
        for cell in nb.cells:
            for name, value in answers.items():       # the stub nbgrader leaves of `name = value  # SOLUTION`
                stub = rf"^{name} = \(\n    # YOUR CODE HERE\n    \.\.\.\n\)"
                cell.source = re.sub(stub, f"{name} = {value}", cell.source, flags=re.MULTILINE)
    return edit


def cheat(nb):
    """A wrong step, a check that always passes, the check cell deleted and a stored PASSED."""
    write_body("    return h_prev", "\n\ncu.checks.ex03_2 = lambda f: 'PASSED'")(nb)
    nb.cells = [c for c in nb.cells if "cu.checks.ex03_2(" not in c.source]


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = tmp_path_factory.mktemp("course")
    assert release.main(["--nbgrader", str(course)]) == 0
    for exercise in (GRU, COUNTS):
        nbgrader(course, "generate_assignment", exercise, "--force")
    right = gru_answer()
    swapped = gru_answer("z * h_prev + (1 - z) * h_candidate", "(1 - z) * h_prev + z * h_candidate")
    hand_in(course, "alice", GRU, write_body(right))
    hand_in(course, "bob", GRU, write_body(swapped))
    hand_in(course, "carol", GRU)
    hand_in(course, "eve", GRU, cheat)
    counts = count_answers()
    hand_in(course, "alice", COUNTS, write_counts(counts))
    hand_in(course, "bob", COUNTS, write_counts({**counts, "simple_rnn": "64 * (100 + 64)"}))    # bias forgotten
    for exercise in (GRU, COUNTS):
        nbgrader(course, "autograde", exercise)
    return course


def scores(course, exercise):
    with nbgrader_api.Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        return {s.student.id: (s.score, s.max_score) for s in gradebook.assignment_submissions(exercise)}


def test_the_coding_exercise_scores_the_kits_points(course):
    most = grade.most_points(GRU)
    assert scores(course, GRU) == {"alice": (most, most), "bob": (0, most), "carol": (0, most), "eve": (0, most)}


def test_a_partly_right_shape_exercise_gets_partial_credit(course):
    most = grade.most_points(COUNTS)
    got = scores(course, COUNTS)
    assert got["alice"] == (most, most)
    assert got["bob"] == (most - 1, most)       # one item of the check wrong, the rest right


def test_the_autograded_notebook_names_the_mistake(course):
    nb = nbformat.read(course / "autograded" / "bob" / GRU / f"{GRU}.ipynb", as_version=4)
    graded = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade"))
    printed = "".join(o.get("text", "") for o in graded.outputs)
    assert "z and 1 - z are swapped" in printed

import nbformat
import pytest

from course_utils.instructor import release

SOLUTION_CELLS = [
    ("markdown", "# Exercise\nWhat is the shape of E?"),
    ("code", "import course_utils as cu"),
    ("code", "E = (300, 10_000)  # SOLUTION\nx = (10_000, 1)  # SOLUTION"),
    ("code", "def lookup(E, i):\n    ### BEGIN SOLUTION\n    column = E[:, i]\n    return column\n"
             "    ### END SOLUTION"),
    ("code", "### BEGIN HIDDEN TESTS\nassert E == (300, 10_000)\n### END HIDDEN TESTS"),
    ("markdown", "### BEGIN SOLUTION\nBecause E x is a lookup of one column.\n### END SOLUTION"),
]


def write_solution(root, cells=SOLUTION_CELLS, name="ex99_demo.ipynb", instructor_cell=None):
    nb = nbformat.v4.new_notebook()
    for kind, source in cells:
        new = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        nb.cells.append(new(source))
    if instructor_cell:
        nb.cells.append(nbformat.v4.new_code_cell(instructor_cell, metadata={"tags": ["instructor-only"]}))
    (root / "solutions").mkdir(exist_ok=True)
    nbformat.write(nb, root / "solutions" / name)
    return root / "exercises" / name


def generate(root):
    return release.main(["--root", str(root), "--no-execute"])


def check(root, capsys):
    code = release.main(["--check", "--root", str(root)])
    return code, capsys.readouterr().out


def sources(path):
    return [c.source for c in nbformat.read(path, as_version=4).cells]


def test_generated_exercise_removes_answers_and_keeps_the_rest(tmp_path, capsys):
    exercise = write_solution(tmp_path, instructor_cell="print('answer key')")
    assert generate(tmp_path) == 0
    assert sources(exercise) == [
        "# Exercise\nWhat is the shape of E?",
        "import course_utils as cu",
        "E = ...  # YOUR ANSWER HERE\nx = ...  # YOUR ANSWER HERE",
        "def lookup(E, i):\n    # YOUR CODE HERE\n    ...",
        release.MARKDOWN_PLACEHOLDER,
    ]
    assert check(tmp_path, capsys)[0] == 0


def test_check_catches_a_missing_exercise(tmp_path, capsys):
    write_solution(tmp_path)
    code, out = check(tmp_path, capsys)
    assert code == 1 and "is missing" in out


def test_check_catches_a_stale_exercise(tmp_path, capsys):
    exercise = write_solution(tmp_path)
    generate(tmp_path)
    changed = [SOLUTION_CELLS[0], ("code", "import numpy as np"), *SOLUTION_CELLS[1:]]
    write_solution(tmp_path, cells=changed)
    code, out = check(tmp_path, capsys)
    assert code == 1 and "stale or edited by hand" in out
    assert exercise.exists()


def edit_exercise(path, index, source):
    nb = nbformat.read(path, as_version=4)
    nb.cells[index].source = source
    nbformat.write(nb, path)


def test_check_catches_a_leaked_solution_line(tmp_path, capsys):
    exercise = write_solution(tmp_path)
    generate(tmp_path)
    edit_exercise(exercise, 3, "def lookup(E, i):\n    column = E[:, i]\n    ...")
    code, out = check(tmp_path, capsys)
    assert code == 1
    assert "a solution line leaked into the exercise: 'column = E[:, i]'" in out


def test_check_catches_a_leaked_one_line_answer(tmp_path, capsys):
    exercise = write_solution(tmp_path)
    generate(tmp_path)
    edit_exercise(exercise, 2, "E = (300, 10_000)\nx = ...  # YOUR ANSWER HERE")
    code, out = check(tmp_path, capsys)
    assert code == 1 and "leaked into the exercise: 'E = (300, 10_000)'" in out


def test_check_catches_a_leak_in_stored_outputs(tmp_path, capsys):
    exercise = write_solution(tmp_path)
    generate(tmp_path)
    nb = nbformat.read(exercise, as_version=4)
    nb.cells[3].outputs = [nbformat.v4.new_output("stream", name="stdout", text="column = E[:, i]\n")]
    nbformat.write(nb, exercise)
    code, out = check(tmp_path, capsys)
    assert code == 1 and "leaked" in out


def test_check_catches_a_marker_left_in(tmp_path, capsys):
    exercise = write_solution(tmp_path)
    generate(tmp_path)
    edit_exercise(exercise, 1, "import course_utils as cu\n### BEGIN SOLUTION")
    code, out = check(tmp_path, capsys)
    assert code == 1 and "marker left in" in out


def test_check_catches_an_exercise_without_solution(tmp_path, capsys):
    write_solution(tmp_path)
    generate(tmp_path)
    nbformat.write(nbformat.v4.new_notebook(), tmp_path / "exercises" / "ex00_orphan.ipynb")
    code, out = check(tmp_path, capsys)
    assert code == 1 and "ex00_orphan.ipynb has no solution" in out


@pytest.mark.parametrize("source, problem", [
    ("### BEGIN SOLUTION\nx = 1", "is never closed"),
    ("x = 1\n### END SOLUTION", "without a matching BEGIN"),
    ("print(42)  # SOLUTION", "must end an assignment"),
])
def test_malformed_markers_name_the_notebook_and_cell(tmp_path, source, problem):
    write_solution(tmp_path, cells=[("markdown", "# T"), ("code", source)])
    with pytest.raises(release.MarkerError, match=rf"ex99_demo.ipynb, cell 1: .*{problem}"):
        generate(tmp_path)


def test_the_committed_exercises_are_current(capsys):
    code, out = release.main(["--check"]), capsys.readouterr().out
    assert code == 0, out

"""The exercises as an nbgrader course: `python -m course_utils.instructor.release --nbgrader DIR`.

DIR gets `nbgrader_config.py` and `source/<exercise>/<exercise>.ipynb` for every notebook of solutions/, one
nbgrader assignment each, so an instructor can run `nbgrader generate_assignment`, `collect` and `autograde`
there. Each solution cell becomes the nbgrader cell that means the same:

- an answer cell (`### BEGIN SOLUTION` blocks, or `name = value  # SOLUTION`, which becomes a block inside
  `name = ( ... )`) is an autograded answer; nbgrader's stub is set to the kit's, `# YOUR CODE HERE` and `...`,
  so an unanswered cell is "not attempted" for the checks as in exercises/;
- the hidden-tests cell becomes one autograder test cell per check the notebook calls, worth the check's
  points (solution metadata `grading.points`, 1 per item by default). Its hidden code forgets and reimports
  course_utils (as the kit's grader does), prints the check's feedback and ends with the points earned, which
  nbgrader takes as partial credit;
- the student's free-text working (a markdown solution block) is left as the kit's placeholder, unlocked and
  ungraded (nbgrader only knows markdown answers it must grade by hand);
- every other cell is read-only, so autograde restores it: an edited check cell changes nothing.

nbgrader's default time limit per cell is short for a slow laptop's first Keras call, so the config raises it
(`Execute.timeout`, CELL_TIMEOUT).
"""
import contextlib
import copy
import io
import pathlib
import re
import warnings

import nbformat

from . import grade
from .release import _ONE_LINE, CODE_PLACEHOLDER, strip_cell

CODE_STUB = f"{CODE_PLACEHOLDER}\n..."     # what release leaves of a SOLUTION block
CELL_TIMEOUT = 120      # seconds per cell; nbgrader's default of 30 is near a slow laptop's first Keras call
CONFIG = f'''# nbgrader's settings for the course kit's exercises (written by course_utils.instructor.release)
c = get_config()
c.CourseDirectory.course_id = "rnn-nlp-course-kit"
c.ClearSolutions.code_stub = {{"python": {CODE_STUB!r}}}
c.Execute.timeout = {CELL_TIMEOUT}
'''


def score(name, call, weights):
    """In an autograded cell: print the check's feedback and return the points earned (nbgrader's partial credit).

    Called after the cell forgot every course_utils module, so the check is the kit's, whatever the answer
    cells did. Python warnings and stderr are kept out of the cell's output: nbgrader gives 0 points to a test
    cell that wrote to stderr.
    """
    from course_utils import checks

    args, kwargs = call
    with contextlib.redirect_stderr(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = getattr(checks, name)(*args, **kwargs)
    print(result)
    return float(grade.earned(result, weights)[0])


def _metadata(grade_id, *, solution=False, graded=False, locked=False, points=None):
    meta = {"grade": graded, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution,
            "task": False}
    if points is not None:
        meta["points"] = points
    return meta


def _one_line_answers_as_blocks(source):
    """`name = value  # SOLUTION` -> `name = (` + a SOLUTION block holding `value` + `)`."""
    lines = []
    for line in source.split("\n"):
        one = _ONE_LINE.match(line)
        if one and re.search(r"#\s*SOLUTION\s*$", line):
            indent, name, value = one.groups()
            lines += [f"{indent}{name} = (", f"{indent}    ### BEGIN SOLUTION", f"{indent}    {value}",
                      f"{indent}    ### END SOLUTION", f"{indent})"]
        else:
            lines.append(line)
    return "\n".join(lines)


def grade_cells(solution, exercise):
    """One autograder test cell per check the solution calls."""
    points = solution.metadata.get("grading", {}).get("points", {})
    cells = []
    for name, arguments in grade.check_calls(solution):
        weights = points.get(name, {})
        most = grade.judge(name, {}, points)[1]
        source = (f"# Graded: up to {most:g} points from cu.checks.{name}, on cases you do not see.\n"
                  "### BEGIN HIDDEN TESTS\n" + grade.FORGET_COURSE_UTILS
                  + "from course_utils.instructor.grade import answers as _answers\n"
                  + "from course_utils.instructor.nbgrader_tree import score as _score\n"
                  + f"_score({name!r}, {arguments}, {weights!r})\n### END HIDDEN TESTS")
        cell = nbformat.v4.new_code_cell(source, id=f"graded-{name}")
        cell.metadata.nbgrader = _metadata(f"{exercise}_{name}_graded", graded=True, locked=True, points=most)
        cells.append(cell)
    return cells


def source_notebook(solution, exercise):
    """The nbgrader source version of one solution notebook."""
    nb = copy.deepcopy(solution)
    nb.metadata.pop("jupytext", None)
    nb.metadata.pop("grading", None)
    answer_ids = set(grade.answer_cells(solution))
    cells = []
    for index, cell in enumerate(nb.cells):
        where = f"{exercise}, cell {index}"
        if "HIDDEN TESTS" in cell.source:
            cells += grade_cells(solution, exercise)
            continue
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        if cell.get("id") in answer_ids:
            cell.source = _one_line_answers_as_blocks(cell.source)
            cell.metadata.nbgrader = _metadata(f"{exercise}_answer_{index}", solution=True)
        elif cell.cell_type == "markdown" and "BEGIN SOLUTION" in cell.source:
            cell.source = strip_cell(cell.source, "markdown", where)[0]     # the placeholder: free text
        else:
            cell.metadata.nbgrader = _metadata(f"{exercise}_locked_{index}", locked=True)
        cells.append(cell)
    nb.cells = cells
    return nb


def write_tree(folder, solutions):
    """nbgrader_config.py and source/<exercise>/<exercise>.ipynb under `folder`; returns the notebooks written."""
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "nbgrader_config.py").write_text(CONFIG, encoding="utf-8")
    written = []
    for path in solutions:
        out = folder / "source" / path.stem / path.name
        out.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(source_notebook(nbformat.read(path, as_version=4), path.stem), out)
        written.append(out)
    return written

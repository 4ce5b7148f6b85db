"""Build the student notebooks in exercises/ from their answered twins in solutions/.

Markers in solutions/ (the blocks as in nbgrader, the one-line answer as in otter-grader):
  ### BEGIN SOLUTION / ### END SOLUTION   a block of code or markdown to remove
  name = value  # SOLUTION                an answer on one line: becomes `name = ...`
  ### BEGIN HIDDEN TESTS / ### END HIDDEN TESTS   instructor checks, removed
  cell tag "instructor-only"              the whole cell is removed

`python -m course_utils.instructor.release` writes exercises/ and executes it, so its stored
outputs show what a student sees first. `--check` only compares: it fails when an
exercise is missing, stale or hand-edited, keeps a marker, or contains a line
that was removed as a solution.

`--nbgrader DIR` writes the same exercises as an nbgrader course (`nbgrader_tree`); `--student DIR` writes
what students receive, and checks it (`bundle`; with `--check`, only checks a written one).
"""
import argparse
import copy
import pathlib
import re
import sys

import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
INSTRUCTOR_TAG = "instructor-only"
BLOCKS = {"SOLUTION": "solution", "HIDDEN TESTS": "hidden"}
_BEGIN = re.compile(r"^(\s*)### BEGIN (SOLUTION|HIDDEN TESTS)\s*$")
_END = re.compile(r"^\s*### END (SOLUTION|HIDDEN TESTS)\s*$")
_ONE_LINE = re.compile(r"^(\s*)([^=#]+?)\s*=\s*(.+?)\s*#\s*SOLUTION\s*$")
_ANY_MARKER = re.compile(r"BEGIN SOLUTION|END SOLUTION|#\s*SOLUTION\b|HIDDEN TESTS")
CODE_PLACEHOLDER = "# YOUR CODE HERE"
ANSWER_PLACEHOLDER = "...  # YOUR ANSWER HERE"
MARKDOWN_PLACEHOLDER = ("**Your working** (free text for your equations or reasoning; no check reads this cell: "
                        "the answers the check judges go in the code cells). _Double-click to write here._")


class MarkerError(ValueError):
    """A solution notebook uses the markers wrongly; names the notebook and cell."""


def strip_cell(source, cell_type, where):
    """Return (student source, removed lines) for one cell's source."""
    out, removed, block = [], [], None
    for line in source.split("\n"):
        begin, end = _BEGIN.match(line), _END.match(line)
        if begin:
            if block:
                raise MarkerError(f"{where}: '### BEGIN {begin.group(2)}' inside an open "
                                  f"'### BEGIN {block[0]}' block")
            block = (begin.group(2), begin.group(1))
            if block[0] == "SOLUTION":
                if cell_type == "markdown":
                    out.append(MARKDOWN_PLACEHOLDER)
                else:
                    out += [block[1] + CODE_PLACEHOLDER, block[1] + "..."]
        elif end:
            if not block or block[0] != end.group(1):
                raise MarkerError(f"{where}: '### END {end.group(1)}' without a matching BEGIN")
            block = None
        elif block:
            removed.append(line)
        elif cell_type == "code" and re.search(r"#\s*SOLUTION\s*$", line):
            one = _ONE_LINE.match(line)
            if not one:
                raise MarkerError(f"{where}: '# SOLUTION' must end an assignment "
                                  f"`name = answer  # SOLUTION`, got: {line.strip()!r}")
            out.append(f"{one.group(1)}{one.group(2)} = {ANSWER_PLACEHOLDER}")
            removed += [f"{one.group(2)} = {one.group(3)}", one.group(3)]
        else:
            out.append(line)
    if block:
        raise MarkerError(f"{where}: '### BEGIN {block[0]}' is never closed")
    return "\n".join(out), removed


def make_exercise(solution, name="notebook"):
    """The student version of a solution notebook (sources only, outputs cleared)."""
    exercise = copy.deepcopy(solution)
    exercise.metadata.pop("jupytext", None)  # solutions are paired with a .py twin; exercises are not
    removed, cells = [], []
    for index, cell in enumerate(solution.cells):
        if INSTRUCTOR_TAG in cell.get("metadata", {}).get("tags", []):
            removed += cell.source.split("\n")
            continue
        new = copy.deepcopy(cell)
        if cell.cell_type in ("code", "markdown"):
            new.source, lines = strip_cell(cell.source, cell.cell_type, f"{name}, cell {index}")
            removed += lines
        if new.cell_type == "code":
            if not new.source.strip():  # e.g. a cell that held only hidden tests
                continue
            new.outputs, new.execution_count = [], None
        cells.append(new)
    exercise.cells = cells
    return exercise, removed


def _sources(nb):
    return [(c.cell_type, c.source) for c in nb.cells]


def _texts(nb):
    """Every source line and every text output line of a notebook."""
    for cell in nb.cells:
        yield from cell.source.split("\n")
        for output in cell.get("outputs", []):
            text = output.get("text") or output.get("data", {}).get("text/plain", "")
            yield from (text if isinstance(text, str) else "".join(text)).split("\n")


def secret_lines(solution, removed):
    """The removed lines (stripped) that the exercise does not show anyway, e.g. imports, a blank, a `)`."""
    kept = {line.strip() for line in _texts(make_exercise(solution)[0])}
    return {line.strip() for line in removed} - kept - {""}


def leaks(exercise, removed, solution):
    """Removed solution lines that still appear in the exercise.

    Lines that the solution also uses outside its answers (imports, blank
    lines, a `)`) are legitimately shared and not counted.
    """
    return leaked_lines(_texts(exercise), secret_lines(solution, removed))


def leaked_lines(lines, secret):
    """The lines (stripped) that are a secret line, or contain one of 10 characters or more."""
    long = [s for s in secret if len(s) >= 10]
    return [line.strip() for line in lines if line.strip() in secret or any(s in line for s in long)]


def problems(solution_path, exercise_path):
    """Everything wrong with one committed exercise, as human-readable strings."""
    solution = nbformat.read(solution_path, as_version=4)
    expected, removed = make_exercise(solution, str(solution_path))
    if not exercise_path.exists():
        return [f"{exercise_path} is missing: run python -m course_utils.instructor.release"]
    exercise = nbformat.read(exercise_path, as_version=4)
    found = []
    if _sources(exercise) != _sources(expected):
        found.append(f"{exercise_path} differs from what {solution_path} generates "
                     "(stale or edited by hand): run python -m course_utils.instructor.release")
    for index, cell in enumerate(exercise.cells):
        for line in cell.source.split("\n"):
            if _ANY_MARKER.search(line):
                found.append(f"{exercise_path}, cell {index}: marker left in: {line.strip()!r}")
    for line in leaks(exercise, removed, solution):
        found.append(f"{exercise_path}: a solution line leaked into the exercise: {line!r}")
    return found


def pairs(root=ROOT):
    """(solution, exercise) paths, plus exercises that have no solution."""
    solutions = sorted((root / "solutions").glob("*.ipynb"))
    orphans = sorted(p for p in (root / "exercises").glob("*.ipynb")
                     if not (root / "solutions" / p.name).exists())
    return [(s, root / "exercises" / s.name) for s in solutions], orphans


def main(argv=None):
    parser = argparse.ArgumentParser(description="Generate exercises/ from solutions/.")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if exercises/ is stale, edited or leaks answers")
    parser.add_argument("--no-execute", action="store_true",
                        help="write the exercises without executing them")
    parser.add_argument("--force", action="store_true",
                        help="rewrite and re-execute exercises even if their sources are current")
    parser.add_argument("--root", type=pathlib.Path, default=ROOT)
    parser.add_argument("--nbgrader", type=pathlib.Path, metavar="DIR",
                        help="write an nbgrader course source tree of the exercises into DIR instead")
    parser.add_argument("--student", type=pathlib.Path, metavar="DIR",
                        help="write what students receive into the new folder DIR instead (with --check: "
                             "check a written one)")
    args = parser.parse_args(argv)
    if args.nbgrader:
        from . import nbgrader_tree

        written = nbgrader_tree.write_tree(args.nbgrader, sorted((args.root / "solutions").glob("*.ipynb")))
        print(f"wrote {args.nbgrader / 'nbgrader_config.py'} and {len(written)} assignment(s) in "
              f"{args.nbgrader / 'source'}")
        return 0
    if args.student:
        from . import bundle

        if not args.check:
            print(f"wrote {bundle.write(args.student, args.root)} files to {args.student}")
        found, notes = bundle.problems_of(args.student, args.root)
        for line in notes:
            print("note:", line)
        for line in found:
            print(line)
        print(f"student bundle check: {'OK' if not found else f'{len(found)} problem(s)'}")
        return 1 if found else 0
    matched, orphans = pairs(args.root)
    if args.check:
        found = [f"{p} has no solution in solutions/" for p in orphans]
        for solution_path, exercise_path in matched:
            found += problems(solution_path, exercise_path)
        for line in found:
            print(line)
        print(f"release check: {len(matched)} exercise(s), "
              f"{'OK' if not found else f'{len(found)} problem(s)'}")
        return 1 if found else 0
    written = []
    for solution_path, exercise_path in matched:
        exercise, _ = make_exercise(nbformat.read(solution_path, as_version=4), str(solution_path))
        exercise_path.parent.mkdir(exist_ok=True)
        if exercise_path.exists():  # keep stored outputs if the sources did not change
            old = nbformat.read(exercise_path, as_version=4)
            executed = all(c.execution_count for c in old.cells
                           if c.cell_type == "code" and c.source.strip())
            if _sources(old) == _sources(exercise) and executed and not args.force:
                continue
        nbformat.write(exercise, exercise_path)
        written.append(exercise_path)
        print(f"wrote {exercise_path}")
    if written and not args.no_execute:
        from . import run

        return run.main([str(p) for p in written])
    return 0


if __name__ == "__main__":
    sys.exit(main())

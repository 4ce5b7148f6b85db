"""Grade a class: run each submitted notebook in a fresh kernel, judge it with the kit's checks, write a gradebook.

    python -m course_utils.instructor.grade --out gradebook.csv SUBMISSION...

A SUBMISSION is a notebook `<student>/<exercise>.ipynb`, a student's folder of them, or a folder of students'
folders. Nothing in a submission is trusted:

- only its **answer cells** are used (the cells that hold a solution in `solutions/`, found by cell id, else by
  the names they define); every other cell, the check cells included, comes from the released exercise, so a
  deleted or edited check cell and a stored fake `PASSED` change nothing;
- the notebook so rebuilt runs headless in a fresh kernel with a time limit (`--timeout`, per notebook), errors
  allowed, several kernels at once (`--jobs`);
- a last cell injected by the grader forgets every `course_utils` module the student's code may have changed,
  and only **collects** the answers (a shape exercise's values; a coding exercise's function called on the
  check's own cases); the judging happens here, in this process, with the kit's checks.

One row per (student, exercise) goes to the CSV: `student, exercise, points, max_points, status, feedback`,
whatever is wrong with the submission (statuses: passed, partial, failed, not attempted, timeout, error, not
a notebook, missing). Each item of a check is worth 1 point unless the solution notebook's metadata says
otherwise: `{"grading": {"points": {"ex03_2": {"one column": 2}}}}`. A feedback file per student (Markdown) goes
to `--feedback` (default: `feedback/` beside the CSV).
"""
import argparse
import ast
import collections
import concurrent.futures
import copy
import csv
import dataclasses
import multiprocessing
import os
import pathlib
import pickle
import sys
import tempfile
import time

import nbformat
from jupyter_client import AsyncKernelManager
from jupyter_core.utils import run_sync
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from ..runtime import QUIET_TF_ENV
from .release import _ANY_MARKER, ROOT
from .run import CurrentEnvironmentKernels

SOLUTIONS, EXERCISES = ROOT / "solutions", ROOT / "exercises"
DEFAULT_TIMEOUT = 120       # seconds per notebook: the slowest solution takes about 10 (README)
CHECK_CALL = "cu.checks."


@dataclasses.dataclass(frozen=True)
class Submission:
    student: str
    exercise: str
    path: pathlib.Path


@dataclasses.dataclass
class Row:
    student: str
    exercise: str
    points: float = 0
    max_points: float = 0
    status: str = "error"
    feedback: str = ""

    def csv(self):
        return [self.student, self.exercise, f"{self.points:g}", f"{self.max_points:g}", self.status, self.feedback]


# --- What to grade --------------------------------------------------------------------------------------------

def find_submissions(paths):
    """Every `<student>/<exercise>.ipynb` under the given notebooks and folders."""
    found = []
    for path in map(pathlib.Path, paths):
        if path.is_file():
            found.append(Submission(path.parent.name, path.stem, path))
        elif path.is_dir():
            notebooks = sorted(path.glob("*.ipynb"))
            found += [Submission(path.name, nb.stem, nb) for nb in notebooks]
            if not notebooks:
                found += find_submissions(sorted(p for p in path.iterdir() if p.is_dir()))
    return found


def answer_cells(solution):
    """{cell id: the names its code defines} for every cell of a solution notebook that holds an answer."""
    cells = {}
    for cell in solution.cells:
        source = cell.source
        if cell.cell_type == "code" and _ANY_MARKER.search(source) and "HIDDEN TESTS" not in source:
            cells[cell.id] = defined_names(source)
    return cells


def defined_names(source):
    """The functions, classes and variables a cell defines (empty if it does not parse)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return frozenset()
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return frozenset(names)


def check_calls(solution):
    """[(check name, source of its arguments as a call of `_answers`)] for each `cu.checks.NAME(...)` of the
    solution's visible cells, in order (not `cu.checks.CheckResult(...)` or another of the module's names)."""
    from course_utils import checks

    calls = []
    for cell in solution.cells:
        if cell.cell_type != "code" or "HIDDEN TESTS" in cell.source:
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and ast.unparse(node.func.value) == "cu.checks"
                    and (node.func.attr in checks.REGISTRY or node.func.attr in checks.CODING)
                    and node.func.attr not in {name for name, _ in calls}):
                arguments = ast.Call(ast.Name("_answers", ast.Load()), node.args, node.keywords)
                calls.append((node.func.attr, ast.unparse(arguments)))
    return calls


def rebuild(exercise, submitted, solution):
    """The released exercise with the submission's answer cells in place of its own, and the collecting cell."""
    graded = copy.deepcopy(nbformat.read(EXERCISES / f"{exercise}.ipynb", as_version=4))
    theirs = [c for c in submitted.cells if c.get("cell_type") == "code"]
    by_id = {c.get("id"): c for c in theirs}
    for cell in graded.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        if cell.get("id") not in (wanted := answer_cells(solution)):
            continue
        match = by_id.get(cell.id) or next((c for c in theirs if wanted[cell.id] and wanted[cell.id]
                                            <= defined_names(c.get("source", ""))), None)
        if match is not None:
            cell.source = match.get("source", "")
    return graded


# The first lines of every cell the grader injects: whatever the student's code did to course_utils (a redefined
# `cu.checks`, a patched module) is forgotten, and the kit is imported afresh.
FORGET_COURSE_UTILS = ("import sys as _sys\n"
                       "for _module in [m for m in _sys.modules if m.split('.')[0] == 'course_utils']:\n"
                       "    del _sys.modules[_module]\n")


def collecting_cell(calls, out):
    """The grader's last cell: a clean course_utils, then each check's answers saved to `out` (not judged)."""
    thunks = ",\n    ".join(f"({name!r}, lambda: {arguments})" for name, arguments in calls)
    return (FORGET_COURSE_UTILS
            + "from course_utils.instructor.grade import collect as _collect, answers as _answers\n"
            + f"_collect({str(out)!r}, [\n    {thunks}])\n")


# --- In the student's kernel: collect, do not judge -------------------------------------------------------------

def answers(*args, **kwargs):
    return args, kwargs


def collect(out, calls):
    """Save what each check would judge: `("answers", kwargs)`, `("outcomes", ...)` or `("error", text)`."""
    from course_utils import checks
    from course_utils.checks import coding

    found = {}
    for name, thunk in calls:
        try:
            args, kwargs = thunk()
        except Exception as error:   # noqa: BLE001 - e.g. the function was never defined
            found[name] = ("error", f"{type(error).__name__}: {error}")
            continue
        if name in checks.CODING:
            check, function = checks.CODING[name], (args[0] if args else next(iter(kwargs.values()), ...))
            if not callable(function):
                found[name] = ("value", function if function is ... else type(function).__name__)
                continue
            outcomes = coding.outcomes(function, check.tests, check.seed)
            found[name] = ("outcomes", [[_picklable(o) for o in test] for test in outcomes])
        else:
            bound = checks.REGISTRY[name].__signature__.bind_partial(*args, **kwargs).arguments
            found[name] = ("answers", {k: v if _can_pickle(v) else repr(v) for k, v in bound.items()})
    with open(out, "wb") as file:
        pickle.dump(found, file)


def _can_pickle(value):
    try:
        pickle.dumps(value)
        return True
    except Exception:   # noqa: BLE001
        return False


def _picklable(outcome):
    from course_utils.checks.coding import Outcome

    if _can_pickle(outcome):
        return outcome
    return Outcome(error=f"it returned {type(outcome.output).__name__}, which cannot be read back")


# --- Here: run and judge ----------------------------------------------------------------------------------------

def execute(nb, timeout):
    """Run `nb` in a fresh kernel (in a scratch folder) within `timeout` seconds in all; errors allowed."""
    deadline = time.monotonic() + timeout
    # asynchronous: with a blocking client nbclient waits for output forever and never sees the time limit
    km = AsyncKernelManager(kernel_name="python3", kernel_spec_manager=CurrentEnvironmentKernels())
    with tempfile.TemporaryDirectory(prefix="grade-") as scratch:
        if os.name == "posix":      # Unix sockets: parallel kernels never compete for TCP ports
            km.transport, km.ip = "ipc", os.path.join(scratch, "ipc")
        client = NotebookClient(nb, km=km, allow_errors=True, record_timing=False, kernel_name="python3",
                                timeout_func=lambda cell: max(1, int(deadline - time.monotonic())),
                                resources={"metadata": {"path": scratch}})
        try:
            client.execute()
        finally:
            if km.has_kernel:
                run_sync(km.shutdown_kernel)(now=True)


def judge(name, found, points):
    """(points, max points, CheckResult) of one check from what the kernel collected."""
    from course_utils import checks

    kind, value = found.get(name, ("error", "the grader's last cell did not run"))
    if name in checks.CODING:
        check = checks.CODING[name]
        if kind == "outcomes":
            from course_utils.checks.coding import judge_outcomes
            result = check.result(judge_outcomes(check.tests, check.seed, value))
        elif kind == "value":
            result = check(value if value is ... else object())
        else:
            result = check.result([checks.ItemResult(t.name, checks.INVALID, value) for t in check.tests])
    else:
        check = checks.REGISTRY[name]
        if kind == "answers":
            result = check(**value)
        else:
            result = checks.CheckResult(check.title, tuple(checks.ItemResult(item, checks.INVALID, value)
                                                           for item in check.spec))
    return *earned(result, points.get(name, {})), result


def earned(result, weights):
    """(points, max points) of a CheckResult: each item is worth `weights.get(item, 1)`, earned when correct."""
    from course_utils import checks

    worth = {item.name: weights.get(item.name, 1) for item in result.items}
    return sum(worth[item.name] for item in result.items if item.status == checks.CORRECT), sum(worth.values())


def first_error(nb, cell_ids):
    """'cell N: Error: message' for the first answer cell that raised, or ''."""
    for number, cell in enumerate(nb.cells):
        if cell.get("id") in cell_ids:
            for output in cell.get("outputs", []):
                if output.output_type == "error":
                    return f"your answer cell {number} raised {output.ename}: {output.evalue}"
    return ""


def most_points(exercise):
    """An exercise's maximum points (0 for an unknown exercise)."""
    path = SOLUTIONS / f"{exercise}.ipynb"
    if not path.is_file():
        return 0
    solution = nbformat.read(path, as_version=4)
    points = solution.metadata.get("grading", {}).get("points", {})
    return sum(judge(name, {}, points)[1] for name, _ in check_calls(solution))


def grade_one(submission, timeout):
    """The gradebook row of one submission; never raises, so one submission cannot stop a class's grading."""
    try:
        return _grade_one(submission, timeout)
    except Exception as error:   # noqa: BLE001 - a fault of the grader's: the row says so, the rest are graded
        return Row(submission.student, submission.exercise, status="error",
                   feedback=f"the grader itself failed on this notebook ({type(error).__name__}: {error}); "
                            "grade it by hand and report the problem")


def _grade_one(submission, timeout):
    os.environ.update(QUIET_TF_ENV)       # the checks' references load Keras here too
    row = Row(submission.student, submission.exercise)
    solution_path = SOLUTIONS / f"{submission.exercise}.ipynb"
    if not solution_path.is_file():
        row.feedback = f"no exercise is called {submission.exercise} (no {solution_path.name} in solutions/)"
        return row
    solution = nbformat.read(solution_path, as_version=4)
    points = solution.metadata.get("grading", {}).get("points", {})
    calls = check_calls(solution)
    try:
        submitted = nbformat.reads(submission.path.read_text(encoding="utf-8"), as_version=4)
    except Exception as error:   # noqa: BLE001 - bad JSON, bad UTF-8, not a notebook at all
        row.status, row.feedback = "not a notebook", f"{submission.path.name} cannot be read as a notebook: {error}"
        row.max_points = most_points(submission.exercise)
        return row
    with tempfile.TemporaryDirectory(prefix="answers-") as folder:
        out = pathlib.Path(folder) / "answers.pickle"
        graded = rebuild(submission.exercise, submitted, solution)
        graded.cells.append(nbformat.v4.new_code_cell(collecting_cell(calls, out)))
        stopped = ""
        try:
            execute(graded, timeout)
        except CellTimeoutError:
            stopped = "timeout"
        except DeadKernelError:
            stopped = "the kernel died (the code exited, crashed or ran out of memory)"
        except Exception as error:   # noqa: BLE001 - anything else of nbclient's
            stopped = f"{type(error).__name__}: {error}"
        found = pickle.loads(out.read_bytes()) if out.is_file() else {}
    results = [judge(name, found, points) for name, _ in calls]
    row.points = sum(got for got, _, _ in results)
    row.max_points = sum(most for _, most, _ in results)
    texts = [str(result) for _, _, result in results]
    raised = first_error(graded, set(answer_cells(solution)))
    if stopped == "timeout":
        row.status, row.points, texts = "timeout", 0, [f"stopped after {timeout} s: does a loop never end?"]
    elif stopped:
        row.status, row.points, texts = "error", 0, [stopped]
    elif raised and row.points == 0:
        row.status = "error"
        texts.insert(0, raised)
    else:
        row.status = status_of([result for _, _, result in results], row.points, row.max_points)
    row.feedback = "\n".join(texts)
    return row


def status_of(results, points, max_points):
    if all(not result.attempted for result in results):
        return "not attempted"
    if points == max_points:
        return "passed"
    return "partial" if points > 0 else "failed"


def grade(submissions, timeout=DEFAULT_TIMEOUT, jobs=2):
    """Rows for every submission, plus a `missing` row for each exercise a student did not hand in."""
    # processes, not threads: nbclient's event loops hung in threads; each worker runs one kernel at a time
    with concurrent.futures.ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) \
            as pool:
        rows = list(pool.map(grade_one, submissions, [timeout] * len(submissions)))
    students = sorted({s.student for s in submissions})
    exercises = sorted({s.exercise for s in submissions})
    handed_in = {(s.student, s.exercise) for s in submissions}
    rows += [Row(student, exercise, max_points=most_points(exercise), status="missing",
                 feedback="no notebook handed in") for student in students for exercise in exercises
             if (student, exercise) not in handed_in]
    return sorted(rows, key=lambda r: (r.student, r.exercise))


def write(rows, out, feedback_folder):
    out = pathlib.Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["student", "exercise", "points", "max_points", "status", "feedback"])
        writer.writerows(row.csv() for row in rows)
    feedback_folder = pathlib.Path(feedback_folder)
    feedback_folder.mkdir(parents=True, exist_ok=True)
    by_student = collections.defaultdict(list)
    for row in rows:
        by_student[row.student].append(row)
    for student, student_rows in by_student.items():
        parts = [f"# Feedback for {student}\n"]
        for row in student_rows:
            parts.append(f"## {row.exercise}: {row.points:g} of {row.max_points:g} points ({row.status})\n\n"
                         f"```\n{row.feedback}\n```\n")
        (feedback_folder / f"{student}.md").write_text("\n".join(parts), encoding="utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(description="Grade submitted exercise notebooks into a gradebook.")
    parser.add_argument("submissions", nargs="+", help="notebooks <student>/<exercise>.ipynb or folders of them")
    parser.add_argument("--out", default="gradebook.csv", help="the CSV to write (default gradebook.csv)")
    parser.add_argument("--feedback", help="folder for one Markdown file per student (default: feedback/ beside "
                                           "the CSV)")
    parser.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT, help="seconds per notebook")
    parser.add_argument("--jobs", type=int, default=2, help="kernels at once (default 2)")
    args = parser.parse_args(argv)
    submissions = find_submissions(args.submissions)
    if not submissions:
        parser.error("no notebooks found in " + ", ".join(args.submissions))
    start = time.perf_counter()
    rows = grade(submissions, args.timeout, args.jobs)
    seconds = time.perf_counter() - start
    write(rows, args.out, args.feedback or pathlib.Path(args.out).parent / "feedback")
    counts = collections.Counter(row.status for row in rows)
    print(f"{len(rows)} rows written to {args.out}: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())))
    print(f"graded {len(submissions)} submission(s) in {seconds:.1f} s with {args.jobs} kernel(s) at once "
          f"({seconds / len(submissions):.1f} s each)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Instructor check: does every "What to try" change of a notebook run through without an error?

    python -m course_utils.instructor.try_changes notebooks/*.ipynb           # make test-try
    python -m course_utils.instructor.try_changes --first notebooks/07_*.ipynb

Each lecture notebook's "What to try" cell states its experiments as `CHANGES = dict(...)` literals, and
its CONFIG cell holds the line `CHANGES = dict()` that a student edits (`course_utils.claims`). This
command executes each notebook once per literal, with that line replaced, without storing anything, and
prints a table: the change, whether the notebook ran to its end (or the first error), how many claims
reported instead of asserting, and the seconds. Exits 1 if any run failed or a notebook has no CHANGES.
"""
import argparse
import ast
import copy
import pathlib
import re
import sys
import time

import nbformat
from nbclient.exceptions import CellExecutionError

from ..report import print_table
from .portability import first_failure
from .run import run_notebook

STUDENT_LINE = re.compile(r"^CHANGES = dict\(\)", re.MULTILINE)
SUGGESTED = re.compile(r"`CHANGES = (dict\(.*?\))`")
REPORTED = "with your settings ("


def what_to_try(nb):
    """The markdown of the notebook's "## What to try" cell ("" if it has none)."""
    return next((c.source for c in nb.cells if c.cell_type == "markdown"
                 and re.search(r"^## What to try", c.source, re.MULTILINE)), "")


def suggested_changes(nb):
    """The `dict(...)` literals of the What-to-try cell, each checked to be keywords with literal values."""
    changes = SUGGESTED.findall(what_to_try(nb))
    for text in changes:
        call = ast.parse(text, mode="eval").body
        if call.args or not all(k.arg for k in call.keywords):
            raise ValueError(f"{text}: a change is dict(name=value, ...)")
        for keyword in call.keywords:
            ast.literal_eval(keyword.value)       # raises on anything but a literal
    return changes


def with_change(nb, change):
    """A copy of `nb` whose CONFIG cell sets CHANGES = `change` (ValueError if it has no such line)."""
    nb = copy.deepcopy(nb)
    cells = [c for c in nb.cells if c.cell_type == "code" and STUDENT_LINE.search(c.source)]
    if len(cells) != 1:
        raise ValueError(f"expected one code cell with a line `CHANGES = dict()`, found {len(cells)}")
    cells[0].source = STUDENT_LINE.sub(f"CHANGES = {change}", cells[0].source, count=1)
    return nb


def reported_claims(nb):
    """How many lines of the executed notebook's output are claims reported under the change."""
    return sum(output.get("text", "").count(REPORTED) for cell in nb.cells if cell.cell_type == "code"
               for output in cell.get("outputs", []) if output.get("output_type") == "stream")


def try_change(path, change, timeout=600):
    """Execute `path` with `change`; returns (status, detail, seconds)."""
    nb = with_change(nbformat.read(path, as_version=4), change)
    start = time.perf_counter()
    try:
        run_notebook(nb, path.parent, timeout)
    except CellExecutionError as error:
        return "FAILED", first_failure(error, nb), time.perf_counter() - start
    return "ran", f"{reported_claims(nb)} claims reported", time.perf_counter() - start


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=pathlib.Path)
    parser.add_argument("--first", action="store_true", help="only the first change of each notebook")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    args = parser.parse_args(argv)
    rows, failed = [], False
    for path in args.notebooks:
        nb = nbformat.read(path, as_version=4)
        try:
            changes = suggested_changes(nb)
            with_change(nb, "dict()")
        except (ValueError, SyntaxError) as error:
            rows.append((path.stem[:2], "", "FAILED", str(error), 0.0))
            failed = True
            continue
        if not changes:
            rows.append((path.stem[:2], "", "FAILED", "no `CHANGES = dict(...)` in What to try", 0.0))
            failed = True
        for change in changes[:1] if args.first else changes:
            status, detail, seconds = try_change(path, change, args.timeout)
            print(f"{path.stem[:2]} {change}: {status} {detail} ({seconds:.0f} s)", flush=True)
            rows.append((path.stem[:2], change, status, detail, seconds))
            failed |= status != "ran"
    print()
    print_table(rows, ["notebook", "CHANGES", "result", "detail", "seconds"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""A student re-runs a section after a later one: the section must still mean what it meant.

A notebook breaks under re-running when cell C reads a global that cell A bound
and a later cell B rebinds it: running C again after B silently uses B's value.
This test reads every notebook's code cells (no kernel) and finds such reads,
and names that shadow a `course_utils` module (`shapes = ...` hides `cu.shapes`
from anyone who writes `from course_utils import *` or reads the code).
"""
import ast
import pathlib
import pkgutil

import nbformat
import pytest

import course_utils

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted([*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("solutions/*.ipynb")])
MODULES = {m.name for m in pkgutil.iter_modules(course_utils.__path__)}
THROWAWAY = {"_", "fig", "ax", "axes"}   # plotting handles and discards: rebinding them is the idiom


def parse(source):
    """A cell's Python, without IPython magics and shell lines."""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    return ast.parse("\n".join(lines))


def module_level_bindings(tree, imports=True):
    """Names a cell binds at the notebook's top level (not inside functions or comprehensions)."""
    names = set()

    def visit(node):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            return
        if isinstance(node, ast.Lambda) or isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp,
                                                             ast.GeneratorExp)):
            return
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        if imports and isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return names


def free_reads(tree):
    """Names a cell reads that it does not bind anywhere itself (so they come from earlier cells)."""
    loads, stores = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loads if isinstance(node.ctx, ast.Load) else stores).add(node.id)
        elif isinstance(node, ast.arg):
            stores.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            stores.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            stores.update((a.asname or a.name).split(".")[0] for a in node.names)
    return loads - stores


def fragile_reads(sources):
    """(name, bound in cells, read by cell) for every read that re-running after a later cell changes."""
    trees = [parse(s) for s in sources]
    binds = [module_level_bindings(t) - THROWAWAY for t in trees]
    found = []
    for reader, tree in enumerate(trees):
        for name in sorted(free_reads(tree)):
            where = [i for i, b in enumerate(binds) if name in b]
            if any(i < reader for i in where) and any(i > reader for i in where):
                found.append((name, where, reader))
    return found


def code_sources(path):
    return [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[f"{p.parent.name}/{p.stem}" for p in NOTEBOOKS])
def test_no_cell_reads_a_global_that_a_later_cell_rebinds(path):
    found = fragile_reads(code_sources(path))
    assert not found, "; ".join(f"code cell {r} reads {n!r}, bound in cells {w}: give the later binding "
                                f"its own name" for n, w, r in found)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[f"{p.parent.name}/{p.stem}" for p in NOTEBOOKS])
def test_no_global_is_named_after_a_course_utils_module(path):
    shadowing = {name for s in code_sources(path) for name in module_level_bindings(parse(s), imports=False) & MODULES}
    assert not shadowing, f"variables named like cu's modules: {sorted(shadowing)}"


def test_the_analysis_finds_what_broke_notebook_07():
    """07 once bound `ids` in section 2, read it in a viewer, and rebound it in section 5."""
    cells = ["ids = [1, 2]\nx = 3", "def viewer():\n    return ids\nprint(viewer(), x)", "ids = [4]",
             "for k in range(3):\n    pass", "print(k)", "for k in range(2):\n    pass"]
    assert fragile_reads(cells) == [("ids", [0, 2], 1), ("k", [3, 5], 4)]


def test_locals_loop_variables_and_plot_handles_are_not_flagged():
    cells = ["fig, ax = 1, 2\nn = 1", "def f(n):\n    return [n for n in range(n)]\nprint(ax)",
             "fig, ax = 3, 4", "n = 2"]
    assert fragile_reads(cells) == []
    assert module_level_bindings(parse("from course_utils import shapes\nchecks = 1"), imports=False) == {"checks"}
    assert module_level_bindings(parse("import numpy as np\nfrom keras import ops\n[y for y in ()]")) \
        == {"np", "ops"}

"""The hand-written maps, checked against the code so that they cannot drift.

- which notebook uses which `course_utils` module, computed from the code cells of `notebooks/*.ipynb` and
  `solutions/*.ipynb` (the exercises), against README's layout, `course_utils/__init__.py`'s table and
  `course_utils/corpora/__init__.py`'s table;
- README's layout names every file of the package (and no other) and every public layer class;
- every `python -m course_utils...` command and `make` target the docs write exists, with its options;
- how long things take is written in README only (the Makefile and the code refer to it).

A "used in" cell reads `01, 04-11` (lecture notebooks), `ex22_3` (an exercise, named by its notebook's
prefix), `ex22_*` (all exercises of 22) or `exercises` (all of them), separated by commas.
"""
import ast
import fnmatch
import functools
import importlib
import json
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "course_utils"
README = ROOT / "README.md"
LECTURE_PATHS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXERCISE_PATHS = sorted((ROOT / "solutions").glob("*.ipynb"))   # exercises/ is generated from solutions/


def notebook_id(path):
    """`07` for notebooks/07_....ipynb, `ex22_3` for solutions/ex22_3_....ipynb, `ex01` for ex01_embedding_...."""
    match = re.match(r"(\d\d)_" if path.parent.name == "notebooks" else r"(ex\d\d(?:_\d+)?)_", path.name)
    assert match, f"{path.name}: cannot tell its number"
    return match.group(1)


LECTURES = [notebook_id(p) for p in LECTURE_PATHS]
EXERCISES = [notebook_id(p) for p in EXERCISE_PATHS]


# --- What the package offers ----------------------------------------------------------------------------------

def package_init():
    return ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))


def submodules():
    """`_SUBMODULES` of course_utils/__init__.py: what `cu.<name>` loads."""
    for node in package_init().body:
        if isinstance(node, ast.Assign) and [t.id for t in node.targets] == ["_SUBMODULES"]:
            return set(ast.literal_eval(node.value))
    raise AssertionError("course_utils/__init__.py has no _SUBMODULES")


def reexported():
    """{name: module} of the names course_utils re-exports (`from .report import print_metrics`: `cu.print_metrics`)."""
    return {alias.asname or alias.name: node.module for node in package_init().body
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module for alias in node.names}


SUBMODULES = submodules()
REEXPORTED = reexported()
CORPORA = {p.stem for p in (PACKAGE / "corpora").glob("*.py") if p.stem != "__init__"}


def listed(directory):
    """The files and packages of a folder of the package, as README writes them (`x.py`, `x/`), without __init__.py."""
    names = set()
    for path in directory.iterdir():
        if path.is_dir() and (path / "__init__.py").is_file():
            names.add(path.name + "/")
        elif path.is_file() and path.suffix in (".py", ".json") and path.name != "__init__.py":
            names.add(path.name)
    return names


def test_the_lazily_loaded_submodules_are_the_package_modules():
    modules = {name.removesuffix(".py").removesuffix("/") for name in listed(PACKAGE) if not name.endswith(".json")}
    assert SUBMODULES == modules - {"instructor"}, "cu.<name> must load every module a notebook may use"
    assert set(REEXPORTED.values()) <= SUBMODULES


# --- What the notebooks use --------------------------------------------------------------------------------------

_MAGIC = re.compile(r"^(\s*)[%!].*$", re.M)   # %pip, !ls: IPython, not Python


def code_cells(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            source = "".join(cell["source"])
            yield ast.parse(_MAGIC.sub(r"\1pass", source), filename=f"{path.name}")


def dotted(node):
    """`cu.corpora.tweets` for the expression cu.corpora.tweets, None for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = dotted(node.value)
        return inner and f"{inner}.{node.attr}"
    return None


def bindings(trees):
    """{local name: the course_utils path it stands for} from a notebook's imports, and the imported paths."""
    bound, imported = {}, set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == "course_utils":
                        imported.add(alias.name)
                        if alias.asname:
                            bound[alias.asname] = alias.name
                        else:                                  # `import course_utils.x` binds course_utils
                            bound["course_utils"] = "course_utils"
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module \
                    and node.module.split(".")[0] == "course_utils":
                for alias in node.names:
                    imported.add(f"{node.module}.{alias.name}")
                    bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return bound, imported


def resolve(node, bound):
    """The course_utils path an expression such as `cu.corpora.tweets` stands for, or None."""
    head, _, rest = (dotted(node) or "").partition(".")
    if head not in bound:
        return None
    return f"{bound[head]}.{rest}" if rest else bound[head]


def used_paths(path):
    """Every `course_utils...` path a notebook's code reaches: imports, and attributes of the names they bind."""
    trees = list(code_cells(path))
    bound, paths = bindings(trees)
    for tree in trees:
        paths |= {resolve(node, bound) for node in ast.walk(tree) if isinstance(node, ast.Attribute)} - {None}
    return paths


def module_of(course_path):
    """The course_utils module a path belongs to: course_utils.print_table -> report, course_utils.x.y -> x."""
    parts = course_path.split(".")
    if len(parts) == 1:
        return None                                     # course_utils itself (e.g. `import course_utils as cu`)
    return REEXPORTED.get(parts[1], parts[1])


@functools.cache
def usage():
    """{module: {notebook ids}}, computed from the code."""
    found = {}
    for path in LECTURE_PATHS + EXERCISE_PATHS:
        for course_path in used_paths(path):
            module = module_of(course_path)
            if module is not None:
                found.setdefault(module, set()).add(notebook_id(path))
    return found


def data_files_read(path):
    """The names (or f-string patterns, `lm_*.txt`) a notebook passes to `cu.data.path`."""
    trees = list(code_cells(path))
    bound, _ = bindings(trees)
    read = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and resolve(node.func, bound) == "course_utils.data.path" and node.args:
                arg = node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    read.add(arg.value)
                elif isinstance(arg, ast.JoinedStr):
                    read.add("".join(v.value if isinstance(v, ast.Constant) else "*" for v in arg.values))
    return read


@functools.cache
def corpora_usage():
    """{corpus module: {notebook ids}}: its code reached (course_utils.corpora.<module>...) or its data files read.

    A data file counts when its name, or the f-string pattern it is read with, belongs to one corpus only
    (`translation_{split}.tsv` does, `{stem}_{split}.tsv` does not).
    """
    files = {m: set(getattr(importlib.import_module(f"course_utils.corpora.{m}"), "FILES", {})) for m in CORPORA}
    found = {}
    for path in LECTURE_PATHS + EXERCISE_PATHS:
        used = set()
        for course_path in used_paths(path):
            parts = course_path.split(".")
            if parts[1:2] == ["corpora"] and len(parts) > 2 and parts[2] in CORPORA:
                used.add(parts[2])
        for pattern in data_files_read(path):
            owners = {m for m, names in files.items() if fnmatch.filter(names, pattern)}
            used |= owners if len(owners) == 1 else set()
        for module in used:
            found.setdefault(module, set()).add(notebook_id(path))
    return found


def test_the_notebooks_use_only_modules_that_exist_and_never_the_instructor_tools():
    unknown = {m: sorted(ids) for m, ids in usage().items() if m not in SUBMODULES}
    assert unknown == {}, "a notebook reaches a name course_utils does not have (or an instructor tool)"


def test_the_usage_finder_sees_each_way_of_importing(tmp_path):
    cells = ["import course_utils as cu\n%matplotlib inline\ncu.setup(seed=1)",
             "from course_utils import numpy_rnn, print_table\nx = cu.viz.plot()",
             "from course_utils.corpora.tweets import LABELS\nimport course_utils.decoding\n"
             "from course_utils.corpora import moderation as m\nm.FILES",
             "# cu.layers in a comment, 'cu.metrics' in a string\ns = 'cu.metrics'",
             "words = cu.data.path(f'lm_{split}.txt'), cu.data.path('ner_train.conll'), pathlib.Path('x.txt')"]
    notebook = {"cells": [{"cell_type": "code", "source": c} for c in cells]
                + [{"cell_type": "markdown", "source": "`cu.shapes` in prose"}]}
    path = tmp_path / "notebooks" / "12_probe.ipynb"
    path.parent.mkdir()
    path.write_text(json.dumps(notebook), encoding="utf-8")
    modules = {module_of(p) for p in used_paths(path)} - {None}
    assert modules == {"runtime", "numpy_rnn", "report", "viz", "corpora", "decoding", "data"}
    assert "course_utils.corpora.moderation.FILES" in used_paths(path)
    assert data_files_read(path) == {"lm_*.txt", "ner_train.conll"}


# --- "Used in" cells ------------------------------------------------------------------------------------------

_TOKEN = r"(?:\d\d(?:-\d\d)?|exercises|ex\d\d(?:_(?:\d+|\*))?)"
USED_IN = re.compile(rf"(?:^|\s{{2,}})({_TOKEN}(?:, {_TOKEN})*)$")


def expand(cell):
    """The notebook ids a "used in" cell names."""
    ids = set()
    for token in (t.strip() for t in cell.split(",")):
        if token == "exercises":
            ids |= set(EXERCISES)
        elif match := re.fullmatch(r"(\d\d)-(\d\d)", token):
            ids |= {f"{n:02d}" for n in range(int(match.group(1)), int(match.group(2)) + 1)}
        elif re.fullmatch(r"\d\d", token):
            ids.add(token)
        elif re.fullmatch(r"ex\d\d(?:_(?:\d+|\*))?", token):
            matched = fnmatch.filter(EXERCISES, token)
            assert matched, f"{token!r}: no such exercise"
            ids |= set(matched)
        else:
            raise AssertionError(f"cannot read {token!r} in {cell!r}: write 01, 04-11, ex22_3, ex22_* or exercises")
    unknown = ids - set(LECTURES) - set(EXERCISES)
    assert not unknown, f"{cell!r} names notebooks that do not exist: {sorted(unknown)}"
    return ids


def test_used_in_cells_read_as_intended():
    assert expand("01, 04-06, ex22_*") == {"01", "04", "05", "06"} | {e for e in EXERCISES if e.startswith("ex22_")}
    assert expand("exercises") == set(EXERCISES) and expand("ex01") == {"ex01"}
    with pytest.raises(AssertionError, match="cannot read 'every one'"):
        expand("every one")


# --- course_utils/__init__.py's table -------------------------------------------------------------------------

def package_table():
    """{module: "used in" cell} of the table in course_utils' docstring."""
    doc = ast.get_docstring(package_init())
    rows = re.findall(r"^\| `(\w+)` \| .*? \| ([^|]*?) \|$", doc, re.M)
    assert rows, "course_utils/__init__.py's docstring has no module table"
    return dict(rows)


def test_the_package_table_has_one_row_per_module():
    assert sorted(package_table()) == sorted(SUBMODULES)


@pytest.mark.parametrize("module", sorted(SUBMODULES))
def test_the_package_table_says_which_notebooks_use_each_module(module):
    cell = package_table().get(module, "")
    assert expand(cell) == usage().get(module, set()), f"course_utils/__init__.py, row `{module}`"


# --- README's layout ------------------------------------------------------------------------------------------



@functools.cache
def layout():
    """{README name (`text.py`, `corpora/`): {"text": its description lines, "children": names under it}}."""
    block = re.search(r"^## Layout\n\n```\n(course_utils/.*?)^```", README.read_text(encoding="utf-8"), re.M | re.S)
    assert block, "README has no ## Layout block starting with course_utils/"
    entries, current, in_children = {}, None, False
    for line in block.group(1).splitlines()[1:]:
        indent = len(line) - len(line.lstrip(" "))
        if indent == 0:
            break                                            # the rest of the repository
        if indent == 2:
            name, _, description = line.strip().partition(" ")
            assert name not in entries, f"README's layout lists {name} twice"
            current, in_children = entries.setdefault(name, {"text": [description.strip()], "children": []}), False
        elif indent == 4:
            words = line.split()
            names = words[:next((i for i, w in enumerate(words) if not re.fullmatch(r"[\w*]+\.(?:py|json)|\w+/", w)),
                                len(words))]
            assert names, f"README's layout: cannot read {line!r}"
            current["children"] += names
            in_children = True
        elif not in_children:
            current["text"].append(line.strip())             # a description that goes on
    return entries


def readme_used_in(entry):
    cells = [m.group(1) for line in entry["text"] if (m := USED_IN.search(line))]
    assert len(cells) <= 1, f"two 'used in' cells: {cells}"
    return cells[0] if cells else None


def test_the_readme_layout_names_every_file_of_the_package_and_no_other():
    written, actual = set(layout()), listed(PACKAGE)
    assert written == actual, f"missing {sorted(actual - written)}, no such file {sorted(written - actual)}"
    for name, entry in layout().items():
        if not name.endswith("/"):
            assert entry["children"] == [], f"{name} is a file, it has nothing under it"
            continue
        actual = listed(PACKAGE / name)
        written = set(entry["children"])
        assert len(written) == len(entry["children"]), f"README's layout lists a file under {name} twice"
        assert written == actual, f"README's layout, under {name}: missing {sorted(actual - written)}, " \
                                  f"no such file {sorted(written - actual)}"


def test_the_answer_key_has_one_module_per_exercise_named_after_its_notebook():
    """A shape exercise's answers are in answers/; a coding exercise's check is in the package (checks/), named alike."""
    modules = {p.stem for p in (ROOT / "answers").glob("*.py") if p.name != "__init__.py"}
    coding = {p.stem for p in (PACKAGE / "checks").glob("ex*.py")}
    assert modules | coding == {p.stem for p in EXERCISE_PATHS}, "answers/ and checks/: one module per solution notebook"
    assert not modules & coding, "an exercise is either a shape exercise (answers/) or a coding one (checks/)"


@pytest.mark.parametrize("module", sorted(SUBMODULES))
def test_the_readme_layout_says_which_notebooks_use_each_module(module):
    entry = layout().get(f"{module}.py") or layout().get(f"{module}/")
    assert entry, f"README's layout does not list {module}"
    cell = readme_used_in(entry)
    assert (expand(cell) if cell else set()) == usage().get(module, set()), f"README's layout, line of {module}"


def test_what_no_notebook_uses_has_no_used_in_cell():
    for name, entry in layout().items():
        if name.removesuffix(".py").removesuffix("/") not in SUBMODULES:        # data_checksums.json, instructor/
            assert readme_used_in(entry) is None, name


# --- Layers ---------------------------------------------------------------------------------------------------

def layer_classes():
    """(public classes, classes registered for .keras loading) defined at the top of course_utils/layers.py."""
    tree = ast.parse((PACKAGE / "layers.py").read_text(encoding="utf-8"))
    classes = [node for node in tree.body if isinstance(node, ast.ClassDef)]
    public = {c.name for c in classes if not c.name.startswith("_")}
    registered = {c.name for c in classes if any("register_keras_serializable" in ast.unparse(d)
                                                 for d in c.decorator_list)}
    return public, registered


def test_the_public_layers_are_exactly_the_registered_ones():
    """A public layer is one a notebook may use and save: it is registered, so `.keras` files load it."""
    public, registered = layer_classes()
    assert public and public == registered


BACKENDS = {"TF", "JAX", "PyTorch"}    # the only capitalised words of the layers line that are not layers


def test_the_readme_layout_names_every_public_layer_and_no_other():
    public, _ = layer_classes()
    text = " ".join(layout()["layers.py"]["text"])
    named = set(re.findall(r"\b[A-Z][A-Za-z0-9]+\b", text)) - BACKENDS
    assert named == public, f"missing {sorted(public - named)}, no such layer {sorted(named - public)}"


# --- course_utils/corpora/__init__.py's table -------------------------------------------------------------------

def test_the_corpora_table_says_which_notebooks_use_each_corpus():
    doc = ast.get_docstring(ast.parse((PACKAGE / "corpora" / "__init__.py").read_text(encoding="utf-8")))
    rows = dict(re.findall(r"^\| `(\w+)` \| ([^|]*?) \|", doc, re.M))
    assert set(rows) <= CORPORA
    assert all(f"`{m}`" in doc for m in CORPORA), "every corpus module is named in the table or below it"
    assert {m: expand(cell) for m, cell in rows.items()} == {m: corpora_usage().get(m, set()) for m in rows}
    assert set(corpora_usage()) <= set(rows), "a corpus a notebook uses needs its row"


# --- Commands and make targets the documentation writes -----------------------------------------------------------

def documents():
    """README, the Makefile, CI's script and every module of the package (docstrings and comments)."""
    paths = [README, ROOT / "Makefile", ROOT / ".ci" / "run", *sorted(PACKAGE.rglob("*.py"))]
    return {path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8") for path in paths}


def options_of(module_path):
    """The `--options` a module's argparse parser defines."""
    tree = ast.parse(module_path.read_text(encoding="utf-8"))
    return {arg.value for node in ast.walk(tree) if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute) and node.func.attr == "add_argument"
            for arg in node.args if isinstance(arg, ast.Constant) and str(arg.value).startswith("--")}


def test_every_documented_command_exists_with_its_options():
    commands = [(where, m.group(1), m.group(2)) for where, text in documents().items()
                for m in re.finditer(r"python -m (course_utils(?:\.\w+)+)([^`\n|]*)", text)]
    assert commands
    wrong = []
    for where, module, rest in commands:
        path = ROOT.joinpath(*module.split(".")).with_suffix(".py")
        if not path.is_file():
            wrong.append(f"{where}: `python -m {module}`: no such module")
            continue
        unknown = set(re.findall(r"(?<![\w-])--[a-z][\w-]*", rest)) - options_of(path)
        if unknown:
            wrong.append(f"{where}: `python -m {module}` has no option {', '.join(sorted(unknown))}")
    assert wrong == []


def test_every_documented_make_target_exists():
    targets = set(re.findall(r"^([\w-]+):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M))
    written = {(where, target) for where, text in documents().items()
               for span in re.findall(r"`make ([^`]+)`|^make ([\w -]+?)\s*(?:#|$)", text, re.M)
               for target in " ".join(span).split() if "=" not in target}
    assert written
    assert {(where, t) for where, t in written if t not in targets} == set()


# --- How long things take: in README only ---------------------------------------------------------------------

DURATION = re.compile(r"~?\b\d+(?:\.\d+)?(?:[–-]\d+(?:\.\d+)?)? ?(?:s|secs?|seconds?|min|mins|minutes?|hours?)\b")


def test_runtime_figures_are_written_in_readme_only():
    """The Makefile, CI and the code say "see README" instead of repeating a figure that then drifts."""
    paths = [ROOT / "Makefile", ROOT / ".ci" / "run", ROOT / "pyproject.toml", ROOT / "requirements.txt",
             *sorted(PACKAGE.rglob("*.py"))]
    found = [f"{p.relative_to(ROOT)}:{i}: {m.group(0)}" for p in paths
             for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) for m in DURATION.finditer(line)]
    assert found == []

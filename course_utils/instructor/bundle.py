"""What students receive: `python -m course_utils.instructor.release --student DIR [--check]`.

The bundle is the kit's tracked files that a student uses: the lecture notebooks and their twins, the exercises,
course_utils, data, README, LICENSE, the install files (requirements, pyproject, Binder's). It leaves out
solutions/ and their twins, the answer key (answers/), the tests with their hidden checks, CI and the
maintainers' files. `--check` reads a written bundle and proves it fit to hand out: nothing left-out is in
it, its exercises are the released ones, no notebook keeps a solution marker, and no text file of it holds a
line removed from a solution as an answer.
"""
import pathlib
import shutil
import subprocess

import nbformat

from .release import _ANY_MARKER, _BEGIN, _END, _ONE_LINE, INSTRUCTOR_TAG, ROOT, _texts, problems

SHIPPED = ["README.md", "LICENSE", "LECTURES.md", "Makefile", "requirements.txt", "pyproject.toml", "runtime.txt",
           "postBuild", "jupyter/", "course_utils/", "data/", "notebooks/", "twins/notebooks/", "exercises/"]
WITHHELD = ["solutions", "twins/solutions", "answers", "tests", "integration_tests", "conftest.py", ".ci",
            "nbval_sanitize.cfg", ".gitignore", "website"]
# Two coding exercises are checked against the kit's own code, which the lectures use, so their answer can be
# read there: the check reports these as notes, and any other place an answer appears as a problem.
REFERENCES = {("ex08_2_beam_search.ipynb", "course_utils/decoding.py"): "cu.decoding.beam_search",
              ("ex10_2_highway_layer.ipynb", "course_utils/layers.py"): "cu.layers.Highway"}


def tracked_files(root=ROOT):
    """The files a clean clone holds, relative to the root."""
    listed = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True).stdout
    return [name for name in listed.splitlines() if (root / name).is_file()]


def shipped(name):
    return any(name == item or (item.endswith("/") and name.startswith(item)) for item in SHIPPED)


def write(folder, root=ROOT):
    """Copy the student's files into `folder` (which must not exist yet); returns how many."""
    folder = pathlib.Path(folder)
    if folder.exists():
        raise FileExistsError(f"{folder} exists: the bundle is written into a new folder, so nothing stale stays")
    names = [name for name in tracked_files(root) if shipped(name)]
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, folder / name)
    return len(names)


def _lines(path):
    """Every text line of a file, stripped and non-blank (sources and text outputs of a notebook)."""
    if path.suffix == ".ipynb":
        lines = _texts(nbformat.read(path, as_version=4))
    else:
        try:
            lines = path.read_text(encoding="utf-8").split("\n")
        except UnicodeDecodeError:
            return []
    return [line.strip() for line in lines if line.strip()]


def answer_blocks(solution):
    """What release removes from a solution, as blocks of stripped lines: each SOLUTION or HIDDEN TESTS block,
    each one-line answer as `name = value`, each instructor-only cell."""
    blocks = []
    for cell in solution.cells:
        lines = cell.source.split("\n")
        if INSTRUCTOR_TAG in cell.get("metadata", {}).get("tags", []):
            blocks.append(lines)
            continue
        block = None
        for line in lines:
            if _BEGIN.match(line):
                block = []
            elif _END.match(line):
                blocks.append(block)
                block = None
            elif block is not None:
                block.append(line)
            elif cell.cell_type == "code" and (one := _ONE_LINE.match(line)) and _ANY_MARKER.search(line):
                blocks.append([f"{one.group(2)} = {one.group(3)}"])
    return [stripped for block in blocks if (stripped := [line.strip() for line in block if line.strip()])]


def runs(lines, n):
    """The runs of n consecutive lines."""
    return {tuple(lines[i:i + n]) for i in range(len(lines) - n + 1)}


def copied(block, lines):
    """A run of 3 consecutive lines of the block (all of it, if shorter) found in `lines`, or None.

    Single lines common to any code (`super().__init__(**kwargs)`, `$$`) are no leak; an answer's lines in a row
    are. A one-line answer counts from 10 characters (`E = (300, 10_000)`), so a bare `)` or `(300, 1)` does not.
    """
    n = min(3, len(block))
    if n == 1 and len(block[0]) < 10:
        return None
    return next(iter(runs(block, n) & runs(lines, n)), None)


def problems_of(folder, root=ROOT):
    """(problems, notes): everything that makes a written bundle unfit to hand out, and the answers that the
    kit's reference code shows by design (REFERENCES), as human-readable strings."""
    folder = pathlib.Path(folder)
    notes = []
    found = [f"{folder / name} is in the bundle: it is the instructor's" for name in WITHHELD
             if (folder / name).exists()]
    solutions = sorted((root / "solutions").glob("*.ipynb"))
    for solution in solutions:
        found += problems(solution, folder / "exercises" / solution.name)
    lines = {path: _lines(path) for path in sorted(p for p in folder.rglob("*") if p.is_file())}
    for path, text in lines.items():
        if path.suffix == ".ipynb":
            found += [f"{path}: a solution marker: {line!r}" for line in text if _ANY_MARKER.search(line)]
    for solution in solutions:
        for block in answer_blocks(nbformat.read(solution, as_version=4)):
            for path, text in lines.items():
                if not (run := copied(block, text)):
                    continue
                reference = REFERENCES.get((solution.name, path.relative_to(folder).as_posix()))
                if reference:
                    notes.append(f"{path} holds lines of {solution.name}'s answer: it is {reference}, the reference "
                                 "its check compares with")
                else:
                    found.append(f"{path}: holds lines of an answer in {solution.name}: {' / '.join(run)!r}")
    return found, notes

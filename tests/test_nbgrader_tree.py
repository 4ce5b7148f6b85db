"""The nbgrader course (`release --nbgrader DIR`) says of each cell what the kit's release means by it.

No nbgrader here: `make test-nbgrader` runs nbgrader itself on the tree. These tests read the written tree:
answer cells, graded cells worth the kit's points, everything else read-only, and the stub nbgrader leaves of
an answer, which is the kit's own placeholder.
"""
import nbformat
import pytest

from course_utils.instructor import grade, nbgrader_tree, release

SOLUTIONS = sorted(grade.SOLUTIONS.glob("*.ipynb"))


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    folder = tmp_path_factory.mktemp("nbgrader")
    assert release.main(["--nbgrader", str(folder)]) == 0
    return folder


def source(tree, solution):
    return nbformat.read(tree / "source" / solution.stem / solution.name, as_version=4)


def kind(cell):
    meta = cell.metadata.get("nbgrader")
    if meta is None:
        return "free"
    return "answer" if meta["solution"] else "graded" if meta["grade"] else "read-only" if meta["locked"] else "?"


def test_the_config_sets_the_kits_stub_and_a_cell_time_limit_above_nbgraders_30_s(tree):
    config = {}
    exec((tree / "nbgrader_config.py").read_text(), {"get_config": lambda: _Config(config)})
    assert config["ClearSolutions.code_stub"] == {"python": f"{release.CODE_PLACEHOLDER}\n..."}
    assert config["Execute.timeout"] > 30


class _Config:
    """Records `c.Section.option = value` as {"Section.option": value}."""

    def __init__(self, into, prefix=""):
        object.__setattr__(self, "_into", into)
        object.__setattr__(self, "_prefix", prefix)

    def __getattr__(self, name):
        return _Config(self._into, f"{self._prefix}{name}.")

    def __setattr__(self, name, value):
        self._into[f"{self._prefix}{name}"] = value


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem[:6])
def test_each_cell_has_its_nbgrader_role(tree, solution):
    nb, original = source(tree, solution), nbformat.read(solution, as_version=4)
    kinds = [kind(c) for c in nb.cells]
    answers = [c for c in nb.cells if kind(c) == "answer"]
    assert len(answers) == len(grade.answer_cells(original)) > 0
    assert all(c.cell_type == "code" for c in answers)
    graded = [c for c in nb.cells if kind(c) == "graded"]
    assert [c.metadata.nbgrader["points"] for c in graded] and \
        sum(c.metadata.nbgrader["points"] for c in graded) == grade.most_points(solution.stem)
    assert all("### BEGIN HIDDEN TESTS" in c.source for c in graded)
    assert all(c.cell_type == "markdown" and c.source == release.MARKDOWN_PLACEHOLDER
               for c in nb.cells if kind(c) == "free"), "only the free-text working is neither graded nor locked"
    assert "?" not in kinds
    ids = [c.metadata.nbgrader["grade_id"] for c in nb.cells if "nbgrader" in c.metadata]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("solution", [s for s in SOLUTIONS if "# SOLUTION" in s.read_text()],
                         ids=lambda p: p.stem[:6])
def test_a_one_line_answer_keeps_its_value_and_leaves_the_kits_placeholder(tree, solution):
    """Stripped as nbgrader strips it (the kit's strip_cell with the same stub), each answer name is `...`."""
    original = nbformat.read(solution, as_version=4)
    for cell, answer in zip([c for c in original.cells if c.id in grade.answer_cells(original)],
                            [c for c in source(tree, solution).cells if kind(c) == "answer"]):
        if "# SOLUTION" not in cell.source:
            continue
        expected, given, unanswered = {}, {}, {}
        exec(cell.source, expected)
        exec(answer.source, given)
        exec(release.strip_cell(answer.source, "code", solution.name)[0], unanswered)
        names = grade.defined_names(cell.source)
        assert {n: given[n] for n in names} == {n: expected[n] for n in names}
        assert {n: unanswered[n] for n in names} == dict.fromkeys(names, ...)


def test_a_graded_cell_prints_the_check_and_returns_the_points(capsys):
    """What nbgrader reads as partial credit: the cell's last value, the points the check gave."""
    points = nbgrader_tree.score("ex03_1", grade.answers(simple_rnn=64 * (100 + 64), gru=..., lstm=4 * 64 * 165,
                                                         gru_reset_after_false=..., bidirectional_lstm=...), {})
    assert points == 1.0
    assert "Exercise 03.1" in capsys.readouterr().out

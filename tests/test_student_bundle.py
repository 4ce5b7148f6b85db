"""What students receive (`release --student DIR`): everything they use, nothing of the instructor's.

The bundle is written from this checkout into a temporary folder and checked by `--check`'s own code; then
the check is shown to catch what it is for: a withheld folder, an answer pasted into a notebook, a stale
exercise.
"""
import shutil

import nbformat
import pytest

from course_utils.instructor import bundle, release
from course_utils.instructor.release import ROOT


@pytest.fixture(scope="module")
def handout(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bundle") / "course"
    assert release.main(["--student", str(folder)]) == 0
    return folder


def fresh_copy(handout, tmp_path):
    copy = tmp_path / "course"
    shutil.copytree(handout, copy)
    return copy


def test_every_tracked_file_is_either_handed_out_or_withheld():
    undecided = [name for name in bundle.tracked_files() if not bundle.shipped(name)
                 and not any(name == w or name.startswith(w + "/") for w in bundle.WITHHELD)]
    assert not undecided, f"decide whether students get these (bundle.SHIPPED or WITHHELD): {undecided}"


def test_the_bundle_holds_what_students_use_and_passes_its_check(handout):
    for name in ("README.md", "requirements.txt", "pyproject.toml", "course_utils/checks/sealed.json",
                 "data/ner_train.conll", "notebooks/01_text_as_integers_and_embeddings.ipynb",
                 "exercises/ex03_2_gru_step.ipynb"):
        assert (handout / name).is_file(), name
    for name in bundle.WITHHELD:
        assert not (handout / name).exists(), name
    problems, notes = bundle.problems_of(handout)
    assert problems == []
    assert sorted(note.split(" holds")[0].split("/course/")[1] for note in notes) == \
        ["course_utils/decoding.py", "course_utils/layers.py"]        # the two references, by design


def test_the_check_finds_a_withheld_folder(handout, tmp_path):
    copy = fresh_copy(handout, tmp_path)
    shutil.copytree(ROOT / "answers", copy / "answers")
    problems, _ = bundle.problems_of(copy)
    assert any("answers is in the bundle" in p for p in problems)


def test_the_check_finds_an_answer_pasted_into_a_notebook(handout, tmp_path):
    copy = fresh_copy(handout, tmp_path)
    path = copy / "notebooks" / "03_gru_and_lstm.ipynb"
    nb = nbformat.read(path, as_version=4)
    solution = nbformat.read(ROOT / "solutions" / "ex06_1_masked_pooling.ipynb", as_version=4)
    answer = next(c.source for c in solution.cells if "BEGIN SOLUTION" in c.source and c.cell_type == "code")
    nb.cells.append(nbformat.v4.new_code_cell(answer.replace("### BEGIN SOLUTION", "").replace("### END SOLUTION",
                                                                                                ""), id="pasted"))
    nbformat.write(nb, path)
    problems, _ = bundle.problems_of(copy)
    assert [p for p in problems if "03_gru_and_lstm.ipynb: holds lines of an answer in ex06_1" in p], problems


def test_the_check_finds_a_solution_saved_as_the_exercise(handout, tmp_path):
    copy = fresh_copy(handout, tmp_path)
    shutil.copy(ROOT / "solutions" / "ex01_embedding_dimensions.ipynb", copy / "exercises")
    problems, _ = bundle.problems_of(copy)
    assert any("ex01_embedding_dimensions.ipynb differs from what" in p for p in problems)
    assert any("a solution marker" in p for p in problems)


def test_the_bundle_is_written_into_a_new_folder_only(handout):
    with pytest.raises(FileExistsError):
        bundle.write(handout)

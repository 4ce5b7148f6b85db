import pytest

from course_utils import datasets
from course_utils.datasets import DataFormatError, load_sentences, word_context_corpus


def test_corpus_generator_is_deterministic_and_seeded():
    assert word_context_corpus(200, seed=5) == word_context_corpus(200, seed=5)
    assert word_context_corpus(200, seed=5) != word_context_corpus(200, seed=6)


def test_shipped_data_files_match_their_generators(capsys):
    assert datasets.main(["--check"]) == 0


def test_check_reports_a_stale_data_file(tmp_path, capsys):
    assert datasets.main(["--data-dir", str(tmp_path)]) == 0
    (tmp_path / "word_context_corpus.txt").write_text("edited\n", encoding="utf-8")
    assert datasets.main(["--check", "--data-dir", str(tmp_path)]) == 1
    assert "word_context_corpus.txt" in capsys.readouterr().out


def test_every_corpus_sentence_names_one_known_noun():
    for sentence in word_context_corpus(300, seed=1):
        nouns = [w for w in sentence.split() if w in datasets.GROUPS]
        assert len(nouns) == 1, sentence


def test_person_sentences_carry_one_cue_per_attribute():
    for sentence in word_context_corpus(300, seed=2):
        words = sentence.split()
        person = [w for w in words if w in datasets.PEOPLE]
        if person:
            for attribute in datasets.PEOPLE[person[0]]:
                assert sum(w in datasets.PERSON_CONTEXT[attribute] for w in words) == 1


def test_load_sentences_round_trip(tmp_path):
    path = tmp_path / "ok.txt"
    path.write_text("η βασίλισσα\nthe king\n", encoding="utf-8")
    assert load_sentences(path) == ["η βασίλισσα", "the king"]


@pytest.mark.parametrize("content, line, problem", [
    (b"", None, "the file is empty"),
    (b"  \n\n", None, "the file is empty"),
    (b"good\n\nafter blank\n", 2, "blank line"),
    (b"good\nbad \xff byte\n", 2, "byte 0xff at column 5 is not valid UTF-8"),
])
def test_malformed_files_name_file_line_and_problem(tmp_path, content, line, problem):
    path = tmp_path / "corpus.txt"
    path.write_bytes(content)
    with pytest.raises(DataFormatError) as error:
        load_sentences(path)
    assert error.value.line == line
    assert problem in str(error.value)
    assert str(error.value).startswith(f"{path}, line {line}: " if line else f"{path}: ")


def test_trigger_tagging_is_deterministic_and_the_left_context_decides():
    data = datasets.trigger_tagging(200, seed=4)
    assert data == datasets.trigger_tagging(200, seed=4)
    for tokens, tags in data:
        assert len(tokens) == len(tags)
        for i, tag in enumerate(tags):
            if tag != "O":
                assert tokens[i] in datasets.AMBIGUOUS_NAMES
                trigger = tokens[i - 1] if tokens[i - 1] not in datasets.ADJECTIVES else tokens[i - 2]
                assert trigger in datasets.TRIGGERS[tag]


def test_marked_value_task_labels_only_the_marked_sign():
    import numpy as np

    x, y = datasets.marked_value_task(500, lag=12, seed=3, spread=5)
    assert x.shape == (500, 17, 2) and y.shape == (500,)
    assert (x[:, :, 1].sum(axis=1) == 1).all()             # one marker per sequence
    position = x[:, :, 1].argmax(axis=1)
    assert (position < 5).all()                            # at least `lag` steps before the end
    assert (y == (x[np.arange(500), position, 0] > 0)).all()
    assert 0.4 < y.mean() < 0.6                            # balanced: chance is 0.5
    again, _ = datasets.marked_value_task(500, lag=12, seed=3, spread=5)
    assert np.array_equal(x, again)

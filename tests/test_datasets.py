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


# --- CoNLL files -------------------------------------------------------------------

from course_utils.datasets import format_conll, load_conll, ner_corpus  # noqa: E402


def test_conll_round_trip_keeps_tokens_tags_and_comments(tmp_path):
    sentences = [["Η", "Μαρία", "ζει", "στην", "Αθήνα", "."], ["Smith", "Motors", "rose"]]
    tags = [["O", "B-PER", "O", "O", "B-LOC", "O"], ["B-ORG", "I-ORG", "O"]]
    comments = [{"context": "left"}, {"context": "right"}]
    path = tmp_path / "x.conll"
    path.write_text(format_conll(sentences, tags, comments), encoding="utf-8")
    assert load_conll(path, with_comments=True) == (sentences, tags, comments)
    assert load_conll(path) == (sentences, tags)


@pytest.mark.parametrize("content, line, problem", [
    ("", None, "the file is empty"),
    ("John\tB-PER\tNNP\n", 1, "expected 2 tab-separated columns (token, tag), found 3"),
    ("John B-PER\n", 1, "expected 2 tab-separated columns (token, tag), found 1"),
    ("John\tB-PER\nsmiled\tB-MISC\n", 2, "unknown tag 'B-MISC'"),
    ("the\tO\nSmith\tI-ORG\n", 2, "I-ORG does not continue an entity (after O)"),
    ("John\tB-PER\nSmith\tI-ORG\n", 2, "I-ORG does not continue an entity (after B-PER)"),
    ("I-PER\tI-PER\n", 1, "I-PER does not continue an entity (after the start of the sentence)"),
    ("ok\tO\n\n# context: left\n\n", 3, "comment lines with no sentence after them"),
])
def test_malformed_conll_names_file_line_and_problem(tmp_path, content, line, problem):
    path = tmp_path / "bad.conll"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFormatError) as error:
        load_conll(path)
    assert error.value.line == line, str(error.value)
    assert problem in str(error.value)
    assert str(error.value).startswith(f"{path}, line {line}: " if line else f"{path}: ")


def test_conll_non_utf8_bytes_are_located(tmp_path):
    path = tmp_path / "latin1.conll"
    path.write_bytes("the\tO\nΑθήνα\tB-LOC\n".encode("utf-8") + "Zürich\tB-LOC\n".encode("latin-1"))
    with pytest.raises(DataFormatError, match=r"line 3: byte 0xfc at column 2 is not valid UTF-8"):
        load_conll(path)


def test_lenient_mode_accepts_a_dangling_i_tag(tmp_path):
    path = tmp_path / "lenient.conll"
    path.write_text("the\tO\nSmith\tI-ORG\n", encoding="utf-8")
    assert load_conll(path, strict=False) == ([["the", "Smith"]], [["O", "I-ORG"]])


def test_shipped_ner_files_load_and_hold_greek_and_right_context_sentences():
    for split, (size, _) in datasets.NER_SPLITS.items():
        sentences, tags, comments = load_conll(datasets.DATA_DIR / f"ner_{split}.conll", with_comments=True)
        assert len(sentences) == size
        assert any(any("\u0370" <= ch <= "\u03ff" for ch in " ".join(s)) for s in sentences)
        assert {c["context"] for c in comments} == {"left", "right"}


def test_right_context_decides_the_type_so_the_ceiling_is_one():
    """In 'right' sentences the entity word says nothing; the words after it decide, always the same way."""
    corpus = ner_corpus(3000, seed=5)
    by_continuation, by_word = {}, {}
    for tokens, tags, context in corpus:
        if context == "right":
            by_continuation.setdefault(tuple(tokens[1:]), set()).add(tags[0])
            by_word.setdefault(tokens[0], set()).add(tags[0])
    assert all(len(types) == 1 for types in by_continuation.values())
    assert sum(len(types) == 3 for types in by_word.values()) >= 0.8 * len(by_word)  # the word alone: ambiguous

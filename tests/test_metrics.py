import numpy as np
import pytest

from course_utils.metrics import empirical_ceiling, max_pooling_top_word, span_scores


def test_span_scores_count_whole_entities_only():
    true = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "I-ORG", "O"]]
    pred = [["B-PER", "O", "O", "B-LOC"], ["B-ORG", "I-ORG", "O"]]   # PER boundary wrong
    scores = span_scores(true, pred)
    assert scores["LOC"]["f1"] == 1.0 and scores["ORG"]["f1"] == 1.0
    assert scores["PER"]["precision"] == 0.0 and scores["PER"]["recall"] == 0.0
    assert scores["overall"]["precision"] == pytest.approx(2 / 3)
    assert scores["overall"]["recall"] == pytest.approx(2 / 3)
    assert scores["overall"]["support"] == 3


def test_wrong_type_is_a_miss_and_a_false_alarm():
    scores = span_scores([["B-PER", "O"]], [["B-ORG", "O"]])
    assert scores["overall"]["f1"] == 0.0
    assert scores["PER"]["support"] == 1 and scores["ORG"]["support"] == 0


def test_length_mismatch_is_refused():
    with pytest.raises(ValueError, match="same number of sentences and tokens"):
        span_scores([["O", "O"]], [["O"]])


def test_max_pooling_top_word_counts_the_dimensions_each_word_wins_and_ignores_padding():
    states = np.array([[0.9, 0.1, 0.2],     # word 0 wins dimension 0
                       [0.1, 0.8, 0.7],     # word 1 wins dimensions 1 and 2
                       [5.0, 5.0, 5.0]])    # padding: would win everything
    assert max_pooling_top_word(states, length=2) == 1
    assert max_pooling_top_word(states[:, :1], length=2) == 0


def test_empirical_ceiling_lets_each_input_keep_only_its_most_frequent_label():
    assert empirical_ceiling(["a b", "c", "d"], ["x", "y", "x"]) == 1.0
    # "a b" three times: twice x, once y -> at most 2 of those 3 right; "c" once -> right
    assert empirical_ceiling(["a b", "a b", "c", "a b"], ["x", "y", "y", "x"]) == 0.75
    with pytest.raises(ValueError):
        empirical_ceiling(["a"], [])

import pytest

from course_utils.metrics import span_scores


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

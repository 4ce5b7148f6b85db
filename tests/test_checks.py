import pytest

from course_utils import checks

RIGHT = dict(x=(10_000, 1), E=(300, 10_000), Ex=(300, 1), keras_weight=(10_000, 300),
             parameters=3_000_000)


def lines(result):
    return str(result).splitlines()


def test_all_right_passes():
    result = checks.ex01(**RIGHT)
    assert result.passed
    assert str(result) == "Exercise 01 (embedding dimensions): PASSED (5 of 5 right)"
    assert repr(result) == str(result)


def test_nothing_answered_says_not_attempted():
    result = checks.ex01()
    assert not result.passed and not result.attempted
    assert "NOT YET - not attempted" in str(result)


def test_partly_answered_lists_each_item():
    result = checks.ex01(x=(10_000, 1))
    assert lines(result)[0].endswith("NOT YET (1 of 5 right)")
    assert "  x: right" in lines(result)
    assert "  E: not attempted" in lines(result)


@pytest.mark.parametrize("item, wrong, hint", [
    ("x", (300, 1), "rows = 300 is off: it should be the vocabulary size |V|"),
    ("E", (300, 5_000), "columns = 5000 is off: it should be the vocabulary size |V|"),
    ("E", (10, 20), "rows = 10 is off: it should be the number of features d; columns = 20 is off"),
    ("Ex", (300, 10_000), "columns = 10000 is off: it should be the columns of x (1)"),
    ("keras_weight", (10_000, 30), "columns = 30 is off: it should be output_dim, the features d"),
    ("parameters", 3_000, "3,000 is off: it should be the number of entries of E"),
])
def test_each_wrong_item_names_the_item_and_the_dimension(item, wrong, hint):
    result = checks.ex01(**{**RIGHT, item: wrong})
    assert not result.passed
    assert lines(result)[0].endswith("NOT YET (4 of 5 right)")
    assert any(line.startswith(f"  {item}: ") and hint in line for line in lines(result)), str(result)


@pytest.mark.parametrize("item, swapped, explanation", [
    ("E", (10_000, 300), "vocabulary x features is how Keras stores it"),
    ("keras_weight", (300, 10_000), "the transpose of the slides' E"),
    ("x", (1, 10_000), "vectors are columns"),
])
def test_a_transposed_answer_is_recognised_as_the_convention_mix_up(item, swapped, explanation):
    result = checks.ex01(**{**RIGHT, item: swapped})
    line = next(l for l in lines(result) if l.startswith(f"  {item}: "))
    assert "rows and columns are swapped" in line and explanation in line


@pytest.mark.parametrize("item, value, message", [
    ("E", "300x10000", "expected (rows, cols), got '300x10000' (str)"),
    ("E", (300, 10_000, 1), "expected 2 numbers (rows, cols), got 3"),
    ("E", (300,), "expected 2 numbers (rows, cols), got 1"),
    ("E", (-300, 10_000), "dimensions must be positive whole numbers"),
    ("E", (300.0, 10_000), "dimensions must be positive whole numbers"),
    ("E", (True, 10_000), "dimensions must be positive whole numbers"),
    ("parameters", "3000000", "expected a whole number, got '3000000' (str)"),
    ("parameters", 3e6, "expected a whole number, got 3000000.0 (float)"),
])
def test_wrong_types_get_a_message_not_a_traceback(item, value, message):
    result = checks.ex01(**{**RIGHT, item: value})
    assert not result.passed
    assert any(line.startswith(f"  {item}: ") and message in line for line in lines(result)), str(result)


def test_numpy_integers_and_lists_are_accepted():
    import numpy as np

    assert checks.ex01(**{**RIGHT, "E": [np.int64(300), 10_000]}).passed


def test_feedback_is_deterministic():
    answers = {**RIGHT, "E": (10_000, 300), "parameters": 1}
    assert str(checks.ex01(**answers)) == str(checks.ex01(**answers))


# --- Every registered check: right, each item wrong, transposed, unanswered, wrong type --

ALL = sorted(checks.REGISTRY)


def right_answers(spec):
    return {name: rule.expected for name, rule in spec.items()}


def item_line(result, item):
    return next(line for line in lines(result) if line.startswith(f"  {item}: "))


# That the right answers pass is tested in test_exercise_answers.py, with answers read off real Keras models.


@pytest.mark.parametrize("name", ALL)
def test_registered_check_unanswered_is_not_attempted(name):
    function, spec = checks.REGISTRY[name]
    assert "NOT YET - not attempted" in str(function())
    first = next(iter(spec))
    partial = function(**{first: spec[first].expected})
    assert all(item_line(partial, item) == f"  {item}: not attempted" for item in list(spec)[1:])


@pytest.mark.parametrize("name, item", [(n, i) for n in ALL for i in checks.REGISTRY[n][1]])
def test_registered_check_names_each_wrong_item(name, item):
    function, spec = checks.REGISTRY[name]
    rule = spec[item]
    if isinstance(rule, checks.Choice):
        wrong = next(o for o in rule.options if o != rule.expected and o not in dict(rule.mistakes))
    else:
        wrong = (rule.expected[0] + 7, *rule.expected[1:]) if isinstance(rule, checks.Shape) else rule.expected + 7
    result = function(**{**right_answers(spec), item: wrong})
    assert not result.passed
    line = item_line(result, item)
    assert "is off" in line and "should be" in line
    others = [i for i in spec if i != item]
    assert all(item_line(result, i) == f"  {i}: right" for i in others)


@pytest.mark.parametrize("name, item", [(n, i) for n in ALL for i, rule in checks.REGISTRY[n][1].items()
                                        if isinstance(rule, checks.Shape) and len(rule.expected) == 2
                                        and rule.expected[0] != rule.expected[1]])
def test_registered_check_recognises_a_transposed_shape(name, item):
    function, spec = checks.REGISTRY[name]
    result = function(**{**right_answers(spec), item: spec[item].expected[::-1]})
    assert "rows and columns are swapped" in item_line(result, item)


@pytest.mark.parametrize("name", ALL)
def test_registered_check_explains_wrong_types(name):
    function, spec = checks.REGISTRY[name]
    for item, rule in spec.items():
        too_many = tuple(range(1, len(rule.expected) + 2)) if isinstance(rule, checks.Shape) else (1, 2, 3)
        for bad in ("300", too_many, -4, 2.5):
            result = function(**{**right_answers(spec), item: bad})
            assert not result.passed
            assert "expected" in item_line(result, item) or "positive whole" in item_line(result, item)


@pytest.mark.parametrize("call, item, hint", [
    (lambda: checks.ex22_1(**{**right_answers(checks.EX22_1_SPEC), "W_h": (500, 300)}), "W_h",
     "that is the shape of W(e)"),
    (lambda: checks.ex22_3(**{**right_answers(checks.EX22_3_SPEC), "U_z_m": (128, 128)}), "U_z_m",
     "both directions of layer m-1"),
    (lambda: checks.ex03_1(**{**right_answers(checks.EX03_1_SPEC), "gru": 31_680}), "gru",
     "that is reset_after=False"),
    (lambda: checks.ex02_1(**{**right_answers(checks.EX02_1_SPEC), "W_a": (128, 100)}), "W_a",
     "side by side"),
])
def test_common_mistakes_get_a_specific_hint(call, item, hint):
    assert hint in item_line(call(), item)

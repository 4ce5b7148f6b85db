import inspect
import os
import pathlib
import subprocess
import sys

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


def some_wrong(spec):
    """Every other item wrong (a transposed or enlarged shape, a count + 7, another symbol), the rest right."""
    answers = {}
    for position, (name, rule) in enumerate(spec.items()):
        if position % 2:
            answers[name] = rule.expected
        elif isinstance(rule, checks.Choice):
            answers[name] = next(option for option in rule.options if option != rule.expected)
        elif isinstance(rule, checks.Shape):
            answers[name] = (rule.expected[0] + 7, *rule.expected[1:])
        else:
            answers[name] = rule.expected + 7
    return answers


FEEDBACK_PROGRAM = """
import sys
from course_utils import checks
from tests.test_checks import some_wrong
for judge in checks.REGISTRY.values():
    print(judge(**some_wrong(judge.spec)))
"""


@pytest.mark.parametrize("hash_seed", ["0", "12345"])
def test_feedback_is_the_same_text_in_every_process(hash_seed):
    """The text of every check may not depend on string hashing (the order of a set), which changes between
    processes: two hash seeds give the text this process gives."""
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    shown = subprocess.run([sys.executable, "-c", FEEDBACK_PROGRAM], env=env, capture_output=True, text=True,
                           check=True, cwd=pathlib.Path(__file__).parent.parent)
    here = "".join(f"{judge(**some_wrong(judge.spec))}\n" for judge in checks.REGISTRY.values())
    assert "is off" in here and shown.stdout == here


def test_a_check_takes_its_answers_by_the_spec_names():
    signature = inspect.signature(checks.ex01)
    assert list(signature.parameters) == list(checks.ex01.spec) == ["x", "E", "Ex", "keras_weight", "parameters"]
    assert all(p.default is ... for p in signature.parameters.values())
    assert checks.ex01(*RIGHT.values()).passed                    # in the statement's order, as before
    assert checks.ex01.__name__ == "ex01" and "embedding" in checks.ex01.__doc__
    assert checks.ex01.__module__ == "course_utils.checks.ex01_embedding_dimensions"


def test_an_unknown_answer_name_lists_the_right_ones():
    with pytest.raises(TypeError, match=r"ex01\(\) has no answer named 'e'; its answers are: x, E, Ex, keras_weight"):
        checks.ex01(e=(300, 1))
    with pytest.raises(TypeError, match="multiple values"):
        checks.ex01((10_000, 1), x=(10_000, 1))


# --- Every registered check: right, each item wrong, transposed, unanswered, wrong type --

ALL = sorted(checks.REGISTRY)


def right_answers(spec):
    return {name: rule.expected for name, rule in spec.items()}


def item_line(result, item):
    return next(line for line in lines(result) if line.startswith(f"  {item}: "))


# That the right answers pass is tested in test_exercise_answers.py, with answers read off real Keras models.


@pytest.mark.parametrize("name", ALL)
def test_registered_check_unanswered_is_not_attempted(name):
    function = checks.REGISTRY[name]
    spec = function.spec
    assert "NOT YET - not attempted" in str(function())
    first = next(iter(spec))
    partial = function(**{first: spec[first].expected})
    assert all(item_line(partial, item) == f"  {item}: not attempted" for item in list(spec)[1:])


@pytest.mark.parametrize("name, item", [(n, i) for n in ALL for i in checks.REGISTRY[n].spec])
def test_registered_check_names_each_wrong_item(name, item):
    function = checks.REGISTRY[name]
    spec = function.spec
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


@pytest.mark.parametrize("name, item", [(n, i) for n in ALL for i, rule in checks.REGISTRY[n].spec.items()
                                        if isinstance(rule, checks.Shape) and len(rule.expected) == 2
                                        and rule.expected[0] != rule.expected[1]])
def test_registered_check_recognises_a_transposed_shape(name, item):
    function = checks.REGISTRY[name]
    spec = function.spec
    result = function(**{**right_answers(spec), item: spec[item].expected[::-1]})
    assert "rows and columns are swapped" in item_line(result, item)


@pytest.mark.parametrize("name", ALL)
def test_registered_check_explains_wrong_types(name):
    function = checks.REGISTRY[name]
    spec = function.spec
    for item, rule in spec.items():
        too_many = tuple(range(1, len(rule.expected) + 2)) if isinstance(rule, checks.Shape) else (1, 2, 3)
        for bad in ("300", too_many, -4, 2.5):
            result = function(**{**right_answers(spec), item: bad})
            assert not result.passed
            assert "expected" in item_line(result, item) or "positive whole" in item_line(result, item)


@pytest.mark.parametrize("call, item, hint", [
    (lambda: checks.ex22_1(**{**right_answers(checks.ex22_1.spec), "W_h": (500, 300)}), "W_h",
     "that is the shape of W(e)"),
    (lambda: checks.ex22_3(**{**right_answers(checks.ex22_3.spec), "U_z_m": (128, 128)}), "U_z_m",
     "both directions of layer m-1"),
    (lambda: checks.ex03_1(**{**right_answers(checks.ex03_1.spec), "gru": 31_680}), "gru",
     "that is reset_after=False"),
    (lambda: checks.ex02_1(**{**right_answers(checks.ex02_1.spec), "W_a": (128, 100)}), "W_a",
     "side by side"),
])
def test_common_mistakes_get_a_specific_hint(call, item, hint):
    assert hint in item_line(call(), item)

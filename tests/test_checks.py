import inspect
import os
import pathlib
import re
import subprocess
import sys

import pytest

import answers
from course_utils import checks
from course_utils.checks import core

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


def test_partly_answered_lists_what_is_missing_then_what_is_right():
    result = checks.ex01(x=(10_000, 1))
    assert lines(result) == ["Exercise 01 (embedding dimensions): NOT YET (0 off, 1 of 5 right)",
                             "  not attempted yet: E, Ex, keras_weight, parameters", "  right: x"]


def test_wrong_items_come_first_in_the_order_of_the_statement_then_one_line_of_right_ones():
    result = checks.ex01(**{**RIGHT, "parameters": 3, "x": (300, 1), "Ex": ...})
    assert [line.split(":")[0] for line in lines(result)[1:]] == ["  x", "  parameters", "  not attempted yet",
                                                                  "  right"]
    assert lines(result)[-1] == "  right: E, keras_weight"


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
    assert lines(result)[0].endswith("NOT YET (1 off, 4 of 5 right)")
    assert lines(result)[1].startswith(f"  {item}: ") and hint in lines(result)[1], str(result)


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
import answers
from course_utils import checks
from tests.test_checks import some_wrong
for judge in checks.REGISTRY.values():
    print(judge(**some_wrong(answers.REGISTRY[judge.__name__].spec)))
"""


@pytest.mark.parametrize("hash_seed", ["0", "12345"])
def test_feedback_is_the_same_text_in_every_process(hash_seed):
    """The text of every check may not depend on string hashing (the order of a set), which changes between
    processes: two hash seeds give the text this process gives."""
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    shown = subprocess.run([sys.executable, "-c", FEEDBACK_PROGRAM], env=env, capture_output=True, text=True,
                           check=True, cwd=pathlib.Path(__file__).parent.parent)
    here = "".join(f"{judge(**some_wrong(answers.REGISTRY[name].spec))}\n" for name, judge in checks.REGISTRY.items())
    assert "is off" in here and shown.stdout == here


def test_a_check_takes_its_answers_by_the_spec_names():
    signature = inspect.signature(checks.ex01)
    assert list(signature.parameters) == list(checks.ex01.spec) == ["x", "E", "Ex", "keras_weight", "parameters"]
    assert all(p.default is ... for p in signature.parameters.values())
    assert checks.ex01(*RIGHT.values()).passed                    # in the statement's order, as before
    assert checks.ex01.__name__ == "ex01" and "embedding" in checks.ex01.__doc__
    assert checks.ex01.__module__ == "course_utils.checks.sealed"
    assert answers.ex01.__module__ == "answers.ex01_embedding_dimensions"


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
    spec = answers.REGISTRY[name].spec
    assert "NOT YET - not attempted" in str(function())
    first = next(iter(spec))
    partial = function(**{first: spec[first].expected})
    assert lines(partial)[1:] == [f"  not attempted yet: {', '.join(list(spec)[1:])}", f"  right: {first}"]


@pytest.mark.parametrize("name, item", [(n, i) for n in ALL for i in checks.REGISTRY[n].spec])
def test_registered_check_names_each_wrong_item(name, item):
    function = checks.REGISTRY[name]
    spec = answers.REGISTRY[name].spec
    rule = spec[item]
    if isinstance(rule, checks.Choice):
        wrong = next(o for o in rule.options if o != rule.expected and o not in dict(rule.mistakes))
    else:
        wrong = (rule.expected[0] + 7, *rule.expected[1:]) if isinstance(rule, checks.Shape) else rule.expected + 7
    result = function(**{**right_answers(spec), item: wrong})
    assert not result.passed
    line = lines(result)[1]          # the wrong item is the first line after the verdict
    assert line.startswith(f"  {item}: ") and "is off" in line
    assert "should be" in line or isinstance(rule, checks.Choice)   # a symbol's hint says why instead
    assert "should be the " not in line or not isinstance(rule, checks.Choice)
    assert lines(result)[2:] == [f"  right: {', '.join(i for i in spec if i != item)}"]


@pytest.mark.parametrize("name, item", [(n, i) for n in ALL for i, rule in answers.REGISTRY[n].spec.items()
                                        if isinstance(rule, checks.Shape) and len(rule.expected) == 2
                                        and rule.expected[0] != rule.expected[1]])
def test_registered_check_recognises_a_transposed_shape(name, item):
    function = checks.REGISTRY[name]
    spec = answers.REGISTRY[name].spec
    result = function(**{**right_answers(spec), item: spec[item].expected[::-1]})
    assert "rows and columns are swapped" in item_line(result, item)


@pytest.mark.parametrize("name", ALL)
def test_registered_check_explains_wrong_types(name):
    function = checks.REGISTRY[name]
    spec = answers.REGISTRY[name].spec
    for item, rule in spec.items():
        too_many = tuple(range(1, len(rule.expected) + 2)) if isinstance(rule, checks.Shape) else (1, 2, 3)
        for bad in ("300", too_many, -4, 2.5):
            result = function(**{**right_answers(spec), item: bad})
            assert not result.passed
            assert "expected" in item_line(result, item) or "positive whole" in item_line(result, item)


@pytest.mark.parametrize("call, item, hint", [
    (lambda: checks.ex22_1(**{**right_answers(answers.ex22_1.spec), "W_h": (500, 300)}), "W_h",
     "that is the shape of W(e)"),
    (lambda: checks.ex22_3(**{**right_answers(answers.ex22_3.spec), "U_z_m": (128, 128)}), "U_z_m",
     "both directions of layer m-1"),
    (lambda: checks.ex03_1(**{**right_answers(answers.ex03_1.spec), "gru": 31_680}), "gru",
     "that is reset_after=False"),
    (lambda: checks.ex02_1(**{**right_answers(answers.ex02_1.spec), "W_a": (128, 100)}), "W_a",
     "side by side"),
])
def test_common_mistakes_get_a_specific_hint(call, item, hint):
    assert hint in item_line(call(), item)


def test_a_wrong_root_is_named_first_with_what_follows_from_it():
    spec = answers.ex09_1.spec
    result = checks.ex09_1(**{**right_answers(spec), "h_j": (256, 1), "z_t": (256, 1), "W_a_additive": (128, 768)})
    assert lines(result)[1] == "  fix h_j first: z_t, W_a_additive follow from it"
    assert [line.split(":")[0] for line in lines(result)[2:5]] == ["  h_j", "  z_t", "  W_a_additive"]
    alone = checks.ex09_1(**{**right_answers(spec), "h_j": (256, 1)})
    assert "fix h_j first" not in str(alone), "with nothing following, the root is just one wrong item"
    follower = checks.ex09_1(**{**right_answers(spec), "z_t": (256, 1)})
    assert "first" not in str(follower)


def test_follows_may_only_name_answers_of_the_spec():
    with pytest.raises(ValueError, match=r"\['z_t'\]"):
        core.exercise("exX", "X", {"h_j": core.vector(2, "two")}, {}, "doc", follows={"h_j": ("z_t",)})


@pytest.mark.parametrize("spelling", ["h_fwd(m)_i-1", "h_fwd(m)_i - 1", " H_FWD(m)_I-1 ", "h_fwd(m)_i\u22121",
                                      "h_fwd (m) _i\u20131"])
def test_a_symbol_is_accepted_with_spaces_case_and_unicode_minus(spelling):
    result = checks.ex22_3(forward_m_previous=spelling)
    assert lines(result)[-1] == "  right: forward_m_previous", str(result)


def test_the_layer_in_parentheses_keeps_its_case():
    """(M) is the top layer, (m) any layer: folding their case would accept a wrong answer."""
    result = checks.ex22_3(attention_reads="h(m)_i")
    assert "expected one of the symbols" in item_line(result, "attention_reads")
    assert "right: attention_reads" in checks.ex22_3(attention_reads="H(M)_I").__str__()


def test_a_symbol_typed_without_quotes_is_explained():
    assert "a string in quotes" in item_line(checks.ex22_3(forward_1_input=3), "forward_1_input")


@pytest.mark.parametrize("name", ALL)
def test_answers_are_judged_in_the_order_the_solution_asks_for_them(name):
    """The spec's order is the feedback's order; the solution's answer cells follow the statement."""
    function = checks.REGISTRY[name]
    module = answers.REGISTRY[name].__module__.rsplit(".", 1)[-1]
    twin = (pathlib.Path(__file__).resolve().parent.parent / "twins" / "solutions" / f"{module}.py").read_text()
    assigned = [m.group(1) for m in re.finditer(r"^(\w+) = .*# SOLUTION$", twin, flags=re.MULTILINE)]
    assert [a for a in assigned if a in function.spec] == list(function.spec)


@pytest.mark.parametrize("name", ALL)
def test_the_statement_says_how_to_write_each_kind_of_answer(name):
    """A student should not have to guess that 22.3's symbols are strings (typed bare they are a SyntaxError)."""
    function = checks.REGISTRY[name]
    module = answers.REGISTRY[name].__module__.rsplit(".", 1)[-1]
    twin = (pathlib.Path(__file__).resolve().parent.parent / "twins" / "solutions" / f"{module}.py").read_text()
    how = re.search(r"\*\*How to answer\.\*\*(.*?)\n#?\n", twin, flags=re.DOTALL)
    assert how, "the statement has no **How to answer.** paragraph"
    kinds = {type(rule) for rule in function.spec.values()}
    for kind, words in ((checks.Shape, "a shape is a tuple"), (checks.Count, "a count is a whole number"),
                        (checks.Choice, "a string in quotes")):
        assert (words in " ".join(how.group(1).replace("#", " ").split())) == (kind in kinds), (kind, words)

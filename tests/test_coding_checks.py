"""The coding exercises' checks: a right function passes, each known mistake is named, bad code never raises.

Each mistaken function below is one a student could write; the check must recognise it from its outputs alone.
"""
import numpy as np
import pytest

import course_utils as cu
from course_utils.checks import coding
from course_utils.checks.core import CORRECT, INVALID, NOT_ATTEMPTED, WRONG
from course_utils.numpy_rnn import sigmoid

cu.setup(seed=0)


def gru(h, e, p, swap_z=False, reset="after", candidate_only=False):
    z = sigmoid(p["W_z"] @ h + p["U_z"] @ e + p["b_z"])
    r = sigmoid(p["W_r"] @ h + p["U_r"] @ e + p["b_r"])
    state = {"after": r * (p["W_h"] @ h), "before": p["W_h"] @ (r * h), "none": p["W_h"] @ h}[reset]
    h_cand = np.tanh(state + p["W_e"] @ e + p["b_h"])
    if candidate_only:
        return h_cand
    return (1 - z) * h + z * h_cand if swap_z else z * h + (1 - z) * h_cand


def lstm(h, c, e, p, slip=False, swap_if=False, no_q=False, no_tanh=False, sigmoid_candidate=False):
    gate = {g: p[f"W_{g}"] @ h + p[f"U_{g}"] @ e + p[f"b_{g}"] for g in "ifcq"}
    i, f, q = sigmoid(gate["i"]), sigmoid(gate["f"]), sigmoid(gate["q"])
    c_cand = sigmoid(gate["c"]) if sigmoid_candidate else np.tanh(gate["c"])
    if swap_if:
        i, f = f, i
    c_new = f * c + i * c_cand
    squashed = np.tanh(c_cand) if slip else c_new if no_tanh else np.tanh(c_new)
    return (squashed if no_q else q * squashed), c_new


GRU_MISTAKES = [
    (dict(swap_z=True), "z and 1 - z are swapped"),
    (dict(reset="before"), "the reset gate acts before W(h)"),
    (dict(reset="none"), "the candidate h~_t ignores the reset gate"),
    (dict(swap_z=True, reset="before"), "both: z and 1 - z swapped, and the reset before W(h)"),
    (dict(candidate_only=True), "it returns the candidate h~_t"),
]
LSTM_MISTAKES = [
    (dict(slip=True), "h_t squashes the candidate"),
    (dict(swap_if=True), "the input and forget gates are swapped"),
    (dict(no_q=True), "h_t has no output gate"),
    (dict(no_tanh=True), "h_t misses the tanh"),
    (dict(sigmoid_candidate=True), "the candidate c~_t needs tanh"),
]


def lines(result):
    return str(result).splitlines()


def test_a_right_gru_step_passes():
    result = cu.checks.ex03_2(lambda h, e, p: gru(h, e, p))
    assert result.passed, result
    assert str(result) == "Exercise 03.2 (one GRU step): PASSED (3 of 3 right)"


def test_a_right_lstm_step_passes():
    assert cu.checks.ex03_3(lambda h, c, e, p: lstm(h, c, e, p)).passed


@pytest.mark.parametrize("options, named", GRU_MISTAKES, ids=[n for _, n in GRU_MISTAKES])
def test_each_gru_mistake_is_named(options, named):
    result = cu.checks.ex03_2(lambda h, e, p: gru(h, e, p, **options))
    assert not result.passed
    assert result.items[0].status == WRONG      # the limiting cases (r ≈ 1) cannot see where the reset acts
    assert named in lines(result)[1], result


@pytest.mark.parametrize("options, named", LSTM_MISTAKES, ids=[n for _, n in LSTM_MISTAKES])
def test_each_lstm_mistake_is_named(options, named):
    result = cu.checks.ex03_3(lambda h, c, e, p: lstm(h, c, e, p, **options))
    assert not result.passed and named in lines(result)[1], result


def test_the_limiting_cases_catch_a_step_that_is_right_only_for_random_weights():
    """A GRU that clips its gates to [0.01, 0.99] is within 1e-5 nowhere near z = 1 or z = 0."""
    def clipped(h, e, p):
        z = np.clip(sigmoid(p["W_z"] @ h + p["U_z"] @ e + p["b_z"]), 0.01, 0.99)
        r = sigmoid(p["W_r"] @ h + p["U_r"] @ e + p["b_r"])
        return z * h + (1 - z) * np.tanh(r * (p["W_h"] @ h) + p["W_e"] @ e + p["b_h"])
    result = cu.checks.ex03_2(clipped)
    assert [item.status for item in result.items][-1] == WRONG


def test_an_exception_is_reported_with_its_type_message_line_and_case_and_a_transpose_is_explained():
    result = cu.checks.ex03_2(lambda h, e, p: p["W_e"].T @ e)
    first = result.items[0]
    assert first.status == INVALID
    assert first.hint.startswith("it raised ValueError: matmul")
    assert "on the slides a weight matrix is out x in" in first.hint
    assert first.hint.endswith("(case: one column (d=3, u=4, B=1))")
    assert [item.hint for item in result.items[1:]] == ["the same as above"] * 2


def test_a_missing_key_lists_the_keys_of_the_dict():
    result = cu.checks.ex03_3(lambda h, c, e, p: p["W_o"])
    assert "KeyError: 'W_o'" in result.items[0].hint and "W_q, U_q, b_q" in result.items[0].hint


@pytest.mark.parametrize("function", [..., lambda h, e, p: None, lambda h, e, p: ...],
                         ids=["ellipsis", "returns None", "returns ..."])
def test_an_unwritten_function_is_not_attempted(function):
    result = cu.checks.ex03_2(function)
    assert all(item.status == NOT_ATTEMPTED for item in result.items)
    assert str(result) == ("Exercise 03.2 (one GRU step): NOT YET - not attempted: write the body of your function "
                           "(where it says ...) and run this cell again")


def test_not_implemented_is_not_attempted():
    def unwritten(h, e, p):
        raise NotImplementedError
    assert not cu.checks.ex03_2(unwritten).attempted


def test_a_call_instead_of_the_function_and_wrong_types_are_explained():
    assert "expected your function itself" in cu.checks.ex03_2(3).items[0].hint
    assert cu.checks.ex03_2(lambda h, e, p: "h").items[0].hint == "it returned an array of <U1, not of numbers"
    assert cu.checks.ex03_3(lambda h, c, e, p: h).items[0].hint == "it should return 2 arrays (a tuple), got ndarray"


def test_float32_and_a_transposed_result_are_named():
    assert cu.checks.ex03_2(lambda h, e, p: gru(h, e, p).astype("float32")).items[0].hint.startswith(
        "h_t is float32; the inputs are float64")
    assert "h_t has shape (1, 4); it should be (4, 1); a transpose?" in cu.checks.ex03_2(
        lambda h, e, p: gru(h, e, p).T).items[0].hint


def test_a_result_off_by_an_unnamed_mistake_says_where():
    result = cu.checks.ex03_2(lambda h, e, p: gru(h, e, p) + 0.01)
    assert result.items[0].hint.startswith("h_t is off: at index (")


def test_a_function_that_writes_into_its_inputs_does_not_change_the_next_case():
    def destructive(h, e, p):
        out = gru(h, e, p)
        for value in p.values():
            value[...] = 0.0
        return out
    assert cu.checks.ex03_2(destructive).passed


def test_the_feedback_is_the_same_on_every_call():
    wrong = lambda h, e, p: gru(h, e, p) * 1.1   # noqa: E731
    assert str(cu.checks.ex03_2(wrong)) == str(cu.checks.ex03_2(wrong))


def test_every_coding_check_is_registered_and_reachable_as_cu_checks_name():
    assert set(cu.checks.CODING) == {"ex02_2", "ex02_3", "ex03_2", "ex03_3", "ex06_1a", "ex06_1b", "ex07_1", "ex08_2",
                                     "ex09_2", "ex10_2"}
    for name, check in cu.checks.CODING.items():
        assert getattr(cu.checks, name) is check and check.tests


def test_the_engine_judges_a_case_of_several_outputs_by_each_name():
    case = coding.Case("a case", (1.0,), (np.zeros(2), np.ones(2)), output_names=("a", "b"))
    assert coding.judge_case(lambda x: (np.zeros(2), np.ones(2)), case, 1e-9) == (CORRECT, "")
    status, hint = coding.judge_case(lambda x: (np.zeros(2), np.zeros(2)), case, 1e-9)
    assert status == WRONG and hint.startswith("b is off")


def rnn_forward(x, mask, p, use_mask=True, zeros=False, transposed=False):
    W_h = p["W_h"].T if transposed else p["W_h"]
    h, states = np.zeros((W_h.shape[0], x.shape[0])), []
    for t in range(x.shape[1]):
        new = np.tanh(W_h @ h + p["W_e"] @ x[:, t, :].T + p["b"])
        h = np.where(mask[:, t], new, h) if use_mask else new
        states.append(h.T * (mask[:, t, None] if zeros else 1))
    return np.stack(states, axis=1)


@pytest.mark.parametrize("options, named", [
    ({}, None), (dict(use_mask=False), "the mask is ignored"), (dict(zeros=True), "the padded steps are zeros"),
    (dict(transposed=True), "W(h) is transposed")], ids=["right", "no mask", "zeros", "transposed"])
def test_the_rnn_forward_check_passes_the_right_loop_and_names_each_mistake(options, named):
    result = cu.checks.ex02_2(lambda x, mask, p: rnn_forward(x, mask, p, **options))
    assert result.passed if named is None else named in str(result), result


def masked_max(H, mask):
    return np.where(mask[:, :, None], H, -np.inf).max(axis=1)


def masked_mean(H, mask):
    return (H * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)


def test_the_pooling_checks_pass_the_right_functions_and_name_the_padding_mistakes():
    assert cu.checks.ex06_1a(masked_max).passed and cu.checks.ex06_1b(masked_mean).passed
    assert "the zeros at the padded steps win the maximum" in str(cu.checks.ex06_1a(lambda H, m: H.max(axis=1)))
    assert "it divides by the padded length T" in str(cu.checks.ex06_1b(lambda H, m: H.mean(axis=1)))
    assert "has shape (4, 5); it should be (3, 5)" in str(cu.checks.ex06_1a(lambda H, m: H.max(axis=0)))

"""The coding checks of lecture notebooks 02 and 07: backpropagation through time (ex02_3) and deep self-attention
(ex07_1). A right answer passes, each known mistake is named, bad code never raises, an unwritten body is not
attempted, and the checks are fast and leave the random state alone.

Each mistaken answer below is one a student could write; the check must recognise it from what it returns alone.
The answers here work in rows (Keras' layout, x @ W.T), the checks' own NumPy in columns: two ways to the same result.
"""
import random
import time

import numpy as np
import pytest

import course_utils as cu
from course_utils import numpy_rnn
from course_utils.checks import ex02_3_bptt as ex02_3
from course_utils.checks.core import CORRECT, INVALID, NOT_ATTEMPTED, WRONG

cu.setup(seed=0)     # before Keras is imported


def lines(result):
    return str(result).splitlines()


# ---- ex02_3: backpropagation through time ----------------------------------------------------------------------

def bptt(x, targets, p, recurrent=True, tanh_derivative=True, back_through="W_h.T", previous_state=True,
         dW_h_transposed=False, mean=False, sign=1.0):
    """BPTT as a student writes it, in rows (B x u), with one of the known mistakes switched on."""
    B, T, _ = x.shape
    C, u = p["W_o"].shape
    states, outputs = [np.zeros((B, u))], []
    for t in range(T):
        states.append(np.tanh(states[-1] @ p["W_h"].T + x[:, t] @ p["W_e"].T + p["b"].T))
        z = states[-1] @ p["W_o"].T + p["b_o"].T
        outputs.append(np.exp(z) / np.exp(z).sum(axis=1, keepdims=True))
    g = {key: np.zeros_like(value) for key, value in p.items()}
    future = np.zeros((B, u))                          # dL/da_{t+1} as rows
    for t in reversed(range(T)):
        d_z = sign * (outputs[t] - np.eye(C)[targets[:, t]])
        g["W_o"] += d_z.T @ states[t + 1]
        g["b_o"] += d_z.sum(axis=0)[:, None]
        back = future @ (p["W_h"] if back_through == "W_h.T" else p["W_h"].T)     # rows: (W_hᵀ d)ᵀ = dᵀ W_h
        d_h = d_z @ p["W_o"] + (back if recurrent else 0.0)
        d_a = (1 - states[t + 1] ** 2) * d_h if tanh_derivative else d_h
        state = states[t] if previous_state else states[t + 1]
        g["W_h"] += state.T @ d_a if dW_h_transposed else d_a.T @ state
        g["W_e"] += d_a.T @ x[:, t]
        g["b"] += d_a.sum(axis=0)[:, None]
        future = d_a
    return {key: value / (B * T if mean else 1) for key, value in g.items()}


BPTT_MISTAKES = [
    (dict(recurrent=False), "the gradient stops at its own step"),
    (dict(tanh_derivative=False), "the tanh's derivative is missing"),
    (dict(back_through="W_h"), "the gradient goes back through W(h), not W(h)ᵀ"),
    (dict(previous_state=False), "the gradient of W_h pairs dL/da_t with h_t"),
    (dict(dW_h_transposed=True), "the gradient of W_h is transposed"),
    (dict(mean=True), "the gradients are those of the mean loss"),
    (dict(sign=-1.0), "every gradient has the wrong sign"),
]


def test_a_right_bptt_passes_quickly_and_leaves_the_random_state_alone():
    state, numpy_state = random.getstate(), np.random.get_state()[1].copy()
    start = time.perf_counter()
    result = cu.checks.ex02_3(bptt)
    assert str(result) == "Exercise 02.3 (backpropagation through time): PASSED (3 of 3 right)", result
    assert time.perf_counter() - start < 3
    assert random.getstate() == state and np.array_equal(np.random.get_state()[1], numpy_state)


@pytest.mark.parametrize("options, named", BPTT_MISTAKES, ids=[n[:40] for _, n in BPTT_MISTAKES])
def test_each_bptt_mistake_is_named(options, named):
    result = cu.checks.ex02_3(lambda x, targets, p: bptt(x, targets, p, **options))
    assert not result.passed
    assert result.items[0].status == WRONG and lines(result)[1].startswith(f"  one sentence: {named}"), result


def test_dropping_the_recurrent_term_is_named_on_the_longer_sentences_too():
    result = cu.checks.ex02_3(lambda x, targets, p: bptt(x, targets, p, recurrent=False))
    assert [item.status for item in result.items] == [WRONG] * 3
    assert result.items[2].name == "longer sentences (T = 8)" and result.items[2].hint == "the same as above"


def test_the_reference_is_tensorflow_and_equals_the_kits_numpy_bptt():
    """GradientTape, the check's NumPy loop and cu.numpy_rnn.simple_rnn_backward agree in float64."""
    rng = np.random.default_rng(1)
    p = ex02_3.draw_parameters(rng, 3, 4, 3)
    x, targets = rng.normal(0, 1, (2, 6, 3)), rng.integers(0, 3, (2, 6))
    tape = ex02_3.tape_gradients(x, targets, p)
    assert all(g.dtype == np.float64 for g in tape)
    assert all(np.allclose(a, b, rtol=0, atol=1e-12) for a, b in zip(tape, ex02_3.numpy_bptt(x, targets, p)))
    weights = numpy_rnn.keras_weights("simple_rnn", {"W_h": p["W_h"], "W_e": p["W_e"], "b": p["b"][:, 0]})
    states = numpy_rnn.simple_rnn(x, weights)
    logits = states @ p["W_o"].T + p["b_o"][:, 0]
    o = np.exp(logits) / np.exp(logits).sum(axis=-1, keepdims=True)
    (d_kernel, d_recurrent, d_bias), _ = numpy_rnn.simple_rnn_backward(x, weights, (o - np.eye(3)[targets]) @ p["W_o"])
    assert np.allclose(tape[0], d_recurrent.T, atol=1e-12) and np.allclose(tape[1], d_kernel.T, atol=1e-12)
    assert np.allclose(tape[2][:, 0], d_bias, atol=1e-12)


def test_each_named_bptt_mistake_differs_from_the_reference_on_every_case():
    for test in cu.checks.ex02_3.tests:
        for probe in test.cases(np.random.default_rng(0)):
            x, targets, p = probe.args
            reference = ex02_3.tape_gradients(x, targets, p)
            for hint, mistake in ex02_3.mistakes(x, targets, p):
                assert not all(np.allclose(m, r, atol=1e-6) for m, r in zip(mistake, reference)), (probe.name, hint)


def test_a_tuple_or_a_dict_without_every_key_is_explained():
    as_tuple = cu.checks.ex02_3(lambda x, targets, p: tuple(bptt(x, targets, p).values()))
    assert as_tuple.items[0].status == INVALID
    assert as_tuple.items[0].hint.startswith("it should return a dict of gradients with the keys of p") \
        and as_tuple.items[0].hint.endswith("got tuple")
    matrices_only = cu.checks.ex02_3(lambda x, targets, p: {k: v for k, v in bptt(x, targets, p).items()
                                                              if k.startswith("W")})
    assert matrices_only.items[0].hint.startswith("the dict it returns has no b, b_o"), matrices_only


def test_a_bias_gradient_of_another_shape_and_float32_are_named():
    def flat_bias(x, targets, p):
        return {**bptt(x, targets, p), "b": bptt(x, targets, p)["b"][:, 0]}
    assert cu.checks.ex02_3(flat_bias).items[0].hint.startswith(
        'the gradient of b (grads["b"]) has shape (4,); it should be (4, 1)')
    as_float32 = cu.checks.ex02_3(lambda *args: {k: v.astype("float32") for k, v in bptt(*args).items()})
    assert as_float32.items[0].hint.startswith('the gradient of W_h (grads["W_h"]) is float32; the inputs are float64')


def test_an_unnamed_error_says_which_gradient_is_off_and_where():
    result = cu.checks.ex02_3(lambda *args: {**bptt(*args), "b_o": bptt(*args)["b_o"] + 1e-3})
    assert result.items[0].hint.startswith('the gradient of b_o (grads["b_o"]) is off: at index ('), result


def test_an_exception_in_bptt_is_reported_with_its_case_and_a_transpose_is_explained():
    result = cu.checks.ex02_3(lambda x, targets, p: p["W_o"] @ x[:, 0].T)
    first = result.items[0]
    assert first.status == INVALID and first.hint.startswith("it raised ValueError: matmul")
    assert "on the slides a weight matrix is out x in" in first.hint
    assert first.hint.endswith("(case: one sentence (d=3, u=4, C=3, B=1, T=4))")
    assert cu.checks.ex02_3(lambda x, targets, p: p["V"]).items[0].hint.startswith("it raised KeyError: 'V'")
    assert "the dict's keys are W_h, W_e, b, W_o, b_o" in cu.checks.ex02_3(lambda x, t, p: p["V"]).items[0].hint


def test_a_bptt_that_writes_into_its_inputs_does_not_change_the_next_case():
    def destructive(x, targets, p):
        grads = bptt(x, targets, p)
        for value in p.values():
            value[...] = 0.0
        x[...] = 0.0
        return grads
    assert cu.checks.ex02_3(destructive).passed


@pytest.mark.parametrize("function", [..., lambda x, targets, p: None, lambda x, targets, p: ...],
                         ids=["ellipsis", "returns None", "returns ..."])
def test_an_unwritten_bptt_is_not_attempted(function):
    result = cu.checks.ex02_3(function)
    assert all(item.status == NOT_ATTEMPTED for item in result.items)
    assert str(result) == ("Exercise 02.3 (backpropagation through time): NOT YET - not attempted: write the body of "
                           "your function (where it says ...) and run this cell again")


def test_not_implemented_in_bptt_is_not_attempted():
    def unwritten(x, targets, p):
        raise NotImplementedError
    assert not cu.checks.ex02_3(unwritten).attempted


def test_the_grader_can_collect_bptt_in_one_place_and_judge_in_another():
    """The grader calls `outcomes` in the student's kernel and `judge_outcomes` elsewhere: the probes' outcomes are
    plain (status, hint) pairs."""
    import pickle

    from course_utils.checks import coding

    check = cu.checks.ex02_3
    found = pickle.loads(pickle.dumps(coding.outcomes(bptt, check.tests, check.seed)))
    assert check.result(coding.judge_outcomes(check.tests, check.seed, found)).passed
    wrong = coding.outcomes(lambda *args: bptt(*args, mean=True), check.tests, check.seed)
    assert "the mean loss" in str(check.result(coding.judge_outcomes(check.tests, check.seed, wrong)))


# ---- ex07_1: deep self-attention -------------------------------------------------------------------------------

def self_attention(H, mask, p, use_mask=True, after=False, zero_scores=False, axis=1, hidden_tanh=True, last=None,
                   mean=False):
    """Deep self-attention as a student writes it, with one of the known mistakes switched on."""
    x = H
    for W, b in zip(p["W"][:-1], p["b"][:-1]):
        x = x @ W.T + b[:, 0]
        x = np.tanh(x) if hidden_tanh else x
    s = x @ p["W"][-1].T + p["b"][-1][:, 0]                              # (B, T, 1)
    s = {None: s, "tanh": np.tanh(s), "sigmoid": 1 / (1 + np.exp(-s))}[last]
    if axis == -1:                                                       # the softmax over the units: all ones
        a = (np.exp(s) / np.exp(s).sum(axis=-1, keepdims=True))[..., 0]
        return a, np.einsum("bt,btu->bu", a, H)
    s = s[..., 0]
    if zero_scores:
        s = s * mask
    elif use_mask and not after:
        s = np.where(mask, s, -1e9)
    a = np.exp(s - s.max(axis=axis, keepdims=True))
    a = a / a.sum(axis=axis, keepdims=True)
    a = a * mask if after else a
    if mean:
        return a, H.mean(axis=1) if mean == "over T" else (H * mask[..., None]).sum(axis=1) / mask.sum(axis=1)[:, None]
    return a, np.einsum("bt,btu->bu", a, H)


ATTENTION_MISTAKES = [
    (dict(use_mask=False), "one hidden layer, a padded batch", "the mask is ignored: the padding gets weight"),
    (dict(after=True), "one hidden layer, a padded batch", "the softmax is taken before masking"),
    (dict(zero_scores=True), "one hidden layer, a padded batch", "the padded words' scores are set to 0"),
    (dict(axis=0), "one hidden layer, no padding", "the softmax runs over the batch (axis 0)"),
    (dict(axis=0, use_mask=False), "one hidden layer, a padded batch", "the softmax runs over the batch (axis 0)"),
    (dict(axis=-1), "one hidden layer, no padding", "the softmax runs over the last axis of the scores (B, T, 1)"),
    (dict(hidden_tanh=False), "two hidden layers", "the hidden layers miss their tanh"),
    (dict(last="tanh"), "one hidden layer, no padding", "the score is squashed"),
    (dict(last="sigmoid"), "every score negative", "the score is squashed"),
    (dict(mean="over T"), "one hidden layer, a padded batch", "h_sum is the mean of the states"),
    (dict(mean="over the real words"), "one hidden layer, a padded batch", "h_sum is the mean of the states"),
]


def test_a_right_self_attention_passes_quickly_and_leaves_the_random_state_alone():
    state, numpy_state = random.getstate(), np.random.get_state()[1].copy()
    start = time.perf_counter()
    result = cu.checks.ex07_1(self_attention)
    assert str(result) == "Exercise 07.1 (deep self-attention): PASSED (4 of 4 right)", result
    assert time.perf_counter() - start < 3
    assert random.getstate() == state and np.array_equal(np.random.get_state()[1], numpy_state)


@pytest.mark.parametrize("options, item, named", ATTENTION_MISTAKES, ids=[str(o) for o, _, _ in ATTENTION_MISTAKES])
def test_each_self_attention_mistake_is_named_in_its_item(options, item, named):
    result = cu.checks.ex07_1(lambda H, mask, p: self_attention(H, mask, p, **options))
    assert not result.passed
    hints = {i.name: i.hint for i in result.items}
    said = next(i.hint for i in result.items if i.hint not in ("", "the same as above"))   # said once
    assert said.startswith(named) and (hints[item] == "the same as above" or hints[item].startswith(named)), result


def test_padded_scores_set_to_0_are_worst_when_every_score_is_negative():
    """Where every real score is negative, the padding's 0 wins: most of the weight goes to the padding."""
    rng = np.random.default_rng(0)
    (case,) = cu.checks.ex07_1.tests[3].cases(rng)
    H, mask, p = case.args
    a, _ = self_attention(H, mask, p, zero_scores=True)
    assert (a * ~mask).sum(axis=1).max() > 0.5 and case.expected[0][~mask].sum() == 0


def test_every_mistake_shows_only_where_it_should():
    """The mask's mistakes need padding: on an unpadded batch they are right; everything else is wrong everywhere."""
    result = cu.checks.ex07_1(lambda H, mask, p: self_attention(H, mask, p, use_mask=False))
    assert [item.status for item in result.items] == [CORRECT, WRONG, WRONG, WRONG]


def test_an_exception_in_self_attention_is_reported_with_its_case():
    result = cu.checks.ex07_1(lambda H, mask, p: (H @ p["W"][0], H))
    first = result.items[0]
    assert first.status == INVALID and first.hint.startswith("it raised ValueError: matmul"), first.hint
    assert "on the slides a weight matrix is out x in" in first.hint
    assert first.hint.endswith("(case: one hidden layer (u=4, hidden sizes 3, no padding))")
    missing = cu.checks.ex07_1(lambda H, mask, p: p["W_1"]).items[0].hint
    assert "KeyError: 'W_1'" in missing and "the dict's keys are W, b" in missing


def test_a_self_attention_of_the_wrong_form_is_explained():
    assert cu.checks.ex07_1(lambda H, mask, p: self_attention(H, mask, p)[0]).items[0].hint == \
        "it should return 2 arrays (a tuple), got ndarray"
    transposed = cu.checks.ex07_1(lambda H, mask, p: (self_attention(H, mask, p)[0].T, self_attention(H, mask, p)[1]))
    assert transposed.items[0].hint.startswith("a has shape (5, 3); it should be (3, 5); a transpose?")


@pytest.mark.parametrize("function", [..., lambda H, mask, p: None, lambda H, mask, p: ...],
                         ids=["ellipsis", "returns None", "returns ..."])
def test_an_unwritten_self_attention_is_not_attempted(function):
    result = cu.checks.ex07_1(function)
    assert all(item.status == NOT_ATTEMPTED for item in result.items)
    assert str(result) == ("Exercise 07.1 (deep self-attention): NOT YET - not attempted: write the body of your "
                           "function (where it says ...) and run this cell again")


def test_the_feedback_is_the_same_on_every_call():
    wrong = lambda H, mask, p: self_attention(H, mask, p, last="tanh")    # noqa: E731
    assert str(cu.checks.ex07_1(wrong)) == str(cu.checks.ex07_1(wrong))
    wrong_bptt = lambda *args: bptt(*args, sign=-1.0)                       # noqa: E731
    assert str(cu.checks.ex02_3(wrong_bptt)) == str(cu.checks.ex02_3(wrong_bptt))


def test_both_are_registered_in_lecture_order():
    names = list(cu.checks.CODING)
    assert names.index("ex02_2") < names.index("ex02_3") < names.index("ex03_2")
    assert names.index("ex06_1b") < names.index("ex07_1") < names.index("ex08_2")
    assert cu.checks.ex02_3 is cu.checks.CODING["ex02_3"] and cu.checks.ex07_1 is cu.checks.CODING["ex07_1"]

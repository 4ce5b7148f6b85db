"""The coding checks of notebooks 08-10: beam search (ex08_2), attention scores (ex09_2), a highway layer class
(ex10_2). A right answer passes, each known mistake is named, bad code never raises, an unwritten body is not
attempted; and the engine's additions they use (a mistake of another shape, sequences, probes, the random state).

Each mistaken answer below is one a student could write; the check must recognise it from what it does alone.
"""
import random
import time

import numpy as np
import pytest

import course_utils as cu
from course_utils import decoding
from course_utils.checks import coding
from course_utils.checks import ex08_2_beam_search as ex08_2
from course_utils.checks.core import CORRECT, INVALID, NOT_ATTEMPTED, WRONG

cu.setup(seed=0)     # before Keras is imported (below, inside the functions that need it)


def lines(result):
    return str(result).splitlines()


# ---- ex08_2: beam search ---------------------------------------------------------------------------------------

def beam_search(step, start_state, start_token, k, max_length, end_token, length_penalty=0.0, greedy=False,
                end_ignored=False, drop_finished=False, drop_live=False, no_penalty=False, probabilities=False,
                with_start=False):
    """A beam search as a student writes it, with one of the known mistakes switched on."""
    k = 1 if greedy else k
    live, state, last, finished = [([], 0.0)], start_state, np.array([start_token]), []
    for _ in range(max_length):
        log_probs, state = step(last, state)
        gain = np.exp(log_probs) if probabilities else log_probs
        extensions = sorted(((total + gain[row, word], row, word) for row, (_, total) in enumerate(live)
                             for word in range(log_probs.shape[1])), key=lambda e: -e[0])[:k]
        grown, rows = [], []
        for total, row, word in extensions:
            tokens = live[row][0] + [int(word)]
            if word == end_token and not end_ignored:
                if not drop_finished:
                    finished.append((tokens, total))
            else:
                grown.append((tokens, total))
                rows.append(row)
        if not grown:
            live = []
            break
        live, state, last = grown, state[rows], np.array([t[-1] for t, _ in grown])
    results = finished + ([] if drop_live else live)
    if not results:
        return []
    penalty = 0.0 if no_penalty else length_penalty
    best = max(results, key=lambda r: r[1] / len(r[0]) ** penalty)[0]
    return [start_token, *best] if with_start else best


def exhaustive_search(step, start_state, start_token, k, max_length, end_token, length_penalty=0.0):
    """The most probable sequence of all: right only where the beam is wide enough."""
    best, best_score = None, -np.inf

    def visit(tokens, state, last, total):
        nonlocal best, best_score
        log_probs, state = step(np.array([last]), state)
        for word in range(log_probs.shape[1]):
            grown = tokens + [word]
            if word == end_token or len(grown) == max_length:
                if (total + log_probs[0, word]) / len(grown) ** length_penalty > best_score:
                    best, best_score = grown, (total + log_probs[0, word]) / len(grown) ** length_penalty
            else:
                visit(grown, state, word, total + log_probs[0, word])
    visit([], start_state, start_token, 0.0)
    return best


BEAM_MISTAKES = [
    (dict(greedy=True), "k is ignored: this is greedy decoding"),
    (dict(end_ignored=True), "the end token is treated like any other token"),
    (dict(drop_finished=True), "finished hypotheses are dropped"),
    (dict(drop_live=True), "the hypotheses still live after max_length tokens are left out"),
    (dict(no_penalty=True), "the length penalty is ignored"),
    (dict(probabilities=True), "the probabilities are added, not the log-probabilities"),
    (dict(with_start=True), "the start token is included"),
]


def test_a_right_beam_search_passes_and_so_does_the_kits():
    assert str(cu.checks.ex08_2(beam_search)) == "Exercise 08.2 (beam search): PASSED (6 of 6 right)"
    assert cu.checks.ex08_2(lambda *args: decoding.beam_search(*args)[0].tokens).passed
    as_array = cu.checks.ex08_2(lambda *args: np.array(beam_search(*args)))
    assert as_array.passed, as_array


@pytest.mark.parametrize("options, named", BEAM_MISTAKES, ids=[n for _, n in BEAM_MISTAKES])
def test_each_beam_search_mistake_is_named(options, named):
    result = cu.checks.ex08_2(lambda *args: beam_search(*args, **options))
    assert not result.passed and named in str(result), result


def test_exhaustive_search_is_right_for_a_wide_beam_and_named_for_a_narrow_one():
    result = cu.checks.ex08_2(exhaustive_search)
    statuses = {item.name: item.status for item in result.items}
    assert statuses["a wide beam finds the most probable sequence"] == CORRECT
    assert "it returns the most probable sequence of all (exhaustive search)" in str(result), result


def test_the_reference_is_exhaustive_search_where_the_beam_keeps_every_hypothesis():
    """On the check's own wide-beam cases the kit's beam search, the module's and the tests' exhaustive searches
    agree; on its narrow cases the usual beam variants agree with the kit."""
    rng = np.random.default_rng(0)
    for case in ex08_2.wide_beam(rng):
        step, state, start, k, max_length, end, penalty = case.args
        kit = decoding.beam_search(step, state, start, k, max_length, end, penalty)[0].tokens
        assert kit == case.expected.tolist() == exhaustive_search(*case.args)
    for case in ex08_2.narrow_beams(rng):
        source, _, _, k, max_length, _, penalty = case.args
        assert ex08_2.variants_agree(source, k, max_length, penalty)


def test_a_hypothesis_list_of_another_length_is_shown_as_tokens():
    result = cu.checks.ex08_2(lambda *args: beam_search(*args) + [0, 0])
    hint = result.items[0].hint
    assert hint.startswith("the tokens: [") and "; the reference: [" in hint and "(case: k = 1, i.e. greedy" in hint


def test_a_beam_search_that_does_not_keep_the_state_rows_is_told_how():
    def unsorted_state(step, start_state, start_token, k, max_length, end_token, length_penalty=0.0):
        live, state, last = [([], 0.0)], start_state, np.array([start_token])
        for _ in range(max_length):
            log_probs, state = step(last, state)
            best = sorted(((t + log_probs[r, w], r, w) for r, (_, t) in enumerate(live)
                           for w in range(log_probs.shape[1]) if w != end_token), key=lambda e: -e[0])[:k]
            live = [(live[r][0] + [int(w)], t) for t, r, w in best]
            last = np.array([tokens[-1] for tokens, _ in live])       # the state's rows are not taken along
        return live[0][0]
    hints = [item.hint for item in cu.checks.ex08_2(unsorted_state).items]
    assert any("give it the last token of each live hypothesis and the state rows that go with them" in hint
               for hint in hints), hints


@pytest.mark.parametrize("function", [..., lambda *args: None, lambda *args, **kwargs: ...],
                         ids=["ellipsis", "returns None", "returns ..."])
def test_an_unwritten_beam_search_is_not_attempted(function):
    result = cu.checks.ex08_2(function)
    assert all(item.status == NOT_ATTEMPTED for item in result.items)
    assert "not attempted" in str(result)


def test_an_exception_in_a_beam_search_is_reported_with_its_case():
    result = cu.checks.ex08_2(lambda *args: args[7])
    first = result.items[0]
    assert first.status == INVALID and first.hint.startswith("it raised IndexError")
    assert first.hint.endswith("k=1, max_length=4)")


# ---- ex09_2: attention with the six scores ---------------------------------------------------------------------

def softmax(e, mask, axis=-1, after=False, use_mask=True):
    if use_mask and not after:
        e = np.where(mask, e, -1e9)
    weights = np.exp(e - e.max(axis=axis, keepdims=True))
    weights = weights / weights.sum(axis=axis, keepdims=True)
    return weights * mask if after else weights


def attention(s, H, mask, p, score, use_mask=True, after=False, axis=-1, transposed=False, no_tanh=False,
              swapped=False, unscaled=False, unnormalised=False, unit_context=False):
    """The six scores as a student writes them, with one of the known mistakes switched on."""
    keys = H
    if score in ("dot", "scaled_dot"):
        e = np.einsum("bd,bjd->bj", s, H) / (1 if score == "dot" or unscaled else np.sqrt(H.shape[-1]))
    elif score == "cosine":
        if not unnormalised:
            s, H = s / np.linalg.norm(s, axis=1, keepdims=True), H / np.linalg.norm(H, axis=2, keepdims=True)
        e = np.einsum("bd,bjd->bj", s, H)
        keys = H if unit_context else keys
    elif score == "general":
        e = np.einsum("bd,de,bje->bj", s, p["W_a"].T if transposed else p["W_a"], H)
    elif score == "additive":
        if swapped:          # W_a [h_j; s_t]: the first d_h columns read h_j
            d_h = H.shape[-1]
            hidden = H @ p["W_a"][:, :d_h].T + (s @ p["W_a"][:, d_h:].T)[:, None, :]
        else:
            d_s = s.shape[-1]
            hidden = (s @ p["W_a"][:, :d_s].T)[:, None, :] + H @ p["W_a"][:, d_s:].T
        e = (hidden if no_tanh else np.tanh(hidden)) @ p["v_a"][:, 0]
    else:
        e = (s @ (p["W_a"] if transposed else p["W_a"].T))[:, :H.shape[1]]
    alpha = softmax(e, mask, axis=axis, after=after, use_mask=use_mask)
    return alpha, np.einsum("bj,bjd->bd", alpha, keys)


ATTENTION_MISTAKES = [
    (dict(use_mask=False), "the dot score", "the mask is ignored: the padding gets weight"),
    (dict(after=True), "the dot score", "the padding's weights are set to 0 after the softmax"),
    (dict(axis=0), "the dot score", "the softmax runs over the wrong axis (the batch)"),
    (dict(unscaled=True), "the scaled dot score", "the scores are not scaled"),
    (dict(transposed=True), "the general score", "W_a is transposed: the general score is s_tᵀ W_a h_j"),
    (dict(no_tanh=True), "the additive score", "the additive score misses the tanh"),
    (dict(swapped=True), "the additive score", "the concatenation is [h_j; s_t]"),
    (dict(transposed=True), "the location score", "W_a is transposed: the location score is W_a s_t"),
    (dict(unnormalised=True), "the cosine (content-based) score", "the cosine score is the dot product"),
    (dict(unit_context=True), "the cosine (content-based) score", "the context sums the normalised h_j"),
]


def test_a_right_attention_passes():
    result = cu.checks.ex09_2(attention)
    assert str(result) == "Exercise 09.2 (attention with the lecture's score functions): PASSED (6 of 6 right)"


@pytest.mark.parametrize("options, item, named", ATTENTION_MISTAKES, ids=[n[:40] for _, _, n in ATTENTION_MISTAKES])
def test_each_attention_mistake_is_named_in_its_item(options, item, named):
    result = cu.checks.ex09_2(lambda *args: attention(*args, **options))
    hints = {i.name: i.hint for i in result.items}
    assert hints[item].startswith(named), result


def test_an_exception_in_attention_is_reported_and_the_other_scores_still_judged():
    def only_dot(s, H, mask, p, score):
        if score != "dot":
            raise ValueError(f"{score} is not written yet")
        return attention(s, H, mask, p, score)
    result = cu.checks.ex09_2(only_dot)
    assert result.items[0].status == CORRECT
    second = result.items[1]
    assert second.status == INVALID and second.hint.startswith("it raised ValueError: scaled_dot is not written yet")
    assert second.hint.endswith("(case: scaled_dot (d_s=6, d_h=6, lengths 4, 2, 3))")


def test_a_missing_weight_lists_the_keys_of_p():
    result = cu.checks.ex09_2(lambda s, H, mask, p, score: (p["W"], s))
    general = {i.name: i.hint for i in result.items}["the general score"]
    assert "KeyError: 'W'" in general and "the dict's keys are W_a" in general


@pytest.mark.parametrize("function", [..., lambda *args: None], ids=["ellipsis", "returns None"])
def test_an_unwritten_attention_is_not_attempted(function):
    assert all(item.status == NOT_ATTEMPTED for item in cu.checks.ex09_2(function).items)


# ---- ex10_2: a highway layer class -----------------------------------------------------------------------------

def highway_class(register=True, masking=True, config=True, kwargs=True, swap=False, transposed=False,
                  relu=True, default_bias=-2.0, use_argument=True, unused_b_H=False, names=("W_H", "b_H", "W_T", "b_T"),
                  raises=False):
    """A Highway class as a student writes it, with one of the known mistakes switched on."""
    import keras
    from keras import ops

    class Highway(keras.layers.Layer):
        def build(self, input_shape):
            d = input_shape[-1]
            bias = self.transform_bias if use_argument else -2.0
            self.W_H = self.add_weight(name=names[0], shape=(d, d), initializer="glorot_uniform")
            self.b_H = self.add_weight(name=names[1], shape=(d,), initializer="zeros")
            self.W_T = self.add_weight(name=names[2], shape=(d, d), initializer="glorot_uniform")
            self.b_T = self.add_weight(name=names[3], shape=(d,), initializer=keras.initializers.Constant(bias))

        def call(self, x):
            if raises:
                raise ValueError("not finished")
            W_H, W_T = (ops.transpose(self.W_H), ops.transpose(self.W_T)) if transposed else (self.W_H, self.W_T)
            H = ops.matmul(x, W_H) + (0.0 if unused_b_H else self.b_H)
            H = ops.relu(H) if relu else H
            T = ops.sigmoid(ops.matmul(x, W_T) + self.b_T)
            return (1.0 - T) * H + T * x if swap else T * H + (1.0 - T) * x

    if kwargs:
        def __init__(self, transform_bias=default_bias, **kw):
            keras.layers.Layer.__init__(self, **kw)
            self.transform_bias, self.supports_masking = transform_bias, masking
    else:
        def __init__(self, transform_bias=default_bias):
            keras.layers.Layer.__init__(self)
            self.transform_bias, self.supports_masking = transform_bias, masking
    Highway.__init__ = __init__
    if config:
        Highway.get_config = lambda self: {**keras.layers.Layer.get_config(self), "transform_bias": self.transform_bias}
    return keras.saving.register_keras_serializable(package="tests_more")(Highway) if register else Highway


HIGHWAY_MISTAKES = [
    (dict(register=False), "it saves to .keras", "a model holding it does not load: the class is not registered"),
    (dict(kwargs=False), "it saves to .keras", "Keras cannot rebuild it from its config: __init__ must accept **kwargs"),
    (dict(config=False, kwargs=False), "it saves to .keras", "Keras cannot rebuild it from its config"),
    (dict(masking=False), "it keeps the mask", "the mask is dropped"),
    (dict(swap=True), "it computes what", "T and 1 − T are swapped"),
    (dict(transposed=True), "it computes what", "the kernels are used transposed"),
    (dict(relu=False), "it computes what", "H has no activation"),
    (dict(default_bias=0.0), "it builds", "b_T starts at 0: it starts at transform_bias, -2 by default"),
    (dict(use_argument=False), "it builds", "with transform_bias=-1.0, b_T starts at -2"),
    (dict(unused_b_H=True), "a training step", "no gradient reaches b_H"),
    (dict(names=("kernel_H", "bias_H", "kernel_T", "bias_T")), "it builds", "its weights are kernel_H, bias_H, kernel_T, bias_T; a highway"),
]


def test_a_right_highway_class_passes_quickly_and_leaves_the_random_state_as_it_was():
    state, numpy_state = random.getstate(), np.random.get_state()[1].copy()
    start = time.perf_counter()
    result = cu.checks.ex10_2(highway_class())
    assert str(result) == "Exercise 10.2 (a highway layer as a Keras layer class): PASSED (5 of 5 right)", result
    assert time.perf_counter() - start < 5
    assert random.getstate() == state and np.array_equal(np.random.get_state()[1], numpy_state)


def test_a_get_config_that_forgets_transform_bias_is_named():
    """Without get_config Keras 3 builds one from __init__'s simple arguments; an own one that leaves the
    argument out loses it."""
    import keras

    Highway = highway_class(config=False)
    assert cu.checks.ex10_2(Highway).passed            # Keras' automatic config keeps transform_bias
    Highway.get_config = lambda self: keras.layers.Layer.get_config(self)
    result = cu.checks.ex10_2(Highway)
    assert "a layer rebuilt from its config forgets transform_bias" in str(result), result


@pytest.mark.parametrize("options, item, named", HIGHWAY_MISTAKES, ids=[n[:40] for _, _, n in HIGHWAY_MISTAKES])
def test_each_highway_mistake_is_named_in_its_item(options, item, named):
    result = cu.checks.ex10_2(highway_class(**options))
    hints = [i.hint for i in result.items if i.name.startswith(item)]
    assert hints and hints[0].startswith(named), result


def test_an_instance_instead_of_the_class_and_a_function_are_explained():
    Highway = highway_class()
    assert cu.checks.ex10_2(Highway()).items[0].hint.startswith(
        "expected your class itself (Highway, no parentheses), got a Highway object")
    assert cu.checks.ex10_2(lambda x: x).items[0].hint.startswith("expected your class itself (Highway, no "
                                                                   "parentheses), got a function object")
    assert cu.checks.ex10_2(dict).items[0].hint.startswith("dict should be a subclass of keras.layers.Layer")
    assert "expected your class itself (its name, no parentheses), got int" in cu.checks.ex10_2(3).items[0].hint


def test_an_exception_in_the_class_is_reported_with_its_case():
    result = cu.checks.ex10_2(highway_class(raises=True))
    statuses = [item.status for item in result.items]
    assert statuses[0] == CORRECT and statuses[1] == INVALID, result
    assert result.items[1].hint.startswith("it raised ValueError") and "not finished" in result.items[1].hint
    assert result.items[1].hint.endswith("(case: a batch of vectors (8, 4))")


def test_a_class_without_super_init_and_one_that_leaves_keras_ops_are_told_so():
    import keras
    from keras import ops

    Right = highway_class()

    class NoSuper(Right):
        def __init__(self, transform_bias=-2.0, **kwargs):
            self.transform_bias = transform_bias
    assert cu.checks.ex10_2(NoSuper).items[0].hint.startswith(
        "Keras' own set-up of the layer did not run: call super().__init__(**kwargs) first in __init__")

    class ThroughNumPy(Right):
        def call(self, x):          # NumPy on a symbolic tensor: Keras raises NotImplementedError, still attempted
            T = ops.sigmoid(ops.matmul(x, self.W_T) + self.b_T)
            return T * ops.relu(ops.matmul(x, np.asarray(self.W_H)) + self.b_H) + (1 - T) * x
    result = cu.checks.ex10_2(keras.saving.register_keras_serializable(package="tests_more")(ThroughNumPy))
    mask = {i.name: i for i in result.items}["it keeps the mask of a padded batch"]
    assert mask.status == INVALID and mask.hint.startswith("it raised NotImplementedError"), result
    assert "(line " in mask.hint and "np.asarray(self.W_H)" in mask.hint


def test_a_class_whose_body_is_still_empty_is_not_attempted():
    import keras

    class Highway(keras.layers.Layer):
        """y = T * H + (1 - T) * x."""
        ...
    result = cu.checks.ex10_2(Highway)
    assert all(item.status == NOT_ATTEMPTED for item in result.items)
    assert str(result) == ("Exercise 10.2 (a highway layer as a Keras layer class): NOT YET - not attempted: write "
                           "the body of your class (where it says ...) and run this cell again")
    assert all(item.status == NOT_ATTEMPTED for item in cu.checks.ex10_2().items)


# ---- all three, and the engine -------------------------------------------------------------------------------

def test_the_new_checks_are_registered_and_reachable_as_cu_checks_name():
    assert {"ex08_2", "ex09_2", "ex10_2"} <= set(cu.checks.CODING)
    for name in ("ex08_2", "ex09_2", "ex10_2"):
        assert getattr(cu.checks, name) is cu.checks.CODING[name] and cu.checks.CODING[name].tests


@pytest.mark.parametrize("check, answer", [(cu.checks.ex08_2, beam_search), (cu.checks.ex09_2, attention)],
                         ids=["ex08_2", "ex09_2"])
def test_the_checks_are_fast_deterministic_and_leave_the_random_state_alone(check, answer):
    wrong = {cu.checks.ex08_2: lambda *a: beam_search(*a, greedy=True),
             cu.checks.ex09_2: lambda *a: attention(*a, use_mask=False)}[check]
    state = random.getstate()
    start = time.perf_counter()
    assert check(answer).passed
    assert time.perf_counter() - start < 5
    assert str(check(wrong)) == str(check(wrong))
    assert random.getstate() == state


def test_a_named_mistake_of_another_shape_is_named_before_the_shape():
    case = coding.Case("a case", (), np.array([1, 2, 3]), mistakes=(("stopped early", np.array([1, 2])),),
                       output_names=("the tokens",))
    assert coding.judge_outcome(coding.Outcome([1, 2]), case, 1e-9) == (WRONG, "stopped early")
    assert coding.judge_outcome(coding.Outcome([1, 4]), case, 1e-9) == (
        WRONG, "the tokens: [1, 4]; the reference: [1, 2, 3] (case: a case)")
    assert coding.judge_outcome(coding.Outcome([1, 4, 3]), case, 1e-9) == (
        WRONG, "the tokens: [1, 4, 3]; the reference: [1, 2, 3] (case: a case)")
    floats = coding.Case("floats", (), np.zeros(3))       # not a sequence of ids: the shape is said as before
    assert coding.judge_outcome(coding.Outcome(np.zeros(2)), floats, 1e-9)[1].startswith(
        "output 1 has shape (2,); it should be (3,)")


def test_a_probe_judges_the_submission_itself_and_its_errors_are_reported_as_for_a_case():
    def run(submission):
        return (CORRECT, "") if submission(2) == 4 else (WRONG, "not doubled")
    probe = coding.Probe("doubling", run)
    assert coding.judge_case(lambda x: 2 * x, probe, 1e-9) == (CORRECT, "")
    assert coding.judge_case(lambda x: x, probe, 1e-9) == (WRONG, "not doubled")
    status, hint = coding.judge_case(lambda x: 1 / 0, probe, 1e-9)
    assert status == INVALID and hint.startswith("it raised ZeroDivisionError") and hint.endswith("(case: doubling)")

    def unwritten(x):
        raise NotImplementedError
    assert coding.judge_case(unwritten, probe, 1e-9) == (NOT_ATTEMPTED, "")


def test_untouched_random_state_restores_python_and_numpy():
    import keras

    state, numpy_state = random.getstate(), np.random.get_state()[1].copy()
    with coding.untouched_random_state():
        random.random(), np.random.random()
        keras.layers.Dense(3).build((None, 2))        # glorot_uniform draws its seed from Python's random
    assert random.getstate() == state and np.array_equal(np.random.get_state()[1], numpy_state)

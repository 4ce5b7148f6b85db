"""Greedy and beam search against exhaustive enumeration on small hand-built distributions."""
import itertools
import math

import numpy as np
import pytest

from course_utils.decoding import beam_search, greedy

END, START = 0, 9


def table_step(table):
    """A first-order model: P(next | last token) from `table` (rows: last token); the state is unused."""
    log_table = np.log(np.asarray(table, dtype="float64"))

    def step(tokens, state):
        return log_table[tokens], state
    return step


# Greedy takes 1 (0.5) and is then stuck with a flat 1/3 choice; 2 (0.4) leads to END with 0.9.
TRAP = np.full((10, 3), 1e-9)
TRAP[START] = [0.1, 0.5, 0.4]
TRAP[1] = [1 / 3, 1 / 3, 1 / 3]
TRAP[2] = [0.9, 0.05, 0.05]
TRAP /= TRAP.sum(axis=1, keepdims=True)


def exhaustive_best(table, max_length, length_penalty=0.0):
    """Every sequence that ends with END (or reaches max_length), scored as beam search scores it."""
    best = None
    for length in range(1, max_length + 1):
        for tokens in itertools.product(range(len(table[0])), repeat=length):
            if END in tokens[:-1] or (tokens[-1] != END and length < max_length):
                continue
            log_p = sum(math.log(table[a][b]) for a, b in zip((START,) + tokens, tokens))
            score = log_p / length ** length_penalty if length_penalty else log_p
            if best is None or score > best[1]:
                best = (list(tokens), score)
    return best


def test_greedy_falls_into_the_trap_and_a_wide_beam_finds_the_exact_best():
    step = table_step(TRAP)
    tokens, score = exhaustive_best(TRAP, 4)
    assert tokens == [2, END]
    assert greedy(step, None, START, 4, END)[0].tokens[0] == 1            # the locally best first token
    assert greedy(step, None, START, 4, END)[0].log_prob < score
    best = beam_search(step, None, START, beam_width=2, max_length=4, end_token=END)[0]
    assert best.tokens == tokens and math.isclose(best.log_prob, score)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("length_penalty", [0.0, 1.0])
def test_a_beam_as_wide_as_all_paths_equals_exhaustive_search(seed, length_penalty):
    rng = np.random.default_rng(seed)
    table = rng.dirichlet(np.ones(3) * 0.5, size=10)
    best = beam_search(table_step(table), None, START, beam_width=27, max_length=3, end_token=END,
                       length_penalty=length_penalty)[0]
    tokens, score = exhaustive_best(table, 3, length_penalty)
    assert best.tokens == tokens and math.isclose(best.score, score)


@pytest.mark.parametrize("seed", range(5))
def test_beam_width_one_is_greedy(seed):
    table = np.random.default_rng(seed).dirichlet(np.ones(4), size=10)
    step = table_step(table)
    assert beam_search(step, None, START, 1, 6, END) == greedy(step, None, START, 6, END)


def test_finished_hypotheses_stop_growing_and_results_rank_by_log_prob():
    table = np.random.default_rng(7).dirichlet(np.ones(4), size=10)
    results = beam_search(table_step(table), None, START, beam_width=4, max_length=5, end_token=END)
    assert len(results) == 4
    for h in results:
        assert END not in h.tokens[:-1] and len(h.tokens) <= 5
        assert math.isclose(h.log_prob, sum(math.log(table[a][b]) for a, b in zip([START] + h.tokens, h.tokens)))
    assert [h.log_prob for h in results] == sorted((h.log_prob for h in results), reverse=True)
    assert all(h.score == h.log_prob for h in results)                 # length penalty 0: plain log-prob


def test_length_normalisation_prefers_longer_hypotheses():
    # END right away: 0.3 in total; [1, 2, END]: 0.7 * 0.9 * 0.4 = 0.252 in total but far more per token.
    table = np.full((10, 3), 1e-9)
    table[START] = [0.3, 0.7, 0.0]
    table[1] = [0.1, 0.0, 0.9]
    table[2] = [0.4, 0.0, 0.6]
    table = np.maximum(table, 1e-9)
    step = table_step(table)
    plain = beam_search(step, None, START, 3, 4, END)[0]
    normalised = beam_search(step, None, START, 3, 4, END, length_penalty=1.0)[0]
    assert plain.tokens == [END]
    assert len(normalised.tokens) > 1 and normalised.log_prob < plain.log_prob


def test_the_state_travels_with_its_hypothesis():
    """A model whose next distribution depends on the whole prefix, kept in the state (batch-first)."""
    def step(tokens, state):
        prefix_sum, length = state
        prefix_sum, length = prefix_sum + np.where(tokens == START, 0, tokens), length + 1
        favourite = (prefix_sum % 2) + 1                   # prefers 1 after an even sum, 2 after an odd one
        log_probs = np.log(np.full((len(tokens), 3), 0.2))
        log_probs[np.arange(len(tokens)), favourite] = np.log(0.6)
        log_probs[length >= 4, :] = np.log([0.98, 0.01, 0.01])
        return log_probs, (prefix_sum, length)

    start = (np.zeros(1, dtype=int), np.zeros(1, dtype=int))
    best = beam_search(step, start, START, beam_width=3, max_length=5, end_token=END)[0]
    assert best.tokens == [1, 2, 2, END]                       # each token follows the parity of its own prefix
    assert best.tokens == greedy(step, start, START, 5, END)[0].tokens

"""Turning a next-token model into text: greedy decoding and beam search (notebooks 08-09).

Both work on a `step(tokens, state) -> (log_probs, state)` callback over a batch:
`tokens` is an int array (batch,) of the last tokens, `state` whatever the
model carries (an array, or a list/tuple of arrays, batch first), and
`log_probs` a (batch, vocabulary) array of log P(next token). The same
functions therefore decode a Keras RNN, a seq2seq decoder or an exact source.

Results are `Hypothesis(tokens, log_prob, score)`, best first: `tokens` are the
generated ids (the end token included when the hypothesis finished), `log_prob`
their total log-probability and `score` what the search ranked them by:
log_prob / length ** length_penalty (0: the plain total log-probability).
"""
import collections

import numpy as np

Hypothesis = collections.namedtuple("Hypothesis", "tokens log_prob score")


def _take(state, rows):
    """Rows `rows` of every array in a (nested list/tuple of) batch-first state."""
    if state is None:
        return None
    if isinstance(state, (list, tuple)):
        return type(state)(_take(s, rows) for s in state)
    return np.asarray(state)[rows]


def _score(log_prob, length, length_penalty):
    return log_prob / (length ** length_penalty) if length_penalty else log_prob


def greedy(step, start_state, start_token, max_length, end_token):
    """Take the most probable token at every step until `end_token` or `max_length` tokens."""
    tokens, total, state, last = [], 0.0, start_state, start_token
    for _ in range(max_length):
        log_probs, state = step(np.array([last]), state)
        last = int(np.argmax(log_probs[0]))
        tokens.append(last)
        total += float(log_probs[0, last])
        if last == end_token:
            break
    return [Hypothesis(tokens, total, total)]


def beam_search(step, start_state, start_token, beam_width, max_length, end_token, length_penalty=0.0):
    """Keep the `beam_width` best partial hypotheses at every step; up to `beam_width` results, best first.

    At each step the best `beam_width` extensions of the live hypotheses are
    chosen by total log-probability (all have the same length, so the length
    penalty cannot change this choice); those that end with `end_token` are
    finished and stop growing, the others stay live. The search ends when no
    hypothesis is live, after `max_length` tokens (live ones then count as
    results too), or, without length penalty, once no live hypothesis can still
    beat the best finished ones. With `beam_width=1` this is exactly `greedy`.
    """
    live_tokens, live_log_probs, state = [[]], np.zeros(1), start_state
    last = np.array([start_token])
    finished = []
    for _ in range(max_length):
        log_probs, state = step(last, state)
        candidates = (live_log_probs[:, None] + np.asarray(log_probs, dtype="float64")).ravel()
        order = np.argsort(-candidates, kind="stable")[:beam_width]
        order = order[np.isfinite(candidates[order])]
        vocabulary = log_probs.shape[1]
        rows, words = order // vocabulary, order % vocabulary
        keep = []
        for i, (row, word) in enumerate(zip(rows, words)):
            tokens = live_tokens[row] + [int(word)]
            if word == end_token:
                finished.append(Hypothesis(tokens, float(candidates[order[i]]), None))
            else:
                keep.append(i)
        if not keep:
            live_tokens = []
            break
        live_tokens = [live_tokens[rows[i]] + [int(words[i])] for i in keep]
        live_log_probs = candidates[order[keep]]
        state, last = _take(state, rows[keep]), words[keep]
        best_finished = sorted((h.log_prob for h in finished), reverse=True)[:beam_width]
        if not length_penalty and len(best_finished) == beam_width and best_finished[-1] >= live_log_probs.max():
            break   # log-probabilities only fall as a hypothesis grows: no live one can enter the top results
    results = finished + [Hypothesis(t, float(lp), None) for t, lp in zip(live_tokens, live_log_probs)]
    results = [h._replace(score=_score(h.log_prob, len(h.tokens), length_penalty)) for h in results]
    return sorted(results, key=lambda h: -h.score)[:beam_width]

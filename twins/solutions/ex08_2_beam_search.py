# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: -all
#     formats: ipynb,../twins/solutions//py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.7
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Exercise 08.2 · Write beam search
#
# Goes with notebook 08 (language models), section 7. A language model gives, after any prefix, the
# log-probabilities of the next token. Decoding looks for a continuation $y = y_1 \dots y_m$ of high total
# log-probability
#
# $$ \log P(y) = \sum_{i=1}^{m} \log P(y_i \mid y_1 \dots y_{i-1}), \qquad
#    \mathrm{score}(y) = \frac{\log P(y)}{m^{\alpha}} \quad (\alpha = \texttt{length\_penalty};\ \alpha = 0:\ \text{the plain total}) $$
#
# Greedy decoding takes the most probable token at every step; **beam search** keeps the $k$ best partial
# hypotheses. Write `beam_search(step, start_state, start_token, k, max_length, end_token, length_penalty=0.0)`
# for the kit's model interface (`cu.decoding`):
#
# - `step(tokens, state)` runs the model one step for a batch of hypotheses and returns `(log_probs, state)`:
#   `tokens` is an int array $(b,)$ with each hypothesis' last token, `state` a NumPy array with one row per
#   hypothesis (batch first), `log_probs` a $(b, |V|)$ array of $\log P(\text{next token})$, and the returned
#   state has one row per hypothesis again.
# - Start from one hypothesis: no tokens, log-probability 0, state `start_state` (one row), last token
#   `start_token`.
# - At each step call `step` once for all live hypotheses, extend each by every token (log-probabilities add)
#   and keep the $k$ best extensions by total log-probability. An extension that ends with `end_token` is
#   **finished**: it stops growing and becomes a result. The others are the new live hypotheses; each keeps the
#   state row of the hypothesis it extends (`state[rows]`).
# - Stop when no hypothesis is live, or after `max_length` tokens: the hypotheses still live then count as
#   results too.
# - Return the best result by $\mathrm{score}$, where $m$ counts its generated tokens (the end token included),
#   as a **list of ints**: the generated tokens only (not `start_token`), `end_token` last when it finished.
#
# **How to answer.** Write the body of `beam_search` where it says `...`, then run the check cell below it. The
# check runs your function on small models of its own (4 or 5 tokens; their state is the prefix so far),
# compares with exhaustive search over every sequence where the beam is wide enough to keep them all, and with
# `cu.decoding.beam_search` for narrow beams, and names the mistake a wrong result matches: greedy decoding
# ($k$ ignored), the end token not handled, finished or unfinished hypotheses left out, the length penalty
# ignored, probabilities added instead of log-probabilities, the start token returned. (Some beam searches refill
# the beam to $k$ live hypotheses when one finishes; on the check's models both kinds give the same answers.)

# %%
try:
    import course_utils as cu
except ModuleNotFoundError:  # opened outside the kit's environment
    raise ModuleNotFoundError("This notebook needs the course kit (course_utils). In the kit's folder run "
                              "`pip install -r requirements.txt`, then restart the kernel; on Colab or a hub, "
                              "see the kit's README, 'Colab, JupyterHub, Binder'.") from None

cu.setup(seed=0)

# %%
import numpy as np


def beam_search(step, start_state, start_token, k, max_length, end_token, length_penalty=0.0):
    """The best hypothesis of a beam of k: its generated tokens as a list of ints (end_token last if finished)."""
    ### BEGIN SOLUTION
    live = [([], 0.0)]                                   # (tokens, total log-probability), one per state row
    state, last = start_state, np.array([start_token])
    finished = []
    for _ in range(max_length):
        log_probs, state = step(last, state)
        extensions = [(total + log_probs[row, word], row, word)
                      for row, (_, total) in enumerate(live) for word in range(log_probs.shape[1])]
        best = sorted(extensions, key=lambda extension: -extension[0])[:k]
        grown, rows = [], []
        for total, row, word in best:
            tokens = live[row][0] + [int(word)]
            if word == end_token:
                finished.append((tokens, total))        # finished: a result, it grows no more
            else:
                grown.append((tokens, total))
                rows.append(row)
        if not grown:
            live = []
            break
        live, state, last = grown, state[rows], np.array([tokens[-1] for tokens, _ in grown])
    results = finished + live                            # live ones after max_length tokens count too
    return max(results, key=lambda result: result[1] / len(result[0]) ** length_penalty)[0]
    ### END SOLUTION


# %%
import course_utils as cu  # so that this cell also runs on its own, e.g. after a restart

result = cu.checks.ex08_2(beam_search)
result

# %%
### BEGIN HIDDEN TESTS
assert result.passed, result
### END HIDDEN TESTS

# %% [markdown]
# **Question.** With `length_penalty=0.0`, why does beam search tend to prefer short outputs? What does
# `length_penalty=1.0` rank by instead, and why can it never change which $k$ hypotheses the beam keeps at a
# given step, only which result wins at the end?

# %% [markdown]
# ### BEGIN SOLUTION
# Every token adds a log-probability $\le 0$, so each extension lowers the total: a hypothesis that ends early
# escapes all the later penalties and often wins even when its words are less likely one by one. Dividing by the
# length ranks by the mean log-probability per token (the geometric mean of the tokens' probabilities), which
# compares outputs of different lengths fairly. At any one step all live extensions have the same length, so
# dividing them all by the same $m^{\alpha}$ keeps their order: the penalty only matters when results of
# different lengths are compared at the end.
# ### END SOLUTION

# %% [markdown]
# ## See it on a trap for greedy decoding
#
# A model of three words and an end token, `step` written as the kit expects: "a" is the most probable first
# word (0.5), but nothing is likely after it, while "b" (0.4) is followed by the end with probability 0.9.

# %%
WORDS = ["<s>", "a", "b", "</s>"]
NEXT = {(): [0.0, 0.5, 0.4, 0.1], (1,): [0.0, 0.3, 0.3, 0.4], (2,): [0.0, 0.05, 0.05, 0.9]}


def trap_step(tokens, state):
    """The state is each hypothesis' prefix of generated tokens; unknown prefixes end for sure."""
    prefixes = np.concatenate([state, np.asarray(tokens)[:, None]], axis=1)
    rows = [NEXT.get(tuple(int(t) for t in prefix[1:]), [0.0, 0.0, 0.0, 1.0]) for prefix in prefixes]
    with np.errstate(divide="ignore"):
        return np.log(np.array(rows)), prefixes


if result.passed:
    for width in (1, 2):
        found = beam_search(trap_step, np.zeros((1, 0), dtype=int), 0, width, 4, 3)
        print(f"k = {width}:", " ".join(WORDS[t] for t in found))
else:
    print("Finish the check above first; then run this cell again.")

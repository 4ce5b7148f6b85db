# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: tags,-all
#     formats: ipynb,../twins/notebooks//py:percent
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
# # 13 · Counting: the LSTM, the GRU, and the LSTM of 1997
#
# **Lecture topic:** the GRU and the LSTM give similar results on most tasks, but the LSTM is much better on
# some: Weiss et al. (2018) showed that it can **count**, and the GRU cannot. And the original LSTM of
# Hochreiter & Schmidhuber (1997) had no forget gate: its cell only adds, $c_t = c_{t-1} + i_t \circ \tilde c_t$
# (the constant error carousel); the forget gate came in 2000 (Gers et al.).
#
# **You will learn to**
# - set up the counting language $a^n b^n$ as a sequence-labelling task and test it far beyond the lengths
#   seen in training;
# - pin an LSTM's forget gate open with Keras constraints, which gives the cell of 1997, and check it exactly;
# - compare three cells on one budget, and find the counter inside the cell state.
#
# **Runtime:** about 11 s on a 2-core CPU, 2.3 times the 4.6 s an empty notebook with Keras took on it (2026-12-06). The first run after installing takes about 8 s longer, while Python compiles TensorFlow and Keras.<!-- /runtime -->
# Most of it: three small recurrent models.

# %%
try:
    import course_utils as cu
except ModuleNotFoundError:  # opened outside the kit's environment
    raise ModuleNotFoundError("This notebook needs the course kit (course_utils). In the kit's folder run "
                              "`pip install -r requirements.txt`, then restart the kernel; on Colab or a hub, "
                              "see the kit's README, 'Colab, JupyterHub, Binder'.") from None

cu.setup(seed=13)

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import ops

from course_utils import numpy_rnn

# %%
CONFIG = dict(
    units=10,
    longest_trained=20,   # training sequences a^n b^n with n = 1 .. longest_trained
    longest_tested=200,
    epochs=12,
)
CHANGES = dict()   # What to try: put your changes here, e.g. CHANGES = dict(epochs=1); CONFIG stays as it is
claim = cu.claims.Claims(CONFIG, CHANGES)   # applies CHANGES; once you change something, claims report, not stop

# %% [markdown]
# ## 1. The task: where does $a^n b^n$ end?
#
# A sequence is $n$ times *a*, then $n$ times *b*. After each *b* the model says whether the sequence ends
# there: after the $n$-th *b* it does, before it does not. Getting every *b* right for a given $n$ needs the
# count of *a*'s, held across $2n$ steps and counted down: a rule with a counter does it for every $n$
# (100 %). We train on $n = 1, \dots, 20$ and test every $n$ up to 200.

# %%
A, B = 1, 2                                          # token ids; 0 is padding


def counting_batch(ns):
    """a^n b^n for each n in ns: ids, targets (1 after the last b) and weights (1 at the b's, where we ask)."""
    steps = 2 * max(ns)
    ids, ends, asked = (np.zeros((len(ns), steps), dtype) for dtype in ("int32", "float32", "float32"))
    for row, n in enumerate(ns):
        ids[row, :n], ids[row, n:2 * n] = A, B
        asked[row, n:2 * n] = 1
        ends[row, 2 * n - 1] = 1
    return ids, ends[..., None], asked


x_count, y_count, w_count = counting_batch(list(range(1, CONFIG["longest_trained"] + 1)) * 16)
tested = list(range(1, CONFIG["longest_tested"] + 1))
x_long, y_long, w_long = counting_batch(tested)
print("a^3 b^3:", x_long[2, :6], "| ends after:", y_long[2, :6, 0].astype(int), "| asked at:", w_long[2, :6].astype(int))
print("training:", x_count.shape, "test:", x_long.shape)


# %% [markdown]
# ## 2. Three cells, one budget
#
# The LSTM and the GRU are Keras' own. The **1997 LSTM** is Keras' LSTM with its forget gate pinned open:
# Keras stores the gates side by side in the order i, f, c, o, so columns $u..2u$ of `kernel` and
# `recurrent_kernel` hold the forget gate's $U_f^\top$ and $W_f^\top$, and the same slice of `bias` holds $b_f$. A constraint, which
# Keras applies after every update, sets those weights to 0 and $b_f$ to 30: $\sigma(30)$ is exactly 1 in
# float32, so $f_t = 1$ and $c_t = c_{t-1} + i_t \circ \tilde c_t$.

# %%
class ForgetGateOpen(keras.constraints.Constraint):
    """Pin an LSTM's forget gate at 1 (the 1997 LSTM): its weights 0, its bias 30 (sigmoid(30) is 1.0 in float32)."""

    def __init__(self, units, is_bias=False):
        self.units, self.is_bias = units, is_bias

    def __call__(self, w):
        u = self.units
        if self.is_bias:
            return ops.concatenate([w[:u], ops.full((u,), 30.0, dtype=w.dtype), w[2 * u:]])
        return ops.concatenate([w[:, :u], ops.zeros_like(w[:, u:2 * u]), w[:, 2 * u:]], axis=1)


def counter(kind):
    u = CONFIG["units"]
    cu.runtime.reseed(kind)
    if kind == "GRU":
        rnn = keras.layers.GRU(u, return_sequences=True, name="rnn")
    elif kind == "LSTM":
        rnn = keras.layers.LSTM(u, return_sequences=True, name="rnn")
    else:                                                        # "LSTM of 1997"
        rnn = keras.layers.LSTM(u, return_sequences=True, name="rnn", kernel_constraint=ForgetGateOpen(u),
                                recurrent_constraint=ForgetGateOpen(u), bias_constraint=ForgetGateOpen(u, is_bias=True))
    ids = keras.Input(shape=(None,), dtype="int32")
    model = keras.Model(ids, keras.layers.Dense(1, activation="sigmoid")(rnn(keras.layers.Embedding(3, 3, mask_zero=True)(ids))))
    if kind == "LSTM of 1997":                                   # constraints act after updates: apply them once now
        for w, c in ((rnn.cell.kernel, rnn.cell.kernel_constraint), (rnn.cell.recurrent_kernel, rnn.cell.recurrent_constraint),
                     (rnn.cell.bias, rnn.cell.bias_constraint)):
            w.assign(c(w))
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy")
    return model


KINDS = ("LSTM", "GRU", "LSTM of 1997")
counters = {kind: counter(kind) for kind in KINDS}
for kind, model in counters.items():
    model.fit(x_count, y_count, sample_weight=w_count, batch_size=16, epochs=CONFIG["epochs"], verbose=0)
print({kind: f"{model.count_params()} parameters" for kind, model in counters.items()})

# %% [markdown]
# **Exact, after training:** the 1997 cell's forget gate is 1 at every step of every test sequence ($n$ = 1 to 200), so its cell
# state only adds. The cell recomputes the gates with `cu.numpy_rnn`'s LSTM from the trained weights:

# %%
old = counters["LSTM of 1997"]
weights = old.get_layer("rnn").get_weights()                     # kernel, recurrent_kernel, bias (gates i, f, c, o)
u = CONFIG["units"]
embedded = keras.ops.convert_to_numpy(old.layers[1](x_long))      # every test sequence, padding included
h, c = numpy_rnn.lstm(embedded.astype("float32"), weights, return_cell_states=True)
h_prev = np.concatenate([np.zeros_like(h[:, :1]), h[:, :-1]], axis=1)
forget = numpy_rnn.sigmoid((embedded @ weights[0][:, u:2 * u] + h_prev @ weights[1][:, u:2 * u]
                            + weights[2][u:2 * u]).astype("float32"))      # in float32, as Keras computes
print("forget-gate weights all 0:", not weights[0][:, u:2 * u].any() and not weights[1][:, u:2 * u].any(),
      "| b_f:", set(weights[2][u:2 * u].tolist()), "| f_t == 1.0 everywhere:", bool((forget == 1.0).all()))
assert (forget == 1.0).all(), "the 1997 cell never forgets: c_t = c_(t-1) + i_t c~_t"


# %% [markdown]
# ## 3. Beyond the training lengths
#
# For each model, the longest $n$ up to which it gets **every** sequence right (every *b* of every
# $a^m b^m$, $m \le n$); the training lengths end at 20.

# %% tags=["nbval-ignore-output"]
def counts_correctly(model):
    said_end = model.predict(x_long, batch_size=len(x_long), verbose=0)[..., 0] > 0.5
    right = (said_end == (y_long[..., 0] > 0.5)) | (w_long == 0)
    return right.all(axis=1)                                      # one bool per n


correct = {kind: counts_correctly(model) for kind, model in counters.items()}
reach = {kind: int(np.argmin(np.append(ok, False))) for kind, ok in correct.items()}    # the first n it gets wrong, minus 1
cu.print_table([(kind, reach[kind], int(ok.sum())) for kind, ok in correct.items()],
               ["cell", "right for every n up to", f"n of 1..{CONFIG['longest_tested']} right"])
assert claim.at_most("the GRU's reach (training ends at 20)", reach["GRU"], 22)
assert claim.at_least("the 1997 LSTM's reach", reach["LSTM of 1997"], 60)

# %% [markdown]
# The GRU does not get past the lengths it was trained on (on this budget it often misses some of them too); the 1997 cell, whose cell state is a plain sum,
# counts far beyond them (the assert asks for three times the longest training sequence). A GRU state is a weighted **average** of the old state and a candidate in $(-1, 1)$,
# so it stays in $(-1, 1)$ and can hold a count only in ever finer differences; an LSTM's cell state is a
# **sum**, which can grow by the same step 200 times. That is Weiss et al.'s argument. Today's LSTM has that sum
# only where its forget gate has learned to stay at 1: how far does it get on this small budget? Rerun with
# `COURSE_SEED=14` or `15` set before the kernel starts and compare (Weiss et al. trained longer, on longer
# sequences). What the forget gate buys is the
# opposite skill, forgetting: on a long stream without sentence boundaries, a cell that only adds cannot reset
# itself, which is why Gers et al. added the gate.
#
# ## 4. The counter inside
#
# The unit of the 1997 cell's state that follows the count best, on $a^{60} b^{60}$: it moves one way with the
# *a*'s and back with the *b*'s.

# %%
n_show = 60
ids = x_long[n_show - 1: n_show, : 2 * n_show]
emb = keras.ops.convert_to_numpy(old.layers[1](ids)).astype("float32")
_, cells_60 = numpy_rnn.lstm(emb, weights, return_cell_states=True)
count = np.cumsum(np.where(ids[0] == A, 1, -1))                   # #a - #b so far
best_unit = int(np.argmax([abs(np.corrcoef(cells_60[0, :, k], count)[0, 1]) for k in range(u)]))
fig, ax = plt.subplots(figsize=(6, 3))
ax.plot(cells_60[0, :, best_unit], label=f"c_t, unit {best_unit}")
ax.axvline(n_show - 0.5, color="gray", linestyle=":", label="first b")
ax.set(xlabel="step t", ylabel="cell state", title=f"the 1997 LSTM on a^{n_show} b^{n_show}")
ax.legend()
plt.show()

# %% tags=["nbval-ignore-output"]
correlation = abs(np.corrcoef(cells_60[0, :, best_unit], count)[0, 1])
cu.print_metrics(correlation_of_the_best_unit_with_the_count=correlation)
assert claim.at_least("the best unit's correlation with #a - #b", correlation, 0.9)

# %% [markdown]
# ## Check your understanding
#
# 1. Why does the GRU's state stay in $(-1, 1)$ whatever its weights, and the LSTM's cell state not?
# 2. The 1997 cell has the same number of parameters as Keras' LSTM here. How many of them does training
#    actually use?
# 3. What would the 1997 cell do on one long stream of $a^n b^n$ sequences, one after the other, if it had
#    learned to count each one up and down? What if a sequence broke off halfway?

# %% [markdown]
# ## What to try
#
# Put a change into `CHANGES` (in the CONFIG cell, at the top) and run the whole notebook again. A claim that
# no longer holds then prints one line, "with your settings ... is ...; with the notebook's it is at least ...",
# and the notebook goes on.
#
# - `CHANGES = dict(epochs=36)`: three times the budget. Does the GRU get past 20 now? Does today's LSTM?
# - `CHANGES = dict(longest_trained=10)`: shorter training sequences. How far does each cell reach?
# - `CHANGES = dict(units=2)`: two units. Which cell still counts?

# %% [markdown]
# ## Summary
# - A cell state that is a sum (the LSTM's) can hold a count; a state that is an average of bounded values
#   (the GRU's) holds one only to a limited precision: the GRU does not count far beyond its training lengths.
# - The LSTM of 1997 is Keras' LSTM with the forget gate pinned at 1 (constraints on three weight slices); it
#   only adds to its cell, counts furthest here, and cannot forget.

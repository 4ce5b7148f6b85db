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
# # Exercise 03.1 · Counting the parameters of recurrent layers
#
# Goes with notebook 03. A recurrent layer reads inputs of **d = 100** numbers and has **u = 64** units.
# How many trainable parameters does Keras give each of these layers?
#
# 1. `SimpleRNN(64)`
# 2. `GRU(64)` — Keras' default, `reset_after=True`
# 3. `GRU(64, reset_after=False)`
# 4. `LSTM(64)`
# 5. `Bidirectional(LSTM(64))`
#
# Hint: count, for each gate, an input matrix, a recurrent matrix and a bias.
#
# **How to answer.** Replace each `...` with your answer: a count is a whole number (arithmetic such as
# `2 * 3 * 128` is fine). Then run the check cell below it: it lists what is off first, in the order asked.

# %%
try:
    import course_utils as cu
except ModuleNotFoundError:  # opened outside the kit's environment
    raise ModuleNotFoundError("This notebook needs the course kit (course_utils). In the kit's folder run "
                              "`pip install -r requirements.txt`, then restart the kernel; on Colab or a hub, "
                              "see the kit's README, 'Colab, JupyterHub, Binder'.") from None

cu.setup(seed=0)

# %%
simple_rnn = 64 * (100 + 64 + 1)  # SOLUTION
gru = 3 * 64 * (100 + 64 + 2)  # SOLUTION
gru_reset_after_false = 3 * 64 * (100 + 64 + 1)  # SOLUTION
lstm = 4 * 64 * (100 + 64 + 1)  # SOLUTION
bidirectional_lstm = 2 * 4 * 64 * (100 + 64 + 1)  # SOLUTION

# %%
import course_utils as cu  # so that this cell also runs on its own, e.g. after a restart

result = cu.checks.ex03_1(simple_rnn=simple_rnn, gru=gru, gru_reset_after_false=gru_reset_after_false,
                          lstm=lstm, bidirectional_lstm=bidirectional_lstm)
result

# %%
### BEGIN HIDDEN TESTS
assert result.passed, result
### END HIDDEN TESTS

# %% [markdown]
# **Question.** Where do the extra $3u$ parameters of `reset_after=True` come from?

# %% [markdown]
# ### BEGIN SOLUTION
# With `reset_after=True` the reset gate multiplies the product $W^{(h)} h_{t-1}$ (the lecture's GRU: W on the previous
# state, U on the word) *after* it is computed, and Keras keeps
# a separate bias for the recurrent products of each of the three blocks (z, r, h): `bias` has shape
# $(2, 3u)$ instead of $(3u,)$ — one extra bias vector of $u$ numbers per gate.
# ### END SOLUTION

# %% [markdown]
# ## See it in Keras

# %%
import keras

recurrent_layers = {"simple_rnn": keras.layers.SimpleRNN(64), "gru": keras.layers.GRU(64),
                    "gru_reset_after_false": keras.layers.GRU(64, reset_after=False), "lstm": keras.layers.LSTM(64),
                    "bidirectional_lstm": keras.layers.Bidirectional(keras.layers.LSTM(64))}
for name, layer in recurrent_layers.items():
    layer.build((None, None, 100))
    assert cu.checks.ex03_1.accepts(**{name: layer.count_params()}), name
    if result.passed:
        print(f"{name:<22} {layer.count_params():>7,}")
if not result.passed:
    print("Finish the check above first; then run this cell again to see Keras' counts.")

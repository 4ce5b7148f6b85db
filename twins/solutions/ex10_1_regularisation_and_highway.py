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
# # Exercise 10.1 · Regularisation and highway layers: dimensions
#
# Goes with notebook 10 (regularisation and depth). Slide convention: vectors are columns, a matrix that reads
# $n$ numbers and produces $m$ is $m \times n$; write shapes as `(rows, cols)`. Keras shapes are written as
# Keras stores them (kernels are inputs x outputs, biases and $\gamma$, $\beta$ are 1-D, e.g. `(300,)`).
#
# **1. A highway layer** on 256-dimensional inputs, $y = T \odot H(x) + (1 - T) \odot x$ with
# $H(x) = \mathrm{relu}(W_H x + b_H)$ and $T = \sigma(W_T x + b_T)$ (`cu.layers.Highway`):
# the slide shapes of $W_H$, $b_H$, $W_T$, $b_T$; the Keras shape of $b_T$; its number of parameters.
#
# **2. A layer-normalised LSTM** with 128 units reading 64-dimensional inputs (`cu.layers.LayerNormLSTMCell`).
# In the lecture's letters (W multiplies the previous state, U the current input), each gate is
# $\sigma\big(\mathrm{LN}_{\gamma,\beta}(W_f h_{t-1} + U_f e_t)\big)$ (here the forget gate), normalised over
# the gate's 128 units with its own $\gamma$ and $\beta$; the cell state is normalised before its tanh,
# $h_t = o_t \circ \tanh(\mathrm{LN}(c_t))$, with a $\gamma$ and $\beta$ of its own. $\beta$ takes the place of
# the bias, so the cell has no separate bias. Give the slide shapes of $W_f$ and $U_f$; the Keras shapes of
# `kernel` and `recurrent_kernel` (gates i, f, c, o side by side), of `gate_gamma` (all four gates in one
# weight, like Keras' bias) and of `cell_gamma`; and the number of parameters, $\gamma$ and $\beta$ included.
#
# **3. Variational dropout.** A batch of 32 sentences of 20 words, each word a 64-dimensional vector:
# `Dropout(0.5, noise_shape=...)` must draw one mask per sentence and use it at every word. What is
# `noise_shape`? And `LSTM(128, recurrent_dropout=0.5)` multiplies $h_{t-1}$ by a mask drawn once per batch
# and reused at every step (Keras draws one for each gate): what is the shape of each such mask?
#
# **How to answer.** Replace each `...` with your answer: a shape is a tuple of whole numbers, `(rows, cols)`
# for a matrix and `(n, 1)` for a column vector (a Keras shape has as many numbers as the tensor has axes,
# e.g. `(300,)` or `(2, 5, 7)`); a count is a whole number (arithmetic such as `2 * 3 * 128` is fine). Then
# run the check cell below it: it lists what is off first, in the order asked.

# %%
try:
    import course_utils as cu
except ModuleNotFoundError:  # opened outside the kit's environment
    raise ModuleNotFoundError("This notebook needs the course kit (course_utils). In the kit's folder run "
                              "`pip install -r requirements.txt`, then restart the kernel; on Colab or a hub, "
                              "see the kit's README, 'Colab, JupyterHub, Binder'.") from None

cu.setup(seed=0)

# %%
W_H = (256, 256)  # SOLUTION
b_H = (256, 1)  # SOLUTION
W_T = (256, 256)  # SOLUTION
b_T = (256, 1)  # SOLUTION
keras_b_T = (256,)  # SOLUTION
params_highway = 2 * (256 * 256 + 256)  # SOLUTION
W_f = (128, 128)  # SOLUTION
U_f = (128, 64)  # SOLUTION
kernel = (64, 4 * 128)  # SOLUTION
recurrent_kernel = (128, 4 * 128)  # SOLUTION
gate_gamma = (4 * 128,)  # SOLUTION
cell_gamma = (128,)  # SOLUTION
params_ln_lstm = 64 * 512 + 128 * 512 + 2 * 512 + 2 * 128  # SOLUTION
noise_shape = (32, 1, 64)  # SOLUTION
recurrent_mask = (32, 128)  # SOLUTION

# %%
import course_utils as cu  # so that this cell also runs on its own, e.g. after a restart

result = cu.checks.ex10_1(W_H=W_H, b_H=b_H, W_T=W_T, b_T=b_T, keras_b_T=keras_b_T, params_highway=params_highway,
                          W_f=W_f, U_f=U_f, kernel=kernel, recurrent_kernel=recurrent_kernel, gate_gamma=gate_gamma,
                          cell_gamma=cell_gamma, params_ln_lstm=params_ln_lstm, noise_shape=noise_shape,
                          recurrent_mask=recurrent_mask)
result

# %%
### BEGIN HIDDEN TESTS
assert result.passed, result
### END HIDDEN TESTS

# %% [markdown]
# **Question.** Why does the layer-normalised LSTM need no bias, and why must the time axis of `noise_shape`
# be 1 for the dropout to be variational?

# %% [markdown]
# ### BEGIN SOLUTION
# Layer normalisation subtracts the mean over the gate's units, so a bias added before it would be partly
# cancelled; $\beta$, added after the normalisation, does the bias's job (one number per unit). A dimension of
# size 1 in `noise_shape` is broadcast: the mask drawn for a sentence is the same at all 20 time steps, so the
# same features are dropped at every word, instead of a fresh mask per word.
# ### END SOLUTION

# %% [markdown]
# ## See it in Keras
#
# The layers built at the exercise's sizes (`cu.shapes.regularisation_layers`), each weight with its Keras
# shape, and the dropout masks drawn on a batch of ones.

# %%
import numpy as np

built = cu.shapes.regularisation_layers(**cu.checks.ex10_1.sizes)
assert cu.checks.ex10_1.accepts(params_highway=built["highway"].count_params(),
                                params_ln_lstm=built["ln_lstm"].count_params())
if result.passed:
    cu.print_table([(f"{name}.{w.name}", tuple(w.shape)) for name in ("highway", "ln_lstm")
                    for w in built[name].weights], ["Keras weight", "shape"])
    kept = np.asarray(built["input_dropout"](np.ones((32, 20, 64), "float32"), training=True)) != 0
    print("input mask the same at all 20 steps:", bool((kept == kept[:, :1]).all()),
          "| differs between sentences:", bool((kept != kept[:1]).any()))
else:
    print("Finish the check above first; then run this cell again to see the real Keras layers.")

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
# # Exercise 02.1 · The simple RNN with one stacked matrix
#
# Goes with notebook 02. Many texts write the simple RNN cell as
#
# $$ a_t = \tanh\big(W_{aa}\, a_{t-1} + W_{ax}\, x_t + b_a\big) = \tanh\big(W_a [a_{t-1}; x_t] + b_a\big),
#    \qquad W_a = [\,W_{aa} \mid W_{ax}\,], $$
#
# stacking the previous state on top of the input and putting the two matrices side by side. With a state
# of $n_a = 64$ numbers and inputs of $n_x = 100$, give the dimensions (`(rows, cols)`, vectors as columns)
# of $W_{aa}$, $W_{ax}$, $W_a$, the stacked vector $[a_{t-1}; x_t]$ and $a_t$.
#
# **How to answer.** Replace each `...` with your answer: a shape is a tuple of whole numbers, `(rows, cols)`
# for a matrix and `(n, 1)` for a column vector. Then run the check cell below it: it lists what is off first,
# in the order asked.

# %%
try:
    import course_utils as cu
except ModuleNotFoundError:  # opened outside the kit's environment
    raise ModuleNotFoundError("This notebook needs the course kit (course_utils). In the kit's folder run "
                              "`pip install -r requirements.txt`, then restart the kernel; on Colab or a hub, "
                              "see the kit's README, 'Colab, JupyterHub, Binder'.") from None

cu.setup(seed=0)

import numpy as np

# %%
W_aa = (64, 64)  # SOLUTION
W_ax = (64, 100)  # SOLUTION
W_a = (64, 164)  # SOLUTION
stacked = (164, 1)  # SOLUTION
a_t = (64, 1)  # SOLUTION

# %%
import course_utils as cu  # so that this cell also runs on its own, e.g. after a restart

result = cu.checks.ex02_1(W_aa=W_aa, W_ax=W_ax, W_a=W_a, stacked=stacked, a_t=a_t)
result

# %%
### BEGIN HIDDEN TESTS
assert result.passed, result
### END HIDDEN TESTS

# %% [markdown]
# ## See it in NumPy and Keras
#
# Both forms give the same state, and they equal a Keras `SimpleRNN` step (whose `kernel` is $W_{ax}^\top$
# and `recurrent_kernel` $W_{aa}^\top$).

# %%
import keras

n_a, n_x = 64, 100
rng = np.random.default_rng(0)
layer = keras.layers.SimpleRNN(n_a)
layer.build((None, None, n_x))
kernel, recurrent_kernel, b_a = layer.get_weights()
W_ax_, W_aa_ = kernel.T, recurrent_kernel.T
W_a_ = np.concatenate([W_aa_, W_ax_], axis=1)
a_prev = rng.normal(size=n_a).astype("float32")
x_t = rng.normal(size=n_x).astype("float32")

two_matrices = np.tanh(W_aa_ @ a_prev + W_ax_ @ x_t + b_a)
one_matrix = np.tanh(W_a_ @ np.concatenate([a_prev, x_t]) + b_a)
keras_step = keras.ops.convert_to_numpy(layer(x_t[None, None, :], initial_state=[a_prev[None, :]]))[0]
assert np.allclose(two_matrices, one_matrix, atol=1e-5) and np.allclose(one_matrix, keras_step, atol=1e-5)
if result.passed:
    print("W_a:", W_a_.shape, " [a_{t-1}; x_t]:", np.concatenate([a_prev, x_t]).shape, " a_t:", one_matrix.shape)
    print("the two forms and Keras agree to 1e-5")
else:
    print("Finish the check above first; then run this cell again.")

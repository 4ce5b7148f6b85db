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
# # Exercise 03.3 · Write one LSTM step
#
# Goes with notebook 03 (GRU and LSTM), section 2. Write one LSTM step in NumPy: given the previous state
# $h_{t-1}$, the previous cell state $c_{t-1}$ and the current input $e_t$, return $(h_t, c_t)$:
#
# $$
# \begin{aligned}
# i_t &= \sigma\big(W^{(i)} h_{t-1} + U^{(i)} e_t + b^{(i)}\big) && \text{input gate}\\
# f_t &= \sigma\big(W^{(f)} h_{t-1} + U^{(f)} e_t + b^{(f)}\big) && \text{forget gate}\\
# \tilde c_t &= \tanh\big(W^{(c)} h_{t-1} + U^{(c)} e_t + b^{(c)}\big) && \text{candidate cell}\\
# q_t &= \sigma\big(W^{(q)} h_{t-1} + U^{(q)} e_t + b^{(q)}\big) && \text{output gate (the lectures' } o_t)\\
# c_t &= f_t \odot c_{t-1} + i_t \odot \tilde c_t, \qquad h_t = q_t \odot \tanh(c_t)
# \end{aligned}
# $$
#
# Notebook 03 explains the letters: W multiplies the previous state and U the input, as in the main lecture, and
# the output gate is $q$ because $W^{(o)}$ is the output layer everywhere in the kit. Vectors are **columns**; for
# $B$ sequences at once `h_prev` and `c_prev` are $u \times B$ and `e` is $d \times B$. `p` is a dict of NumPy
# arrays: `p["W_i"]` ($u \times u$), `p["U_i"]` ($u \times d$), `p["b_i"]` ($u \times 1$), and the same for
# `f`, `c` and `q`. `cu.numpy_rnn.sigmoid` is $\sigma$.
#
# **How to answer.** Write the body of `lstm_step` where it says `...` and return the tuple `(h, c)`; then run the
# check cell. It compares both with Keras' `LSTMCell` carrying the same weights, on batches of its own, and names
# the known mistake a wrong result matches: the slide slip $h_t = q_t \odot \tanh(\tilde c_t)$, the input and
# forget gates swapped, a missing gate or tanh.

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

from course_utils.numpy_rnn import sigmoid


def lstm_step(h_prev, c_prev, e, p):
    """One LSTM step: h_prev, c_prev (u x B), e (d x B), p the matrices by name -> (h, c), each u x B."""
    ### BEGIN SOLUTION
    i = sigmoid(p["W_i"] @ h_prev + p["U_i"] @ e + p["b_i"])
    f = sigmoid(p["W_f"] @ h_prev + p["U_f"] @ e + p["b_f"])
    c_candidate = np.tanh(p["W_c"] @ h_prev + p["U_c"] @ e + p["b_c"])
    q = sigmoid(p["W_q"] @ h_prev + p["U_q"] @ e + p["b_q"])
    c = f * c_prev + i * c_candidate
    return q * np.tanh(c), c
    ### END SOLUTION


# %%
import course_utils as cu  # so that this cell also runs on its own, e.g. after a restart

result = cu.checks.ex03_3(lstm_step)
result

# %%
### BEGIN HIDDEN TESTS
assert result.passed, result
### END HIDDEN TESTS

# %% [markdown]
# **Question.** With $f_t \approx 1$ and $i_t \approx 0$ (one of the check's limiting cases), what is $c_t$? Why
# does that let a gradient reach $c_{t-k}$ undiminished, and what does the original LSTM of 1997, which had no
# forget gate ($c_t = c_{t-1} + i_t \odot \tilde c_t$), always do?

# %% [markdown]
# ### BEGIN SOLUTION
# $c_t \approx c_{t-1}$: the cell is copied, so $\partial c_t / \partial c_{t-1} = f_t \approx 1$ and a gradient
# passes back through many steps without shrinking (the *constant error carousel*). The 1997 LSTM always copied its
# cell ($f_t = 1$ fixed) and could only add to it; the forget gate (Gers et al., 2000) lets the network also erase.
# The cell below checks $c_t = c_{t-1}$ with your function.
# ### END SOLUTION

# %% [markdown]
# ## See it numerically

# %%
rng = np.random.default_rng(0)
d, u, B = 3, 4, 5
p = {f"{m}_{g}": rng.normal(0, 0.6, (u, u) if m == "W" else (u, d) if m == "U" else (u, 1))
     for g in "ifcq" for m in ("W", "U", "b")}
h_prev, c_prev, e = rng.normal(0, 1, (u, B)), rng.normal(0, 1, (u, B)), rng.normal(0, 1, (d, B))
if result.passed:
    _, carried = lstm_step(h_prev, c_prev, e, {**p, "b_f": np.full((u, 1), 30.0), "b_i": np.full((u, 1), -30.0)})
    print("f ≈ 1, i ≈ 0: c_t equals c_(t-1) to 1e-6:", bool(np.allclose(carried, c_prev, atol=1e-6)))
else:
    print("Finish the check above first; then run this cell again.")

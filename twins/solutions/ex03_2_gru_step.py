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
# # Exercise 03.2 · Write one GRU step
#
# Goes with notebook 03 (GRU and LSTM), section 1. Write the lecture's GRU step in NumPy: given the previous
# state $h_{t-1}$ and the current word's embedding $e_t$, return $h_t$:
#
# $$
# \begin{aligned}
# z_t &= \sigma\big(W^{(z)} h_{t-1} + U^{(z)} e_t + b^{(z)}\big) && \text{update gate}\\
# r_t &= \sigma\big(W^{(r)} h_{t-1} + U^{(r)} e_t + b^{(r)}\big) && \text{reset gate}\\
# \tilde h_t &= \tanh\big(r_t \odot (W^{(h)} h_{t-1}) + W^{(e)} e_t + b^{(h)}\big) && \text{candidate}\\
# h_t &= z_t \odot h_{t-1} + (1 - z_t) \odot \tilde h_t
# \end{aligned}
# $$
#
# As on the slides, vectors are **columns** and a matrix that reads $n$ numbers and produces $m$ is
# $m \times n$. To process $B$ sentences at once, put their vectors side by side as the columns of a matrix:
# `h_prev` is $u \times B$ and `e` is $d \times B$; return `h` of shape $u \times B$.
# `p` is a dict of NumPy arrays named as in the equations: `p["W_z"]` ($u \times u$), `p["U_z"]` ($u \times d$),
# `p["b_z"]` ($u \times 1$), likewise `W_r`, `U_r`, `b_r`, and `W_h` ($u \times u$), `W_e` ($u \times d$), `b_h`.
# `cu.numpy_rnn.sigmoid` is $\sigma$.
#
# **How to answer.** Write the body of `gru_step` where it says `...`, then run the check cell below it. The check
# calls your function on batches, sizes and weights of its own and compares $h_t$ with Keras' `GRUCell` carrying
# the same weights (Keras' default `reset_after=True` with its second, recurrent bias at zero is exactly this GRU).
# When a result is off it says which known mistake it matches, if any: $z$ and $1 - z$ swapped, the reset gate
# applied before $W^{(h)}$ instead of after it, a transposed matrix, ...
#
# *Στα ελληνικά.* Γράψτε σε NumPy ένα βήμα του GRU της διάλεξης: με δεδομένα την προηγούμενη κατάσταση
# $h_{t-1}$ ($u \times B$, μία στήλη ανά πρόταση) και το διάνυσμα της τρέχουσας λέξης $e_t$ ($d \times B$),
# επιστρέψτε την $h_t$ ($u \times B$) με τις παραπάνω εξισώσεις. Το λεξικό `p` έχει τους πίνακες με τα ονόματα
# των εξισώσεων. Γράψτε το σώμα της `gru_step` εκεί που λέει `...` και εκτελέστε το κελί ελέγχου από κάτω.

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


def gru_step(h_prev, e, p):
    """One GRU step of the lecture: h_prev (u x B), e (d x B), p the matrices by name -> h (u x B)."""
    ### BEGIN SOLUTION
    z = sigmoid(p["W_z"] @ h_prev + p["U_z"] @ e + p["b_z"])
    r = sigmoid(p["W_r"] @ h_prev + p["U_r"] @ e + p["b_r"])
    h_candidate = np.tanh(r * (p["W_h"] @ h_prev) + p["W_e"] @ e + p["b_h"])
    return z * h_prev + (1 - z) * h_candidate
    ### END SOLUTION


# %%
import course_utils as cu  # so that this cell also runs on its own, e.g. after a restart

result = cu.checks.ex03_2(gru_step)
result

# %%
### BEGIN HIDDEN TESTS
assert result.passed, result
### END HIDDEN TESTS

# %% [markdown]
# **Question.** In the check's limiting cases, $b^{(z)} = 30$ makes $z_t \approx 1$, and $b^{(z)} = -30$ with
# $b^{(r)} = 30$ makes $z_t \approx 0$ and $r_t \approx 1$. What does $h_t$ become in each case, and which of the
# two is the simple RNN's step $\tanh(W^{(h)} h_{t-1} + W^{(e)} e_t + b)$?

# %% [markdown]
# ### BEGIN SOLUTION
# With $z_t \approx 1$ the state is copied, $h_t \approx h_{t-1}$: the GRU ignores the word (this is how it keeps
# information over many steps, and why its gradient can pass through unchanged). With $z_t \approx 0$ and
# $r_t \approx 1$, $h_t \approx \tilde h_t = \tanh(W^{(h)} h_{t-1} + W^{(e)} e_t + b^{(h)})$: exactly the simple
# RNN's step. The cell below checks both numerically.
# ### END SOLUTION

# %% [markdown]
# ## See it numerically
#
# Once your function passes, this cell runs it on the two limiting cases and measures how far $h_t$ is from
# $h_{t-1}$ and from the simple RNN's step.

# %%
rng = np.random.default_rng(0)
d, u, B = 3, 4, 5
p = {name: rng.normal(0, 0.6, (u, u) if name.startswith("W_") else (u, d) if name.startswith("U_") else (u, 1))
     for name in ("W_z", "U_z", "b_z", "W_r", "U_r", "b_r", "W_h", "b_h")}
p["W_e"] = rng.normal(0, 0.6, (u, d))
h_prev, e = rng.normal(0, 1, (u, B)), rng.normal(0, 1, (d, B))
simple_rnn_step = np.tanh(p["W_h"] @ h_prev + p["W_e"] @ e + p["b_h"])
if result.passed:
    keep = gru_step(h_prev, e, {**p, "b_z": np.full((u, 1), 30.0)})
    write = gru_step(h_prev, e, {**p, "b_z": np.full((u, 1), -30.0), "b_r": np.full((u, 1), 30.0)})
    print("z ≈ 1: h_t equals h_(t-1) to 1e-6:", bool(np.allclose(keep, h_prev, atol=1e-6)))
    print("z ≈ 0, r ≈ 1: h_t equals the simple RNN's step to 1e-6:",
          bool(np.allclose(write, simple_rnn_step, atol=1e-6)))
else:
    print("Finish the check above first; then run this cell again.")

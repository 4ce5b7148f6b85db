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
# # Exercise 02.2 · Write the simple RNN's forward pass over a padded batch
#
# Goes with notebook 02 (the simple RNN), sections 2 and 3. Write the lecture's simple RNN in NumPy over a whole
# batch of sentences of different lengths:
#
# $$ h_0 = 0, \qquad h_t = \tanh\big(W^{(h)} h_{t-1} + W^{(e)} e_t + b\big), \quad t = 1, \dots, T $$
#
# The sentences are padded to a common length $T$ and come as Keras feeds a layer: `x` has shape
# $(B, T, d)$ — sentence, step, embedding — so `x[:, t, :].T` holds the $B$ embeddings $e_t$ of step $t$ as
# **columns** ($d \times B$), as on the slides. `mask` is $(B, T)$, `True` at real words and `False` at
# padding. At a padded step the state is **carried forward unchanged** (what Keras does; the padding's vector
# must not enter the state). `p` holds `p["W_h"]` ($u \times u$), `p["W_e"]` ($u \times d$) and `p["b"]`
# ($u \times 1$). Return every state as $(B, T, u)$, like `SimpleRNN(u, return_sequences=True)`.
#
# **How to answer.** Write the body of `rnn_forward` where it says `...`, then run the check cell below it. It
# compares your states with Keras' `SimpleRNN` carrying the same weights on batches of its own (without padding,
# padded at the end, padded at the start) and names the mistake a wrong result matches: the mask ignored, zeros
# at the padded steps, $W^{(h)}$ transposed.
#
# *Στα ελληνικά.* Γράψτε σε NumPy το απλό RNN της διάλεξης για μια παρτίδα προτάσεων διαφορετικού μήκους,
# συμπληρωμένων (padding) ως το μήκος $T$: το `x` είναι $(B, T, d)$, η μάσκα `mask` $(B, T)$ είναι `True` στις
# πραγματικές λέξεις και `False` στο συμπλήρωμα, όπου η κατάσταση μένει ίδια. Επιστρέψτε όλες τις καταστάσεις,
# $(B, T, u)$. Γράψτε το σώμα της `rnn_forward` εκεί που λέει `...` και εκτελέστε το κελί ελέγχου από κάτω.

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


def rnn_forward(x, mask, p):
    """The simple RNN over a padded batch: x (B, T, d), mask (B, T) -> every state (B, T, u); h_0 = 0."""
    ### BEGIN SOLUTION
    h = np.zeros((p["W_h"].shape[0], x.shape[0]))               # u x B: one column per sentence
    states = []
    for t in range(x.shape[1]):
        e_t = x[:, t, :].T                                        # d x B
        new = np.tanh(p["W_h"] @ h + p["W_e"] @ e_t + p["b"])
        h = np.where(mask[:, t], new, h)                          # padded columns keep their state
        states.append(h.T)
    return np.stack(states, axis=1)
    ### END SOLUTION


# %%
import course_utils as cu  # so that this cell also runs on its own, e.g. after a restart

result = cu.checks.ex02_2(rnn_forward)
result

# %%
### BEGIN HIDDEN TESTS
assert result.passed, result
### END HIDDEN TESTS

# %% [markdown]
# **Question.** A sentence of 3 words padded to $T = 6$: what are its states at steps 4, 5 and 6, and why does
# that make the **last** state of every sentence sit at step $T$, whatever its length? What would go wrong in a
# classifier that reads the state at step $T$ if the mask were ignored?

# %% [markdown]
# ### BEGIN SOLUTION
# They all equal $h_3$: the padded steps carry the state forward. So the state at step $T$ is each sentence's
# own last state, and a classifier can read step $T$ for the whole batch. Without the mask, steps 4-6 would read
# the padding's vector and change the state: the prediction for a sentence would depend on how much padding
# its batch needed, i.e. on the other sentences in the batch. The cell below checks the first point.
# ### END SOLUTION

# %% [markdown]
# ## See it numerically

# %%
rng = np.random.default_rng(0)
d, u = 3, 4
p = {"W_h": rng.normal(0, 0.6, (u, u)), "W_e": rng.normal(0, 0.6, (u, d)), "b": rng.normal(0, 0.6, (u, 1))}
x = rng.normal(0, 1, (2, 6, d))
mask = np.array([[True] * 3 + [False] * 3, [True] * 6])
if result.passed:
    states = rnn_forward(x, mask, p)
    alone = rnn_forward(x[:1, :3], mask[:1, :3], p)
    repeated = bool(np.array_equal(states[0, 3:], np.repeat(states[:1, 2], 3, axis=0)))
    print("the padded steps repeat the last real state:", repeated)
    print("padding changes no real state:", bool(np.allclose(states[0, :3], alone[0], atol=1e-12)))
else:
    print("Finish the check above first; then run this cell again.")

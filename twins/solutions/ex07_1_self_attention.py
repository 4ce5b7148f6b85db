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
# # Exercise 07.1 · Write deep self-attention over a padded batch
#
# Goes with notebook 07 (the RNN with deep self-attention), section 1. An MLP of $l$ layers gives the state $h_i$ of
# every word a score, a softmax over the words turns the scores into weights $a_i$, and the weights mix the states
# into one vector for the text:
#
# $$ a_i^{(1)} = \tanh\big(W^{(1)} h_i + b^{(1)}\big), \quad
#    a_i^{(m)} = \tanh\big(W^{(m)} a_i^{(m-1)} + b^{(m)}\big) \ (1 < m < l), \quad
#    s_i = W^{(l)} a_i^{(l-1)} + b^{(l)}, $$
#
# $$ a_i = \frac{\exp(s_i)}{\sum_{j=1}^{k} \exp(s_j)}, \qquad h_{\text{sum}} = \sum_{i=1}^{k} a_i h_i . $$
#
# The hidden layers have a tanh, the last layer (one unit) has none. Texts come padded to a common length $T$, as
# Keras feeds a layer: `H` is $(B, T, u)$, the states of each text (the padded steps hold numbers too), and `mask`
# is $(B, T)$, `True` at the $k$ real words and `False` at padding. The softmax runs over each text's real words
# only: the padding's weight is **exactly 0** and the real words' weights sum to 1. `p` holds the MLP's weights in
# slide shapes as two lists, `p["W"]` $= [W^{(1)}, \dots, W^{(l)}]$ and `p["b"]` $= [b^{(1)}, \dots, b^{(l)}]$:
# $W^{(1)}$ is $k_1 \times u$, $W^{(m)}$ is $k_m \times k_{m-1}$, $W^{(l)}$ is $1 \times k_{l-1}$, and each $b^{(m)}$
# is a column ($b^{(l)}$ is $1 \times 1$); `p["W"][0]` is $W^{(1)}$. Return `(a, h_sum)`: the weights $(B, T)$ and
# the text vectors $(B, u)$, as `cu.layers.SelfAttention(..., return_attention_scores=True)` gives them.
#
# **How to answer.** Write the body of `self_attention` where it says `...` (any number of layers), then run the
# check cell below it. It compares your weights and $h_{\text{sum}}$ with `cu.layers.SelfAttention` carrying the
# same weights, on batches of its own (one and two hidden layers, with and without padding, and one where every
# score is negative) and names the mistake a wrong result matches: the mask ignored, the softmax taken before
# masking, padded scores set to 0, the softmax over the batch or over the units, the hidden layers without tanh, a
# tanh or sigmoid on the score, $h_{\text{sum}}$ the mean of the states.
#
# *Στα ελληνικά.* Γράψτε σε NumPy τη βαθιά αυτο-προσοχή (deep self-attention) της διάλεξης: ένα MLP με $l$
# επίπεδα (tanh στα κρυφά, κανένα στο τελευταίο) βαθμολογεί την κατάσταση $h_i$ κάθε λέξης, ένα softmax μόνο πάνω
# στις πραγματικές λέξεις κάθε κειμένου δίνει τα βάρη $a_i$ (ακριβώς 0 στο συμπλήρωμα) και
# $h_{\text{sum}} = \sum_i a_i h_i$. Το `H` είναι $(B, T, u)$, η μάσκα `mask` $(B, T)$ είναι `True` στις
# πραγματικές λέξεις, και το `p` έχει τις λίστες `p["W"]` και `p["b"]` με τους πίνακες των επιπέδων σε διαστάσεις
# διαφάνειας. Επιστρέψτε `(a, h_sum)`, $(B, T)$ και $(B, u)$. Γράψτε το σώμα της `self_attention` εκεί που λέει
# `...` και εκτελέστε το κελί ελέγχου από κάτω.

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


def self_attention(H, mask, p):
    """H (B, T, u), mask (B, T), p["W"] and p["b"] the MLP's layers -> a (B, T), h_sum (B, u)."""
    ### BEGIN SOLUTION
    x = H                                                      # rows: x @ W.T is W x for every word at once
    for W, b in zip(p["W"][:-1], p["b"][:-1]):
        x = np.tanh(x @ W.T + b.T)                             # hidden layers: (B, T, k_m)
    s = (x @ p["W"][-1].T + p["b"][-1].T)[..., 0]              # the last layer, no tanh: scores (B, T)
    s = np.where(mask, s, -1e9)                                # padding: weight exp(-1e9) = 0
    a = np.exp(s - s.max(axis=1, keepdims=True))
    a = a / a.sum(axis=1, keepdims=True)                       # softmax over the words of each text
    return a, np.einsum("bt,btu->bu", a, H)
    ### END SOLUTION


# %%
import course_utils as cu  # so that this cell also runs on its own, e.g. after a restart

result = cu.checks.ex07_1(self_attention)
result

# %%
### BEGIN HIDDEN TESTS
assert result.passed, result
### END HIDDEN TESTS

# %% [markdown]
# **Question.** The last layer has no tanh. If it had one, every score would lie in $(-1, 1)$: what is then the
# largest weight one word can get in a text of $k = 20$ words, and what does that mean for a moderation model that
# should point at the one abusive word? And why does the score's bias $b^{(l)}$ change no weight at all?

# %% [markdown]
# ### BEGIN SOLUTION
# With scores in $(-1, 1)$ the ratio of two weights is at most $e^{2} \approx 7.4$, so the largest weight is below
# $e^{2} / (e^{2} + k - 1) \approx 0.28$ for $k = 20$: attention could never focus on one word, and the abusive word
# would be mixed with the other 19 in $h_{\text{sum}}$. A linear score can be as large as the word needs. The bias
# $b^{(l)}$ adds the same number to every word's score, and the softmax does not change when all its inputs move
# alike ($e^{s_i + c} / \sum_j e^{s_j + c} = e^{s_i} / \sum_j e^{s_j}$), so it gets no gradient either. The cell
# below checks both points, and that the padding's states change nothing.
# ### END SOLUTION

# %% [markdown]
# ## See it numerically

# %%
rng = np.random.default_rng(0)
u, k = 4, 5
p = {"W": [rng.normal(0, 0.8, (k, u)), rng.normal(0, 0.8, (1, k))], "b": [rng.normal(0, 0.8, (k, 1)), np.zeros((1, 1))]}
H = rng.normal(0, 1, (2, 6, u))
mask = np.array([[True] * 3 + [False] * 3, [True] * 6])
if result.passed:
    a, h_sum = self_attention(H, mask, p)
    shifted = self_attention(H, mask, {"W": p["W"], "b": [p["b"][0], np.array([[5.0]])]})
    other_padding = self_attention(np.where(mask[:, :, None], H, 100.0), mask, p)
    print("the weights sum to 1 over the real words, padding gets exactly 0:",
          bool(np.allclose(a.sum(axis=1), 1.0)) and bool(np.all(a[~mask] == 0)))
    print("b(l) changes no weight:", bool(np.allclose(shifted[0], a, atol=1e-12)))
    print("the padding's states change nothing:", bool(np.allclose(other_padding[1], h_sum, atol=1e-12)))
    k_words = 20
    print(f"with a tanh on the scores, the largest weight among {k_words} words is below",
          round(float(np.exp(2) / (np.exp(2) + k_words - 1)), 2))
else:
    print("Finish the check above first; then run this cell again.")

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
# # Exercise 09.2 · Write attention with the lecture's score functions
#
# Goes with notebook 09 (seq2seq with attention), section 2. At output step $t$ the decoder's state $s_t$ scores
# every encoder state $h_j$, the scores become weights, and the weights mix the encoder states into a context:
#
# $$ e_{tj} = \mathrm{score}(s_t, h_j), \qquad \alpha_t = \mathrm{softmax}(e_t), \qquad z_t = \sum_j \alpha_{tj} h_j $$
#
# | `score` | $e_{tj}$ | `p` (slide shapes) |
# |---|---|---|
# | `"dot"` | $s_t^\top h_j$ | nothing ($d_s = d_h$) |
# | `"scaled_dot"` | $s_t^\top h_j / \sqrt{d_h}$ | nothing ($d_s = d_h$) |
# | `"general"` | $s_t^\top W_a h_j$ | `p["W_a"]`: $d_s \times d_h$ |
# | `"additive"` | $v_a^\top \tanh(W_a [s_t; h_j])$ | `p["W_a"]`: units $\times (d_s + d_h)$, `p["v_a"]`: units $\times 1$ |
# | `"location"` | $(W_a s_t)_j$: the decoder state alone | `p["W_a"]`: $n_{\max} \times d_s$, one row per source position |
# | `"cosine"` | $\cos(s_t, h_j) = s_t^\top h_j / (\lVert s_t \rVert\, \lVert h_j \rVert)$ | nothing ($d_s = d_h$) |
#
# Write `attention(s, H, mask, p, score)` for a batch of $B$ sentences, in NumPy. The inputs come as Keras feeds
# a layer: `s` is $(B, d_s)$, row $b$ holding $s_t$ of sentence $b$; `H` is $(B, n, d_h)$, the encoder states of
# each sentence padded to $n$ positions; `mask` is $(B, n)$, `True` at real words and `False` at padding. The
# location score's $W_a$ has a row for each position up to the longest source the model accepts, $n_{\max}$;
# a batch of $n \le n_{\max}$ positions uses the first $n$ scores. Return `(alpha, z)`: the weights $(B, n)$,
# **exactly 0 at padding** and summing to 1 over each sentence's real words, and the contexts $(B, d_h)$.
#
# **How to answer.** Write the body of `attention` where it says `...` (one branch per score), then run the check
# cell below it. The check has one item per score: it compares your weights and contexts with the kit's layer
# `cu.layers.EncoderDecoderAttention` carrying the same weights, on padded batches of its own, and names the
# mistake a wrong result matches: the mask ignored or applied after the softmax, the softmax over the wrong
# axis, the general score's $W_a$ transposed, the additive score without tanh or with $[h_j; s_t]$, ...

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


def attention(s, H, mask, p, score):
    """s (B, d_s), H (B, n, d_h), mask (B, n), p the score's weights -> alpha (B, n), z (B, d_h)."""
    ### BEGIN SOLUTION
    if score in ("dot", "scaled_dot"):
        e = np.einsum("bd,bjd->bj", s, H)                     # s_t^T h_j for every j
        if score == "scaled_dot":
            e = e / np.sqrt(H.shape[-1])
    elif score == "cosine":
        e = np.einsum("bd,bjd->bj", s, H) / np.linalg.norm(s, axis=-1)[:, None] / np.linalg.norm(H, axis=-1)
    elif score == "general":
        e = np.einsum("bd,de,bje->bj", s, p["W_a"], H)        # s_t^T W_a h_j
    elif score == "additive":
        d_s = s.shape[-1]
        W_s, W_h = p["W_a"][:, :d_s], p["W_a"][:, d_s:]      # W_a [s; h] = W_s s + W_h h
        e = np.tanh((s @ W_s.T)[:, None, :] + H @ W_h.T) @ p["v_a"][:, 0]
    elif score == "location":
        e = (s @ p["W_a"].T)[:, :H.shape[1]]                  # W_a s_t, the first n positions
    e = np.where(mask, e, -1e9)                               # padding: weight exp(-1e9) = 0
    alpha = np.exp(e - e.max(axis=1, keepdims=True))
    alpha = alpha / alpha.sum(axis=1, keepdims=True)
    return alpha, np.einsum("bj,bjd->bd", alpha, H)
    ### END SOLUTION


# %%
import course_utils as cu  # so that this cell also runs on its own, e.g. after a restart

result = cu.checks.ex09_2(attention)
result

# %%
### BEGIN HIDDEN TESTS
assert result.passed, result
### END HIDDEN TESTS

# %% [markdown]
# **Question.** A sentence of 3 words sits in a batch padded to $n = 5$. If the padding's weights were set to 0
# *after* the softmax, what would happen to its context $z_t$, and why would that depend on the other sentences
# of the batch? The location score never reads $h_j$: why does it still need the mask?

# %% [markdown]
# ### BEGIN SOLUTION
# Its real weights would sum to less than 1 (the softmax gave part of the mass to positions 4 and 5), so $z_t$
# would shrink towards 0 by an amount that depends on the padding's scores, i.e. on how long the batch's longest
# sentence is: the same sentence would get another context in another batch. The location score gives every
# position up to $n_{\max}$ a score from $s_t$ alone, padded positions included; without the mask it would give
# weight to the padding's encoder states.
# ### END SOLUTION

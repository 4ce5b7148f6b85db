# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: -all
#     formats: ipynb,../twins/solutions//py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Exercise 22.4 · Multi-label classification with one attention head per label
#
# Goes with notebook 07 (RNN with deep self-attention). Slide convention: vectors are columns, a matrix
# that reads $n$ numbers and produces $m$ is $m \times n$.
#
# A comment can be *toxic*, *obscene*, *a threat*, ... at the same time: **|C| = 6 labels**, each
# independently yes or no. A bidirectional GRU (128 units per direction) gives states $h_i$ of
# **256 dimensions**; the attention MLP has **one hidden layer of 64 units**. To let each label look at
# different words, the last attention layer $W^{(l)}$ now gives every word **one score per label**;
# for each label $c$ a softmax over the words gives weights $a_{i,c}$ and its own
# $h_{\text{sum},c} = \sum_i a_{i,c} h_i$; and a separate dense layer with a sigmoid per label gives
# $p_c = \sigma(w_c\, h_{\text{sum},c} + b_c)$.
#
# Give the new dimensions of $W^{(l)}$, $b^{(l)}$, the scores of one word, $h_{\text{sum},c}$ (one label),
# $w_c$ and $b_c$.

# %%
import course_utils as cu

cu.setup(seed=0)

# %%
W_l = (6, 64)  # SOLUTION
b_l = (6, 1)  # SOLUTION
scores = (6, 1)  # SOLUTION
h_sum_c = (256, 1)  # SOLUTION
w_c = (1, 256)  # SOLUTION
b_c = (1, 1)  # SOLUTION

# %%
result = cu.checks.ex22_4(W_l=W_l, b_l=b_l, scores=scores, h_sum_c=h_sum_c, w_c=w_c, b_c=b_c)
result

# %%
### BEGIN HIDDEN TESTS
assert result.passed, result
### END HIDDEN TESTS

# %% [markdown]
# **Question.** Why a sigmoid per label and not one softmax over the 6 labels?

# %% [markdown]
# ### BEGIN SOLUTION
# The labels are not mutually exclusive: a comment can be toxic *and* obscene. A softmax makes the
# probabilities compete and sum to 1; six sigmoids give six independent yes/no probabilities, each trained
# with its own binary cross-entropy.
# ### END SOLUTION

# %% [markdown]
# ## See it in Keras
#
# Built from standard layers: `Dense` layers applied to every word for the MLP, `Softmax(axis=1)` over the
# words for each label, `Dot` for the weighted sums, and an `EinsumDense` whose kernel column $c$ is the
# separate $w_c$ of label $c$.

# %%
spec = cu.shapes.ModelSpec(vocab_size=20_000, embedding_dim=100, units=128, num_classes=2, cell="gru",
                           bidirectional=True, head="attention", attention=(64,), num_labels=6)
model = cu.shapes.reveal(result, spec, symbols={"h_i [1]", "W(1)", "b(1)", "a_i(1)", "W(2)", "b(2)",
                                                "score_i", "h_sum,c", "w_c (each label c)",
                                                "b_c (each label c)", "p_c (each label c)"})

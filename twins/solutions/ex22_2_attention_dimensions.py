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
# # Exercise 22.2 · Dimensions of an RNN with deep self-attention
#
# Goes with notebook 07 (RNN with deep self-attention). Slide convention: vectors are columns, a matrix
# that reads $n$ numbers and produces $m$ is $m \times n$. Write shapes as `(rows, cols)`.
#
# A GRU reads a text and produces states $h_1, \dots, h_k$ of **128 dimensions**. An MLP scores every
# word: **two hidden layers of 64 units** (tanh) and an **output layer of one unit**,
#
# $$ a_i^{(1)} = \tanh\big(W^{(1)} h_i + b^{(1)}\big), \quad a_i^{(2)} = \tanh\big(W^{(2)} a_i^{(1)} + b^{(2)}\big),
#    \quad s_i = W^{(3)} a_i^{(2)} + b^{(3)} . $$
#
# A softmax over the $k$ words turns the scores into weights $a_i$, and the text is represented by
# $h_{\text{sum}} = \sum_i a_i h_i$.
#
# **(a)** Give the dimensions of $W^{(1)}, b^{(1)}, a_i^{(1)}, W^{(2)}, b^{(2)}, a_i^{(2)}, W^{(3)}, b^{(3)}$
# and the score $s_i$ (as a $1 \times 1$ matrix).

# %%
import course_utils as cu

cu.setup(seed=0)

# %%
W1 = (64, 128)  # SOLUTION
b1 = (64, 1)  # SOLUTION
out1 = (64, 1)  # SOLUTION
W2 = (64, 64)  # SOLUTION
b2 = (64, 1)  # SOLUTION
out2 = (64, 1)  # SOLUTION
W3 = (1, 64)  # SOLUTION
b3 = (1, 1)  # SOLUTION
score = (1, 1)  # SOLUTION

# %%
result_a = cu.checks.ex22_2a(W1=W1, b1=b1, out1=out1, W2=W2, b2=b2, out2=out2, W3=W3, b3=b3, score=score)
result_a

# %% [markdown]
# **(b)** The same network classifies tweets about a product into exactly one of **4 classes** (positive,
# negative, neutral, both). Complete $p = \mathrm{softmax}(\dots)$, then give the dimensions of
# $h_{\text{sum}}$, the output matrix $W^{(o)}$, its bias $b^{(o)}$ and $p$.

# %% [markdown]
# ### BEGIN SOLUTION
# $p = \mathrm{softmax}\big(W^{(o)} h_{\text{sum}} + b^{(o)}\big)$: one dense layer on the attention-weighted
# sum of the states, with a softmax because the classes are mutually exclusive.
# ### END SOLUTION

# %%
h_sum = (128, 1)  # SOLUTION
W_o = (4, 128)  # SOLUTION
b_o = (4, 1)  # SOLUTION
p = (4, 1)  # SOLUTION

# %%
result_b = cu.checks.ex22_2b(h_sum=h_sum, W_o=W_o, b_o=b_o, p=p)
result_b

# %%
### BEGIN HIDDEN TESTS
assert result_a.passed and result_b.passed, (result_a, result_b)
### END HIDDEN TESTS

# %% [markdown]
# ## See it in Keras
#
# The model in Keras (a 20,000-word vocabulary and 100-dimensional embeddings, which do not change the
# dimensions asked above), with the attention part of its shape table.

# %%
both = cu.checks.CheckResult("22.2", result_a.items + result_b.items)
spec = cu.shapes.ModelSpec(vocab_size=20_000, embedding_dim=100, units=128, num_classes=4, cell="gru",
                           head="attention", attention=(64, 64))
model = cu.shapes.reveal(both, spec, symbols={"h_i [1]", "W(1)", "b(1)", "a_i(1)", "W(2)", "b(2)", "a_i(2)",
                                              "W(3)", "b(3)", "score_i", "h_sum", "W(o)", "b(o)", "p"})

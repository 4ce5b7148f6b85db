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
# # Exercise 22.3 · A stacked bidirectional GRU
#
# Goes with notebooks 03 (GRU) and 04 (bidirectional and stacked RNNs). Slide convention: vectors are
# columns, a matrix that reads $n$ numbers and produces $m$ is $m \times n$.
#
# Replace the uni-directional GRU of exercise 22.2 by a **stacked bidirectional GRU**: several layers,
# each with a forward and a backward GRU of **128 units**, reading word embeddings of **300 dimensions**.
#
# **(a)** Write the equations of the first layer and of the $m$-th layer ($m > 1$).

# %% [markdown]
# ### BEGIN SOLUTION
# **Layer 1** reads the embeddings $e_i$. Forward direction (the backward one is the same with its own
# matrices and $h_{i+1}$ in place of $h_{i-1}$):
#
# $$
# \begin{aligned}
# z_i^{[1]\rightarrow} &= \sigma\big(W^{(z)[1]\rightarrow} e_i + U^{(z)[1]\rightarrow} h_{i-1}^{[1]\rightarrow} + b^{(z)[1]\rightarrow}\big)\\
# r_i^{[1]\rightarrow} &= \sigma\big(W^{(r)[1]\rightarrow} e_i + U^{(r)[1]\rightarrow} h_{i-1}^{[1]\rightarrow} + b^{(r)[1]\rightarrow}\big)\\
# \tilde h_i^{[1]\rightarrow} &= \tanh\big(W^{(h)[1]\rightarrow} e_i + U^{(h)[1]\rightarrow}(r_i^{[1]\rightarrow} \odot h_{i-1}^{[1]\rightarrow}) + b^{(h)[1]\rightarrow}\big)\\
# h_i^{[1]\rightarrow} &= z_i^{[1]\rightarrow} \odot h_{i-1}^{[1]\rightarrow} + (1 - z_i^{[1]\rightarrow}) \odot \tilde h_i^{[1]\rightarrow},
# \qquad h_i^{[1]} = \big[h_i^{[1]\rightarrow}; h_i^{[1]\leftarrow}\big]
# \end{aligned}
# $$
#
# **Layer $m$** is the same with $e_i$ replaced by the concatenated states of the layer below,
# $h_i^{[m-1]} = [h_i^{[m-1]\rightarrow}; h_i^{[m-1]\leftarrow}]$ (256 numbers), e.g.
# $z_i^{[m]\rightarrow} = \sigma\big(W^{(z)[m]\rightarrow} h_i^{[m-1]} + U^{(z)[m]\rightarrow} h_{i-1}^{[m]\rightarrow} + b^{(z)[m]\rightarrow}\big)$,
# and its output is $h_i^{[m]} = [h_i^{[m]\rightarrow}; h_i^{[m]\leftarrow}]$.
# ### END SOLUTION

# %% [markdown]
# **(b)** Give the dimensions of $W^{(z)[1]\rightarrow}$, $U^{(z)[1]\rightarrow}$, $h_i^{[1]}$,
# $W^{(z)[m]\rightarrow}$, $U^{(z)[m]\rightarrow}$, $h_i^{[m]}$, and the number of trainable parameters of
# layer 1 and of layer $m$ as Keras counts them (`GRU` with its default `reset_after=True`, both directions).

# %%
import course_utils as cu

cu.setup(seed=0)

# %%
W_z_1 = (128, 300)  # SOLUTION
U_z_1 = (128, 128)  # SOLUTION
h_1 = (256, 1)  # SOLUTION
W_z_m = (128, 256)  # SOLUTION
U_z_m = (128, 128)  # SOLUTION
h_m = (256, 1)  # SOLUTION
params_layer_1 = 2 * 3 * 128 * (300 + 128 + 2)  # SOLUTION
params_layer_m = 2 * 3 * 128 * (256 + 128 + 2)  # SOLUTION

# %%
result = cu.checks.ex22_3(W_z_1=W_z_1, U_z_1=U_z_1, h_1=h_1, W_z_m=W_z_m, U_z_m=U_z_m, h_m=h_m,
                          params_layer_1=params_layer_1, params_layer_m=params_layer_m)
result

# %%
### BEGIN HIDDEN TESTS
assert result.passed, result
### END HIDDEN TESTS

# %% [markdown]
# ## See it in Keras
#
# Three stacked bidirectional GRU layers (so layer 3 plays the role of layer $m$); the rows for the update
# gate of layers 1 and 3, and the parameters of each layer as Keras counts them.

# %%
spec = cu.shapes.ModelSpec(vocab_size=20_000, embedding_dim=300, units=128, num_classes=4, cell="gru",
                           layers=3, bidirectional=True, head="max_pool")
model = cu.shapes.reveal(result, spec, symbols={"W(z) [1 →]", "U(z) [1 →]", "h_i [1]", "W(z) [3 →]",
                                                "U(z) [3 →]", "W(z) [3 ←]", "h_i [3]"})
if result.passed:
    for name in ("rnn_1", "rnn_2", "rnn_3"):
        print(f"{name}: {model.get_layer(name).count_params():,} parameters")
assert model.get_layer("rnn_1").count_params() == cu.checks.EX22_3_SPEC["params_layer_1"].expected
assert model.get_layer("rnn_3").count_params() == cu.checks.EX22_3_SPEC["params_layer_m"].expected

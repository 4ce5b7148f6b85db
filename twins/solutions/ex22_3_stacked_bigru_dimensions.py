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
# In the lecture's shorthand, with $\mathrm{GRU}(\text{previous state}, \text{input})$:
#
# $$
# \begin{aligned}
# \overrightarrow{h}_i^{(1)} &= \mathrm{GRU}\big(\overrightarrow{h}_{i-1}^{(1)}, e_i\big), &
# \overleftarrow{h}_i^{(1)} &= \mathrm{GRU}\big(\overleftarrow{h}_{i+1}^{(1)}, e_i\big), &
# h_i^{(1)} &= \big[\overrightarrow{h}_i^{(1)}; \overleftarrow{h}_i^{(1)}\big]\\
# \overrightarrow{h}_i^{(m)} &= \mathrm{GRU}\big(\overrightarrow{h}_{i-1}^{(m)}, h_i^{(m-1)}\big), &
# \overleftarrow{h}_i^{(m)} &= \mathrm{GRU}\big(\overleftarrow{h}_{i+1}^{(m)}, h_i^{(m-1)}\big), &
# h_i^{(m)} &= \big[\overrightarrow{h}_i^{(m)}; \overleftarrow{h}_i^{(m)}\big]
# \end{aligned}
# $$
#
# each direction with its own matrices. Written out for the forward direction of layer 1, in the lecture's
# letters (**W multiplies the previous state, U the input**; Keras' GRU with `reset_after=True`, whose extra
# recurrent biases the lecture leaves out):
#
# $$
# \begin{aligned}
# z_i &= \sigma\big(W^{(z)} \overrightarrow{h}_{i-1}^{(1)} + U^{(z)} e_i + b^{(z)}\big), \qquad
# r_i = \sigma\big(W^{(r)} \overrightarrow{h}_{i-1}^{(1)} + U^{(r)} e_i + b^{(r)}\big)\\
# \tilde h_i &= \tanh\big(r_i \odot W^{(h)} \overrightarrow{h}_{i-1}^{(1)} + W^{(e)} e_i + b^{(h)}\big), \qquad
# \overrightarrow{h}_i^{(1)} = z_i \odot \overrightarrow{h}_{i-1}^{(1)} + (1 - z_i) \odot \tilde h_i
# \end{aligned}
# $$
#
# Layer $m$ is the same with $e_i$ replaced by $h_i^{(m-1)}$ (256 numbers). With $M$ layers, the attention
# of exercise 22.2 reads the top layer's states $h_i^{(M)}$.
# ### END SOLUTION

# %% [markdown]
# **(b)** In the lecture's letters (W multiplies the previous state, U the input), give the dimensions of
# the forward update gate's $W^{(z)}$ and $U^{(z)}$ in layer 1, of $h_i^{(1)}$, of $W^{(z)}$ and $U^{(z)}$ in
# layer $m$, of $h_i^{(m)}$, and the number of trainable parameters of
# layer 1 and of layer $m$ as Keras counts them (`GRU` with its default `reset_after=True`, both directions).

# %%
import course_utils as cu

cu.setup(seed=0)

# %%
W_z_1 = (128, 128)  # SOLUTION
U_z_1 = (128, 300)  # SOLUTION
h_1 = (256, 1)  # SOLUTION
W_z_m = (128, 128)  # SOLUTION
U_z_m = (128, 256)  # SOLUTION
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

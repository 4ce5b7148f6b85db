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
# # Exercise 09.1 · Dimensions of encoder-decoder attention
#
# Goes with notebook 09 (seq2seq with attention). Slide convention: vectors are columns, a matrix that reads
# $n$ numbers and produces $m$ is $m \times n$.
#
# The encoder is a **bidirectional GRU with 256 units per direction**; $h_j$ is its state at source word $j$
# (both directions). The decoder is a GRU with **512 units**; $s_t$ is its state at output step $t$. Take a
# source sentence of **n = 50 words** (the longest the model accepts). At every output step:
#
# $$ e_{tj} = \mathrm{score}(s_t, h_j), \qquad \alpha_t = \mathrm{softmax}(e_t), \qquad z_t = \sum_j \alpha_{tj} h_j $$
#
# 1. Give the dimensions of $h_j$, $s_t$, $e_t$, $\alpha_t$ and $z_t$.
# 2. With the **additive** score $v_a^\top \tanh(W_a [s_t; h_j])$ and **128 attention units**: $W_a$ and $v_a$.
# 3. With the **general** score $s_t^\top W_a h_j$: $W_a$. With the **location-based** score
#    $\alpha_t = \mathrm{softmax}(W_a s_t)$: $W_a$.
# 4. How many parameters does each of these three attention layers have (no biases)?
#
# **How to answer.** Replace each `...` with your answer: a shape is a tuple of whole numbers, `(rows, cols)`
# for a matrix and `(n, 1)` for a column vector; a count is a whole number (arithmetic such as `2 * 3 * 128`
# is fine). Then run the check cell below it: it lists what is off first, in the order asked.

# %%
try:
    import course_utils as cu
except ModuleNotFoundError:  # opened outside the kit's environment
    raise ModuleNotFoundError("This notebook needs the course kit (course_utils). In the kit's folder run "
                              "`pip install -r requirements.txt`, then restart the kernel; on Colab or a hub, "
                              "see the kit's README, 'Colab, JupyterHub, Binder'.") from None

cu.setup(seed=0)

# %%
h_j = (512, 1)  # SOLUTION
s_t = (512, 1)  # SOLUTION
e_t = (50, 1)  # SOLUTION
alpha_t = (50, 1)  # SOLUTION
z_t = (512, 1)  # SOLUTION
W_a_additive = (128, 1024)  # SOLUTION
v_a = (128, 1)  # SOLUTION
W_a_general = (512, 512)  # SOLUTION
W_a_location = (50, 512)  # SOLUTION
params_additive = 1024 * 128 + 128  # SOLUTION
params_general = 512 * 512  # SOLUTION
params_location = 50 * 512  # SOLUTION

# %%
import course_utils as cu  # so that this cell also runs on its own, e.g. after a restart

result = cu.checks.ex09_1(h_j=h_j, s_t=s_t, e_t=e_t, alpha_t=alpha_t, z_t=z_t, W_a_additive=W_a_additive, v_a=v_a,
                          W_a_general=W_a_general, W_a_location=W_a_location, params_additive=params_additive,
                          params_general=params_general, params_location=params_location)
result

# %%
### BEGIN HIDDEN TESTS
assert result.passed, result
### END HIDDEN TESTS

# %% [markdown]
# **Question.** Which of the three scores can attend to a source of 60 words, and why can the other not?

# %% [markdown]
# ### BEGIN SOLUTION
# The additive and the general scores compare $s_t$ with each $h_j$, whatever the number of source words.
# The location-based score has one row of $W_a$ per source position: with 50 rows it can score at most 50
# positions, and it never looks at the source words themselves.
# ### END SOLUTION

# %% [markdown]
# ## See it in Keras
#
# The real layers (`cu.layers.EncoderDecoderAttention`) on the outputs of a real encoder and decoder: each
# Keras weight next to the slide shape (Keras keeps $W_a$ as in x out, the transpose, except for the general
# score's $W_a$, which sits between $s_t^\top$ and $h_j$ in both conventions).

# %%
import keras
import numpy as np

H = keras.layers.Bidirectional(keras.layers.GRU(256, return_sequences=True))(np.zeros((1, 50, 8), "float32"))
s = keras.layers.GRU(512, return_sequences=True)(np.zeros((1, 1, 8), "float32"))
attention_layers = {"additive": cu.layers.EncoderDecoderAttention("additive", units=128),
                    "general": cu.layers.EncoderDecoderAttention("general"),
                    "location": cu.layers.EncoderDecoderAttention("location", max_source_length=50)}
outputs = {name: layer(s, H, return_attention_scores=True) for name, layer in attention_layers.items()}
assert cu.checks.ex09_1.accepts(**{f"params_{name}": layer.count_params()
                                  for name, layer in attention_layers.items()})
keras_shapes = {"h_j": H.shape[2:], "s_t": s.shape[2:], "alpha_t": outputs["additive"][1].shape[2:],
                "z_t": outputs["additive"][0].shape[2:], "W_a_additive": attention_layers["additive"].W_a.shape,
                "v_a": attention_layers["additive"].v_a.shape, "W_a_general": attention_layers["general"].W_a.shape,
                "W_a_location": attention_layers["location"].W_a.shape}
# Keras keeps each slide matrix transposed (in x out) and vectors 1-D, except W_a of the general score
rows = [(name, tuple(shape) if name == "W_a_general" else cu.notation.slide_shape(shape), tuple(shape))
        for name, shape in keras_shapes.items()]
assert cu.checks.ex09_1.accepts(**{name: slide for name, slide, keras in rows})
if result.passed:
    cu.print_table(rows, ["symbol", "slide shape (your answer)", "Keras shape"])
else:
    print("Finish the check above first; then run this cell again to see the real Keras layers.")

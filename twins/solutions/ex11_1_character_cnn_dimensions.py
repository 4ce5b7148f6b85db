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
# # Exercise 11.1 · Dimensions of a character-CNN word encoder
#
# Goes with notebook 11 (character-level word embeddings). Slide convention: vectors are columns, a matrix
# that reads $n$ numbers and produces $m$ is $m \times n$.
#
# A word of at most **20 characters** is encoded from its characters: **100 distinct characters** are
# embedded in **16 dimensions**; 1-D convolutions with **25 filters for each width 1, 2, 3, 4, 5**
# (`padding="same"`, so every width gives one output per character); for each filter the **maximum over the
# word**; the five results concatenated; then a **highway layer** $y = T \odot H(x) + (1 - T) \odot x$ with
# $H(x) = \mathrm{relu}(W_H x + b_H)$ and $T = \sigma(W_T x + b_T)$.
#
# 1. The character embedding matrix on the slides and in Keras.
# 2. A width-3 filter bank as one matrix $W_3$ (each filter reads 3 characters of 16 numbers), and the output
#    of the width-3 convolution for one 20-character word as Keras gives it (characters, filters).
# 3. The pooled word vector, and $W_H$, $b_H$, $W_T$, $b_T$.
# 4. The parameters of the five convolutions together, of the highway layer, and of the whole encoder.
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
char_E = (16, 100)  # SOLUTION
keras_char_E = (100, 16)  # SOLUTION
W_3 = (25, 48)  # SOLUTION
conv_3_output = (20, 25)  # SOLUTION
pooled = (125, 1)  # SOLUTION
W_H = (125, 125)  # SOLUTION
b_H = (125, 1)  # SOLUTION
W_T = (125, 125)  # SOLUTION
b_T = (125, 1)  # SOLUTION
params_conv = 25 * 16 * (1 + 2 + 3 + 4 + 5) + 5 * 25  # SOLUTION
params_highway = 2 * (125 * 125 + 125)  # SOLUTION
params_total = 100 * 16 + 25 * 16 * (1 + 2 + 3 + 4 + 5) + 5 * 25 + 2 * (125 * 125 + 125)  # SOLUTION

# %%
import course_utils as cu  # so that this cell also runs on its own, e.g. after a restart

result = cu.checks.ex11_1(char_E=char_E, keras_char_E=keras_char_E, W_3=W_3, conv_3_output=conv_3_output,
                          pooled=pooled, W_H=W_H, b_H=b_H, W_T=W_T, b_T=b_T, params_conv=params_conv,
                          params_highway=params_highway, params_total=params_total)
result

# %%
### BEGIN HIDDEN TESTS
assert result.passed, result
### END HIDDEN TESTS

# %% [markdown]
# **Question.** Why must the maximum over the word skip padded character positions, and why does the highway
# layer's gate bias start negative?

# %% [markdown]
# ### BEGIN SOLUTION
# A padded position has character id 0, and id 0's row of the embedding matrix is a trainable vector like any
# other (nothing keeps it at zero): a filter centred on a padded position scores that vector and its
# neighbours. When all real positions score lower, the padding would win the maximum, and the word's vector
# would depend on how much it was padded. It leaks in a second way too: with `padding="same"` a window at
# the word's last characters reaches past them, reading id 0's row where the word is padded but Conv1D's
# own zeros where the array ends, so a word of $C - 1$ characters would get another vector in a wider
# batch. Notebook 11 therefore zeroes the padded positions' embeddings before the convolutions and leaves
# them out of the maximum. A negative $b_T$ makes $T = \sigma(b_T)$ small at the start, so the layer starts close
# to the identity $y \approx x$ and learns how much to transform.
# ### END SOLUTION

# %% [markdown]
# ## See it in Keras
#
# The encoder built in Keras (`cu.shapes.char_cnn_encoder`), each weight next to its Keras shape.

# %%

model = cu.shapes.char_cnn_encoder(**cu.checks.ex11_1.sizes)
assert cu.checks.ex11_1.accepts(params_total=model.count_params())
if result.passed:
    cu.print_table([(f"{layer.name}.{w.name}", tuple(w.shape)) for layer in model.layers for w in layer.weights],
                   ["Keras weight", "shape"])
    print(f"{model.count_params():,} parameters")
else:
    print("Finish the check above first; then run this cell again to see the real Keras encoder.")

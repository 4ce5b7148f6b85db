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
# # Exercise 08.1 · Dimensions of an RNN language model, and what weight tying saves
#
# Goes with notebook 08 (language models). Slide convention: vectors are columns, a matrix that reads $n$
# numbers and produces $m$ is $m \times n$.
#
# A language model reads a text word by word and predicts the next word. The vocabulary has
# **50,000 words**, word embeddings have **300 dimensions** and the (simple) RNN has **512 units**:
#
# $$ e_t = E\,x_t, \qquad h_t = \tanh\big(W^{(h)} h_{t-1} + W^{(e)} e_t + b\big), \qquad
#    o_t = \mathrm{softmax}\big(W^{(o)} h_t + b^{(o)}\big) $$
#
# 1. Give the dimensions of $E$, $e_t$, $W^{(h)}$, $W^{(e)}$, $W^{(o)}$ and $o_t$.
# 2. Give the shapes of the Keras weights that hold $E$ (`Embedding.embeddings`) and $W^{(o)}$ (the output
#    `Dense` layer's `kernel`).
# 3. Count the parameters of the whole model (biases included).
# 4. **Weight tying** uses $E^\top$ in place of $W^{(o)}$. Why can $E^\top$ not multiply $h_t$ directly here?
#    With a projection $P$ (no bias) between $h_t$ and $E^\top$, $o_t = \mathrm{softmax}(E^\top P h_t + b^{(o)})$,
#    how many parameters does the tied model have?
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
E = (300, 50_000)  # SOLUTION
e_t = (300, 1)  # SOLUTION
W_h = (512, 512)  # SOLUTION
W_e = (512, 300)  # SOLUTION
W_o = (50_000, 512)  # SOLUTION
o_t = (50_000, 1)  # SOLUTION
keras_embedding = (50_000, 300)  # SOLUTION
keras_output_kernel = (512, 50_000)  # SOLUTION
params_untied = 300 * 50_000 + 512 * 512 + 512 * 300 + 512 + 50_000 * 512 + 50_000  # SOLUTION
params_tied = 300 * 50_000 + 512 * 512 + 512 * 300 + 512 + 300 * 512 + 50_000  # SOLUTION

# %%
import course_utils as cu  # so that this cell also runs on its own, e.g. after a restart

result = cu.checks.ex08_1(E=E, e_t=e_t, W_h=W_h, W_e=W_e, W_o=W_o, o_t=o_t, keras_embedding=keras_embedding,
                          keras_output_kernel=keras_output_kernel, params_untied=params_untied,
                          params_tied=params_tied)
result

# %%
### BEGIN HIDDEN TESTS
assert result.passed, result
### END HIDDEN TESTS

# %% [markdown]
# **Question.** Why does tying need a projection here, and how much of the untied model is $W^{(o)}$?

# %% [markdown]
# ### BEGIN SOLUTION
# $E^\top$ is $|V| \times d$ = 50,000 x 300: it can only multiply a 300-dimensional vector, and $h_t$ has 512
# numbers. $P$ (300 x 512) maps the state to 300 dimensions first. $W^{(o)}$ alone holds
# 50,000 x 512 = 25.6 million parameters, 62 % of the untied model; tying replaces it by $P$'s 153,600.
# ### END SOLUTION

# %% [markdown]
# ## See it in Keras
#
# The untied model built by `cu.shapes.build` (a word-level tagger with one class per vocabulary word *is* a
# language model), with every slide matrix next to the Keras weight that holds it, and the tied model built
# with `cu.layers.TiedEmbedding`. (The table is checked against the real weights each time this cell runs.)

# %%
spec = cu.shapes.ModelSpec(vocab_size=50_000, embedding_dim=300, units=512, num_classes=50_000)
model = cu.shapes.reveal(result, spec)

# %%
import keras

ids = keras.Input(shape=(None,), dtype="int32")
tied = cu.layers.TiedEmbedding(50_000, 300, name="E")
states = keras.layers.SimpleRNN(512, return_sequences=True, name="rnn")(tied(ids))
tied_model = keras.Model(ids, tied(keras.layers.Dense(300, use_bias=False, name="P")(states)))
assert cu.checks.ex08_1.accepts(params_tied=tied_model.count_params())
if result.passed:
    print(f"tied model: {tied_model.count_params():,} parameters; P: {tied_model.get_layer('P').kernel.shape}")
else:
    print("Finish the check above first; then run this cell again to see the tied Keras model.")

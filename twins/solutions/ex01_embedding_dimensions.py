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
# # Exercise 01 · Embedding dimensions
#
# Goes with notebook `01_text_as_integers_and_embeddings`. Use the **slide convention**: vectors are
# columns, so a vector of $n$ numbers has shape $(n, 1)$, and a matrix that maps $n$ numbers to $m$
# numbers is $m \times n$.
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

# %% [markdown]
# **The setting.** A vocabulary of **10,000 words**. Each word is represented by an embedding of
# **300 features**. Word $i$ enters the network as a one-hot vector $x$, and its embedding is $E x$.
#
# 1. What is the shape of the one-hot vector $x$?
# 2. What is the shape of the embedding matrix $E$ (features × vocabulary on the slides)?
# 3. What is the shape of the product $E x$?
# 4. Keras builds this with `keras.layers.Embedding(input_dim=10_000, output_dim=300)`. What is the shape
#    of the weight matrix it stores?
# 5. How many trainable parameters does the embedding layer have?

# %%
x = (10_000, 1)  # SOLUTION
E = (300, 10_000)  # SOLUTION
Ex = (300, 1)  # SOLUTION
keras_weight = (10_000, 300)  # SOLUTION
parameters = 10_000 * 300  # SOLUTION

# %%
import course_utils as cu  # so that this cell also runs on its own, e.g. after a restart

result = cu.checks.ex01(x=x, E=E, Ex=Ex, keras_weight=keras_weight, parameters=parameters)
result

# %%
### BEGIN HIDDEN TESTS
assert result.passed, result
### END HIDDEN TESTS

# %% [markdown]
# 6. Computed as a matrix product, $E x$ costs $300 \times 10{,}000$ multiplications. Why does no real
#    embedding layer do that, and what does it do instead?

# %% [markdown]
# ### BEGIN SOLUTION
# All entries of $x$ but one are zero, so $E x$ is just column $i$ of $E$: of the 3,000,000
# multiplications, 2,997,000 multiply by zero and the other 300 by one. An embedding layer therefore
# skips the product and **looks up** column $i$ (in Keras: row $i$ of its $|V| \times d$ table), which
# costs copying 300 numbers. The one-hot vector is never built.
# ### END SOLUTION

# %% [markdown]
# ## See it in Keras
#
# Once the check passes, this cell builds the real layer and shows the weight Keras stores.

# %%
import keras

layer = keras.layers.Embedding(input_dim=10_000, output_dim=300)
layer.build((None,))
if result.passed:
    print("Keras stores:", tuple(layer.embeddings.shape), "with", f"{layer.count_params():,}",
          "parameters, as you said.")
else:
    print("Finish the check above first; then run this cell again to see the real layer.")
assert cu.checks.ex01.accepts(keras_weight=tuple(layer.embeddings.shape), parameters=layer.count_params())

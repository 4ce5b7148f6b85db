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
# # Exercise 22.1 · Dimensions of an RNN that tags named entities
#
# Goes with notebooks 02 (the simple RNN) and 05 (named-entity recognition). Slide convention: vectors are
# columns, a matrix that reads $n$ numbers and produces $m$ is $m \times n$.
#
# An RNN reads a sentence word by word and tags each word as one of **7 classes** (persons,
# organisations, locations, ..., and "other"). The vocabulary has **100,000 words**, word embeddings
# have **300 dimensions**, and the hidden state has **500 units**. For word $i$:
#
# $$ e_i = E\,x_i, \qquad h_i = \tanh\big(W^{(h)} h_{i-1} + W^{(e)} e_i + b\big), \qquad
#    o_i = \mathrm{softmax}\big(W^{(o)} h_i + b^{(o)}\big) $$
#
# Give the dimensions of $E$, $e_i$, $W^{(h)}$, $W^{(e)}$, $W^{(o)}$ and $o_i$.
#
# **How to answer.** Replace each `...` with your answer: a shape is a tuple of whole numbers, `(rows, cols)`
# for a matrix and `(n, 1)` for a column vector. Then run the check cell below it: it lists what is off first,
# in the order asked.
#
# *Στα ελληνικά.* Ένα RNN διαβάζει μια πρόταση λέξη προς λέξη και χαρακτηρίζει κάθε λέξη με μία από
# **7 κατηγορίες** (πρόσωπα, οργανισμοί, τοποθεσίες, ..., και «άλλο»). Το λεξιλόγιο έχει **100.000 λέξεις**,
# τα διανύσματα λέξεων (embeddings) έχουν **300 διαστάσεις** και η κρυφή κατάσταση **500 μονάδες**. Με τις
# παραπάνω εξισώσεις για τη λέξη $i$, δώστε τις διαστάσεις των $E$, $e_i$, $W^{(h)}$, $W^{(e)}$, $W^{(o)}$
# και $o_i$.
#
# *Πώς απαντάτε.* Αντικαταστήστε κάθε `...` με την απάντησή σας (διαστάσεις ως πλειάδες `(γραμμές, στήλες)`)
# και εκτελέστε το κελί ελέγχου από κάτω.

# %%
try:
    import course_utils as cu
except ModuleNotFoundError:  # opened outside the kit's environment
    raise ModuleNotFoundError("This notebook needs the course kit (course_utils). In the kit's folder run "
                              "`pip install -r requirements.txt`, then restart the kernel; on Colab or a hub, "
                              "see the kit's README, 'Colab, JupyterHub, Binder'.") from None

cu.setup(seed=0)

# %%
E = (300, 100_000)  # SOLUTION
e_i = (300, 1)  # SOLUTION
W_h = (500, 500)  # SOLUTION
W_e = (500, 300)  # SOLUTION
W_o = (7, 500)  # SOLUTION
o_i = (7, 1)  # SOLUTION

# %%
import course_utils as cu  # so that this cell also runs on its own, e.g. after a restart

result = cu.checks.ex22_1(E=E, e_i=e_i, W_h=W_h, W_e=W_e, W_o=W_o, o_i=o_i)
result

# %%
### BEGIN HIDDEN TESTS
assert result.passed, result
### END HIDDEN TESTS

# %% [markdown]
# **Question.** Keras stores $W^{(e)}$ as the `kernel` of the `SimpleRNN` layer. What shape does it have
# there, and why?

# %% [markdown]
# ### BEGIN SOLUTION
# `(300, 500)`: Keras keeps every kernel as *inputs x units*, because it multiplies row vectors from the
# left (`e_i @ kernel`). That is the transpose of the slide matrix $W^{(e)}$ (500 x 300), which multiplies a
# column vector from the right.
# ### END SOLUTION

# %% [markdown]
# ## See it in Keras
#
# The same model, built in Keras by `cu.shapes.build`, with every slide matrix next to the Keras weight
# that holds it. (The table is checked against the real weights each time this cell runs.)

# %%
spec = cu.shapes.ModelSpec(vocab_size=100_000, embedding_dim=300, units=500, num_classes=7)
model = cu.shapes.reveal(result, spec)

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
# # Exercise 22.2 · Dimensions of an RNN with deep self-attention
#
# Goes with notebook 07 (RNN with deep self-attention). Slide convention: vectors are columns, a matrix
# that reads $n$ numbers and produces $m$ is $m \times n$.
#
# A GRU reads a text and produces states $h_1, \dots, h_k$ of **128 dimensions**. An MLP of $l$ layers
# scores every word: layers $1, \dots, l-1$ have **64 units** each (tanh) and the last layer has one unit,
#
# $$ a_i^{(1)} = \tanh\big(W^{(1)} h_i + b^{(1)}\big), \quad
#    a_i^{(k)} = \tanh\big(W^{(k)} a_i^{(k-1)} + b^{(k)}\big) \ (1 < k < l), \quad
#    s_i = W^{(l)} a_i^{(l-1)} + b^{(l)} . $$
#
# A softmax over the $k$ words turns the scores into weights $a_i$, and the text is represented by
# $h_{\text{sum}} = \sum_i a_i h_i$. (The lecture's slide writes the score $s_i$ as $a_t^{(l)}$, and part (b)'s
# output layer $W^{(o)}, b^{(o)}$ as $W_p, b_p$; the kit keeps $a_i$ for the weights only.)
#
# **(a)** Give the dimensions of the first layer's $W^{(1)}, b^{(1)}, a_i^{(1)}$; of a middle layer's
# $W^{(k)}, b^{(k)}, a_i^{(k)}$ ($1 < k < l$); of the last layer's $W^{(l)}, b^{(l)}$; and of the score $s_i$
# (as a $1 \times 1$ matrix).
#
# **How to answer.** Replace each `...` with your answer: a shape is a tuple of whole numbers, `(rows, cols)`
# for a matrix and `(n, 1)` for a column vector. Then run the check cell below it: it lists what is off first,
# in the order asked.
#
# *Στα ελληνικά.* Ένα GRU διαβάζει ένα κείμενο και δίνει καταστάσεις $h_1, \dots, h_k$ **128 διαστάσεων**.
# Ένα MLP με $l$ επίπεδα βαθμολογεί κάθε λέξη: τα επίπεδα $1, \dots, l-1$ έχουν από **64 νευρώνες** (tanh)
# και το τελευταίο επίπεδο έναν νευρώνα. Ένα softmax πάνω στις $k$ λέξεις μετατρέπει τις βαθμολογίες σε
# βάρη $a_i$ και το κείμενο αναπαρίσταται από το $h_{\text{sum}} = \sum_i a_i h_i$. (Η διαφάνεια γράφει
# τη βαθμολογία $s_i$ ως $a_t^{(l)}$ και τα $W^{(o)}, b^{(o)}$ του (β) ως $W_p, b_p$.) **(α)** Δώστε τις
# διαστάσεις των $W^{(1)}, b^{(1)}, a_i^{(1)}$ του πρώτου επιπέδου, των $W^{(k)}, b^{(k)}, a_i^{(k)}$ ενός
# ενδιάμεσου επιπέδου ($1 < k < l$), των $W^{(l)}, b^{(l)}$ του τελευταίου επιπέδου και της βαθμολογίας
# $s_i$ (ως πίνακα $1 \times 1$). **(β)** Το ίδιο δίκτυο κατατάσσει tweets για ένα προϊόν σε ακριβώς μία από
# **4 κατηγορίες** (θετικό, αρνητικό, ουδέτερο, και τα δύο): συμπληρώστε το $p = \mathrm{softmax}(\dots)$
# και δώστε τις διαστάσεις των $h_{\text{sum}}$, $W^{(o)}$, $b^{(o)}$ και $p$.
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
W1 = (64, 128)  # SOLUTION
b1 = (64, 1)  # SOLUTION
out1 = (64, 1)  # SOLUTION
W_middle = (64, 64)  # SOLUTION
b_middle = (64, 1)  # SOLUTION
out_middle = (64, 1)  # SOLUTION
W_last = (1, 64)  # SOLUTION
b_last = (1, 1)  # SOLUTION
score = (1, 1)  # SOLUTION

# %%
import course_utils as cu  # so that this cell also runs on its own, e.g. after a restart

result_a = cu.checks.ex22_2a(W1=W1, b1=b1, out1=out1, W_middle=W_middle, b_middle=b_middle, out_middle=out_middle,
                             W_last=W_last, b_last=b_last, score=score)
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
import course_utils as cu  # so that this cell also runs on its own, e.g. after a restart

result_b = cu.checks.ex22_2b(h_sum=h_sum, W_o=W_o, b_o=b_o, p=p)
result_b

# %%
### BEGIN HIDDEN TESTS
assert result_a.passed and result_b.passed, (result_a, result_b)
### END HIDDEN TESTS

# %% [markdown]
# ## See it in Keras
#
# The model in Keras with $l = 4$ (layers 2 and 3 are the middle ones), a 20,000-word vocabulary and
# 100-dimensional embeddings, which do not change the dimensions asked above; the attention part of its
# shape table.

# %%
both = cu.checks.CheckResult("22.2", result_a.items + result_b.items)
spec = cu.shapes.ModelSpec(vocab_size=20_000, embedding_dim=100, units=128, num_classes=4, cell="gru",
                           head="attention", attention=(64, 64, 64))
model = cu.shapes.reveal(both, spec, symbols={"h_i [1]", "W(1)", "b(1)", "a_i(1)", "W(2)", "b(2)", "a_i(2)",
                                              "W(3)", "b(3)", "a_i(3)", "W(4)", "b(4)", "score_i", "h_sum",
                                              "W(o)", "b(o)", "p"})

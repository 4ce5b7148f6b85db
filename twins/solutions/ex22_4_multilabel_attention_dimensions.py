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
# # Exercise 22.4 · Multi-label classification with one attention head per label
#
# Goes with notebook 07 (RNN with deep self-attention). Slide convention: vectors are columns, a matrix
# that reads $n$ numbers and produces $m$ is $m \times n$.
#
# A comment can be *toxic*, *obscene*, *a threat*, ... at the same time: **|C| = 6 labels**, each
# independently yes or no. The model is the one of exercise 22.3: $M$ stacked bidirectional GRU layers of
# 128 units per direction, whose top layer gives the states $h_i^{(M)}$; the attention MLP of exercise 22.2
# reads them, here with **one hidden layer of 64 units** ($l = 2$).
#
# To let each label look at different words, every label $c$ now gets **its own** attention weights
# $a_{i,c}$ (a softmax over the words), its own weighted sum $h_{\text{sum},c} = \sum_i a_{i,c} h_i^{(M)}$, and
# its own output $p_c = \sigma(w_c^\top h_{\text{sum},c} + b_c)$, with $w_c$ a column vector as in
# notebook 07. The hidden layer of the MLP is shared by all labels; only its last layer $W^{(l)}, b^{(l)}$
# changes, so that one pass of the MLP over a word gives what all the labels' softmaxes need.
#
# Give the dimensions of the new $W^{(l)}$ and $b^{(l)}$, of what the MLP gives for one word, of
# $h_{\text{sum},c}$ (one label), $w_c$ and $b_c$.
#
# **How to answer.** Replace each `...` with your answer: a shape is a tuple of whole numbers, `(rows, cols)`
# for a matrix and `(n, 1)` for a column vector. Then run the check cell below it: it lists what is off first,
# in the order asked.
#
# *Στα ελληνικά.* Ένα σχόλιο μπορεί να είναι ταυτόχρονα *τοξικό*, *χυδαίο*, *απειλή*, ...: **|C| = 6
# ετικέτες**, η καθεμία ανεξάρτητα ναι ή όχι. Το μοντέλο είναι αυτό της άσκησης 22.3 ($M$ στοιβαγμένα
# αμφίδρομα επίπεδα GRU με 128 νευρώνες ανά κατεύθυνση, καταστάσεις $h_i^{(M)}$ του ανώτερου επιπέδου), και
# ο μηχανισμός προσοχής της άσκησης 22.2 τις διαβάζει, εδώ με **ένα κρυφό επίπεδο 64 νευρώνων** ($l = 2$).
# Για να κοιτάζει κάθε ετικέτα διαφορετικές λέξεις, κάθε ετικέτα $c$ αποκτά δικά της βάρη προσοχής
# $a_{i,c}$ (softmax πάνω στις λέξεις), δικό της άθροισμα $h_{\text{sum},c} = \sum_i a_{i,c} h_i^{(M)}$ και δική
# της έξοδο $p_c = \sigma(w_c^\top h_{\text{sum},c} + b_c)$, με το $w_c$ διάνυσμα-στήλη όπως στο notebook 07. Το
# κρυφό επίπεδο του MLP είναι κοινό· αλλάζει μόνο το τελευταίο επίπεδο $W^{(l)}, b^{(l)}$, ώστε ένα πέρασμα
# του MLP πάνω σε μια λέξη να δίνει ό,τι χρειάζονται τα softmax όλων των ετικετών. Δώστε τις διαστάσεις των
# νέων $W^{(l)}$ και $b^{(l)}$, αυτού που δίνει το MLP για μία λέξη, του $h_{\text{sum},c}$ (μίας ετικέτας), του
# $w_c$ και του $b_c$.
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
W_l = (6, 64)  # SOLUTION
b_l = (6, 1)  # SOLUTION
scores = (6, 1)  # SOLUTION
h_sum_c = (256, 1)  # SOLUTION
w_c = (256, 1)  # SOLUTION
b_c = (1, 1)  # SOLUTION

# %%
import course_utils as cu  # so that this cell also runs on its own, e.g. after a restart

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
                           layers=3, bidirectional=True, head="attention", attention=(64,), num_labels=6)
model = cu.shapes.reveal(result, spec, symbols={"h_i [3]", "W(1)", "b(1)", "a_i(1)", "W(2)", "b(2)",
                                                "score_i", "h_sum,c", "w_c (each label c)",
                                                "b_c (each label c)", "p_c (each label c)"})

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
# # Exercise 22.3 · A stacked bidirectional GRU
#
# Goes with notebooks 03 (GRU) and 04 (bidirectional and stacked RNNs). Slide convention: vectors are
# columns, a matrix that reads $n$ numbers and produces $m$ is $m \times n$; the lecture's letters: **W
# multiplies the previous state, U the input**.
#
# Replace the GRU of exercise 22.2 by a **stacked bidirectional GRU**: $M$ layers, each with a forward and
# a backward GRU of **128 units**, the first reading word embeddings of **300 dimensions**; the attention of
# exercise 22.2 then reads the states of this stack.
#
# **(a)** Write the equations of both directions of the first layer and of the $m$-th layer ($1 < m \le M$)
# in the lecture's shorthand $h^{\mathrm{fwd}(1)}_{i} = \mathrm{GRU}(\text{previous state}, \text{input})$,
# where fwd and bwd stand for the lecture's arrows (the forward and the backward GRU), and say which states
# the attention reads. Answer with these symbols (strings in quotes), where
# $h^{(k)}_i = [h^{\mathrm{fwd}(k)}_{i}; h^{\mathrm{bwd}(k)}_{i}]$ is written `h(k)_i`,
# $h^{\mathrm{fwd}(m)}_{i-1}$ is `h_fwd(m)_i-1` and $h^{\mathrm{bwd}(m)}_{i+1}$ is `h_bwd(m)_i+1`:
#
# `e_i`, `h(1)_i`, `h(m-1)_i`, `h(M)_i`, `h_fwd(m-1)_i`, `h_fwd(M)_i`, `h_fwd(1)_i-1`, `h_fwd(1)_i+1`,
# `h_bwd(1)_i-1`, `h_bwd(1)_i+1`, `h_fwd(m)_i-1`, `h_fwd(m)_i+1`, `h_bwd(m)_i-1`, `h_bwd(m)_i+1`,
# `h_fwd(m-1)_i-1`, `h_bwd(m-1)_i+1`.
#
# **(b)** Give the dimensions of the forward update gate's $W^{(z)}$ and $U^{(z)}$ in layer 1, of
# $h_i^{(1)}$, of $W^{(z)}$ and $U^{(z)}$ in layer $m$, of $h_i^{(m)}$, and the number of trainable
# parameters of layer 1 and of layer $m$ as Keras counts them (`GRU` with its default `reset_after=True`,
# both directions).
#
# **How to answer.** Replace each `...` with your answer: a shape is a tuple of whole numbers, `(rows, cols)`
# for a matrix and `(n, 1)` for a column vector; a count is a whole number (arithmetic such as `2 * 3 * 128`
# is fine); a symbol is a string in quotes, e.g. `"e_i"` (spaces, `−` for `-` and the case of the letters
# outside the parentheses do not matter; `(M)` and `(m)` are different layers). Then run the check cell below
# it: it lists what is off first, in the order asked.
#
# *Στα ελληνικά.* Αντικαταστήστε το GRU της άσκησης 22.2 με ένα **στοιβαγμένο αμφίδρομο GRU**: $M$
# επίπεδα, το καθένα με ένα GRU προς τα εμπρός και ένα προς τα πίσω, **128 νευρώνων** το καθένα· το πρώτο
# επίπεδο διαβάζει διανύσματα λέξεων **300 διαστάσεων**, και ο μηχανισμός προσοχής της άσκησης 22.2 διαβάζει
# τις καταστάσεις της στοίβας. **(α)** Γράψτε τις εξισώσεις και των δύο κατευθύνσεων του πρώτου και του
# $m$-οστού επιπέδου ($1 < m \le M$) στη σύντομη γραφή της διάλεξης,
# $h^{\mathrm{fwd}(1)}_{i} = \mathrm{GRU}(\text{προηγούμενη κατάσταση}, \text{είσοδος})$, και πείτε ποιες
# καταστάσεις διαβάζει ο μηχανισμός προσοχής (με τα σύμβολα παραπάνω). **(β)** Δώστε τις διαστάσεις των
# $W^{(z)}$ και $U^{(z)}$ της πύλης ενημέρωσης (κατεύθυνση προς τα εμπρός) στο επίπεδο 1, του $h_i^{(1)}$,
# των $W^{(z)}$ και $U^{(z)}$ στο επίπεδο $m$ και του $h_i^{(m)}$, και το πλήθος των παραμέτρων του
# επιπέδου 1 και του επιπέδου $m$ όπως τις μετρά το Keras (`reset_after=True`, και οι δύο κατευθύνσεις).
#
# *Πώς απαντάτε.* Αντικαταστήστε κάθε `...` με την απάντησή σας (διαστάσεις ως πλειάδες `(γραμμές, στήλες)`,
# πλήθη ως ακέραιους, σύμβολα ως συμβολοσειρές σε εισαγωγικά, π.χ. `"e_i"`) και εκτελέστε το κελί ελέγχου από
# κάτω.

# %%
try:
    import course_utils as cu
except ModuleNotFoundError:  # opened outside the kit's environment
    raise ModuleNotFoundError("This notebook needs the course kit (course_utils). In the kit's folder run "
                              "`pip install -r requirements.txt`, then restart the kernel; on Colab or a hub, "
                              "see the kit's README, 'Colab, JupyterHub, Binder'.") from None

cu.setup(seed=0)

# %%
# h_fwd(1)_i = GRU(forward_1_previous, forward_1_input), and so on; each answer is a symbol in quotes
forward_1_previous = "h_fwd(1)_i-1"  # SOLUTION
forward_1_input = "e_i"  # SOLUTION
backward_1_previous = "h_bwd(1)_i+1"  # SOLUTION
backward_1_input = "e_i"  # SOLUTION
forward_m_previous = "h_fwd(m)_i-1"  # SOLUTION
forward_m_input = "h(m-1)_i"  # SOLUTION
backward_m_previous = "h_bwd(m)_i+1"  # SOLUTION
backward_m_input = "h(m-1)_i"  # SOLUTION
attention_reads = "h(M)_i"  # SOLUTION

# %% [markdown]
# ### BEGIN SOLUTION
# $$
# \begin{aligned}
# h^{\mathrm{fwd}(1)}_{i} &= \mathrm{GRU}\big(h^{\mathrm{fwd}(1)}_{i-1}, e_i\big), &
# h^{\mathrm{bwd}(1)}_{i} &= \mathrm{GRU}\big(h^{\mathrm{bwd}(1)}_{i+1}, e_i\big), &
# h_i^{(1)} &= \big[h^{\mathrm{fwd}(1)}_{i}; h^{\mathrm{bwd}(1)}_{i}\big]\\
# h^{\mathrm{fwd}(m)}_{i} &= \mathrm{GRU}\big(h^{\mathrm{fwd}(m)}_{i-1}, h_i^{(m-1)}\big), &
# h^{\mathrm{bwd}(m)}_{i} &= \mathrm{GRU}\big(h^{\mathrm{bwd}(m)}_{i+1}, h_i^{(m-1)}\big), &
# h_i^{(m)} &= \big[h^{\mathrm{fwd}(m)}_{i}; h^{\mathrm{bwd}(m)}_{i}\big]
# \end{aligned}
# $$
#
# each direction of each layer with its own matrices; the attention reads the top layer's $h_i^{(M)}$.
# Written out for the forward direction of layer 1 (Keras' GRU with `reset_after=True`, whose extra
# recurrent biases the lecture leaves out):
#
# $$
# \begin{aligned}
# z_i &= \sigma\big(W^{(z)} h^{\mathrm{fwd}(1)}_{i-1} + U^{(z)} e_i + b^{(z)}\big), \qquad
# r_i = \sigma\big(W^{(r)} h^{\mathrm{fwd}(1)}_{i-1} + U^{(r)} e_i + b^{(r)}\big)\\
# \tilde h_i &= \tanh\big(r_i \odot W^{(h)} h^{\mathrm{fwd}(1)}_{i-1} + W^{(e)} e_i + b^{(h)}\big), \qquad
# h^{\mathrm{fwd}(1)}_{i} = z_i \odot h^{\mathrm{fwd}(1)}_{i-1} + (1 - z_i) \odot \tilde h_i
# \end{aligned}
# $$
#
# Layer $m$ is the same with $e_i$ replaced by $h_i^{(m-1)}$ (256 numbers).
# ### END SOLUTION

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
import course_utils as cu  # so that this cell also runs on its own, e.g. after a restart

result = cu.checks.ex22_3(forward_1_previous=forward_1_previous, forward_1_input=forward_1_input,
                          backward_1_previous=backward_1_previous, backward_1_input=backward_1_input,
                          forward_m_previous=forward_m_previous, forward_m_input=forward_m_input,
                          backward_m_previous=backward_m_previous, backward_m_input=backward_m_input,
                          attention_reads=attention_reads, W_z_1=W_z_1, U_z_1=U_z_1, h_1=h_1, W_z_m=W_z_m,
                          U_z_m=U_z_m, h_m=h_m, params_layer_1=params_layer_1, params_layer_m=params_layer_m)
result

# %%
### BEGIN HIDDEN TESTS
assert result.passed, result
### END HIDDEN TESTS

# %% [markdown]
# ## See it in Keras
#
# The model of exercises 22.2 and 22.3 together: $M = 3$ stacked bidirectional GRU layers (layer 3 plays the
# role of layer $m$) under the self-attention of exercise 22.2 (`cu.layers.SelfAttention`, two hidden layers
# of 64). The rows for the update gate of layers 1 and 3, what the attention reads, and the parameters of each
# layer as Keras counts them.

# %%
spec = cu.shapes.ModelSpec(vocab_size=20_000, embedding_dim=300, units=128, num_classes=4, cell="gru",
                           layers=3, bidirectional=True, head="attention", attention=(64, 64))
model = cu.shapes.reveal(result, spec, symbols={"W(z) [1 →]", "U(z) [1 →]", "h_i [1]", "W(z) [3 →]",
                                                "U(z) [3 →]", "W(z) [3 ←]", "h_i [3]", "W(1)", "h_sum"})
attention_input = model.get_layer("attention").input
attention_input = attention_input[0] if isinstance(attention_input, list) else attention_input
assert attention_input._keras_history[0].name == "rnn_3"             # the attention reads the top layer
if result.passed:
    for name in ("rnn_1", "rnn_2", "rnn_3"):
        print(f"{name}: {model.get_layer(name).count_params():,} parameters")
    print("the attention reads:", attention_input._keras_history[0].name)
assert cu.checks.ex22_3.accepts(params_layer_1=model.get_layer("rnn_1").count_params(),
                                params_layer_m=model.get_layer("rnn_3").count_params())

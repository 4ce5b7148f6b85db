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
# # Exercise 02.3 · Write backpropagation through time
#
# Goes with notebook 02 (the simple RNN), section 5. The lecture's word classifier gives every word a
# distribution over $C$ classes:
#
# $$ h_0 = 0, \qquad h_t = \tanh\big(W^{(h)} h_{t-1} + W^{(e)} e_t + b\big), \qquad
#    o_t = \mathrm{softmax}\big(W^{(o)} h_t + b^{(o)}\big), \quad t = 1, \dots, T $$
#
# and its loss is the cross-entropy **summed** over the sentences of the batch and over their words,
# $L = -\sum_{\text{sentences}} \sum_t \log o_{t,\,y_t}$, where $y_t$ is the class of word $t$. Write the gradients
# of $L$ with respect to every parameter by backpropagation through time, in NumPy. Notebook 02, section 5, derives
# the recursion for $W^{(h)}$, $W^{(e)}$ and $b$; here you write it for the whole model, the output layer included
# (the gradient of the cross-entropy with respect to $W^{(o)} h_t + b^{(o)}$ is $o_t - y_t$, with $y_t$ one-hot).
#
# The sentences all have $T$ words (no padding, so no mask is needed) and come as Keras feeds a layer: `x` has shape
# $(B, T, d)$ in float64, so `x[:, t, :].T` holds the $B$ embeddings of one step as **columns** ($d \times B$), as on
# the slides. `targets` is $(B, T)$, the class $y_t$ of every word (an integer from 0 to $C - 1$). `p` holds
# `p["W_h"]` ($u \times u$), `p["W_e"]` ($u \times d$), `p["b"]` ($u \times 1$), `p["W_o"]` ($C \times u$) and
# `p["b_o"]` ($C \times 1$). Return a dict with the same keys, each gradient of its parameter's shape:
# `{"W_h": dL/dW(h), "W_e": ..., "b": ..., "W_o": ..., "b_o": ...}`.
#
# **How to answer.** Write the body of `bptt` where it says `...`, then run the check cell below it. It compares your
# gradients with TensorFlow's `GradientTape` on the same computation in float64 (to $10^{-8}$) on cases of its own
# (one sentence, a batch, longer sentences of $T = 8$ words) and names the mistake a wrong result matches: the
# recurrent term dropped (the gradient stops at its own step), the factor $1 - h_t^2$ missing, $W^{(h)}$ instead of
# $W^{(h)\top}$ on the way back, $h_t$ instead of $h_{t-1}$ in the gradient of $W^{(h)}$, the gradient of
# $W^{(h)}$ transposed, the gradients of the mean loss instead of the sum, the wrong sign.
#
# *Στα ελληνικά.* Γράψτε σε NumPy την οπισθοδιάδοση στον χρόνο (BPTT) για τον ταξινομητή λέξεων της διάλεξης: οι
# εξισώσεις είναι οι παραπάνω και η απώλεια $L$ είναι η διεντροπία αθροισμένη σε όλες τις προτάσεις της παρτίδας
# και σε όλες τις λέξεις τους (χωρίς συμπλήρωμα, άρα χωρίς μάσκα). Το `x` είναι $(B, T, d)$, τα `targets` $(B, T)$
# η κατηγορία κάθε λέξης, και το `p` έχει τους πίνακες `W_h`, `W_e`, `b`, `W_o`, `b_o`. Επιστρέψτε ένα λεξικό με
# τα ίδια κλειδιά και την παράγωγο της $L$ ως προς κάθε παράμετρο, στις διαστάσεις της. Γράψτε το σώμα της `bptt`
# εκεί που λέει `...` και εκτελέστε το κελί ελέγχου από κάτω.

# %%
try:
    import course_utils as cu
except ModuleNotFoundError:  # opened outside the kit's environment
    raise ModuleNotFoundError("This notebook needs the course kit (course_utils). In the kit's folder run "
                              "`pip install -r requirements.txt`, then restart the kernel; on Colab or a hub, "
                              "see the kit's README, 'Colab, JupyterHub, Binder'.") from None

cu.setup(seed=0)

# %%
import numpy as np


def bptt(x, targets, p):
    """Gradients of the summed cross-entropy: x (B, T, d), targets (B, T) -> a dict with p's keys and shapes."""
    ### BEGIN SOLUTION
    B, T, _ = x.shape
    C, u = p["W_o"].shape
    h, o = [np.zeros((u, B))], [None]                           # h[t] is h_t (u x B), h[0] = h_0 = 0; o[t] is o_t
    for t in range(1, T + 1):                                   # forward, keeping every state
        h.append(np.tanh(p["W_h"] @ h[t - 1] + p["W_e"] @ x[:, t - 1, :].T + p["b"]))
        z = p["W_o"] @ h[t] + p["b_o"]                           # C x B
        o.append(np.exp(z - z.max(axis=0)) / np.exp(z - z.max(axis=0)).sum(axis=0))
    grads = {key: np.zeros_like(value) for key, value in p.items()}
    d_a_next = np.zeros((u, B))                                 # dL/da_{T+1} = 0: nothing after the last word
    for t in range(T, 0, -1):                                   # backward, from the last word to the first
        d_z = o[t] - np.eye(C)[targets[:, t - 1]].T             # o_t - y_t (C x B)
        grads["W_o"] += d_z @ h[t].T
        grads["b_o"] += d_z.sum(axis=1, keepdims=True)
        d_h = p["W_o"].T @ d_z + p["W_h"].T @ d_a_next          # from the output at t + from the future
        d_a = (1 - h[t] ** 2) * d_h                              # through the tanh
        grads["W_h"] += d_a @ h[t - 1].T
        grads["W_e"] += d_a @ x[:, t - 1, :]                     # e_t^T as rows (B x d)
        grads["b"] += d_a.sum(axis=1, keepdims=True)
        d_a_next = d_a
    return grads
    ### END SOLUTION


# %%
import course_utils as cu  # so that this cell also runs on its own, e.g. after a restart

result = cu.checks.ex02_3(bptt)
result

# %%
### BEGIN HIDDEN TESTS
assert result.passed, result
### END HIDDEN TESTS

# %% [markdown]
# **Question.** The check has a case of one sentence of $T = 8$ words. A loop that drops the recurrent term
# $W^{(h)\top} \partial L / \partial a_{t+1}$ would give the right gradients if every sentence had one word: why?
# In notebook 02 a name is tagged PER or LOC from a trigger word a few steps before it: what could a model trained
# with the truncated gradients not learn?

# %% [markdown]
# ### BEGIN SOLUTION
# With $T = 1$ there is no step after the first, so the recurrent term is 0 anyway; with $T > 1$ the loss at step
# $t$ also depends on $h_{t-1}, h_{t-2}, \dots$ through $W^{(h)}$, and only the recurrent term carries that part
# of the gradient back. Truncated to one step, the gradient of the loss at the name never reaches the states (nor
# $W^{(e)}$'s use) of the earlier words: nothing pushes $W^{(h)}$ and $W^{(e)}$ to carry the trigger word forward to
# the name, so the tagger can only learn what the name's own word and the current step say, a coin flip on the
# ambiguous names. The cell below checks the first point.
# ### END SOLUTION

# %% [markdown]
# ## See it numerically

# %%
rng = np.random.default_rng(0)
d, u, C = 3, 4, 3
p = {"W_h": rng.normal(0, 0.6, (u, u)), "W_e": rng.normal(0, 0.6, (u, d)), "b": rng.normal(0, 0.6, (u, 1)),
     "W_o": rng.normal(0, 0.6, (C, u)), "b_o": rng.normal(0, 0.6, (C, 1))}
x, targets = rng.normal(0, 1, (2, 6, d)), rng.integers(0, C, (2, 6))


def loss(p, x, targets):
    """L, the summed cross-entropy, by the forward pass alone."""
    h, total = np.zeros((u, x.shape[0])), 0.0
    for t in range(x.shape[1]):
        h = np.tanh(p["W_h"] @ h + p["W_e"] @ x[:, t, :].T + p["b"])
        z = p["W_o"] @ h + p["b_o"]
        log_o = z - z.max(axis=0) - np.log(np.exp(z - z.max(axis=0)).sum(axis=0))
        total -= log_o[targets[:, t], np.arange(x.shape[0])].sum()
    return total


def central_difference(key, index, eps=1e-6):
    """(L(p + eps) - L(p - eps)) / 2 eps for one entry of one parameter."""
    plus, minus = {k: v.copy() for k, v in p.items()}, {k: v.copy() for k, v in p.items()}
    plus[key][index] += eps
    minus[key][index] -= eps
    return (loss(plus, x, targets) - loss(minus, x, targets)) / (2 * eps)


if result.passed:
    grads = bptt(x, targets, p)
    agree = all(np.isclose(grads[key][index], central_difference(key, index), rtol=1e-5, atol=1e-6)
                for key in p for index in np.ndindex(p[key].shape))
    print("every entry of every gradient equals a central difference of L:", agree)
    one_word = bptt(x[:, :1], targets[:, :1], p)
    without_W_h = bptt(x[:, :1], targets[:, :1], {**p, "W_h": np.zeros((u, u))})
    print("one-word sentences: dL/dW(h) = 0, and W(h) changes no other gradient:",
          bool(np.all(one_word["W_h"] == 0)) and all(np.allclose(one_word[k], without_W_h[k]) for k in p if k != "W_h"))
else:
    print("Finish the check above first; then run this cell again.")

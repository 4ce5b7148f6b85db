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
# # Exercise 06.1 · Write masked max pooling and masked mean pooling
#
# Goes with notebook 06 (text classification with global max pooling), sections 3 and 5. A text classifier turns
# the states $h_1, \dots, h_k$ of a sentence of $k$ words into one vector:
#
# $$ h_{\max}[j] = \max_{i \le k} h_i[j], \qquad h_{\text{mean}} = \frac{1}{k} \sum_{i=1}^{k} h_i $$
#
# Sentences come padded to a common length $T$: `H` has shape $(B, T, u)$ — the states of a bidirectional RNN,
# which are exactly 0 at padded steps — and `mask` $(B, T)$ is `True` at the $k$ real words. Both poolings must
# use the **real** steps only and return $(B, u)$.
#
# **How to answer.** Write the bodies of `masked_max` and `masked_mean` where it says `...`, then run each check
# cell. The checks compare with `cu.layers.MaskedGlobalMaxPooling1D` and with Keras' `GlobalAveragePooling1D`
# (which uses the mask) on batches of their own, including one where every real value is negative, and name the
# mistake a wrong result matches: the padding's zeros winning the maximum, dividing by $T$ instead of $k$ (a
# result of the wrong shape, e.g. pooled over the batch instead of time, is named by its shape).
#
# *Στα ελληνικά.* Γράψτε τη μέγιστη και τη μέση συγκέντρωση (pooling) με μάσκα: `H` είναι $(B, T, u)$, μηδέν
# στις θέσεις συμπλήρωσης, και η μάσκα $(B, T)$ είναι `True` στις πραγματικές λέξεις. Κάθε συνάρτηση επιστρέφει
# $(B, u)$ μόνο από τις πραγματικές λέξεις. Γράψτε τα σώματα εκεί που λέει `...` και εκτελέστε τα κελιά ελέγχου.

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


def masked_max(H, mask):
    """Per dimension, the largest state over the real steps: H (B, T, u), mask (B, T) -> (B, u)."""
    ### BEGIN SOLUTION
    return np.where(mask[:, :, None], H, -np.inf).max(axis=1)
    ### END SOLUTION


def masked_mean(H, mask):
    """The mean state over the real steps: H (B, T, u), mask (B, T) -> (B, u)."""
    ### BEGIN SOLUTION
    real = mask[:, :, None]
    return (H * real).sum(axis=1) / real.sum(axis=1)
    ### END SOLUTION


# %%
import course_utils as cu  # so that this cell also runs on its own, e.g. after a restart

result_max = cu.checks.ex06_1a(masked_max)
result_max

# %%
result_mean = cu.checks.ex06_1b(masked_mean)
result_mean

# %%
### BEGIN HIDDEN TESTS
assert result_max.passed, result_max
assert result_mean.passed, result_mean
### END HIDDEN TESTS

# %% [markdown]
# **Question.** Keras 3's own `GlobalMaxPooling1D` ignores the mask. For which sentences of a padded batch does
# that change $h_{\max}$, and in which dimensions? Why does the same mistake not change the mean pooling of a
# *one-direction* Keras RNN's states in the same way (hint: what does such an RNN output at padded steps)?

# %% [markdown]
# ### BEGIN SOLUTION
# Only sentences shorter than the batch's $T$ (they have padded steps), and only in the dimensions whose real
# values are all negative: there a padded 0 becomes the maximum. A one-direction RNN repeats its last real state
# at padded steps (notebook 06, section 5), so an unmasked maximum is unchanged, but an unmasked mean then counts
# the last state $T - k$ extra times: it is still wrong, in another way.
# ### END SOLUTION

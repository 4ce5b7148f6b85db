# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: tags,-all
#     formats: ipynb,../twins/notebooks//py:percent
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
# # 06 · Text classification with a stacked biGRU and global max pooling
#
# **Lecture topic:** text classification — a stacked bidirectional RNN reads a user comment, global max
# pooling turns the word states into one vector $h_{\max}$, and a dense layer with softmax decides
# *accept* or *reject* (comment moderation).
#
# **You will learn to**
# - read a TSV of labelled texts and turn the comments into padded integer batches;
# - build $h_{\max}$, the per-dimension maximum of the biGRU states over the words, and classify it;
# - see why the pooling must ignore padding: Keras' `GlobalMaxPooling1D` does not, and its predictions
#   then depend on how much a comment was padded;
# - compare three ways to turn word states into a text vector — last state, mean, max — on one budget.
#
# **Runtime:** about 23 s on a 2-core CPU, 4.9 times the 4.6 s an empty notebook with Keras took on it (2026-12-06). The first run after installing takes about 8 s longer, while Python compiles TensorFlow and Keras.<!-- /runtime -->
# Most of it: three stacked biGRU classifiers, two epochs each; building their TensorFlow graphs takes a good
# part of the time.

# %%
try:
    import course_utils as cu
except ModuleNotFoundError:  # opened outside the kit's environment
    raise ModuleNotFoundError("This notebook needs the course kit (course_utils). In the kit's folder run "
                              "`pip install -r requirements.txt`, then restart the kernel; on Colab or a hub, "
                              "see the kit's README, 'Colab, JupyterHub, Binder'.") from None

cu.setup(seed=6)

import collections
import warnings

import keras
import matplotlib.pyplot as plt
import numpy as np
from sklearn.metrics import roc_auc_score

from course_utils.corpora.moderation import LABELS as MODERATION_LABELS
from course_utils.formats import load_labelled_texts
from course_utils.layers import MaskedGlobalMaxPooling1D
from course_utils.metrics import empirical_ceiling, max_pooling_top_word
from course_utils.text import Vocabulary, pad_batch

# %%
CONFIG = dict(
    data=None,              # None: the kit's comments; your own: dict(format="tsv", train=..., test=...) (README)
    embedding_dim=32,
    units=16,               # per direction, in each of the two biGRU layers
    epochs=2,               # passes over the training comments; the test set is scored after each one
    batch_size=100,         # divides the 2,000 training comments: no smaller last batch to trace again
    learning_rate=0.01,
    max_pooling="masked",   # h_max: "masked" (cu.layers.MaskedGlobalMaxPooling1D) or "keras" (GlobalMaxPooling1D)
    train_comments=None,    # train on the first n training comments (None: all 2,000)
)
CHANGES = dict()   # What to try: put your changes here, e.g. CHANGES = dict(epochs=1); CONFIG stays as it is
claim = cu.claims.Claims(CONFIG, CHANGES)   # applies CHANGES; once you change something, claims report, not stop

# %% [markdown]
# ## 1. The data: comments to moderate
#
# `data/comments_{train,validation,test}.tsv` (see `data/DATA.md`) hold one comment per line: the label
# (`accept`/`reject`), the text (already tokenized), the **causes** (which token positions made the comment
# a reject) and the **kind** of comment. A comment is one to four ordinary sentences with, for most
# comments, one more clause placed anywhere:
#
# | kind | example clause | label |
# |---|---|---|
# | clean | — | accept |
# | insult | *you are a* **moron** *.* | reject |
# | praise | *you are a genius .* (the same frames as the insults) | accept |
# | phrase | **shut up** *.* | reject |
# | negated | *nobody here is an idiot .* | accept |
# | animal aimed at a person | *the author is a complete* **rat** *.* | reject |
# | innocent animal | *we saw a rat at the farm on monday .* | accept |
#
# The same frames carry insults and praise, so no frame word gives the label away (a unit test checks that
# every word seen only in rejected comments is a recorded cause). The label is a function of the text, so
# the ceiling is 100 % accuracy; section 2 checks it on the test comments (`cu.metrics.empirical_ceiling`:
# identical texts must get one prediction, so only their most frequent label can be right).
#
# **Your own texts.** Set `data` in `CHANGES` to your train and test (and validation) files and their format
# (README, "Your own data": a TSV of texts and labels, or the kit's format) and run the notebook again: the
# same cells train and score the classifiers on your labels, two or more; the parts that need this corpus's
# comment kinds, causes or ceiling say that they are skipped.

# %%
def load(split):
    return load_labelled_texts(cu.data.path(f"comments_{split}.tsv"), label_set=MODERATION_LABELS)


KIT_DATA = CONFIG["data"] is None
if KIT_DATA:
    train, test = load("train")[:CONFIG["train_comments"]], load("test")   # validation: for your own tuning
    LABELS = MODERATION_LABELS
    kinds = collections.Counter((r.extra["kind"], r.label) for r in train)
    cu.print_table([(kind, label, n) for (kind, label), n in sorted(kinds.items())], ["kind", "label", "train comments"])
else:
    own = cu.own_data.load(CONFIG["data"], "classification")
    train, test = own["train"][:CONFIG["train_comments"]], own["test"]
    if not all(isinstance(r.label, str) for r in train + test):
        raise ValueError("this notebook gives every text one label; your files have multi-label rows")
    LABELS = sorted({r.label for r in train + test})   # the output layer's order
    print(cu.own_data.describe(CONFIG["data"]))
    cu.print_table([(label, sum(r.label == label for r in train), sum(r.label == label for r in test))
                    for label in LABELS], ["label", "train texts", "test texts"])
print()
for record in train[1:4]:
    print(record.label, record.causes, "|", record.text)

# %% [markdown]
# ## 2. Comments as padded integer batches
#
# The vocabulary comes from the training split. Comments have different lengths, so a batch is padded at
# the end with id 0, and `Embedding(mask_zero=True)` passes a mask along so that the RNN layers skip the
# padding (and output zeros there).

# %%
words = Vocabulary.build(r.text.split(" ") for r in train)


def encode(records):
    x = pad_batch([words.encode(r.text.split(" ")) for r in records])
    y = np.array([LABELS.index(r.label) for r in records])
    return x, y


(x_train, y_train), (x_test, y_test) = encode(train), encode(test)
lengths = (x_test != 0).sum(axis=1)
ceiling = empirical_ceiling([r.text for r in test], [r.label for r in test])
cu.print_metrics(vocabulary=len(words), train_shape=str(x_train.shape), test_shape=str(x_test.shape),
                 shortest_test_comment=int(lengths.min()), longest_test_comment=int(lengths.max()),
                 **({"reject_share_test": float(y_test.mean())} if KIT_DATA else {}),
                 ceiling_on_the_test_comments=ceiling)
if KIT_DATA:
    assert ceiling == 1.0, "no test text carries both labels: accuracy and AUC can reach 1"
else:
    cu.own_data.skip("the check that the ceiling is 1.0", "only the kit's labels are a function of the text")

# %% [markdown]
# ## 3. The model: stacked biGRU + global max pooling
#
# Two bidirectional GRU layers give every word $i$ a state $h_i = [h_i^{\rightarrow}; h_i^{\leftarrow}]$ of
# $2 \times 16 = 32$ numbers (the second layer reads the first layer's states). Global max pooling keeps, for
# every dimension $j$, the largest value over the $k$ words of the comment,
#
# $$ h_{\max}[j] = \max_{i=1}^{k} h_i[j], \qquad p = \mathrm{softmax}(W^{(o)} h_{\max} + b^{(o)}), $$
#
# with $W^{(o)}$ of shape $2 \times 32$ (slide convention). Each dimension of $h_{\max}$ acts like a detector
# that fires if *some* word of the comment (in its context) triggers it, wherever that word is.
#
# The maximum must run over the **real** words only. `cu.layers.MaskedGlobalMaxPooling1D` uses the mask;
# Keras 3's own `GlobalMaxPooling1D` ignores it (section 5 shows what that does).

# %%
def make_classifier(pooling, name):
    """Embedding -> 2 biGRU layers -> `pooling` ("max", "mean" or "last") -> dense softmax."""
    ids = keras.Input(shape=(None,), dtype="int32", name="word_ids")
    x = keras.layers.Embedding(len(words), CONFIG["embedding_dim"], mask_zero=True, name="embedding")(ids)
    x = keras.layers.Bidirectional(keras.layers.GRU(CONFIG["units"], return_sequences=True), name="bigru_1")(x)
    last_only = pooling == "last"   # the second layer then returns only its final states
    x = keras.layers.Bidirectional(keras.layers.GRU(CONFIG["units"], return_sequences=not last_only),
                                   name="bigru_2")(x)
    if pooling == "max":
        max_pooling = {"masked": MaskedGlobalMaxPooling1D, "keras": keras.layers.GlobalMaxPooling1D}
        x = max_pooling[CONFIG["max_pooling"]](name="h_max")(x)
    elif pooling == "mean":
        x = keras.layers.GlobalAveragePooling1D(name="h_mean")(x)     # this one does use the mask
    probabilities = keras.layers.Dense(len(LABELS), activation="softmax", name="output")(x)
    model = keras.Model(ids, probabilities, name=name)
    model.compile(optimizer=keras.optimizers.Adam(CONFIG["learning_rate"]),
                  loss="sparse_categorical_crossentropy")
    return model


model = make_classifier("max", "max_pooling")
cu.print_table([(layer.name, str(layer.output.shape), layer.count_params()) for layer in model.layers],
               ["layer", "output shape", "parameters"])

# %% [markdown]
# Check your understanding: the parameter count follows from the shapes (exercise 22.3 asks the same for a
# bigger model). A GRU direction with `reset_after=True` has $3 \times (\text{in} \cdot u + u \cdot u + 2u)$
# parameters.

# %%
def gru_direction(inputs, units):
    return 3 * (inputs * units + units * units + 2 * units)


u, e = CONFIG["units"], CONFIG["embedding_dim"]
by_hand = len(words) * e + 2 * gru_direction(e, u) + 2 * gru_direction(2 * u, u) + (2 * u + 1) * len(LABELS)
print("by hand:", by_hand, " Keras:", model.count_params())
assert by_hand == model.count_params(), "the parameter count follows from the shapes"

# %% [markdown]
# ## 4. Train and evaluate
#
# Accuracy counts decisions at probability 0.5; the **AUC** (area under the ROC curve) asks how well the
# reject probability ranks the comments, whatever threshold a moderator picks (1.0: every rejected comment
# above every accepted one).

# %%
def auc(y, p):
    """The AUC of the second label's probability (reject); with more labels, each label's against the rest, averaged."""
    columns = [1] if p.shape[1] == 2 else range(p.shape[1])
    aucs = [roc_auc_score(y == k, p[:, k]) for k in columns if 0 < (y == k).sum() < len(y)]
    return float(np.mean(aucs)) if aucs else float("nan")   # nan: the test texts all have one label


def evaluate(model):
    """The test texts' probabilities (one column per label), the accuracy and the AUC."""
    p_test = keras.ops.convert_to_numpy(model.predict(x_test, batch_size=len(x_test), verbose=0))
    return p_test, float((p_test.argmax(axis=1) == y_test).mean()), auc(y_test, p_test)


def fit(model):
    """Train epoch by epoch; returns the test (accuracy, AUC) after each epoch: a learning curve."""
    curve = []
    for _ in range(CONFIG["epochs"]):
        model.fit(x_train, y_train, epochs=1, batch_size=CONFIG["batch_size"], verbose=0)
        curve.append(evaluate(model)[1:])
    return curve


curves = {"max": fit(model)}
p_test, accuracy, test_auc = evaluate(model)
by_kind = collections.defaultdict(list)
for record, right in zip(test, p_test.argmax(axis=1) == y_test):
    by_kind[record.extra.get("kind")].append(right)

# %% [markdown]
# Scores of a trained model are *measured*: printed for you, their digits move with the CPU and the seed;
# the claims are asserted with margins.

# %% tags=["nbval-ignore-output"]
cu.print_metrics(test_accuracy=accuracy, test_auc=test_auc, ceiling=ceiling)
assert claim.at_least("the test accuracy", accuracy, 0.97)
if KIT_DATA:
    cu.print_table([(k, len(v), float(np.mean(v))) for k, v in sorted(by_kind.items())],
                   ["kind", "test comments", "accuracy"])
    assert claim.at_least("the test accuracy on animal words aimed at a person",
                          float(np.mean(by_kind["animal_aimed"])), 0.8)
    assert claim.at_least("the test accuracy on innocent animal words", float(np.mean(by_kind["animal_innocent"])), 0.8)
else:
    cu.own_data.skip("the accuracy by kind of comment", "your texts have no kinds")

# %% [markdown]
# Which kinds does the model get wrong, if any? Look for the ones where the word alone is not enough: a
# negated insult, an animal word. The animal word alone cannot tell *you are a rat* (reject) from *we saw a
# rat at the farm* (accept), so a classifier of that word alone gets one of the two kinds wrong; this one
# gets at least 80 % of both right (the last claims): the biGRU state of a word has read its context on
# both sides.
#
# ## 5. Padding must not count: masked vs Keras' `GlobalMaxPooling1D`
#
# Our biGRU layers output zeros at padded steps — because they are `Bidirectional`: Keras' `Bidirectional`
# zeroes the outputs at masked steps. A one-direction Keras RNN does not: at a masked step it carries its
# state forward, so it **repeats its last real state** there (the cell below shows both on a three-word input
# padded to five). An unmasked maximum over the biGRU's states therefore sees extra zeros whenever a
# comment is shorter than its batch: every dimension whose real values are all negative becomes 0. (Over a
# one-direction RNN's states it would see the last state again, which changes nothing there; any other
# padding value, or an unmasked mean, would still count the padding.) We build
# a second model from the **same trained layers**, with Keras' pooling instead of ours, and run the test
# comments padded to the longest test comment and (for the comments of the most common length) with no
# padding at all.

# %%
def padded_probe_states(recurrent):
    """The states of `recurrent` (fresh, small) over three words padded to five steps, with the mask.

    Every initializer has its own seed, so this aside draws nothing from the notebook's random stream.
    """
    embedded = keras.layers.Embedding(10, 4, mask_zero=True,
                                      embeddings_initializer=keras.initializers.RandomUniform(seed=1))(
        np.array([[5, 3, 7, 0, 0]]))
    return keras.ops.convert_to_numpy(recurrent(embedded))[0]


def small_gru(seed):
    return keras.layers.GRU(3, return_sequences=True, seed=seed,
                            kernel_initializer=keras.initializers.GlorotUniform(seed=seed),
                            recurrent_initializer=keras.initializers.Orthogonal(seed=seed))


one_way = padded_probe_states(small_gru(2))
both_ways = padded_probe_states(keras.layers.Bidirectional(small_gru(3)))
repeats = bool((one_way[3:] == one_way[2]).all())
zeros = bool((both_ways[3:] == 0).all())
print("one-direction GRU: its padded steps repeat its last real state:", repeats)
print("Bidirectional(GRU): its padded steps are zeros:", zeros)
assert repeats and zeros, "a one-direction RNN repeats its last state at masked steps; Bidirectional outputs zeros"

# %%
ids = keras.Input(shape=(None,), dtype="int32")
states = model.get_layer("bigru_2")(model.get_layer("bigru_1")(model.get_layer("embedding")(ids)))
length = collections.Counter(lengths.tolist()).most_common(1)[0][0]
group = lengths == length                       # the comments of the most common length ...
x_alone = x_test[group][:, :length]             # ... with no padding at all
with warnings.catch_warnings(record=True) as caught:    # Keras warns at every call; we print it once
    warnings.simplefilter("always")
    leaky = keras.Model(ids, [model.get_layer("output")(keras.layers.GlobalMaxPooling1D()(states)), states])
    outputs = {n: [keras.ops.convert_to_numpy(t) for t in leaky.predict(x, batch_size=len(x), verbose=0)]
               for n, x in [("batch", x_test), ("alone", x_alone)]}
p_leaky = {n: probabilities for n, (probabilities, _) in outputs.items()}
test_states = outputs["batch"][1]    # the biGRU states of the test comments, for section 6
print("Keras warns:", *{str(w.message) for w in caught})
if CONFIG["max_pooling"] == "masked":
    p_masked = p_test                 # the trained model pools with the mask already
else:                                 # its trained layers, pooled with the mask
    masked = keras.Model(ids, model.get_layer("output")(MaskedGlobalMaxPooling1D()(states)))
    p_masked = keras.ops.convert_to_numpy(masked.predict(x_test, batch_size=len(x_test), verbose=0))


def largest_change(a, b):   # of any label's probability
    return float(np.abs(a - b).max())


# %% tags=["nbval-ignore-output"]
rows = [("masked (ours)", largest_change(p_masked[group], p_leaky["alone"]), "(the reference)", "(the reference)"),
        ("Keras GlobalMaxPooling1D", largest_change(p_leaky["batch"][group], p_leaky["alone"]),
         int((np.abs(p_leaky["batch"] - p_masked) > 0.01).any(axis=1).sum()),
         int((p_leaky["batch"].argmax(axis=1) != p_masked.argmax(axis=1)).sum()))]
cu.print_table(rows, ["pooling in the padded batch", f"max |dp| vs no padding ({group.sum()} comments)",
                      f"comments off by > 0.01 (of {len(x_test)})", "decisions flipped"])
assert rows[0][1] < 1e-5, "masked pooling gives, inside the padded batch, the answer without padding"
assert claim.at_least("the largest change of a probability by padding, with Keras' pooling", rows[1][1], 0.01)
assert claim.at_least("the number of test comments Keras' pooling moves by more than 0.01", rows[1][2], 1)
assert claim.at_most("the number of decisions Keras' pooling flips", rows[1][3], 5)

# %% [markdown]
# Read the table. Without padding (the comments of the most common length, cut to that length) both
# poolings see only real words, so they agree there — that is the right answer. Our masked pooling gives
# the same answer inside the padded batch; Keras' pooling does not: a comment's probability then depends on
# the **other comments in its batch**, which decide whether it is padded. (The RNN outputs exactly 0 at
# padded steps, checked in section 6, so one padded step already lets a zero into the maximum and more
# padding changes nothing further.) The model here is confident, so few or no decisions flip, but the
# probabilities a moderator would rank by do move.
#
# ## 6. Look inside: which words win the maximum?
#
# Each of the 32 dimensions of $h_{\max}$ comes from one word. Counting, per word, how many dimensions it
# wins shows which words the classifier's input is made of.

# %% tags=["nbval-ignore-output"]
assert np.all(test_states[x_test == 0] == 0.0), "the biGRU states are exactly zero at padded steps (section 5)"

rejected = [i for i, r in enumerate(test) if r.causes.get("reject")]   # the rejected comments, with their causes
for i in rejected[:4]:
    tokens = test[i].text.split(" ")
    wins = collections.Counter(np.argmax(test_states[i][: len(tokens)], axis=0).tolist())
    top = ", ".join(f"{tokens[position]} ({n})" for position, n in wins.most_common(3))
    print(f"{test[i].extra.get('kind', ''):<12} cause: {' '.join(tokens[c] for c in test[i].causes['reject']):<8}"
          f"  words winning most dimensions: {top}")
if rejected:
    max_pool_hit_rate = float(np.mean([max_pooling_top_word(test_states[i], lengths[i]) in test[i].causes["reject"]
                                       for i in rejected]))
    cu.print_metrics(rejected_test_comments=len(rejected), top_word_is_a_cause=max_pool_hit_rate)
else:
    cu.own_data.skip("which words win the maximum, against the causes", "your texts have no recorded causes")

# %%
if rejected:   # your own texts: only with recorded causes
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.4), sharey=True)
    for ax, i in zip(axes, rejected[:3]):
        tokens = test[i].text.split(" ")
        wins = np.bincount(np.argmax(test_states[i][: len(tokens)], axis=0), minlength=len(tokens))
        ax.bar(range(len(tokens)), wins, color=["tab:red" if k in test[i].causes["reject"] else "tab:blue"
                                                for k in range(len(tokens))])
        ax.set_xticks(range(len(tokens)), tokens, rotation=70, fontsize=7)
        ax.set_title(f"{test[i].extra.get('kind', '')}: dimensions of h_max won (red: the cause)", fontsize=9)
    axes[0].set_ylabel("dimensions won")
    fig.tight_layout()
    plt.show()

# %% [markdown]
# In this run, the word that supplies the most dimensions of $h_{\max}$ is a recorded cause in the share of
# rejected comments printed above. That count is a crude pointer: it ignores how much each dimension matters
# to the classifier, and (as in the examples above) function words and punctuation can win many dimensions
# whose detectors fire a little everywhere. Notebook 07 computes the same share for its own max-pooling model
# (one biGRU layer, two epochs): compare the two values, and rerun this notebook with another seed. If they
# are far apart, what does that say about the measure — about what the model reads, or about which
# dimensions it happens to use? $h_{\max}$ does not come with one weight per word; the attention model of notebook 07
# does, and there we measure how often its top word is a cause.
#
# ## 7. Last state vs mean vs max, on the same budget
#
# Three ways to turn the word states into one vector, each trained from scratch with the same layers,
# epochs, batches and learning rate, and scored on the test set after every epoch (the max-pooling curve
# is the model of section 4):
#
# - **last state**: the second biGRU returns only its final states, $[h_k^{\rightarrow}; h_1^{\leftarrow}]$ —
#   each direction must carry what it read to the end of its pass;
# - **mean**: $\frac{1}{k}\sum_i h_i$ over the real words (Keras' `GlobalAveragePooling1D` uses the mask);
# - **max**: $h_{\max}$ as above.

# %%
for pooling in ("last", "mean"):
    curves[pooling] = fit(make_classifier(pooling, f"{pooling}_pooling"))
POOLINGS = ("last", "mean", "max")

# %% tags=["nbval-ignore-output"]
cu.print_table([*((p, *(acc for acc, _ in curves[p]), curves[p][-1][1]) for p in POOLINGS),
                ("ceiling", *[ceiling] * CONFIG["epochs"], ceiling)],
               ["pooling", *(f"accuracy after epoch {e + 1}" for e in range(CONFIG["epochs"])), "final AUC"])
after_one = {p: curves[p][0][0] for p in POOLINGS}
assert claim.at_least("max pooling's accuracy after epoch 1 minus the ceiling", after_one["max"] - ceiling, -0.08)
for other in ("last", "mean"):   # max learns fastest; the others close part of the gap later
    assert claim.at_least(f"max pooling's accuracy after epoch 1 minus {other}'s",
                          after_one["max"] - after_one[other], 0.05)
    gap = [curves["max"][e][0] - curves[other][e][0] for e in (0, -1)]
    assert claim.at_least(f"how much of its gap to max pooling {other} closes by the last epoch", gap[0] - gap[1], 0.05)

# %%
fig, ax = plt.subplots(figsize=(6, 3.6))
for p in POOLINGS:
    ax.plot(range(1, CONFIG["epochs"] + 1), [acc for acc, _ in curves[p]], marker="o", label=p)
ax.axhline(ceiling, color="gray", linestyle=":", label="ceiling")
ax.set(xlabel="epoch", ylabel="test accuracy", xticks=range(1, CONFIG["epochs"] + 1),
       title="last state vs mean vs max pooling, same budget")
ax.legend()
plt.show()

# %% [markdown]
# After one epoch max pooling is within 8 points of the ceiling while the last-state and mean models are at
# least 5 points behind it; by the last epoch each of the others closes at least 5 points of its gap (the
# claims check all of this). The evidence is one or two words anywhere in a comment of up
# to 54 words. Max pooling passes the strongest detector value straight to the classifier, so one word can
# decide; the mean divides that word's contribution by the length of the comment; the last states must carry
# it through every later word of their pass. Train the other two for more epochs to see how far they catch up.

# %% [markdown]
# ## What to try
#
# Put a change into `CHANGES` (in the CONFIG cell, at the top) and run the whole notebook again. A claim that
# no longer holds then prints one line, "with your settings ... is ...; with the notebook's it is at least ...",
# and the notebook goes on.
#
# - `CHANGES = dict(max_pooling="keras")` trains the model with Keras' `GlobalMaxPooling1D` instead of the masked
#   pooling (section 5 then runs its trained layers with either pooling): how do its test predictions change
#   on batches padded differently?
# - `CHANGES = dict(epochs=3)`: how far do the last-state and mean models catch up? And with
#   `CHANGES = dict(units=8)`?
# - `CHANGES = dict(train_comments=200)` trains on the first 200 training comments (the vocabulary comes from
#   them too): which kind of comment does the model get wrong most often?

# %% [markdown]
# ## Summary
#
# - A stacked biGRU gives every word a state that has read the whole comment; global max pooling keeps,
#   per dimension, the strongest evidence anywhere in the text; a dense softmax classifies it.
# - Pooling must use the mask. Keras 3's `GlobalMaxPooling1D` lets the zeros of padded steps into the
#   maximum, so predictions change with the padding; `cu.layers.MaskedGlobalMaxPooling1D` does not.
# - Max pooling lets one word's evidence reach the classifier directly; the mean dilutes it by the length
#   and the last state has to carry it to the end. After one epoch, max pooling was far ahead.

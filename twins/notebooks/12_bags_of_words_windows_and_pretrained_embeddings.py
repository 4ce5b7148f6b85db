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
# # 12 · What the RNN replaces: bags of words, fixed windows, and embeddings learned elsewhere
#
# **Lecture topic:** the models the lectures argue against, each tried on a task built to show where it
# fails: a **bag of words** forgets the order of the words; a **fixed window** of words around a word misses a
# cue that lies outside it (the RNN's answer: no window, $h_i$ stands for the whole history); and a word
# embedding matrix $E$ learned from a few labelled examples knows nothing of the words it never saw, so with
# little data one starts from embeddings **pretrained** on unlabelled text (word2vec's skip-gram, notebook 01).
#
# **You will learn to**
# - prove that every bag-of-words model gives the same answer to two texts with the same words, and build
#   test pairs that a bag of words can only get half right while a GRU reads them;
# - build a feed-forward window tagger and find the distance at which it falls to chance, while a GRU does not;
# - initialise a Keras `Embedding` from pretrained vectors, frozen or fine-tuned, and measure when it helps.
#
# **Runtime:** about 14 s on a 2-core CPU, 3.0 times the 4.6 s an empty notebook with Keras took on it (2026-12-06). The first run after installing takes about 8 s longer, while Python compiles TensorFlow and Keras.<!-- /runtime -->
# Most of it: two GRUs and the skip-gram pretraining.

# %%
try:
    import course_utils as cu
except ModuleNotFoundError:  # opened outside the kit's environment
    raise ModuleNotFoundError("This notebook needs the course kit (course_utils). In the kit's folder run "
                              "`pip install -r requirements.txt`, then restart the kernel; on Colab or a hub, "
                              "see the kit's README, 'Colab, JupyterHub, Binder'.") from None

cu.setup(seed=12)

import collections

import keras
import numpy as np

from course_utils.corpora import trigger_words, word_contexts
from course_utils.corpora.comment_templates import INSULTS, TOPICS
from course_utils.corpora.moderation import LABELS as MODERATION_LABELS
from course_utils.formats import load_labelled_texts, load_sentences
from course_utils.text import Vocabulary, pad_batch

# %%
CONFIG = dict(
    embedding_dim=16,
    units=32,             # the GRUs of sections 1 and 2
    epochs=3,             # the GRUs' epochs
    window=2,             # the window tagger reads `window` words on each side of a word
    max_gap=4,            # section 2: up to this many adjectives between the cue and the name
    few_per_class=2,      # section 3: labelled sentences per class in the small training set
)
CHANGES = dict()   # What to try: put your changes here, e.g. CHANGES = dict(epochs=1); CONFIG stays as it is
claim = cu.claims.Claims(CONFIG, CHANGES)   # applies CHANGES; once you change something, claims report, not stop


# %% [markdown]
# ## 1. A bag of words loses the order
#
# Early text classifiers, and many good baselines since, read a text as a **bag of words**: which words occur,
# how often, never in which order. Here the bag is the mean of the word embeddings, under a softmax layer:
# $p = \mathrm{softmax}\big(W^{(o)} \tfrac{1}{n} \sum_i E x_i + b\big)$. A sum, a mean or a maximum over the
# words gives the same vector for every order of the same words, so **any** bag-of-words model answers two
# texts with the same words in the same way, whatever its training.
#
# The comments of notebook 06 (accept or reject; `data/DATA.md`) have a catch for it: an insult is rejected,
# a negated one (*you are not a moron*) accepted, and *not* also occurs in harmless sentences (*we should not
# forget the people who work on the bridge*). Move the *not* from one sentence to the other and the words stay
# the same while the label flips. The cell builds all 160 such pairs (320 texts) from the corpus' insults and
# topics (every word is in the training vocabulary), and trains a bag of words and a GRU on the training comments.

# %%
def load(split):
    return load_labelled_texts(cu.data.path(f"comments_{split}.tsv"), label_set=MODERATION_LABELS)


train, test = load("train"), load("test")
words = Vocabulary.build(r.text.split(" ") for r in train)


def encode(texts, labels):
    return pad_batch([words.encode(t.split(" ")) for t in texts]), np.array([MODERATION_LABELS.index(l) for l in labels])


def article(word):
    return "an" if word[0] in "aeiou" else "a"


order_pairs = [(f"you are not {article(w)} {w} . we should forget the people who work on the {t} .",
                f"you are {article(w)} {w} . we should not forget the people who work on the {t} .")
               for w in INSULTS for t in TOPICS]                        # (accept, reject)
assert all(sorted(a.split()) == sorted(b.split()) for a, b in order_pairs), "each pair: the same words"
assert all(w in words for a, _ in order_pairs for w in a.split()), "every word was seen in training"
(x_train, y_train), (x_test, y_test) = (encode([r.text for r in d], [r.label for r in d]) for d in (train, test))
x_pairs, y_pairs = encode([t for pair in order_pairs for t in pair], ["accept", "reject"] * len(order_pairs))
print(f"{len(order_pairs)} pairs, e.g.", *order_pairs[0], sep="\n  ")


def classifier(reader):
    ids = keras.Input(shape=(None,), dtype="int32")
    e = keras.layers.Embedding(len(words), CONFIG["embedding_dim"], mask_zero=True)(ids)
    model = keras.Model(ids, keras.layers.Dense(len(MODERATION_LABELS), activation="softmax")(reader(e)))
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
    return model


cu.runtime.reseed("section 1")
bag = classifier(keras.layers.GlobalAveragePooling1D())                # the mean over the real words (masked)
gru = classifier(keras.layers.GRU(CONFIG["units"]))                     # reads the words in order
bag_history = bag.fit(x_train, y_train, batch_size=50, epochs=10, verbose=0)
gru_history = gru.fit(x_train, y_train, batch_size=50, epochs=CONFIG["epochs"], verbose=0)

# %% [markdown]
# **Exact, for the trained bag:** both texts of every pair get the same probabilities, so it gets exactly
# one of each pair right, whichever it says; 50 % is all a bag of words can score on the pairs.

# %%
p_pairs = bag.predict(x_pairs, batch_size=len(x_pairs), verbose=0).reshape(len(order_pairs), 2, -1)
same_answer = np.allclose(p_pairs[:, 0], p_pairs[:, 1], atol=1e-5)
bag_on_pairs = float((p_pairs.argmax(-1) == [0, 1]).mean())
print("same probabilities for both texts of every pair:", same_answer, "| bag of words right on", bag_on_pairs, "of them")
assert same_answer and bag_on_pairs == 0.5, "a bag of words cannot tell the two texts of a pair apart"

# %% tags=["nbval-ignore-output"]
accuracy = {name: (float((m.predict(x_test, batch_size=500, verbose=0).argmax(1) == y_test).mean()),
                   float((m.predict(x_pairs, batch_size=len(x_pairs), verbose=0).argmax(1) == y_pairs).mean()))
            for name, m in (("bag of words (mean of E x)", bag), ("GRU", gru))}
cu.print_table([(name, *acc) for name, acc in accuracy.items()], ["model", "test comments", "the 320 texts of the order pairs"])
assert claim.at_least("the bag of words' accuracy on the test comments", accuracy["bag of words (mean of E x)"][0], 0.95)
assert claim.at_least("the GRU's accuracy on the order pairs", accuracy["GRU"][1], 0.85)

# %% [markdown]
# On the test comments the bag of words is nearly perfect: in them, the insult word, and whether a *not*
# occurs, give the label away often enough without the order. A test set shows a model's weakness only if it asks the
# question; the pairs ask it, and only a model that reads the order can answer. Notebook 06 reads the order
# with a stacked biGRU.

# %% [markdown]
# ## 2. A fixed window misses what lies outside it
#
# Before RNNs, a word was tagged from a **window** of the words around it: the embeddings of the $2w + 1$
# words $x_{i-w}, \dots, x_{i+w}$, concatenated, into a feed-forward network (an MLP). Its input has a fixed
# size; the RNN's $h_i$ instead stands for the whole history up to word $i$, however long ("no window").
#
# The task is notebook 02's: an ambiguous name (*jordan*, *paris*, ...) is a person after *mr, met, ...* and
# a place after *in, visited, ...*, here with 0 to 4 adjectives in between
# (`trigger_tagging(..., max_gap=4)`). With $w = 2$, a name with two or more adjectives before it has no cue of
# its own in its window: the words before it are adjectives, and the words after it (fillers, or the next name's
# cue) are drawn independently of its type. So no window model can beat a coin flip on such names. The cell
# checks that the left half of every such window holds no cue word:

# %%
TAGS = ["O", "PER", "LOC"]
w = CONFIG["window"]
tag_train = trigger_words.trigger_tagging(3000, seed=2, max_gap=CONFIG["max_gap"])
tag_test = trigger_words.trigger_tagging(1000, seed=3, max_gap=CONFIG["max_gap"])
tag_words = Vocabulary.build(tokens for tokens, _ in tag_train)


def windows(data):
    """One row per word: the ids of the words from i - w to i + w (0 beyond the sentence), its tag, (sentence, i)."""
    rows, tags, where = [], [], []
    for n, (tokens, sentence_tags) in enumerate(data):
        ids = [0] * w + tag_words.encode(tokens) + [0] * w
        for i, tag in enumerate(sentence_tags):
            rows.append(ids[i: i + 2 * w + 1]), tags.append(TAGS.index(tag)), where.append((n, i))
    return np.array(rows), np.array(tags), where


def gap(tokens, i):
    """How many adjectives stand right before word i."""
    k = 0
    while tokens[i - 1 - k] in trigger_words.ADJECTIVES:
        k += 1
    return k


(xw_train, yw_train, _), (xw_test, yw_test, where) = windows(tag_train), windows(tag_test)
names = [k for k, (n, i) in enumerate(where) if tag_test[n][1][i] != "O"]
gaps = np.array([gap(tag_test[where[k][0]][0], where[k][1]) for k in names])
cues = {tag_words.id(t) for triggers in trigger_words.TRIGGERS.values() for t in triggers}
outside = [k for k, g in zip(names, gaps) if g >= w]
print(f"{len(names)} names in the test sentences; by gap:", dict(sorted(collections.Counter(gaps.tolist()).items())))
print(f"names with at least {w} adjectives before them: {len(outside)}; a cue word among the {w} words before them:",
      sum(bool(set(xw_test[k][:w]) & cues) for k in outside))
assert not any(set(xw_test[k][:w]) & cues for k in outside), "beyond the window, no cue of the name's own"

# %%
cu.runtime.reseed("section 2")
window_ids = keras.Input(shape=(2 * w + 1,), dtype="int32")
e = keras.layers.Flatten()(keras.layers.Embedding(len(tag_words), CONFIG["embedding_dim"])(window_ids))   # concatenated
window_tagger = keras.Model(window_ids, keras.layers.Dense(len(TAGS), activation="softmax")(
    keras.layers.Dense(32, activation="relu")(e)))
window_tagger.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
window_tagger.fit(xw_train, yw_train, batch_size=256, epochs=3, verbose=0)

x_tag, x_tag_test = (pad_batch([tag_words.encode(t) for t, _ in d]) for d in (tag_train, tag_test))
y_tag = pad_batch([[TAGS.index(t) + 1 for t in tags] for _, tags in tag_train], length=x_tag.shape[1])   # 0: padding
ids = keras.Input(shape=(None,), dtype="int32")
h = keras.layers.GRU(CONFIG["units"], return_sequences=True)(
    keras.layers.Embedding(len(tag_words), CONFIG["embedding_dim"], mask_zero=True)(ids))     # left to right
gru_tagger = keras.Model(ids, keras.layers.Dense(len(TAGS) + 1, activation="softmax")(h))
gru_tagger.compile(optimizer=keras.optimizers.Adam(0.01), loss=keras.losses.SparseCategoricalCrossentropy(ignore_class=0))
tagger_history = gru_tagger.fit(x_tag, y_tag, batch_size=50, epochs=CONFIG["epochs"], verbose=0)

# %% tags=["nbval-ignore-output"]
window_right = window_tagger.predict(xw_test[names], batch_size=4096, verbose=0).argmax(1) == yw_test[names]
gru_out = gru_tagger.predict(x_tag_test, batch_size=1000, verbose=0).argmax(-1)
gru_right = np.array([gru_out[where[k]] - 1 for k in names]) == yw_test[names]
by_gap = [(g, int((gaps == g).sum()), window_right[gaps == g].mean(), gru_right[gaps == g].mean())
          for g in range(CONFIG["max_gap"] + 1)]
cu.print_table(by_gap, ["adjectives between cue and name", "names", f"window tagger (w = {w})", "GRU"])
inside, beyond = gaps < w, gaps >= w
assert claim.at_least("the window tagger's accuracy when the cue is inside its window", window_right[inside].mean(), 0.95)
assert claim.at_most("the window tagger's accuracy when the cue is beyond it", window_right[beyond].mean(), 0.65)
assert claim.at_least("the GRU's accuracy on names beyond the window", gru_right[beyond].mean(), 0.9)

# %% [markdown]
# A wider window moves the cliff, it does not remove it: with $w$ words on each side, a cue $w + 1$ words away
# is lost, and the window model has $2w + 1$ embeddings' worth of weights in its first layer. The GRU has the
# same weights at every step and carries the cue as far as it needs to.

# %% [markdown]
# ## 3. Embeddings learned elsewhere
#
# $E$ can be learned by backpropagation like every other weight, if there are very many examples: a word's
# column only moves when the word occurs in a training example. With few labelled examples, most words are
# never seen, and their columns stay random. The usual way out: learn $E$ first on plenty of **unlabelled**
# text, where the next word or the neighbours are always known (word2vec, GloVe; or a language model,
# notebook 08), and start the labelled task from it.
#
# Here the unlabelled text is half of notebook 01's corpus (skip-gram, as in 01 §4). The labelled task: what
# is a sentence about, in six classes (a male or a female person, a pet or a farm animal, baked food or
# fruit), from the mean of its word vectors (the corpus shuffles its words, so order carries nothing and a
# bag of words is the right model). Three ways to get $E$: random and learned (`Embedding` as usual),
# pretrained and fine-tuned, pretrained and **frozen** (`trainable = False`); each trained on
# `few_per_class` labelled sentences per class, and on 2,000.

# %%
corpus = [s.split(" ") for s in load_sentences(cu.data.path("word_context_corpus.txt"))]
unlabelled, labelled, held_out = corpus[:3000], corpus[3000:5000], corpus[5000:]
vocab = Vocabulary.build(corpus)
CLASSES = ["male", "female", "pet", "farm", "baked", "fruit"]
class_of = {**{w: attributes[0] for w, attributes in word_contexts.PEOPLE.items()}, **word_contexts.ANIMALS,
            **word_contexts.FOODS}


def about(sentence):
    return CLASSES.index(next(class_of[w] for w in sentence if w in class_of))


few = [s for c in range(len(CLASSES)) for s in [s for s in labelled if about(s) == c][:CONFIG["few_per_class"]]]
training_sets = {f"{len(few)} sentences": few, "2,000 sentences": labelled}
x_held, y_held = pad_batch([vocab.encode(s) for s in held_out]), np.array([about(s) for s in held_out])
seen = {w for s in few for w in s}
print(f"vocabulary: {len(vocab)} words; the {len(few)} labelled sentences hold {len(seen)} of them;",
      f"{sum(any(w not in seen for w in s) for s in held_out)} of the {len(held_out)} test sentences have a word they lack")


# %%
def skipgram_pairs(sentences, window=4):
    centres, contexts = [], []
    for s in sentences:
        ids = vocab.encode(s)
        for i in range(len(ids)):
            for j in range(max(0, i - window), min(len(ids), i + window + 1)):
                if j != i:
                    centres.append(ids[i]), contexts.append(ids[j])
    return np.array(centres, dtype="int32"), np.array(contexts, dtype="int32")


cu.runtime.reseed("section 3")
centre = keras.Input(shape=(), dtype="int32")
skipgram = keras.Model(centre, keras.layers.Dense(len(vocab), activation="softmax")(
    keras.layers.Embedding(len(vocab), CONFIG["embedding_dim"], name="E")(centre)))
skipgram.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
skipgram.fit(*skipgram_pairs(unlabelled), batch_size=256, epochs=3, verbose=0)
E_pretrained = skipgram.get_layer("E").get_weights()[0]          # Keras layout: |V| x d, one row per word


def about_model(start):
    """Mean of the word vectors -> softmax over the six classes; E random, or pretrained (fine-tuned or frozen)."""
    ids = keras.Input(shape=(None,), dtype="int32")
    embedding = keras.layers.Embedding(len(vocab), CONFIG["embedding_dim"], mask_zero=True)
    mean = keras.layers.GlobalAveragePooling1D()(embedding(ids))
    model = keras.Model(ids, keras.layers.Dense(len(CLASSES), activation="softmax")(mean))
    if start != "random":
        embedding.set_weights([E_pretrained])
        embedding.trainable = start == "pretrained, fine-tuned"
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
    return model


held_out_accuracy = {}
for set_name, sentences in training_sets.items():
    x, y = pad_batch([vocab.encode(s) for s in sentences]), np.array([about(s) for s in sentences])
    repeats = max(1, 3000 // len(x))            # 60 batches for the small set, 40 for 2,000
    for start in ("random", "pretrained, fine-tuned", "pretrained, frozen"):
        model = about_model(start)
        model.fit(np.tile(x, (repeats, 1)), np.tile(y, repeats), batch_size=50, epochs=1, verbose=0)
        held_out_accuracy[set_name, start] = float((model.predict(x_held, batch_size=1000, verbose=0).argmax(1) == y_held).mean())

# %% tags=["nbval-ignore-output"]
small, large = training_sets
starts = ("random", "pretrained, fine-tuned", "pretrained, frozen")
cu.print_table([(start, held_out_accuracy[small, start], held_out_accuracy[large, start]) for start in starts],
               ["E", f"trained on {small}", f"trained on {large}"])
best_pretrained = max(held_out_accuracy[small, start] for start in starts[1:])
assert claim.at_least(f"on {small}, the better pretrained E's accuracy minus the random E's",
                      best_pretrained - held_out_accuracy[small, "random"], 0.03)
assert claim.at_least(f"on {large}, the accuracy of the E learned from random", held_out_accuracy[large, "random"], 0.97)

# %% [markdown]
# With a dozen labelled sentences, a word never seen in them keeps its random vector, and a test sentence
# made of such words is a guess; the pretrained vectors of unseen words already lie near those of seen words
# with the same company (notebook 01 §5). Fine-tuning on so few examples moves only the vectors of the words it
# sees, perhaps away from their unseen neighbours; freezing keeps the neighbourhoods but cannot adapt them to the
# task. Which of the two wins here depends on the seed (rerun with `COURSE_SEED=101`), so the assert asks only
# that the better of them beats the random start. With 2,000 labelled sentences every word is seen often and the
# learned $E$ needs no help.

# %% [markdown]
# ## Check your understanding
#
# 1. Why does the bag of words score exactly 50 % on the order pairs, whatever its training and its seed? Would sum or max pooling
#    change that? Why not?
# 2. The window tagger with $w = 2$ sees 5 words. What is the shape of its first `Dense` layer's kernel? How
#    does it grow with $w$, and how do the GRU's weights grow with the distance it must carry a cue?
# 3. Why can fine-tuning a pretrained $E$ on twelve sentences do worse than freezing it?

# %% [markdown]
# ## What to try
#
# Put a change into `CHANGES` (in the CONFIG cell, at the top) and run the whole notebook again. A claim that
# no longer holds then prints one line, "with your settings ... is ...; with the notebook's it is at least ...",
# and the notebook goes on.
#
# - `CHANGES = dict(window=4)`: the window sees four words on each side. Where is the cliff now?
# - `CHANGES = dict(few_per_class=10)`: how many labelled sentences does the random $E$ need to catch up?
# - `CHANGES = dict(epochs=1)`: does the GRU already read the order pairs after one epoch?

# %% [markdown]
# ## Summary
# - Every bag-of-words model answers two texts with the same words in the same way; a test set must ask about
#   the order to show what that costs.
# - A window of $w$ words on each side falls to chance on a cue $w + 1$ words away; an RNN's state has no window.
# - With few labelled examples, start from embeddings pretrained on unlabelled text; with many,
#   $E$ can be learned with the rest of the model.

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
# # 11 · Character-level word embeddings
#
# **Lecture topic:** word embeddings know nothing about a word never seen in training; a character-level word
# embedding builds a word's vector from its characters — with a bidirectional RNN over the characters (Ling et
# al. 2015) or with convolutions of widths 1-5, max pooling over the word and a highway layer (Kim et al. 2016)
# — and is concatenated with the ordinary word embedding.
#
# **You will learn to**
# - feed (batch, words, characters) tensors to Keras and keep padded characters out of every result;
# - build a char-BiGRU and a char-CNN + highway word encoder and compare them with a word-only tagger on words
#   seen in training and on **new words**, against the best a word-only model could do (the context-only bound);
# - compute the character vectors once per distinct word of a batch and measure what it saves;
# - look inside: nearest neighbours of invented words (before and after the highway layer), a map of the
#   vectors, what each CNN filter detects.
#
# **Runtime:** about 19 s on a 2-core CPU, 4.1 times the 4.6 s an empty notebook with Keras took on it (2026-12-06). The first run after installing takes about 8 s longer, while Python compiles TensorFlow and Keras.<!-- /runtime -->
# Most of it: three taggers.

# %%
try:
    import course_utils as cu
except ModuleNotFoundError:  # opened outside the kit's environment
    raise ModuleNotFoundError("This notebook needs the course kit (course_utils). In the kit's folder run "
                              "`pip install -r requirements.txt`, then restart the kernel; on Colab or a hub, "
                              "see the kit's README, 'Colab, JupyterHub, Binder'.") from None

cu.setup(seed=11)

import collections
import time

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import ops

from course_utils.corpora import name_forms
from course_utils.formats import load_conll
from course_utils.layers import EveryWord, Highway, MaskedGlobalMaxPooling1D
from course_utils.text import UNK_ID, Vocabulary, pad_batch

# %%
CONFIG = dict(
    word_dim=32,
    char_dim=16,
    char_units=32,        # per direction, char-BiGRU
    filters=25,           # per kernel width, char-CNN
    widths=(1, 2, 3, 4, 5),
    highway=True,         # the char-CNN ends with a highway layer (False: the pooled maxima are the vector)
    tagger_units=32,      # per direction, the word-level biGRU
    epochs=2,
    word_only_epochs=None,   # the word-only tagger's epochs, if not `epochs`
    batch_size=50,
    learning_rate=0.01,
)
CHANGES = dict()   # What to try: put your changes here, e.g. CHANGES = dict(epochs=1); CONFIG stays as it is
claim = cu.claims.Claims(CONFIG, CHANGES)   # applies CHANGES; once you change something, claims report, not stop

# %% [markdown]
# ## 1. The task: what kind of name is it?
#
# Each sentence holds one invented name: a person, a place or an organisation, in English or Greek. Its
# **suffix** decides the kind (*-shire*, *-ville* are places, *-son*, *-άκης* persons, *-tech*, *-τεχνική*
# organisations); the sentence around it only makes one kind likelier. Half of the test sentences use names
# that never occur in training.

# %%
conll_data = {split: load_conll(cu.data.path(f"names_{split}.conll"), with_comments=True)
              for split in ("train", "test")}
TAGS = ["<pad>", "O", "B-PER", "B-LOC", "B-ORG"]
train_tokens, train_tags, _ = conll_data["train"]
for tokens, tags in zip(train_tokens[:3], train_tags[:3]):   # the first three sentences
    print(list(zip(tokens, tags)))
words = Vocabulary.build(conll_data["train"][0])
names_test = [(i, k) for i, tags in enumerate(conll_data["test"][1]) for k, t in enumerate(tags) if t != "O"]
new_name = np.array([words.id(conll_data["test"][0][i][k]) == UNK_ID for i, k in names_test])
bound = name_forms.context_only_bound()
cu.print_metrics(train_sentences=len(conll_data["train"][0]), test_names=len(names_test),
                 test_names_not_in_the_training_vocabulary=float(new_name.mean()),
                 context_only_bound=bound, ceiling=1.0)

# %% [markdown]
# **The context-only bound.** A model that sees a new name as `[UNK]` knows only the sentence around it. The
# best it can do is to guess the likeliest kind for each context, which the generator's table gives exactly:
# e.g. *we drove to X on monday* is a place 80 % of the time. Averaged over the contexts: the bound above.
#
# ## 2. Words and characters as tensors
#
# Word ids are (batch, words); character ids (batch, words, characters), padded with 0 both ways. A character
# encoder runs on every word: `cu.layers.EveryWord` folds the word axis into the batch axis, runs the encoder
# once on (batch × words, characters) and unfolds the result. Keras 3's `TimeDistributed` gives the same numbers
# (`tests/test_layers.py` compares them) without folding: with a variable number of words it maps the encoder over
# the word positions (`vectorized_map`), one copy of the encoder's work per position.

# %%
chars = Vocabulary.build([list(w) for s in conll_data["train"][0] for w in s])
C = max(len(w) for split in conll_data.values() for s in split[0] for w in s)


def encode(split):
    sentences, tags, _ = split
    x_words = pad_batch([words.encode(s) for s in sentences])
    W = x_words.shape[1]
    x_chars = np.zeros((len(sentences), W, C), dtype="int32")
    for i, s in enumerate(sentences):
        for k, w in enumerate(s):
            x_chars[i, k, : len(w)] = chars.encode(list(w), strict=False)
    y = pad_batch([[TAGS.index(t) for t in ts] for ts in tags], length=W)
    return x_words, x_chars, y


(xw_train, xc_train, y_train), (xw_test, xc_test, y_test) = encode(conll_data["train"]), encode(conll_data["test"])
cu.print_table([("word ids", xw_train.shape), ("character ids", xc_train.shape), ("tags", y_train.shape),
                ("characters", len(chars)), ("longest word (characters)", C)], ["tensor", "shape"])

# %% [markdown]
# ## 3. Two character encoders
#
# - **char-BiGRU** (Ling et al.): embed the characters, run a bidirectional GRU over them, concatenate the
#   two final states. Padding is masked (`mask_zero=True`), so the states stop at the word's last character.
# - **char-CNN + highway** (Kim et al.): embed the characters, convolve with 25 filters of each width 1-5,
#   keep each filter's **maximum over the word** (how well its pattern matches anywhere in it), concatenate
#   (5 × 25 = 125 numbers) and pass a highway layer. A `Conv1D` does not take a mask, so padding is handled
#   twice by hand. The maximum excludes padded positions (`MaskedGlobalMaxPooling1D` with the character
#   mask): otherwise a padded position could win the max. And the padded positions' embeddings are set to
#   zero before the convolutions: id 0's row of the embedding matrix is trainable, and a window of
#   `padding="same"` at the word's last characters reaches past them, reading that row where the word is
#   padded but Conv1D's own zeros where the array ends.

# %%
def char_bigru():
    ids = keras.Input(shape=(None,), dtype="int32")
    e = keras.layers.Embedding(len(chars), CONFIG["char_dim"], mask_zero=True)(ids)
    return keras.Model(ids, keras.layers.Bidirectional(keras.layers.GRU(CONFIG["char_units"]))(e), name="char_bigru")


def char_cnn():
    ids = keras.Input(shape=(None,), dtype="int32")
    e = keras.layers.Embedding(len(chars), CONFIG["char_dim"])(ids)
    real = ops.not_equal(ids, 0)
    e = e * ops.expand_dims(ops.cast(real, e.dtype), -1)   # padding reads as zeros, as beyond the array
    pooled = [MaskedGlobalMaxPooling1D()(keras.layers.Conv1D(CONFIG["filters"], w, padding="same",
                                                             activation="tanh", name=f"conv_{w}")(e), mask=real)
              for w in CONFIG["widths"]]
    features = keras.layers.Concatenate(name="char_features")(pooled)
    return keras.Model(ids, Highway(name="highway")(features) if CONFIG["highway"] else features, name="char_cnn")


def tagger(encoder=None):
    word_ids = keras.Input(shape=(None,), dtype="int32", name="word_ids")
    char_ids = keras.Input(shape=(None, C), dtype="int32", name="char_ids")
    x = keras.layers.Embedding(len(words), CONFIG["word_dim"], mask_zero=True, name="word_E")(word_ids)
    if encoder is not None:
        x = keras.layers.Concatenate()([x, EveryWord(encoder, name="char_vectors")(char_ids)])
    h = keras.layers.Bidirectional(keras.layers.GRU(CONFIG["tagger_units"], return_sequences=True))(x)
    model = keras.Model([word_ids, char_ids], keras.layers.Dense(len(TAGS), activation="softmax")(h))
    model.compile(optimizer=keras.optimizers.Adam(CONFIG["learning_rate"]),
                  loss=keras.losses.SparseCategoricalCrossentropy(ignore_class=0))
    return model


cnn = char_cnn()
cu.print_table([(layer.name, str(layer.output.shape), layer.count_params()) for layer in cnn.layers
                if layer.name.startswith(("conv", "highway", "char_features"))], ["char-CNN layer", "output", "parameters"])

# %% [markdown]
# Padding must not change a word's vector: the same word with 6 more padded character positions, for a short
# word and for words of $C - 1$ and $C$ characters, whose last windows reach the end of the array.

# %%
def padded(ids, width):
    out = np.zeros((1, width), dtype="int32")
    out[0, :len(ids)] = ids
    return out


rng = np.random.default_rng(0)
same = {}
for length in (5, C - 1, C):
    ids = rng.integers(2, len(chars), size=length)              # real characters (0: padding, 1: unknown)
    same[length] = bool(np.allclose(cnn.predict(padded(ids, C), verbose=0),
                                    cnn.predict(padded(ids, C + 6), verbose=0), atol=1e-6))
print("char-CNN vector unchanged by 6 more padded characters, by word length:", same)
assert all(same.values()), "padded characters do not change a word's char-CNN vector, whatever its length"

# %% [markdown]
# ## 4. Word-only vs word + characters

# %%
taggers = {"word only": tagger(), "word + char-BiGRU": tagger(char_bigru()), "word + char-CNN": tagger(cnn)}
for name, model in taggers.items():
    own_epochs = name == "word only" and CONFIG["word_only_epochs"] is not None
    model.fit([xw_train, xc_train], y_train, batch_size=CONFIG["batch_size"],
              epochs=CONFIG["word_only_epochs"] if own_epochs else CONFIG["epochs"], verbose=0)


def name_accuracy(model):
    predicted = model.predict([xw_test, xc_test], batch_size=len(xw_test), verbose=0).argmax(-1)
    right = np.array([predicted[i, k] == y_test[i, k] for i, k in names_test])
    return float(right[~new_name].mean()), float(right[new_name].mean())


# %% tags=["nbval-ignore-output"]
accuracy = {name: name_accuracy(model) for name, model in taggers.items()}
cu.print_table([(name, seen, new) for name, (seen, new) in accuracy.items()]
               + [("context-only bound", "-", bound), ("ceiling", 1.0, 1.0)],
               ["tagger", "names seen in training", "new names"])
for name in ("word + char-BiGRU", "word + char-CNN"):
    assert claim.at_least(f"the {name} tagger's accuracy on new names", accuracy[name][1], bound + 0.2)
assert claim.at_most("the word-only tagger's accuracy on new names", accuracy["word only"][1],
                     bound + 0.05)                              # a new name is [UNK]: context is all it has

# %% [markdown]
# The word-only tagger sees every new name as `[UNK]`, so on new names it stays within 5 points of the bound
# (asserted). Both character models read the spelling and beat the bound on new names by at least 20 points
# (asserted); compare their two columns in the table.
#
# ## 5. Computing the character vectors once per distinct word
#
# A batch repeats words (*the*, *to*, *.* ...): running the character encoder on each distinct word once and
# gathering the vectors back gives the same numbers for less work.

# %%
encoder = taggers["word + char-CNN"].get_layer("char_vectors").layer
flat = xc_test.reshape(-1, C)
flat = flat[xw_test.reshape(-1) != 0]                    # the real words of the test set
distinct, position = np.unique(flat, axis=0, return_inverse=True)
every_word = encoder.predict(flat, batch_size=len(flat), verbose=0)
once_each = encoder.predict(distinct, batch_size=len(distinct), verbose=0)[position.ravel()]
print(f"{len(flat):,} words, {len(distinct):,} distinct; the same vectors to 1e-5:",
      bool(np.allclose(every_word, once_each, atol=1e-5)))
assert np.allclose(every_word, once_each, atol=1e-5), "once per distinct word gives every word's vector"

# %% [markdown]
# The time it saves, on the characters of every word of the training split (measured: best of three runs):

# %% tags=["nbval-ignore-output"]
def best_of_three(inputs):
    times = []
    for _ in range(3):
        start = time.perf_counter()
        encoder.predict(inputs, batch_size=len(inputs), verbose=0)
        times.append(time.perf_counter() - start)
    return min(times)


train_flat = xc_train.reshape(-1, C)[xw_train.reshape(-1) != 0]
train_distinct = np.unique(train_flat, axis=0)
t_every, t_once = best_of_three(train_flat), best_of_three(train_distinct)
cu.print_metrics(words=len(train_flat), distinct_words=len(train_distinct), seconds_every_word=t_every,
                 seconds_distinct_words=t_once, speed_up=t_every / t_once)
assert claim.holds("computing the vectors once per distinct word is faster", t_once < t_every)

# %% [markdown]
# **At inference, a cache.** A trained encoder no longer changes, so a word's vector can be computed the first
# time the word is seen and kept: a dictionary from the word's characters to its vector. Filled while reading
# the training split, it leaves only the test words never seen before to compute, and gives the same vectors:

# %%
cache = {}


def char_vectors(rows):
    """The encoder's vectors for character rows, computing only the rows not in the cache; also how many it computed."""
    keys = [row.tobytes() for row in rows]
    new = {key: row for key, row in zip(keys, rows) if key not in cache}
    if new:
        cache.update(zip(new, encoder.predict(np.array(list(new.values())), batch_size=len(new), verbose=0)))
    return np.array([cache[key] for key in keys]), len(new)


_, computed_for_training = char_vectors(train_flat)
cached_test_vectors, computed_for_test = char_vectors(flat)
same_vectors = bool(np.allclose(cached_test_vectors, every_word, atol=1e-5))
cu.print_metrics(training_words=len(train_flat), computed_for_training=computed_for_training, test_words=len(flat),
                 computed_for_test=computed_for_test, same_vectors_as_the_encoder=same_vectors)
assert same_vectors, "vectors from the cache are the encoder's"

# %% [markdown]
# ## 6. Looking inside the character-CNN
#
# **Nearest neighbours of invented words.** The character vectors of words that are in no data set, next to
# the three most similar training names (cosine):

# %%
train_names = sorted({s[k] for s, tags in zip(*conll_data["train"][:2]) for k, t in enumerate(tags) if t != "O"})
kind_of = {s[k]: t[2:] for s, tags in zip(*conll_data["train"][:2]) for k, t in enumerate(tags) if t != "O"}


def unit_vectors(model, word_list):
    """`model`'s vectors of the words (their characters cut to C), scaled to length 1."""
    ids = np.zeros((len(word_list), C), dtype="int32")
    for i, w in enumerate(word_list):
        ids[i, : min(len(w), C)] = chars.encode(list(w[:C]), strict=False)
    vectors = model.predict(ids, batch_size=len(ids), verbose=0)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


invented = {"Noahshire": "LOC", "Kelmarson": "PER", "Dorentech": "ORG", "Καλομιούπολη": "LOC", "Παστάκης": "PER"}
name_vectors, probe_vectors = unit_vectors(encoder, train_names), unit_vectors(encoder, list(invented))
similar = probe_vectors @ name_vectors.T

# %% tags=["nbval-ignore-output"]
top = {w: [train_names[j] for j in np.argsort(-similar[i])[:3]] for i, w in enumerate(invented)}
cu.print_table([(w, *(f"{n} ({kind_of[n]})" for n in top[w])) for w in invented], ["invented word", "1st", "2nd", "3rd"])
assert claim.at_least("the number of invented words whose nearest training name is of their kind",
                      sum(kind_of[top[w][0]] == kind for w, kind in invented.items()), 4)   # the suffix brings them together

# %% [markdown]
# **Before and after the highway layer.** Kim et al. (2016) listed nearest neighbours of words twice: on the
# pooled CNN features, where the neighbours of *richard* were words spelled alike (*hard, rich, richer*), and
# after the highway layers, where they were other first names (*eduard, gerard, edward*): the highway layers
# turned spelling into use. Here a name's kind *is* in its spelling. The same comparison, with the pooled features
# (`char_features`) against the encoder's output:

# %%
pooled_features = keras.Model(encoder.input, encoder.get_layer("char_features").output)
neighbours, same_kind_share = {}, {}
for stage, stage_model in (("before the highway", pooled_features), ("after it", encoder)):
    names_v = unit_vectors(stage_model, train_names)
    between_names = names_v @ names_v.T
    np.fill_diagonal(between_names, -np.inf)
    same_kind_share[stage] = float(np.mean([kind_of[n] == kind_of[train_names[j]]
                                            for n, j in zip(train_names, between_names.argmax(1))]))
    to_invented = unit_vectors(stage_model, list(invented)) @ names_v.T
    neighbours[stage] = {w: [train_names[j] for j in np.argsort(-to_invented[i])[:3]] for i, w in enumerate(invented)}

# %% tags=["nbval-ignore-output"]
cu.print_table([(w, ", ".join(neighbours["before the highway"][w]), ", ".join(neighbours["after it"][w])) for w in invented],
               ["invented word", "3 nearest, before the highway", "3 nearest, after it"])
cu.print_metrics(**{f"training names whose nearest name has their kind, {stage}": share for stage, share in same_kind_share.items()})
assert claim.at_least("the share of names whose nearest name has their kind, after the highway",
                      same_kind_share["after it"], 0.9)
assert claim.at_least("the same share before it", same_kind_share["before the highway"], 0.9)
kept = np.mean([len(set(neighbours["before the highway"][w]) & set(neighbours["after it"][w])) / 3 for w in invented])
assert claim.at_least("the share of the invented words' 3 neighbours the highway leaves in place", kept, 0.6)

# %% [markdown]
# Both sides group the names by kind, and the neighbours barely change: where the spelling already says what
# matters, the highway layer (whose gates start almost closed) has little to turn. Kim et al.'s words were
# English words in a language model, where spelling and use often disagree.

# %%
from sklearn.decomposition import PCA

points = PCA(2, random_state=0).fit_transform(name_vectors)
fig, ax = plt.subplots(figsize=(6, 4.5))
for kind, colour in zip(name_forms.KINDS, ("tab:blue", "tab:orange", "tab:green")):
    rows = [i for i, n in enumerate(train_names) if kind_of[n] == kind]
    ax.scatter(points[rows, 0], points[rows, 1], s=10, color=colour, label=kind)
ax.set(title="character-CNN vectors of the training names (PCA)", xlabel="component 1", ylabel="component 2")
ax.legend()
plt.show()

# %% [markdown]
# **What a filter fires on.** For a few filters of width 3 and 4, the character n-grams of the training names
# where the filter is largest:

# %% tags=["nbval-ignore-output"]
def top_ngrams(width, filter_index, k=3):
    conv = keras.Model(encoder.inputs, encoder.get_layer(f"conv_{width}").output)
    ids = np.zeros((len(train_names), C), dtype="int32")
    for i, w in enumerate(train_names):
        ids[i, : len(w)] = chars.encode(list(w), strict=False)
    activation = conv.predict(ids, batch_size=len(ids), verbose=0)[..., filter_index]
    activation[ids == 0] = -np.inf                         # padded positions never count
    found = collections.Counter()
    for i, w in enumerate(train_names):
        j = int(np.argmax(activation[i]))
        start = j - (width - 1) // 2                       # "same" padding centres the window
        found[w[max(start, 0): start + width]] += 1
    return found.most_common(k), float(np.max(activation))


rows = []
for width in [w for w in (3, 4) if w in CONFIG["widths"]] or [max(CONFIG["widths"])]:   # else the widest there is
    for f in range(min(3, CONFIG["filters"])):
        grams, peak = top_ngrams(width, f)
        rows.append((f"width {width}, filter {f}", ", ".join(f"{g} ({n})" for g, n in grams), peak))
        assert np.isfinite(peak), "a filter's largest activation is on a real character"
cu.print_table(rows, ["filter", "most frequent top n-grams (names)", "largest activation"])

# %% [markdown]
# Which of these n-grams are pieces of the suffixes, the part of a name that carries its kind? Rerun with
# another seed: do the same filters find the same pieces?
#
# ## Check your understanding
#
# 1. Why can no word-only tagger beat the context-only bound on new names, however long it trains?
# 2. What would go wrong in the char-CNN if the maximum over the word included padded positions?
# 3. The char-CNN's word vector has 125 numbers: where does that number come from, and how many parameters
#    does its highway layer have? (Exercise `ex11_1_character_cnn_dimensions`.)
#
# ## What to try
#
# Put a change into `CHANGES` (in the CONFIG cell, at the top) and run the whole notebook again. A claim that
# no longer holds then prints one line, "with your settings ... is ...; with the notebook's it is at least ...",
# and the notebook goes on.
#
# - `CHANGES = dict(highway=False)` drops the highway layer from `char_cnn`: does the new-name accuracy change?
# - `CHANGES = dict(widths=(1,))` keeps only kernels of width 1: can the model still find the suffixes? Why
#   (not)?
# - `CHANGES = dict(word_only_epochs=10)` gives the word-only tagger 10 epochs: which column moves?

# %% [markdown]
# ## Summary
# - A character-level encoder gives every word a vector, seen in training or not; concatenated with the word
#   embedding it lets a tagger use a word's spelling.
# - On names whose kind is in their suffix, both the char-BiGRU and the char-CNN + highway tag new names far
#   above the context-only bound that limits a word-only tagger.
# - Padding needs care at two levels (words and characters); computing the character vectors once per distinct
#   word gives identical results for less work.

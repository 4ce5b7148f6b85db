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
# # 04 · Bidirectional and stacked RNNs
#
# **Lecture topic:** bidirectional RNNs ($h_i = [h_i^{\rightarrow}; h_i^{\leftarrow}]$), stacked RNNs, and RNN
# states as context-aware "revised" word embeddings.
#
# **You will learn to**
# - run a forward and a backward RNN over the same sentence and merge their states, in NumPy and in Keras
#   (`keras.layers.Bidirectional`), and choose a `merge_mode`;
# - stack recurrent layers with `return_sequences=True`, with residual connections where widths match;
# - see that the state of a word depends on its sentence, while its embedding does not;
# - watch a left-to-right language model give the two senses of *bank* two sides of its state space.
#
# **Runtime:** about 11 s on a 2-core CPU, 2.4 times the 4.6 s an empty notebook with Keras took on it (2026-12-06). The first run after installing takes about 8 s longer, while Python compiles TensorFlow and Keras.<!-- /runtime -->

# %%
try:
    import course_utils as cu
except ModuleNotFoundError:  # opened outside the kit's environment
    raise ModuleNotFoundError("This notebook needs the course kit (course_utils). In the kit's folder run "
                              "`pip install -r requirements.txt`, then restart the kernel; on Colab or a hub, "
                              "see the kit's README, 'Colab, JupyterHub, Binder'.") from None

cu.setup(seed=4)

import keras
import matplotlib.pyplot as plt
import numpy as np

from course_utils import numpy_rnn
from course_utils.corpora import word_senses
from course_utils.corpora.named_entities import BIO_TAGS
from course_utils.formats import load_conll
from course_utils.text import Vocabulary, pad_batch

# %%
CONFIG = dict(
    embedding_dim=32,
    units=32,             # per direction
    bidirectional=True,   # the section 3 tagger's GRU reads both ways (False: left to right only)
    epochs=3,
    sense_epochs=6,       # the left-to-right language model of section 4
)
CHANGES = dict()   # What to try: put your changes here, e.g. CHANGES = dict(epochs=1); CONFIG stays as it is
claim = cu.claims.Claims(CONFIG, CHANGES)   # applies CHANGES; once you change something, claims report, not stop

# %% [markdown]
# ## 1. Reading in both directions
#
# A forward RNN's state $h_i^{\rightarrow}$ summarises words $1..i$; a second RNN with its own weights reads
# the sentence from the end, so $h_i^{\leftarrow}$ summarises words $i..k$. A bidirectional layer returns
#
# $$ h_i = \big[\,h_i^{\rightarrow};\; h_i^{\leftarrow}\,\big] \qquad (2u \times 1 \text{ with } u \text{ units per direction}), $$
#
# so every position has seen the whole sentence. `cu.numpy_rnn.bidirectional` does exactly this with the NumPy
# cells of notebooks 02-03; it must equal Keras, including on padded (masked) batches, where Keras outputs
# zeros at the padding.

# %%
rng = np.random.default_rng(0)
batch, steps, features, units = 3, 7, 5, 4
x = rng.normal(size=(batch, steps, features)).astype("float32")
mask = np.arange(steps)[None, :] < np.array([[7], [5], [2]])          # real lengths 7, 5, 2

differences = {}
for kind, layer_class in (("simple_rnn", keras.layers.SimpleRNN), ("gru", keras.layers.GRU),
                          ("lstm", keras.layers.LSTM)):
    layer = keras.layers.Bidirectional(layer_class(units, return_sequences=True))
    layer.build((None, None, features))
    layer.set_weights([rng.normal(0, 0.5, w.shape).astype("float32") for w in layer.get_weights()])
    keras_out = keras.ops.convert_to_numpy(layer(x, mask=mask))
    numpy_out = numpy_rnn.bidirectional(kind, x, layer.get_weights(), mask=mask)
    differences[kind] = float(np.abs(keras_out - numpy_out).max())
    print(f"{kind:<10} output {keras_out.shape}: NumPy equals Keras to 1e-5: {differences[kind] < 1e-5}")
assert all(d < 1e-5 for d in differences.values()), "cu.numpy_rnn.bidirectional equals Keras, masks included"
assert (keras_out[2, 2:] == 0).all(), "Keras outputs zeros at the padded steps"

# %% tags=["nbval-ignore-output"]
print({kind: f"{d:.1e}" for kind, d in differences.items()})
assert max(differences.values()) < 1e-5, "NumPy equals Keras"   # float32 rounding only

# %% [markdown]
# **`merge_mode`.** Concatenation (the default) doubles the width; `sum`, `mul` and `ave` keep it at $u$.
# A constant width is what a **residual connection** needs: $h^{[m]} = h^{[m-1]} + \mathrm{biRNN}(h^{[m-1]})$
# adds vectors, so both must have the same size.

# %%
rows = []
for merge_mode in ("concat", "sum", "mul", "ave"):
    layer = keras.layers.Bidirectional(keras.layers.GRU(units, return_sequences=True), merge_mode=merge_mode)
    out = layer(x)
    rows.append((merge_mode, str(tuple(out.shape)), layer.count_params()))
cu.print_table(rows, ["merge_mode", "output shape", "parameters"])
assert rows[0][1] == str((batch, steps, 2 * units)) and all(r[1] == str((batch, steps, units)) for r in rows[1:]), \
    "concat doubles the width; sum, mul and ave keep it"

# %% [markdown]
# **A learned combination.** The two directions can also be merged by a layer of their own,
# $h_i = g\big(W^{\rightarrow} h_i^{\rightarrow} + W^{\leftarrow} h_i^{\leftarrow} + b\big)$. In Keras that is a `Dense` layer
# on the concatenation: with $W = [\,W^{\rightarrow} \mid W^{\leftarrow}\,]$, $W [h^{\rightarrow}; h^{\leftarrow}] = W^{\rightarrow} h^{\rightarrow} + W^{\leftarrow} h^{\leftarrow}$,
# so the first $u$ rows of its `kernel` are $W^{\rightarrow\top}$ and the last $u$ are $W^{\leftarrow\top}$. With $g$ the identity,
# $W^{\rightarrow} = W^{\leftarrow} = I$ and $b = 0$ it is `merge_mode="sum"`: the fixed merges are special cases.

# %%
both = keras.layers.Bidirectional(keras.layers.GRU(units, return_sequences=True), merge_mode=None)
forward, backward = (keras.ops.convert_to_numpy(t) for t in both(x))          # merge_mode=None: the two halves
combine = keras.layers.Dense(units, activation="tanh", bias_initializer="random_normal")   # a bias that is not 0
learned = keras.ops.convert_to_numpy(combine(np.concatenate([forward, backward], axis=-1)))
K, b = combine.get_weights()
summed = keras.layers.Bidirectional(keras.layers.GRU(units, return_sequences=True), merge_mode="sum")
summed.build((None, None, features))
summed.set_weights(both.get_weights())                               # the same two GRUs, summed
merges = {"Dense on [h->; h<-] = tanh(W-> h-> + W<- h<- + b)":
              bool(np.allclose(learned, np.tanh(forward @ K[:units] + backward @ K[units:] + b), atol=1e-6)),
          "identity g, W-> = W<- = I, b = 0: merge_mode='sum'":
              bool(np.allclose(forward @ np.eye(units) + backward @ np.eye(units), keras.ops.convert_to_numpy(summed(x)),
                               atol=1e-6))}
for fact, holds in merges.items():
    print(f"{fact}: {holds}")
assert all(merges.values()), "a learned merge is a Dense layer on the concatenation; sum is its special case"


# %% [markdown]
# ## 2. Stacking, with and without residual connections
#
# Layer $m$ reads the sequence of states of layer $m-1$, so every layer below the top needs
# `return_sequences=True`. With `merge_mode="sum"` every layer has width $u$, and we can add each layer's
# input to its output.

# %%
def stacked(depth, residual):
    ids = keras.Input(shape=(None,), dtype="int32")
    h = keras.layers.Embedding(100, units, name="E")(ids)      # embedding size = u, so widths match
    for m in range(depth):
        out = keras.layers.Bidirectional(keras.layers.GRU(units, return_sequences=True), merge_mode="sum",
                                         name=f"bigru_{m + 1}")(h)
        h = keras.layers.Add(name=f"residual_{m + 1}")([h, out]) if residual else out
    return keras.Model(ids, h)


plain, res = stacked(3, residual=False), stacked(3, residual=True)
sample = rng.integers(1, 100, size=(2, 6))
cu.print_table([(name, str(tuple(model(sample).shape)), model.count_params()) for name, model in
                (("3 stacked biGRUs", plain), ("3 stacked biGRUs + residual", res))],
               ["model", "output shape", "parameters"])
assert plain.count_params() == res.count_params(), "the additions have no weights"

# %% [markdown]
# Here the embedding is $u$ wide, so even the first layer can add its input. Usually the embedding has another
# width than the states (notebook 05: 32 against 2 × 32), and residual connections start at the **second** layer,
# the first whose input is as wide as its output; around the first, the sum is not defined:

# %%
wider = keras.Input(shape=(None, 2 * units))                     # an embedding twice as wide as the states
first_layer = keras.layers.Bidirectional(keras.layers.GRU(units, return_sequences=True), merge_mode="sum")
try:
    keras.layers.Add()([wider, first_layer(wider)])
    refused = False
except ValueError:
    refused = True
print(f"input {2 * units} wide + output {units} wide: Keras refuses the sum:", refused)
assert refused, "a residual connection needs equal widths"

# %% [markdown]
# ## 3. States as revised embeddings
#
# An embedding gives a word one vector, whatever its sentence. The state $h_i$ of a (bi)RNN is a
# **context-aware** version of it: trained to tag entities, a biGRU must represent the same surname
# differently in *X was born in 1984* (a person) and *X shares fell 5 percent* (a company). We train one
# on the training split of the entity corpus of notebook 05.

# %%
train = load_conll(cu.data.path("ner_train.conll"), tagset=BIO_TAGS)
words = Vocabulary.build(train[0])
TAGS = list(BIO_TAGS)
x_train = pad_batch([words.encode(s) for s in train[0]])
y_train = pad_batch([[TAGS.index(t) for t in tags] for tags in train[1]], length=x_train.shape[1])

cu.runtime.reseed("the tagger of section 3")   # its own random stream: the cells above do not shift it
ids = keras.Input(shape=(None,), dtype="int32")
e = keras.layers.Embedding(len(words), CONFIG["embedding_dim"], mask_zero=True, name="E")(ids)
gru = keras.layers.GRU(CONFIG["units"], return_sequences=True)
rnn = keras.layers.Bidirectional(gru, name="bigru") if CONFIG["bidirectional"] else gru
h = rnn(e)
tagger = keras.Model(ids, keras.layers.Dense(len(TAGS), activation="softmax")(h))
tagger.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
history = tagger.fit(x_train, y_train, batch_size=64, epochs=CONFIG["epochs"], verbose=0)

# %% [markdown]
# One surname from the training data in five sentences; the same embedding $e$ each time, but its state
# $h$ (the output of the biGRU at that word) moves with the sentence. The heat maps below show the cosines
# of every pair: all ones for the embeddings, blocks by entity type for the states.

# %%
surname = "Castro"
assert surname in words, f"{surname} is a word of the training data"
contexts = {"person 1": f"{surname} was born in 1984 .", "person 2": f"{surname} married his cousin .",
            "company 1": f"{surname} shares fell 5 percent .", "company 2": f"{surname} hired 200 new employees .",
            "place": f"{surname} lies on the coast ."}
batch_ids = pad_batch([words.encode(s.split()) for s in contexts.values()])
embeddings = keras.ops.convert_to_numpy(tagger.get_layer("E")(batch_ids))[:, 0]
states = keras.ops.convert_to_numpy(keras.Model(tagger.input, rnn.output)(batch_ids))[:, 0]


def cosines(vectors):
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    return unit @ unit.T


names = list(contexts)
state_cos, embedding_cos = cosines(states), cosines(embeddings)
print("cosine between the embeddings in any two sentences:", f"{embedding_cos.min():.2f}")
assert np.allclose(embedding_cos, 1.0, atol=1e-6), "one word, one embedding"

# %% [markdown]
# The states come from a trained model, so their cosines are *measured* (the digits move with the CPU and
# the seed); the claims about them are asserted with margins.

# %% tags=["nbval-ignore-output"]
cu.print_table([(a, *(f"{state_cos[i, j]:.2f}" for j in range(len(names)))) for i, a in enumerate(names)],
               ["cos(h, h)", *names])
same_type = [state_cos[0, 1], state_cos[2, 3]]
different_type = [state_cos[i, j] for i in (0, 1) for j in (2, 3, 4)] + [state_cos[i, 4] for i in (2, 3)]
assert claim.at_most(f"the highest cosine of {surname}'s states of different types", max(different_type), 0.9)
assert claim.holds(f"{surname}'s states group by entity type", min(same_type) > max(different_type))

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
rnn_name = "biGRU" if CONFIG["bidirectional"] else "GRU"
for ax, (title, matrix) in zip(axes, (("embeddings e: one vector per word", embedding_cos),
                                      (f"{rnn_name} states h: one per word in context", state_cos))):
    image = ax.imshow(matrix, cmap="viridis", vmin=-1, vmax=1)
    ax.set_xticks(range(len(names)), names, rotation=45)
    ax.set_yticks(range(len(names)), names)
    ax.set_title(f"cosines of {surname!r}: {title}", fontsize=9)
fig.colorbar(image, ax=axes, fraction=0.025)
plt.show()

# %% [markdown]
# ## 4. One word, two senses: the left context revises the embedding
#
# *Bank* lends money or lines a river. An embedding gives it **one** vector for both senses; Huang et al. (2012)
# argued that such a vector mixes the senses, and learned one vector per sense instead. An RNN's state
# does it without being told about senses: $h_i = g(W h_{i-1} + U e_i + b)$ is the word's embedding $e_i$
# **revised by its left context** $h_{i-1}$. Read one way, $h_i$ is a memory of words $1..i$; read the other,
# it is the embedding of word $i$ in its context. Section 3's biGRU mixed in the right context too, and its
# surname opened every sentence; here a **left-to-right** GRU reads the ambiguous word in mid-sentence.
#
# The sentences come from `corpora.word_senses.sense_sentences` (in memory): a cue decides the sense
# (*after the audit* or *after the flood*), then *, the*, then the target word, then an ending
# that fits the sense only (*approved my loan*, *flooded again*). The target is *bank* half the time, else a
# word with one sense: *lender* (money) or *shore* (river). We train a GRU **language model** on the next word,
# so no sense label is ever given; to predict the ending it must carry the cue to the target word.

# %%
senses_train, senses_probe = word_senses.sense_sentences(2000, seed=4), word_senses.sense_sentences(400, seed=5)
sense_words = Vocabulary.build([["<s>"] + s for s, _, _ in senses_train])


def sense_ids(data):
    ids = pad_batch([sense_words.encode(["<s>"] + s) for s, _, _ in data])
    return ids[:, :-1], ids[:, 1:]                       # input <s> w1 .. w(k-1), target w1 .. wk


cu.runtime.reseed("the language model of section 4")
ids = keras.Input(shape=(None,), dtype="int32")
sense_gru = keras.layers.GRU(32, return_sequences=True, name="gru")     # left to right only
sense_states = sense_gru(keras.layers.Embedding(len(sense_words), 16, name="E")(ids))
sense_lm = keras.Model(ids, keras.layers.Dense(len(sense_words))(sense_states))
sense_lm.compile(optimizer=keras.optimizers.Adam(0.01),
                 loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=0))
sense_lm.fit(*sense_ids(senses_train), batch_size=16, epochs=CONFIG["sense_epochs"], verbose=0)
state_of = keras.Model(ids, sense_states)
print("sentence:", " ".join(senses_probe[0][0]), "| vocabulary:", len(sense_words), "words")

# %% [markdown]
# **The first state knows only the first word.** The model reads `<s>` first, and its state $h_{\langle s \rangle}$ is the
# same for every sentence; then $h_1 = g(W h_{\langle s \rangle} + U e_1 + b)$: two sentences that start with the same
# word have the same $h_1$, whatever follows, and their states part at the first word
# that differs. Exact, for any weights:

# %%
pair = [["after", "the", "audit", ",", "the", "bank"], ["after", "the", "flood", ",", "the", "bank"]]
pair_states = keras.ops.convert_to_numpy(state_of(np.array([sense_words.encode(["<s>"] + s) for s in pair])))[:, 1:]
same = [bool(np.allclose(pair_states[0, i], pair_states[1, i], atol=1e-6)) for i in range(len(pair[0]))]
cu.print_table([(i + 1, a, b, s) for i, (a, b, s) in enumerate(zip(*pair, same))], ["i", "sentence 1", "sentence 2", "same h_i"])
assert same == [True, True, False, False, False, False], "h_i depends on words 1..i only"

# %% [markdown]
# **Where the states of *bank* lie.** Take the mean state after *lender* (money contexts) and after *shore*
# (river contexts) as the two sense centroids, and measure where a vector lies on the line between them:
# 0 at the river centroid, 1 at the money one ($t = (v - r) \cdot (m - r) / \lVert m - r \rVert^2$). The same
# for the embeddings, with $e_{\mathit{shore}}$ at 0 and $e_{\mathit{lender}}$ at 1. Measured, so asserted with
# margins:

# %%
probe_states = keras.ops.convert_to_numpy(state_of(sense_ids(senses_probe)[0]))
at_target = np.array([probe_states[n, k + 1] for n, (_, _, k) in enumerate(senses_probe)])   # + 1: the <s>
target_word, sense = [s[k] for s, _, k in senses_probe], [c for _, c, _ in senses_probe]


def mean_state(word, of_sense):
    return at_target[[n for n in range(len(senses_probe)) if target_word[n] == word and sense[n] == of_sense]].mean(0)


def along(v, river_end, money_end):
    """Where v lies on the line from river_end (0) to money_end (1)."""
    return float((v - river_end) @ (money_end - river_end) / ((money_end - river_end) @ (money_end - river_end)))


money_centroid, river_centroid = mean_state("lender", "money"), mean_state("shore", "river")
bank_states = {c: [along(at_target[n], river_centroid, money_centroid) for n in range(len(senses_probe))
                   if target_word[n] == "bank" and sense[n] == c] for c in word_senses.SENSES}
E_senses = sense_lm.get_layer("E").get_weights()[0]
e_bank, e_lender, e_shore = (E_senses[sense_words.id(w)] for w in ("bank", "lender", "shore"))
bank_embedding = along(e_bank, e_shore, e_lender)

# %% tags=["nbval-ignore-output"]
cu.print_table([("embedding e_bank", "(any)", 1, bank_embedding, bank_embedding)]
               + [("state h after bank", c, len(v), min(v), max(v)) for c, v in bank_states.items()],
               ["vector", "context", "sentences", "lowest position", "highest position"])
assert claim.at_least("the lowest position of bank's state in a money context", min(bank_states["money"]), 0.6)
assert claim.at_most("the highest position of bank's state in a river context", max(bank_states["river"]), 0.4)
assert claim.holds("bank's one embedding lies between lender's and shore's (position 0.1-0.9)", 0.1 <= bank_embedding <= 0.9)

# %% [markdown]
# One embedding, halfway between the senses; one state per occurrence, on the side of the sense its left
# context gives. A left-to-right state can only use the words before; a bidirectional one (section 3) revises
# by both sides, which is what contextual embeddings such as ELMo (Peters et al. 2018) take from a pair of
# language models.

# %% [markdown]
# ## Check your understanding
#
# 1. A `Bidirectional(GRU(64))` reads 300-dimensional embeddings. What is the size of $h_i$ with
#    `merge_mode="concat"`, and with `"sum"`? How many parameters does it have?
# 2. Why can a residual connection not be added around a `concat` biRNN layer that reads embeddings of the
#    same size as its units?
# 3. In section 3's cosine table, why is the state of *Castro* in "person 1" close to that in "person 2" even
#    though the two sentences share no word after *Castro*?
# 4. In section 4, why must a language model carry the cue to the word *bank*, although no sense is ever
#    labelled? Would it have to if every ending could follow either sense?

# %% [markdown]
# ## What to try
#
# Put a change into `CHANGES` (in the CONFIG cell, at the top) and run the whole notebook again. A claim that
# no longer holds then prints one line, "with your settings ... is ...; with the notebook's it is at least ...",
# and the notebook goes on.
#
# - `CHANGES = dict(bidirectional=False)`: the tagger's GRU reads left to right only. *Castro* is the first word
#   of every sentence: what can its state know about the sentence now?
# - `CHANGES = dict(epochs=1)`: do the states already group by entity type after one pass over the data?
# - `CHANGES = dict(units=4)`: how few units per direction still tell a person from a company?
# - `CHANGES = dict(sense_epochs=1)`: after one pass, does the state of *bank* already take the side of its
#   sense?

# %% [markdown]
# ## Summary
# - A bidirectional RNN runs two RNNs in opposite directions and concatenates (or sums) their states:
#   each $h_i$ sees the whole sentence. The NumPy version equals `keras.layers.Bidirectional`, masks included.
# - Stacked layers read the state sequences of the layer below (`return_sequences=True`); with equal widths,
#   residual connections add a layer's input to its output at no parameter cost.
# - RNN states are context-dependent word representations: the same word gets different states in
#   different sentences, grouped by what the task needs to know.
# - A left-to-right language model, never told about senses, puts the states of *bank* on the side of the sense
#   its left context gives, while its one embedding lies between the senses.

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
# # 01 · Text as integers, one-hot vectors and embeddings
#
# **Lecture topic:** words as integers, one-hot vectors and word embeddings (`E x` picks a column of `E`).
#
# **You will learn to**
# - turn text into tokens and tokens into integer ids with a vocabulary (padding and unknown words included);
# - see why one-hot vectors are large and say nothing about which words are alike;
# - read the embedding matrix $E$ (slides: $d \times |V|$; Keras: $|V| \times d$) and check that $E x$ picks one column;
# - train embeddings on a small corpus so that words used in the same company end up close, then find
#   nearest neighbours and solve an analogy;
# - read a PCA map and a t-SNE map of the embeddings, and say what each keeps and what it throws away.
#
# **Runtime:** about 11 s on a 2-core CPU, 2.3 times the 4.6 s an empty notebook with Keras took on it (2026-12-06). The first run after installing takes about 8 s longer, while Python compiles TensorFlow and Keras.<!-- /runtime -->
# No GPU needed.

# %%
try:
    import course_utils as cu
except ModuleNotFoundError:  # opened outside the kit's environment
    raise ModuleNotFoundError("This notebook needs the course kit (course_utils). In the kit's folder run "
                              "`pip install -r requirements.txt`, then restart the kernel; on Colab or a hub, "
                              "see the kit's README, 'Colab, JupyterHub, Binder'.") from None

cu.setup(seed=1)  # before keras: silences TensorFlow, seeds everything, deterministic ops

import keras
import matplotlib.pyplot as plt
import numpy as np

from course_utils.text import Vocabulary, pad_batch, tokenize

# %% [markdown]
# The few knobs worth turning. To turn one, put it into `CHANGES` (CONFIG itself stays as it is), re-run the
# notebook, and see what moves.

# %%
CONFIG = dict(
    embedding_dim=16,     # d: numbers per word
    window=4,             # context words taken on each side of the centre word
    epochs=3,
    batch_size=256,
    learning_rate=0.01,
)
CHANGES = dict()   # What to try: put your changes here, e.g. CHANGES = dict(epochs=1); CONFIG stays as it is
claim = cu.claims.Claims(CONFIG, CHANGES)   # applies CHANGES; once you change something, claims report, not stop

# %% [markdown]
# ## 1. Words as integers
#
# A neural network computes with numbers, so the first step is always the same: split the text into
# **tokens** and give every distinct token an integer **id**. Our tokenizer lower-cases the text,
# keeps punctuation as tokens of its own and treats any Unicode letter as a letter, so Greek works too.

# %%
sentences = [
    "The king rules the palace.",
    "The queen rules the palace, too!",
    "Η βασίλισσα κυβερνά το ΠΑΛΑΤΙ.",
]
token_lists = [tokenize(s) for s in sentences]
for tokens in token_lists:
    print(tokens)

# %% [markdown]
# Greek capitals are written without accents, so *ΠΑΛΑΤΙ* lower-cases to *παλατι*, not *παλάτι*. For
# Greek it often pays to strip accents as well:

# %%
print(tokenize("ΠΑΛΑΤΙ παλάτι"), tokenize("ΠΑΛΑΤΙ παλάτι", strip_accents=True))
assert len(set(tokenize("ΠΑΛΑΤΙ παλάτι", strip_accents=True))) == 1, "without accents: one token"

# %% [markdown]
# A **vocabulary** maps tokens to ids. Two ids are reserved, with the same convention as Keras:
# `0` is padding (the empty string) and `1` is `[UNK]`, used for every word the vocabulary has never seen.
# The other tokens are numbered by frequency, ties alphabetically, so the ids are the same on every machine.

# %%
vocab = Vocabulary.build(token_lists)
cu.print_table([(i, repr(t)) for i, t in enumerate(vocab.tokens)], ["id", "token"])

# %%
ids = vocab.encode("The prince rules the palace.")
print("ids:    ", ids)
print("decoded:", vocab.decode(ids))

assert ids[1] == vocab.id("prince") == 1, "an unseen word maps to [UNK]"
assert vocab.decode(vocab.encode(token_lists[2])) == token_lists[2], "Greek survives the round trip"

# %% [markdown]
# Mapping unseen words to `[UNK]` silently is what a model needs at prediction time. When you want to be
# told instead, ask for strict encoding:

# %%
try:
    vocab.encode("the prince rules", strict=True)
except cu.text.UnknownTokenError as error:
    print("UnknownTokenError:", error)

# %% [markdown]
# **An id is a name, not a quantity.** The ids rank words by frequency, nothing more. Fed to a network as
# numbers, they would say what is not there: any layer $W x + b$ reading the id $x$ as a number moves its output
# by the same step from word 5 to word 6 as from word 4 to word 5, so word 5 sits "between" the two and word 6 is
# "twice" word 3. The next sections turn an id into a one-hot vector instead, where every word is exactly as far
# from every other, and then into an embedding, whose distances are learned. Checked for a linear layer with
# random weights, and for the one-hot vectors of the vocabulary above:

# %%
rng = np.random.default_rng(0)
W, b = rng.normal(size=(3, 1)), rng.normal(size=(3, 1))            # any layer that reads the id as a number
outputs = np.hstack([W @ [[word_id]] + b for word_id in (4, 5, 6)])
one_hot = np.eye(len(vocab))
distances = np.linalg.norm(one_hot[:, None, :] - one_hot[None, :, :], axis=-1)[~np.eye(len(vocab), dtype=bool)]
facts = {"as numbers: output(5) - output(4) = output(6) - output(5)": bool(np.allclose(outputs[:, 1] - outputs[:, 0],
                                                                                       outputs[:, 2] - outputs[:, 1])),
         f"one-hot: all {len(vocab)} ids pairwise at distance sqrt(2)": bool(np.allclose(distances, np.sqrt(2)))}
for fact, holds in facts.items():
    print(f"{fact}: {holds}")
assert all(facts.values()), "ids as numbers impose an order; one-hot vectors do not"

# %% [markdown]
# **Why not `keras.layers.TextVectorization` for everything?** It is the right tool inside a model that
# takes raw strings, and `vocab.text_vectorization()` builds one with exactly our ids. But its default
# clean-up lower-cases only ASCII letters, so Greek capitals survive as separate words:

# %%
same_ids = vocab.text_vectorization()
keras_ids = same_ids([" ".join(token_lists[0])]).numpy()[0].tolist()
assert keras_ids == vocab.encode(token_lists[0]), "the TextVectorization layer gives our ids"

default_layer = keras.layers.TextVectorization()
default_layer.adapt(["Ο ΒΑΣΙΛΙΑΣ ΚΑΙ Η ΒΑΣΙΛΙΣΣΑ", "ο βασιλιάς και η βασίλισσα"])
default_vocabulary = sorted(str(t) for t in default_layer.get_vocabulary())
print(default_vocabulary)
assert "ΚΑΙ" in default_vocabulary and "και" in default_vocabulary, "Keras' default: one word, two ids"
assert tokenize("ΚΑΙ") == tokenize("και"), "our tokenizer: one token"

# %% [markdown]
# Sentences have different lengths, but a batch is a rectangle. We **pad** with id 0 at the end;
# later the model will be told to ignore those positions (a *mask*).

# %%
batch = pad_batch([vocab.encode(tokens) for tokens in token_lists])
print(batch)
assert batch.shape == (3, max(len(t) for t in token_lists)), "one row per sentence, as long as the longest"
assert (batch[2, len(token_lists[2]):] == 0).all(), "the padding at the end is id 0"

# %% [markdown]
# ## 2. One-hot vectors
#
# The simplest way to feed word $i$ to a network is the **one-hot vector** $x \in \{0,1\}^{|V|}$:
# all zeros except a 1 at position $i$.

# %%
def one_hot(ids, size):
    """Row i of the identity matrix is the one-hot vector of id i."""
    return np.eye(size, dtype="float32")[ids]


X = one_hot(vocab.encode("the king rules"), len(vocab))
print(X.astype(int))

# %% [markdown]
# Two problems. First, **size**: one number per vocabulary word, for every word of every sentence.
# With the lecture's vocabulary of 100,000 words, a 20-word sentence is two million numbers, all but
# twenty of them zero. Second, **no similarity**: any two different one-hot vectors are orthogonal,
# so *king* is exactly as far from *queen* as from *palace*.

# %%
def cosine(a, b):
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


king, queen, palace = (one_hot(vocab.id(w), len(vocab)) for w in ["king", "queen", "palace"])
cu.print_metrics(cos_king_queen=cosine(king, queen), cos_king_palace=cosine(king, palace))
assert cosine(king, queen) == cosine(king, palace) == 0.0, "different one-hot vectors are orthogonal"

V_lecture, d_lecture, words_per_sentence = 100_000, 300, 20
one_hot_numbers = V_lecture * words_per_sentence
embedded_numbers = d_lecture * words_per_sentence
cu.print_metrics(one_hot_numbers=f"{one_hot_numbers:,}", embedded_numbers=f"{embedded_numbers:,}",
                 times_smaller=one_hot_numbers // embedded_numbers)
assert one_hot_numbers // embedded_numbers == V_lecture // d_lecture, "one-hot is |V| / d times larger"

# %% [markdown]
# ## 3. The embedding matrix: $E x$ picks a column
#
# An embedding gives every word a short dense vector of $d$ numbers. On the slides the vectors are the
# **columns** of a matrix $E$ of shape $d \times |V|$, and the embedding of word $i$ is
#
# $$ e = E\,x = E_{:,i} \qquad (d \times |V|)\,(|V| \times 1) = (d \times 1), $$
#
# because multiplying by a one-hot vector keeps only column $i$. No real multiplication is needed:
# an embedding layer is a table **lookup**.

# %%
d, V = 4, len(vocab)
E = np.random.default_rng(0).normal(size=(d, V)).astype("float32")  # slides: d x |V|
x = one_hot(vocab.id("queen"), V)[:, None]                          # column vector, |V| x 1
e = E @ x
print("E", E.shape, " x", x.shape, " E x", e.shape)
assert e.shape == (d, 1) and np.array_equal(e[:, 0], E[:, vocab.id("queen")]), "E x is the column of queen"

# %% [markdown]
# Keras stores the same table **transposed**: `keras.layers.Embedding(|V|, d)` holds a $|V| \times d$
# matrix, one *row* per word. Give it our $E^\top$ and it must return exactly the columns of $E$.

# %%
word_ids = keras.Input(shape=(None,), dtype="int32", name="word_ids")
vectors = keras.layers.Embedding(V, d, name="E")(word_ids)
lookup = keras.Model(word_ids, vectors)
lookup.get_layer("E").set_weights([E.T])

print("Keras embedding weight:", tuple(lookup.get_layer("E").embeddings.shape), "= (|V|, d)")
sentence_ids = np.array([vocab.encode("the queen rules")])
keras_vectors = lookup.predict(sentence_ids, verbose=0)[0]    # (time, d)
numpy_vectors = (E @ one_hot(sentence_ids[0], V).T).T         # E x for each word, as rows
assert np.allclose(keras_vectors, numpy_vectors, atol=1e-6), "the Keras lookup returns the columns of E"
assert lookup.count_params() == V * d, "the embedding holds |V| x d numbers"

# %% [markdown]
# **One table for the whole network.** The lookup is a fully connected layer on the one-hot vector, with no
# bias and no activation, and it is **shared**: the same $E$ serves every position of every sentence (and every
# part of a model that reads words), so a word has one vector wherever it stands, and each of its occurrences
# trains the same column. A table per position would multiply the parameters by the sentence length and give
# a word another vector at every position. Checked on the sentence *the queen rules the palace*, where *the*
# occurs twice:

# %%
dense = keras.layers.Dense(d, use_bias=False, kernel_initializer="zeros")   # a fully connected layer, no bias
dense.build((None, V))
dense.set_weights([E.T])
palace_ids = np.array(vocab.encode("the queen rules the palace"))
looked_up = lookup.predict(palace_ids[None, :], verbose=0)[0]
shared = {"Dense(one-hot x) with kernel E^T = the embedding lookup":
              bool(np.allclose(keras.ops.convert_to_numpy(dense(one_hot(palace_ids, V))), looked_up, atol=1e-6)),
          "'the' at positions 0 and 3: the same vector": bool(np.array_equal(looked_up[0], looked_up[3]))}
for fact, holds in shared.items():
    print(f"{fact}: {holds}")
assert all(shared.values()), "the embedding is a shared fully connected layer on one-hot vectors"

# %% [markdown]
# With `mask_zero=True` the layer also produces a **mask**: `True` for real tokens, `False` for padding.
# Keras passes it on to the layers after it (RNNs, pooling, losses), so padding does not count.
# (It also means id 0 can never be a real word — which is why the vocabulary reserves it.)

# %%
masking = keras.layers.Embedding(V, d, mask_zero=True)
mask = keras.ops.convert_to_numpy(masking.compute_mask(batch))
print(mask.astype(int))
assert (mask == (batch != 0)).all(), "the mask is True exactly at the real tokens"

# %% [markdown]
# ## 4. Learning embeddings from the company words keep
#
# Random vectors know nothing. We *learn* $E$ with the **skip-gram** task of word2vec: from a centre
# word, predict each word within `window` positions of it,
#
# $$ e = E\,x, \qquad p = \mathrm{softmax}(W^{(o)} e + b), \qquad \text{loss} = -\log p_{\text{context}} . $$
#
# Words that appear in the same contexts get similar gradients, so their columns of $E$ move together.
# (word2vec itself does not compute this full softmax over $|V|$ words, which is slow for a large vocabulary:
# it trains with negative sampling or a hierarchical softmax. With a vocabulary this small the full softmax is
# cheap, and it is the equation of the slides.)
#
# **Data.** `data/word_context_corpus.txt` (6,000 generated sentences, see `data/DATA.md`). Each person
# word (*king, queen, prince, princess, man, woman, boy, girl*) has three hidden attributes — gender,
# rank, age — and every sentence about it carries one context word for each attribute (*he/she*,
# *palace/village*, *works/plays*, ...). Animals and food have contexts of their own. Word order is
# shuffled on purpose: this task only sees the company a word keeps.

# %%
corpus = cu.formats.load_sentences(cu.data.path("word_context_corpus.txt"))
corpus_tokens = [tokenize(s) for s in corpus]
words = Vocabulary.build(corpus_tokens)
print(f"{len(corpus):,} sentences, {len(words)} vocabulary entries; the first three:")
for s in corpus[:3]:
    print("  ", s)

# %%
def skipgram_pairs(id_lists, window):
    """Every (centre, context) pair with the context at most `window` positions away."""
    centres, contexts = [], []
    for ids in id_lists:
        for i, centre in enumerate(ids):
            for j in range(max(0, i - window), min(len(ids), i + window + 1)):
                if j != i:
                    centres.append(centre)
                    contexts.append(ids[j])
    return np.array(centres, dtype="int32"), np.array(contexts, dtype="int32")


centres, contexts = skipgram_pairs([words.encode(t) for t in corpus_tokens], CONFIG["window"])
print(f"{len(centres):,} training pairs, e.g.",
      list(zip(words.decode(centres[:4]), words.decode(contexts[:4]))))

# %% [markdown]
# The model is exactly the equation: an `Embedding` (the lookup $E x$) followed by a `Dense` softmax
# layer ($W^{(o)}$, $b$). Each weight in slide and in Keras convention:

# %%
def skipgram_model(vocab_size, dim):
    centre = keras.Input(shape=(), dtype="int32", name="centre_word")
    e = keras.layers.Embedding(vocab_size, dim, name="E")(centre)
    p = keras.layers.Dense(vocab_size, activation="softmax", name="W_o")(e)
    return keras.Model(centre, p, name="skipgram")


model = skipgram_model(len(words), CONFIG["embedding_dim"])
model.compile(optimizer=keras.optimizers.Adam(CONFIG["learning_rate"]),
              loss="sparse_categorical_crossentropy")
Vw, dw = len(words), CONFIG["embedding_dim"]
cu.print_table([
    ("E", f"({dw}, {Vw}) = d x |V|", tuple(model.get_layer("E").embeddings.shape)),
    ("W(o)", f"({Vw}, {dw}) = |V| x d", tuple(model.get_layer("W_o").kernel.shape)),
    ("b", f"({Vw}, 1)", tuple(model.get_layer("W_o").bias.shape)),
], ["matrix", "slides", "Keras weight"])
assert model.count_params() == Vw * dw + dw * Vw + Vw, "E, W(o) and b are all the parameters"

# %%
E_before = keras.ops.convert_to_numpy(model.get_layer("E").embeddings).T.copy()  # d x |V|
history = model.fit(centres, contexts, batch_size=CONFIG["batch_size"], epochs=CONFIG["epochs"],
                    shuffle=True, verbose=0)

# %% [markdown]
# **How good is that loss?** The data has a known ceiling. The best any model of the form
# "centre word → distribution over context words" can do is to predict the true conditional frequencies,
# which we can count directly. Its cross-entropy is the lowest loss possible; guessing uniformly costs
# $\log |V|$.

# %%
counts = np.zeros((Vw, Vw))
np.add.at(counts, (centres, contexts), 1)
conditional = counts / counts.sum(axis=1, keepdims=True).clip(min=1)
best_possible = -(counts * np.log(np.where(counts > 0, conditional, 1))).sum() / counts.sum()
cu.print_metrics(uniform_guess=float(np.log(Vw)), best_possible=float(best_possible))
cu.viz.plot_history(history, title="skip-gram training loss (cross-entropy, nats)",
                    reference={"best possible (the ceiling)": best_possible})
plt.show()

# %% [markdown]
# The trained model's loss is a *measured* number: its last digits depend on the CPU that ran the
# training, so the notebook prints it and asserts only the claim, with a margin.

# %% tags=["nbval-ignore-output"]
final_loss = model.evaluate(centres, contexts, batch_size=4096, verbose=0)
cu.print_metrics(model_loss=final_loss, above_best_possible=final_loss - best_possible)
assert claim.at_most("the model's loss above the best possible (nats)", final_loss - best_possible, 0.1)

# %% [markdown]
# ## 5. Looking inside: neighbours, analogies, a map
#
# Similarity of two words is the **cosine** of their embedding columns. For each probe word, its three
# most similar vocabulary entries:

# %% tags=["nbval-ignore-output"]
E_learned = keras.ops.convert_to_numpy(model.get_layer("E").embeddings).T  # d x |V|, slide convention
GROUPS = cu.corpora.word_contexts.GROUPS  # noun -> "person" / "animal" / "food"


def unit_columns(matrix):
    return matrix / np.linalg.norm(matrix, axis=0, keepdims=True)


def nearest(word, embeddings, candidates, k=3):
    """The k candidates whose columns have the highest cosine with `word`'s column."""
    unit = unit_columns(embeddings)
    scores = {c: float(unit[:, words.id(c)] @ unit[:, words.id(word)]) for c in candidates if c != word}
    return sorted(scores.items(), key=lambda item: -item[1])[:k]


probes = ["king", "queen", "girl", "cat", "cow", "bread", "apple"]
neighbours = {w: nearest(w, E_learned, words.tokens[2:]) for w in probes}
cu.print_table([(w, *(f"{c} {s:.2f}" for c, s in neighbours[w])) for w in probes], ["word", "1st", "2nd", "3rd"])
assert claim.holds("each probe's nearest word is of its kind",
                   all(GROUPS.get(neighbours[w][0][0]) == GROUPS[w] for w in probes))

# %% [markdown]
# The claim to check: **words of the same kind end up closest**. For each of the 20 nouns (people,
# animals, food), is its most similar *other noun* of the same kind? Before training (random $E$) that is
# luck; after training it should hold for all of them.

# %% tags=["nbval-ignore-output"]
nouns = sorted(GROUPS)


def same_kind_share(embeddings):
    hits = [GROUPS[nearest(w, embeddings, nouns, k=1)[0][0]] == GROUPS[w] for w in nouns]
    return sum(hits) / len(hits)


share_before, share_after = same_kind_share(E_before), same_kind_share(E_learned)
cu.print_metrics(same_kind_before_training=share_before, same_kind_after_training=share_after)
assert claim.at_least("the share of nouns nearest to a noun of their kind after training", share_after, 1.0)
assert claim.at_most("the same share before training", share_before, 0.65)     # 20 nouns: under 0.7

# %% [markdown]
# **The same search over millions of vectors: vector databases.** Nothing in `nearest` is specific to words.
# Networks embed other data too, trained so that similar items get close vectors: speaker embeddings put
# recordings of the same voice close together, image embeddings pictures of similar content, document embeddings
# texts on the same subject. A vector database stores such embeddings and answers the question `nearest` answers:
# which stored vectors are most similar to a query vector (by cosine, dot product or Euclidean distance)?
# `nearest` compares the query with every column, so its cost grows with the collection; for millions of vectors
# vector databases build approximate nearest-neighbour indexes instead (graphs that link each vector to near ones,
# as in HNSW; clusters of which only those near the query are searched; compressed vectors). They look at a small
# fraction of the vectors and return most, though not always all, of the true nearest neighbours.

# %% [markdown]
# **Analogies.** If *gender* is a direction in the embedding space, then
# $e_{\text{king}} - e_{\text{man}} + e_{\text{woman}}$ should land nearest to $e_{\text{queen}}$
# (the three input words excluded, as in word2vec). The corpus supports this: every person word is
# the sum of its three attributes.

# %% tags=["nbval-ignore-output"]
def analogy(a, b, c, embeddings):
    """The word whose column is most similar to  a - b + c  (a, b, c themselves excluded)."""
    unit = unit_columns(embeddings)
    target = unit[:, words.id(a)] - unit[:, words.id(b)] + unit[:, words.id(c)]
    scores = unit.T @ (target / np.linalg.norm(target))
    for w in ("", "[UNK]", a, b, c):
        scores[words.id(w)] = -np.inf
    return words.tokens[int(np.argmax(scores))]


questions = [("king", "man", "woman", "queen"), ("prince", "boy", "girl", "princess"),
             ("queen", "woman", "man", "king"), ("king", "queen", "princess", "prince"),
             ("girl", "boy", "man", "woman")]
answers = [analogy(a, b, c, E_learned) for a, b, c, _ in questions]
cu.print_table([(f"{a} - {b} + {c}", got, want) for (a, b, c, want), got in zip(questions, answers)],
               ["question", "answer", "expected"])
for (a, b, c, want), got in zip(questions, answers):
    assert claim.holds(f"{a} - {b} + {c} lands nearest to {want}", got == want)
assert claim.holds("random vectors do not know king - man + woman = queen",
                   analogy("king", "man", "woman", E_before) != "queen")

# %% [markdown]
# **A map.** The same embeddings projected to two dimensions (PCA). A picture for the eye, not a proof:
# the claims above were checked in all 16 dimensions. Among the people, can you read gender, rank or age
# off the directions of the map?

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(12, 5))
cu.viz.plot_embedding_map(E_learned[:, [words.id(w) for w in nouns]].T, nouns,
                          [GROUPS[w] for w in nouns], ax=left, title="nouns")
people = [w for w in nouns if GROUPS[w] == "person"]
cu.viz.plot_embedding_map(E_learned[:, [words.id(w) for w in people]].T, people, ax=right,
                          title="people only")
plt.show()

# %% [markdown]
# **A t-SNE map.** PCA keeps the two directions along which the vectors vary most and drops the other 14;
# t-SNE (van der Maaten and Hinton, 2008) instead places the words so that each keeps its nearest neighbours,
# and pays for it with everything else: the size of a cluster, the gaps between clusters and the axes of a
# t-SNE map carry no meaning, and another random start gives another picture. Neither map shows what the
# 16 coordinates *mean*: a learned dimension has no name, and the pictures are for the eye. What t-SNE is
# built to keep can be checked: on the map, is each noun's nearest noun still one of its kind?

# %% tags=["nbval-ignore-output"]
fig, ax = plt.subplots(figsize=(6, 5))
noun_vectors = E_learned[:, [words.id(w) for w in nouns]].T
cu.viz.plot_embedding_map(noun_vectors, nouns, [GROUPS[w] for w in nouns], ax=ax, title="nouns (t-SNE)",
                          method="tsne")
plt.show()
on_map = cu.viz.project_2d(noun_vectors, "tsne")
gaps = np.linalg.norm(on_map[:, None] - on_map[None], axis=-1) + np.diag([np.inf] * len(nouns))
share_on_map = np.mean([GROUPS[nouns[j]] == GROUPS[w] for w, j in zip(nouns, gaps.argmin(axis=1))])
cu.print_metrics(same_kind_nearest_on_the_tsne_map=share_on_map)
assert claim.at_least("the share of nouns whose nearest noun on the t-SNE map is of their kind", share_on_map, 1.0)

# %% [markdown]
# ## Check your understanding
#
# 1. The skip-gram model above has $|V| \cdot d$ parameters in $E$. How many in $W^{(o)}$ and $b$?
#    (The cell computing the weight table asserts your answer.)
# 2. Why does `Embedding(mask_zero=True)` make id 0 unusable for a real word?
# 3. Set `CHANGES = dict(window=1)` and re-run: the contexts now hold fewer attribute words per centre word.
#    Which claims still hold? (Word order is random, so a small window sees fewer cues.)
# 4. Exercise `exercises/ex01_embedding_dimensions.ipynb` asks for every shape with a 10,000-word vocabulary.

# %% [markdown]
# ## What to try
#
# Put a change into `CHANGES` (in the CONFIG cell, at the top) and run the whole notebook again. A claim that
# no longer holds then prints one line, "with your settings ... is ...; with the notebook's it is at least ...",
# and the notebook goes on.
#
# - `CHANGES = dict(embedding_dim=2)`: can two numbers still separate three kinds *and* encode gender, rank
#   and age?
# - `CHANGES = dict(epochs=1)`, or a larger learning rate, `CHANGES = dict(learning_rate=0.05)`: watch the loss
#   curve against the ceiling.

# %% [markdown]
# ## Summary
# - Text becomes integer ids through a vocabulary; 0 is padding and 1 stands for unknown words.
# - One-hot vectors are $|V|$ long and mutually orthogonal: no notion of similarity.
# - $E x$ picks column $i$ of $E$, where $x$ is the one-hot vector of word $i$ ($d \times |V|$ on the slides); Keras stores $E^\top$ ($|V| \times d$)
#   and looks rows up directly.
# - Trained on a prediction task, embeddings place words with similar company close together, and
#   attribute differences become directions (king − man + woman ≈ queen).

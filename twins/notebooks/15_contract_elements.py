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
# # 15 · Contract elements: the same tagger, another task
#
# **Lecture topic:** the RNN tagger is not a named-entity tagger; it labels any sequence. The lecture's second
# example is information extraction from contracts (Chalkidis et al., ICAIL 2017): find the contracting
# parties, the start and termination dates, the contract value, the governing law and the jurisdiction. Here
# notebook 05's stacked biGRU tagger learns that from made-up contract clauses, with nothing changed but the
# data and the tag set.
#
# **You will learn to**
# - turn a new labelling task into BIO tags and reuse a tagger unchanged;
# - see that the context decides the element: the same kind of phrase (a date, a place, an amount, a company)
#   is one element, another, or none;
# - score spans per element type, on clauses whose company names the tagger never saw.
#
# **Runtime:** about 10 s on a 2-core CPU, 2.2 times the 4.6 s an empty notebook with Keras took on it (2026-12-06). The first run after installing takes about 8 s longer, while Python compiles TensorFlow and Keras.<!-- /runtime -->
# Most of it: training the tagger.

# %%
try:
    import course_utils as cu
except ModuleNotFoundError:  # opened outside the kit's environment
    raise ModuleNotFoundError("This notebook needs the course kit (course_utils). In the kit's folder run "
                              "`pip install -r requirements.txt`, then restart the kernel; on Colab or a hub, "
                              "see the kit's README, 'Colab, JupyterHub, Binder'.") from None

cu.setup(seed=15)

import collections

import keras

from course_utils.corpora import contracts
from course_utils.metrics import print_span_scores, span_scores
from course_utils.text import Vocabulary, pad_batch

# %%
CONFIG = dict(
    embedding_dim=32,
    units=32,        # per direction, each of the two biGRU layers (notebook 05's tagger)
    epochs=4,
    batch_size=64,
)
CHANGES = dict()   # What to try: put your changes here, e.g. CHANGES = dict(epochs=1); CONFIG stays as it is
claim = cu.claims.Claims(CONFIG, CHANGES)   # applies CHANGES; once you change something, claims report, not stop

# %% [markdown]
# ## 1. Contract clauses as BIO tags
#
# `corpora.contracts.contract_clauses` writes clauses from ten templates (`data/DATA.md`), with six element types:
# PARTY, START, END, VALUE, LAW, COURT. A multi-word element gets `B-` on its first word and `I-` on the
# rest, as the entities of notebook 05. The company names are invented, so most test names are not in the
# training vocabulary: the tagger reads them as the unknown word and must go by the words around them.

# %%
train, test = contracts.contract_clauses(2000, seed=15), contracts.contract_clauses(500, seed=16)
TAGS = ["O"] + [f"{p}-{t}" for t in contracts.TYPES for p in ("B", "I")]
words = Vocabulary.build(tokens for tokens, _ in train)
x_train, x_test = (pad_batch([words.encode(tokens) for tokens, _ in d]) for d in (train, test))
y_train = pad_batch([[TAGS.index(t) for t in tags] for _, tags in train], length=x_train.shape[1])
for tokens, tags in test[:3]:
    print(" ".join(f"{w}/{t}" if t != "O" else w for w, t in zip(tokens, tags)))
company_names = [tokens[i - 1] for tokens, _ in test for i, t in enumerate(tokens) if t in contracts.SUFFIXES]
new_names = sum(name not in words for name in company_names)
print(f"{len(TAGS)} tags; train {x_train.shape}, test {x_test.shape};",
      f"{new_names} of the {len(company_names)} company names in the test clauses are not in the training vocabulary")
assert new_names > len(company_names) / 2, "most test company names are new: the context must tag them"

# %% [markdown]
# **The context decides.** Every date, place, amount and company of the test clauses, with what it is tagged:

# %%
PHRASE_KIND = {**{m: "a date" for m in contracts.MONTHS}, **{p: "a place" for p in contracts.PLACES},
               **{c: "an amount" for c in contracts.CURRENCIES}, **{s: "a company" for s in contracts.SUFFIXES}}
seen_as = collections.defaultdict(collections.Counter)
for tokens, tags in test:
    for i, token in enumerate(tokens):
        if token in PHRASE_KIND:
            first = i - 1 if token in contracts.MONTHS or token in contracts.SUFFIXES else i   # the phrase's first word
            seen_as[PHRASE_KIND[token]][tags[first][2:] or "no element"] += 1
cu.print_table([(kind, ", ".join(f"{t} {n}" for t, n in sorted(c.items()))) for kind, c in seen_as.items()],
               ["phrase", "tagged as (test clauses)"])
assert all(len(c) == 2 for c in seen_as.values()), "each kind of phrase has two readings; only the context tells them apart"

# %% [markdown]
# ## 2. Notebook 05's tagger, unchanged
#
# Embeddings, two bidirectional GRU layers, a softmax over the 13 tags at every word:

# %%
cu.runtime.reseed("the contract tagger")
ids = keras.Input(shape=(None,), dtype="int32")
h = keras.layers.Embedding(len(words), CONFIG["embedding_dim"], mask_zero=True)(ids)
for layer in (1, 2):
    h = keras.layers.Bidirectional(keras.layers.GRU(CONFIG["units"], return_sequences=True), name=f"bigru_{layer}")(h)
tagger = keras.Model(ids, keras.layers.Dense(len(TAGS), activation="softmax")(h))
tagger.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
history = tagger.fit(x_train, y_train, batch_size=CONFIG["batch_size"], epochs=CONFIG["epochs"], verbose=0)
print(f"{tagger.count_params():,} parameters")

# %% [markdown]
# ## 3. Spans per element type
#
# A span counts only if its type and both ends are right (`cu.metrics.span_scores`, seqeval); the ceiling is
# 1.0, since the tags follow from each clause.

# %% tags=["nbval-ignore-output"]
predicted_ids = tagger.predict(x_test, batch_size=len(x_test), verbose=0).argmax(-1)
predicted = [[TAGS[i] for i in row[: len(tokens)]] for row, (tokens, _) in zip(predicted_ids, test)]
scores = span_scores([tags for _, tags in test], predicted)
print_span_scores(scores)
assert claim.at_least("the overall span F1 (ceiling 1.0)", scores["overall"]["f1"], 0.95)
assert claim.at_least("the lowest span F1 of an element type", min(scores[t]["f1"] for t in contracts.TYPES), 0.9)

# %% [markdown]
# Chalkidis et al. (ICAIL 2017) extracted more element types from real contracts, with hand-made features, word
# embeddings and linear classifiers; Chalkidis & Androutsopoulos (JURIX 2017) then used a bidirectional LSTM.
# Their data were released only in encoded form, so the clauses here are made up, and easier: ten templates.
# What carries over is the method: a new task is a new tag set and new data, and the context words (*commence
# on*, *the courts of*, *between*) are what the biGRU's states carry to the phrase they tag.
#
# ## Check your understanding
#
# 1. How many tags does the softmax have for six element types, and why?
# 2. A test clause names a company never seen in training. What does the tagger read at that word, and why
#    can it still tag it PARTY?
# 3. Every cue in these templates comes before its phrase. Write a clause where only the words after a date tell
#    START from END: which of notebook 05's three taggers could still tag it?

# %% [markdown]
# ## What to try
#
# Put a change into `CHANGES` (in the CONFIG cell, at the top) and run the whole notebook again. A claim that
# no longer holds then prints one line, "with your settings ... is ...; with the notebook's it is at least ...",
# and the notebook goes on.
#
# - `CHANGES = dict(epochs=1)`: which element type is learned last?
# - `CHANGES = dict(units=4)`: how small can the tagger be?

# %% [markdown]
# ## Summary
# - The RNN tagger labels any sequence: contract elements are a new BIO tag set on the same model.
# - The same kind of phrase is one element or another by its context, which the biGRU carries to it.

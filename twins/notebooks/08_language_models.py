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
# # 08 · RNN language models
#
# **Lecture topic:** the RNN language model — predict the next word from all the words before it; its
# perplexity; scoring whole sentences with the chain rule; continuing a text greedily, by sampling, or with
# beam search; sharing the embedding matrix with the output layer (weight tying); the same at the level of
# characters.
#
# **You will learn to**
# - build $e_t = E x_t$, $h_t = \mathrm{RNN}(h_{t-1}, e_t)$, $o_t = \mathrm{softmax}(W^{(o)} h_t)$ in Keras
#   and train it on the next word, with padding left out of the loss;
# - read a perplexity against a **known floor**: the text comes from a source whose entropy we compute
#   exactly, so we know how good the best possible model is — and how far n-gram counts stay from it;
# - score sentences, rank candidate translations, and see where the model has learned agreement;
# - generate text: greedy, temperature sampling, beam search — and measure search errors exactly;
# - tie $W^{(o)}$ to $E$ and count what it saves; model characters instead of words (bits per character).
#
# **Runtime:** about 30 s on a 2-core CPU, 6.6 times the 4.6 s an empty notebook with Keras took on it (2026-12-06). The first run after installing takes about 8 s longer, while Python compiles TensorFlow and Keras.<!-- /runtime -->
# Most of it: six small word models and one character model.

# %%
try:
    import course_utils as cu
except ModuleNotFoundError:  # opened outside the kit's environment
    raise ModuleNotFoundError("This notebook needs the course kit (course_utils). In the kit's folder run "
                              "`pip install -r requirements.txt`, then restart the kernel; on Colab or a hub, "
                              "see the kit's README, 'Colab, JupyterHub, Binder'.") from None

cu.setup(seed=8)

import collections
import math
import unittest.mock

import keras
import matplotlib.pyplot as plt
import numpy as np
from scipy.stats import spearmanr

from course_utils.corpora.agreement_source import END, LEXICON, main_verb_probes, source
from course_utils.decoding import beam_search, greedy
from course_utils.formats import load_sentences
from course_utils.layers import TiedEmbedding
from course_utils.text import Vocabulary, pad_batch

# %%
CONFIG = dict(
    data=None,           # None: the kit's files; your own: dict(format="text", train=..., test=...) (README)
    embedding_dim=32,
    units=64,            # GRU state size
    epochs=3,
    batch_size=100,
    learning_rate=0.01,
    tying_seeds=3,       # tied vs untied, each trained with this many seeds
    char_units=64,
    char_epochs=3,
    relative_clause=None,               # P(relative clause) of a corpus drawn afresh; None: the kit's files (0.4); not with data
    temperatures=(0.5, 0.8, 1.0, 1.5),  # sampling temperatures (section 7)
)
CHANGES = dict()   # What to try: put your changes here, e.g. CHANGES = dict(epochs=1); CONFIG stays as it is
claim = cu.claims.Claims(CONFIG, CHANGES)   # applies CHANGES; once you change something, claims report, not stop

# %% [markdown]
# ## 1. A text source whose entropy we know
#
# A language model is judged by its **cross-entropy** on held-out text, $-\frac{1}{N}\sum_t \log P(w_t \mid
# w_{<t})$ in nats per token, or by its **perplexity** $e^{\text{cross-entropy}}$: the number of equally
# likely words the model is, on average, choosing between. On real text nobody knows the best achievable
# value. Here the sentences come from a small probabilistic grammar (`cu.corpora.agreement_source`), so we do:
# its **entropy per token** is the floor no model can beat on average.
#
# **Your own corpus.** Set `data` in `CHANGES` to your train and test files (validation is optional) in one
# of the formats of README, "Your own data" — plain text with one tokenized sentence a line, CoNLL-U or
# CoNLL-2003 — and run the notebook again: the same cells train the n-grams and the RNN, score sentences and
# generate. What only this grammar knows — the floor, the agreement probes, which sentences are
# grammatical — says that it is skipped.
#
# The grammar writes English and Greek sentences whose main verb **agrees with a subject** that may lie far
# back — behind any number of adjectives and a relative clause with a noun of its own number:

# %%
KIT_DATA = CONFIG["data"] is None
if KIT_DATA and CONFIG["relative_clause"] is None:
    src = source()
    read = {split: [line.split(" ") for line in load_sentences(cu.data.path(f"lm_{split}.txt"))]
            for split in ("train", "validation", "test")}
elif KIT_DATA:   # the grammar with another P(relative clause), drawn with the files' sizes and seeds (milliseconds)
    assert 0 < CONFIG["relative_clause"] < 1, "relative_clause is a probability between 0 and 1 (both excluded)"
    agreement = cu.corpora.agreement_source
    with unittest.mock.patch.dict(agreement.P, relative_clause=CONFIG["relative_clause"]):
        src = source()                 # keeps the probabilities it was built with
        read = {split: agreement.sentences(n, seed) for split, (n, seed) in agreement.SPLITS.items()}
else:            # your files: no grammar behind them, so no floor (the parts that need it say they are skipped)
    if CONFIG["relative_clause"] is not None:
        raise ValueError("relative_clause redraws the kit's grammar; with your own data leave it None")
    read = cu.own_data.load(CONFIG["data"], "language_model")
    print(cu.own_data.describe(CONFIG["data"]))
    if "validation" not in read:   # the n-gram weights and the training curve need one: the last tenth of train
        cut = len(read["train"]) - max(1, len(read["train"]) // 10)
        read["train"], read["validation"] = read["train"][:cut], read["train"][cut:]
        print(f"no validation file: the last {len(read['validation'])} training sentences validate")
    if not all(s.count(END) == 1 and s[-1] == END for split in read.values() for s in split):
        END = "</s>"   # an end token after each of your sentences, where generation stops (not in section 9)
        read = {split: [s + [END] for s in sentences] for split, sentences in read.items()}
for tokens in read["train"][:6]:
    print(" ".join(tokens))
facts = dict(sentences={k: len(read[k]) for k in ("train", "validation", "test")})
if KIT_DATA:
    floor = src.entropy_per_token()
    cu.print_metrics(**facts, source_words=len(src.vocabulary), mean_tokens_per_sentence=src.expected_length(),
                     entropy_floor_nats_per_token=floor, perplexity_floor=math.exp(floor))
else:
    cu.print_metrics(**facts, mean_tokens_per_sentence=float(np.mean([len(s) for s in read["train"]])))
    cu.own_data.skip("the entropy floor", "only the kit's grammar knows the entropy of the source of its text")

# %% [markdown]
# Because every word decides the grammar's next state, the probability of any sentence is a product along
# one path, and the entropy is exact linear algebra (expected visits to each state × the entropy of its
# choice; a unit test checks it against enumeration). On the actual test sentences, the source itself — the
# perfect model — scores:

# %%
test_tokens = sum(len(s) for s in read["test"])
if KIT_DATA:
    source_test_nll = -sum(src.log_prob(s) for s in read["test"]) / test_tokens
    cu.print_metrics(test_tokens=test_tokens, true_source_cross_entropy_on_test=source_test_nll,
                     true_source_perplexity_on_test=math.exp(source_test_nll))
else:
    cu.print_metrics(test_tokens=test_tokens)
    cu.own_data.skip("the true source's cross-entropy on the test sentences", "your text has no known source")

# %% [markdown]
# ## 2. The model
#
# With $x_t$ the one-hot vector of word $t$ (slide notation, column vectors):
#
# $$ e_t = E\,x_t, \qquad h_t = \tanh\big(W^{(h)} h_{t-1} + W^{(e)} e_t\big), \qquad
#    o_t = \mathrm{softmax}\big(W^{(o)} h_t + b^{(o)}\big) \in \mathbb{R}^{|V|}, $$
#
# where we use a GRU for the middle equation (notebook 03). $o_t$ is a distribution over the **next** word;
# the loss is $-\log o_{t, w_{t+1}}$. No labels are needed: the next word is always known. The input of a
# sentence is `<s> w1 ... w(k-1)`, the target `w1 ... wk` (the last word is "."); padding (id 0) gets
# `ignore_class=0` in the loss. The rows of $W^{(o)}$ are a second set of word vectors, one per word.

# %%
words = Vocabulary.build([["<s>"] + s for s in read["train"]])


def encode(sentences):
    ids = pad_batch([words.encode(["<s>"] + s) for s in sentences])
    return ids[:, :-1], ids[:, 1:]                       # input: <s> w1 .. w(k-1); target: w1 .. wk


(x_train, y_train), (x_val, y_val), (x_test, y_test) = (encode(read[s]) for s in ("train", "validation", "test"))
V, d, u = len(words), CONFIG["embedding_dim"], CONFIG["units"]


def language_model(tied=False, name="lm"):
    ids = keras.Input(shape=(None,), dtype="int32", name="word_ids")
    if tied:   # one matrix E both looks words up and scores them (section 7)
        E = TiedEmbedding(V, d, name="E")
        h = keras.layers.GRU(u, return_sequences=True, name="rnn")(E(ids))
        logits = E(keras.layers.Dense(d, use_bias=False, name="projection")(h))
    else:
        e = keras.layers.Embedding(V, d, name="E")(ids)
        h = keras.layers.GRU(u, return_sequences=True, name="rnn")(e)
        logits = keras.layers.Dense(V, name="W_o")(h)
    model = keras.Model(ids, logits, name=name)
    model.compile(optimizer=keras.optimizers.Adam(CONFIG["learning_rate"]),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=0))
    return model


model = language_model()
gru_kernel, gru_recurrent, gru_bias = model.get_layer("rnn").get_weights()
cu.print_table([
    ("E", f"({d}, {V}) = d x |V|", tuple(model.get_layer("E").get_weights()[0].shape)),
    ("e_t", f"({d}, 1)", f"(batch, time, {d})"),
    ("W(e), gates z r h", f"3 x ({u}, {d})", gru_kernel.shape),
    ("W(h), gates z r h", f"3 x ({u}, {u})", gru_recurrent.shape),
    ("h_t", f"({u}, 1)", f"(batch, time, {u})"),
    ("W(o)", f"({V}, {u}) = |V| x units", model.get_layer("W_o").get_weights()[0].shape),
    ("b(o)", f"({V}, 1)", model.get_layer("W_o").get_weights()[1].shape),
    ("o_t", f"({V}, 1)", f"(batch, time, {V})"),
], ["slide", "slide shape", "Keras shape"])
assert model.get_layer("W_o").get_weights()[0].shape == (u, V) and gru_kernel.shape == (d, 3 * u), \
    "Keras stores W(o) as (units, |V|) and the three gates' W(e) side by side, (d, 3 units)"
print("parameters:", f"{model.count_params():,}")

# %% [markdown]
# **Padding is not a word.** On the untrained model: the loss Keras reports is the mean of
# $-\log o_{t, w_{t+1}}$ over the real target words only, and extra padding leaves it unchanged.

# %%
batch_x, batch_y = x_test[:32], y_test[:32]
p = keras.ops.convert_to_numpy(keras.ops.softmax(model(batch_x), axis=-1))
real = batch_y != 0
by_hand = float(-np.log(np.take_along_axis(p, batch_y[..., None], -1)[..., 0])[real].mean())
keras_loss = model.evaluate(batch_x, batch_y, verbose=0)
more_padding = model.evaluate(np.pad(batch_x, ((0, 0), (0, 5))), np.pad(batch_y, ((0, 0), (0, 5))), verbose=0)
print("Keras loss = mean over real tokens (to 1e-4):", abs(keras_loss - by_hand) < 1e-4,
      "| unchanged by 5 more padding steps:", abs(keras_loss - more_padding) < 1e-5)
assert abs(keras_loss - by_hand) < 1e-4, "Keras' loss is the mean over the real target words"
assert abs(keras_loss - more_padding) < 1e-5, "padding does not change Keras' loss"

# %% [markdown]
# ## 3. Counting n-grams: the baselines
#
# An n-gram model predicts from the last $n-1$ words only, with probabilities counted on the training text.
# We interpolate the orders, $P(w \mid u, v) = \lambda_3 P_3 + \lambda_2 P_2 + \lambda_1 P_1 + \lambda_0 / |V|$,
# with the $\lambda$s chosen on the validation split. Counting is deterministic, so these numbers are exact.

# %%
def ngram_components(train, sentences, vocabulary_size):
    """Per target word of `sentences`: [P3, P2, P1, 1/|V|] estimated by counting on `train`."""
    counts = [collections.Counter() for _ in range(4)]
    for s in train:
        padded = ["<s>", "<s>"] + s
        for i in range(2, len(padded)):
            for n in (1, 2, 3):
                context = tuple(padded[i - n + 1:i])
                counts[n][context + (padded[i],)] += 1
                counts[0][(n,) + context] += 1          # how often each context was seen
    rows = []
    for s in sentences:
        padded = ["<s>", "<s>"] + s
        for i in range(2, len(padded)):
            row = []
            for n in (3, 2, 1):
                context = tuple(padded[i - n + 1:i])
                seen = counts[0][(n,) + context]
                row.append(counts[n][context + (padded[i],)] / seen if seen else 0.0)
            rows.append(row + [1 / vocabulary_size])
    return np.array(rows)


def best_mixture(components, orders):
    """The interpolation weights (steps of 0.05, at least 0.01 on the uniform part) best on `components`."""
    grid = np.arange(0, 1.0001, 0.05)
    best = None
    for lambdas in np.array(np.meshgrid(*[grid] * orders)).T.reshape(-1, orders):
        rest = 1 - lambdas.sum() - 0.01
        if rest < -1e-9:
            continue
        weights = np.concatenate([np.zeros(3 - orders), lambdas, [0.01 + max(rest, 0)]])
        nll = -np.log(components @ weights).mean()
        if best is None or nll < best[0]:
            best = (nll, weights)
    return best[1]


validation_parts = ngram_components(read["train"], read["validation"], V)
test_parts = ngram_components(read["train"], read["test"], V)
ngram = {}
for n, name in ((1, "unigram"), (2, "bigram"), (3, "trigram")):
    weights = best_mixture(validation_parts, n)
    ngram[name] = float(-np.log(test_parts @ weights).mean())
if KIT_DATA:
    cu.print_table([(name, ce, math.exp(ce), math.exp(ce) / math.exp(floor)) for name, ce in ngram.items()]
                   + [("the source itself (floor)", floor, math.exp(floor), 1.0)],
                   ["model", "test cross-entropy (nats)", "perplexity", "x floor"])
else:
    cu.print_table([(name, ce, math.exp(ce)) for name, ce in ngram.items()],
                   ["model", "test cross-entropy (nats)", "perplexity"])
# exact, but facts of this corpus: claims, so that another corpus (What to try) reports them
assert claim.holds("the trigram beats the bigram, which beats the unigram",
                   ngram["trigram"] < ngram["bigram"] < ngram["unigram"])
if KIT_DATA:
    assert claim.at_least("the trigram's perplexity x floor", math.exp(ngram["trigram"]) / math.exp(floor), 1.1)

# %% [markdown]
# The trigram is well above the floor: it forgets the subject as soon as two words separate it from the verb.
#
# ## 4. Training the RNN language model

# %%
history = model.fit(x_train, y_train, batch_size=CONFIG["batch_size"], epochs=CONFIG["epochs"],
                    validation_data=(x_val, y_val), verbose=0)
fig, ax = plt.subplots(figsize=(6, 3.6))
epochs = range(1, CONFIG["epochs"] + 1)
ax.plot(epochs, history.history["loss"], marker="o", label="training")
ax.plot(epochs, history.history["val_loss"], marker="o", label="validation")
if KIT_DATA:
    ax.axhline(floor, color="black", linestyle="--", label="entropy of the source (floor)")
    ax.set_ylim(1.3, 2.2)
ax.axhline(ngram["trigram"], color="gray", linestyle=":", label="trigram (test)")
ax.set(xlabel="epoch", ylabel="cross-entropy (nats per token)", title="GRU language model")
ax.legend()
plt.show()

# %% [markdown]
# The test scores of a trained model are *measured*: their last digits change with the CPU and the seed,
# so they are printed here and the claims asserted with margins: the RNN beats every n-gram and comes within
# 10 % of the floor's perplexity.

# %% tags=["nbval-ignore-output"]
rnn_test = model.evaluate(x_test, y_test, batch_size=len(x_test), verbose=0)
measured = dict(rnn_cross_entropy=rnn_test, rnn_perplexity=math.exp(rnn_test), trigram_perplexity=math.exp(ngram["trigram"]))
if KIT_DATA:
    measured.update(floor_perplexity=math.exp(floor), rnn_over_floor=math.exp(rnn_test) / math.exp(floor))
cu.print_metrics(**measured)
assert claim.holds("the RNN's test cross-entropy is below the trigram's", rnn_test < ngram["trigram"])
if KIT_DATA:
    assert claim.at_most("the RNN's test perplexity x floor", math.exp(rnn_test) / math.exp(floor), 1.1)
else:
    cu.own_data.skip("the RNN against the floor", "your text has no known entropy")

# %% [markdown]
# ## 5. Looking inside: agreement at a distance
#
# Where does the RNN's advantage come from? At the **main verb** of a sentence with a relative clause the
# subject is at least four words back. We ask each model how much probability it gives to verbs of the right
# number versus the wrong one there (the grammar knows which positions these are). The next-word
# probabilities of one such sentence:

# %%
if KIT_DATA:
    probes = list(main_verb_probes(read["test"]))  # (sentence, position, right verbs, wrong verbs) of every main
    probe = [(i, k) for i, k, _, _ in probes]       # verb after a clause; the grammar knows where they are
    probabilities = keras.ops.convert_to_numpy(keras.ops.softmax(model.predict(x_test, batch_size=len(x_test),
                                                                               verbose=0), axis=-1))
    example = next(i for i, k in probe if read["test"][i][0] in ("these", "some") and len(read["test"][i]) <= 10)
    sentence = read["test"][example]
    shown = ["that", "a", "this", "some", "these", *LEXICON["en"]["verb"]["sg"][:2], *LEXICON["en"]["verb"]["pl"][:2], "."]
    grid = probabilities[example, :len(sentence)][:, [words.id(w) for w in shown]]
    fig, ax = plt.subplots(figsize=(7, 3.8))
    ax.imshow(grid.T, cmap="Blues", vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(len(sentence)), ["<s>"] + sentence[:-1], rotation=30)
    ax.set_yticks(range(len(shown)), shown)
    ax.set(xlabel="input so far (last word)", ylabel="next word", title="P(next word) under the GRU language model")
    plt.show()
else:
    cu.own_data.skip("agreement at a distance (section 5)",
                     "only the kit's grammar knows where a verb must agree with a subject far back")

# %%
def prefers_right_number(rows):
    """Share of main-verb positions where the verbs of the subject's number get more probability."""
    return float(np.mean([row[words.encode(right)].sum() > row[words.encode(wrong)].sum()
                          for row, (_, _, right, wrong) in zip(rows, probes)]))


if KIT_DATA:   # the probes of section 5
    following = collections.defaultdict(collections.Counter)    # trigram counts: two words -> next word
    for s in read["train"]:
        padded = ["<s>", "<s>"] + s
        for j in range(2, len(padded)):
            following[tuple(padded[j - 2:j])][words.id(padded[j])] += 1
    trigram_rows = []
    for i, k in probe:
        row = np.zeros(V)
        for word_id, n in following[tuple((["<s>", "<s>"] + read["test"][i])[k:k + 2])].items():
            row[word_id] = n
        trigram_rows.append(row)
    print(f"{len(probe)} main verbs after a relative clause in the test sentences")
    cu.print_metrics(trigram_prefers_the_right_number=prefers_right_number(trigram_rows))
    assert claim.at_most("the trigram's share of main verbs with the right number preferred",
                         prefers_right_number(trigram_rows), 0.7)   # two words back it cannot see the subject

# %% tags=["nbval-ignore-output"]
if KIT_DATA:
    rnn_agreement = prefers_right_number([probabilities[i, k] for i, k in probe])
    cu.print_metrics(rnn_prefers_the_right_number=rnn_agreement)
    assert claim.at_least("the RNN's share of main verbs with the right number preferred", rnn_agreement, 0.95)

# %% [markdown]
# ## 6. Scoring sentences
#
# By the chain rule a language model gives every sentence a probability,
# $P(w_1 \dots w_k) = P(w_1 \mid h_0)\,P(w_2 \mid h_1) \cdots P(w_k \mid h_{k-1})$, added up as logarithms
# (a product of many small numbers underflows). One forward pass scores a whole padded batch:

# %%
def sentence_log_probs(lm, sentences):
    """log P(sentence) under `lm` for every sentence, in one batch (padding contributes nothing)."""
    x, y = encode(sentences)
    log_p = keras.ops.convert_to_numpy(keras.ops.log_softmax(lm.predict(x, batch_size=len(x), verbose=0), axis=-1))
    per_word = np.take_along_axis(log_p, y[..., None], -1)[..., 0]
    return (per_word * (y != 0)).sum(axis=1)


def swap_two_words(s, rng):
    i = rng.integers(0, len(s) - 2)                    # never the final "."
    return s[:i] + [s[i + 1], s[i]] + s[i + 2:]


def flip_main_verb(s):
    """The same sentence with the main verb in the other number (an agreement error)."""
    states = src.states_along(s)
    k = next(k for k, st in enumerate(states) if st[0] in ("main verb", "after noun") and s[k] != LEXICON[st[1]]["that"])
    lang, number = states[k][1], states[k][2]
    other = "pl" if number == "sg" else "sg"
    return s[:k] + [LEXICON[lang]["verb"][other][LEXICON[lang]["verb"][number].index(s[k])]] + s[k + 1:]


rng = np.random.default_rng(0)
originals = [s for s in read["test"] if len(s) >= 3]   # two words to swap before the end (all the kit's have)
corrupted = {"two words swapped": [swap_two_words(s, rng) for s in originals]}
if KIT_DATA:
    corrupted["main verb disagrees"] = [flip_main_verb(s) for s in originals]
    assert all(src.log_prob(c) == -math.inf for c in corrupted["main verb disagrees"]), \
        "a main verb of the other number makes a sentence the source cannot produce"
    true_log_p = np.array([src.log_prob(s) for s in originals])
    print(originals[1], "->", corrupted["main verb disagrees"][1])
else:
    print(originals[1], "->", corrupted["two words swapped"][1])
    cu.own_data.skip("the agreement errors and the source's log-probabilities", "only the kit's grammar has them")

# %% tags=["nbval-ignore-output"]
model_log_p = sentence_log_probs(model, originals)
rows = [(kind, float(np.mean(model_log_p > sentence_log_probs(model, bad)))) for kind, bad in corrupted.items()]
cu.print_table(rows, ["corruption", "original scored higher"])
for kind, rate in rows:
    assert claim.at_least(f"the share of sentences the model scores above their '{kind}' version", rate, 0.95)
if KIT_DATA:   # the source's own log-probabilities
    rho = spearmanr(model_log_p, true_log_p).statistic
    cu.print_metrics(spearman_model_vs_true_log_prob=rho)
    assert claim.at_least("the Spearman correlation of the model's and the source's log-probabilities", rho, 0.95)

# %% [markdown]
# **Ranking candidate translations.** As in the lecture, a language model of the target language can pick
# the most fluent of several candidate translations. Three Greek candidates for *the old dogs that the
# farmer knows sleep in the park*:

# %% tags=["nbval-ignore-output"]
if KIT_DATA:
    candidates = ["οι παλιοί σκύλοι που ξέρει ο αγρότης κοιμούνται στο πάρκο .",     # right
                  "οι παλιοί σκύλοι που ξέρει ο αγρότης κοιμάται στο πάρκο .",      # the verb disagrees with σκύλοι
                  "οι σκύλοι παλιοί που ο αγρότης ξέρει κοιμούνται πάρκο στο ."]    # English word order
    scores = sentence_log_probs(model, [c.split(" ") for c in candidates])
    cu.print_table([(c, lp, src.log_prob(c.split(" "))) for c, lp in zip(candidates, scores)],
                   ["candidate", "log P (model)", "log P (source)"])
    assert claim.holds("the model scores the right candidate above the one whose verb disagrees", scores[0] > scores[1])
    assert claim.holds("the model scores the right candidate above the English word order", scores[0] > scores[2])
else:
    cu.own_data.skip("ranking three Greek translations", "they are sentences of the kit's grammar")

# %% [markdown]
# ## 7. Generating text
#
# To generate, the model runs **one step at a time**: feed a word and the state, get $o_t$ and the new
# state, choose a word, repeat. We build that one-step model from the trained layers, with the state as an
# explicit input and output (`return_state=True`, `initial_state=`); no `stateful=True` needed.

# %%
def one_step_model(lm):
    token = keras.Input(shape=(1,), dtype="int32")
    state_in = keras.Input(shape=(u,))
    rnn = keras.layers.GRU(u, return_sequences=True, return_state=True)
    out, state_out = rnn(lm.get_layer("E")(token), initial_state=state_in)
    rnn.set_weights(lm.get_layer("rnn").get_weights())
    head = lm.get_layer("W_o") if "W_o" in [l.name for l in lm.layers] else None
    logits = head(out) if head else lm.get_layer("E")(lm.get_layer("projection")(out))
    return keras.Model([token, state_in], [keras.ops.log_softmax(logits[:, 0], axis=-1), state_out])


stepper = one_step_model(model)


def rnn_step(tokens, state):
    """The decoding callback: last tokens (batch,) and states (batch, units) -> log P(next), new states."""
    # predict_on_batch runs the compiled step (built once): about ten times faster than stepper(...), which runs
    # the GRU layer op by op, and a beam search calls it thousands of times
    log_probs, state = stepper.predict_on_batch([np.asarray(tokens)[:, None], np.asarray(state, dtype="float32")])
    return log_probs, state


def after_prompt(step, prompt, zero_state):
    """Run a prompt through a step function; returns (state before its last word, its last word's id)."""
    state, ids = zero_state, [words.id("<s>")] + [words.id(w) for w in prompt]
    for token in ids[:-1]:
        _, state = step(np.array([token]), state)
    return state, ids[-1]


PROMPTS = [s[:3] for s in read["test"][:200]]
END_ID = words.id(END)
greedy_sentence = words.decode(greedy(rnn_step, *after_prompt(rnn_step, [], np.zeros((1, u))), 20, END_ID)[0].tokens)
assert claim.holds("greedy decoding from <s> ends its sentence within 20 words", greedy_sentence[-1] == END)

# %% [markdown]
# **Search errors, measured exactly.** Greedy decoding takes the most probable word at each step; beam
# search keeps the `k` most probable partial sentences. Neither is guaranteed to find the most probable
# continuation. With the *source itself* as the model we can compute that optimum by dynamic programming
# over its states (`src.best_continuation`) and count how often each decoder misses it. In this grammar,
# after the verb "." (0.35) is the best ending, but greedy is lured by "in"/"στο" (0.4), after which every
# place has only 1/8. A narrow beam fails too, in a less obvious way: five verbs and six nouns are equally
# likely, so many partial sentences of equal, high probability crowd the beam and push out the short one
# that would have ended best; after a relative pronoun even 32 hypotheses are not enough. Length normalisation (dividing the log-probability by the length) ranks by
# probability *per word* and prefers longer continuations on purpose.

# %%
def source_step(tokens, state):
    """The true source as a decoding callback: its state index travels with each hypothesis."""
    new_states, rows = [], []
    for token, s in zip(tokens, state):
        word = words.tokens[token]
        nxt = src.start if word == "<s>" else src.transitions[src.states[s]][word][1]
        new_states.append(src.states.index(nxt))
        rows.append(src.next_word_log_probs(nxt, words.tokens))
    return np.array(rows), np.array(new_states)


if KIT_DATA:   # the exact optimum needs the source
    decoders = {"greedy": lambda st, tok: greedy(source_step, st, tok, 20, END_ID)[0]}
    for k in (2, 4, 8, 32):
        decoders[f"beam {k}"] = lambda st, tok, k=k: beam_search(source_step, st, tok, k, 20, END_ID)[0]
    decoders["beam 32, length-normalised"] = lambda st, tok: beam_search(source_step, st, tok, 32, 20, END_ID,
                                                                          length_penalty=1.0)[0]
    rows = []
    for name, decode in decoders.items():
        misses, lost = 0, 0.0
        for prompt in PROMPTS:
            best_words, best_log_p = src.best_continuation(prompt)
            found = decode(*after_prompt(source_step, prompt, np.array([0])))
            misses += found.log_prob < best_log_p - 1e-9
            lost += best_log_p - found.log_prob
        rows.append((name, misses / len(PROMPTS), lost / len(PROMPTS)))
    cu.print_table(rows, ["decoder (on the true source)", "search error rate", "mean log-prob lost"])
    search_errors = {name: rate for name, rate, _ in rows}
    # exact, but facts of this source and these prompts: claims, so that another corpus (What to try) reports them
    assert claim.holds("greedy misses more often than beam 2, and a wider beam never misses more",
                       search_errors["greedy"] > search_errors["beam 2"] >= search_errors["beam 4"] >= search_errors["beam 8"]
                       >= search_errors["beam 32"])
    assert claim.holds("beam 32 misses less often than beam 2", search_errors["beam 32"] < search_errors["beam 2"])
    assert claim.at_least("the length-normalised beam's search error rate",
                          search_errors["beam 32, length-normalised"], 0.5)
else:
    cu.own_data.skip("search errors against the exact optimum", "only the kit's grammar can compute it")

# %% [markdown]
# Greedy and beam search on the **trained RNN**: how often is the continuation one of the source's most
# probable ones (several can tie: six nouns are equally likely)? Measured: the RNN is only approximately the
# source, so even a perfect search of the RNN can miss the source's optimum where the two disagree.

# %% tags=["nbval-ignore-output"]
def source_optimal(prompt, continuation):
    return src.log_prob(prompt + continuation) - src.log_prob(prompt) >= src.best_continuation(prompt)[1] - 1e-9


rnn_decoders = {"greedy": lambda st, tok: greedy(rnn_step, st, tok, 20, END_ID)[0],
                "beam 32": lambda st, tok: beam_search(rnn_step, st, tok, 32, 20, END_ID)[0]}
if KIT_DATA:
    found = {name: np.mean([source_optimal(p, words.decode(decode(*after_prompt(rnn_step, p, np.zeros((1, u)))).tokens))
                            for p in PROMPTS[:40]]) for name, decode in rnn_decoders.items()}
    cu.print_table([(name, share) for name, share in found.items()], ["decoder on the RNN", "finds a source optimum"])
    assert claim.at_least("beam 32's share of source optima minus greedy's", found["beam 32"] - found["greedy"],
                          0.3)                                    # the beam's advantage carries over to a learned model
else:   # no source to compare with: how probable, under the RNN itself, is what each decoder finds?
    cu.own_data.skip("the share of source optima", "only the kit's grammar knows the most probable continuations")
    found = {name: np.mean([decode(*after_prompt(rnn_step, p, np.zeros((1, u)))).log_prob for p in PROMPTS[:40]])
             for name, decode in rnn_decoders.items()}
    cu.print_table(list(found.items()), ["decoder on the RNN", "mean log P (RNN) of its continuation"])
    assert claim.at_least("beam 32's mean log-probability minus greedy's", found["beam 32"] - found["greedy"], 0)

# %% [markdown]
# **Sampling with a temperature.** Instead of the best word, draw one from $\mathrm{softmax}(z / T)$ where
# $z$ are the logits: $T < 1$ sharpens the distribution (safer, more repetitive text), $T > 1$ flattens it
# (more varied, more mistakes). At $T = 1$ the samples should look like the source: about as long, and as
# grammatical (the source can tell: an ungrammatical sentence has probability 0).

# %%
def sample(temperature, n, seed, max_length=25):
    """n sentences drawn from the model at `temperature`; also the mean entropy of each step's distribution."""
    draw = np.random.default_rng(seed)
    state, last = np.zeros((n, u), dtype="float32"), np.full(n, words.id("<s>"))
    sentences, done, entropies = [[] for _ in range(n)], np.zeros(n, bool), []
    for _ in range(max_length):
        log_probs, state = rnn_step(last, state)
        p = np.exp(log_probs / temperature - (log_probs / temperature).max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        entropies += list(-(p * np.log(np.maximum(p, 1e-12))).sum(axis=1)[~done])
        last = np.array([draw.choice(V, p=row) for row in p])
        for i in np.flatnonzero(~done):
            sentences[i].append(words.tokens[last[i]])
        done |= last == END_ID
        if done.all():
            break
    return sentences, float(np.mean(entropies))


temperatures = sorted(CONFIG["temperatures"])
samples = {t: sample(t, 300, seed=cu.runtime.SEED) for t in temperatures}

# %% tags=["nbval-ignore-output"]
for t in (temperatures[0], temperatures[-1]):                               # the coldest and the hottest
    print(f"T={t}:", " | ".join(" ".join(s) for s in samples[t][0][:2]))
if KIT_DATA:   # the source tells a grammatical sentence: it gives it a probability above 0
    stats = {t: (entropy, float(np.mean([src.log_prob(s) > -math.inf for s in sents])),
                 float(np.mean([len(s) for s in sents]))) for t, (sents, entropy) in samples.items()}
    cu.print_table([(t, *stats[t]) for t in temperatures],
                   ["temperature", "entropy per step (nats)", "grammatical share", "mean length"])
    print(f"the source: entropy per token {floor:.3f}, mean length {src.expected_length():.2f}")
else:
    stats = {t: (entropy, float(np.mean([len(s) for s in sents]))) for t, (sents, entropy) in samples.items()}
    cu.print_table([(t, *stats[t]) for t in temperatures], ["temperature", "entropy per step (nats)", "mean length"])
    print(f"your test sentences: mean length {np.mean([len(s) for s in read['test']]):.2f}")
    cu.own_data.skip("the grammatical share of the samples", "only the kit's grammar can tell a sentence it cannot produce")
entropies = [stats[t][0] for t in temperatures]
assert claim.holds("the entropy per step rises with the temperature",
                   entropies == sorted(entropies))   # hotter = flatter
if KIT_DATA and {1.0, 1.5} <= stats.keys():                                 # the claims' temperatures, if sampled
    assert claim.at_least("the grammatical share of the samples at T=1", stats[1.0][1], 0.9)
    assert claim.between("the mean length of the samples at T=1", stats[1.0][2], 0.9 * src.expected_length(),
                         1.1 * src.expected_length())
    assert claim.holds("the samples at T=1.5 are less often grammatical than at T=1",
                       stats[1.5][1] < stats[1.0][1])                              # and more mistakes

# %%
fig, ax = plt.subplots(figsize=(5.5, 3.4))
ax.plot(temperatures, [stats[t][0] for t in temperatures], marker="o", label="model samples")
if KIT_DATA:
    ax.axhline(floor, color="black", linestyle="--", label="entropy of the source")
ax.set(xlabel="temperature T", ylabel="entropy per step (nats)", title="sampling temperature")
ax.legend()
plt.show()

# %% [markdown]
# ## 8. Weight tying
#
# $E$ ($d \times |V|$) turns words into vectors; $W^{(o)}$ ($|V| \times$ units) turns a state into a score per
# word — its rows are word vectors too. **Tying** uses $E^\top$ as $W^{(o)}$. That needs the state to have the
# embedding's size $d$, so here a projection $P$ ($d \times$ units, no bias) comes first:
# $o_t = \mathrm{softmax}(E^\top P h_t + b^{(o)})$. `cu.layers.TiedEmbedding` is one layer used at both ends.

# %%
tied_model = language_model(tied=True, name="tied")
saved = {"untied W(o) + b(o)": u * V + V, "tied: P + b(o)": d * u + V}
cu.print_table([(k, f"{v:,}") for k, v in saved.items()]
               + [("whole model, untied", f"{model.count_params():,}"), ("whole model, tied", f"{tied_model.count_params():,}")],
               ["", "parameters"])
assert model.count_params() - tied_model.count_params() == saved["untied W(o) + b(o)"] - saved["tied: P + b(o)"], \
    "tying saves W(o) + b(o) and adds P + b(o), nothing else"

# %% [markdown]
# Both variants trained on the same budget with three seeds (the untied model of section 4 is the first):

# %%
results = {"untied": [rnn_test], "tied": []}
trainers = {}   # one model per kind trains every seed of it: its training step is traced once
for k in range(CONFIG["tying_seeds"]):
    for kind in ("untied", "tied") if k else ("tied",):
        keras.utils.set_random_seed(cu.runtime.SEED + k)
        lm = tied_model if (kind == "tied" and k == 0) else language_model(tied=kind == "tied")
        if kind in trainers:   # lm's fresh start (weights, Adam's state) put into the model traced already
            lm = cu.training.restart(trainers[kind], lm)
        trainers[kind] = lm
        lm.fit(x_train, y_train, batch_size=CONFIG["batch_size"], epochs=CONFIG["epochs"], verbose=0)
        results[kind].append(lm.evaluate(x_test, y_test, batch_size=len(x_test), verbose=0))

# %% tags=["nbval-ignore-output"]
if KIT_DATA:
    cu.print_table([(kind, *(math.exp(ce) for ce in ces), math.exp(np.mean(ces)) / math.exp(floor))
                    for kind, ces in results.items()],
                   ["model", *(f"perplexity, seed {k + 1}" for k in range(CONFIG["tying_seeds"])), "mean x floor"])
    for kind, ces in results.items():
        assert claim.at_most(f"the worst {kind} model's perplexity x floor", math.exp(max(ces)) / math.exp(floor), 1.15)
    assert claim.holds("on this budget the untied models' mean cross-entropy is below the tied models'",
                       np.mean(results["untied"]) < np.mean(results["tied"]))
else:
    cu.print_table([(kind, *(math.exp(ce) for ce in ces), math.exp(np.mean(ces))) for kind, ces in results.items()],
                   ["model", *(f"perplexity, seed {k + 1}" for k in range(CONFIG["tying_seeds"])), "mean perplexity"])
    cu.own_data.skip("tied and untied models against the floor", "your text has no known entropy")

# %% [markdown]
# Tying saves parameters; whether it also helps depends on the data, the size and the budget. Here the
# vocabulary is tiny and the data plentiful for it, and on this short budget (three epochs) the untied models
# come out a little ahead (the last claim above; the table's last column shows by how much). Whether
# the tied ones catch up with more epochs is one of the things to try below. (On large vocabularies, tying is
# reported to help, e.g. Press & Wolf 2017.)
#
# ## 9. Characters instead of words
#
# The same model over characters (each sentence as a line, so "\n" ends it) needs no vocabulary of words
# and can spell words it never saw, but must learn spelling too and reads much longer sequences (compare the
# training shapes below with the word model's). It is
# measured in **bits per character**. The floor is exact again: each sentence carries the same information
# as before, spread over its characters.

# %%
def characters(s):
    """A sentence's characters, then "\n" (an end token "</s>" added to your own sentences is left out)."""
    return list(" ".join(s[:-1] if s[-1] == "</s>" else s)) + ["\n"]


chars = Vocabulary.build([["<s>"] + characters(s) for s in read["train"]])


def encode_chars(sentences):
    ids = pad_batch([chars.encode(["<s>"] + characters(s)) for s in sentences])
    return ids[:, :-1], ids[:, 1:]


(cx_train, cy_train), (cx_test, cy_test) = encode_chars(read["train"]), encode_chars(read["test"])
counts = collections.Counter(c for s in read["train"] for c in characters(s))
unigram_bits = -sum(n / sum(counts.values()) * math.log2(n / sum(counts.values())) for n in counts.values())
facts = dict(characters=len(chars), training_shape=cx_train.shape, character_unigram_bits=unigram_bits)
if KIT_DATA:
    facts.update(floor_bits_per_character=src.bits_per_character())
cu.print_metrics(**facts)

ids = keras.Input(shape=(None,), dtype="int32")
h = keras.layers.GRU(CONFIG["char_units"], return_sequences=True)(keras.layers.Embedding(len(chars), 16)(ids))
char_model = keras.Model(ids, keras.layers.Dense(len(chars))(h))
char_model.compile(optimizer=keras.optimizers.Adam(CONFIG["learning_rate"]),
                   loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=0))
char_history = char_model.fit(cx_train, cy_train, batch_size=CONFIG["batch_size"], epochs=CONFIG["char_epochs"],
                              verbose=0)

# %% tags=["nbval-ignore-output"]
bits = char_model.evaluate(cx_test, cy_test, batch_size=len(cx_test), verbose=0) / math.log(2)
assert claim.at_most("the character model's bits per character / the character unigram's", bits / unigram_bits, 0.25)
if KIT_DATA:
    cu.print_metrics(test_bits_per_character=bits, floor=src.bits_per_character(), ratio=bits / src.bits_per_character())
    assert claim.at_most("the character model's bits per character x floor", bits / src.bits_per_character(), 1.3)
else:
    cu.print_metrics(test_bits_per_character=bits, character_unigram_bits=unigram_bits)
    cu.own_data.skip("the character model against the floor", "your text has no known entropy")

# %% [markdown]
# ## 10. From RNN language models to large language models
#
# The model of section 4 learned from nothing but text: the next word is always known, so no one labels
# anything. Large language models (ChatGPT, Claude, Gemini, Llama) are trained on the same objective, the
# cross-entropy of the next token, with three differences: a **Transformer** instead of the RNN (self-attention
# over all earlier tokens instead of a state carried from step to step, notebook 07), **sub-word tokens**, and
# **scale**: up to hundreds of billions of parameters and trillions of training tokens (the cell below prints this
# notebook's figures). Then they are **fine-tuned** on examples of questions and answers (and
# instructions with good responses), often with human preferences on top.
#
# **A language model learns embeddings on the way.** Nothing told the model of section 4 what a noun or a
# plural is; yet in its $E$ the nearest neighbour of a word (cosine) is mostly a word of the same language, part of
# speech and number: words that can be followed by the same words get similar vectors.

# %%
print(f"this notebook: {model.count_params():,} parameters, {int((y_train != 0).sum()):,} training tokens")
if KIT_DATA:
    word_kind = {}                               # word -> (language, part of speech, number), from the grammar
    for lang, lex in LEXICON.items():
        for pos in ("noun", "verb", "tverb", "adj"):
            for number, forms in lex[pos].items():
                for w in forms:                  # English adjectives have one form for both numbers
                    word_kind[w] = (lang, "verb" if pos == "tverb" else pos, "" if lang == "en" and pos == "adj" else number)
        for w in lex["place"]:
            word_kind[w] = (lang, "place", "")
    listed = [w for w in word_kind if w in words]
    vectors = model.get_layer("E").get_weights()[0][[words.id(w) for w in listed]]
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    similarity = vectors @ vectors.T
    np.fill_diagonal(similarity, -np.inf)
    nearest = [listed[j] for j in similarity.argmax(1)]
    print(f"{len(listed)} content words; chance that another word is of the same kind:",
          f"{np.mean([np.mean([word_kind[o] == word_kind[w] for o in listed if o != w]) for w in listed]):.3f}")

# %% tags=["nbval-ignore-output"]
if KIT_DATA:
    share = {part: float(np.mean([word_kind[w][:k] == word_kind[n][:k] for w, n in zip(listed, nearest)]))
             for part, k in (("same language", 1), ("same language and part of speech", 2),
                             ("same language, part of speech and number", 3))}
    cu.print_metrics(**{f"nearest neighbour of {part}": value for part, value in share.items()})
    cu.print_table([(w, ", ".join(listed[j] for j in np.argsort(-similarity[listed.index(w)])[:3]))
                    for w in ("dog", "dogs", "runs", "run", "park", "σκύλος")], ["word", "3 nearest in E"])
    assert claim.at_least("the share of words whose nearest neighbour has their language and part of speech",
                          share["same language and part of speech"], 0.8)
    assert claim.at_least("the share whose nearest neighbour also has their number",
                          share["same language, part of speech and number"], 0.5)
else:
    cu.own_data.skip("the embeddings' nearest neighbours by part of speech", "the kit's grammar lists the parts of speech")

# %% [markdown]
# **The continuation of a question is its answer**, if the model has seen questions followed by answers. Text
# written for people often has questions followed by more questions (quiz sheets, exam papers) and facts stated
# as sentences. The cell shows this with the smallest language model there is, counts of word triples (section 3),
# on a toy grammar of capitals: a "pre-trained" model learned from statements and quiz sheets, and a
# "fine-tuned" one that also counts question-answer pairs, ten times over, for every country but Japan.

# %%
CAPITALS = {"france": "paris", "greece": "athens", "italy": "rome", "spain": "madrid", "egypt": "cairo",
            "japan": "tokyo"}
capital_facts = [f"the capital of {c} is {p} ." for c, p in CAPITALS.items()]
quiz_sheet = [f"what is the capital of {c} ?" for c in CAPITALS]        # questions follow questions
qa_pairs = [f"what is the capital of {c} ? {p} ." for c, p in CAPITALS.items() if c != "japan"]  # japan: held out


def trigram_counts(texts, times=1):
    counts = collections.defaultdict(collections.Counter)
    for text in texts:
        tokens = ["<s>", "<s>"] + text.split() + ["</s>"]
        for a, b, c in zip(tokens, tokens[1:], tokens[2:]):
            counts[a, b][c] += times
    return counts


def merged(*tables):
    out = collections.defaultdict(collections.Counter)
    for table in tables:
        for context, next_words in table.items():
            out[context].update(next_words)
    return out


def continue_greedily(counts, prompt, max_words=8):
    tokens = ["<s>", "<s>"] + prompt.split()
    for _ in range(max_words):
        next_words = counts[tokens[-2], tokens[-1]]
        if not next_words:
            break
        word = max(sorted(next_words), key=next_words.get)     # the most frequent; ties: alphabetical
        if word == "</s>":
            break
        tokens.append(word)
        if word in (".", "?"):
            break
    return " ".join(tokens[2 + len(prompt.split()):])


quiz_sheets = [" ".join(quiz_sheet[k:] + quiz_sheet[:k]) for k in range(len(quiz_sheet))]   # six orders
pretrained = trigram_counts(capital_facts + quiz_sheets)
tuned = merged(pretrained, trigram_counts(qa_pairs, times=10))

rows = [(prompt, continue_greedily(pretrained, prompt), continue_greedily(tuned, prompt))
        for prompt in ("the capital of greece is", "what is the capital of greece ?", "what is the capital of japan ?")]
cu.print_table(rows, ["prompt", "pre-trained continues", "fine-tuned continues"])
assert rows[0][1] == "athens ." and rows[1][1].startswith("what"), "the pre-trained model knows the fact, but asks on"
assert rows[1][2] == "athens ." and rows[2][2].startswith("what"), "fine-tuning answers only what it saw answered"

# %% [markdown]
# The pre-trained model "knows" the capital of Greece (it completes the statement) but continues the question
# with another question; after fine-tuning, the likeliest continuation of the question is the answer. A count
# model answers only the questions it saw answered (Japan): its statistics of one country tell it nothing about
# another. A large neural model can learn the habit "a question is followed by its answer" from some examples
# and apply it to facts it saw only as statements, which is what fine-tuning on a limited set of question-answer
# pairs relies on (Ouyang et al. 2022); how well a fact transfers depends on how the pre-training text stated it
# (Allen-Zhu & Li 2023).

# %% [markdown]
# ## Check your understanding
#
# 1. A word model reaches perplexity 4.6 and the floor is 4.5. What does the remaining gap mean, and why can
#    no model get below 4.5 *on average*?
# 2. Why does the trigram prefer the right verb number in only about half of the sentences with a relative
#    clause? Which n would it need, and what would that cost in counts?
# 3. Greedy decoding picked "in" after the verb. Why is that a search error? In the table of search errors,
#    which beam widths miss the optimum less often than narrower ones, and which do not? What must the optimal
#    continuation's first words survive to stay in a beam of width k?
# 4. With a vocabulary of 50,000 words, 300-dimensional embeddings and 512 units, how many parameters does
#    tying save? (Exercise `ex08_1_language_model_dimensions` asks exactly this.)

# %% [markdown]
# ## What to try
#
# Put a change into `CHANGES` (in the CONFIG cell, at the top) and run the whole notebook again. A claim that
# no longer holds then prints one line, "with your settings ... is ...; with the notebook's it is at least ...",
# and the notebook goes on.
#
# - `CHANGES = dict(units=8)`: how close to the floor does the model get, and which sentences suffer?
# - `CHANGES = dict(relative_clause=0.8)` raises `P["relative_clause"]` of the grammar
#   (`course_utils/corpora/agreement_source.py`) from 0.4 to 0.8 and draws the corpus afresh: how does the
#   trigram's gap to the floor change?
# - `CHANGES = dict(temperatures=(0.2, 0.5, 0.8, 1.0, 1.5))` samples at $T = 0.2$ too: what do the sentences
#   have in common?
# - `CHANGES = dict(epochs=6)` trains every word model twice as long: how much closer to the floor does the
#   RNN get, and do the tied models of section 8 catch up with the untied ones?

# %% [markdown]
# ## Summary
# - An RNN language model predicts the next word from a state that has read everything before it; its
#   cross-entropy (or perplexity) on held-out text measures it, and on this source the exact floor is known.
# - n-gram counts cannot carry information further than $n - 1$ words; the RNN carries the subject's number
#   across a relative clause and comes within a few percent of the floor.
# - The chain rule scores whole sentences: corrupted ones and bad translations get lower log-probabilities.
# - Greedy and beam search approximate the most probable continuation and can miss it (search errors);
#   temperature trades fluency for variety.
# - Weight tying reuses $E$ as the output matrix (with a projection $P$ when sizes differ) and saves
#   $(|V| - d) \times$ units parameters: $W^{(o)}$'s $|V| \times$ units go, $P$'s $d \times$ units come (the table
#   above and exercise 08.1 count them); characters trade a tiny vocabulary for longer sequences.

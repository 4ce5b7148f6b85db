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
# # 02 · The simple RNN, backpropagation through time, vanishing and exploding gradients
#
# **Lecture topic:** the simple RNN $h_t = \tanh(W^{(h)} h_{t-1} + W^{(e)} e_t + b)$ unrolled in time,
# a word classifier with a softmax at every position, backpropagation through time (BPTT), and why
# gradients vanish or explode.
#
# **You will learn to**
# - write the RNN forward pass in NumPy and check it equals `keras.layers.SimpleRNN`;
# - see the same recurrence as one stacked matrix $W_a [h_{t-1}; e_t]$;
# - choose `return_sequences` / `return_state` for many-to-many, many-to-one, one-to-many and
#   encoder-decoder set-ups;
# - compute BPTT by hand and match TensorFlow's gradients;
# - explain vanishing/exploding gradients with the spectral radius of $W^{(h)}$, orthogonal
#   initialisation and gradient clipping.
#
# **Runtime:** about 13 s on a 2-core CPU, 2.9 times the 4.6 s an empty notebook with Keras took on it (2026-12-06). The first run after installing takes about 8 s longer, while Python compiles TensorFlow and Keras.<!-- /runtime -->

# %%
try:
    import course_utils as cu
except ModuleNotFoundError:  # opened outside the kit's environment
    raise ModuleNotFoundError("This notebook needs the course kit (course_utils). In the kit's folder run "
                              "`pip install -r requirements.txt`, then restart the kernel; on Colab or a hub, "
                              "see the kit's README, 'Colab, JupyterHub, Binder'.") from None

cu.setup(seed=2, backend="tensorflow")   # section 5 calls tf.GradientTape itself

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

from course_utils import numpy_rnn
from course_utils.text import Vocabulary, pad_batch

# %%
CONFIG = dict(
    embedding_dim=16,   # d_e: size of e_t
    units=32,           # d_h: size of h_t
    epochs=4,
    batch_size=64,
    extra_adjectives=0,   # adjectives put before every name on top of the corpus' own: the trigger moves back
)
CHANGES = dict()   # What to try: put your changes here, e.g. CHANGES = dict(epochs=1); CONFIG stays as it is
claim = cu.claims.Claims(CONFIG, CHANGES)   # applies CHANGES; once you change something, claims report, not stop

# %% [markdown]
# ## 1. The model on the slides
#
# For each word $t$ of a sentence, with $e_t = E x_t$ its embedding:
#
# $$ h_t = \tanh\big(W^{(h)} h_{t-1} + W^{(e)} e_t + b\big), \qquad o_t = \mathrm{softmax}\big(W^{(o)} h_t + b^{(o)}\big) $$
#
# and the loss of a sentence is the cross-entropy summed over its positions,
# $L = -\sum_t \log o_{t,\,y_t}$. The same matrices are used at every step: the RNN is one cell
# applied again and again, carrying $h$ forward.
#
# **Two other output equations.** Lecture 002 writes the output as $\hat y_t = \tanh(W_{ya} a_t + b_y)$. A
# tanh puts each component in $(-1, 1)$: that suits a regression target scaled to that range, but the components
# can be negative and need not sum to 1, so they are not a distribution over classes. For one class per word the
# output layer is a softmax, as here (a sigmoid for a single yes/no). Lecture 003 writes
# $\hat y^{\langle t \rangle} = g_y(W_y [a^{\langle t-1 \rangle}, x^{\langle t \rangle}] + b_y)$, the stacked form of
# the state equation copied to the output. The output reads the **new** state instead: $o_t$ above reads $h_t$,
# which already combines $h_{t-1}$ and $e_t$. Fed $[h_{t-1}; e_t]$, the output at $t$ would bypass the state the
# cell has just computed.
#
# **Data.** A word classifier must tag ambiguous names as persons or places. *jordan* is a person after
# *met* or *mr* and a place after *in* or *visited*, sometimes with an adjective in between. The word
# alone is a coin flip; the words before it decide. (`cu.corpora.trigger_words.trigger_tagging`, generated with a fixed seed.)

# %%
TAGS = ["O", "PER", "LOC"]
trigger_data = cu.corpora.trigger_words.trigger_tagging(n_sentences=3000, seed=2)


def with_extra_adjectives(pairs, extra, seed=2):
    """`extra` more adjectives (tagged O) just before every name: the trigger word lies `extra` steps further back."""
    rng, longer = np.random.default_rng(seed), []       # a stream of its own: the corpus stays as generated
    for tokens, tags in pairs:
        new_tokens, new_tags = [], []
        for token, tag in zip(tokens, tags):
            if tag != "O":
                new_tokens += rng.choice(cu.corpora.trigger_words.ADJECTIVES, size=extra).tolist()
                new_tags += ["O"] * extra
            new_tokens.append(token)
            new_tags.append(tag)
        longer.append((new_tokens, new_tags))
    return longer


if CONFIG["extra_adjectives"]:
    trigger_data = with_extra_adjectives(trigger_data, CONFIG["extra_adjectives"])
train, test = trigger_data[:2500], trigger_data[2500:]
words = Vocabulary.build([tokens for tokens, _ in train])


def encode(pairs):
    x = pad_batch([words.encode(tokens) for tokens, _ in pairs])
    y = pad_batch([[TAGS.index(t) for t in tags] for _, tags in pairs], length=x.shape[1])
    return x, y


x_train, y_train = encode(train)
x_test, y_test = encode(test)
print("vocabulary:", len(words), " train:", x_train.shape, " test:", x_test.shape)
print(list(zip(*train[0])))

# %% [markdown]
# The Keras model is the equation line by line. `mask_zero=True` marks padding, and Keras then leaves
# padded positions out of the loss and the accuracy.

# %%
def word_classifier(recurrent=True, name="rnn_tagger"):
    ids = keras.Input(shape=(None,), dtype="int32", name="word_ids")
    e = keras.layers.Embedding(len(words), CONFIG["embedding_dim"], mask_zero=True, name="E")(ids)
    h = keras.layers.SimpleRNN(CONFIG["units"], return_sequences=True, name="rnn")(e) if recurrent else e
    o = keras.layers.Dense(len(TAGS), activation="softmax", name="W_o")(h)
    model = keras.Model(ids, o, name=name)
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
    return model


rnn_tagger = word_classifier()
no_context = word_classifier(recurrent=False, name="word_only")  # the same without recurrence
for model in (rnn_tagger, no_context):
    model.fit(x_train, y_train, batch_size=CONFIG["batch_size"], epochs=CONFIG["epochs"], verbose=0)


def name_accuracy(model):
    """Accuracy on the ambiguous names only (the tokens tagged PER or LOC)."""
    predicted = model.predict(x_test, verbose=0).argmax(-1)
    names = y_test > 0
    return float((predicted[names] == y_test[names]).mean())


# %% [markdown]
# Accuracies of trained models are *measured* numbers (their last digits depend on the CPU): printed for
# you, with the claim asserted with a margin.

# %% tags=["nbval-ignore-output"]
rnn_acc, word_acc = name_accuracy(rnn_tagger), name_accuracy(no_context)
cu.print_metrics(names_right_with_rnn=rnn_acc, names_right_word_only=word_acc, ceiling=1.0)
assert claim.at_least("the RNN tagger's accuracy on the names",
                      rnn_acc, 0.98)      # the recurrence carries the left context
assert claim.at_most("the word-only tagger's accuracy on the names", word_acc, 0.7)  # the name alone: a coin flip

# %% [markdown]
# **Not only text.** The cell does not need to know that $e_t$ came from a word: any sequence of vectors,
# one per step, can take its place, with $W^{(e)}$ as wide as those vectors. Speech becomes a sequence of frames,
# each a vector of acoustic features computed from a short slice of the sound; a video is a sequence of images;
# music a sequence of notes; a time series one vector of measurements per time step. DNA is a string over four
# nucleotides (A, C, G, T). A living cell transcribes a gene into RNA, and a ribosome reads the RNA three
# nucleotides at a time: each triple, a codon, names the next amino acid of a protein (or the end of it), so one
# sequence is turned into another. In all of these, later elements depend on earlier ones. This kit uses text
# only.

# %% [markdown]
# ## 2. The forward pass in NumPy equals Keras
#
# The slide equation, one time step per loop iteration, on the weights of the trained Keras layer. Keras
# stores `kernel` $= W^{(e)\top}$ (features × units) and `recurrent_kernel` $= W^{(h)\top}$; we transpose
# them back and keep the states as columns, as on the slides. At a padded position ($x_t = 0$, masked)
# Keras carries the previous state forward unchanged, and so do we.

# %%
rnn = rnn_tagger.get_layer("rnn")
kernel, recurrent_kernel, bias = rnn.get_weights()
cu.print_table([("W(e)", f"({CONFIG['units']}, {CONFIG['embedding_dim']})", kernel.shape),
                ("W(h)", f"({CONFIG['units']}, {CONFIG['units']})", recurrent_kernel.shape),
                ("b", f"({CONFIG['units']}, 1)", bias.shape)],
               ["matrix", "slides (out x in)", "Keras weight"])
W_h, W_e, b = recurrent_kernel.T, kernel.T, bias[:, None]


def simple_rnn_forward(embedded, real):
    """h_t = tanh(W(h) h_{t-1} + W(e) e_t + b) for every t; `real` is False at padding. Returns (batch, time, units)."""
    h, states = np.zeros((len(W_h), len(embedded))), []       # units x batch: one column per sentence
    for t in range(embedded.shape[1]):
        e_t = embedded[:, t, :].T                               # features x batch
        h = np.where(real[:, t], np.tanh(W_h @ h + W_e @ e_t + b), h)
        states.append(h.T)
    return np.stack(states, axis=1)


embedded = keras.ops.convert_to_numpy(rnn_tagger.get_layer("E")(x_test))   # e_t for every word
keras_states = keras.ops.convert_to_numpy(keras.Model(rnn_tagger.input, rnn.output)(x_test))
numpy_states = simple_rnn_forward(embedded, x_test != 0)
forward_difference = float(np.abs(numpy_states - keras_states).max())
same_as_library = np.allclose(numpy_states, numpy_rnn.simple_rnn(embedded, rnn.get_weights(), mask=x_test != 0),
                              atol=1e-5)
print("NumPy equals Keras to 1e-5:", forward_difference < 1e-5, "| equals cu.numpy_rnn.simple_rnn:", same_as_library)
assert forward_difference < 1e-5 and same_as_library, "the NumPy loop equals Keras and cu.numpy_rnn.simple_rnn"

# %% tags=["nbval-ignore-output"]
print(f"largest |NumPy - Keras| over {numpy_states.size:,} numbers: {forward_difference:.1e}")
assert forward_difference < 1e-5, "NumPy equals Keras"   # float32 rounding, not a different computation

# %% [markdown]
# **The output layer: one row of $W^{(o)}$ per class.** In $o_t = \mathrm{softmax}(W^{(o)} h_t + b^{(o)})$, $W^{(o)}$ is
# $|C| \times d_h$ (Keras stores its transpose, `kernel`). Row $c$ is a vector for class $c$ in the space of the
# states: the score of class $c$ is the dot product of its row with $h_t$, plus its bias, so the tagger picks the
# class whose row $h_t$ points at most, and training moves the rows as it moves the word vectors of $E$. Read this
# way, the rows of $W^{(o)}$ are **class embeddings**. Checked on the trained tagger, word by word:

# %%
W_o_kernel, b_o = rnn_tagger.get_layer("W_o").get_weights()
W_o = W_o_kernel.T                                                # |C| x units: one row per class
real = x_test != 0
scores = keras_states[real] @ W_o.T + b_o                         # every word's state against every class row
predicted = keras.ops.convert_to_numpy(rnn_tagger(x_test)).argmax(-1)[real]
cu.print_table([("W(o)", f"({len(TAGS)}, {CONFIG['units']}) = |C| x units", W_o_kernel.shape)],
               ["matrix", "slides (out x in)", "Keras weight"])
picks_the_row = bool((scores.argmax(-1) == predicted).all())
print(f"each of the {real.sum():,} test words gets the class whose row of W(o) scores its state highest:", picks_the_row)
assert picks_the_row, "the tagger's class is the row of W(o) with the highest h_t . row + b"

# %% [markdown]
# **One stacked matrix.** Many texts write the same cell as $h_t = \tanh(W_a [h_{t-1}; e_t] + b)$ with
# $W_a = [\,W^{(h)} \mid W^{(e)}\,]$ of shape $d_h \times (d_h + d_e)$: stacking the two inputs and
# putting the two matrices side by side gives exactly the same states.

# %%
W_a = np.concatenate([W_h, W_e], axis=1)
print("W_a:", W_a.shape, "= d_h x (d_h + d_e)")

sentence = embedded[0].astype("float64")          # (time, d_e)
h = np.zeros(CONFIG["units"])
stacked_states = []
for e_t in sentence:
    h = np.tanh(W_a @ np.concatenate([h, e_t]) + bias)
    stacked_states.append(h)
length = int((x_test[0] != 0).sum())
assert np.allclose(np.array(stacked_states)[:length], numpy_states[0, :length], atol=1e-6), \
    "W_a [h; e] gives the same states as W(h) h + W(e) e"

# %% [markdown]
# ## 3. Unrolled in time
#
# Each column below is the state $h_t$ after reading one more word: the same cell, applied once per word,
# passes its memory to the right. Watch the state change at the trigger word (dashed) and how the columns
# after it differ until the name (tagged below its word) arrives.

# %%
tokens, tags = test[0]
states = numpy_states[0, : len(tokens)].T           # units x time
triggers = [t for t, w in enumerate(tokens) if any(w in ws for ws in cu.corpora.trigger_words.TRIGGERS.values())]
fig, ax = plt.subplots(figsize=(8, 4))
image = ax.imshow(states, aspect="auto", cmap="RdBu_r", vmin=-1, vmax=1)
for t in triggers:
    ax.axvline(t, color="black", linestyle="--")
ax.set(xticks=range(len(tokens)), xlabel="t (dashed: the trigger words)", ylabel="unit of h_t",
       title="h_t, one column per word")
ax.set_xticklabels([f"{w}\n{tag}" if tag != "O" else w for w, tag in zip(tokens, tags)], rotation=45)
for t in triggers:
    ax.get_xticklabels()[t].set_fontweight("bold")
fig.colorbar(image, ax=ax)
plt.show()
print("trigger words at t =", triggers, "| names:", [(w, tag) for w, tag in zip(tokens, tags) if tag != "O"])

# %% [markdown]
# ## 4. Many-to-many, many-to-one, one-to-many, encoder-decoder
#
# One recurrent layer covers all four set-ups; what changes is what you take out of it
# (batch of 8 sequences, 10 steps, 5 features, 4 units):
# - **many-to-many** (a tag per word): `return_sequences=True` gives every $h_t$;
# - **many-to-one** (a label per text): the default gives only the last $h_T$;
# - `return_state=True` also returns the final state (for an LSTM, both $h$ and $c$);
# - **one-to-many** (e.g. a caption from one image vector): the simplest Keras form feeds the same input at
#   every step (`RepeatVector`, below); a generator instead feeds each output back in as the next input
#   (notebook 08 does that, one step at a time);
# - **encoder-decoder**: the encoder's final state is the decoder's initial state.

# %%
batch, steps, features, units = 8, 10, 5, 4
inputs = np.random.default_rng(0).normal(size=(batch, steps, features)).astype("float32")

many_to_many = keras.layers.SimpleRNN(units, return_sequences=True)(inputs)
many_to_one = keras.layers.SimpleRNN(units)(inputs)
last_output, last_state = keras.layers.SimpleRNN(units, return_state=True)(inputs)
lstm_output, lstm_h, lstm_c = keras.layers.LSTM(units, return_state=True)(inputs)
one_to_many = keras.layers.SimpleRNN(units, return_sequences=True)(
    keras.layers.RepeatVector(steps)(inputs[:, 0]))
_, encoder_state = keras.layers.SimpleRNN(units, return_state=True)(inputs)
decoder_inputs = inputs[:, :6]                       # e.g. the shifted target sentence
decoded = keras.layers.SimpleRNN(units, return_sequences=True)(decoder_inputs, initial_state=[encoder_state])

output_shapes = {"many-to-many (return_sequences=True)": many_to_many.shape,
                 "many-to-one (default)": many_to_one.shape,
                 "return_state=True: output, state": (last_output.shape, last_state.shape),
                 "LSTM return_state=True: output, h, c": (lstm_output.shape, lstm_h.shape, lstm_c.shape),
                 "one-to-many (RepeatVector)": one_to_many.shape,
                 "encoder-decoder: decoder outputs": decoded.shape}
cu.print_table([(k, str(tuple(v) if hasattr(v, "rank") else tuple(tuple(t) for t in v)))
                for k, v in output_shapes.items()], ["set-up", "shape"])
assert many_to_many.shape == (batch, steps, units) and many_to_one.shape == (batch, units), \
    "return_sequences=True: every h_t; the default: only h_T"
assert np.allclose(last_output, last_state), "for a SimpleRNN the output is the state"
assert one_to_many.shape == (batch, steps, units) and decoded.shape == (batch, 6, units), \
    "one output per step: 10 for one-to-many, 6 for the decoder"

# %% [markdown]
# **The lecture's applications, by set-up.** Lecture 002 lists tasks that RNNs do; each is one of the set-ups
# above. The last column names the notebook of this kit that trains one.
#
# | application | input → output | set-up | trained in |
# |---|---|---|---|
# | sentiment, or another label of a text | words → one label | many-to-one | 06 (comments to accept or reject), 07 (the same, and tweets in four sentiment classes) |
# | video activity recognition | frames → one label | many-to-one | — |
# | named-entity recognition | words → one tag per word | many-to-many | 05 (and the tagger of this notebook) |
# | DNA sequence analysis (marking a region) | nucleotides → one label per nucleotide | many-to-many | — |
# | time series forecasting | measurements → the next value | many-to-one, or many-to-many with a forecast at every step | — |
# | machine translation | words → words, in another number and order | encoder-decoder | 09 (a made-up language that reorders the words) |
# | question answering | a question → its answer | encoder-decoder | — |
# | speech recognition | acoustic frames → far fewer words | encoder-decoder, or a symbol or blank per frame, collapsed afterwards (CTC) | — |
# | music generation | a start (a few notes, or nothing) → notes | one-to-many | — |
# | image captioning | one image vector → words | one-to-many | — |
# | text generation | a start → words, each fed back in | one-to-many | 08 (a language model) |

# %% [markdown]
# ## 5. Backpropagation through time
#
# Unrolled, the RNN is a deep feed-forward network whose layers share weights, so the gradient of a
# shared matrix is the **sum over time steps**. Going backwards from the last word, with
# $a_t = W^{(h)} h_{t-1} + W^{(e)} e_t + b$:
#
# $$ \frac{\partial L}{\partial h_t} = \underbrace{W^{(o)\top}(o_t - y_t)}_{\text{from the output at } t}
#    + \underbrace{W^{(h)\top} \frac{\partial L}{\partial a_{t+1}}}_{\text{from the future}}, \qquad
#    \frac{\partial L}{\partial a_t} = (1 - h_t^2) \odot \frac{\partial L}{\partial h_t} $$
#
# $$ \frac{\partial L}{\partial W^{(h)}} = \sum_t \frac{\partial L}{\partial a_t} h_{t-1}^\top, \qquad
#    \frac{\partial L}{\partial W^{(e)}} = \sum_t \frac{\partial L}{\partial a_t} e_t^\top, \qquad
#    \frac{\partial L}{\partial b} = \sum_t \frac{\partial L}{\partial a_t} $$
#
# The loop below is this recursion (and equals the tested `cu.numpy_rnn.simple_rnn_backward`). We compare
# it with `tf.GradientTape` on the summed cross-entropy of up to three test sentences without padding, using float64 copies of the trained layers so that
# the comparison measures the algorithm, not float32 rounding: the tolerance, a relative error of
# $10^{-10}$, is far above float64's rounding (about $10^{-15}$ here) and far below float32's ($10^{-7}$ or
# more), so a wrong term in the recursion could not hide in it.

# %%
full = [i for i in range(len(x_test)) if (x_test[i] != 0).all()][:3]
e_batch, y_batch = embedded[full].astype("float64"), y_test[full]   # no padding: all positions count

rnn64 = keras.layers.SimpleRNN(CONFIG["units"], return_sequences=True, dtype="float64")
out64 = keras.layers.Dense(len(TAGS), activation="softmax", dtype="float64")
rnn64.build((None, None, CONFIG["embedding_dim"]))
out64.build((None, CONFIG["units"]))
rnn64.set_weights(rnn.get_weights())
out64.set_weights(rnn_tagger.get_layer("W_o").get_weights())

with tf.GradientTape() as tape:
    probabilities = out64(rnn64(tf.constant(e_batch)))
    loss = tf.reduce_sum(keras.losses.sparse_categorical_crossentropy(y_batch, probabilities))
tape_grads = [np.asarray(g) for g in tape.gradient(loss, rnn64.trainable_variables)]

W_o_kernel, b_o = (w.astype("float64") for w in out64.get_weights())
W_e64, W_h64 = (w.T for w in rnn64.get_weights()[:2])             # kernel, recurrent_kernel
states = numpy_rnn.simple_rnn(e_batch, rnn64.get_weights())               # (batch, time, units)
logits = states @ W_o_kernel + b_o
o = np.exp(logits - logits.max(-1, keepdims=True))
o /= o.sum(-1, keepdims=True)
dL_dh_output = (o - np.eye(len(TAGS))[y_batch]) @ W_o_kernel.T            # W(o)^T (o_t - y_t), as rows

# BPTT, the recursion above, from the last word back to the first (states as columns, units x batch)
dW_h, dW_e, db = np.zeros_like(W_h64), np.zeros_like(W_e64), np.zeros(len(W_h64))
from_future = np.zeros((len(W_h64), len(e_batch)))                           # W(h)^T dL/da_{t+1}
for t in reversed(range(e_batch.shape[1])):
    dL_dh = dL_dh_output[:, t].T + from_future
    dL_da = (1 - states[:, t].T ** 2) * dL_dh                                # through the tanh
    h_previous = states[:, t - 1].T if t > 0 else np.zeros_like(dL_da)
    dW_h += dL_da @ h_previous.T
    dW_e += dL_da @ e_batch[:, t]
    db += dL_da.sum(axis=1)
    from_future = W_h64.T @ dL_da
numpy_grads = [dW_e.T, dW_h.T, db]                                           # in Keras' layout
library_grads, _ = numpy_rnn.simple_rnn_backward(e_batch, rnn64.get_weights(), dL_dh_output)
assert all(np.allclose(ours, theirs) for ours, theirs in zip(numpy_grads, library_grads)), \
    "the loop equals cu.numpy_rnn.simple_rnn_backward"

relative_errors = {name: float(np.abs(ours - theirs).max() / np.abs(theirs).max())
                   for name, ours, theirs in zip(["W(e)", "W(h)", "b"], numpy_grads, tape_grads)}
print("hand-written BPTT equals GradientTape (relative error <= 1e-10):",
      all(err <= 1e-10 for err in relative_errors.values()))
assert all(err <= 1e-10 for err in relative_errors.values()), "hand-written BPTT equals GradientTape"

# %% tags=["nbval-ignore-output"]
print({name: f"{err:.1e}" for name, err in relative_errors.items()})
assert max(relative_errors.values()) <= 1e-10, "hand-written BPTT equals GradientTape, to float64 rounding"

# %% [markdown]
# **The fourth step: the update.** Backpropagation is four steps: the forward pass, the loss, the gradients (the sums
# over time above) and the update of the weights. The update comes once, after the whole backward pass over
# the whole mini-batch, with the summed gradients: for plain gradient descent $W \leftarrow W - \eta\, \partial L/\partial W$
# for every matrix at once. Written out with the hand-made gradients and compared with Keras' `SGD` given
# `GradientTape`'s, on the float64 layer above:

# %%
learning_rate = 0.125                                        # a power of 2: exact in the optimizer's float32
before = rnn64.get_weights()                                                 # kernel, recurrent_kernel, bias
updated_by_hand = [w - learning_rate * g for w, g in zip(before, numpy_grads)]
sgd = keras.optimizers.SGD(learning_rate)
sgd.apply(tape_grads, rnn64.trainable_variables)                              # one call: one update
update_checks = {"W <- W - eta dL/dW by hand equals keras.optimizers.SGD (every matrix)": all(
                     np.allclose(ours, theirs, rtol=1e-10, atol=1e-12) for ours, theirs in zip(updated_by_hand, rnn64.get_weights())),
                 f"updates after the backward pass over {e_batch.shape[1]} steps of {len(e_batch)} sentences": int(sgd.iterations)}
for fact, value in update_checks.items():
    print(f"{fact}: {value}")
rnn64.set_weights(before)
assert update_checks[list(update_checks)[0]] and int(sgd.iterations) == 1, "one update, W - eta dL/dW, after the backward pass"

# %% [markdown]
# **Truncated BPTT.** A long text (a book, or every sentence of a corpus one after the other) is cut into
# chunks of $k$ steps. The forward pass carries the state from chunk to chunk (in Keras: the next chunk's
# `initial_state` is the last state of the previous one), so the model reads the text as one sequence; the
# backward pass stops at the start of each chunk, so an update costs $k$ steps, not the whole text, and the
# weights are updated after every chunk. What it costs: no gradient links a target to an input of an earlier
# chunk. Both facts, checked exactly on a `SimpleRNN`:

# %%
steps_rng = np.random.default_rng(1)
stream = tf.constant(steps_rng.normal(size=(2, 12, CONFIG["embedding_dim"])).astype("float32"))   # 12 steps, chunks of k = 4
k, chunk_rnn = 4, keras.layers.SimpleRNN(CONFIG["units"], return_sequences=True, return_state=True)
whole, _ = chunk_rnn(stream)
h, pieces = tf.zeros((2, CONFIG["units"])), []
for start in range(0, 12, k):
    piece, h = chunk_rnn(stream[:, start:start + k], initial_state=h)
    pieces.append(piece)
print("chunk by chunk with initial_state = one pass over the whole stream:", np.allclose(np.concatenate(pieces, 1), whole, atol=1e-5))

with tf.GradientTape(persistent=True) as tape:
    tape.watch(stream)
    _, h_first = chunk_rnn(stream[:, :k])
    outputs = {"truncated": tf.reduce_sum(chunk_rnn(stream[:, k:2 * k], initial_state=tf.stop_gradient(h_first))[0][:, -1]),
               "full": tf.reduce_sum(chunk_rnn(stream[:, :2 * k])[0][:, -1])}     # h_8 with TBPTT's cut, and without
reach = {name: np.abs(tape.gradient(out, stream)).sum(axis=(0, 2))[:2 * k] for name, out in outputs.items()}
cu.print_table([(name, *(f"{'0' if g == 0 else 'not 0'}" for g in grads)) for name, grads in reach.items()],
               ["d h_8 / d e_t, for t =", *range(1, 2 * k + 1)])
assert np.allclose(np.concatenate(pieces, 1), whole, atol=1e-5), "the state is carried: the forward pass is unchanged"
assert (reach["truncated"][:k] == 0).all() and (reach["truncated"][k:] > 0).all() and (reach["full"] > 0).all(), \
    "truncation cuts every gradient path into the earlier chunk"

# %% [markdown]
# **When the chunk is shorter than the dependency.** A stream of random symbols (4 kinds), and at every step
# the target is the symbol **4 steps back**. Trained with truncated BPTT and chunks of $k = 2$, no target has its
# source in its own chunk: only the read-out of whatever the state happens to carry can be learned. With
# $k = 8$, half the targets have it, the weights learn to keep a symbol for 4 steps, and the carried state then
# serves the other half too. The state carried to the next chunk comes from a second forward pass over the chunk with the just-updated
# weights (`reader`), a small departure from carrying the training pass's own state. Both get 20 passes over 128
# streams of 48 steps; accuracy on 500 new streams (chance 0.25):

# %%
DELAY, SYMBOLS, LENGTH = 4, 4, 48


def delayed_copy(n, seed):
    """Random symbols; the target at step t is the symbol at t - DELAY (the first DELAY steps have no target)."""
    x = np.random.default_rng(seed).integers(0, SYMBOLS, size=(n, LENGTH))
    y = np.concatenate([np.zeros((n, DELAY), int), x[:, :-DELAY]], axis=1)
    weight = np.concatenate([np.zeros((n, DELAY)), np.ones((n, LENGTH - DELAY))], axis=1).astype("float32")
    return x, y, weight


(x_copy, y_copy, w_copy), (x_copy_test, y_copy_test, w_copy_test) = delayed_copy(128, 1), delayed_copy(500, 2)


def train_truncated(k, passes=20, units=32):
    """Truncated BPTT: a gradient step per chunk of k steps, the state carried to the next chunk."""
    cu.runtime.reseed(f"truncated BPTT, k = {k}")
    symbols, h0 = keras.Input(shape=(None,), dtype="int32"), keras.Input(shape=(units,))
    states, h_last = keras.layers.GRU(units, return_sequences=True, return_state=True)(
        keras.layers.Embedding(SYMBOLS, 8)(symbols), initial_state=h0)
    logits = keras.layers.Dense(SYMBOLS)(states)
    trained, reader = keras.Model([symbols, h0], logits), keras.Model([symbols, h0], [logits, h_last])
    trained.compile(optimizer=keras.optimizers.Adam(0.01), loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    for _ in range(passes):
        h = np.zeros((len(x_copy), units), "float32")
        for start in range(0, LENGTH, k):
            chunk = slice(start, start + k)
            trained.train_on_batch([x_copy[:, chunk], h], y_copy[:, chunk], sample_weight=w_copy[:, chunk])
            h = keras.ops.convert_to_numpy(reader.predict_on_batch([x_copy[:, chunk], h])[1])   # carried, no gradient
    guesses = reader.predict_on_batch([x_copy_test, np.zeros((len(x_copy_test), units), "float32")])[0].argmax(-1)
    return float(((guesses == y_copy_test) * w_copy_test).sum() / w_copy_test.sum())


copy_accuracy = {k: train_truncated(k) for k in (2, 8)}

# %% tags=["nbval-ignore-output"]
cu.print_table([(k, acc) for k, acc in copy_accuracy.items()], ["chunk length k", "accuracy, symbol 4 steps back"])
assert claim.at_most("the accuracy with chunks of 2, shorter than the delay", copy_accuracy[2], 0.5)
assert claim.at_least("the accuracy with chunks of 8", copy_accuracy[8], 0.7)


# %% [markdown]
# Language models are trained this way on long texts (notebook 08 trains on whole sentences instead): the chunk
# length bounds the dependencies the weights can learn directly, not how far the state can carry information.

# %% [markdown]
# ## 6. Vanishing and exploding gradients
#
# How much does $h_0$ still influence $h_t$? By the chain rule,
#
# $$ \frac{\partial h_t}{\partial h_0} = \mathrm{diag}(1 - h_t^2)\, W^{(h)}\; \mathrm{diag}(1 - h_{t-1}^2)\, W^{(h)}
#    \cdots \mathrm{diag}(1 - h_1^2)\, W^{(h)} , $$
#
# the factor for step $t$ on the left and step 1 on the right (matrices do not commute, so the order matters).
#
# Without the tanh (a linear RNN) this is $W^{(h)\,t}$, whose size grows like $\rho^t$, where $\rho$ is
# the spectral radius of $W^{(h)}$: below 1 the gradient **vanishes** exponentially, above 1 it
# **explodes**. We take $W^{(h)} = \rho\, Q$ with $Q$ orthogonal, so that every singular value equals $\rho$.
# The tanh's slopes $1 - h_k^2 \le 1$ then only shrink the gradient: each step's factor has a norm of at most
# $\|W^{(h)}\| = \rho$, so the product stays below $\rho^t$, the linear RNN's own norm. That is a property of
# this $W^{(h)}$, not a law: for a general $W^{(h)}$ the sure bound is $\|W^{(h)}\|^t$ (its largest singular
# value), and the linear product $W^{(h)\,t}$ can shrink faster than that, so the slopes, which rescale
# directions unevenly, need not leave it smaller.

# %%
def jacobian_norms(W_h, inputs, activation):
    """Spectral norm of dh_t/dh_0 for t = 1..T along one trajectory driven by `inputs`."""
    h, jacobian, norms = np.zeros(len(W_h)), np.eye(len(W_h)), []
    for u in inputs:
        h = activation(W_h @ h + u)
        slope = 1 - h ** 2 if activation is np.tanh else np.ones_like(h)
        jacobian = (slope[:, None] * W_h) @ jacobian
        norms.append(np.linalg.norm(jacobian, 2))
    return np.array(norms)


rng = np.random.default_rng(0)
Q, _ = np.linalg.qr(rng.normal(size=(32, 32)))
drive = rng.normal(0, 0.3, size=(60, 32))
identity = lambda a: a  # noqa: E731
norms = {(rho, name): jacobian_norms(rho * Q, drive, f)
         for rho in (0.9, 1.0, 1.1) for name, f in (("linear", identity), ("tanh", np.tanh))}

fig, ax = plt.subplots(figsize=(7, 4))
for (rho, name), values in norms.items():
    ax.semilogy(range(1, 61), values, linestyle="-" if name == "linear" else "--",
                color={0.9: "tab:blue", 1.0: "tab:green", 1.1: "tab:red"}[rho], label=f"ρ={rho}, {name}")
ax.set(xlabel="t", ylabel="‖∂h_t/∂h_0‖", title="gradient reaching back t steps")
ax.legend(ncol=2)
plt.show()

at_50 = {key: values[49] for key, values in norms.items()}
cu.print_table([(str(rho), name, f"{at_50[(rho, name)]:.3g}") for rho, name in norms],
               ["rho", "activation", "norm at t=50"])
assert at_50[(0.9, "linear")] < 0.01 and at_50[(1.1, "linear")] > 100, "0.9^50 vanishes, 1.1^50 explodes"
assert abs(at_50[(1.0, "linear")] - 1) < 1e-6, "an orthogonal W(h) keeps the norm at 1"
assert all(at_50[(rho, "tanh")] <= at_50[(rho, "linear")] + 1e-9 for rho in (0.9, 1.0, 1.1)), \
    "with W(h) = rho Q, the tanh only shrinks the gradient"

# %% [markdown]
# **Why tanh, and where it hurts.** $\tanh$ is a rescaled sigmoid, $\tanh(a) = 2\sigma(2a) - 1$: bounded in $(-1, 1)$
# like $\sigma$ in $(0, 1)$, but centred on 0, and four times as steep at 0 ($\tanh'(0) = 1$, $\sigma'(0) = 1/4$). Its
# slope is $\tanh'(a) = 1 - \tanh^2(a)$, the factor $1 - h_t^2$ of BPTT and of the Jacobians above, so it needs
# no extra storage: the state itself gives it. Where $|a|$ is large the unit **saturates**: $h_t \approx \pm 1$,
# the slope is near 0, and every gradient through that step shrinks with it:

# %%
a = np.linspace(-6, 6, 1201)
sigmoid = numpy_rnn.sigmoid
slope = np.gradient(np.tanh(a), a)                                            # numerically
tanh_facts = {"tanh(a) = 2 sigmoid(2a) - 1": bool(np.allclose(np.tanh(a), 2 * sigmoid(2 * a) - 1)),
              "tanh'(a) = 1 - tanh(a)^2": bool(np.allclose(slope[1:-1], 1 - np.tanh(a[1:-1]) ** 2, atol=1e-4))}
for fact, holds in tanh_facts.items():
    print(f"{fact}: {holds}")
cu.print_table([(f"{x:g}", np.tanh(x), 1 - np.tanh(x) ** 2, sigmoid(x), sigmoid(x) * (1 - sigmoid(x)))
                for x in (0.0, 1.0, 3.0, 6.0)], ["a", "tanh", "tanh'", "sigmoid", "sigmoid'"])
assert all(tanh_facts.values()), "tanh is a rescaled sigmoid, and its slope is 1 - tanh^2"

# %% [markdown]
# **Why Keras initialises `recurrent_kernel` orthogonally.** An orthogonal matrix has every singular value
# equal to 1 ($\rho = 1$, the green line): at the start of training the linear part of the recurrence
# neither shrinks nor blows up the gradient, however many steps it crosses.

# %%
fresh = keras.layers.SimpleRNN(32)
fresh.build((None, None, 8))
R = fresh.get_weights()[1]
singular_values = np.linalg.svd(R, compute_uv=False)
cu.print_metrics(smallest_singular_value=float(singular_values.min()),
                 largest_singular_value=float(singular_values.max()))
assert np.allclose(R.T @ R, np.eye(32), atol=1e-5), "Keras' recurrent_kernel starts orthogonal"

# %% [markdown]
# **The gated cells' recurrent kernels.** A GRU keeps its three recurrent matrices side by side in one
# `recurrent_kernel` ($u \times 3u$), an LSTM its four ($u \times 4u$), and Keras initialises that whole
# concatenation orthogonally, as the lecture says: its $u$ rows are orthonormal. A single gate's $u \times u$ block
# is then not orthogonal (a block of a matrix with orthonormal rows has its singular values at most 1, and
# not all equal to 1), so "orthogonal" holds for the gates together, not for each gate's $W$:

# %%
side_by_side = {}
for name, layer in (("GRU", keras.layers.GRU(32)), ("LSTM", keras.layers.LSTM(32))):
    layer.build((None, None, 8))
    R = layer.get_weights()[1]                                      # (32, 96) or (32, 128): the gates side by side
    blocks = np.split(R, R.shape[1] // 32, axis=1)                  # one 32 x 32 block per gate
    side_by_side[name] = (R.shape, bool(np.allclose(R @ R.T, np.eye(32), atol=1e-5)),
                          sum(bool(np.allclose(B.T @ B, np.eye(32), atol=1e-2)) for B in blocks), len(blocks))
cu.print_table([(name, shape, rows, f"{orthogonal} of {n}") for name, (shape, rows, orthogonal, n) in side_by_side.items()],
               ["layer", "recurrent_kernel", "rows orthonormal", "gate blocks orthogonal"])
assert all(rows and orthogonal == 0 for _, rows, orthogonal, _ in side_by_side.values()), \
    "Keras makes the concatenation orthogonal, not each gate's block"

# %% [markdown]
# **Gradient clipping.** Vanishing gradients need a better cell (notebook 03). Exploding ones have a
# simple cure: if the gradient's norm exceeds a threshold, scale it down to that norm
# (`clipnorm=` in any Keras optimizer). Below, a linear RNN with $\rho = 1.05$ reads 50 steps
# ($1.05^{50} \approx 11$ at every one of many paths back); the target depends on the first five steps.
# Plain SGD overflows to `nan` within the first epoch; the same run with `clipnorm=1.0` descends.

# %%
Q16, _ = np.linalg.qr(np.random.default_rng(0).normal(size=(16, 16)))


def exploding_rnn(rho=1.05):
    keras.utils.set_random_seed(cu.runtime.SEED)   # both runs start from the same weights
    model = keras.Sequential([keras.Input((50, 4)),
                              keras.layers.SimpleRNN(16, activation=None, name="rnn"),
                              keras.layers.Dense(1)])
    k, _, b = model.get_layer("rnn").get_weights()
    model.get_layer("rnn").set_weights([k, rho * Q16, b])    # every singular value = rho
    return model


xs = np.random.default_rng(1).normal(size=(256, 50, 4)).astype("float32")
ys = xs[:, :5, 0].sum(axis=1, keepdims=True)

model = exploding_rnn()
with tf.GradientTape() as tape:
    mse = tf.reduce_mean(keras.losses.mean_squared_error(ys, model(xs)))
first_grad_norm = float(tf.linalg.global_norm(tape.gradient(mse, model.trainable_variables)))

losses = {}
for clip in (None, 1.0):
    model = exploding_rnn()
    model.compile(optimizer=keras.optimizers.SGD(0.01, clipnorm=clip), loss="mse")
    losses[clip] = model.fit(xs, ys, batch_size=32, epochs=3, verbose=0).history["loss"]

# %% tags=["nbval-ignore-output"]
cu.print_metrics(gradient_norm_at_start=f"{first_grad_norm:.2g}",
                 losses_without_clipping=[f"{v:.3g}" for v in losses[None]],
                 losses_with_clipnorm_1=[f"{v:.3g}" for v in losses[1.0]])
assert claim.at_least("the gradient norm at the start", first_grad_norm, 1000)
assert claim.holds("plain SGD diverges in the first epoch", not np.isfinite(losses[None][0]))
assert claim.at_most("the last loss with clipnorm=1.0 over its first",
                     losses[1.0][-1] / losses[1.0][0], 0.2)  # descends

# %% [markdown]
# ## Check your understanding
#
# 1. With $d_e = 16$ and $d_h = 32$, what are the shapes of $W^{(e)}$, $W^{(h)}$ and $W_a$? (Asserted above.)
# 2. Why is $\partial L / \partial W^{(h)}$ a *sum* over time steps?
# 3. A SimpleRNN layer with `return_sequences=False` after the embedding: what shape does it output, and
#    which set-up is that?

# %% [markdown]
# ## What to try
#
# Put a change into `CHANGES` (in the CONFIG cell, at the top) and run the whole notebook again. A claim that
# no longer holds then prints one line, "with your settings ... is ...; with the notebook's it is at least ...",
# and the notebook goes on.
#
# - `CHANGES = dict(extra_adjectives=1)` puts one more adjective between every trigger and its name (so some
#   names now have two), and `CHANGES = dict(extra_adjectives=3)` three: the lag grows. Does the simple RNN
#   still carry the trigger to the name?
# - `CHANGES = dict(units=4)`: does the tagger still reach the ceiling?

# %% [markdown]
# ## Summary
# - A simple RNN applies one cell, $h_t = \tanh(W^{(h)} h_{t-1} + W^{(e)} e_t + b)$, at every step; the
#   NumPy loop equals Keras' `SimpleRNN`, whose weights are the transposes of the slide matrices.
# - `return_sequences` and `return_state` select many-to-many, many-to-one and the states that connect
#   an encoder to a decoder.
# - BPTT sums each shared matrix's gradient over time steps.
# - The gradient across $t$ steps scales like $\rho^t$: it vanishes for $\rho < 1$ and explodes for
#   $\rho > 1$. Orthogonal initialisation starts at $\rho = 1$; clipping tames explosions; the gated cells
#   of notebook 03 fight vanishing.

"""Dimension tables of the lecture's RNN models, in slide and in Keras convention.

`table(spec)` lists every matrix and vector of a model described by `ModelSpec`:
its slide shape (column vectors, W is out x in, E is d x |V|) next to the Keras
weight that holds it (kernels are in x out; GRU/LSTM gates sit side by side in
one kernel). `build(spec)` builds the same model in Keras with the layer names
the table refers to, and `verify(rows, model)` checks every row against the
real weights and layer outputs. `char_cnn_encoder` and `regularisation_layers` build the
models of exercises 11.1 and 10.1, which are not of the `ModelSpec` family.
"""
import dataclasses

import numpy as np

from .notation import GATES, matrix_names, slide_shape

DIRECTIONS = {False: ("",), True: ("→", "←")}


@dataclasses.dataclass(frozen=True)
class ModelSpec:
    """The lecture's models: embeddings -> (stacked, bi-)RNN -> a head.

    head: "token" (softmax per word, e.g. NER), "max_pool" (text classification
    with global max pooling) or "attention" (deep self-attention MLP with hidden
    sizes `attention`, then softmax over classes, or, with `num_labels`, one
    attention head and one sigmoid output per label).
    """

    vocab_size: int
    embedding_dim: int
    units: int
    num_classes: int = 2
    cell: str = "simple_rnn"
    layers: int = 1
    bidirectional: bool = False
    reset_after: bool = True
    head: str = "token"
    attention: tuple = ()
    num_labels: int = 0

    def __post_init__(self):
        if self.cell not in GATES:
            raise ValueError(f"cell must be one of {sorted(GATES)}, got {self.cell!r}")
        if self.head not in ("token", "max_pool", "attention"):
            raise ValueError(f"head must be 'token', 'max_pool' or 'attention', got {self.head!r}")
        if self.num_labels and self.head != "attention":
            raise ValueError("num_labels (multi-label) needs head='attention'")

    @property
    def state_size(self):
        """Size of the vector h_i that the head sees (both directions concatenated)."""
        return self.units * (2 if self.bidirectional else 1)


@dataclasses.dataclass(frozen=True)
class Row:
    symbol: str          # slide name, e.g. "W(z) [2 →]"
    slide: tuple         # slide shape (rows, cols)
    meaning: str         # what the dimensions are
    keras: str           # where Keras keeps it
    keras_shape: tuple   # shape of that Keras weight (or of the layer output per position)
    source: tuple        # ("weight", layer, index, selection), ("output", layer): a vector per
                         # position, ("output_each", layer): one number per label, or
                         # ("sublayer_output", layer, k): the k-th Dense inside `layer` (the attention MLP)


def _block(width, position):
    return slice(position * width, (position + 1) * width)


def _fmt_slice(selection):
    parts = []
    for s in selection:
        if isinstance(s, slice):
            parts.append(":" if s.start is None else f"{s.start}:{s.stop}")
        else:
            parts.append(str(s))
    return "[" + ", ".join(parts) + "]" if selection else ""


def _rnn_rows(spec, m, inputs):
    rows, u, gates = [], spec.units, GATES[spec.cell]
    layer = f"rnn_{m}"
    for d, direction in enumerate(DIRECTIONS[spec.bidirectional]):
        tag = f"[{m}{' ' + direction if direction else ''}]"
        where = f"{layer}{'.forward' if direction == '→' else '.backward' if direction == '←' else ''}"
        base = 3 * d  # Bidirectional: forward weights first, then backward
        for g, gate in enumerate(gates):
            block = _block(u, g)
            state, word = (f"{n[0]}({n[2:]})" for n in matrix_names(spec.cell, gate))   # W on h, U on e
            b = f"b({gate})" if gate else "b"
            kernel_sel, rec_sel = (slice(None), block), (slice(None), block)
            rows += [
                Row(f"{word} {tag}", (u, inputs), f"units x inputs ({u} x {inputs})",
                    f"{where}.kernel{_fmt_slice(kernel_sel)}", (inputs, len(gates) * u),
                    ("weight", layer, base, kernel_sel)),
                Row(f"{state} {tag}", (u, u), f"units x units ({u} x {u})",
                    f"{where}.recurrent_kernel{_fmt_slice(rec_sel)}", (u, len(gates) * u),
                    ("weight", layer, base + 1, rec_sel)),
            ]
            if spec.cell == "gru" and spec.reset_after:
                rows += [Row(f"{b} {tag}", (u, 1), "units", f"{where}.bias{_fmt_slice((0, block))}",
                             (2, 3 * u), ("weight", layer, base + 2, (0, block))),
                         Row(f"{b}rec {tag}", (u, 1), "units (reset_after's recurrent bias)",
                             f"{where}.bias{_fmt_slice((1, block))}", (2, 3 * u),
                             ("weight", layer, base + 2, (1, block)))]
            else:
                rows.append(Row(f"{b} {tag}", (u, 1), "units", f"{where}.bias{_fmt_slice((block,))}",
                                (len(gates) * u,), ("weight", layer, base + 2, (block,))))
    rows.append(Row(f"h_i [{m}]", (spec.state_size, 1),
                    "units x directions" if spec.bidirectional else "units",
                    f"output of {layer}, per word", (spec.state_size,), ("output", layer)))
    return rows


def table(spec):
    """Every matrix and vector of the model, in order, as a list of `Row`."""
    V, d, H = spec.vocab_size, spec.embedding_dim, spec.state_size
    rows = [Row("E", (d, V), "embedding x vocabulary", "embedding.embeddings", (V, d),
                ("weight", "embedding", 0, (slice(None), slice(None)))),
            Row("e_i", (d, 1), "embedding", "output of embedding, per word", (d,),
                ("output", "embedding"))]
    inputs = d
    for m in range(1, spec.layers + 1):
        rows += _rnn_rows(spec, m, inputs)
        inputs = H
    C = spec.num_classes
    if spec.head == "token":
        rows += _dense_rows("W(o)", "b(o)", "output", C, H, "classes x state")
        rows.append(Row("o_i", (C, 1), "classes (softmax per word)", "output of output, per word",
                        (C,), ("output", "output")))
        return rows
    if spec.head == "max_pool":
        rows.append(Row("h_max", (H, 1), "state (max over the words)", "output of max_pool", (H,),
                        ("output", "max_pool")))
    else:  # cu.layers.SelfAttention / MultiLabelSelfAttention: Dense layers hidden_1.., then score
        previous = H
        sizes = list(spec.attention) + [spec.num_labels or 1]
        for k, n in enumerate(sizes, start=1):
            last = k == len(sizes)
            dense = "score" if last else f"hidden_{k}"
            rows += [Row(f"W({k})", (n, previous), ("labels" if last and spec.num_labels else "units")
                         + f" x previous layer ({n} x {previous})", f"attention.{dense}.kernel", (previous, n),
                         ("weight", "attention", 2 * (k - 1), (slice(None), slice(None)))),
                     Row(f"b({k})", (n, 1), "outputs", f"attention.{dense}.bias", (n,),
                         ("weight", "attention", 2 * k - 1, (slice(None),))),
                     Row("score_i" if last else f"a_i({k})", (n, 1),
                         "one score per label" if last and spec.num_labels else "one score" if last else "units",
                         f"output of attention.{dense}, per word", (n,), ("sublayer_output", "attention", k - 1))]
            previous = n
        rows.append(Row("h_sum,c" if spec.num_labels else "h_sum", (H, 1),
                        "state (weighted sum over the words)" + (", one per label" if spec.num_labels else ""),
                        "output of attention" + (", per label" if spec.num_labels else ""), (H,),
                        ("output", "attention")))
    if spec.num_labels:
        L = spec.num_labels
        rows += [Row("w_c (each label c)", (H, 1), "state x 1 (a column: p_c = sigmoid(w_c^T h_sum,c + b_c))",
                     "output.kernel[:, c]", (H, L), ("weight", "output", 0, (slice(None), 0))),
                 Row("b_c (each label c)", (1, 1), "1", "output.bias[c:c+1]", (L,),
                     ("weight", "output", 1, (slice(0, 1),))),
                 Row("p_c (each label c)", (1, 1), "probability (sigmoid)", "output of output, per label",
                     (L,), ("output_each", "output"))]
    else:
        rows += _dense_rows("W(o)", "b(o)", "output", C, H, "classes x state")
        rows.append(Row("p", (C, 1), "classes (softmax)", "output of output", (C,), ("output", "output")))
    return rows


def _dense_rows(W, b, layer, out, inp, meaning):
    return [Row(W, (out, inp), f"{meaning} ({out} x {inp})", f"{layer}.kernel", (inp, out),
                ("weight", layer, 0, (slice(None), slice(None)))),
            Row(b, (out, 1), "outputs", f"{layer}.bias", (out,), ("weight", layer, 1, (slice(None),)))]


def build(spec):
    """The Keras model that `table(spec)` describes, with the layer names it uses.

    The heads are the course's own mask-aware layers, the ones notebooks 06-07 train.
    """
    import keras

    from .layers import MaskedGlobalMaxPooling1D, MultiLabelSelfAttention, SelfAttention

    cells = {"simple_rnn": keras.layers.SimpleRNN, "gru": keras.layers.GRU, "lstm": keras.layers.LSTM}
    options = {"reset_after": spec.reset_after} if spec.cell == "gru" else {}
    ids = keras.Input(shape=(None,), dtype="int32", name="word_ids")
    x = keras.layers.Embedding(spec.vocab_size, spec.embedding_dim, mask_zero=True, name="embedding")(ids)
    for m in range(1, spec.layers + 1):
        rnn = cells[spec.cell](spec.units, return_sequences=True, name=f"rnn_{m}", **options)
        x = (keras.layers.Bidirectional(rnn, name=f"rnn_{m}") if spec.bidirectional else rnn)(x)
    if spec.head == "token":
        out = keras.layers.Dense(spec.num_classes, activation="softmax", name="output")(x)
        return keras.Model(ids, out, name="rnn_tagger")
    if spec.head == "max_pool":
        pooled = MaskedGlobalMaxPooling1D(name="max_pool")(x)
        out = keras.layers.Dense(spec.num_classes, activation="softmax", name="output")(pooled)
        return keras.Model(ids, out, name="rnn_max_pool_classifier")
    if spec.num_labels:  # one attention head and one sigmoid unit per label, each with its own weights
        h_sums = MultiLabelSelfAttention(spec.num_labels, spec.attention, name="attention")(x)  # (batch, labels, H)
        out = keras.layers.EinsumDense("bch,hc->bc", output_shape=(spec.num_labels,), bias_axes="c",
                                       activation="sigmoid", name="output")(h_sums)
    else:
        h_sum = SelfAttention(spec.attention, name="attention")(x)                             # (batch, H)
        out = keras.layers.Dense(spec.num_classes, activation="softmax", name="output")(h_sum)
    return keras.Model(ids, out, name="rnn_self_attention")


def char_cnn_encoder(characters, char_dim, filters, widths, word_length):
    """A character-CNN word encoder (exercise 11.1): character embeddings, one Conv1D per width,
    masked max pooling over the characters, a highway layer."""
    import keras

    from .layers import Highway, MaskedGlobalMaxPooling1D

    ids = keras.Input(shape=(word_length,), dtype="int32", name="char_ids")
    e = keras.layers.Embedding(characters, char_dim, name="char_E")(ids)
    real = keras.ops.not_equal(ids, 0)
    convs = [keras.layers.Conv1D(filters, w, padding="same", activation="tanh", name=f"conv_{w}")(e)
             for w in widths]
    pooled = keras.layers.Concatenate(name="pooled")([MaskedGlobalMaxPooling1D()(c, mask=real) for c in convs])
    return keras.Model(ids, Highway(name="highway")(pooled), name="char_cnn")


def regularisation_layers(highway_dim, units, input_dim, time, batch=None):
    """The layers of exercise 10.1: a highway layer and a layer-normalised LSTM built on inputs of the given
    sizes, variational input dropout (one mask per sentence) and an LSTM with recurrent dropout."""
    import keras

    from .layers import Highway, LayerNormLSTMCell

    highway = Highway(name="highway")
    highway.build((batch, highway_dim))
    ln_lstm = keras.layers.RNN(LayerNormLSTMCell(units), name="ln_lstm")
    ln_lstm.build((batch, time, input_dim))
    return dict(highway=highway, ln_lstm=ln_lstm,
                input_dropout=keras.layers.Dropout(0.5, noise_shape=(None, 1, input_dim), name="variational_inputs"),
                lstm=keras.layers.LSTM(units, recurrent_dropout=0.5, name="lstm"))


def verify(rows, model):
    """Mismatches between the rows and a real Keras model (an empty list means all agree)."""
    problems = []
    for row in rows:
        if row.source[0] == "weight":
            _, layer, index, selection = row.source
            weight = model.get_layer(layer).get_weights()[index]
            if weight.shape != row.keras_shape:
                problems.append(f"{row.symbol}: Keras {row.keras} has shape {weight.shape}, "
                                f"table says {row.keras_shape}")
                continue
            got = slide_shape(weight[selection])
        elif row.source[0] == "sublayer_output":
            got = (_mlp_widths(model.get_layer(row.source[1]))[row.source[2]], 1)
        else:
            width = model.get_layer(row.source[1]).output.shape[-1]
            got = (1, 1) if row.source[0] == "output_each" and width == row.keras_shape[0] else (width, 1)
        if got != row.slide:
            problems.append(f"{row.symbol}: Keras gives slide shape {got}, table says {row.slide}")
    return problems


def _mlp_widths(attention):
    """Output sizes of the attention MLP's Dense layers, from running them on one word of zeros."""
    layers = (*attention.hidden, attention.score)
    x, widths = np.zeros((1, 1, layers[0].kernel.shape[0]), "float32"), []
    for dense in layers:
        x = dense(x)
        widths.append(int(x.shape[-1]))
    return widths


def parameter_count(rows):
    """Parameters implied by the table: every weight entry once (vectors of outputs excluded)."""
    seen, total = set(), 0
    for row in rows:
        if row.source[0] == "weight":
            key = (row.source[1], row.source[2])
            if key not in seen:
                seen.add(key)
                total += int(np.prod(row.keras_shape))
    return total


def print_table(rows):
    """The table as aligned text, slide convention on the left, Keras on the right.

    Long explanations wrap within their column: the table stays under 100 characters, which JupyterLab shows
    unwrapped at 1400 px with the file browser open.
    """
    from .report import print_table as _print

    _print([(r.symbol, str(r.slide), r.meaning, r.keras, str(r.keras_shape)) for r in rows],
           ["slide symbol", "slide shape", "dimensions", "Keras", "Keras shape"],
           wrap={"dimensions": 28, "Keras": 24})


def reveal(result, spec, symbols=None):
    """After a self-check: build the real model, verify the table, and show it once passed.

    The table is the answer key, so it stays hidden until `result.passed`; the
    verification against Keras runs either way. Returns the Keras model.
    """
    rows, model = table(spec), build(spec)
    problems = verify(rows, model)
    if problems:
        raise AssertionError("shape table and Keras model disagree:\n" + "\n".join(problems))
    if not result.passed:
        print("Finish the check above first; then run this cell again to see the real Keras model.")
        return model
    chosen = [r for r in rows if symbols is None or r.symbol in symbols]
    print_table(chosen)
    print(f"Keras model '{model.name}': {model.count_params():,} parameters, "
          f"{parameter_count(rows):,} by the table")
    return model

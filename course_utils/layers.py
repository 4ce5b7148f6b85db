"""Custom Keras layers of the course, written with `keras.ops` only (any backend).

All of them take the mask that `Embedding(mask_zero=True)` propagates, so padded
steps never count, and all of them save to `.keras` and load without
`custom_objects` (they are registered under the package name "course_utils").
They run on the TensorFlow, JAX and PyTorch backends and under mixed precision
(`mixed_float16`: float32 weights, cast to the inputs' dtype where they meet
them, so outputs are in the compute dtype whether traced or run eagerly);
`tests/test_layer_conformance.py` checks every one of them on each backend.
"""
import contextlib

import keras
from keras import ops

# Not exported by Keras, but it is the hook keras.layers.RNN calls before its time loop (for its own cells'
# dropout masks); `_StepRandomness` uses it to draw per-step randomness that JAX's scan accepts.
from keras.src.layers.rnn.dropout_rnn_cell import DropoutRNNCell


def _like(weight, inputs):
    """`weight` in the dtype of `inputs`: float32 weights meet float16 inputs under mixed precision."""
    return ops.cast(weight, inputs.dtype)


def large_negative(dtype):
    """A number far below any score yet finite in `dtype`.

    Not -inf (a fully masked row would give NaN), and not -1e9 in float16, where
    it rounds to -inf and 0 * -inf is NaN (mixed precision).
    """
    return -3e4 if keras.backend.standardize_dtype(dtype) == "float16" else -1e9


def masked_softmax(scores, mask, axis=1):
    """Softmax over `axis` that gives padded positions exactly 0 (and no NaN if all are padded)."""
    if mask is None:
        return ops.softmax(scores, axis=axis)
    mask = ops.cast(mask, scores.dtype)
    while len(mask.shape) < len(scores.shape):
        mask = ops.expand_dims(mask, -1)
    weights = ops.softmax(scores + (1.0 - mask) * large_negative(scores.dtype), axis=axis)
    return weights * mask


class _AttentionMLP(keras.layers.Layer):
    """Shared part: an MLP that scores every word, `outputs` scores per word."""

    def __init__(self, hidden_units=(64,), activation="tanh", outputs=1, **kwargs):
        super().__init__(**kwargs)
        self.hidden_units, self.activation = tuple(hidden_units), keras.activations.get(activation)
        self.hidden = [keras.layers.Dense(n, activation=activation, name=f"hidden_{i + 1}")
                       for i, n in enumerate(self.hidden_units)]
        self.score = keras.layers.Dense(outputs, name="score")
        self.supports_masking = True

    def build(self, input_shape):
        shape = tuple(input_shape)
        for layer in self.hidden:
            layer.build(shape)
            shape = shape[:-1] + (layer.units,)
        self.score.build(shape)

    def _scores(self, inputs):
        x = inputs
        for layer in self.hidden:
            x = layer(x)
        return self.score(x)                                  # (batch, time, outputs)

    def compute_mask(self, inputs, mask=None):
        return None                                           # the time axis is summed away

    def get_config(self):
        return {**super().get_config(), "hidden_units": list(self.hidden_units),
                "activation": keras.activations.serialize(self.activation)}


@keras.saving.register_keras_serializable(package="course_utils")
class SelfAttention(_AttentionMLP):
    """Deep self-attention: h_sum = sum_i a_i h_i with a = softmax over words of MLP(h_i).

    Input (batch, time, features) -> h_sum (batch, features); with
    `return_attention_scores=True` also the weights (batch, time).
    The score layer's bias (the lecture's b(l)) shifts every word's score alike, which
    the softmax ignores: it never gets a gradient, and stays for the lecture's shapes.
    """

    def __init__(self, hidden_units=(64,), activation="tanh", **kwargs):
        super().__init__(hidden_units=hidden_units, activation=activation, outputs=1, **kwargs)

    def call(self, inputs, mask=None, return_attention_scores=False):
        weights = masked_softmax(ops.squeeze(self._scores(inputs), -1), mask, axis=1)   # (batch, time)
        h_sum = ops.einsum("bt,btf->bf", weights, inputs)
        return (h_sum, weights) if return_attention_scores else h_sum


@keras.saving.register_keras_serializable(package="course_utils")
class MultiLabelSelfAttention(_AttentionMLP):
    """One attention distribution per label (exercise 22.4).

    Input (batch, time, features) -> (batch, num_labels, features), one h_sum per
    label; with `return_attention_scores=True` also the weights (batch, time, num_labels).
    """

    def __init__(self, num_labels, hidden_units=(64,), activation="tanh", **kwargs):
        super().__init__(hidden_units=hidden_units, activation=activation, outputs=num_labels, **kwargs)
        self.num_labels = num_labels

    def call(self, inputs, mask=None, return_attention_scores=False):
        weights = masked_softmax(self._scores(inputs), mask, axis=1)                    # (batch, time, labels)
        h_sums = ops.einsum("btl,btf->blf", weights, inputs)
        return (h_sums, weights) if return_attention_scores else h_sums

    def get_config(self):
        return {**super().get_config(), "num_labels": self.num_labels}


@keras.saving.register_keras_serializable(package="course_utils")
class MaskedGlobalMaxPooling1D(keras.layers.Layer):
    """Per-feature max over the real time steps.

    Keras 3's GlobalMaxPooling1D ignores the mask, so padded steps enter the max
    and the result changes with the amount of padding. A fully padded row gives 0.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def call(self, inputs, mask=None):
        if mask is None:
            return ops.max(inputs, axis=1)
        keep = ops.expand_dims(ops.cast(mask, "bool"), -1)
        pooled = ops.max(ops.where(keep, inputs, large_negative(inputs.dtype)), axis=1)
        any_real = ops.any(keep, axis=1)
        return ops.where(any_real, pooled, ops.zeros_like(pooled))

    def compute_mask(self, inputs, mask=None):
        return None


@keras.saving.register_keras_serializable(package="course_utils")
class TiedEmbedding(keras.layers.Layer):
    """One matrix E for both ends of a language model (weight tying, notebook 08).

    Called on integer ids it looks words up, like `Embedding`: (batch, time) ->
    (batch, time, dim). Called on vectors of size `dim` it scores every word of
    the vocabulary with the same matrix: logits = h E^T + b, (batch, time, dim)
    -> (batch, time, vocabulary_size). So W(o) = E (|V| x d on the slides' side)
    costs no parameters beyond the bias. With `mask_zero=True` the lookup marks
    id 0 as padding, as `Embedding` does.
    """

    def __init__(self, vocabulary_size, dim, mask_zero=False, **kwargs):
        super().__init__(**kwargs)
        self.vocabulary_size, self.dim, self.mask_zero = vocabulary_size, dim, mask_zero
        self.supports_masking = True

    def build(self, input_shape):
        self.embeddings = self.add_weight(name="embeddings", shape=(self.vocabulary_size, self.dim),
                                          initializer="uniform")
        self.output_bias = self.add_weight(name="output_bias", shape=(self.vocabulary_size,), initializer="zeros")

    def _is_lookup(self, inputs):
        return "int" in keras.backend.standardize_dtype(inputs.dtype)

    def call(self, inputs):
        if self._is_lookup(inputs):
            return ops.take(self.embeddings, inputs, axis=0)
        return ops.matmul(inputs, ops.transpose(ops.cast(self.embeddings, inputs.dtype))) + ops.cast(
            self.output_bias, inputs.dtype)

    def compute_mask(self, inputs, mask=None):
        if self._is_lookup(inputs):
            return ops.not_equal(inputs, 0) if self.mask_zero else None
        return mask

    def get_config(self):
        return {**super().get_config(), "vocabulary_size": self.vocabulary_size, "dim": self.dim,
                "mask_zero": self.mask_zero}


@keras.saving.register_keras_serializable(package="course_utils")
class EncoderDecoderAttention(keras.layers.Layer):
    """The lecture's table of attention scores between a decoder state s_t and encoder states h_i (notebook 09).

    | score | e_ti | weights (Keras shapes) |
    |---|---|---|
    | "cosine" (Graves 2014) | cos(s_t, h_i) | none; d_s = d_h |
    | "additive" (Bahdanau 2015) | v_a^T tanh(W_a [s_t; h_i]) | W_a (d_s + d_h, units), v_a (units,) |
    | "location" (Luong 2015) | (W_a s_t)_i: the target state alone | W_a (d_s, max_source_length) |
    | "general" (Luong 2015) | s_t^T W_a h_i | W_a (d_s, d_h) |
    | "dot" (Luong 2015) | s_t^T h_i | none; d_s = d_h |
    | "scaled_dot" (Vaswani 2017) | s_t^T h_i / sqrt(d_h) | none; d_s = d_h |

    Call `layer(query, keys, mask=None, return_attention_scores=False)` with
    query (batch, T_target, d_s), keys (batch, T_source, d_h) and mask (batch,
    T_source) true at real source positions (or let `Embedding(mask_zero=True)`
    on the source supply it as `keys_mask`). Returns the contexts z_t = sum_i
    a_ti h_i, (batch, T_target, d_h), and with `return_attention_scores=True`
    also the weights a (batch, T_target, T_source), exactly 0 at padding.
    No biases, as in the table.
    """

    SCORES = ("cosine", "additive", "location", "general", "dot", "scaled_dot")

    def __init__(self, score, units=None, max_source_length=None, **kwargs):
        super().__init__(**kwargs)
        if score not in self.SCORES:
            raise ValueError(f"score must be one of {', '.join(self.SCORES)}, got {score!r}")
        if score == "additive" and not units:
            raise ValueError("the additive score needs units= (the size of W_a's output)")
        if score == "location" and not max_source_length:
            raise ValueError("the location score needs max_source_length= (W_a gives one score per position)")
        self.score, self.units, self.max_source_length = score, units, max_source_length
        self.supports_masking = True

    def build(self, query_shape, keys_shape):
        d_s, d_h = query_shape[-1], keys_shape[-1]
        if self.score in ("cosine", "dot", "scaled_dot") and d_s != d_h:
            raise ValueError(f"the {self.score} score needs states of one size; got d_s={d_s}, d_h={d_h}")
        if self.score == "additive":
            self.W_a = self.add_weight(name="W_a", shape=(d_s + d_h, self.units), initializer="glorot_uniform")
            self.v_a = self.add_weight(name="v_a", shape=(self.units,), initializer="glorot_uniform")
        elif self.score == "general":
            self.W_a = self.add_weight(name="W_a", shape=(d_s, d_h), initializer="glorot_uniform")
        elif self.score == "location":
            self.W_a = self.add_weight(name="W_a", shape=(d_s, self.max_source_length), initializer="glorot_uniform")
        self.d_s = d_s

    def scores(self, query, keys):
        """e (batch, T_target, T_source) before the softmax."""
        if self.score in ("dot", "scaled_dot"):
            e = ops.einsum("btd,bsd->bts", query, keys)
            return e / ops.sqrt(ops.cast(ops.shape(keys)[-1], e.dtype)) if self.score == "scaled_dot" else e
        if self.score == "cosine":
            def unit(x):
                return x / ops.sqrt(ops.sum(ops.square(x), axis=-1, keepdims=True) + 1e-6)
            return ops.einsum("btd,bsd->bts", unit(query), unit(keys))
        W = ops.cast(self.W_a, query.dtype)
        if self.score == "general":
            return ops.einsum("btd,de,bse->bts", query, W, keys)
        if self.score == "location":
            return ops.matmul(query, W)[:, :, : ops.shape(keys)[1]]
        hidden = ops.tanh(ops.expand_dims(ops.matmul(query, W[: self.d_s]), 2)      # W_a [s_t; h_i] =
                          + ops.expand_dims(ops.matmul(keys, W[self.d_s:]), 1))     # W_s s_t + W_h h_i
        return ops.einsum("btsu,u->bts", hidden, ops.cast(self.v_a, query.dtype))

    def call(self, query, keys, mask=None, keys_mask=None, return_attention_scores=False):
        mask = keys_mask if mask is None else mask
        e = self.scores(query, keys)
        weights = masked_softmax(e, None if mask is None else ops.expand_dims(mask, 1), axis=-1)
        context = ops.einsum("bts,bsd->btd", weights, keys)
        return (context, weights) if return_attention_scores else context

    def compute_output_spec(self, query, keys, mask=None, keys_mask=None, return_attention_scores=False):
        context = keras.KerasTensor((*query.shape[:2], keys.shape[-1]), dtype=self.compute_dtype)
        weights = keras.KerasTensor((*query.shape[:2], keys.shape[1]), dtype=self.compute_dtype)
        return (context, weights) if return_attention_scores else context

    def compute_mask(self, inputs, previous_mask=None):
        return None          # the output has the target's length; its padding is the loss's business

    def get_config(self):
        return {**super().get_config(), "score": self.score, "units": self.units,
                "max_source_length": self.max_source_length}


@keras.saving.register_keras_serializable(package="course_utils")
class Highway(keras.layers.Layer):
    """A highway layer (Srivastava et al. 2015): y = T(x) * H(x) + (1 - T(x)) * x (notebooks 10-11).

    H(x) = activation(x W_H + b_H) is an ordinary dense layer; T(x) = sigmoid(x W_T + b_T)
    is the transform gate. With a negative `transform_bias` the gate starts mostly
    closed, so the layer starts close to the identity and deep stacks still train.
    Keras shapes: W_H, W_T (d, d); b_H, b_T (d,). The input size d is kept.
    """

    def __init__(self, transform_bias=-2.0, activation="relu", **kwargs):
        super().__init__(**kwargs)
        self.transform_bias, self.activation = transform_bias, keras.activations.get(activation)
        self.supports_masking = True

    def build(self, input_shape):
        d = input_shape[-1]
        self.W_H = self.add_weight(name="W_H", shape=(d, d), initializer="glorot_uniform")
        self.b_H = self.add_weight(name="b_H", shape=(d,), initializer="zeros")
        self.W_T = self.add_weight(name="W_T", shape=(d, d), initializer="glorot_uniform")
        self.b_T = self.add_weight(name="b_T", shape=(d,),
                                   initializer=keras.initializers.Constant(self.transform_bias))

    def gate(self, inputs):
        """T(x), the share of H(x) in the output."""
        return ops.sigmoid(ops.matmul(inputs, _like(self.W_T, inputs)) + _like(self.b_T, inputs))

    def call(self, inputs):
        transformed = self.activation(ops.matmul(inputs, _like(self.W_H, inputs)) + _like(self.b_H, inputs))
        gate = self.gate(inputs)
        return gate * transformed + (1.0 - gate) * inputs

    def get_config(self):
        return {**super().get_config(), "transform_bias": self.transform_bias,
                "activation": keras.activations.serialize(self.activation)}


@keras.saving.register_keras_serializable(package="course_utils")
class EveryWord(keras.layers.Wrapper):
    """Run a word encoder on every word: (batch, words, characters) -> (batch, words, its output) (notebook 11).

    It folds the word axis into the batch axis, calls the encoder once on (batch * words, characters) and
    unfolds the result. Keras 3's `TimeDistributed` computes the same numbers without folding: with a
    variable number of words it maps the encoder over the word positions (`vectorized_map`), which for a
    recurrent encoder on TensorFlow traces and trains several times slower. The encoder handles its own
    padding (e.g. `mask_zero`); the words' mask comes from the word embedding, as with `TimeDistributed`.
    The characters axis needs a fixed length (the inputs' shape (None, None, C)).
    """

    def build(self, input_shape):
        if not self.layer.built:
            self.layer.build((None, *input_shape[2:]))
        self.built = True

    def call(self, inputs, training=None):
        shape = ops.shape(inputs)
        out = self.layer(ops.reshape(inputs, (-1, *inputs.shape[2:])), training=training)
        return ops.reshape(out, (shape[0], shape[1], *out.shape[1:]))

    def compute_output_shape(self, input_shape):
        inner = self.layer.compute_output_shape((None, *input_shape[2:]))
        return (input_shape[0], input_shape[1], *inner[1:])

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return super().from_config(dict(config), custom_objects)      # Keras' Wrapper pops "layer" from its argument


# ---- Notebook 10: regularising recurrent layers. Cells go inside keras.layers.RNN(cell), which
# ---- runs the time loop and handles the mask (a padded step keeps the previous state).

def layer_norm(x, gamma, beta, epsilon=1e-3):
    """Normalise over the last axis (a layer's units), then scale by gamma and shift by beta."""
    mean = ops.mean(x, axis=-1, keepdims=True)
    variance = ops.mean(ops.square(x - mean), axis=-1, keepdims=True)
    return gamma * (x - mean) / ops.sqrt(variance + epsilon) + beta


class _StepRandomness(DropoutRNNCell):
    """For cells that draw fresh random numbers at every time step (candidate dropout, zoneout, state dropout).

    keras.layers.RNN runs the steps inside a loop (a `lax.scan` on JAX) in which a SeedGenerator must not
    advance: JAX refuses the state that would escape the loop (`UnexpectedTracerError`). So the generator
    advances once per batch, before the loop, in the hook Keras calls there for its own cells' dropout masks,
    and step t's k-th draw uses that batch seed moved by (t, k). The cell carries a counter of its real steps as
    its last state; t is the batch's largest counter, so padding at the end (or the start) of the sequences
    leaves it exact (up to 2,048 steps in float16). Called directly, outside keras.layers.RNN, the cell draws
    from its generator as usual.
    """

    _batch_seed = None

    def get_dropout_mask(self, step_input):
        self._batch_seed = self.seed_generator.next()

    def get_recurrent_dropout_mask(self, step_input):
        return None

    def reset_dropout_mask(self):
        self._batch_seed = None

    def reset_recurrent_dropout_mask(self):
        pass

    @contextlib.contextmanager
    def drawing(self, step, draw):
        """Within it, `seed=self.seed_generator` gives step `step`'s `draw`-th random numbers."""
        if self._batch_seed is None:
            yield
            return
        t = ops.cast(ops.max(step), "int32")
        seed = self._batch_seed + ops.cast(ops.stack([t, draw]), self._batch_seed.dtype)
        with keras.StatelessScope(state_mapping=[(self.seed_generator.state, seed)], initialize_variables=False):
            yield


class _LSTMWeights(keras.layers.Layer):
    """The weights every LSTM cell here shares with Keras' LSTMCell: kernel (d, 4u), recurrent_kernel (u, 4u),
    gates in Keras' order i, f, c (the candidate), o."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size, self.output_size = [units, units], units

    def build(self, input_shape):
        u = self.units
        self.kernel = self.add_weight(name="kernel", shape=(input_shape[-1], 4 * u), initializer="glorot_uniform")
        self.recurrent_kernel = self.add_weight(name="recurrent_kernel", shape=(u, 4 * u), initializer="orthogonal")

    def pre_activations(self, inputs, h):
        """x W_x + h W_h, split into the four gates (batch, 4, u)."""
        z = ops.matmul(inputs, _like(self.kernel, inputs)) + ops.matmul(h, _like(self.recurrent_kernel, inputs))
        return ops.reshape(z, (-1, 4, self.units))

    def get_config(self):
        return {**super().get_config(), "units": self.units}


@keras.saving.register_keras_serializable(package="course_utils")
class LayerNormLSTMCell(_LSTMWeights):
    """An LSTM cell with layer normalisation, a per-gate variant of Ba, Kiros & Hinton's (2016), for `RNN`.

    Each gate's pre-activation x W_x + h W_h is normalised over its own u units, then scaled by gamma and
    shifted by beta (which replaces the bias); the cell state is normalised before its tanh:
        i, f, o = sigmoid(LN(.)), c~ = tanh(LN(.)),  c_t = f * c_{t-1} + i * c~,  h_t = o * tanh(LN(c_t)).
    (Ba et al. normalise x W_x and h W_h separately, each over all 4u pre-activations, and add a bias.)
    Normalising each step's own units needs no batch statistics, so it works for any batch size and
    sequence length (batch normalisation does not). Weights: kernel (d, 4u), recurrent_kernel (u, 4u),
    gate_gamma (4u,) initialised to 1, gate_beta (4u,) to 0 except the forget gate's slice, which starts at 1
    as in Keras' LSTM (`unit_forget_bias`), and cell_gamma, cell_beta (u,) at 1 and 0.
    """

    def __init__(self, units, epsilon=1e-3, **kwargs):
        super().__init__(units, **kwargs)
        self.epsilon = epsilon

    def build(self, input_shape):
        super().build(input_shape)
        u = self.units
        self.gate_gamma = self.add_weight(name="gate_gamma", shape=(4 * u,), initializer="ones")
        self.gate_beta = self.add_weight(name="gate_beta", shape=(4 * u,), initializer=keras.initializers.Constant(
            [0.0] * u + [1.0] * u + [0.0] * 2 * u))           # sigma(1) = 0.73: keep the memory at first
        self.cell_gamma = self.add_weight(name="cell_gamma", shape=(u,), initializer="ones")
        self.cell_beta = self.add_weight(name="cell_beta", shape=(u,), initializer="zeros")

    def call(self, inputs, states, training=False):
        h, c = states
        shape = (4, self.units)
        z = layer_norm(self.pre_activations(inputs, h), ops.reshape(_like(self.gate_gamma, inputs), shape),
                       ops.reshape(_like(self.gate_beta, inputs), shape), self.epsilon)
        i, f, candidate, o = (z[:, k] for k in range(4))
        c = ops.sigmoid(f) * c + ops.sigmoid(i) * ops.tanh(candidate)
        h = ops.sigmoid(o) * ops.tanh(layer_norm(c, _like(self.cell_gamma, inputs), _like(self.cell_beta, inputs),
                                                 self.epsilon))
        return h, [h, c]

    def get_config(self):
        return {**super().get_config(), "epsilon": self.epsilon}


@keras.saving.register_keras_serializable(package="course_utils")
class CandidateDropoutLSTMCell(_StepRandomness, _LSTMWeights):
    """An LSTM cell with recurrent dropout on the candidate only (Semeniuta, Severyn & Barth 2016).

    c_t = f * c_{t-1} + i * dropout(c~_t) with a fresh mask at every step: the memory c_{t-1} itself is
    never dropped, so long-term memory survives. Keras' `recurrent_dropout=` is a different method (Gal &
    Ghahramani's: one mask per sequence on h_{t-1}). Same weights as Keras' LSTMCell (bias (4u,) with the
    forget gate's part starting at 1), so without training it computes exactly keras.layers.LSTM.
    States: h, c and a step counter (see `_StepRandomness`).
    """

    def __init__(self, units, rate=0.0, seed=None, **kwargs):
        super().__init__(units, **kwargs)
        self.rate, self.seed = rate, seed
        self.seed_generator = keras.random.SeedGenerator(seed)
        self.state_size = [units, units, 1]

    def build(self, input_shape):
        super().build(input_shape)
        u = self.units
        self.bias = self.add_weight(name="bias", shape=(4 * u,), initializer=keras.initializers.Constant(
            [0.0] * u + [1.0] * u + [0.0] * 2 * u))

    def call(self, inputs, states, training=False):
        h, c, step = states
        z = self.pre_activations(inputs, h) + ops.reshape(_like(self.bias, inputs), (4, self.units))
        i, f, candidate, o = (z[:, k] for k in range(4))
        candidate = ops.tanh(candidate)
        if training and self.rate > 0:
            with self.drawing(step, 0):
                candidate = keras.random.dropout(candidate, self.rate, seed=self.seed_generator)
        c = ops.sigmoid(f) * c + ops.sigmoid(i) * candidate
        h = ops.sigmoid(o) * ops.tanh(c)
        return h, [h, c, step + 1]

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}


class _StateNoise(_StepRandomness, keras.layers.Layer):
    """Wraps a Keras RNN cell (SimpleRNNCell, GRUCell, LSTMCell, ...) and perturbs the states it passes on.

    The wrapped cell's output must be its first state (true of Keras' cells); the output is the perturbed one.
    States: the wrapped cell's, then a step counter (see `_StepRandomness`).
    """

    def __init__(self, cell, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.cell = keras.layers.deserialize(cell) if isinstance(cell, dict) else cell
        self.rate, self.seed = rate, seed
        self.seed_generator = keras.random.SeedGenerator(seed)
        cell_states = self.cell.state_size if isinstance(self.cell.state_size, (list, tuple)) else [
            self.cell.state_size]
        self.state_size, self.output_size = [*cell_states, 1], self.cell.output_size

    def build(self, input_shape):
        if not self.cell.built:
            self.cell.build(input_shape)

    def call(self, inputs, states, training=False):
        *states, step = states
        _, new_states = self.cell(inputs, states, training=training)
        new_states = list(new_states) if isinstance(new_states, (list, tuple)) else [new_states]
        mixed = []
        for k, (old, new) in enumerate(zip(states, new_states)):
            with self.drawing(step, k):
                mixed.append(self.mix(old, new, training))
        return mixed[0], [*mixed, step + 1]

    def get_config(self):
        return {**super().get_config(), "cell": keras.layers.serialize(self.cell), "rate": self.rate,
                "seed": self.seed}


@keras.saving.register_keras_serializable(package="course_utils")
class Zoneout(_StateNoise):
    """Zoneout (Krueger et al. 2017): each unit of each state keeps its previous value with probability `rate`.

    Training: s_t = m * s_{t-1} + (1 - m) * s~_t with a fresh Bernoulli(rate) mask m at every step. Like
    dropout it is an ensemble of sub-networks, but a zoned-out unit passes its old value on (an identity
    connection through time) instead of zero, so gradients and memory flow. Inference: the expectation,
    s_t = rate * s_{t-1} + (1 - rate) * s~_t, no randomness (as in the paper).
    """

    def mix(self, old, new, training):
        if not training or self.rate == 0:
            return self.rate * old + (1.0 - self.rate) * new
        keep = ops.cast(keras.random.uniform(ops.shape(new), seed=self.seed_generator) < self.rate, new.dtype)
        return keep * old + (1.0 - keep) * new


@keras.saving.register_keras_serializable(package="course_utils")
class StateDropout(_StateNoise):
    """Naive dropout on every state the cell passes on, a fresh mask at every step (notebook 10 shows the harm).

    Over T steps a unit survives with probability (1 - rate)^T: the memory the state should carry is
    erased again and again. Identity at inference.
    """

    def mix(self, old, new, training):
        if not training or self.rate == 0:
            return new
        return keras.random.dropout(new, self.rate, seed=self.seed_generator)


@keras.saving.register_keras_serializable(package="course_utils")
class WordDropout(keras.layers.Layer):
    """Replaces each word id by `unknown_id` with probability `rate` while training; padding (0) stays.

    The model must then guess from context, the text-level analogue of dropout on inputs. Identity at inference.
    """

    def __init__(self, rate, unknown_id, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate, self.unknown_id, self.seed = rate, unknown_id, seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, ids, training=False):
        if not training or self.rate == 0:
            return ids
        drop = (keras.random.uniform(ops.shape(ids), seed=self.seed_generator) < self.rate) & (ids != 0)
        return ops.where(drop, ops.cast(self.unknown_id, ids.dtype), ids)

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "unknown_id": self.unknown_id, "seed": self.seed}

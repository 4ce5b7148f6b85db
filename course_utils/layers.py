"""Custom Keras layers of the course, written with `keras.ops` only (any backend).

All of them take the mask that `Embedding(mask_zero=True)` propagates, so padded
steps never count, and all of them save to `.keras` and load without
`custom_objects` (they are registered under the package name "course_utils").
"""
import keras
from keras import ops

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
    """

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

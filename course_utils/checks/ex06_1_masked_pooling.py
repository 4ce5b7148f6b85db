"""Exercise 06.1: masked global max pooling and masked mean pooling over RNN states.

The student writes `masked_max(H, mask)` and `masked_mean(H, mask)`: `H` is (B, T, u), the states of a
bidirectional RNN (exactly 0 at padded steps, as Keras' `Bidirectional` outputs them), `mask` (B, T) booleans.
Each returns (B, u), computed over the real steps only. The references are the layers the notebooks use:
`cu.layers.MaskedGlobalMaxPooling1D` and Keras' `GlobalAveragePooling1D`, which uses the mask.
"""
import numpy as np

from .coding import Case, Test, coding_exercise


def keras_pooling(kind, H, mask):
    import keras

    from ..layers import MaskedGlobalMaxPooling1D

    layer = MaskedGlobalMaxPooling1D() if kind == "max" else keras.layers.GlobalAveragePooling1D()
    return keras.ops.convert_to_numpy(layer(H.astype("float32"), mask=mask)).astype("float64")


def draw_states(rng, lengths, u, negative=False):
    """States of a padded batch: zeros at padding; with negative=True every real value is below 0."""
    batch, time = len(lengths), max(lengths)
    mask = np.array([[t < n for t in range(time)] for n in lengths])
    H = rng.normal(0, 1, (batch, time, u))
    if negative:
        H = -np.abs(H) - 0.1
    return H * mask[:, :, None], mask


def max_mistakes(H, mask):
    return (
        ("the mask is ignored: the zeros at the padded steps win the maximum wherever every real value is "
         "negative (set masked steps to a very negative number before the max)", H.max(axis=1)),
    )


def mean_mistakes(H, mask):
    return (
        ("it divides by the padded length T: the mean of a sentence divides by its own number of real steps",
         H.sum(axis=1) / H.shape[1]),
    )


def cases(kind, mistakes_of):
    def make(name, rng, lengths, u, negative=False):
        H, mask = draw_states(rng, lengths, u, negative)
        return Case(f"{name} (u={u}, lengths {', '.join(map(str, lengths))})", (H, mask),
                    keras_pooling(kind, H, mask), mistakes_of(H, mask), output_names=("the pooled vectors",))

    def no_padding(rng):
        return [make("no padding", rng, (4, 4, 4), 5)]

    def padding(rng):
        return [make("padding", rng, (5, 2, 3), 4), make("padding", rng, (1, 6), 3)]

    def negative(rng):
        return [make("padding, every real value negative", rng, (5, 2, 3), 4, negative=True)]

    tests = [Test("a batch without padding", no_padding), Test("a padded batch", padding)]
    if kind == "max":      # where the zeros of the padding would win
        tests.append(Test("a padded batch whose real values are all negative", negative))
    return tests


ex06_1a = coding_exercise(
    "ex06_1a", "Exercise 06.1a (masked global max pooling)", cases("max", max_mistakes),
    "Exercise 06.1a: check masked_max(H, mask) against cu.layers.MaskedGlobalMaxPooling1D (pass the function).",
    seed=601)
ex06_1b = coding_exercise(
    "ex06_1b", "Exercise 06.1b (masked mean pooling)", cases("mean", mean_mistakes),
    "Exercise 06.1b: check masked_mean(H, mask) against Keras' GlobalAveragePooling1D with the mask.",
    seed=602)

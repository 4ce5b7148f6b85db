"""Exercise 07.1: deep self-attention over a padded batch, against the kit's `cu.layers.SelfAttention` carrying the
same weights.

The student writes `self_attention(H, mask, p)`: `H` (B, T, u) the states h_i of each text, `mask` (B, T) booleans
(False at padding), `p` the attention MLP's weights in slide shapes as two lists, `p["W"] = [W(1), ..., W(l)]`
(W(1) k_1 x u, ..., W(l) 1 x k_{l-1}) and `p["b"] = [b(1), ..., b(l)]` (columns, b(l) 1 x 1). The score of a word is
s_i = W(l) tanh(... tanh(W(1) h_i + b(1)) ...) + b(l); the weights a = softmax of the scores over the text's real
words (exactly 0 at padding); h_sum = Σ_i a_i h_i. It returns `(a, h_sum)`: (B, T) and (B, u).
"""
import numpy as np

from ..numpy_rnn import sigmoid
from .coding import Case, Test, coding_exercise, untouched_random_state

MASK_IGNORED = ("the mask is ignored: the padding gets weight; give padded words a very negative score before the "
                "softmax (their weight is then 0 and the real words' weights sum to 1)")
MASK_AFTER = ("the softmax is taken before masking: the padding took its share of the weight before it was set to 0, "
              "so the real words' weights sum to less than 1; mask the scores before the softmax")
MASK_BY_ZERO = ("the padded words' scores are set to 0, not to a very negative number: a score of 0 still gets weight "
                "(the most weight when the real words' scores are negative)")
OVER_BATCH = ("the softmax runs over the batch (axis 0): the weights a_i are a distribution over the words i of "
              "each text, axis 1 of the scores (B, T)")
OVER_UNITS = ("the softmax runs over the last axis of the scores (B, T, 1), which has one number: every weight is 1; "
              "take the softmax over the words, axis 1")
NO_HIDDEN_TANH = "the hidden layers miss their tanh: a_i(1) = tanh(W(1) h_i + b(1)), and so on up to layer l - 1"
SQUASHED_SCORE = ("the score is squashed: the last layer is linear, s_i = W(l) a_i(l-1) + b(l), with no tanh or "
                  "sigmoid (the softmax makes the weights)")
NOT_WEIGHTED = ("h_sum is the mean of the states, not their weighted sum: h_sum = Σ_i a_i h_i, with the attention "
                "weights a_i")


def scores(H, p, hidden="tanh", last=None):
    """s (B, T), slide shapes turned to rows: each layer is x @ W.T + b.T; `hidden`/`last` name a mistake."""
    x = H
    for W, b in zip(p["W"][:-1], p["b"][:-1]):
        x = x @ W.T + b[:, 0]
        x = np.tanh(x) if hidden == "tanh" else x
    s = (x @ p["W"][-1].T + p["b"][-1][:, 0])[..., 0]
    return {None: s, "tanh": np.tanh(s), "sigmoid": sigmoid(s)}[last]


def softmax(s, mask, axis=1):
    s = np.where(mask, s, -1e9)
    weights = np.exp(s - s.max(axis=axis, keepdims=True))
    return weights / weights.sum(axis=axis, keepdims=True)


def mistakes(H, mask, p):
    s = scores(H, p)
    everywhere = np.ones_like(mask)
    right = softmax(s, mask)
    real = mask[:, :, None]

    def out(a):
        return a, np.einsum("bt,btu->bu", a, H)

    found = [
        (MASK_IGNORED, out(softmax(s, everywhere))),
        (MASK_AFTER, out(softmax(s, everywhere) * mask)),
        (MASK_BY_ZERO, out(softmax(s * mask, everywhere))),
        (OVER_BATCH, out(softmax(s, mask, axis=0))),
        (OVER_BATCH, out(softmax(s, everywhere, axis=0))),
        (OVER_UNITS, out(np.ones_like(s))),
        (OVER_UNITS, out(mask.astype("float64"))),
        (NO_HIDDEN_TANH, out(softmax(scores(H, p, hidden=None), mask))),
        (SQUASHED_SCORE, out(softmax(scores(H, p, last="tanh"), mask))),
        (SQUASHED_SCORE, out(softmax(scores(H, p, last="sigmoid"), mask))),
        (NOT_WEIGHTED, (right, (H * real).sum(axis=1) / real.sum(axis=1))),
        (NOT_WEIGHTED, (right, H.mean(axis=1))),
    ]
    return tuple((hint, mistake) for hint, mistake in found if all(np.all(np.isfinite(m)) for m in mistake))


def keras_attention(H, mask, p):
    """The kit's layer with the same weights (Keras shapes: kernel = W.T, in x out; biases 1-D), as float64."""
    import keras

    from ..layers import SelfAttention

    with untouched_random_state():      # its glorot initializers draw their seeds from Python's random
        layer = SelfAttention(hidden_units=[W.shape[0] for W in p["W"][:-1]])
        layer.build((None, None, H.shape[-1]))
    layer.set_weights([w.astype("float32") for W, b in zip(p["W"], p["b"]) for w in (W.T, b[:, 0])])
    h_sum, a = layer(H.astype("float32"), mask=mask, return_attention_scores=True)
    return keras.ops.convert_to_numpy(a).astype("float64"), keras.ops.convert_to_numpy(h_sum).astype("float64")


def draw_weights(rng, u, hidden, scale=0.8):
    sizes = [u, *hidden, 1]
    return {"W": [rng.normal(0, scale, (n_out, n_in)) for n_in, n_out in zip(sizes, sizes[1:])],
            "b": [rng.normal(0, scale, (n_out, 1)) for n_out in sizes[1:]]}


def case(name, rng, u, hidden, lengths, negative=False):
    batch, time = len(lengths), max(lengths)
    H = rng.normal(0, 1, (batch, time, u))          # padded steps hold numbers too (a GRU carries its last state)
    mask = np.array([[t < n for t in range(time)] for n in lengths])
    p = draw_weights(rng, u, hidden)
    if negative:                                    # |W(l) a(l-1)| <= Σ|W(l)|: every score is below -1
        p["b"][-1] = np.array([[-1.0 - np.abs(p["W"][-1]).sum()]])
    padded = "no padding" if min(lengths) == time else f"lengths {', '.join(map(str, lengths))}"
    layers = f"hidden sizes {', '.join(map(str, hidden))}"
    return Case(f"{name} (u={u}, {layers}, {padded})", (H, mask, p), keras_attention(H, mask, p),
                mistakes(H, mask, p), output_names=("a", "h_sum"))


# Each padded batch has one text of full length, so that every step is real in some text (a softmax over the batch
# axis then gives finite numbers the check can recognise).
def one_layer_no_padding(rng):
    return [case("one hidden layer", rng, 4, (3,), (5, 5, 5)), case("one text", rng, 3, (4,), (6,))]


def one_layer_padded(rng):
    return [case("one hidden layer, padded", rng, 4, (5,), (6, 2, 4))]


def two_layers_padded(rng):
    return [case("two hidden layers, padded", rng, 4, (5, 3), (5, 3, 1)),
            case("two hidden layers, no padding", rng, 3, (4, 2), (4, 4))]


def negative_scores(rng):
    return [case("every score negative, padded", rng, 4, (3,), (3, 5, 2), negative=True)]


ex07_1 = coding_exercise(
    "ex07_1", "Exercise 07.1 (deep self-attention)",
    [Test("one hidden layer, no padding", one_layer_no_padding), Test("one hidden layer, a padded batch", one_layer_padded),
     Test("two hidden layers", two_layers_padded), Test("every score negative", negative_scores)],
    "Exercise 07.1: check self_attention(H, mask, p) against cu.layers.SelfAttention with the same weights (pass "
    "the function itself).",
    seed=701)

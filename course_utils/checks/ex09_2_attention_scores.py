"""Exercise 09.2: encoder-decoder attention with the lecture's score functions, against the kit's
`cu.layers.EncoderDecoderAttention` carrying the same weights.

The student writes `attention(s, H, mask, p, score)`: `s` (B, d_s) is the decoder state s_t of each sentence of a
batch, `H` (B, n, d_h) the encoder states h_j, `mask` (B, n) booleans (False at the source's padding), `p` the
score's weights in slide shapes (none for "dot", "scaled_dot" and "cosine"; W_a d_s x d_h for "general"; W_a
units x (d_s + d_h) and v_a units x 1 for "additive"; W_a n_max x d_s for "location"), `score` one of the names of
`EncoderDecoderAttention.SCORES`. It returns `(alpha, z)`: the weights alpha_t (B, n), exactly 0 at padding and
summing to 1 over each sentence's real words, and the context z_t = sum_j alpha_tj h_j (B, d_h).
"""
import numpy as np

from .coding import Case, Test, coding_exercise, untouched_random_state

MASK_IGNORED = ("the mask is ignored: the padding gets weight; give padded positions a very negative score "
                "before the softmax (their weight is then 0 and the real words' weights sum to 1)")
MASK_AFTER = ("the padding's weights are set to 0 after the softmax, so the real words' weights no longer sum to 1: "
              "mask the scores before the softmax (or divide by the new sum)")
WRONG_AXIS = ("the softmax runs over the wrong axis (the batch): alpha_t is a distribution over the source "
              "positions j of each sentence, the last axis of the scores (B, n)")
SCORES_NOT_WEIGHTS = "the context sums the scores e_tj, not the weights alpha_tj, times h_j"
GENERAL_TRANSPOSED = ("W_a is transposed: the general score is s_tᵀ W_a h_j, with W_a d_s x d_h (s_t on the left, "
                      "h_j on the right)")
NO_TANH = "the additive score misses the tanh: e_tj = v_aᵀ tanh(W_a [s_t; h_j])"
SWAPPED_HALVES = ("the concatenation is [h_j; s_t]: in W_a [s_t; h_j] the first d_s columns of W_a read s_t and the "
                  "last d_h read h_j")
NOT_SCALED = "the scores are not scaled: the scaled dot score divides s_tᵀ h_j by √d_h"
NOT_NORMALISED = "the cosine score is the dot product of s_t and h_j divided by both lengths, ‖s_t‖ ‖h_j‖"
NORMALISED_CONTEXT = ("the context sums the normalised h_j / ‖h_j‖: only the score uses unit vectors; z_t sums the "
                      "encoder states themselves, z_t = Σ_j α_tj h_j")
LOCATION_TRANSPOSED = ("W_a is transposed: the location score is W_a s_t with W_a n_max x d_s (one row per source "
                       "position)")


def softmax(e, mask, axis=-1):
    scores = np.where(mask, e, -1e9)
    weights = np.exp(scores - scores.max(axis=axis, keepdims=True))
    return weights / weights.sum(axis=axis, keepdims=True)


def scores(s, H, p, score, variant=""):
    """e (B, n) in NumPy, the slide's formula for each score; `variant` names a mistake."""
    if score in ("dot", "scaled_dot"):
        e = np.einsum("bd,bjd->bj", s, H)
        return e / np.sqrt(H.shape[-1]) if score == "scaled_dot" and variant != "not scaled" else e
    if score == "cosine":
        e = np.einsum("bd,bjd->bj", s, H)
        if variant == "not normalised":
            return e
        return e / np.linalg.norm(s, axis=-1)[:, None] / np.linalg.norm(H, axis=-1)
    if score == "general":
        W = p["W_a"].T if variant == "transposed" else p["W_a"]
        return np.einsum("bd,de,bje->bj", s, W, H)
    if score == "location":
        return (s @ (p["W_a"] if variant == "transposed" else p["W_a"].T))[:, :H.shape[1]]
    d_s = s.shape[-1]
    W_s, W_h = p["W_a"][:, :d_s], p["W_a"][:, d_s:]
    if variant == "swapped halves":
        W_h, W_s = p["W_a"][:, :H.shape[-1]], p["W_a"][:, H.shape[-1]:]
    hidden = (s @ W_s.T)[:, None, :] + H @ W_h.T
    return (hidden if variant == "no tanh" else np.tanh(hidden)) @ p["v_a"][:, 0]


def mistakes(s, H, mask, p, score):
    e = scores(s, H, p, score)
    right = softmax(e, mask)

    def out(alpha, values=H):
        return alpha, np.einsum("bj,bjd->bd", alpha, values)

    found = [(MASK_IGNORED, out(softmax(e, np.ones_like(mask)))),
             (MASK_AFTER, out(softmax(e, np.ones_like(mask)) * mask)),
             (WRONG_AXIS, out(softmax(e, mask, axis=0))),
             (SCORES_NOT_WEIGHTS, (right, np.einsum("bj,bjd->bd", np.where(mask, e, 0.0), H)))]
    d_s, d_h = s.shape[-1], H.shape[-1]
    variants = {"general": [(GENERAL_TRANSPOSED, "transposed")] if d_s == d_h else [],
                "additive": [(NO_TANH, "no tanh"), (SWAPPED_HALVES, "swapped halves")],
                "location": [(LOCATION_TRANSPOSED, "transposed")] if p.get("W_a", np.zeros((0, 0))).shape[0] == d_s
                else [],
                "scaled_dot": [(NOT_SCALED, "not scaled")],
                "cosine": [(NOT_NORMALISED, "not normalised")]}
    for hint, variant in variants.get(score, []):
        found.append((hint, out(softmax(scores(s, H, p, score, variant), mask))))
    if score == "cosine":
        found.append((NORMALISED_CONTEXT, out(right, H / np.linalg.norm(H, axis=-1, keepdims=True))))
    return tuple((hint, mistake) for hint, mistake in found if np.all(np.isfinite(mistake[0])))


def keras_attention(s, H, mask, p, score):
    """The kit's layer with the same weights (Keras shapes: the slide's transpose, v_a 1-D; general's W_a as is)."""
    import keras

    from ..layers import EncoderDecoderAttention

    options = ({"units": p["v_a"].shape[0]} if score == "additive" else
               {"max_source_length": p["W_a"].shape[0]} if score == "location" else {})
    layer = EncoderDecoderAttention(score, **options)
    with untouched_random_state():      # its glorot initializers would draw from Python's random
        layer.build((None, 1, s.shape[-1]), (None, H.shape[1], H.shape[-1]))
    weights = {"additive": lambda: [p["W_a"].T, p["v_a"][:, 0]], "general": lambda: [p["W_a"]],
               "location": lambda: [p["W_a"].T]}.get(score, list)()
    layer.set_weights([w.astype("float32") for w in weights])
    z, alpha = layer(s[:, None, :].astype("float32"), H.astype("float32"), mask=mask, return_attention_scores=True)
    return (keras.ops.convert_to_numpy(alpha)[:, 0].astype("float64"),
            keras.ops.convert_to_numpy(z)[:, 0].astype("float64"))


def draw_weights(rng, score, d_s, d_h, units=5, n_max=8):
    if score == "general":
        return {"W_a": rng.normal(0, 0.5, (d_s, d_h))}
    if score == "additive":
        return {"W_a": rng.normal(0, 0.5, (units, d_s + d_h)), "v_a": rng.normal(0, 1, (units, 1))}
    if score == "location":
        return {"W_a": rng.normal(0, 0.5, (n_max, d_s))}
    return {}


def case(rng, score, d_s, d_h, lengths, name=None, **sizes):
    batch, n = len(lengths), max(lengths)
    s, H = rng.normal(0, 1, (batch, d_s)), rng.normal(0, 1, (batch, n, d_h))
    mask = np.array([[j < length for j in range(n)] for length in lengths])
    p = draw_weights(rng, score, d_s, d_h, **sizes)
    padded = "no padding" if min(lengths) == n else f"lengths {', '.join(map(str, lengths))}"
    return Case(f"{name or score} (d_s={d_s}, d_h={d_h}, {padded})", (s, H, mask, p, score),
                keras_attention(s, H, mask, p, score), mistakes(s, H, mask, p, score),
                output_names=("alpha", "z"))


# Each padded batch has one sentence of full length, so that every position j is real in some sentence (a softmax
# over the batch axis then gives finite numbers the check can recognise).
def dot(rng):
    return [case(rng, "dot", 4, 4, (5, 5)), case(rng, "dot", 3, 3, (5, 2, 4))]


def scaled_dot(rng):
    return [case(rng, "scaled_dot", 6, 6, (4, 2, 3))]


def general(rng):
    return [case(rng, "general", 4, 4, (5, 3, 2)), case(rng, "general", 3, 5, (4, 4, 1))]


def additive(rng):
    return [case(rng, "additive", 4, 4, (5, 2, 3)), case(rng, "additive", 3, 5, (4, 1, 3), units=6)]


def location(rng):
    return [case(rng, "location", 4, 4, (4, 3, 2), n_max=4), case(rng, "location", 3, 5, (6, 6, 2), n_max=7)]


def cosine(rng):
    return [case(rng, "cosine", 4, 4, (5, 2, 3))]


ex09_2 = coding_exercise(
    "ex09_2", "Exercise 09.2 (attention with the lecture's score functions)",
    [Test("the dot score", dot), Test("the scaled dot score", scaled_dot), Test("the general score", general),
     Test("the additive score", additive), Test("the location score", location),
     Test("the cosine (content-based) score", cosine)],
    "Exercise 09.2: check attention(s, H, mask, p, score) against cu.layers.EncoderDecoderAttention with the same "
    "weights, one item per score (pass the function itself).",
    seed=902)

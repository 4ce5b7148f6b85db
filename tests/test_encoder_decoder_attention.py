"""EncoderDecoderAttention: each score of the lecture's table against its NumPy formula, masks, precision, saving."""
import keras
import numpy as np
import pytest

from course_utils.layers import EncoderDecoderAttention

RNG = np.random.default_rng(0)
B, T, S, D = 3, 4, 6, 5
QUERY = RNG.normal(size=(B, T, D)).astype("float32")
KEYS = RNG.normal(size=(B, S, D)).astype("float32")
MASK = np.array([[1, 1, 1, 1, 1, 1], [1, 1, 1, 0, 0, 0], [1, 0, 0, 0, 0, 0]], dtype=bool)
OPTIONS = {"cosine": {}, "additive": {"units": 7}, "location": {"max_source_length": 8}, "general": {},
           "dot": {}, "scaled_dot": {}}


def numpy_scores(score, layer, q, k):
    """The table's formulas, one (t, i) pair at a time."""
    W = {w.name: keras.ops.convert_to_numpy(w) for w in layer.weights}
    e = np.zeros((q.shape[0], q.shape[1], k.shape[1]))
    for b in range(q.shape[0]):
        for t in range(q.shape[1]):
            s = q[b, t]
            for i in range(k.shape[1]):
                h = k[b, i]
                e[b, t, i] = {
                    "cosine": lambda: s @ h / (np.linalg.norm(s) * np.linalg.norm(h)),
                    "additive": lambda: W.get("v_a", np.zeros(1)) @ np.tanh(np.concatenate([s, h]) @ W.get("W_a", 0)),
                    "location": lambda: (s @ W.get("W_a", np.zeros((1, 1))))[i] if score == "location" else 0,
                    "general": lambda: s @ W.get("W_a", 0) @ h,
                    "dot": lambda: s @ h,
                    "scaled_dot": lambda: s @ h / np.sqrt(len(h)),
                }[score]()
    return e


def numpy_attention(e, keys, mask):
    e = np.where(mask[:, None, :], e, -np.inf)
    a = np.exp(e - e.max(axis=-1, keepdims=True))
    a = a / a.sum(axis=-1, keepdims=True)
    return np.einsum("bts,bsd->btd", a, keys), a


@pytest.mark.parametrize("score", EncoderDecoderAttention.SCORES)
def test_every_score_equals_its_formula_with_padding_at_exactly_zero(score):
    keras.utils.set_random_seed(1)
    layer = EncoderDecoderAttention(score, **OPTIONS[score])
    context, weights = (keras.ops.convert_to_numpy(t) for t in layer(QUERY, KEYS, mask=MASK,
                                                                       return_attention_scores=True))
    expected_context, expected_weights = numpy_attention(numpy_scores(score, layer, QUERY, KEYS), KEYS, MASK)
    assert context.shape == (B, T, D) and weights.shape == (B, T, S)
    assert np.allclose(weights, expected_weights, atol=1e-5) and np.allclose(context, expected_context, atol=1e-5)
    assert (weights[np.broadcast_to(~MASK[:, None, :], weights.shape)] == 0).all()


def test_weight_shapes_are_those_of_the_table():
    q, k = np.zeros((1, 2, 3), "float32"), np.zeros((1, 5, 4), "float32")
    shapes = {}
    for score, options in (("additive", {"units": 7}), ("general", {}), ("location", {"max_source_length": 9})):
        layer = EncoderDecoderAttention(score, **options)
        layer(q, k)
        shapes[score] = {w.name: tuple(w.shape) for w in layer.weights}
    assert shapes == {"additive": {"W_a": (7, 7), "v_a": (7,)}, "general": {"W_a": (3, 4)},
                      "location": {"W_a": (3, 9)}}
    for score in ("cosine", "dot", "scaled_dot"):
        layer = EncoderDecoderAttention(score)
        with pytest.raises(ValueError, match=f"the {score} score needs states of one size"):
            layer(q, k)


@pytest.mark.parametrize("score", EncoderDecoderAttention.SCORES)
def test_a_fully_padded_source_gives_zeros_not_nan_also_in_float16(score):
    empty = np.zeros((B, S), dtype=bool)
    for policy in ("float32", "mixed_float16"):
        keras.mixed_precision.set_global_policy(policy)
        try:
            layer = EncoderDecoderAttention(score, **OPTIONS[score])
            context, weights = (keras.ops.convert_to_numpy(t).astype("float32")
                                for t in layer(QUERY, KEYS, mask=MASK, return_attention_scores=True))
            assert np.isfinite(context).all() and np.isfinite(weights).all(), policy
            assert (weights[np.broadcast_to(~MASK[:, None, :], weights.shape)] == 0).all(), policy
            context, weights = (keras.ops.convert_to_numpy(t).astype("float32")
                                for t in layer(QUERY, KEYS, mask=empty, return_attention_scores=True))
            assert (weights == 0).all() and (context == 0).all(), policy
        finally:
            keras.mixed_precision.set_global_policy("float32")


@pytest.mark.parametrize("score", EncoderDecoderAttention.SCORES)
def test_the_source_mask_comes_from_the_embedding_and_a_keras_file_round_trips(tmp_path, score):
    keras.utils.set_random_seed(2)
    source = keras.Input(shape=(None,), dtype="int32")
    target = keras.Input(shape=(None, D))
    keys = keras.layers.GRU(D, return_sequences=True)(keras.layers.Embedding(20, 4, mask_zero=True)(source))
    context = EncoderDecoderAttention(score, name="attention", **OPTIONS[score])(target, keys)
    model = keras.Model([source, target], context)
    ids = np.array([[3, 4, 5, 0, 0, 0], [7, 8, 0, 0, 0, 0]], dtype="int32")
    q = QUERY[:2]
    padded_more = np.pad(ids, ((0, 0), (0, 2)))
    assert np.allclose(keras.ops.convert_to_numpy(model([ids, q])),
                       keras.ops.convert_to_numpy(model([padded_more, q])), atol=1e-6)   # more padding changes nothing
    model.save(tmp_path / "m.keras")
    loaded = keras.saving.load_model(tmp_path / "m.keras")
    assert np.allclose(keras.ops.convert_to_numpy(model([ids, q])), keras.ops.convert_to_numpy(loaded([ids, q])))


def test_unknown_scores_and_missing_sizes_are_refused_clearly():
    with pytest.raises(ValueError, match="score must be one of cosine, additive"):
        EncoderDecoderAttention("multiplicative")
    with pytest.raises(ValueError, match="needs units="):
        EncoderDecoderAttention("additive")
    with pytest.raises(ValueError, match="needs max_source_length="):
        EncoderDecoderAttention("location")

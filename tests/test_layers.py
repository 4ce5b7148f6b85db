"""Custom layers: masking, padding invariance, save/load, training."""
import keras
import numpy as np
import pytest

from course_utils.layers import MaskedGlobalMaxPooling1D, MultiLabelSelfAttention, SelfAttention

IDS = np.array([[5, 3, 8, 0, 0], [2, 0, 0, 0, 0], [7, 1, 4, 6, 9]], dtype="int32")


def model_with(head, vocab=10, dim=6, units=4):
    keras.utils.set_random_seed(0)
    ids = keras.Input(shape=(None,), dtype="int32")
    x = keras.layers.Embedding(vocab, dim, mask_zero=True)(ids)
    h = keras.layers.Bidirectional(keras.layers.GRU(units, return_sequences=True))(x)
    return keras.Model(ids, head(h))


def attention_model(layer):
    keras.utils.set_random_seed(0)
    ids = keras.Input(shape=(None,), dtype="int32")
    x = keras.layers.Embedding(10, 6, mask_zero=True)(ids)
    h = keras.layers.Bidirectional(keras.layers.GRU(4, return_sequences=True))(x)
    summed, weights = layer(h, return_attention_scores=True)
    return keras.Model(ids, [summed, weights])


@pytest.mark.parametrize("layer", [SelfAttention((5,)), MultiLabelSelfAttention(3, (5, 5))])
def test_weights_sum_to_one_over_real_tokens_and_are_zero_on_padding(layer):
    _, weights = (keras.ops.convert_to_numpy(t) for t in attention_model(layer)(IDS))
    if weights.ndim == 2:
        weights = weights[..., None]
    real = (IDS != 0)[..., None]
    assert np.allclose(weights.sum(axis=1), 1.0, atol=1e-6)
    assert (weights[~np.broadcast_to(real, weights.shape)] == 0).all()


@pytest.mark.parametrize("head", [lambda: SelfAttention((5,)), lambda: MultiLabelSelfAttention(3),
                                  lambda: MaskedGlobalMaxPooling1D()])
def test_outputs_do_not_change_when_padding_is_added(head):
    model = model_with(head())
    short = keras.ops.convert_to_numpy(model(IDS))
    padded = keras.ops.convert_to_numpy(model(np.pad(IDS, ((0, 0), (0, 7)))))
    assert np.allclose(short, padded, atol=1e-6)


@pytest.mark.skipif(keras.backend.backend() != "tensorflow",
                    reason="TensorFlow's RNN layers output zeros at padded steps; other backends carry the state")
@pytest.mark.filterwarnings("ignore:.*does not support masking")   # the point of this test
def test_keras_global_max_pooling_does_change_with_padding():
    model = model_with(keras.layers.GlobalMaxPooling1D())
    short = keras.ops.convert_to_numpy(model(IDS))
    padded = keras.ops.convert_to_numpy(model(np.pad(IDS, ((0, 0), (0, 7)))))
    assert not np.allclose(short, padded, atol=1e-6)   # why MaskedGlobalMaxPooling1D exists


def test_fully_padded_rows_give_no_nan():
    empty = np.zeros((2, 4), dtype="int32")
    for head in (SelfAttention(), MultiLabelSelfAttention(2), MaskedGlobalMaxPooling1D()):
        assert np.isfinite(keras.ops.convert_to_numpy(model_with(head)(empty))).all()


@pytest.mark.parametrize("head", [SelfAttention, lambda: MultiLabelSelfAttention(2), MaskedGlobalMaxPooling1D])
def test_a_fully_padded_row_gives_exactly_zero(head):
    """As documented: nothing to pool or attend to gives 0 (and zero weights), not the -1e9 of the masked scores,
    even when the states at the padded steps are not zero (as they are not on JAX and PyTorch)."""
    states = np.random.default_rng(0).normal(size=(2, 4, 6)).astype("float32") + 3.0
    mask = np.array([[True, True, False, False], [False] * 4])
    layer = head()
    if isinstance(layer, MaskedGlobalMaxPooling1D):
        out, weights = layer(states, mask=mask), None
    else:
        out, weights = layer(states, mask=mask, return_attention_scores=True)
    out = keras.ops.convert_to_numpy(out)
    assert (out[1] == 0).all() and (out[0] != 0).any()
    if weights is not None:
        weights = keras.ops.convert_to_numpy(weights)
        assert (weights[1] == 0).all() and np.allclose(weights[0].sum(axis=0), 1.0, atol=1e-6)


HEADS = [lambda: SelfAttention((5,)), lambda: MultiLabelSelfAttention(3, (5,)), lambda: MaskedGlobalMaxPooling1D()]


@pytest.mark.parametrize("head", HEADS)
def test_mixed_float16_gives_finite_outputs_and_zero_weight_on_padding(head):
    keras.mixed_precision.set_global_policy("mixed_float16")
    try:
        layer = head()
        model = model_with(layer)
        ids = np.vstack([IDS, np.zeros((1, IDS.shape[1]), dtype="int32")])     # one row fully padded
        assert np.isfinite(keras.ops.convert_to_numpy(model(ids)).astype("float32")).all()
        if not isinstance(layer, MaskedGlobalMaxPooling1D):
            _, weights = attention_model(head())(ids)
            weights = keras.ops.convert_to_numpy(weights).astype("float32")
            assert np.isfinite(weights).all()
            padded = np.broadcast_to((ids == 0).reshape(ids.shape + (1,) * (weights.ndim - 2)), weights.shape)
            assert (weights[padded] == 0).all()
            assert np.allclose(weights[:3].sum(axis=1), 1.0, atol=1e-2)      # float16 rounding
    finally:
        keras.mixed_precision.set_global_policy("float32")


def test_a_callable_activation_survives_save_and_load(tmp_path):
    model = model_with(SelfAttention((5,), activation=keras.activations.relu))
    model.save(tmp_path / "model.keras")
    loaded = keras.saving.load_model(tmp_path / "model.keras")
    assert loaded.layers[-1].get_config()["activation"] == "relu"
    assert np.allclose(keras.ops.convert_to_numpy(model(IDS)), keras.ops.convert_to_numpy(loaded(IDS)))


def test_shapes():
    summed, weights = attention_model(MultiLabelSelfAttention(3))(IDS)
    assert tuple(summed.shape) == (3, 3, 8) and tuple(weights.shape) == (3, 5, 3)
    summed, weights = attention_model(SelfAttention())(IDS)
    assert tuple(summed.shape) == (3, 8) and tuple(weights.shape) == (3, 5)


@pytest.mark.parametrize("head", [lambda: SelfAttention((5, 3), activation="relu"),
                                  lambda: MultiLabelSelfAttention(2, (4,)), lambda: MaskedGlobalMaxPooling1D()])
def test_save_and_load_without_custom_objects(tmp_path, head):
    model = model_with(head())
    path = tmp_path / "model.keras"
    model.save(path)
    loaded = keras.saving.load_model(path)
    assert np.allclose(keras.ops.convert_to_numpy(model(IDS)), keras.ops.convert_to_numpy(loaded(IDS)))


def test_a_training_step_reduces_the_loss():
    keras.utils.set_random_seed(0)
    ids = keras.Input(shape=(None,), dtype="int32")
    x = keras.layers.Embedding(10, 6, mask_zero=True)(ids)
    h = keras.layers.GRU(4, return_sequences=True)(x)
    model = keras.Model(ids, keras.layers.Dense(1, activation="sigmoid")(SelfAttention((5,))(h)))
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="binary_crossentropy")
    y = np.array([1, 0, 1], dtype="float32")
    before = model.evaluate(IDS, y, verbose=0)
    model.fit(IDS, y, epochs=5, verbose=0)
    assert model.evaluate(IDS, y, verbose=0) < before


def tied_language_model(units=8, dim=6, vocab=10):
    """Embedding -> GRU -> projection to dim -> the same E scores every word (weight tying)."""
    from course_utils.layers import TiedEmbedding

    keras.utils.set_random_seed(0)
    tied = TiedEmbedding(vocab, dim, name="tied")
    ids = keras.Input(shape=(None,), dtype="int32")
    h = keras.layers.GRU(units, return_sequences=True)(tied(ids))
    logits = tied(keras.layers.Dense(dim, use_bias=False, name="projection")(h))
    return keras.Model(ids, logits), tied


def test_tied_embedding_looks_up_with_E_and_scores_with_E_transposed():
    model, tied = tied_language_model()
    E, b = (keras.ops.convert_to_numpy(w) for w in (tied.embeddings, tied.output_bias))
    assert np.allclose(keras.ops.convert_to_numpy(tied(IDS)), E[IDS])
    h = np.random.default_rng(0).normal(size=(2, 3, 6)).astype("float32")
    assert np.allclose(keras.ops.convert_to_numpy(tied(h)), h @ E.T + b, atol=1e-5)
    assert tuple(model(IDS).shape) == (3, 5, 10)
    assert model.count_params() == 10 * 6 + 10 + 3 * 8 * (6 + 8 + 2) + 8 * 6   # E, b, GRU, projection


def test_tied_embedding_masks_padding_and_survives_save_and_load(tmp_path):
    from course_utils.layers import TiedEmbedding

    layer = TiedEmbedding(10, 4, mask_zero=True)
    assert np.array_equal(keras.ops.convert_to_numpy(layer.compute_mask(IDS)), IDS != 0)
    model, _ = tied_language_model()
    model.save(tmp_path / "lm.keras")
    loaded = keras.saving.load_model(tmp_path / "lm.keras")
    assert np.allclose(keras.ops.convert_to_numpy(model(IDS)), keras.ops.convert_to_numpy(loaded(IDS)))


def test_highway_equals_its_formula_starts_near_the_identity_and_round_trips(tmp_path):
    from course_utils.layers import Highway

    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(3, 4, 6)).astype("float32")
    layer = Highway(transform_bias=-2.0)
    y = keras.ops.convert_to_numpy(layer(x))
    W_H, b_H, W_T, b_T = (keras.ops.convert_to_numpy(w) for w in (layer.W_H, layer.b_H, layer.W_T, layer.b_T))
    assert W_H.shape == W_T.shape == (6, 6) and b_H.shape == b_T.shape == (6,) and (b_T == -2.0).all()
    gate = 1 / (1 + np.exp(-(x @ W_T + b_T)))
    assert np.allclose(y, gate * np.maximum(x @ W_H + b_H, 0) + (1 - gate) * x, atol=1e-5)
    assert float(gate.mean()) < 0.3                     # mostly carried: sigmoid(-2) = 0.12 on average
    ids = keras.Input(shape=(None,), dtype="int32")
    model = keras.Model(ids, Highway(activation="tanh")(keras.layers.Embedding(10, 6, mask_zero=True)(ids)))
    passed_on = model.layers[-1].compute_mask(None, keras.ops.convert_to_tensor(IDS != 0))      # the mask passes
    assert np.array_equal(keras.ops.convert_to_numpy(passed_on), IDS != 0)
    model.save(tmp_path / "highway.keras")
    loaded = keras.saving.load_model(tmp_path / "highway.keras")
    assert np.allclose(keras.ops.convert_to_numpy(model(IDS)), keras.ops.convert_to_numpy(loaded(IDS)))


def char_encoder(kind):
    """A word encoder over character ids, as in notebook 11: a masked char-BiGRU, or convolutions and a max."""
    ids = keras.Input(shape=(None,), dtype="int32")
    if kind == "bigru":
        e = keras.layers.Embedding(12, 4, mask_zero=True)(ids)
        return keras.Model(ids, keras.layers.Bidirectional(keras.layers.GRU(5))(keras.layers.Dropout(0.5)(e)))
    e = keras.layers.Embedding(12, 4)(ids)
    return keras.Model(ids, MaskedGlobalMaxPooling1D()(keras.layers.Conv1D(6, 3, padding="same")(e),
                                                       mask=keras.ops.not_equal(ids, 0)))


CHAR_IDS = np.array([[[3, 4, 5, 0], [6, 7, 0, 0], [0, 0, 0, 0]],
                     [[8, 9, 10, 11], [0, 0, 0, 0], [0, 0, 0, 0]]], dtype="int32")    # (sentences, words, chars)


@pytest.mark.parametrize("kind", ["bigru", "cnn"])
def test_every_word_computes_what_time_distributed_does_and_round_trips(tmp_path, kind):
    from course_utils.layers import EveryWord

    keras.utils.set_random_seed(0)
    encoder = char_encoder(kind)
    ours = keras.ops.convert_to_numpy(EveryWord(encoder)(CHAR_IDS))
    keras_own = keras.ops.convert_to_numpy(keras.layers.TimeDistributed(encoder)(CHAR_IDS))
    assert ours.shape == keras_own.shape == (2, 3, 10 if kind == "bigru" else 6)
    np.testing.assert_allclose(ours, keras_own, atol=1e-6)
    chars = keras.Input(shape=(None, 4), dtype="int32")
    model = keras.Model(chars, keras.layers.Dense(2)(EveryWord(encoder)(chars)))
    model.save(tmp_path / "every_word.keras")
    loaded = keras.saving.load_model(tmp_path / "every_word.keras")
    np.testing.assert_allclose(keras.ops.convert_to_numpy(model(CHAR_IDS)), keras.ops.convert_to_numpy(loaded(CHAR_IDS)),
                               atol=1e-6)


def test_every_word_passes_training_on_to_the_encoder():
    from course_utils.layers import EveryWord

    keras.utils.set_random_seed(0)
    layer = EveryWord(char_encoder("bigru"))           # its Dropout is on only in training
    inference = keras.ops.convert_to_numpy(layer(CHAR_IDS))
    np.testing.assert_allclose(inference, keras.ops.convert_to_numpy(layer(CHAR_IDS)))
    assert not np.allclose(inference, keras.ops.convert_to_numpy(layer(CHAR_IDS, training=True)))

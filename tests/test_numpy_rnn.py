"""The NumPy RNNs must equal the Keras layers on random (not near-default) weights."""
import keras
import numpy as np
import pytest
import tensorflow as tf

from course_utils import numpy_rnn

TOLERANCE = 1e-5
SIZES = [(2, 5, 3, 4), (3, 7, 6, 2), (1, 4, 1, 9)]  # batch, time, features, units


def keras_layer(kind, units, features, **options):
    layer = {"simple_rnn": keras.layers.SimpleRNN, "gru": keras.layers.GRU,
             "lstm": keras.layers.LSTM}[kind](units, return_sequences=True, **options)
    layer.build((None, None, features))
    rng = np.random.default_rng(units * 100 + features)
    layer.set_weights([rng.normal(0, 0.6, w.shape).astype("float32") for w in layer.get_weights()])
    return layer


def data(batch, time, features, units, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(batch, time, features)).astype("float32")
    h0 = rng.normal(0, 0.5, size=(batch, units)).astype("float32")
    c0 = rng.normal(0, 0.5, size=(batch, units)).astype("float32")
    lengths = rng.integers(1, time + 1, size=batch)
    mask = np.arange(time)[None, :] < lengths[:, None]
    return x, h0, c0, mask


def run_keras(layer, x, initial_state=None, mask=None):
    out = layer(x, initial_state=initial_state, mask=None if mask is None else tf.constant(mask))
    return keras.ops.convert_to_numpy(out)


@pytest.mark.parametrize("batch, time, features, units", SIZES)
@pytest.mark.parametrize("use_mask", [False, True])
@pytest.mark.parametrize("use_state", [False, True])
def test_simple_rnn_matches_keras(batch, time, features, units, use_mask, use_state):
    layer = keras_layer("simple_rnn", units, features)
    x, h0, _, mask = data(batch, time, features, units)
    h0, mask = (h0 if use_state else None), (mask if use_mask else None)
    expected = run_keras(layer, x, None if h0 is None else [h0], mask)
    got = numpy_rnn.simple_rnn(x, layer.get_weights(), initial_state=h0, mask=mask)
    assert np.abs(got - expected).max() < TOLERANCE


@pytest.mark.parametrize("batch, time, features, units", SIZES)
@pytest.mark.parametrize("reset_after", [True, False])
@pytest.mark.parametrize("use_mask", [False, True])
@pytest.mark.parametrize("use_state", [False, True])
def test_gru_matches_keras(batch, time, features, units, reset_after, use_mask, use_state):
    layer = keras_layer("gru", units, features, reset_after=reset_after)
    x, h0, _, mask = data(batch, time, features, units, seed=1)
    h0, mask = (h0 if use_state else None), (mask if use_mask else None)
    expected = run_keras(layer, x, None if h0 is None else [h0], mask)
    got = numpy_rnn.gru(x, layer.get_weights(), reset_after=reset_after, initial_state=h0, mask=mask)
    assert np.abs(got - expected).max() < TOLERANCE


@pytest.mark.parametrize("batch, time, features, units", SIZES)
@pytest.mark.parametrize("use_mask", [False, True])
@pytest.mark.parametrize("use_state", [False, True])
def test_lstm_matches_keras(batch, time, features, units, use_mask, use_state):
    layer = keras_layer("lstm", units, features)
    x, h0, c0, mask = data(batch, time, features, units, seed=2)
    state, mask = ([h0, c0] if use_state else None), (mask if use_mask else None)
    expected = run_keras(layer, x, state, mask)
    got = numpy_rnn.lstm(x, layer.get_weights(), initial_state=state, mask=mask)
    assert np.abs(got - expected).max() < TOLERANCE


def test_lstm_final_cell_state_matches_keras():
    layer = keras.layers.LSTM(4, return_state=True)
    layer.build((None, None, 3))
    rng = np.random.default_rng(5)
    layer.set_weights([rng.normal(0, 0.6, w.shape).astype("float32") for w in layer.get_weights()])
    x = rng.normal(size=(2, 6, 3)).astype("float32")
    _, h_last, c_last = (keras.ops.convert_to_numpy(t) for t in layer(x))
    h, c = numpy_rnn.lstm(x, layer.get_weights(), return_cell_states=True)
    assert np.abs(h[:, -1] - h_last).max() < TOLERANCE
    assert np.abs(c[:, -1] - c_last).max() < TOLERANCE


@pytest.mark.parametrize("kind, options", [("simple_rnn", {}), ("gru", {"reset_after": True}),
                                           ("gru", {"reset_after": False}), ("lstm", {})])
def test_slide_matrices_round_trip_and_shapes(kind, options):
    layer = keras_layer(kind, 4, 3, **options)
    weights = layer.get_weights()
    mats = numpy_rnn.slide_matrices(kind, weights)
    names = {"simple_rnn": ["W_h", "W_e", "b"],
             "gru": ["W_z", "U_z", "b_z", "W_r", "U_r", "b_r", "W_h", "W_e", "b_h"],
             "lstm": [f"{m}_{g}" for g in "ifcq" for m in ("W", "U", "b")]}[kind]
    if kind == "gru" and options["reset_after"]:
        names += ["b_z_rec", "b_r_rec", "b_h_rec"]
    assert sorted(mats) == sorted(names)
    for name, matrix in mats.items():               # the lecture's letters: W on the state, U (or W_e) on the word
        if name == "W_e" or name.startswith("U_"):
            assert matrix.shape == (4, 3), name       # out x in: units x features
        elif name.startswith("W_"):
            assert matrix.shape == (4, 4), name       # units x units
        else:
            assert matrix.shape == (4,), name
    back = numpy_rnn.keras_weights(kind, mats)
    assert all(np.array_equal(a, b) for a, b in zip(back, weights, strict=True))


def test_slide_matrices_pick_the_documented_gate_blocks():
    layer = keras_layer("lstm", 2, 3)
    kernel = layer.get_weights()[0]
    mats = numpy_rnn.slide_matrices("lstm", layer.get_weights())
    assert np.array_equal(mats["U_f"], kernel[:, 2:4].T)  # i, f, c, o: f is the second block
    assert np.array_equal(mats["W_f"], layer.get_weights()[1][:, 2:4].T)
    gru = numpy_rnn.slide_matrices("gru", keras_layer("gru", 2, 3).get_weights())
    assert sorted(k for k in gru if not k.startswith("b_")) == ["U_r", "U_z", "W_e", "W_h", "W_r", "W_z"]


def test_simple_rnn_backward_matches_gradient_tape():
    rng = np.random.default_rng(3)
    layer = keras_layer("simple_rnn", 5, 3)
    x = rng.normal(size=(2, 6, 3)).astype("float32")
    target = rng.normal(size=(2, 6, 5)).astype("float32")
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        loss = tf.reduce_sum(0.5 * (layer(xt) - target) ** 2)
    keras_grads = tape.gradient(loss, layer.trainable_variables + [xt])
    states = numpy_rnn.simple_rnn(x, layer.get_weights())
    grads, dx = numpy_rnn.simple_rnn_backward(x, layer.get_weights(), states - target)
    for ours, theirs in zip(grads + [dx], keras_grads, strict=True):
        theirs = np.asarray(theirs)
        assert np.abs(ours - theirs).max() / np.abs(theirs).max() < 1e-4


def test_wrong_gru_bias_layout_is_explained():
    layer = keras_layer("gru", 3, 2, reset_after=True)
    with pytest.raises(ValueError, match="does not match reset_after=False"):
        numpy_rnn.gru(np.zeros((1, 2, 2)), layer.get_weights(), reset_after=False)


@pytest.mark.parametrize("kind, options", [("simple_rnn", {}), ("gru", {"reset_after": True}), ("lstm", {})])
@pytest.mark.parametrize("merge_mode", ["concat", "sum", "mul", "ave"])
@pytest.mark.parametrize("use_mask", [False, True])
def test_bidirectional_matches_keras(kind, options, merge_mode, use_mask):
    batch, time, features, units = 3, 6, 4, 5
    inner = {"simple_rnn": keras.layers.SimpleRNN, "gru": keras.layers.GRU,
             "lstm": keras.layers.LSTM}[kind](units, return_sequences=True, **options)
    layer = keras.layers.Bidirectional(inner, merge_mode=merge_mode)
    layer.build((None, None, features))
    rng = np.random.default_rng(7)
    layer.set_weights([rng.normal(0, 0.6, w.shape).astype("float32") for w in layer.get_weights()])
    x, _, _, mask = data(batch, time, features, units, seed=4)
    mask = mask if use_mask else None
    expected = keras.ops.convert_to_numpy(layer(x, mask=None if mask is None else tf.constant(mask)))
    got = numpy_rnn.bidirectional(kind, x, layer.get_weights(), mask=mask, merge_mode=merge_mode, **options)
    assert got.shape == expected.shape
    assert np.abs(got - expected).max() < TOLERANCE

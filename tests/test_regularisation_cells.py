"""Notebook 10's recurrent cells and word dropout: NumPy formulas, training vs inference, masking, save/load.

The random cells draw a fresh mask at every time step inside Keras' time loop, and carry a step counter as
their last state for that (`layers._StepRandomness`); called directly here, they get it as an extra state.
`tests/test_layer_conformance.py` runs all of them on every backend and under mixed precision.
"""
import keras
import numpy as np
import pytest

from course_utils.layers import CandidateDropoutLSTMCell, LayerNormLSTMCell, StateDropout, WordDropout, Zoneout

X = np.random.default_rng(0).normal(size=(3, 5, 4)).astype("float32")
IDS = np.array([[5, 3, 8, 0, 0], [2, 0, 0, 0, 0], [7, 1, 4, 6, 9]], dtype="int32")


def STEP(batch):
    """The step counter a random cell carries as its last state, at step 0."""
    return np.zeros((batch, 1), "float32")


def numpy_of(*weights):
    return [keras.ops.convert_to_numpy(w) for w in weights]


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def ln(x, gamma, beta, eps=1e-3):
    return gamma * (x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True) + eps) + beta


def sequence_model(cell, mask_zero=False):
    keras.utils.set_random_seed(0)
    if mask_zero:
        ids = keras.Input(shape=(None,), dtype="int32")
        x = keras.layers.Embedding(10, 4, mask_zero=True)(ids)
        return keras.Model(ids, keras.layers.RNN(cell)(x))
    inputs = keras.Input(shape=(None, 4))
    return keras.Model(inputs, keras.layers.RNN(cell, return_sequences=True)(inputs))


def test_layer_norm_lstm_equals_its_formula_with_trained_looking_gamma_and_beta():
    cell = LayerNormLSTMCell(6)
    model = sequence_model(cell)
    rng = np.random.default_rng(1)
    for w in (cell.gate_gamma, cell.gate_beta, cell.cell_gamma, cell.cell_beta):
        w.assign(rng.normal(size=w.shape).astype("float32"))
    K, R, gg, gb, cg, cb = numpy_of(cell.kernel, cell.recurrent_kernel, cell.gate_gamma, cell.gate_beta,
                                    cell.cell_gamma, cell.cell_beta)
    assert K.shape == (4, 24) and R.shape == (6, 24) and gg.shape == gb.shape == (24,) and cg.shape == (6,)
    h, c, outputs = np.zeros((3, 6)), np.zeros((3, 6)), []
    for t in range(5):
        z = ln((X[:, t] @ K + h @ R).reshape(3, 4, 6), gg.reshape(4, 6), gb.reshape(4, 6))
        i, f, g, o = sigmoid(z[:, 0]), sigmoid(z[:, 1]), np.tanh(z[:, 2]), sigmoid(z[:, 3])
        c = f * c + i * g
        h = o * np.tanh(ln(c, cg, cb))
        outputs.append(h)
    assert np.allclose(keras.ops.convert_to_numpy(model(X)), np.stack(outputs, 1), atol=1e-5)


def test_layer_norm_starts_with_gamma_one_beta_zero_but_the_forget_gate_at_one_as_keras_lstm():
    cell = LayerNormLSTMCell(6)
    sequence_model(cell)
    gg, gb, cg, cb = numpy_of(cell.gate_gamma, cell.gate_beta, cell.cell_gamma, cell.cell_beta)
    assert (gg == 1).all() and (cg == 1).all() and (cb == 0).all()
    keras_bias = keras.layers.LSTMCell(6)
    keras_bias.build((None, 4))
    assert np.array_equal(gb, numpy_of(keras_bias.bias)[0]), "beta is Keras' initial LSTM bias: f at 1, i, c, o at 0"
    assert (gb.reshape(4, 6) == [[0], [1], [0], [0]]).all()
    from course_utils.layers import layer_norm
    v = keras.ops.convert_to_tensor(X.reshape(-1, 4))
    assert np.allclose(keras.ops.convert_to_numpy(layer_norm(v, keras.ops.ones(4), keras.ops.zeros(4))),
                       keras.ops.convert_to_numpy(keras.layers.LayerNormalization()(v)), atol=1e-6)


def test_candidate_dropout_cell_is_keras_lstm_at_inference_and_drops_only_while_training():
    cell = CandidateDropoutLSTMCell(6, rate=0.5, seed=3)
    model = sequence_model(cell)
    inputs = keras.Input(shape=(None, 4))
    lstm = keras.layers.LSTM(6, return_sequences=True)
    reference = keras.Model(inputs, lstm(inputs))
    lstm.set_weights(numpy_of(cell.kernel, cell.recurrent_kernel, cell.bias))
    assert np.allclose(numpy_of(cell.bias)[0][6:12], 1.0)           # Keras' unit forget bias
    same = keras.ops.convert_to_numpy(model(X))
    assert np.allclose(same, keras.ops.convert_to_numpy(reference(X)), atol=1e-5)
    assert not np.allclose(same, keras.ops.convert_to_numpy(model(X, training=True)), atol=1e-3)


def test_candidate_dropout_never_drops_the_memory_itself():
    """One step from a given c: with the input and forget gates pinned, c_t = c_{t-1} + i * dropout(c~)."""
    cell = CandidateDropoutLSTMCell(5, rate=0.5, seed=0)
    cell.build((None, 4))
    cell.bias.assign(np.r_[np.full(5, 30.0), np.full(5, 30.0), np.zeros(10)].astype("float32"))  # i = f = 1
    c_prev = np.random.default_rng(2).normal(size=(64, 5)).astype("float32")
    x = np.random.default_rng(3).normal(size=(64, 4)).astype("float32")
    states = [np.zeros((64, 5), "float32"), c_prev, STEP(64)]
    _, (_, c_train, step) = cell(x, states, training=True)
    _, (_, c_test, _) = cell(x, states, training=False)
    assert (keras.ops.convert_to_numpy(step) == 1).all()
    added_train = keras.ops.convert_to_numpy(c_train) - c_prev
    added_test = keras.ops.convert_to_numpy(c_test) - c_prev
    dropped = np.isclose(added_train, 0, atol=1e-6)
    assert 0.3 < dropped.mean() < 0.7                                     # about half the candidates dropped
    assert np.allclose(added_train[~dropped], 2 * added_test[~dropped], atol=1e-5)  # the rest scaled by 1/(1-p)


def test_zoneout_keeps_each_unit_old_or_new_while_training_and_the_expectation_at_inference():
    inner = keras.layers.LSTMCell(5)
    cell = Zoneout(inner, rate=0.3, seed=1)
    cell.build((None, 4))
    rng = np.random.default_rng(4)
    x = rng.normal(size=(200, 4)).astype("float32")
    old = [rng.normal(size=(200, 5)).astype("float32") for _ in range(2)]
    _, new = inner(x, old)
    new = numpy_of(*new)
    out, zoned = cell(x, [*old, STEP(200)], training=True)
    for s_old, s_new, s_zoned in zip(old, new, numpy_of(*zoned[:2])):
        kept = np.isclose(s_zoned, s_old, atol=1e-6)
        assert (kept | np.isclose(s_zoned, s_new, atol=1e-6)).all()
        assert 0.22 < kept.mean() < 0.38
    assert np.allclose(keras.ops.convert_to_numpy(out), keras.ops.convert_to_numpy(zoned[0]))
    _, expected = cell(x, [*old, STEP(200)], training=False)
    for s_old, s_new, s_exp in zip(old, new, numpy_of(*expected[:2])):
        assert np.allclose(s_exp, 0.3 * s_old + 0.7 * s_new, atol=1e-5)


def test_state_dropout_zeroes_or_scales_states_while_training_and_is_the_identity_at_inference():
    inner = keras.layers.GRUCell(5)
    cell = StateDropout(inner, rate=0.4, seed=2)
    cell.build((None, 4))
    x = np.random.default_rng(5).normal(size=(200, 4)).astype("float32")
    h = np.random.default_rng(6).normal(size=(200, 5)).astype("float32")
    new = keras.ops.convert_to_numpy(inner(x, [h])[1][0])
    out, _ = cell(x, [h, STEP(200)], training=True)
    out = keras.ops.convert_to_numpy(out)
    zero = out == 0
    assert 0.3 < zero.mean() < 0.5 and np.allclose(out[~zero], new[~zero] / 0.6, atol=1e-5)
    assert np.allclose(keras.ops.convert_to_numpy(cell(x, [h, STEP(200)], training=False)[0]), new, atol=1e-6)


@pytest.mark.parametrize("cell", [lambda: LayerNormLSTMCell(6), lambda: CandidateDropoutLSTMCell(6, 0.3),
                                  lambda: Zoneout(keras.layers.LSTMCell(6), 0.2),
                                  lambda: StateDropout(keras.layers.SimpleRNNCell(6), 0.2)])
def test_cells_skip_padding_and_survive_save_and_load(tmp_path, cell):
    model = sequence_model(cell(), mask_zero=True)
    final = keras.ops.convert_to_numpy(model(IDS))
    longer = keras.ops.convert_to_numpy(model(np.pad(IDS, ((0, 0), (0, 3)))))
    assert np.allclose(final, longer, atol=1e-6)                    # padded steps keep the state
    short = keras.ops.convert_to_numpy(model(IDS[1:2, :1]))
    assert np.allclose(final[1], short[0], atol=1e-6)
    model.save(tmp_path / "cell.keras")
    loaded = keras.saving.load_model(tmp_path / "cell.keras")
    assert np.allclose(final, keras.ops.convert_to_numpy(loaded(IDS)), atol=1e-6)


def test_word_dropout_replaces_words_by_unknown_only_while_training_and_never_padding():
    layer = WordDropout(0.3, unknown_id=1, seed=0)
    ids = np.tile(IDS, (100, 1))
    out = keras.ops.convert_to_numpy(layer(ids, training=True))
    changed = out != ids
    assert (out[changed] == 1).all() and (out[ids == 0] == 0).all()
    assert 0.25 < changed[ids > 1].mean() < 0.35
    assert (keras.ops.convert_to_numpy(layer(ids)) == ids).all()
    assert WordDropout.from_config(layer.get_config()).get_config() == layer.get_config()


class _Ones(keras.layers.Layer):
    """A cell whose new state is all ones: wrapped in StateDropout, its outputs are the dropout masks."""

    state_size = output_size = 16

    def call(self, inputs, states):
        ones = keras.ops.ones_like(states[0])
        return ones, [ones]


def test_a_fresh_mask_at_every_step_also_after_the_shortest_sequence_ends():
    ids = np.array([[3, 4] + [0] * 8, list(range(1, 11))], dtype="int32")     # lengths 2 and 10
    inputs = keras.Input(shape=(None,), dtype="int32")
    masks = keras.layers.RNN(StateDropout(_Ones(), rate=0.5, seed=4), return_sequences=True)(
        keras.layers.Embedding(12, 3, mask_zero=True)(inputs))
    steps = keras.ops.convert_to_numpy(keras.Model(inputs, masks)(ids, training=True))[1] != 0
    assert len({tuple(step) for step in steps}) == len(steps)                  # ten different masks
    assert 0.3 < steps.mean() < 0.7

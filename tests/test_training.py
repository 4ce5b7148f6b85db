"""cu.training.fit_together trains several models as one and must leave each exactly as training it alone would;
cu.training.restart trains a model again from another's start, as training that one would."""
import keras
import numpy as np
import pytest

from course_utils.training import fit_together, restart

rng = np.random.default_rng(0)
X = rng.integers(1, 30, size=(60, 7)).astype("int32")
Y = rng.integers(1, 30, size=(60, 7)).astype("int32")
X_VAL = rng.integers(1, 30, size=(20, 7)).astype("int32")
Y_VAL = rng.integers(1, 30, size=(20, 7)).astype("int32")   # unrelated to X_VAL: the validation loss soon rises


def language_model(kind, seed, learning_rate=0.05):
    keras.utils.set_random_seed(seed)
    ids = keras.Input(shape=(None,), dtype="int32")
    e = keras.layers.Embedding(30, 6, mask_zero=True)(ids)
    h = {"gru": keras.layers.GRU(8, return_sequences=True),
         "dropout lstm": keras.layers.LSTM(8, return_sequences=True, dropout=0.3)}[kind](e)
    model = keras.Model(ids, keras.layers.Dense(30)(h))
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), metrics=["accuracy"],
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=0))
    return model


def alone(kind, seed, epochs, callbacks=()):
    model = language_model(kind, seed)
    history = model.fit(X, Y, validation_data=(X_VAL, Y_VAL), batch_size=20, epochs=epochs, shuffle=False,
                        callbacks=list(callbacks), verbose=0)
    return model, history.history


def assert_same(a, b):
    for wa, wb in zip(a.get_weights(), b.get_weights(), strict=True):
        np.testing.assert_allclose(wa, wb, rtol=1e-5, atol=1e-6)


def test_each_model_ends_as_if_trained_alone_on_the_same_batches_with_its_own_epochs_and_history():
    together = {"gru": language_model("gru", 1), "short gru": language_model("gru", 2)}
    histories = fit_together(together, X, Y, validation_data=(X_VAL, Y_VAL), batch_size=20, shuffle=False,
                             epochs={"gru": 4, "short gru": 2})
    for name, kind, seed, epochs in (("gru", "gru", 1, 4), ("short gru", "gru", 2, 2)):
        model, history = alone(kind, seed, epochs)
        assert_same(together[name], model)
        assert sorted(histories[name]) == sorted(history), "the same keys as Keras' own history"
        for key in history:
            np.testing.assert_allclose(histories[name][key], history[key], rtol=1e-5)


def test_inputs_per_model_and_early_stopping_match_keras_early_stopping():
    together = {"stops": language_model("gru", 3), "other": language_model("gru", 4)}
    x = {"stops": X, "other": X[:, ::-1].copy()}
    histories = fit_together(together, x, Y, validation_data=({"stops": X_VAL, "other": X_VAL}, Y_VAL), batch_size=20,
                             shuffle=False, epochs=12, patience={"stops": 2})
    model, history = alone("gru", 3, 12, [keras.callbacks.EarlyStopping(patience=2, restore_best_weights=True)])
    assert len(history["loss"]) < 12, "the test needs a run that stops early"
    assert len(histories["stops"]["loss"]) == len(history["loss"])
    assert len(histories["other"]["loss"]) == 12
    assert_same(together["stops"], model)


def test_noise_layers_train_too_and_inference_is_unchanged_by_joining():
    together = {"dropout": language_model("dropout lstm", 5), "gru": language_model("gru", 6)}
    before = together["dropout"].predict(X, verbose=0)
    fit_together(together, X, Y, batch_size=20, epochs=2)
    assert not np.allclose(before, together["dropout"].predict(X, verbose=0)), "the model trained"


def test_models_compiled_with_different_optimizers_are_refused_by_name():
    models = {"a": language_model("gru", 1), "b": language_model("gru", 2, learning_rate=0.01)}
    with pytest.raises(ValueError, match=r"\['b'\] were compiled with another one than 'a'"):
        fit_together(models, X, Y, batch_size=20, epochs=1)


@pytest.mark.parametrize("kind", ["gru", "dropout lstm"])
def test_a_restarted_model_trains_as_the_fresh_one_would_without_a_new_trace(kind):
    used, _ = alone(kind, 1, epochs=2)
    traced_step = used.train_function
    fresh, reference = language_model(kind, 2), language_model(kind, 2)
    assert restart(used, fresh) is used
    assert_same(used, fresh)
    history = used.fit(X, Y, batch_size=20, epochs=2, shuffle=False, verbose=0).history
    expected = reference.fit(X, Y, batch_size=20, epochs=2, shuffle=False, verbose=0).history
    assert used.train_function is traced_step, "the step traced in the first fit is used again"
    assert_same(used, reference)
    np.testing.assert_allclose(history["loss"], expected["loss"], rtol=1e-5)


def test_restart_refuses_a_model_built_otherwise():
    with pytest.raises(ValueError, match="not built like"):
        restart(language_model("gru", 1), language_model("dropout lstm", 1))

"""`run --fits` times every fit, evaluate and predict in a notebook's kernel and must change nothing else;
its summary says what each model costs once (first epoch over the later ones, first evaluate and predict)."""
import keras
import numpy as np
import pytest

from course_utils.instructor import fit_log

X = np.random.default_rng(0).normal(size=(40, 3)).astype("float32")
Y = X @ np.array([[1.0], [-2.0], [0.5]], dtype="float32")


def trained(epochs_per_fit):
    keras.utils.set_random_seed(3)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="tanh"), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="mse")
    for epochs in epochs_per_fit:
        model.fit(X, Y, batch_size=8, epochs=epochs, verbose=0)
    return model


def restore_keras_afterwards(monkeypatch):
    """Timers installed for one test only: Keras' own methods come back after it."""
    for name in ("fit", "evaluate", "predict"):
        monkeypatch.setattr(keras.Model, name, getattr(keras.Model, name))


@pytest.fixture
def logged(tmp_path, monkeypatch):
    restore_keras_afterwards(monkeypatch)
    path = tmp_path / "fits.jsonl"
    fit_log.install(str(path))
    fit_log.install(str(path))   # a re-run of the setup cell wraps nothing twice
    return path


def test_every_call_is_logged_with_its_model_and_epochs(logged):
    first = trained([3, 1])
    model = trained([3, 1])
    model.predict(X, verbose=0)
    model.predict(X[:5], verbose=0)
    model.evaluate(X, Y, verbose=0)
    other = trained([1])
    records = fit_log.read(logged)
    assert [(r["call"], r["model"], len(r.get("epochs", []))) for r in records] == [
        ("fit", 1, 3), ("fit", 1, 1), ("fit", 2, 3), ("fit", 2, 1), ("predict", 2, 0), ("predict", 2, 0),
        ("evaluate", 2, 0), ("fit", 3, 1)]
    assert all(r["seconds"] > 0 for r in records) and all(t > 0 for r in records for t in r.get("epochs", []))
    assert [r["name"] for r in records if r["call"] == "fit"] == [first.name] * 2 + [model.name] * 2 + [other.name]


def test_training_with_the_timers_equals_training_without(tmp_path, monkeypatch):
    without = trained([2])
    restore_keras_afterwards(monkeypatch)
    fit_log.install(str(tmp_path / "fits.jsonl"))
    with_timers = trained([2])
    assert len(fit_log.read(tmp_path / "fits.jsonl")) == 1
    for a, b in zip(with_timers.get_weights(), without.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_the_summary_counts_each_models_first_epoch_over_its_later_ones_and_first_inference_once():
    records = [
        {"call": "fit", "model": 1, "epochs": [3.0, 1.0, 1.0], "seconds": 5.2},
        {"call": "fit", "model": 1, "epochs": [1.0], "seconds": 1.1},          # same model again: no new trace
        {"call": "fit", "model": 2, "epochs": [2.0], "seconds": 2.1},          # one epoch only: unknown
        {"call": "fit", "model": 3, "epochs": [0.5, 0.9], "seconds": 1.5},     # faster first epoch: counted 0
        {"call": "predict", "model": 1, "seconds": 0.4},
        {"call": "predict", "model": 1, "seconds": 0.1},                       # traced already
        {"call": "evaluate", "model": 1, "seconds": 0.3},
        {"call": "predict", "model": 2, "seconds": 0.2},
    ]
    assert fit_log.summarise(records) == pytest.approx({
        "models": 3, "epochs": 7, "fit_seconds": 9.9, "first_epoch_overhead": 2.0, "single_epoch_models": 1,
        "first_inference": 0.9})
    assert fit_log.summarise([])["models"] == 0

"""Every layer and cell of `course_utils.layers`, on the backend this process runs (KERAS_BACKEND), in float32
and under mixed precision: symbolic = eager, a training step that reaches every weight, padding invariance,
randomness only while training and reproducible with a seed, config and `.keras` round trips.

`make test` runs this file on TensorFlow and JAX, `make test-torch` on PyTorch. A new layer in
`course_utils.layers` fails `test_every_layer_of_the_module_has_a_case` until it gets a case here.
"""
import dataclasses
import inspect
import json
from typing import Callable

import keras
import numpy as np
import pytest

from course_utils import layers as L

POLICIES = ("float32", "mixed_float16")
VOCABULARY, DIM, UNITS = 12, 8, 5
IDS = np.array([[5, 3, 8, 2, 0, 0], [2, 7, 0, 0, 0, 0], [7, 1, 4, 6, 9, 3]], dtype="int32")
QUERY = np.random.default_rng(0).normal(size=(3, 4, DIM)).astype("float32")


@dataclasses.dataclass
class Case:
    """How to put one layer in a small model: `wrap(layer, ids)` returns the model's output for the ids input."""
    name: str
    make: Callable[[], keras.layers.Layer]
    wrap: Callable = None            # default: Embedding(mask_zero) -> layer
    takes_query: bool = False        # EncoderDecoderAttention: a second input, the decoder states
    random: bool = False
    inference_is_rate_zero: bool = False   # dropout: at inference the same as with rate 0
    sequence_output: bool = False    # output (batch, time, ...): padding is compared on the real steps
    weightless: bool = False         # the layer has no weights of its own (the embedding below it has)
    no_gradient: tuple = ()          # weights (path endings) that provably get no gradient: checked to stay put


def embedded(ids):
    """Unit-variance vectors (Keras' default, uniform in +-0.05, leaves some gradients below rounding noise)."""
    return keras.layers.Embedding(VOCABULARY, DIM, mask_zero=True, name="embedding",
                                  embeddings_initializer=keras.initializers.RandomNormal(stddev=1.0))(ids)


def in_rnn(cell, ids):
    return keras.layers.RNN(cell)(embedded(ids))


def word_encoder():
    """A small character encoder, as in notebook 11: embedded characters (0 = padding) -> a GRU's last state."""
    return keras.Sequential([keras.layers.Embedding(VOCABULARY, DIM, mask_zero=True), keras.layers.GRU(UNITS)])


def as_characters(layer, ids):
    """EveryWord on (batch, words, 2 characters): each id spelt twice, padding words all 0."""
    return layer(keras.ops.stack([ids, ids], axis=-1))


CASES = [
    # The score layer's bias b(l) (the lecture's, exercise 22.2) moves every word's score alike, and a softmax
    # ignores a common shift: its gradient is exactly 0 (PyTorch computes 0; TF and JAX a rounding error).
    Case("SelfAttention", lambda: L.SelfAttention(hidden_units=(6,)), no_gradient=("score/bias",)),
    Case("MultiLabelSelfAttention", lambda: L.MultiLabelSelfAttention(3, hidden_units=(6,)),
         no_gradient=("score/bias",)),
    Case("MaskedGlobalMaxPooling1D", lambda: L.MaskedGlobalMaxPooling1D(), weightless=True),
    Case("TiedEmbedding", lambda: L.TiedEmbedding(VOCABULARY, DIM, mask_zero=True),
         wrap=lambda layer, ids: layer(layer(ids)), sequence_output=True),
    *[Case(f"EncoderDecoderAttention[{score}]",
           lambda score=score: L.EncoderDecoderAttention(score, units=6, max_source_length=IDS.shape[1] + 3),
           takes_query=True, weightless=score in ("cosine", "dot", "scaled_dot"))
      for score in L.EncoderDecoderAttention.SCORES],
    Case("Highway", lambda: L.Highway(), sequence_output=True),
    Case("EveryWord", lambda: L.EveryWord(word_encoder()), wrap=as_characters, sequence_output=True),
    Case("LayerNormLSTMCell", lambda: L.LayerNormLSTMCell(UNITS), wrap=in_rnn),
    Case("CandidateDropoutLSTMCell", lambda: L.CandidateDropoutLSTMCell(UNITS, rate=0.4, seed=1), wrap=in_rnn,
         random=True, inference_is_rate_zero=True),
    Case("Zoneout", lambda: L.Zoneout(keras.layers.LSTMCell(UNITS), rate=0.4, seed=1), wrap=in_rnn,
         random=True),
    Case("StateDropout", lambda: L.StateDropout(keras.layers.GRUCell(UNITS), rate=0.4, seed=1), wrap=in_rnn,
         random=True, inference_is_rate_zero=True),
    Case("WordDropout", lambda: L.WordDropout(0.4, unknown_id=1, seed=1),
         wrap=lambda layer, ids: L.MaskedGlobalMaxPooling1D()(embedded(layer(ids))), random=True,
         inference_is_rate_zero=True, weightless=True),
]
BY_NAME = {case.name: case for case in CASES}


@pytest.fixture(params=POLICIES)
def policy(request):
    keras.mixed_precision.set_global_policy(request.param)
    yield request.param
    keras.mixed_precision.set_global_policy("float32")


def build(case, make=None):
    """(model, the layer under test); weights drawn from a fixed seed, so two builds are identical."""
    keras.utils.set_random_seed(0)
    layer = (make or case.make)()
    ids = keras.Input(shape=(None,), dtype="int32", name="ids")
    if case.takes_query:
        query = keras.Input(shape=(None, DIM), name="query")
        return keras.Model([query, ids], layer(query, embedded(ids))), layer
    return keras.Model(ids, (case.wrap or (lambda layer, ids: layer(embedded(ids))))(layer, ids)), layer


def inputs(case, ids=IDS):
    return [QUERY, ids] if case.takes_query else ids


def run(model, x, training=False):
    return keras.ops.convert_to_numpy(model(x, training=training)).astype("float32")


def compute_dtype(policy):
    return "float16" if policy == "mixed_float16" else "float32"


def test_every_layer_of_the_module_has_a_case():
    public = {name for name, obj in inspect.getmembers(L, inspect.isclass)
              if issubclass(obj, keras.layers.Layer) and obj.__module__ == L.__name__ and not name.startswith("_")}
    covered = {case.name.split("[")[0] for case in CASES}
    assert public == covered


@pytest.mark.parametrize("name", BY_NAME)
def test_symbolic_and_eager_agree_on_shape_and_dtype_and_weights_stay_float32(name, policy):
    case = BY_NAME[name]
    model, layer = build(case)
    out = model(inputs(case))
    symbolic = model.outputs[0]
    assert keras.backend.standardize_dtype(out.dtype) == symbolic.dtype == compute_dtype(policy)
    assert len(out.shape) == len(symbolic.shape)
    assert all(s in (None, e) for e, s in zip(out.shape, symbolic.shape)), (out.shape, symbolic.shape)
    assert np.isfinite(keras.ops.convert_to_numpy(out).astype("float32")).all()
    assert all(keras.backend.standardize_dtype(w.dtype) == "float32" for w in layer.weights)
    if case.wrap is None:      # traced on its own, as Keras' layer tests do: inputs already in the compute dtype
        vectors = keras.KerasTensor((None, IDS.shape[1], DIM), dtype=compute_dtype(policy))
        query = keras.KerasTensor((None, QUERY.shape[1], DIM), dtype=compute_dtype(policy))
        spec = layer.compute_output_spec(*([query, vectors] if case.takes_query else [vectors]))
        assert spec.dtype == compute_dtype(policy)


@pytest.mark.parametrize("name", BY_NAME)
def test_a_training_step_reaches_every_trainable_weight(name, policy):
    case = BY_NAME[name]
    model, layer = build(case)
    model.compile(optimizer=keras.optimizers.SGD(0.5), loss="mse")
    x, before = inputs(case), [keras.ops.convert_to_numpy(w).copy() for w in model.trainable_weights]
    target = np.ones(run(model, x).shape, "float32")
    # Under mixed precision Keras' dynamic loss scale starts at 32,768 and skips every step whose float16
    # gradients overflow, halving the scale: the layer-normalised LSTM needs 8 such steps on JAX.
    for _ in range(12 if policy == "mixed_float16" else 1):
        loss = model.train_on_batch(x, target)
    assert np.isfinite(loss)
    moved = {w.path: np.abs(keras.ops.convert_to_numpy(w) - old).max() > 1e-6   # beyond float32 rounding
             for w, old in zip(model.trainable_weights, before)}
    exempt = {path for path in moved if case.no_gradient and path.endswith(case.no_gradient)}
    assert all(moved[p] for p in moved if p not in exempt), f"no gradient reached {[p for p in moved if not moved[p]]}"
    if policy == "float32":            # float16 rounding moves them a little
        assert not any(moved[p] for p in exempt), f"{sorted(exempt)} got a gradient"
    assert bool(layer.trainable_weights) != case.weightless


@pytest.mark.parametrize("name", BY_NAME)
def test_padding_does_not_change_the_result(name, policy):
    case = BY_NAME[name]
    model, _ = build(case)
    padded = np.pad(IDS, ((0, 0), (0, 3)))
    short, long = run(model, inputs(case)), run(model, inputs(case, padded))
    if case.sequence_output:
        long = long[:, :IDS.shape[1]]
    tolerance = 2e-3 if policy == "mixed_float16" else 1e-6
    assert np.allclose(short, long, atol=tolerance, rtol=tolerance), np.abs(short - long).max()


@pytest.mark.parametrize("name", ["SelfAttention", "MultiLabelSelfAttention",
                                  *[n for n in BY_NAME if n.startswith("EncoderDecoder")]])
def test_attention_weights_are_finite_and_exactly_zero_at_padding(name, policy):
    case = BY_NAME[name]
    _, layer = build(case)
    embeddings = keras.layers.Embedding(VOCABULARY, DIM, mask_zero=True)
    keys, mask = embeddings(IDS), IDS != 0
    if case.takes_query:
        _, weights = layer(keras.ops.convert_to_tensor(QUERY), keys, mask=mask, return_attention_scores=True)
        real_axis = -1
    else:
        _, weights = layer(keys, mask=mask, return_attention_scores=True)
        real_axis = 1
    weights = keras.ops.convert_to_numpy(weights).astype("float32")
    assert np.isfinite(weights).all()
    padding = ~mask[:, None, :] if case.takes_query else (~mask if weights.ndim == 2 else ~mask[:, :, None])
    assert (np.broadcast_to(padding, weights.shape) <= (weights == 0)).all()
    assert np.allclose(weights.sum(axis=real_axis), 1.0, atol=2e-3)


@pytest.mark.parametrize("name", [case.name for case in CASES if case.random])
def test_randomness_only_while_training_and_reproducible_with_a_seed(name, policy):
    case = BY_NAME[name]
    (model, _), (again, _) = build(case), build(case)
    x = inputs(case)
    first = run(model, x, training=True)
    assert np.array_equal(first, run(again, x, training=True))                 # same seed, same masks
    assert not np.allclose(first, run(model, x, training=True)), "the same masks for every batch"
    assert not np.allclose(first, run(model, x)), "no randomness while training"
    assert np.array_equal(run(model, x), run(model, x))                        # inference is deterministic
    if case.inference_is_rate_zero:
        config = {**case.make().get_config(), "rate": 0.0}
        plain, _ = build(case, lambda: type(case.make()).from_config(config))
        plain.set_weights(model.get_weights())
        assert np.allclose(run(plain, x), run(model, x), atol=1e-6)


@pytest.mark.parametrize("name", BY_NAME)
def test_config_and_keras_file_round_trips_give_identical_outputs(name, policy, tmp_path):
    case = BY_NAME[name]
    model, layer = build(case)
    x = inputs(case)
    config = layer.get_config()
    arguments = [p for p, how in inspect.signature(type(layer).__init__).parameters.items()
                 if p != "self" and how.kind not in (how.VAR_POSITIONAL, how.VAR_KEYWORD)]
    assert not set(arguments) - set(config), "an argument missing from get_config() is lost on loading"
    assert type(layer).from_config(config).get_config() == config
    model.save(tmp_path / "model.keras")
    loaded = keras.saving.load_model(tmp_path / "model.keras")
    as_saved = lambda config: json.loads(json.dumps(config))     # tuples become lists in the file, as they should
    assert as_saved(loaded.get_config()) == as_saved(model.get_config())   # every argument back (rate, seed, ...)
    assert np.abs(run(model, x) - run(loaded, x)).max() <= 1e-6

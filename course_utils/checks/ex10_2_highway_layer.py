"""Exercise 10.2: a highway layer written as a custom Keras layer class, against the kit's `cu.layers.Highway`.

The student writes a class `Highway(keras.layers.Layer)`, `Highway(transform_bias=-2.0, **kwargs)`, with the weights
W_H, W_T (d, d) and b_H, b_T (d,) in Keras' layout (in x out), created in `build` from the input size d:
y = T ∘ H + (1 − T) ∘ x, H = relu(x W_H + b_H), T = sigmoid(x W_T + b_T), b_T starting at transform_bias. The check
receives the class itself. What it must do is more than one output: it builds with the right weights, computes
what the kit's layer computes with the same weights, keeps a padded batch's mask, trains, and saves to `.keras`
and loads back without `custom_objects`. So its cases are `coding.Probe`s, each judging the class itself; the
output is still compared through the engine (`judge_outcome`), so its named mistakes read as in the other checks.
"""
import inspect
import os
import re
import tempfile
import traceback
import warnings

import numpy as np

from .coding import CASE, Case, Outcome, Probe, Test, coding_exercise, judge_outcome, untouched_random_state
from .core import CORRECT, INVALID, WRONG

NAMES = ("W_H", "b_H", "W_T", "b_T")
NOT_REGISTERED = ("a model holding it does not load: the class is not registered. Decorate it with "
                  "@keras.saving.register_keras_serializable() so that keras.saving.load_model finds it by name "
                  "without custom_objects")
NO_KWARGS = ("Keras cannot rebuild it from its config: __init__ must accept **kwargs and pass them to "
             "super().__init__(**kwargs) (Keras passes name, trainable and dtype when it loads a layer)")
CONFIG_LOSES_BIAS = ("a layer rebuilt from its config forgets transform_bias: get_config must return it, "
                     "{**super().get_config(), \"transform_bias\": self.transform_bias}")
NO_SUPER = ("Keras' own set-up of the layer did not run: call super().__init__(**kwargs) first in __init__")
MASK_DROPPED = ("the mask is dropped (Keras warns that the layer does not support masking): set "
                "self.supports_masking = True in __init__, so that the layers after it (an RNN, pooling, the loss) "
                "still skip the padding")
GATE_SWAPPED = ("T and 1 − T are swapped: T is the share of the transform H, y = T ∘ H + (1 − T) ∘ x (a negative b_T "
                "then keeps the input at first)")
NO_RELU = "H has no activation: H = relu(x W_H + b_H)"
TRANSPOSED = ("the kernels are used transposed: in a Keras layer the rows are examples, so the product is x W with W "
              "(in, out); the slides' W x with W (out, in) is the transpose")
GATE_WITHOUT_SIGMOID = "T has no sigmoid: T = sigmoid(x W_T + b_T) is a share between 0 and 1"


class _Verdict(Exception):
    """A probe's answer before it ends: (status, hint)."""


def _layer_class(submission):
    """The submission if it is a Keras layer class; NotImplementedError if it has no call() yet."""
    import keras

    if not inspect.isclass(submission):
        raise _Verdict(INVALID, f"expected your class itself (Highway, no parentheses), got a "
                                f"{type(submission).__name__} object")
    if not issubclass(submission, keras.layers.Layer):
        raise _Verdict(INVALID, f"{submission.__name__} should be a subclass of keras.layers.Layer")
    if submission.call is keras.layers.Layer.call:
        raise NotImplementedError     # the class body is still `...`: not attempted
    return submission


def keras_message(error):
    """What was said, out of the frame Keras puts around an error raised in a layer's call() ("Exception
    encountered when calling Highway.call(). ... Arguments received by ...", bold on a terminal)."""
    said = re.sub(r"\x1b\[[0-9;]*m", "", str(error))
    if "Exception encountered when calling" in said:
        said = said.split("Arguments received by")[0]
        said = said.split("Error encountered:")[-1] if "Error encountered:" in said else said.split(".call().", 1)[-1]
    return " ".join(said.split())


def raised(error, cls):
    """The hint for an error the class caused: its type, its message without Keras' frame, and the last line of
    the class's own code it went through (none when it never got there, e.g. a constructor called with
    arguments it does not take)."""
    message = keras_message(error)
    if (isinstance(error, AttributeError) and "'_" in message) or "super().__init__()" in message:
        return INVALID, NO_SUPER
    own = {f.__code__.co_filename for f in vars(cls).values() if inspect.isfunction(f)}
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename in own]
    where = f" (line {frames[-1].lineno}: {frames[-1].line})" if frames else ""
    return INVALID, f"it raised {type(error).__name__}: {message}{where}"


def probe(name, run):
    """A Probe that runs `run(layer_class)` with Python's random state untouched: a _Verdict gives its (status,
    hint), an error the class causes is said in words (any error, NotImplementedError too: a class that has a
    call() is attempted), and the hint names the case."""
    def judged(submission):
        with untouched_random_state():        # the student's initializers may draw from Python's random
            try:
                _layer_class(submission)      # NotImplementedError (no call() yet) goes on: "not attempted"
                try:
                    status, hint = run(submission)
                except _Verdict:
                    raise
                except Exception as error:    # noqa: BLE001 - whatever the class does, the check answers in words
                    status, hint = raised(error, submission)
            except _Verdict as verdict:
                status, hint = verdict.args
        return status, (f"{hint}{CASE}{name})" if hint and CASE not in hint else hint)
    return Probe(name, judged)


def weights_of(layer):
    """The layer's weights by name, or a _Verdict naming what is off."""
    found = {w.name: w for w in layer.weights}
    if set(found) != set(NAMES):
        have = ", ".join(found) or "none"
        raise _Verdict(WRONG, f"its weights are {have}; a highway layer has W_H, b_H, W_T and b_T (create them in "
                              f"build with self.add_weight(name=..., shape=...), so that the check can set them)")
    return found


def value(weight):
    """A weight's values as a NumPy array (a copy), on any backend."""
    import keras

    return np.array(keras.ops.convert_to_numpy(weight))


def built(cls, d, **arguments):
    layer = cls(**arguments)
    layer.build((None, d))
    return layer, weights_of(layer)


def draw_weights(rng, d):
    return {"W_H": rng.normal(0, 0.6, (d, d)), "b_H": rng.normal(0, 0.3, d), "W_T": rng.normal(0, 0.6, (d, d)),
            "b_T": rng.normal(-1.0, 0.3, d)}


def set_weights(layer, values):
    for name, weight in weights_of(layer).items():
        weight.assign(values[name].astype("float32"))


def numpy_highway(x, p, swap=False, relu=True, transposed=False, sigmoid=True):
    W_H, W_T = (p["W_H"].T, p["W_T"].T) if transposed else (p["W_H"], p["W_T"])
    H = x @ W_H + p["b_H"]
    H = np.maximum(H, 0) if relu else H
    T = x @ W_T + p["b_T"]
    T = 1 / (1 + np.exp(-T)) if sigmoid else T
    return (1 - T) * H + T * x if swap else T * H + (1 - T) * x


def builds(d):
    def run(cls):
        layer, found = built(cls, d)
        shapes = {"W_H": (d, d), "b_H": (d,), "W_T": (d, d), "b_T": (d,)}
        wrong = [f"{n} is {tuple(found[n].shape)}, not {shapes[n]}" for n in NAMES if tuple(found[n].shape) != shapes[n]]
        if wrong:
            return WRONG, (f"{'; '.join(wrong)}: W_H and W_T are d x d (in x out, Keras' layout) and b_H, b_T have "
                           f"d numbers, 2d(d + 1) parameters in all")
        untrainable = [n for n in NAMES if not found[n].trainable]
        if untrainable:
            return WRONG, f"{', '.join(untrainable)} cannot learn (trainable=False)"
        start = value(found["b_T"])
        if not np.allclose(start, -2.0):
            return WRONG, (f"b_T starts at {float(start.flat[0]):g}: it starts at transform_bias, -2 by default, so "
                           f"that T = sigmoid(-2) ≈ 0.12 and the layer starts close to the identity")
        _, found = built(cls, d, transform_bias=-1.0)
        start = value(found["b_T"])
        if not np.allclose(start, -1.0):
            return WRONG, (f"with transform_bias=-1.0, b_T starts at {float(start.flat[0]):g}: initialise b_T with "
                           f"the constructor's transform_bias (keras.initializers.Constant(transform_bias))")
        return CORRECT, ""
    return run


def computes(name, x, p):
    def run(cls):
        import keras

        from ..layers import Highway

        layer, _ = built(cls, x.shape[-1])
        set_weights(layer, p)
        output = keras.ops.convert_to_numpy(layer(x.astype("float32")))
        reference = Highway(transform_bias=-2.0)
        reference.build((None, x.shape[-1]))
        reference.set_weights([p[n].astype("float32") for n in NAMES])
        expected = keras.ops.convert_to_numpy(reference(x.astype("float32")))
        mistakes = ((GATE_SWAPPED, numpy_highway(x, p, swap=True)), (NO_RELU, numpy_highway(x, p, relu=False)),
                    (TRANSPOSED, numpy_highway(x, p, transposed=True)),
                    (GATE_WITHOUT_SIGMOID, numpy_highway(x, p, sigmoid=False)))
        case = Case(name, (), expected, mistakes, output_names=("y",))
        return judge_outcome(Outcome(output), case, 1e-5)
    return run


def keeps_the_mask(rng, d):
    ids = np.array([[3, 1, 4, 0, 0], [2, 5, 0, 0, 0], [6, 2, 1, 5, 3]], dtype="int32")
    embedding_matrix, p = rng.normal(0, 1, (7, d)), draw_weights(rng, d)

    def run(cls):
        import keras

        inputs = keras.Input((None,), dtype="int32")
        embedding = keras.layers.Embedding(7, d, mask_zero=True, embeddings_initializer="zeros")
        layer = cls()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            model = keras.Model(inputs, keras.layers.GlobalAveragePooling1D()(layer(embedding(inputs))))
        embedding.set_weights([embedding_matrix.astype("float32")])
        set_weights(layer, p)
        if any("mask" in str(w.message) for w in caught):
            return WRONG, MASK_DROPPED
        short = keras.ops.convert_to_numpy(model(ids))
        long = keras.ops.convert_to_numpy(model(np.pad(ids, ((0, 0), (0, 3)))))
        if not np.allclose(short, long, atol=1e-5):
            return WRONG, ("more padding changes the average of the real words' outputs: the mask must reach the "
                           "pooling after the layer (self.supports_masking = True)")
        return CORRECT, ""
    return run


def trains(rng, d):
    x, target, p = rng.normal(0, 1, (16, d)), rng.normal(0, 1, (16, d)), draw_weights(rng, d)

    def run(cls):
        import keras

        inputs = keras.Input((d,))
        layer = cls()
        model = keras.Model(inputs, layer(inputs))
        set_weights(layer, p)
        model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse", run_eagerly=True)
        before = {n: value(w) for n, w in weights_of(layer).items()}
        with warnings.catch_warnings():     # "Gradients do not exist for ...": said below in the check's words
            warnings.simplefilter("ignore")
            first = float(model.train_on_batch(x.astype("float32"), target.astype("float32")))
            second = float(model.train_on_batch(x.astype("float32"), target.astype("float32")))
        still = [n for n, w in weights_of(layer).items() if np.abs(value(w) - before[n]).max() <= 1e-7]
        if still:
            return WRONG, (f"no gradient reaches {', '.join(still)}: every weight must take part in call() (through "
                           f"keras.ops, not NumPy)")
        if not second < first:
            return WRONG, f"the loss does not fall after a training step ({first:.4f}, then {second:.4f})"
        return CORRECT, ""
    return run


def _load_error(error):
    said = str(error)
    if "Could not locate class" in said:
        return NOT_REGISTERED
    if "unexpected keyword argument" in said:
        return NO_KWARGS
    last = [line for line in said.splitlines() if line.strip()][-1:] or [""]
    return f"loading the saved model raised {type(error).__name__}: {last[0][:300]}"


def saves_and_loads(rng, d):
    x, p = rng.normal(0, 1, (2, 3, d)), draw_weights(rng, d)

    def run(cls):
        import keras

        inputs = keras.Input((None, d))
        layer = cls(transform_bias=-1.0)
        model = keras.Model(inputs, layer(inputs))
        set_weights(layer, p)
        with tempfile.TemporaryDirectory(prefix="ex10_2-") as folder:
            path = os.path.join(folder, "highway.keras")
            try:
                model.save(path)
            except Exception as error:   # noqa: BLE001 - e.g. a get_config that fails
                return WRONG, f"saving a model that holds it raised {type(error).__name__}: {error}"
            try:
                loaded = keras.saving.load_model(path)
            except Exception as error:   # noqa: BLE001 - said in words: which of the known mistakes it is
                return WRONG, _load_error(error)
        again = loaded.layers[-1]
        if type(again) is not cls:
            return WRONG, (f"it loads as {type(again).__module__}.{type(again).__qualname__}: another class is "
                           f"registered under the same name")
        y, y_again = (keras.ops.convert_to_numpy(m(x.astype("float32"))) for m in (model, loaded))
        if not np.allclose(y, y_again, atol=1e-6):
            return WRONG, "the loaded model computes something else than the saved one"
        try:
            rebuilt = cls.from_config(layer.get_config())
        except Exception as error:   # noqa: BLE001
            return WRONG, _load_error(error)
        rebuilt.build((None, d))
        if not np.allclose(value(weights_of(rebuilt)["b_T"]), -1.0):
            return WRONG, CONFIG_LOSES_BIAS
        return CORRECT, ""
    return run


def build_tests(rng):
    return [probe(f"inputs of size {d}", builds(d)) for d in (3, 5)]


def output_tests(rng):
    d = 4
    return [probe(name, computes(name, x, draw_weights(rng, d)))
            for name, x in (("a batch of vectors (8, 4)", rng.normal(0, 1, (8, d))),
                            ("a batch of sequences (2, 5, 4)", rng.normal(0, 1, (2, 5, d))))]


def mask_tests(rng):
    return [probe("Embedding(mask_zero=True), then the layer, then GlobalAveragePooling1D", keeps_the_mask(rng, 4))]


def training_tests(rng):
    return [probe("two steps of SGD on 16 vectors of size 3", trains(rng, 3))]


def saving_tests(rng):
    return [probe("a model of one Highway(transform_bias=-1.0) on sequences of size 4", saves_and_loads(rng, 4))]


ex10_2 = coding_exercise(
    "ex10_2", "Exercise 10.2 (a highway layer as a Keras layer class)",
    [Test("it builds the four weights, b_T at transform_bias", build_tests),
     Test("it computes what cu.layers.Highway computes with the same weights", output_tests),
     Test("it keeps the mask of a padded batch", mask_tests),
     Test("a training step reaches every weight", training_tests),
     Test("it saves to .keras and loads back without custom_objects", saving_tests)],
    "Exercise 10.2: check a Highway layer class against cu.layers.Highway: weights, output, mask, a training step, "
    "a .keras round trip (pass the class itself).",
    seed=1002, what="class")

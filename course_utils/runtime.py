"""Make every notebook start the same way: quiet, seeded and deterministic.

TensorFlow reads its logging switches once, when it is first imported, so
`setup` must run before anything imports TensorFlow or Keras.

The seed a notebook passes is its own; the instructor's portability check
(`make portability`, i.e. `python -m course_utils.instructor.portability`)
replays a notebook with other seeds by setting the environment variable
`COURSE_SEED`, which wins over the argument. Code that re-seeds later (e.g. to
give several models the same start) uses `cu.runtime.SEED`, so the replay
changes it too. The instructor's `run --fits` sets `COURSE_FIT_LOG`; then `setup` also times every
Keras `fit`, `evaluate` and `predict` into that file (`course_utils.instructor.fit_log`).
"""
import functools
import os
import random
import sys
import warnings
import zlib

import numpy as np

QUIET_TF_ENV = {
    # Both are needed with TF 2.21: either one alone still prints banners,
    # which Jupyter copies into stored outputs and nbval then rejects.
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "TF_ENABLE_ONEDNN_OPTS": "0",
}
SEED_VARIABLE = "COURSE_SEED"
FIT_LOG_VARIABLE = "COURSE_FIT_LOG"   # the instructor's `run --fits` only
SEED = None  # the seed in force, set by setup()


class WrongBackendError(RuntimeError):
    """The notebook uses a backend's own API (e.g. tf.GradientTape) and Keras runs another backend."""


BACKEND_NAMES = {"tensorflow": "TensorFlow", "jax": "JAX", "torch": "PyTorch", "numpy": "NumPy"}


def loading_message(backend=None):
    """The line the first `setup` prints: the seconds a first cell shows only `[*]` are explained."""
    backend = backend or os.environ.get("KERAS_BACKEND", "tensorflow")
    return (f"Loading Keras and {BACKEND_NAMES.get(backend, backend)}: a few seconds, "
            "longer on the first run after installing.")


def setup(seed=0, *, precision=4, backend=None):
    """Silence TensorFlow, seed Python/NumPy/Keras and make ops deterministic.

    `backend="tensorflow"` says the notebook calls TensorFlow itself; then a
    different `KERAS_BACKEND` stops it with one clear line instead of a
    traceback deep inside a cell. The first call in a process says that it loads
    Keras and TensorFlow (the seconds a first cell shows only `[*]`); a re-run
    prints nothing. Warns if TensorFlow was imported before the call, because
    then the logging switches come too late.
    """
    global SEED
    already_quiet = all(os.environ.get(k) == v for k, v in QUIET_TF_ENV.items())
    if "tensorflow" in sys.modules and not already_quiet:  # a re-run of setup is fine
        warnings.warn(
            "course_utils.setup() ran after TensorFlow was imported, so TensorFlow's "
            "log messages cannot be silenced any more. Call cu.setup(...) in the first "
            "code cell, before importing keras or tensorflow, then restart the kernel.",
            stacklevel=2,
        )
    os.environ.update(QUIET_TF_ENV)
    SEED = int(os.environ.get(SEED_VARIABLE, seed))
    os.environ["PYTHONHASHSEED"] = str(SEED)  # for any subprocess we start
    if "keras" not in sys.modules:
        print(loading_message(), flush=True)

    import keras

    if backend is not None and keras.backend.backend() != backend:
        raise WrongBackendError(
            f"this notebook needs the {backend} backend (it calls {backend} directly) but Keras runs on "
            f"{keras.backend.backend()!r}: unset KERAS_BACKEND or set KERAS_BACKEND={backend}, then restart the kernel")
    keras.utils.set_random_seed(SEED)  # seeds `random`, NumPy and the backend
    if keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        tf.get_logger().setLevel("ERROR")
        tf.config.experimental.enable_op_determinism()
        build_optimizer_at_compile()
    random.seed(SEED)
    np.random.seed(SEED)
    np.set_printoptions(precision=precision, suppress=True, linewidth=100)
    if os.environ.get(FIT_LOG_VARIABLE):
        from .instructor import fit_log

        fit_log.install(os.environ[FIT_LOG_VARIABLE])


def build_optimizer_at_compile():
    """Make `Model.compile` create the optimizer's slots (e.g. Adam's moments) at once, as Keras does under
    a distribution strategy.

    Without one, Keras on TensorFlow creates them inside the first training step's `tf.function`, and a
    `tf.function` that creates variables is traced twice, for every model the course trains
    (`tests/test_runtime.py` checks one trace and the same weights). Idempotent.
    """
    import keras

    if getattr(keras.Model.compile, "builds_optimizer", False):
        return
    compile_model = keras.Model.compile

    def compile_and_build(model, *args, **kwargs):
        compile_model(model, *args, **kwargs)
        if model.built and model.optimizer is not None and not model.optimizer.built:
            model.optimizer.build(model.trainable_variables)

    functools.update_wrapper(compile_and_build, compile_model)   # keeps Keras' docstring; __wrapped__ is Keras' own
    compile_and_build.builds_optimizer = True
    keras.Model.compile = compile_and_build


def reseed(part):
    """Give one independent part of a notebook (a model, an experiment) its own random stream.

    The stream is derived from the notebook's seed (so `COURSE_SEED` replays change it too) and from the
    part's name, not from what ran before: changing or skipping one model leaves the others' initial
    weights and shuffling as they were.
    """
    import keras

    if SEED is None:
        raise RuntimeError("call cu.setup(seed) before cu.runtime.reseed")
    keras.utils.set_random_seed((SEED * 1_000_003 + zlib.crc32(part.encode())) % 2**32)

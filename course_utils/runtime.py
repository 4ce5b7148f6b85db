"""Make every notebook start the same way: quiet, seeded and deterministic.

TensorFlow reads its logging switches once, when it is first imported, so
`setup` must run before anything imports TensorFlow or Keras.
"""
import os
import random
import sys
import warnings

import numpy as np

QUIET_TF_ENV = {
    # Both are needed with TF 2.21: either one alone still prints banners,
    # which Jupyter copies into stored outputs and nbval then rejects.
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "TF_ENABLE_ONEDNN_OPTS": "0",
}


def setup(seed=0, *, precision=4):
    """Silence TensorFlow, seed Python/NumPy/Keras and make ops deterministic.

    Prints nothing. Warns if TensorFlow was imported before the call, because
    then the logging switches come too late to take effect.
    """
    already_quiet = all(os.environ.get(k) == v for k, v in QUIET_TF_ENV.items())
    if "tensorflow" in sys.modules and not already_quiet:  # a re-run of setup is fine
        warnings.warn(
            "course_utils.setup() ran after TensorFlow was imported, so TensorFlow's "
            "log messages cannot be silenced any more. Call cu.setup(...) in the first "
            "code cell, before importing keras or tensorflow, then restart the kernel.",
            stacklevel=2,
        )
    os.environ.update(QUIET_TF_ENV)
    os.environ["PYTHONHASHSEED"] = str(seed)  # for any subprocess we start

    import keras

    keras.utils.set_random_seed(seed)  # seeds `random`, NumPy and the backend
    if keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        tf.get_logger().setLevel("ERROR")
        tf.config.experimental.enable_op_determinism()
    random.seed(seed)
    np.random.seed(seed)
    np.set_printoptions(precision=precision, suppress=True, linewidth=100)

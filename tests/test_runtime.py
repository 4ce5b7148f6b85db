import os
import subprocess
import sys

import pytest

import course_utils as cu


def python(code, **env):
    """Run `code` in a fresh Python whose environment is not this one's after a cu.setup (other test modules
    call it, and it exports TensorFlow's quiet switches, which a child would inherit)."""
    clean = {k: v for k, v in os.environ.items()
             if k not in ("COURSE_SEED", "KERAS_BACKEND", "PYTHONHASHSEED", *cu.runtime.QUIET_TF_ENV)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                          env={**clean, **env})


# One fresh Python that sets up as a TensorFlow notebook does, shared by the tests below (each costs an import
# of TensorFlow): it prints the seed in force and a random number drawn after a second setup with the same seed.
SEEDED = ("import course_utils as cu; cu.setup(seed=3, backend='tensorflow')\n"
          "import keras, numpy as np\n"
          "a = keras.random.normal((3,)); cu.setup(seed=3); b = keras.random.normal((3,))\n"
          "assert np.array_equal(np.asarray(a), np.asarray(b))\n"
          "import os; assert os.environ['TF_CPP_MIN_LOG_LEVEL'] == '3'\n"
          "print(cu.runtime.SEED, float(np.asarray(b)[0]))\n")


@pytest.fixture(scope="module")
def seeded():
    return python(SEEDED)


def test_setup_says_once_what_it_loads_and_is_deterministic(seeded):
    assert seeded.returncode == 0, seeded.stderr
    assert seeded.stdout.splitlines()[:-1] == [cu.runtime.loading_message("tensorflow")] and seeded.stderr == "", \
        "one line, first call only"


def test_setup_warns_when_tensorflow_came_first():
    result = python("import tensorflow\nimport course_utils as cu\ncu.setup()")
    assert result.returncode == 0
    assert "setup() ran after TensorFlow was imported" in result.stderr


def test_the_course_seed_variable_replays_a_notebook_with_another_seed(seeded):
    other = python(SEEDED, COURSE_SEED="101")
    own, other = seeded.stdout.splitlines()[-1].split(), other.stdout.splitlines()[-1].split()
    assert own[0] == "3" and other[0] == "101", (own, other)
    assert own[1] != other[1]


def test_a_notebook_that_needs_tensorflow_says_so_in_one_line_on_another_backend(seeded):
    result = python("import course_utils as cu; cu.setup(seed=2, backend='tensorflow')", KERAS_BACKEND="numpy")
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("course_utils.runtime.WrongBackendError: this notebook needs the tensorflow backend")
    assert "KERAS_BACKEND=tensorflow" in last
    assert seeded.returncode == 0, "on TensorFlow the same call goes through"


def test_the_loading_line_names_the_backend_keras_will_load(monkeypatch):
    monkeypatch.setenv("KERAS_BACKEND", "jax")
    assert cu.runtime.loading_message().startswith("Loading Keras and JAX:")
    monkeypatch.delenv("KERAS_BACKEND")
    assert cu.runtime.loading_message().startswith("Loading Keras and TensorFlow:")
    assert cu.runtime.loading_message("torch").startswith("Loading Keras and PyTorch:")


def test_compile_builds_the_optimizer_so_fit_traces_its_step_once_with_the_same_weights():
    code = '''
import course_utils as cu
import keras, numpy as np

traces = []

class Counted(keras.Model):
    def train_step(self, data):
        traces.append(1)
        return super().train_step(data)

def trained():
    cu.runtime.reseed("model")
    ids = keras.Input(shape=(None,), dtype="int32")
    h = keras.layers.GRU(8, return_sequences=True)(keras.layers.Embedding(20, 4, mask_zero=True)(ids))
    model = Counted(ids, keras.layers.Dense(20)(h))
    model.compile(optimizer=keras.optimizers.Adam(0.01),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=0))
    x = np.random.default_rng(0).integers(0, 20, size=(40, 6)).astype("int32")
    model.fit(x, x, batch_size=10, epochs=2, verbose=0)
    return model.get_weights()

def traces_and_weights():
    traces.clear()
    weights = trained()
    return len(traces), np.concatenate([w.ravel() for w in weights])

cu.setup(seed=1)
kit_traces, kit_weights = traces_and_weights()            # the kit's compile
keras.Model.compile = keras.Model.compile.__wrapped__    # Keras' own compile put back, the rest as it was
keras_traces, keras_weights = traces_and_weights()
np.testing.assert_array_equal(kit_weights, keras_weights)
print(kit_traces, keras_traces)
'''
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                         env={k: v for k, v in os.environ.items() if k != "COURSE_SEED"})
    assert run.returncode == 0, run.stderr        # includes: the same weights either way
    kit_traces, keras_traces = map(int, run.stdout.split()[-2:])
    assert kit_traces == 1, "the kit's compile builds the optimizer, so the training step is traced once"
    assert keras_traces == 2, "Keras' own compile on TensorFlow traces it twice (what the kit avoids)"

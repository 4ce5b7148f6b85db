import os
import subprocess
import sys

import numpy as np

import course_utils as cu


def python(code, **env):
    """Run `code` in a fresh Python whose environment is not this one's after a cu.setup (other test modules
    call it, and it exports TensorFlow's quiet switches, which a child would inherit)."""
    clean = {k: v for k, v in os.environ.items()
             if k not in ("COURSE_SEED", "KERAS_BACKEND", "PYTHONHASHSEED", *cu.runtime.QUIET_TF_ENV)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                          env={**clean, **env})


def test_setup_says_once_what_it_loads_and_is_deterministic():
    code = ("import course_utils as cu; cu.setup(seed=3)\n"
            "import keras, numpy as np\n"
            "a = keras.random.normal((3,)); cu.setup(seed=3); b = keras.random.normal((3,))\n"
            "assert np.array_equal(np.asarray(a), np.asarray(b))\n"
            "import os; assert os.environ['TF_CPP_MIN_LOG_LEVEL'] == '3'\n")
    result = python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [cu.runtime.loading_message("tensorflow")] and result.stderr == "", "one line, first call only"


def test_setup_warns_when_tensorflow_came_first():
    result = python("import tensorflow\nimport course_utils as cu\ncu.setup()")
    assert result.returncode == 0
    assert "setup() ran after TensorFlow was imported" in result.stderr


def test_the_course_seed_variable_replays_a_notebook_with_another_seed():
    code = ("import course_utils as cu; cu.setup(seed=3)\n"
            "import keras, numpy as np\n"
            "print(cu.runtime.SEED, float(np.asarray(keras.random.normal((1,)))[0]))\n")
    own, other = python(code), python(code, COURSE_SEED="101")
    own, other = own.stdout.splitlines()[-1].split(), other.stdout.splitlines()[-1].split()
    assert own[0] == "3" and other[0] == "101", (own, other)
    assert own[1] != other[1]


def test_a_notebook_that_needs_tensorflow_says_so_in_one_line_on_another_backend():
    result = python("import course_utils as cu; cu.setup(seed=2, backend='tensorflow')", KERAS_BACKEND="numpy")
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("course_utils.runtime.WrongBackendError: this notebook needs the tensorflow backend")
    assert "KERAS_BACKEND=tensorflow" in last
    assert python("import course_utils as cu; cu.setup(seed=2, backend='tensorflow')").returncode == 0


def test_the_loading_line_names_the_backend_keras_will_load(monkeypatch):
    monkeypatch.setenv("KERAS_BACKEND", "jax")
    assert cu.runtime.loading_message().startswith("Loading Keras and JAX:")
    monkeypatch.delenv("KERAS_BACKEND")
    assert cu.runtime.loading_message().startswith("Loading Keras and TensorFlow:")
    assert cu.runtime.loading_message("torch").startswith("Loading Keras and PyTorch:")


def test_compile_builds_the_optimizer_so_fit_traces_its_step_once_with_the_same_weights():
    code = '''
import sys
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

keras_own = keras.Model.compile
if sys.argv[1] == "kit":
    cu.setup(seed=1)
else:   # the same setup, with Keras' own compile put back
    cu.setup(seed=1)
    keras.Model.compile = keras_own.__wrapped__ if hasattr(keras_own, "__wrapped__") else keras_own
weights = trained()
np.save(sys.argv[2], np.concatenate([w.ravel() for w in weights]))
print(len(traces))
'''
    import tempfile
    with tempfile.TemporaryDirectory() as folder:
        results = {}
        for how in ("kit", "keras"):
            run = subprocess.run([sys.executable, "-c", code, how, f"{folder}/{how}.npy"], capture_output=True,
                                 text=True, timeout=300, env={k: v for k, v in os.environ.items() if k != "COURSE_SEED"})
            assert run.returncode == 0, run.stderr
            results[how] = int(run.stdout.splitlines()[-1]), np.load(f"{folder}/{how}.npy")
    assert results["kit"][0] == 1, "the kit's compile builds the optimizer, so the training step is traced once"
    assert results["keras"][0] == 2, "Keras' own compile on TensorFlow traces it twice (what the kit avoids)"
    np.testing.assert_array_equal(results["kit"][1], results["keras"][1])

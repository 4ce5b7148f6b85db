import subprocess
import sys


def python(code):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)


def test_setup_is_silent_and_deterministic():
    code = ("import course_utils as cu; cu.setup(seed=3)\n"
            "import keras, numpy as np\n"
            "a = keras.random.normal((3,)); cu.setup(seed=3); b = keras.random.normal((3,))\n"
            "assert np.array_equal(np.asarray(a), np.asarray(b))\n"
            "import os; assert os.environ['TF_CPP_MIN_LOG_LEVEL'] == '3'\n")
    result = python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""


def test_setup_warns_when_tensorflow_came_first():
    result = python("import tensorflow\nimport course_utils as cu\ncu.setup()")
    assert result.returncode == 0
    assert "setup() ran after TensorFlow was imported" in result.stderr

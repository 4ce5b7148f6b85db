"""The lecture's notation: slide shapes of real Keras weights. (The gate orders and letters are tested where
they matter, in tests/test_numpy_rnn.py: the slide equations written with them equal the Keras layers.)"""
import doctest

import keras
import numpy as np
import pytest

from course_utils import notation


def test_examples_in_the_docstrings_hold():
    assert doctest.testmod(notation).failed == 0


def test_slide_shape_of_real_keras_weights():
    dense = keras.layers.Dense(7)
    dense.build((None, 500))                         # W(o): 7 classes x 500 units on the slides
    assert notation.slide_shape(dense.kernel) == (7, 500)
    assert notation.slide_shape(dense.bias) == (7, 1)
    assert notation.slide_shape(np.zeros((3, 4, 5))[0]) == (5, 4)
    with pytest.raises(ValueError, match=r"got shape \(3, 4, 5\)"):
        notation.slide_shape(np.zeros((3, 4, 5)))

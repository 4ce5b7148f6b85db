"""Exercise 03.1: the trainable parameters of recurrent layers (notebook 03)."""
from course_utils.checks.core import Count, exercise

SIZES = dict(inputs=100, units=64)
_d, _u = SIZES["inputs"], SIZES["units"]
SPEC = {
    "simple_rnn": Count(_u * (_d + _u + 1), "u(d + u + 1): input matrix, recurrent matrix and bias",
                        ((_u * (_d + _u), "did you forget the bias (u numbers)?"),)),
    "gru": Count(3 * _u * (_d + _u + 2), "3u(d + u + 2) with Keras' default reset_after=True",
                 ((3 * _u * (_d + _u + 1), "that is reset_after=False; Keras' default keeps a second "
                                           "(recurrent) bias per gate, 3u more numbers"),
                  (3 * _u * (_d + _u), "did you forget the biases?"))),
    "gru_reset_after_false": Count(3 * _u * (_d + _u + 1), "3u(d + u + 1): three gates, one bias each",
                                   ((3 * _u * (_d + _u + 2), "that is Keras' default, reset_after=True"),)),
    "lstm": Count(4 * _u * (_d + _u + 1), "4u(d + u + 1): four gates (i, f, c, o)",
                  ((4 * _u * (_d + _u), "did you forget the biases?"),
                   (3 * _u * (_d + _u + 1), "an LSTM has four gate blocks, not three"))),
    "bidirectional_lstm": Count(2 * 4 * _u * (_d + _u + 1), "two LSTMs: 2 x 4u(d + u + 1)",
                                ((4 * _u * (_d + _u + 1), "a Bidirectional layer holds two LSTMs, "
                                                          "one per direction"),)),
}

ex03_1 = exercise("ex03_1", "Exercise 03.1 (parameter counts)", SPEC, SIZES,
                  "Exercise 03.1: trainable parameters of recurrent layers (d = 100 inputs, u = 64 units).")

"""Exercise 02.1: the simple RNN with one stacked matrix, a_t = tanh(W_a [a_{t-1}; x_t] + b_a) (notebook 02)."""
from course_utils.checks.core import Shape, exercise, matrix, vector
from course_utils.notation import KERNEL_SWAP

SIZES = dict(n_a=64, n_x=100)
_n_a, _n_x = SIZES["n_a"], SIZES["n_x"]
SPEC = {
    "W_aa": matrix(_n_a, _n_a, "n_a (the new state)", "n_a (the previous state)"),
    "W_ax": matrix(_n_a, _n_x, "n_a (the new state)", "n_x (the input)"),
    "W_a": Shape((_n_a, _n_a + _n_x), ("n_a (the new state)", "n_a + n_x (the stacked vector it reads)"), KERNEL_SWAP,
                 (((2 * _n_a, _n_x), "[W_aa | W_ax] puts the matrices side by side: the columns add up "
                                     "(n_a + n_x), the rows stay n_a"),
                  ((2 * _n_a, _n_a + _n_x), "side by side, not on top of each other: the rows stay n_a"))),
    "stacked": vector(_n_a + _n_x, "n_a + n_x: the previous state on top of the input"),
    "a_t": vector(_n_a, "n_a"),
}

ex02_1 = exercise("ex02_1", "Exercise 02.1 (stacked RNN matrix)", SPEC, SIZES,
                  "Exercise 02.1: a_t = tanh(W_a [a_{t-1}; x_t] + b_a) with one stacked matrix.")

"""Exercise 10.1: a highway layer, a layer-normalised LSTM and the masks of variational dropout (notebook 10).

`cu.shapes.regularisation_layers(**SIZES)` builds the same layers in Keras (the reveal and the tests read them).
"""
from course_utils.checks.core import Count, Shape, exercise, matrix, vector

SIZES = dict(highway_dim=256, units=128, input_dim=64, batch=32, time=20)
_d, _u, _x, _B, _T = (SIZES[k] for k in ("highway_dim", "units", "input_dim", "batch", "time"))
_HIGHWAY = 2 * (_d * _d + _d)
_LN_LSTM = _x * 4 * _u + _u * 4 * _u + 2 * 4 * _u + 2 * _u
_STATE_NOT_WORD = "W multiplies the previous state h_{t-1} (128 numbers), U the current input e_t (64 numbers)"
SPEC = {
    "W_H": matrix(_d, _d, "the output size (a highway layer keeps the size)", "the input size"),
    "b_H": vector(_d, "one bias per output"),
    "W_T": matrix(_d, _d, "one gate per output number", "the input size"),
    "b_T": vector(_d, "one gate bias per output"),
    "keras_b_T": Shape((_d,), ("one entry per unit: Keras biases are 1-D",),
                       mistakes=(((_d, 1), "Keras stores biases as 1-D arrays, one number per unit, not as columns"),)),
    "params_highway": Count(_HIGHWAY, "W_H, b_H, W_T, b_T: 2 x (256 x 256 + 256)",
                            ((_d * _d + _d, "a highway layer has two dense parts: H and the gate T"),
                             (2 * _d * _d, "did you forget the biases b_H and b_T?"))),
    "W_f": matrix(_u, _u, "the units (one forget gate per unit)", "the units of the previous state h_{t-1}",
                  [((_u, _x), f"that is the shape of U_f: {_STATE_NOT_WORD}")]),
    "U_f": matrix(_u, _x, "the units (one forget gate per unit)", "the input size of e_t",
                  [((_u, _u), f"that is the shape of W_f: {_STATE_NOT_WORD}")]),
    "kernel": Shape((_x, 4 * _u), ("the input size", "4 gates x 128 units (i, f, c, q side by side)"),
                    "Keras' kernel is input x (4 x units): the transposes of U_i, U_f, U_c, U_q side by side",
                    (((_x, _u), "Keras stores the four gates' U matrices in one kernel: 4 x 128 columns"),)),
    "recurrent_kernel": Shape((_u, 4 * _u), ("the units of h_{t-1}", "4 gates x 128 units"),
                              "Keras' recurrent_kernel is units x (4 x units): the transposes of the four W matrices",
                              (((_u, _u), "Keras stores the four gates' W matrices in one recurrent_kernel"),)),
    "gate_gamma": Shape((4 * _u,), ("one gamma per gate pre-activation: 4 gates x 128 units",),
                        mistakes=(((_u,), "each of the 4 gates is normalised and scaled separately: 4 x 128"),
                                  ((4, _u), "right count, but Keras keeps the gates side by side in one 1-D "
                                            "weight, as in the bias"))),
    "cell_gamma": Shape((_u,), ("one gamma per unit of the cell state c_t",),
                        mistakes=(((_u, 1), "Keras stores gamma as a 1-D array, one number per unit"),)),
    "params_ln_lstm": Count(_LN_LSTM, "kernel + recurrent_kernel + gate gamma and beta (2 x 512) + cell gamma "
                                      "and beta (2 x 128); beta replaces the bias",
                            ((4 * _u * (_x + _u + 1), "that is a plain LSTM with a bias; the LN-LSTM has no "
                                                      "bias but gamma and beta for the gates and the cell"),
                             (_LN_LSTM + 4 * _u, "beta replaces the bias: the LN-LSTM has no separate bias"),
                             (4 * _u * (_x + _u) + 2 * 4 * _u, "did you forget gamma and beta of the "
                                                               "cell state (2 x 128)?"))),
    "noise_shape": Shape((_B, 1, _x), ("the batch: each sentence its own mask",
                                       "1: the same mask at every time step",
                                       "the features: each feature dropped or kept"),
                         mistakes=(((_B, _T, _x), "that is ordinary dropout, a fresh mask at every step"),
                                   ((1, 1, _x), "then every sentence of the batch would share one mask"),
                                   ((_B, _T, 1), "that drops whole words (all their features) at each step"))),
    "recurrent_mask": Shape((_B, _u), ("the batch", "the units of h_{t-1} (Keras draws one such mask per gate)"),
                            mistakes=(((_B, _T, _u), "recurrent_dropout draws one mask per sentence and "
                                                     "reuses it at every step: no time axis"),
                                      ((_B, _x), "the recurrent mask multiplies h_{t-1} (128 units), not the "
                                                 "input (64)"))),
}

ex10_1 = exercise("ex10_1", "Exercise 10.1 (regularisation and highway)", SPEC, SIZES,
                  "Exercise 10.1: a highway layer, a layer-normalised LSTM and the masks of variational dropout.")

"""Exercise 03.3: one LSTM step in the lecture's letters, checked against Keras' `LSTMCell` with the same weights.

The student writes `lstm_step(h_prev, c_prev, e, p)` and returns `(h, c)`: states are u x B and `e` is d x B (a
batch of B columns); `p` holds W_g (u x u, on h_{t-1}), U_g (u x d, on e_t) and b_g (u x 1) for the gates
g = i (input), f (forget), c (candidate cell) and q (output; the lectures' o).
"""
import numpy as np

from ..notation import LSTM_GATES, matrix_names
from ..numpy_rnn import keras_weights, sigmoid
from .coding import Case, Test, cell_step_tests, coding_exercise


def draw_parameters(rng, d, u, scale=0.6):
    """The lecture's matrices in slide shapes, gate by gate."""
    p = {}
    for g in LSTM_GATES:
        state, word = matrix_names("lstm", g)
        p[state], p[word] = rng.normal(0, scale, (u, u)), rng.normal(0, scale, (u, d))
        p[f"b_{g}"] = rng.normal(0, scale, (u, 1))
    return p


def keras_step(h_prev, c_prev, e, p):
    """Keras' LSTMCell on the same weights: (h_t, c_t) as u x B columns."""
    import keras

    u, d = p["U_i"].shape
    cell = keras.layers.LSTMCell(u, kernel_initializer="zeros", recurrent_initializer="zeros")
    cell.build((None, d))
    mats = {k: (v[:, 0] if k.startswith("b_") else v) for k, v in p.items()}
    cell.set_weights([w.astype("float32") for w in keras_weights("lstm", mats)])
    h, (_, c) = cell(e.T.astype("float32"), [h_prev.T.astype("float32"), c_prev.T.astype("float32")])
    return tuple(keras.ops.convert_to_numpy(t).T.astype("float64") for t in (h, c))


def mistaken_steps(h, c, e, p):
    """(h_t, c_t) as each mistake worth naming computes them."""
    gate = {g: p[f"W_{g}"] @ h + p[f"U_{g}"] @ e + p[f"b_{g}"] for g in LSTM_GATES}
    i, f, q = sigmoid(gate["i"]), sigmoid(gate["f"]), sigmoid(gate["q"])
    c_cand = np.tanh(gate["c"])
    c_new = f * c + i * c_cand
    return (
        ("h_t squashes the candidate: h_t = q_t ∘ tanh(c~_t) is a slip on one of the lecture's slides; the "
         "LSTM (and Keras) squashes the new cell state, h_t = q_t ∘ tanh(c_t)", (q * np.tanh(c_cand), c_new)),
        ("the input and forget gates are swapped: f_t keeps the old cell state, c_t = f_t ∘ c_{t-1} + i_t ∘ c~_t",
         (q * np.tanh(i * c + f * c_cand), i * c + f * c_cand)),
        ("h_t has no output gate: h_t = q_t ∘ tanh(c_t)", (np.tanh(c_new), c_new)),
        ("h_t misses the tanh: h_t = q_t ∘ tanh(c_t), not q_t ∘ c_t", (q * c_new, c_new)),
        ("the candidate c~_t needs tanh, not the sigmoid of the gates",
         (q * np.tanh(f * c + i * sigmoid(gate["c"])), f * c + i * sigmoid(gate["c"]))),
    )


def case(name, rng, d, u, batch, p=None):
    p = draw_parameters(rng, d, u) if p is None else p
    h, c, e = rng.normal(0, 1, (u, batch)), rng.normal(0, 1, (u, batch)), rng.normal(0, 1, (d, batch))
    return Case(f"{name} (d={d}, u={u}, B={batch})", (h, c, e, p), keras_step(h, c, e, p),
                mistaken_steps(h, c, e, p), output_names=("h_t", "c_t"))


def limiting_cases(rng):
    """f_t near 1 and i_t near 0 keep c_{t-1} (the constant error carousel); f_t near 0 forgets it."""
    d, u = 3, 4
    keep = draw_parameters(rng, d, u)
    keep["b_f"], keep["b_i"] = np.full((u, 1), 30.0), np.full((u, 1), -30.0)
    forget = draw_parameters(rng, d, u)
    forget["b_f"] = np.full((u, 1), -30.0)
    return [case("f_t near 1, i_t near 0 (c_t = c_{t-1})", rng, d, u, 2, keep),
            case("f_t near 0 (the old cell state is forgotten)", rng, d, u, 2, forget)]


ex03_3 = coding_exercise(
    "ex03_3", "Exercise 03.3 (one LSTM step)",
    [*cell_step_tests(case), Test("the limiting cases f ≈ 1, i ≈ 0 and f ≈ 0", limiting_cases)],
    "Exercise 03.3: check lstm_step(h_prev, c_prev, e, p) against Keras' LSTMCell (pass the function itself).",
    seed=303)

"""Exercise 03.2: one GRU step in the lecture's letters, checked against Keras' `GRUCell` with the same weights.

The student writes `gru_step(h_prev, e, p)`: `h_prev` is u x B and `e` is d x B (a batch of B columns), `p` the
lecture's matrices in slide shapes (out x in; biases u x 1). The lecture's GRU (001) resets after the product,
r_t ∘ (W(h) h_{t-1}): Keras' `reset_after=True` with its recurrent bias at zero.
"""
import numpy as np

from ..notation import matrix_names
from ..numpy_rnn import keras_weights, sigmoid
from .coding import Case, Test, cell_step_tests, coding_exercise

GATES = ("z", "r", "h")
NAMES = [name for g in GATES for name in (*matrix_names("gru", g), f"b_{g}")]   # W_z U_z b_z ... W_h W_e b_h


def draw_parameters(rng, d, u, scale=0.6):
    """The lecture's matrices, slide shapes: W_g u x u (state), U_g / W_e u x d (word), b_g u x 1."""
    p = {}
    for g in GATES:
        state, word = matrix_names("gru", g)
        p[state], p[word] = rng.normal(0, scale, (u, u)), rng.normal(0, scale, (u, d))
        p[f"b_{g}"] = rng.normal(0, scale, (u, 1))
    return p


def keras_step(h_prev, e, p):
    """Keras' GRUCell (reset_after=True, recurrent bias 0) on the same weights, as u x B columns."""
    import keras

    u, d = p["W_e"].shape
    cell = keras.layers.GRUCell(u, reset_after=True, kernel_initializer="zeros", recurrent_initializer="zeros")
    cell.build((None, d))
    mats = {**{k: v for k, v in p.items() if not k.startswith("b_")},
            **{f"b_{g}": p[f"b_{g}"][:, 0] for g in GATES}, **{f"b_{g}_rec": np.zeros(u) for g in GATES}}
    cell.set_weights([w.astype("float32") for w in keras_weights("gru", mats)])
    output, _ = cell(e.T.astype("float32"), [h_prev.T.astype("float32")])
    return keras.ops.convert_to_numpy(output).T.astype("float64")


def mistaken_steps(h, e, p):
    """What the mistakes worth naming return."""
    z = sigmoid(p["W_z"] @ h + p["U_z"] @ e + p["b_z"])
    r = sigmoid(p["W_r"] @ h + p["U_r"] @ e + p["b_r"])
    after = np.tanh(r * (p["W_h"] @ h) + p["W_e"] @ e + p["b_h"])
    before = np.tanh(p["W_h"] @ (r * h) + p["W_e"] @ e + p["b_h"])
    no_reset = np.tanh(p["W_h"] @ h + p["W_e"] @ e + p["b_h"])
    return (
        ("z and 1 - z are swapped: in the lecture's GRU (and in Keras) z_t keeps the old state, "
         "h_t = z_t ∘ h_{t-1} + (1 - z_t) ∘ h~_t", (1 - z) * h + z * after),
        ("the reset gate acts before W(h), W(h) (r_t ∘ h_{t-1}): that is lectures 002 and 004 and Keras' "
         "reset_after=False; lecture 001 resets after the product, r_t ∘ (W(h) h_{t-1})", z * h + (1 - z) * before),
        ("the candidate h~_t ignores the reset gate r_t", z * h + (1 - z) * no_reset),
        ("both: z and 1 - z swapped, and the reset before W(h)", (1 - z) * h + z * before),
        ("it returns the candidate h~_t, not the new state h_t = z_t ∘ h_{t-1} + (1 - z_t) ∘ h~_t", after),
    )


def case(name, rng, d, u, batch, p=None):
    p = draw_parameters(rng, d, u) if p is None else p
    h, e = rng.normal(0, 1, (u, batch)), rng.normal(0, 1, (d, batch))
    return Case(f"{name} (d={d}, u={u}, B={batch})", (h, e, p), keras_step(h, e, p), mistaken_steps(h, e, p),
                output_names=("h_t",))


def limiting_cases(rng):
    """z_t near 1 keeps h_{t-1}; z_t near 0 with r_t near 1 is the simple RNN's candidate."""
    d, u = 3, 4
    keep = draw_parameters(rng, d, u)
    keep["b_z"] = np.full((u, 1), 30.0)
    write = draw_parameters(rng, d, u)
    write["b_z"], write["b_r"] = np.full((u, 1), -30.0), np.full((u, 1), 30.0)
    return [case("z_t near 1 (b_z = 30: keep the old state)", rng, d, u, 2, keep),
            case("z_t near 0, r_t near 1 (the simple RNN's step)", rng, d, u, 2, write)]


ex03_2 = coding_exercise(
    "ex03_2", "Exercise 03.2 (one GRU step)",
    [*cell_step_tests(case), Test("the limiting cases z ≈ 1 and z ≈ 0, r ≈ 1", limiting_cases)],
    "Exercise 03.2: check gru_step(h_prev, e, p) against Keras' GRUCell (pass the function itself).",
    seed=302)

"""The slide equations of SimpleRNN, GRU and LSTM in NumPy, one time step per loop.

Each function takes `x` of shape (batch, time, features) and `weights`, exactly
the list `layer.get_weights()` of the matching Keras layer, and returns every
hidden state, (batch, time, units). States are kept as **columns** (units x batch)
so each line reads like the slide:

    slide  W (out x in)  =  Keras  kernel.T        (kernel is in x out)

The letters are the main lecture's: **W multiplies the previous state, U the current
word** (W = Keras' recurrent_kernel.T, U = kernel.T). The simple RNN and the GRU's
candidate keep the lecture's W(h) (state) and W(e) (word).

Keras concatenates the gate matrices along the output axis (the orders and the
letters come from `notation`):
    GRU   z (update), r (reset), h (candidate)     kernel (d, 3u)
    LSTM  i (input), f (forget), c (candidate), o (output)   kernel (d, 4u)

A mask (batch, time) of booleans works as in Keras: at a masked step the
previous state is carried forward unchanged.
"""
import numpy as np

from .notation import GRU_GATES, LSTM_GATES, matrix_names


def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def _columns(batch_rows):
    """(batch, n) rows -> (n, batch) columns, in float64 for a clean comparison."""
    return np.asarray(batch_rows, dtype="float64").T


def _prepare(x, units, initial_state, mask):
    x = np.asarray(x, dtype="float64")
    if x.ndim != 3:
        raise ValueError(f"x must be (batch, time, features), got shape {x.shape}")
    batch, time, _ = x.shape
    h0 = np.zeros((units, batch)) if initial_state is None else _columns(initial_state)
    keep = np.ones((batch, time), bool) if mask is None else np.asarray(mask, bool)
    if keep.shape != (batch, time):
        raise ValueError(f"mask must be (batch, time) = {(batch, time)}, got {keep.shape}")
    return x, h0, keep


def _carry(mask_t, new, old):
    """Keep the old state (column) wherever this step is masked."""
    return np.where(mask_t[None, :], new, old)


# --- Conversions between slide matrices and Keras weights ---------------------------

def slide_matrices(kind, weights):
    """Keras weights -> dict of slide-convention matrices (out x in, biases as vectors).

    simple_rnn: W_h (state), W_e (word), b.  gru: W_z, U_z, W_r, U_r, and for the
    candidate W_h, W_e; biases b_z, b_r, b_h (+ b_g_rec when reset_after).
    lstm: W_g (state), U_g (word), b_g for g in i, f, c, q (q: the output gate, the lectures' o).
    """
    kernel, recurrent, bias = (np.asarray(w, dtype="float64") for w in weights)
    if kind == "simple_rnn":
        return {"W_h": recurrent.T, "W_e": kernel.T, "b": bias}
    gates = {"gru": GRU_GATES, "lstm": LSTM_GATES}[kind]
    n = len(gates)
    mats = {}
    input_bias, recurrent_bias = (bias[0], bias[1]) if bias.ndim == 2 else (bias, None)
    for g, word, state, b in zip(gates, np.split(kernel, n, axis=1), np.split(recurrent, n, axis=1),
                                 np.split(input_bias, n)):
        state_name, word_name = matrix_names(kind, g)
        mats[state_name], mats[word_name], mats[f"b_{g}"] = state.T, word.T, b
    if recurrent_bias is not None:
        for g, b in zip(gates, np.split(recurrent_bias, n)):
            mats[f"b_{g}_rec"] = b
    return mats


def keras_weights(kind, mats):
    """Inverse of `slide_matrices`: slide matrices -> list for `layer.set_weights`."""
    if kind == "simple_rnn":
        return [mats["W_e"].T, mats["W_h"].T, mats["b"]]
    gates = {"gru": GRU_GATES, "lstm": LSTM_GATES}[kind]
    names = [matrix_names(kind, g) for g in gates]
    kernel = np.concatenate([mats[word].T for _, word in names], axis=1)
    recurrent = np.concatenate([mats[state].T for state, _ in names], axis=1)
    bias = np.concatenate([mats[f"b_{g}"] for g in gates])
    if f"b_{gates[0]}_rec" in mats:
        bias = np.stack([bias, np.concatenate([mats[f"b_{g}_rec"] for g in gates])])
    return [kernel, recurrent, bias]


# --- Forward passes -----------------------------------------------------------------

def simple_rnn(x, weights, initial_state=None, mask=None):
    """h_t = tanh(W(h) h_{t-1} + W(e) e_t + b), for every t. Returns (batch, time, units)."""
    m = slide_matrices("simple_rnn", weights)
    W_e, W_h, b = m["W_e"], m["W_h"], m["b"][:, None]
    x, h, keep = _prepare(x, W_h.shape[0], initial_state, mask)
    states = []
    for t in range(x.shape[1]):
        e_t = x[:, t, :].T                                   # features x batch
        h = _carry(keep[:, t], np.tanh(W_h @ h + W_e @ e_t + b), h)
        states.append(h.T)
    return np.stack(states, axis=1)


def gru(x, weights, reset_after=True, initial_state=None, mask=None):
    """The GRU as Keras computes it; returns every hidden state (batch, time, units).

        z_t  = sigmoid(W_z h_{t-1} + U_z e_t + b_z)                 update gate
        r_t  = sigmoid(W_r h_{t-1} + U_r e_t + b_r)                 reset gate
        h~_t = tanh(r_t * (W_h h_{t-1}) + W_e e_t + b_h)            reset_after=True (the lecture's GRU)
        h~_t = tanh(W_h (r_t * h_{t-1}) + W_e e_t + b_h)            reset_after=False
        h_t  = z_t * h_{t-1} + (1 - z_t) * h~_t

    With reset_after=True Keras keeps a second, recurrent bias per gate (bias is
    (2, 3u)); it is added to the W h products (the lecture has no such bias).
    """
    if np.asarray(weights[2]).ndim != (2 if reset_after else 1):
        raise ValueError(f"bias of shape {np.shape(weights[2])} does not match "
                         f"reset_after={reset_after} (expected (2, 3u) if True, (3u,) if False)")
    m = slide_matrices("gru", weights)
    col = {k: v[:, None] for k, v in m.items() if k.startswith("b_")}
    x, h, keep = _prepare(x, m["W_z"].shape[0], initial_state, mask)
    rec = (lambda g: col[f"b_{g}_rec"]) if reset_after else (lambda g: 0.0)
    states = []
    for t in range(x.shape[1]):
        e = x[:, t, :].T
        z = sigmoid(m["W_z"] @ h + rec("z") + m["U_z"] @ e + col["b_z"])
        r = sigmoid(m["W_r"] @ h + rec("r") + m["U_r"] @ e + col["b_r"])
        if reset_after:
            h_cand = np.tanh(r * (m["W_h"] @ h + rec("h")) + m["W_e"] @ e + col["b_h"])
        else:
            h_cand = np.tanh(m["W_h"] @ (r * h) + m["W_e"] @ e + col["b_h"])
        h = _carry(keep[:, t], z * h + (1 - z) * h_cand, h)
        states.append(h.T)
    return np.stack(states, axis=1)


def lstm(x, weights, initial_state=None, mask=None, return_cell_states=False):
    """The LSTM as Keras computes it; returns every hidden state (batch, time, units).

        i_t  = sigmoid(W_i h_{t-1} + U_i e_t + b_i)    input gate
        f_t  = sigmoid(W_f h_{t-1} + U_f e_t + b_f)    forget gate
        c~_t = tanh(W_c h_{t-1} + U_c e_t + b_c)       candidate cell
        q_t  = sigmoid(W_q h_{t-1} + U_q e_t + b_q)    output gate (the lectures' o_t)
        c_t  = f_t * c_{t-1} + i_t * c~_t
        h_t  = q_t * tanh(c_t)

    `initial_state` is [h_0, c_0]. With return_cell_states=True, returns (h, c).
    """
    m = slide_matrices("lstm", weights)
    col = {k: v[:, None] for k, v in m.items() if k.startswith("b_")}
    units = m["W_i"].shape[0]
    h_init, c_init = (None, None) if initial_state is None else initial_state
    x, h, keep = _prepare(x, units, h_init, mask)
    c = np.zeros_like(h) if c_init is None else _columns(c_init)
    hs, cs = [], []
    for t in range(x.shape[1]):
        e = x[:, t, :].T
        i = sigmoid(m["W_i"] @ h + m["U_i"] @ e + col["b_i"])
        f = sigmoid(m["W_f"] @ h + m["U_f"] @ e + col["b_f"])
        c_cand = np.tanh(m["W_c"] @ h + m["U_c"] @ e + col["b_c"])
        q = sigmoid(m["W_q"] @ h + m["U_q"] @ e + col["b_q"])
        c_new = f * c + i * c_cand
        h_new = q * np.tanh(c_new)
        c, h = _carry(keep[:, t], c_new, c), _carry(keep[:, t], h_new, h)
        hs.append(h.T)
        cs.append(c.T)
    states = np.stack(hs, axis=1)
    return (states, np.stack(cs, axis=1)) if return_cell_states else states


# --- Backpropagation through time ---------------------------------------------------

def simple_rnn_backward(x, weights, grad_states, initial_state=None):
    """BPTT for `simple_rnn` (no mask): gradients of a loss L w.r.t. the Keras weights.

    `grad_states[:, t]` is dL/dh_t coming from above (e.g. the output layer at step t).
    Going back in time, the gradient reaching h_t is that plus what flows back
    from h_{t+1}:   dL/da_t = (1 - h_t^2) * dL/dh_t    (a_t: the pre-activation)
                    dL/dh_{t-1} += W(h)^T dL/da_t
    Returns ([dL/dkernel, dL/drecurrent_kernel, dL/dbias], dL/dx).
    """
    m = slide_matrices("simple_rnn", weights)
    x = np.asarray(x, dtype="float64")
    states = simple_rnn(x, weights, initial_state)
    batch, time, _ = x.shape
    h0 = np.zeros((batch, m["W_h"].shape[0])) if initial_state is None else initial_state
    previous = np.concatenate([np.asarray(h0, dtype="float64")[:, None, :], states[:, :-1]], axis=1)
    dW_e, dW_h, db = np.zeros_like(m["W_e"]), np.zeros_like(m["W_h"]), np.zeros_like(m["b"])
    dx = np.zeros_like(x)
    from_future = np.zeros((m["W_h"].shape[0], batch))        # dL/dh_t arriving from t+1
    for t in reversed(range(time)):
        dh = np.asarray(grad_states[:, t], dtype="float64").T + from_future
        da = (1.0 - states[:, t].T ** 2) * dh                  # through tanh
        dW_e += da @ x[:, t, :]
        dW_h += da @ previous[:, t, :]
        db += da.sum(axis=1)
        dx[:, t, :] = (m["W_e"].T @ da).T
        from_future = m["W_h"].T @ da
    return [dW_e.T, dW_h.T, db], dx


# --- Bidirectional ------------------------------------------------------------------

MERGES = {
    "concat": lambda f, b: np.concatenate([f, b], axis=-1),
    "sum": lambda f, b: f + b,
    "mul": lambda f, b: f * b,
    "ave": lambda f, b: (f + b) / 2,
}


def bidirectional(kind, x, weights, mask=None, merge_mode="concat", **options):
    """A forward and a backward RNN over the same sequence, merged per step.

    `weights` is `keras.layers.Bidirectional(...).get_weights()`: the forward
    layer's weights, then the backward layer's. The backward RNN reads the
    sequence from its end, so h_t = [h_t(forward); h_t(backward)] sees the whole
    sentence. As in Keras, padded steps output zeros.
    """
    step = {"simple_rnn": simple_rnn, "gru": gru, "lstm": lstm}[kind]
    half = len(weights) // 2
    forward = step(x, weights[:half], mask=mask, **options)
    reversed_mask = None if mask is None else np.asarray(mask)[:, ::-1]
    backward = step(np.asarray(x)[:, ::-1], weights[half:], mask=reversed_mask, **options)[:, ::-1]
    if mask is not None:
        keep = np.asarray(mask, bool)[:, :, None]
        forward, backward = forward * keep, backward * keep
    return MERGES[merge_mode](forward, backward)

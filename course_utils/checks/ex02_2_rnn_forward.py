"""Exercise 02.2: the simple RNN's forward pass over a padded batch with a mask, against Keras' `SimpleRNN`.

The student writes `rnn_forward(x, mask, p)`: `x` is (B, T, d) as Keras feeds a layer, `mask` (B, T) booleans
(False at padding), `p` the lecture's W_h (u x u), W_e (u x d) and b (u x 1). It returns every state, (B, T, u),
with h_0 = 0 and h_t = tanh(W(h) h_{t-1} + W(e) e_t + b); at a masked step the state is carried forward
unchanged, as Keras does.
"""
import numpy as np

from .coding import Case, Test, coding_exercise


def draw_parameters(rng, d, u, scale=0.6):
    return {"W_h": rng.normal(0, scale, (u, u)), "W_e": rng.normal(0, scale, (u, d)), "b": rng.normal(0, scale, (u, 1))}


def keras_states(x, mask, p):
    """Keras' SimpleRNN with the same weights over x, with the mask: (B, T, u) in float64."""
    import keras

    u, d = p["W_e"].shape
    layer = keras.layers.SimpleRNN(u, return_sequences=True, kernel_initializer="zeros",
                                   recurrent_initializer="zeros")
    layer.build((None, None, d))
    layer.set_weights([p["W_e"].T.astype("float32"), p["W_h"].T.astype("float32"), p["b"][:, 0].astype("float32")])
    return keras.ops.convert_to_numpy(layer(x.astype("float32"), mask=mask)).astype("float64")


def numpy_states(x, mask, p, carry=True, W_h=None):
    """The loop with a variation: carry=False writes zeros at masked steps; W_h replaces p's."""
    W_h = p["W_h"] if W_h is None else W_h
    h, states = np.zeros((p["W_h"].shape[0], x.shape[0])), []
    for t in range(x.shape[1]):
        new = np.tanh(W_h @ h + p["W_e"] @ x[:, t, :].T + p["b"])
        h = np.where(mask[None, :, t], new, h)
        states.append(h.T if carry else (h * mask[None, :, t]).T)
    return np.stack(states, axis=1)


def mistakes(x, mask, p):
    everywhere = np.ones_like(mask)
    return (
        ("the mask is ignored: at a padded step the state must not read the padding's vector; it is carried "
         "forward unchanged", numpy_states(x, everywhere, p)),
        ("the padded steps are zeros: that is what Keras' Bidirectional outputs; a one-direction RNN carries its "
         "last state forward there (notebook 06, section 5)", numpy_states(x, mask, p, carry=False)),
        ("W(h) is transposed: h_{t-1} is multiplied by W(h)ᵀ (Keras' recurrent_kernel layout), not by W(h)",
         numpy_states(x, mask, p, W_h=p["W_h"].T)),
    )


def case(name, rng, d, u, lengths, pad_at_start=False):
    batch, time = len(lengths), max(lengths)
    p = draw_parameters(rng, d, u)
    x = rng.normal(0, 1, (batch, time, d))              # padded steps hold numbers too (the padding id's vector)
    mask = np.array([[t >= time - n if pad_at_start else t < n for t in range(time)] for n in lengths])
    return Case(f"{name} (d={d}, u={u}, lengths {', '.join(map(str, lengths))})", (x, mask, p),
                keras_states(x, mask, p), mistakes(x, mask, p), output_names=("the states",))


def no_padding(rng):
    return [case("no padding", rng, 3, 4, (5, 5)), case("one sentence", rng, 2, 3, (6,))]


def padding_at_the_end(rng):
    return [case("padding at the end", rng, 3, 4, (5, 2, 4)), case("padding at the end", rng, 4, 2, (1, 6))]


def padding_at_the_start(rng):
    return [case("padding at the start", rng, 3, 4, (5, 2, 4), pad_at_start=True)]


ex02_2 = coding_exercise(
    "ex02_2", "Exercise 02.2 (the simple RNN over a padded batch)",
    [Test("a batch without padding", no_padding), Test("padding at the end", padding_at_the_end),
     Test("padding at the start", padding_at_the_start)],
    "Exercise 02.2: check rnn_forward(x, mask, p) against Keras' SimpleRNN with the mask (pass the function itself).",
    seed=202)

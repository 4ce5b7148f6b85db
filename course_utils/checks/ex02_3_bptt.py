"""Exercise 02.3: backpropagation through time by hand for the simple RNN word classifier, against TensorFlow's
`GradientTape` on the same computation in float64.

The student writes `bptt(x, targets, p)`: `x` is (B, T, d) float64 as Keras feeds a layer (no padding), `targets`
(B, T) the class of every word, `p` the lecture's W_h (u x u), W_e (u x d), b (u x 1), W_o (C x u) and b_o (C x 1).
With h_0 = 0, h_t = tanh(W(h) h_{t-1} + W(e) e_t + b), o_t = softmax(W(o) h_t + b(o)) and the loss
L = sum over the batch and the steps of -log o_t[target_t], it returns the gradients of L as a dict with the keys of
`p`, each of its parameter's shape. A dict is not one of the engine's outputs, so each case is a `Probe` that reads
the dict's five arrays and judges them with `judge_outcome` and a `Case` of its own (mistakes named as usual).
"""
import numpy as np

from .coding import Case, Outcome, Probe, Test, call_case, coding_exercise, judge_outcome
from .core import INVALID

KEYS = ("W_h", "W_e", "b", "W_o", "b_o")
ATOL = 1e-8         # float64 both sides: rounding is about 1e-15 here, the mistakes below change digits at 1e-2

TRUNCATED = ("the gradient stops at its own step: dL/dh_t also receives W(h)ᵀ dL/da_{t+1} from the step after it "
             "(the recurrent term), so go back from t = T to 1 carrying it; without it, BPTT is truncated to one step")
NO_TANH_DERIVATIVE = ("the tanh's derivative is missing: the gradient reaching a_t = W(h) h_{t-1} + W(e) e_t + b is "
                      "dL/da_t = (1 - h_t²) ∘ dL/dh_t")
NOT_TRANSPOSED = ("the gradient goes back through W(h), not W(h)ᵀ: a_{t+1} = W(h) h_t + ..., so dL/dh_t receives "
                  "W(h)ᵀ dL/da_{t+1} (going back, a product is read transposed)")
CURRENT_STATE = ("the gradient of W_h pairs dL/da_t with h_t: W(h) multiplies the previous state, so "
                 "dL/dW(h) = Σ_t dL/da_t h_{t-1}ᵀ, with h_0 = 0 at the first step")
W_H_TRANSPOSED = ("the gradient of W_h is transposed: dL/dW(h) = Σ_t dL/da_t h_{t-1}ᵀ is u x u like W(h), out x in; "
                  "Σ_t h_{t-1} dL/da_tᵀ is its transpose (Keras' recurrent_kernel layout)")
AVERAGED = ("the gradients are those of the mean loss: here L is the sum of the cross-entropies over the batch and the "
            "steps, not their mean (Keras' losses average by default)")
WRONG_SIGN = ("every gradient has the wrong sign: the softmax with the cross-entropy gives "
              "dL/d(W(o) h_t + b(o)) = o_t - y_t (y_t one-hot), not y_t - o_t")


def softmax_columns(logits):
    weights = np.exp(logits - logits.max(axis=0, keepdims=True))
    return weights / weights.sum(axis=0, keepdims=True)


def numpy_bptt(x, targets, p, recurrent=True, tanh_derivative=True, transposed=True, previous_state=True,
               dW_h_layout="slide", divide_by=1.0, sign=1.0):
    """The gradients (W_h, W_e, b, W_o, b_o), states as columns (u x B); the options switch one mistake on."""
    B, T, _ = x.shape
    u = p["W_h"].shape[0]
    h = [np.zeros((u, B))]                                   # h[t] is h_t; h[0] = h_0 = 0
    outputs = []
    for t in range(T):
        h.append(np.tanh(p["W_h"] @ h[-1] + p["W_e"] @ x[:, t, :].T + p["b"]))
        outputs.append(softmax_columns(p["W_o"] @ h[-1] + p["b_o"]))
    grads = {key: np.zeros_like(value) for key, value in p.items()}
    back = p["W_h"].T if transposed else p["W_h"]
    from_future = np.zeros((u, B))
    for t in reversed(range(T)):
        d_logits = sign * (outputs[t] - np.eye(p["W_o"].shape[0])[targets[:, t]].T)     # C x B
        grads["W_o"] += d_logits @ h[t + 1].T
        grads["b_o"] += d_logits.sum(axis=1, keepdims=True)
        d_h = p["W_o"].T @ d_logits + (from_future if recurrent else 0.0)
        d_a = (1 - h[t + 1] ** 2) * d_h if tanh_derivative else d_h
        state = h[t] if previous_state else h[t + 1]
        grads["W_h"] += d_a @ state.T if dW_h_layout == "slide" else state @ d_a.T
        grads["W_e"] += d_a @ x[:, t, :]
        grads["b"] += d_a.sum(axis=1, keepdims=True)
        from_future = back @ d_a
    return tuple(grads[key] / divide_by for key in KEYS)


def tape_gradients(x, targets, p):
    """The reference: TensorFlow's GradientTape on the forward pass and the summed cross-entropy, in float64.

    TensorFlow is called directly (not through Keras), so the reference is the same whatever KERAS_BACKEND is.
    """
    import tensorflow as tf

    weights = {key: tf.Variable(value, dtype=tf.float64) for key, value in p.items()}
    with tf.GradientTape() as tape:
        h = tf.zeros((p["W_h"].shape[0], x.shape[0]), dtype=tf.float64)
        loss = tf.constant(0.0, dtype=tf.float64)
        for t in range(x.shape[1]):
            h = tf.tanh(weights["W_h"] @ h + weights["W_e"] @ tf.constant(x[:, t, :].T) + weights["b"])
            logits = tf.transpose(weights["W_o"] @ h + weights["b_o"])                     # B x C
            loss += tf.reduce_sum(tf.nn.sparse_softmax_cross_entropy_with_logits(targets[:, t], logits))
    grads = tape.gradient(loss, [weights[key] for key in KEYS])
    return tuple(np.asarray(g.numpy(), dtype="float64") for g in grads)


def mistakes(x, targets, p):
    B, T, _ = x.shape
    return (
        (TRUNCATED, numpy_bptt(x, targets, p, recurrent=False)),
        (NO_TANH_DERIVATIVE, numpy_bptt(x, targets, p, tanh_derivative=False)),
        (NOT_TRANSPOSED, numpy_bptt(x, targets, p, transposed=False)),
        (CURRENT_STATE, numpy_bptt(x, targets, p, previous_state=False)),
        (W_H_TRANSPOSED, numpy_bptt(x, targets, p, dW_h_layout="keras")),
        *((AVERAGED, numpy_bptt(x, targets, p, divide_by=n)) for n in (B * T, B, T) if n > 1),
        (WRONG_SIGN, numpy_bptt(x, targets, p, sign=-1.0)),
    )


def judge_dict(function, name, args):
    """(status, hint) of what `function` returns on `args`: its dict read as the five gradients, then judged."""
    case = Case(name, args, tape_gradients(*args), mistakes(*args),
                output_names=tuple(f'the gradient of {key} (grads["{key}"])' for key in KEYS))
    outcome = call_case(function, case)           # copies the arguments; an exception or `...` is said as usual
    if outcome.attempted and not outcome.error:
        grads = outcome.output
        if not isinstance(grads, dict):
            return INVALID, (f"it should return a dict of gradients with the keys of p, "
                             f'{{"W_h": ..., "W_e": ..., "b": ..., "W_o": ..., "b_o": ...}}, got {type(grads).__name__}')
        missing = [key for key in KEYS if key not in grads]
        if missing:
            return INVALID, (f"the dict it returns has no {', '.join(missing)}: give the gradient of every "
                             f"parameter, with the keys of p ({', '.join(KEYS)})")
        outcome = Outcome(tuple(grads[key] for key in KEYS))
    return judge_outcome(outcome, case, ATOL)


def draw_parameters(rng, d, u, classes, scale=0.6):
    return {"W_h": rng.normal(0, scale, (u, u)), "W_e": rng.normal(0, scale, (u, d)), "b": rng.normal(0, scale, (u, 1)),
            "W_o": rng.normal(0, scale, (classes, u)), "b_o": rng.normal(0, scale, (classes, 1))}


def probe(name, rng, d, u, classes, batch, time):
    """One case: the arguments are drawn now, the reference is computed when the probe runs."""
    p = draw_parameters(rng, d, u, classes)
    x, targets = rng.normal(0, 1, (batch, time, d)), rng.integers(0, classes, (batch, time))
    label = f"{name} (d={d}, u={u}, C={classes}, B={batch}, T={time})"
    return Probe(label, lambda function: judge_dict(function, label, (x, targets, p)), (x, targets, p))


def one_sentence(rng):
    return [probe("one sentence", rng, 3, 4, 3, 1, 4)]


def batch(rng):
    return [probe("a batch", rng, 2, 3, 4, 3, 5), probe("a batch", rng, 4, 5, 2, 2, 3)]


def long_sentences(rng):
    return [probe("longer sentences", rng, 3, 4, 3, 2, 8)]


ex02_3 = coding_exercise(
    "ex02_3", "Exercise 02.3 (backpropagation through time)",
    [Test("one sentence", one_sentence), Test("a batch of sentences", batch),
     Test("longer sentences (T = 8)", long_sentences)],
    "Exercise 02.3: check bptt(x, targets, p) against TensorFlow's GradientTape in float64 (pass the function itself).",
    seed=203)

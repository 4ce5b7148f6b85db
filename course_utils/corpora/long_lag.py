"""Notebook 03: remember one marked number across a long lag.

Generated in memory (NumPy, milliseconds), not shipped in data/.
"""
import numpy as np


def marked_value_task(n_sequences, lag, seed, spread=5):
    """Sequences of (value, marker) pairs; the label is the sign of the one marked value.

    Every step carries a value drawn uniformly from [-1, 1]; exactly one step,
    somewhere in the first `spread` steps, has marker 1. The label is 1 if that
    value is positive. The marked step lies at least `lag` steps before the end.
    Nothing else carries information: the other values and the marker position
    are independent of the label, so chance is 0.5 and the ceiling is 1.0.
    Returns x (n, lag + spread, 2) float32 and y (n,) int.
    """
    rng = np.random.default_rng(seed)
    steps = lag + spread
    values = rng.uniform(-1, 1, size=(n_sequences, steps))
    position = rng.integers(0, spread, size=n_sequences)
    marker = np.zeros((n_sequences, steps))
    marker[np.arange(n_sequences), position] = 1
    labels = (values[np.arange(n_sequences), position] > 0).astype(int)
    return np.stack([values, marker], axis=-1).astype("float32"), labels

"""The lecture's notation in one place: its letters, Keras' gate orders, slide shapes, and the hints
that explain the difference between the two conventions.

On the slides vectors are columns and a weight matrix is out x in (rows = what it produces, columns =
what it reads); **W multiplies the previous state, U the current word** (the simple RNN and the GRU's
candidate keep W(h) for the state and W(e) for the word). Keras stores the transposes: a kernel is
in x out, biases are 1-D, and a GRU's or LSTM's gates sit side by side in one kernel in the orders below.
`numpy_rnn`, `shapes` and `checks` all read their names and shapes from here.
"""

GRU_GATES = ("z", "r", "h")            # update, reset, candidate: Keras' order inside a GRU kernel
LSTM_GATES = ("i", "f", "c", "q")      # input, forget, candidate cell, output: Keras' order inside an LSTM kernel
# The output gate is q (the lectures write o_t, W_o): W(o), b(o) and o_t are the output layer everywhere in the
# kit, as in lecture 001. Goodfellow et al. (Deep Learning, 2016, §10.10.1) also call the output gate q.
GATES = {"simple_rnn": ("",), "gru": GRU_GATES, "lstm": LSTM_GATES}

# Why an answer in the other convention is off (the exercise checks print these).
KERNEL_SWAP = ("that is Keras' kernel layout (inputs x units); on the slides a weight matrix is "
               "out x in: rows = what it produces, columns = what it reads")
EMBEDDING_SWAP = ("on the slides E is features x vocabulary (d x |V|), one column per word; "
                  "vocabulary x features is how Keras stores it")
COLUMN = "on the slides vectors are columns: n rows, 1 column"
W_STATE_U_WORD = ("in the lecture's letters W multiplies the previous state h_{i-1} and U the input "
                  "(the word e_i, or the layer below)")


def matrix_names(kind, gate):
    """(state matrix, word matrix) of one gate in the lecture's letters: W on h_{t-1}, U on e_t.

    >>> matrix_names("gru", "z"), matrix_names("gru", "h"), matrix_names("simple_rnn", "")
    (('W_z', 'U_z'), ('W_h', 'W_e'), ('W_h', 'W_e'))
    """
    if kind == "simple_rnn" or (kind == "gru" and gate == "h"):
        return "W_h", "W_e"
    return f"W_{gate}", f"U_{gate}"


def slide_shape(keras_weight):
    """The slide shape of a Keras weight (an array or its shape): a kernel (in x out) becomes out x in,
    a 1-D bias a column.

    >>> slide_shape((300, 64)), slide_shape((64,))
    ((64, 300), (64, 1))
    """
    shape = tuple(int(n) for n in getattr(keras_weight, "shape", keras_weight))
    if len(shape) == 2:
        return shape[::-1]
    if len(shape) == 1:
        return (shape[0], 1)
    raise ValueError(f"a slide shape is defined for a kernel (2-D) or a bias (1-D), got shape {shape}")

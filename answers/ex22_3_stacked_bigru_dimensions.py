"""Exercise 22.3: which state feeds which equation, and the dimensions, of the first and the m-th layer of a
stacked bidirectional GRU, and what the attention on top reads (notebook 07)."""
from course_utils.checks.core import Choice, Count, exercise, matrix, vector
from course_utils.notation import W_STATE_U_WORD

SIZES = dict(embedding=300, units=128)
_d, _u = SIZES["embedding"], SIZES["units"]
SYMBOLS = ("e_i", "h(1)_i", "h(m-1)_i", "h(M)_i", "h_fwd(m-1)_i", "h_fwd(M)_i",
           "h_fwd(1)_i-1", "h_fwd(1)_i+1", "h_bwd(1)_i-1", "h_bwd(1)_i+1",
           "h_fwd(m)_i-1", "h_fwd(m)_i+1", "h_bwd(m)_i-1", "h_bwd(m)_i+1",
           "h_fwd(m-1)_i-1", "h_bwd(m-1)_i+1")
_BOTH = "the m-th layer reads both directions of layer m-1, concatenated: 2 x units"
_FORWARD = "the forward GRU reads the sentence left to right: its previous state is the one at i-1"
_BACKWARD = "the backward GRU reads the sentence right to left: its previous state is the one at i+1"
_OWN_STATE = "every layer carries its own states: layer m continues from its own previous state"
_ONLY_FIRST = "only layer 1 reads the embeddings; layer m reads the states of layer m-1"
_BOTH_DIRECTIONS = "layer m reads both directions of layer m-1, concatenated: h(m-1)_i"
_CONCATENATED = "2 x units: the forward and the backward state, concatenated"


def _state(expected, meaning, *mistakes):
    return Choice(expected, SYMBOLS, meaning, tuple(mistakes))


_LAYER_M_INPUT = _state("h(m-1)_i", "h(m-1)_i = [h_fwd(m-1)_i; h_bwd(m-1)_i], the states of the layer below",
                        ("e_i", _ONLY_FIRST), ("h_fwd(m-1)_i", _BOTH_DIRECTIONS),
                        ("h(1)_i", _BOTH_DIRECTIONS + " (the layer just below)"))
SPEC = {   # (a) the equations, then (b) the dimensions, as the statement asks
    "forward_1_previous": _state("h_fwd(1)_i-1", _FORWARD, ("h_fwd(1)_i+1", _FORWARD)),
    "forward_1_input": _state("e_i", "the word embedding e_i: layer 1 reads the words"),
    "backward_1_previous": _state("h_bwd(1)_i+1", _BACKWARD, ("h_bwd(1)_i-1", _BACKWARD)),
    "backward_1_input": _state("e_i", "the word embedding e_i: both directions of layer 1 read the words"),
    "forward_m_previous": _state("h_fwd(m)_i-1", _FORWARD + " in layer m", ("h_fwd(m)_i+1", _FORWARD),
                                 ("h_fwd(m-1)_i-1", _OWN_STATE)),
    "forward_m_input": _LAYER_M_INPUT,
    "backward_m_previous": _state("h_bwd(m)_i+1", _BACKWARD + " in layer m", ("h_bwd(m)_i-1", _BACKWARD),
                                  ("h_bwd(m-1)_i+1", _OWN_STATE)),
    "backward_m_input": _LAYER_M_INPUT,
    "attention_reads": _state("h(M)_i", "h(M)_i: the states of the top layer M, both directions",
                              ("h(1)_i", "the attention reads the top layer M, whose states have passed every layer"),
                              ("h_fwd(M)_i", "both directions of the top layer, concatenated: h(M)_i")),
    "W_z_1": matrix(_u, _u, "the units per direction", "the units per direction (its own previous state h_{i-1})",
                    [((_u, _d), "that is U(z)'s shape: " + W_STATE_U_WORD)]),
    "U_z_1": matrix(_u, _d, "the units per direction", "the embedding size (layer 1 reads e_i)",
                    [((_u, _u), "that is W(z)'s shape: " + W_STATE_U_WORD)]),
    "h_1": vector(2 * _u, _CONCATENATED),
    "W_z_m": matrix(_u, _u, "the units per direction", "the units per direction (its own previous state)",
                    [((_u, 2 * _u), "W reads the layer's own previous state in one direction: units, not 2 x units")]),
    "U_z_m": matrix(_u, 2 * _u, "the units per direction", "2 x units (the concatenated states of layer m-1)",
                    [((_u, _u), _BOTH), ((_u, _d), "only the first layer reads the embeddings; " + _BOTH)]),
    "h_m": vector(2 * _u, _CONCATENATED),
    "params_layer_1": Count(2 * 3 * _u * (_d + _u + 2),
                            "2 directions x 3 gates x units x (inputs + units + 2 biases), Keras' reset_after=True",
                            ((3 * _u * (_d + _u + 2), "count both directions"),
                             (2 * 3 * _u * (_d + _u + 1), "that is reset_after=False; Keras' default "
                                                          "adds a second bias per gate"))),
    "params_layer_m": Count(2 * 3 * _u * (2 * _u + _u + 2),
                            "2 directions x 3 gates x units x (inputs + units + 2 biases): the inputs are now the "
                            "2 x units concatenated states",
                            ((2 * 3 * _u * (_d + _u + 2), "layer m reads 2 x units, not the embeddings"),)),
}

ex22_3 = exercise("ex22_3", "Exercise 22.3 (stacked bidirectional GRU)", SPEC, SIZES,
                  "Exercise 22.3: the equations (which state feeds which layer) and the dimensions of the first and "
                  "the m-th layer of a stacked bidirectional GRU, and what the attention reads.")

"""Exercise 08.1: every matrix of an RNN language model, and what weight tying saves (notebook 08)."""
from course_utils.checks.core import Count, Shape, exercise, matrix, vector
from course_utils.notation import EMBEDDING_SWAP

SIZES = dict(vocabulary=50_000, embedding=300, units=512)
_V, _d, _u = SIZES["vocabulary"], SIZES["embedding"], SIZES["units"]
_UNTIED = _V * _d + _u * _u + _u * _d + _u + _u * _V + _V
_TIED = _UNTIED - _u * _V + _d * _u
SPEC = {
    "E": Shape((_d, _V), ("the embedding size d", "the vocabulary size |V|"), EMBEDDING_SWAP),
    "e_t": vector(_d, "the embedding size d"),
    "W_h": matrix(_u, _u, "the units (the new state)", "the units (the previous state)",
                  [((_u, _d), "that is the shape of W(e); W(h) maps the previous state to the new one")]),
    "W_e": matrix(_u, _d, "the units (what it produces)", "the embedding size (what it reads)",
                  [((_u, _u), "that is the shape of W(h); W(e) reads the word embedding e_t")]),
    "W_o": matrix(_V, _u, "the vocabulary size |V| (one score per possible next word)", "the units",
                  [((_V, _d), "W(o) reads the state h_t, which has as many numbers as there are units"),
                   ((_u, _u), "the output scores every word of the vocabulary: |V| rows")]),
    "o_t": vector(_V, "the vocabulary size |V| (a distribution over the next word)"),
    "keras_embedding": Shape((_V, _d), ("input_dim, the vocabulary size |V|", "output_dim, the embedding size d"),
                             "Keras' Embedding stores E transposed: one row per word"),
    "keras_output_kernel": Shape((_u, _V), ("the units (the Dense layer's inputs)", "the vocabulary size |V|"),
                                 "Keras' Dense kernel is inputs x outputs: the transpose of the slides' W(o)"),
    "params_untied": Count(_UNTIED, "E + W(h) + W(e) + b + W(o) + b(o)",
                           ((_UNTIED - _u - _V, "did you forget the biases b (units) and b(o) (|V|)?"),
                            (_UNTIED - _V * _d, "E has parameters too: |V| x d"))),
    "params_tied": Count(_TIED, "E + the RNN + a projection P (d x units) + b(o): W(o) = E^T P adds no "
                                "|V|-sized matrix",
                         ((_UNTIED - _u * _V, "d (300) differs from the units (512): E^T can only read a "
                                              "d-sized vector, so a projection P (d x units) comes first "
                                              "and its parameters count"),
                          (_UNTIED, "that is the untied count; tying replaces W(o) (|V| x units) by E^T"))),
}

ex08_1 = exercise("ex08_1", "Exercise 08.1 (language model dimensions)", SPEC, SIZES,
                  "Exercise 08.1: every matrix of an RNN language model, and what weight tying saves.")

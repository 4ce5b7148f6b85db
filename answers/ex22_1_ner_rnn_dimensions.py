"""Exercise 22.1: every matrix and vector of an RNN that tags named entities, slide convention (notebook 05)."""
from course_utils.checks.core import Shape, exercise, matrix, vector
from course_utils.notation import EMBEDDING_SWAP

SIZES = dict(vocabulary=100_000, embedding=300, hidden=500, classes=7)
_V, _d, _h, _C = (SIZES[k] for k in ("vocabulary", "embedding", "hidden", "classes"))
SPEC = {
    "E": Shape((_d, _V), ("the embedding size", "the vocabulary size |V|"), EMBEDDING_SWAP),
    "e_i": vector(_d, "the embedding size"),
    "W_h": matrix(_h, _h, "the hidden state size (the new state)", "the hidden state size (the previous state)",
                  [((_h, _d), "that is the shape of W(e); W(h) maps the previous state h_{i-1} to the new "
                              "state, so both of its dimensions are the hidden state size")]),
    "W_e": matrix(_h, _d, "the hidden state size (what it produces)", "the embedding size (what it reads)",
                  [((_h, _h), "that is the shape of W(h); W(e) reads the word embedding e_i")]),
    "W_o": matrix(_C, _h, "the number of classes", "the hidden state size",
                  [((_C, _d), "W(o) reads the hidden state h_i, not the embedding")]),
    "o_i": vector(_C, "the number of classes (one probability each)"),
}

ex22_1 = exercise("ex22_1", "Exercise 22.1 (RNN tagger dimensions)", SPEC, SIZES,
                  "Exercise 22.1: every matrix and vector of the RNN entity tagger, slide convention.")

"""Exercise 11.1: the dimensions of a character-CNN word encoder with a highway layer (notebook 11).

`cu.shapes.char_cnn_encoder(**SIZES)` builds the same encoder in Keras (the reveal and the tests read it).
"""
from course_utils.checks.core import Count, Shape, exercise, matrix, vector

SIZES = dict(characters=100, char_dim=16, filters=25, widths=(1, 2, 3, 4, 5), word_length=20)
_c, _e, _f, _L = SIZES["characters"], SIZES["char_dim"], SIZES["filters"], SIZES["word_length"]
_POOLED = _f * len(SIZES["widths"])
_CONV = sum(w * _e * _f + _f for w in SIZES["widths"])
_HIGHWAY = 2 * (_POOLED * _POOLED + _POOLED)
SPEC = {
    "char_E": Shape((_e, _c), ("the character embedding size", "the number of distinct characters"),
                    "on the slides the embedding matrix has one column per character; Keras stores one row each"),
    "keras_char_E": Shape((_c, _e), ("input_dim, the number of characters", "output_dim, the embedding size"),
                          "Keras' Embedding stores one row per character: characters x embedding size"),
    "W_3": matrix(_f, 3 * _e, "the filters (one output each)", "3 characters x 16 numbers each",
                  [((_f, _e), "a width-3 filter reads 3 characters at once, each 16 numbers: 48 inputs")]),
    "conv_3_output": Shape((_L, _f), ("the characters of the word (padding='same' keeps the length)",
                                      "the filters"),
                           "Keras gives one row per position: (characters, filters)",
                           (((_L - 2, _f), "that is padding='valid'; with 'same' the length stays 20"),)),
    "pooled": vector(_POOLED, "5 widths x 25 filters: one maximum per filter"),
    "W_H": matrix(_POOLED, _POOLED, "the pooled size (a highway layer keeps the size)", "the pooled size"),
    "b_H": vector(_POOLED, "the pooled size"),
    "W_T": matrix(_POOLED, _POOLED, "the pooled size (one gate per number)", "the pooled size"),
    "b_T": vector(_POOLED, "the pooled size"),
    "params_conv": Count(_CONV, "sum over widths w of (w x 16 x 25 weights + 25 biases)",
                         ((_CONV - _f * len(SIZES["widths"]), "did you forget the 25 biases of each width?"),)),
    "params_highway": Count(_HIGHWAY, "W_H, b_H, W_T, b_T: 2 x (125 x 125 + 125)",
                            ((_POOLED * _POOLED + _POOLED, "a highway layer has two dense parts: H and the gate T"),)),
    "params_total": Count(_c * _e + _CONV + _HIGHWAY, "character embeddings + convolutions + highway",
                          ((_CONV + _HIGHWAY, "the character embedding matrix counts too: 100 x 16"),)),
}

ex11_1 = exercise("ex11_1", "Exercise 11.1 (character-CNN dimensions)", SPEC, SIZES,
                  "Exercise 11.1: the dimensions of a character-CNN word encoder with a highway layer.")

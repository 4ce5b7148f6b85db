"""Exercise 09.1: every vector and matrix of encoder-decoder attention, three score functions (notebook 09)."""
from ..notation import COLUMN
from .core import Count, Shape, exercise, matrix, vector

SIZES = dict(encoder_units=256, decoder_units=512, attention_units=128, source_length=50)
_h = 2 * SIZES["encoder_units"]      # a biGRU state: both directions
_s, _a, _n = SIZES["decoder_units"], SIZES["attention_units"], SIZES["source_length"]
_BI = "a biGRU state is the forward and the backward state concatenated: 2 x 256"
_READS_BOTH = "W_a reads the concatenation [s_t; h_j]: 512 + 512 numbers"
SPEC = {
    "h_j": Shape((_h, 1), ("2 x units per direction (both directions concatenated)", "1 (a column vector)"),
                 COLUMN, (((SIZES["encoder_units"], 1), _BI),)),
    "s_t": vector(_s, "the decoder's units"),
    "W_a_additive": matrix(_a, _s + _h, "the attention units", "d_s + d_h: it reads [s_t; h_j]",
                           [((_a, _h), _READS_BOTH), ((_a, _s), _READS_BOTH)]),
    "v_a": vector(_a, "the attention units (v_a^T turns them into one score)"),
    "e_t": vector(_n, "the source length n: one score per source word"),
    "alpha_t": vector(_n, "the source length n: one weight per source word"),
    "z_t": Shape((_h, 1), ("the size of an encoder state h_j (a weighted sum of them)", "1 (a column vector)"),
                 COLUMN, (((_s + _h, 1), "z_t sums encoder states: it has their size"),)),
    "W_a_general": matrix(_s, _h, "d_s (s_t^T W_a: the row side meets s_t)",
                          "d_h (W_a h_j: the column side meets h_j)"),
    "W_a_location": matrix(_n, _s, "the (maximum) source length: one score per position",
                           "d_s: it reads the decoder state only",
                           [((_n, _h), "location-based attention reads s_t, not h_j: it ignores the source words")]),
    "params_additive": Count((_s + _h) * _a + _a, "W_a (units x (d_s + d_h)) + v_a (units)",
                             (((_s + _h) * _a, "did you forget v_a?"),)),
    "params_general": Count(_s * _h, "W_a: d_s x d_h (no bias)"),
    "params_location": Count(_n * _s, "W_a: n_max x d_s (no bias)"),
}

ex09_1 = exercise("ex09_1", "Exercise 09.1 (attention dimensions)", SPEC, SIZES,
                  "Exercise 09.1: every vector and matrix of encoder-decoder attention, three score functions.")

"""Exercise 09.1: every vector and matrix of encoder-decoder attention, three score functions (notebook 09)."""
from course_utils.checks.core import Count, Shape, exercise, matrix, vector
from course_utils.notation import COLUMN

SIZES = dict(encoder_units=256, decoder_units=512, attention_units=128, source_length=50)
_h = 2 * SIZES["encoder_units"]      # a biGRU state: both directions
_s, _a, _n = SIZES["decoder_units"], SIZES["attention_units"], SIZES["source_length"]
_BI = "a biGRU state is the forward and the backward state concatenated: 2 x 256"
_READS_BOTH = "W_a reads the concatenation [s_t; h_j]: 512 + 512 numbers"
SPEC = {   # in the order of the statement: 1. the vectors, 2. additive, 3. general and location, 4. counts
    "h_j": Shape((_h, 1), ("2 x units per direction (both directions concatenated)", "1 (a column vector)"),
                 COLUMN, (((SIZES["encoder_units"], 1), _BI),)),
    "s_t": vector(_s, "the decoder's units"),
    "e_t": vector(_n, "the source length n: one score per source word"),
    "alpha_t": vector(_n, "the source length n: one weight per source word"),
    "z_t": Shape((_h, 1), ("the size of an encoder state h_j (a weighted sum of them)", "1 (a column vector)"),
                 COLUMN, (((_s + _h, 1), "z_t sums encoder states: it has their size"),)),
    "W_a_additive": matrix(_a, _s + _h, "the attention units",
                           "the size of s_t + the size of h_j: it reads [s_t; h_j]",
                           [((_a, _h), _READS_BOTH), ((_a, _s), _READS_BOTH)]),
    "v_a": vector(_a, "the attention units (v_a^T turns them into one score)"),
    "W_a_general": matrix(_s, _h, "the size of s_t (s_t^T W_a: the row side meets s_t)",
                          "the size of h_j (W_a h_j: the column side meets h_j)"),
    "W_a_location": matrix(_n, _s, "the (maximum) source length n: one score per position",
                           "the size of s_t: it reads the decoder state only",
                           [((_n, _h), "location-based attention reads s_t, not h_j: it ignores the source words")]),
    "params_additive": Count((_s + _h) * _a + _a,
                             "W_a (attention units x (size of s_t + size of h_j)) + v_a (attention units)",
                             (((_s + _h) * _a, "did you forget v_a?"),)),
    "params_general": Count(_s * _h, "W_a: size of s_t x size of h_j (no bias)"),
    "params_location": Count(_n * _s, "W_a: source length n x size of s_t (no bias)"),
}

ex09_1 = exercise("ex09_1", "Exercise 09.1 (attention dimensions)", SPEC, SIZES,
                  "Exercise 09.1: every vector and matrix of encoder-decoder attention, three score functions.",
                  follows={"h_j": ("z_t", "W_a_additive", "W_a_general", "params_additive", "params_general")})

"""Exercise 22.4: multi-label classification, one attention head and one sigmoid output per label (notebook 07)."""
from course_utils.checks.core import Shape, exercise, matrix, vector
from course_utils.notation import COLUMN

SIZES = dict(state=256, attention_hidden=64, labels=6)
_state, _hidden, _labels = SIZES["state"], SIZES["attention_hidden"], SIZES["labels"]
SPEC = {
    "W_l": matrix(_labels, _hidden, "the number of labels |C| (one score per label)",
                  "the units of the last hidden layer",
                  [((1, _hidden), "one score per word is one softmax; every label needs its own: |C| rows")]),
    "b_l": vector(_labels, "the number of labels |C|"),
    "scores": vector(_labels, "the number of labels |C| (one score per label, for each word)"),
    "h_sum_c": Shape((_state, 1), ("the size of the states h_i (each label has its own weighted sum)",
                                   "1 (a column vector)"), COLUMN,
                     (((_labels, _state), "that stacks all labels; give the shape of one h_sum,c"),)),
    "w_c": Shape((_state, 1), ("the size of h_sum,c", "1 (a column vector, as in notebook 07)"),
                 "w_c is a column vector: p_c = sigmoid(w_c^T h_sum,c + b_c), as in notebook 07",
                 (((_labels, _state), "each label has its own output weights; give one label's w_c"),
                  ((_state, _labels), "that is all labels' w_c side by side (Keras' kernel); give one label's"))),
    "b_c": vector(1, "1 (one output for label c)"),
}

ex22_4 = exercise("ex22_4", "Exercise 22.4 (multi-label attention)", SPEC, SIZES,
                  "Exercise 22.4: the dimensions that change with one attention head per label.")

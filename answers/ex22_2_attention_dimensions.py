"""Exercise 22.2: the RNN with deep self-attention: (a) the l-layer attention MLP, (b) the classifier on h_sum
(notebook 07)."""
from course_utils.checks.core import exercise, matrix, vector

SIZES = dict(state=128, hidden=64, classes=4, layers_in_the_reveal=4)   # the MLP has l layers; l = 4 shown
_state, _hidden, _classes = SIZES["state"], SIZES["hidden"], SIZES["classes"]
_NOT_ONE = "the output layer gives each word a single score"
SPEC_A = {
    "W1": matrix(_hidden, _state, "the units of layer 1", "the size of the states h_i it reads"),
    "b1": vector(_hidden, "the units of layer 1"),
    "out1": vector(_hidden, "the units of layer 1"),
    "W_middle": matrix(_hidden, _hidden, "the units of layer k", "the units of layer k-1 (what it reads)",
                       [((_hidden, _state), "a middle layer reads the output a_i(k-1) of the layer before, not h_i")]),
    "b_middle": vector(_hidden, "the units of layer k"),
    "out_middle": vector(_hidden, "the units of layer k"),
    "W_last": matrix(1, _hidden, "1 (one score per word)", "the units of layer l-1",
                     [((_hidden, _hidden), "the last layer W(l) gives each word a single score: 1 row")]),
    "b_last": vector(1, _NOT_ONE),
    "score": vector(1, _NOT_ONE),
}
SPEC_B = {
    "h_sum": vector(_state, "the size of the states h_i (a weighted sum of them)"),
    "W_o": matrix(_classes, _state, "the number of classes", "the size of h_sum"),
    "b_o": vector(_classes, "the number of classes"),
    "p": vector(_classes, "the number of classes (one probability each)"),
}

ex22_2a = exercise("ex22_2a", "Exercise 22.2(a) (attention MLP dimensions)", SPEC_A, SIZES,
                   "Exercise 22.2(a): the l-layer attention MLP: its first, a middle (1 < k < l) and its last layer.")
ex22_2b = exercise("ex22_2b", "Exercise 22.2(b) (classifier dimensions)", SPEC_B, SIZES,
                   "Exercise 22.2(b): the classifier on top of h_sum, 4 classes.")

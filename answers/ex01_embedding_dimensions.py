"""Exercise 01: the shapes of a one-hot vector, the embedding matrix and their product (notebook 01)."""
from course_utils.checks.core import Count, Shape, exercise
from course_utils.notation import EMBEDDING_SWAP

SIZES = dict(vocabulary=10_000, features=300)
_V, _d = SIZES["vocabulary"], SIZES["features"]
SPEC = {
    "x": Shape((_V, 1), ("the vocabulary size |V| (one entry per word)", "1 (a column vector)"),
               "on the slides vectors are columns: |V| rows, 1 column"),
    "E": Shape((_d, _V), ("the number of features d", "the vocabulary size |V|"), EMBEDDING_SWAP),
    "Ex": Shape((_d, 1), ("the rows of E (the number of features d)", "the columns of x (1)"),
                "E x is a column vector: d rows, 1 column"),
    "keras_weight": Shape((_V, _d), ("input_dim, the vocabulary size |V|", "output_dim, the features d"),
                          "keras.layers.Embedding(input_dim=|V|, output_dim=d) stores a "
                          "|V| x d matrix, one row per word: the transpose of the slides' E"),
    "parameters": Count(_V * _d, "the number of entries of E: features x vocabulary size"),
}

ex01 = exercise("ex01", "Exercise 01 (embedding dimensions)", SPEC, SIZES,
                "Exercise 01: shapes of a one-hot vector, the embedding matrix and their product.")

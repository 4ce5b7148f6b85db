"""Self-checks for the exercises: deterministic text a student can act on.

A check compares each answer with the expected value and says, per item, what
is wrong and why (which dimension, what it should depend on, slide vs Keras
layout). Its result prints as `PASSED` or `NOT YET`; an answer left as `...`
is "not attempted", never an error.
"""
import dataclasses
import numbers

CORRECT, WRONG, NOT_ATTEMPTED, INVALID = "correct", "wrong", "not attempted", "invalid"


@dataclasses.dataclass(frozen=True)
class ItemResult:
    name: str
    status: str
    hint: str = ""


@dataclasses.dataclass(frozen=True)
class CheckResult:
    """What a check returns; it displays as deterministic plain text."""

    title: str
    items: tuple

    @property
    def passed(self):
        return all(item.status == CORRECT for item in self.items)

    @property
    def attempted(self):
        return any(item.status != NOT_ATTEMPTED for item in self.items)

    def __str__(self):
        right = sum(item.status == CORRECT for item in self.items)
        if self.passed:
            return f"{self.title}: PASSED ({right} of {len(self.items)} right)"
        if not self.attempted:
            return (f"{self.title}: NOT YET - not attempted: replace each ... "
                    f"with your answer and run the cell again")
        lines = [f"{self.title}: NOT YET ({right} of {len(self.items)} right)"]
        for item in self.items:
            if item.status == CORRECT:
                lines.append(f"  {item.name}: right")
            elif item.status == NOT_ATTEMPTED:
                lines.append(f"  {item.name}: not attempted")
            else:
                lines.append(f"  {item.name}: {item.hint}")
        return "\n".join(lines)

    __repr__ = __str__


def _is_whole(x):
    return isinstance(x, numbers.Integral) and not isinstance(x, bool)


@dataclasses.dataclass(frozen=True)
class Shape:
    """An expected matrix/vector shape and what each of its dimensions means.

    `meaning` names what each dimension equals ("the vocabulary size |V|").
    `swapped_hint` explains the usual reason for a transposed answer.
    """

    expected: tuple
    meaning: tuple
    swapped_hint: str = ""
    mistakes: tuple = ()  # ((wrong answer, hint), ...) for mistakes worth naming

    def judge(self, name, answer):
        if answer is Ellipsis:
            return ItemResult(name, NOT_ATTEMPTED)
        want = len(self.expected)
        form = {1: "(a 1-tuple such as (300,))", 2: "(rows, cols)"}.get(want, f"a tuple of {want} whole numbers")
        if not isinstance(answer, (tuple, list)):
            return ItemResult(name, INVALID, f"expected {form}, got {answer!r} "
                              f"({type(answer).__name__}); a shape is written like (300, 1)")
        for wrong, hint in self.mistakes:        # a named mistake may have another number of dimensions
            if tuple(answer) == wrong != self.expected:
                return ItemResult(name, WRONG, hint)
        if len(answer) != want:
            return ItemResult(name, INVALID, f"expected {want} number{'s' if want > 1 else ''} {form}, got "
                              f"{len(answer)}: {tuple(answer)!r}")
        if not all(_is_whole(x) and x > 0 for x in answer):
            return ItemResult(name, INVALID, f"dimensions must be positive whole numbers, "
                              f"got {tuple(answer)!r}")
        answer = tuple(int(x) for x in answer)
        if answer == self.expected:
            return ItemResult(name, CORRECT)
        if want == 2 and answer == self.expected[::-1]:
            hint = "rows and columns are swapped"
            return ItemResult(name, WRONG, f"{hint}: {self.swapped_hint}" if self.swapped_hint
                              else f"{hint}; rows = {self.meaning[0]}, columns = {self.meaning[1]}")
        axis_names = ("rows", "columns") if want == 2 else [f"dimension {i + 1}" for i in range(want)]
        wrong = [f"{axis} = {got} is off: it should be {meaning}"
                 for axis, got, exp, meaning in zip(axis_names, answer, self.expected, self.meaning)
                 if got != exp]
        return ItemResult(name, WRONG, "; ".join(wrong))


class _OneValue:
    """Judging one value against `expected`, with named mistakes; subclasses say what is valid and how to show it."""

    def judge(self, name, answer):
        if answer is Ellipsis:
            return ItemResult(name, NOT_ATTEMPTED)
        problem = self.invalid(answer)
        if problem:
            return ItemResult(name, INVALID, problem)
        if answer == self.expected:
            return ItemResult(name, CORRECT)
        for wrong, hint in self.mistakes:
            if answer == wrong:
                return ItemResult(name, WRONG, f"{self.show(answer)} is off: {hint}")
        return ItemResult(name, WRONG, f"{self.show(answer)} is off: it should be {self.meaning}")


@dataclasses.dataclass(frozen=True)
class Count(_OneValue):
    """An expected whole number (e.g. a parameter count) and how it is computed."""

    expected: int
    meaning: str
    mistakes: tuple = ()  # ((wrong answer, hint), ...)

    def invalid(self, answer):
        if not _is_whole(answer) or answer < 0:
            return f"expected a whole number, got {answer!r} ({type(answer).__name__})"
        return ""

    def show(self, answer):
        return f"{answer:,}"


@dataclasses.dataclass(frozen=True)
class Choice(_OneValue):
    """An expected symbol out of a fixed list (e.g. which state feeds an equation), with named mistakes."""

    expected: str
    options: tuple
    meaning: str
    mistakes: tuple = ()  # ((wrong symbol, hint), ...)

    def invalid(self, answer):
        if answer not in self.options:
            return f"expected one of the symbols {', '.join(map(repr, self.options))}; got {answer!r}"
        return ""

    def show(self, answer):
        return repr(answer)


def check(title, spec, answers):
    """Judge `answers` (name -> value) against `spec` (name -> Shape/Count/Choice), in spec order."""
    return CheckResult(title, tuple(rule.judge(name, answers[name]) for name, rule in spec.items()))


# --- Exercise 01: embedding dimensions ----------------------------------------------

EX01_VOCABULARY, EX01_FEATURES = 10_000, 300
_EMBEDDING_SWAP = ("on the slides E is features x vocabulary (d x |V|), one column per word; "
                   "vocabulary x features is how Keras stores it")
EX01_SPEC = {
    "x": Shape((EX01_VOCABULARY, 1), ("the vocabulary size |V| (one entry per word)",
                                      "1 (a column vector)"),
               "on the slides vectors are columns: |V| rows, 1 column"),
    "E": Shape((EX01_FEATURES, EX01_VOCABULARY), ("the number of features d",
                                                  "the vocabulary size |V|"), _EMBEDDING_SWAP),
    "Ex": Shape((EX01_FEATURES, 1), ("the rows of E (the number of features d)",
                                     "the columns of x (1)"),
                "E x is a column vector: d rows, 1 column"),
    "keras_weight": Shape((EX01_VOCABULARY, EX01_FEATURES),
                          ("input_dim, the vocabulary size |V|", "output_dim, the features d"),
                          "keras.layers.Embedding(input_dim=|V|, output_dim=d) stores a "
                          "|V| x d matrix, one row per word: the transpose of the slides' E"),
    "parameters": Count(EX01_VOCABULARY * EX01_FEATURES,
                        "the number of entries of E: features x vocabulary size"),
}


def ex01(x=..., E=..., Ex=..., keras_weight=..., parameters=...):
    """Exercise 01: shapes of a one-hot vector, the embedding matrix and their product."""
    return check("Exercise 01 (embedding dimensions)", EX01_SPEC,
                 dict(x=x, E=E, Ex=Ex, keras_weight=keras_weight, parameters=parameters))


# --- Shared hints -------------------------------------------------------------------

_KERNEL_SWAP = ("that is Keras' kernel layout (inputs x units); on the slides a weight matrix is "
                "out x in: rows = what it produces, columns = what it reads")
_COLUMN = "on the slides vectors are columns: n rows, 1 column"


def _vector(n, meaning):
    return Shape((n, 1), (meaning, "1 (a column vector)"), _COLUMN)


def _matrix(rows, cols, out_meaning, in_meaning, mistakes=()):
    return Shape((rows, cols), (out_meaning, in_meaning), _KERNEL_SWAP, tuple(mistakes))


# --- Exercise 22.1: an RNN that tags named entities ---------------------------------

EX22_1 = dict(vocabulary=100_000, embedding=300, hidden=500, classes=7)
EX22_1_SPEC = {
    "E": Shape((300, 100_000), ("the embedding size", "the vocabulary size |V|"), _EMBEDDING_SWAP),
    "e_i": _vector(300, "the embedding size"),
    "W_h": _matrix(500, 500, "the hidden state size (the new state)", "the hidden state size (the previous state)",
                   [((500, 300), "that is the shape of W(e); W(h) maps the previous state h_{i-1} to the new "
                                 "state, so both of its dimensions are the hidden state size")]),
    "W_e": _matrix(500, 300, "the hidden state size (what it produces)", "the embedding size (what it reads)",
                   [((500, 500), "that is the shape of W(h); W(e) reads the word embedding e_i")]),
    "W_o": _matrix(7, 500, "the number of classes", "the hidden state size",
                   [((7, 300), "W(o) reads the hidden state h_i, not the embedding")]),
    "o_i": _vector(7, "the number of classes (one probability each)"),
}


def ex22_1(E=..., e_i=..., W_h=..., W_e=..., W_o=..., o_i=...):
    """Exercise 22.1: every matrix and vector of the RNN entity tagger, slide convention."""
    return check("Exercise 22.1 (RNN tagger dimensions)", EX22_1_SPEC,
                 dict(E=E, e_i=e_i, W_h=W_h, W_e=W_e, W_o=W_o, o_i=o_i))


# --- Exercise 22.2: the RNN with deep self-attention --------------------------------

EX22_2 = dict(state=128, hidden=64, classes=4, layers_in_the_reveal=4)   # the MLP has l layers; l = 4 shown
_NOT_ONE = "the output layer gives each word a single score"
EX22_2A_SPEC = {
    "W1": _matrix(64, 128, "the units of layer 1", "the size of the states h_i it reads"),
    "b1": _vector(64, "the units of layer 1"),
    "out1": _vector(64, "the units of layer 1"),
    "W_middle": _matrix(64, 64, "the units of layer k", "the units of layer k-1 (what it reads)",
                        [((64, 128), "a middle layer reads the output a_i(k-1) of the layer before, not h_i")]),
    "b_middle": _vector(64, "the units of layer k"),
    "out_middle": _vector(64, "the units of layer k"),
    "W_last": _matrix(1, 64, "1 (one score per word)", "the units of layer l-1",
                      [((64, 64), "the last layer W(l) gives each word a single score: 1 row")]),
    "b_last": _vector(1, _NOT_ONE),
    "score": _vector(1, _NOT_ONE),
}


def ex22_2a(W1=..., b1=..., out1=..., W_middle=..., b_middle=..., out_middle=..., W_last=..., b_last=...,
            score=...):
    """Exercise 22.2(a): the l-layer attention MLP: its first, a middle (1 < k < l) and its last layer."""
    return check("Exercise 22.2(a) (attention MLP dimensions)", EX22_2A_SPEC,
                 dict(W1=W1, b1=b1, out1=out1, W_middle=W_middle, b_middle=b_middle, out_middle=out_middle,
                      W_last=W_last, b_last=b_last, score=score))


EX22_2B_SPEC = {
    "h_sum": _vector(128, "the size of the states h_i (a weighted sum of them)"),
    "W_o": _matrix(4, 128, "the number of classes", "the size of h_sum"),
    "b_o": _vector(4, "the number of classes"),
    "p": _vector(4, "the number of classes (one probability each)"),
}


def ex22_2b(h_sum=..., W_o=..., b_o=..., p=...):
    """Exercise 22.2(b): the classifier on top of h_sum, 4 classes."""
    return check("Exercise 22.2(b) (classifier dimensions)", EX22_2B_SPEC,
                 dict(h_sum=h_sum, W_o=W_o, b_o=b_o, p=p))


# --- Exercise 22.3: a stacked bidirectional GRU -------------------------------------

EX22_3 = dict(embedding=300, units=128)
_BOTH = "the m-th layer reads both directions of layer m-1, concatenated: 2 x units"
_W_STATE_U_WORD = ("in the lecture's letters W multiplies the previous state h_{i-1} and U the input "
                   "(the word e_i, or the layer below)")
EX22_3_SYMBOLS = ("e_i", "h(1)_i", "h(m-1)_i", "h(M)_i", "h_fwd(m-1)_i", "h_fwd(M)_i",
                  "h_fwd(1)_i-1", "h_fwd(1)_i+1", "h_bwd(1)_i-1", "h_bwd(1)_i+1",
                  "h_fwd(m)_i-1", "h_fwd(m)_i+1", "h_bwd(m)_i-1", "h_bwd(m)_i+1",
                  "h_fwd(m-1)_i-1", "h_bwd(m-1)_i+1")
_FORWARD = "the forward GRU reads the sentence left to right: its previous state is the one at i-1"
_BACKWARD = "the backward GRU reads the sentence right to left: its previous state is the one at i+1"
_OWN_STATE = "every layer carries its own states: layer m continues from its own previous state"
_ONLY_FIRST = "only layer 1 reads the embeddings; layer m reads the states of layer m-1"
_BOTH_DIRECTIONS = "layer m reads both directions of layer m-1, concatenated: h(m-1)_i"


def _state(expected, meaning, *mistakes):
    return Choice(expected, EX22_3_SYMBOLS, meaning, tuple(mistakes))


_LAYER_M_INPUT = _state("h(m-1)_i", "h(m-1)_i = [h_fwd(m-1)_i; h_bwd(m-1)_i], the states of the layer below",
                        ("e_i", _ONLY_FIRST), ("h_fwd(m-1)_i", _BOTH_DIRECTIONS), ("h(1)_i", _BOTH_DIRECTIONS
                                                                                  + " (the layer just below)"))
EX22_3_SPEC = {
    "W_z_1": _matrix(128, 128, "the units per direction", "the units per direction (its own previous state h_{i-1})",
                     [((128, 300), "that is U(z)'s shape: " + _W_STATE_U_WORD)]),
    "U_z_1": _matrix(128, 300, "the units per direction", "the embedding size (layer 1 reads e_i)",
                     [((128, 128), "that is W(z)'s shape: " + _W_STATE_U_WORD)]),
    "h_1": _vector(256, "2 x units: the forward and the backward state, concatenated"),
    "W_z_m": _matrix(128, 128, "the units per direction", "the units per direction (its own previous state)",
                     [((128, 256), "W reads the layer's own previous state in one direction: units, not 2 x units")]),
    "U_z_m": _matrix(128, 256, "the units per direction", "2 x units (the concatenated states of layer m-1)",
                     [((128, 128), _BOTH), ((128, 300), "only the first layer reads the embeddings; " + _BOTH)]),
    "h_m": _vector(256, "2 x units: the forward and the backward state, concatenated"),
    "params_layer_1": Count(2 * 3 * 128 * (300 + 128 + 2),
                            "2 directions x 3u(d + u + 2) with Keras' reset_after=True",
                            ((3 * 128 * (300 + 128 + 2), "count both directions"),
                             (2 * 3 * 128 * (300 + 128 + 1), "that is reset_after=False; Keras' default "
                                                             "adds a second bias per gate"))),
    "params_layer_m": Count(2 * 3 * 128 * (256 + 128 + 2),
                            "2 directions x 3u(2u + u + 2): the inputs are now the 2u concatenated states",
                            ((2 * 3 * 128 * (300 + 128 + 2), "layer m reads 2 x units, not the embeddings"),)),
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
}


def ex22_3(W_z_1=..., U_z_1=..., h_1=..., W_z_m=..., U_z_m=..., h_m=..., params_layer_1=...,
           params_layer_m=..., forward_1_previous=..., forward_1_input=..., backward_1_previous=...,
           backward_1_input=..., forward_m_previous=..., forward_m_input=..., backward_m_previous=...,
           backward_m_input=..., attention_reads=...):
    """Exercise 22.3: the equations (which state feeds which layer) and the dimensions of the first and the
    m-th layer of a stacked bidirectional GRU, and what the attention reads."""
    return check("Exercise 22.3 (stacked bidirectional GRU)", EX22_3_SPEC,
                 dict(W_z_1=W_z_1, U_z_1=U_z_1, h_1=h_1, W_z_m=W_z_m, U_z_m=U_z_m, h_m=h_m,
                      params_layer_1=params_layer_1, params_layer_m=params_layer_m,
                      forward_1_previous=forward_1_previous, forward_1_input=forward_1_input,
                      backward_1_previous=backward_1_previous, backward_1_input=backward_1_input,
                      forward_m_previous=forward_m_previous, forward_m_input=forward_m_input,
                      backward_m_previous=backward_m_previous, backward_m_input=backward_m_input,
                      attention_reads=attention_reads))


# --- Exercise 22.4: multi-label classification, one attention head per label --------

EX22_4 = dict(state=256, attention_hidden=64, labels=6)
EX22_4_SPEC = {
    "W_l": _matrix(6, 64, "the number of labels |C| (one score per label)", "the units of the last hidden layer",
                   [((1, 64), "one score per word is one softmax; every label needs its own: |C| rows")]),
    "b_l": _vector(6, "the number of labels |C|"),
    "scores": _vector(6, "the number of labels |C| (one score per label, for each word)"),
    "h_sum_c": Shape((256, 1), ("the size of the states h_i (each label has its own weighted sum)",
                                "1 (a column vector)"), _COLUMN,
                     (((6, 256), "that stacks all labels; give the shape of one h_sum,c"),)),
    "w_c": Shape((256, 1), ("the size of h_sum,c", "1 (a column vector, as in notebook 07)"),
                 "w_c is a column vector: p_c = sigmoid(w_c^T h_sum,c + b_c), as in notebook 07",
                 (((6, 256), "each label has its own output weights; give one label's w_c"),
                  ((256, 6), "that is all labels' w_c side by side (Keras' kernel); give one label's"))),
    "b_c": _vector(1, "1 (one output for label c)"),
}


def ex22_4(W_l=..., b_l=..., scores=..., h_sum_c=..., w_c=..., b_c=...):
    """Exercise 22.4: the dimensions that change with one attention head per label."""
    return check("Exercise 22.4 (multi-label attention)", EX22_4_SPEC,
                 dict(W_l=W_l, b_l=b_l, scores=scores, h_sum_c=h_sum_c, w_c=w_c, b_c=b_c))


# --- Exercise 02.1: the simple RNN with one stacked matrix --------------------------

EX02_1 = dict(n_a=64, n_x=100)
EX02_1_SPEC = {
    "W_aa": _matrix(64, 64, "n_a (the new state)", "n_a (the previous state)"),
    "W_ax": _matrix(64, 100, "n_a (the new state)", "n_x (the input)"),
    "W_a": Shape((64, 164), ("n_a (the new state)", "n_a + n_x (the stacked vector it reads)"), _KERNEL_SWAP,
                 (((128, 100), "[W_aa | W_ax] puts the matrices side by side: the columns add up "
                               "(n_a + n_x), the rows stay n_a"),
                  ((128, 164), "side by side, not on top of each other: the rows stay n_a"))),
    "stacked": _vector(164, "n_a + n_x: the previous state on top of the input"),
    "a_t": _vector(64, "n_a"),
}


def ex02_1(W_aa=..., W_ax=..., W_a=..., stacked=..., a_t=...):
    """Exercise 02.1: a_t = tanh(W_a [a_{t-1}; x_t] + b_a) with one stacked matrix."""
    return check("Exercise 02.1 (stacked RNN matrix)", EX02_1_SPEC,
                 dict(W_aa=W_aa, W_ax=W_ax, W_a=W_a, stacked=stacked, a_t=a_t))


# --- Exercise 03.1: parameter counts ------------------------------------------------

EX03_1 = dict(inputs=100, units=64)
_d, _u = EX03_1["inputs"], EX03_1["units"]
EX03_1_SPEC = {
    "simple_rnn": Count(_u * (_d + _u + 1), "u(d + u + 1): input matrix, recurrent matrix and bias",
                        ((_u * (_d + _u), "did you forget the bias (u numbers)?"),)),
    "gru": Count(3 * _u * (_d + _u + 2), "3u(d + u + 2) with Keras' default reset_after=True",
                 ((3 * _u * (_d + _u + 1), "that is reset_after=False; Keras' default keeps a second "
                                           "(recurrent) bias per gate, 3u more numbers"),
                  (3 * _u * (_d + _u), "did you forget the biases?"))),
    "gru_reset_after_false": Count(3 * _u * (_d + _u + 1), "3u(d + u + 1): three gates, one bias each",
                                   ((3 * _u * (_d + _u + 2), "that is Keras' default, reset_after=True"),)),
    "lstm": Count(4 * _u * (_d + _u + 1), "4u(d + u + 1): four gates (i, f, c, o)",
                  ((4 * _u * (_d + _u), "did you forget the biases?"),
                   (3 * _u * (_d + _u + 1), "an LSTM has four gate blocks, not three"))),
    "bidirectional_lstm": Count(2 * 4 * _u * (_d + _u + 1), "two LSTMs: 2 x 4u(d + u + 1)",
                                ((4 * _u * (_d + _u + 1), "a Bidirectional layer holds two LSTMs, "
                                                          "one per direction"),)),
}


def ex03_1(simple_rnn=..., gru=..., gru_reset_after_false=..., lstm=..., bidirectional_lstm=...):
    """Exercise 03.1: trainable parameters of recurrent layers (d = 100 inputs, u = 64 units)."""
    return check("Exercise 03.1 (parameter counts)", EX03_1_SPEC,
                 dict(simple_rnn=simple_rnn, gru=gru, gru_reset_after_false=gru_reset_after_false,
                      lstm=lstm, bidirectional_lstm=bidirectional_lstm))


# --- Exercise 08.1: the dimensions of an RNN language model ------------------------

EX08_1 = dict(vocabulary=50_000, embedding=300, units=512)
_V8, _d8, _u8 = EX08_1["vocabulary"], EX08_1["embedding"], EX08_1["units"]
_UNTIED = _V8 * _d8 + _u8 * _u8 + _u8 * _d8 + _u8 + _u8 * _V8 + _V8
_TIED = _UNTIED - _u8 * _V8 + _d8 * _u8
EX08_1_SPEC = {
    "E": Shape((_d8, _V8), ("the embedding size d", "the vocabulary size |V|"), _EMBEDDING_SWAP),
    "e_t": _vector(_d8, "the embedding size d"),
    "W_h": _matrix(_u8, _u8, "the units (the new state)", "the units (the previous state)",
                   [((_u8, _d8), "that is the shape of W(e); W(h) maps the previous state to the new one")]),
    "W_e": _matrix(_u8, _d8, "the units (what it produces)", "the embedding size (what it reads)",
                   [((_u8, _u8), "that is the shape of W(h); W(e) reads the word embedding e_t")]),
    "W_o": _matrix(_V8, _u8, "the vocabulary size |V| (one score per possible next word)", "the units",
                   [((_V8, _d8), "W(o) reads the state h_t, which has as many numbers as there are units"),
                    ((_u8, _u8), "the output scores every word of the vocabulary: |V| rows")]),
    "o_t": _vector(_V8, "the vocabulary size |V| (a distribution over the next word)"),
    "keras_embedding": Shape((_V8, _d8), ("input_dim, the vocabulary size |V|", "output_dim, the embedding size d"),
                             "Keras' Embedding stores E transposed: one row per word"),
    "keras_output_kernel": Shape((_u8, _V8), ("the units (the Dense layer's inputs)", "the vocabulary size |V|"),
                                 "Keras' Dense kernel is inputs x outputs: the transpose of the slides' W(o)"),
    "params_untied": Count(_UNTIED, "E + W(h) + W(e) + b + W(o) + b(o)",
                           ((_UNTIED - _u8 - _V8, "did you forget the biases b (units) and b(o) (|V|)?"),
                            (_UNTIED - _V8 * _d8, "E has parameters too: |V| x d"))),
    "params_tied": Count(_TIED, "E + the RNN + a projection P (d x units) + b(o): W(o) = E^T P adds no |V|-sized matrix",
                         ((_UNTIED - _u8 * _V8, "d (300) differs from the units (512): E^T can only read a "
                                                 "d-sized vector, so a projection P (d x units) comes first "
                                                 "and its parameters count"),
                          (_UNTIED, "that is the untied count; tying replaces W(o) (|V| x units) by E^T"))),
}


def ex08_1(E=..., e_t=..., W_h=..., W_e=..., W_o=..., o_t=..., keras_embedding=..., keras_output_kernel=...,
           params_untied=..., params_tied=...):
    """Exercise 08.1: every matrix of an RNN language model, and what weight tying saves."""
    return check("Exercise 08.1 (language model dimensions)", EX08_1_SPEC,
                 dict(E=E, e_t=e_t, W_h=W_h, W_e=W_e, W_o=W_o, o_t=o_t, keras_embedding=keras_embedding,
                      keras_output_kernel=keras_output_kernel, params_untied=params_untied, params_tied=params_tied))


# --- Exercise 09.1: encoder-decoder attention -------------------------------------

EX09_1 = dict(encoder_units=256, decoder_units=512, attention_units=128, source_length=50)
_h9 = 2 * EX09_1["encoder_units"]
_s9, _a9, _n9 = EX09_1["decoder_units"], EX09_1["attention_units"], EX09_1["source_length"]
_BI = "a biGRU state is the forward and the backward state concatenated: 2 x 256"
EX09_1_SPEC = {
    "h_j": Shape((_h9, 1), ("2 x units per direction (both directions concatenated)", "1 (a column vector)"),
                 _COLUMN, (((EX09_1["encoder_units"], 1), _BI),)),
    "s_t": _vector(_s9, "the decoder's units"),
    "W_a_additive": _matrix(_a9, _s9 + _h9, "the attention units", "d_s + d_h: it reads [s_t; h_j]",
                            [((_a9, _h9), "W_a reads the concatenation [s_t; h_j]: 512 + 512 numbers"),
                             ((_a9, _s9), "W_a reads the concatenation [s_t; h_j]: 512 + 512 numbers")]),
    "v_a": _vector(_a9, "the attention units (v_a^T turns them into one score)"),
    "e_t": _vector(_n9, "the source length n: one score per source word"),
    "alpha_t": _vector(_n9, "the source length n: one weight per source word"),
    "z_t": Shape((_h9, 1), ("the size of an encoder state h_j (a weighted sum of them)", "1 (a column vector)"),
                 _COLUMN, (((_s9 + _h9, 1), "z_t sums encoder states: it has their size"),)),
    "W_a_general": _matrix(_s9, _h9, "d_s (s_t^T W_a: the row side meets s_t)", "d_h (W_a h_j: the column side meets h_j)"),
    "W_a_location": _matrix(_n9, _s9, "the (maximum) source length: one score per position",
                            "d_s: it reads the decoder state only",
                            [((_n9, _h9), "location-based attention reads s_t, not h_j: it ignores the source words")]),
    "params_additive": Count((_s9 + _h9) * _a9 + _a9, "W_a (units x (d_s + d_h)) + v_a (units)",
                             (((_s9 + _h9) * _a9, "did you forget v_a?"),)),
    "params_general": Count(_s9 * _h9, "W_a: d_s x d_h (no bias)"),
    "params_location": Count(_n9 * _s9, "W_a: n_max x d_s (no bias)"),
}


def ex09_1(h_j=..., s_t=..., W_a_additive=..., v_a=..., e_t=..., alpha_t=..., z_t=..., W_a_general=...,
           W_a_location=..., params_additive=..., params_general=..., params_location=...):
    """Exercise 09.1: every vector and matrix of encoder-decoder attention, three score functions."""
    return check("Exercise 09.1 (attention dimensions)", EX09_1_SPEC,
                 dict(h_j=h_j, s_t=s_t, W_a_additive=W_a_additive, v_a=v_a, e_t=e_t, alpha_t=alpha_t, z_t=z_t,
                      W_a_general=W_a_general, W_a_location=W_a_location, params_additive=params_additive,
                      params_general=params_general, params_location=params_location))


# --- Exercise 11.1: a character-CNN word encoder ----------------------------------

EX11_1 = dict(characters=100, char_dim=16, filters=25, widths=(1, 2, 3, 4, 5), word_length=20)
_c11, _e11, _f11, _L11 = EX11_1["characters"], EX11_1["char_dim"], EX11_1["filters"], EX11_1["word_length"]
_P11 = _f11 * len(EX11_1["widths"])
_CONV11 = sum(w * _e11 * _f11 + _f11 for w in EX11_1["widths"])
_HIGHWAY11 = 2 * (_P11 * _P11 + _P11)
EX11_1_SPEC = {
    "char_E": Shape((_e11, _c11), ("the character embedding size", "the number of distinct characters"),
                    "on the slides the embedding matrix has one column per character; Keras stores one row each"),
    "keras_char_E": Shape((_c11, _e11), ("input_dim, the number of characters", "output_dim, the embedding size"),
                          "Keras' Embedding stores one row per character: characters x embedding size"),
    "W_3": _matrix(_f11, 3 * _e11, "the filters (one output each)", "3 characters x 16 numbers each",
                   [((_f11, _e11), "a width-3 filter reads 3 characters at once, each 16 numbers: 48 inputs")]),
    "conv_3_output": Shape((_L11, _f11), ("the characters of the word (padding='same' keeps the length)",
                                          "the filters"),
                           "Keras gives one row per position: (characters, filters)",
                           (((_L11 - 2, _f11), "that is padding='valid'; with 'same' the length stays 20"),)),
    "pooled": _vector(_P11, "5 widths x 25 filters: one maximum per filter"),
    "W_H": _matrix(_P11, _P11, "the pooled size (a highway layer keeps the size)", "the pooled size"),
    "b_H": _vector(_P11, "the pooled size"),
    "W_T": _matrix(_P11, _P11, "the pooled size (one gate per number)", "the pooled size"),
    "b_T": _vector(_P11, "the pooled size"),
    "params_conv": Count(_CONV11, "sum over widths w of (w x 16 x 25 weights + 25 biases)",
                         ((_CONV11 - _f11 * len(EX11_1["widths"]), "did you forget the 25 biases of each width?"),)),
    "params_highway": Count(_HIGHWAY11, "W_H, b_H, W_T, b_T: 2 x (125 x 125 + 125)",
                            ((_P11 * _P11 + _P11, "a highway layer has two dense parts: H and the gate T"),)),
    "params_total": Count(_c11 * _e11 + _CONV11 + _HIGHWAY11, "character embeddings + convolutions + highway",
                          ((_CONV11 + _HIGHWAY11, "the character embedding matrix counts too: 100 x 16"),)),
}


def ex11_1(char_E=..., keras_char_E=..., W_3=..., conv_3_output=..., pooled=..., W_H=..., b_H=..., W_T=...,
           b_T=..., params_conv=..., params_highway=..., params_total=...):
    """Exercise 11.1: the dimensions of a character-CNN word encoder with a highway layer."""
    return check("Exercise 11.1 (character-CNN dimensions)", EX11_1_SPEC,
                 dict(char_E=char_E, keras_char_E=keras_char_E, W_3=W_3, conv_3_output=conv_3_output, pooled=pooled,
                      W_H=W_H, b_H=b_H, W_T=W_T, b_T=b_T, params_conv=params_conv, params_highway=params_highway,
                      params_total=params_total))


def build_ex11_1_encoder():
    """The encoder of exercise 11.1 in Keras (the reveal and the tests read its weights)."""
    import keras

    from .layers import Highway, MaskedGlobalMaxPooling1D

    ids = keras.Input(shape=(EX11_1["word_length"],), dtype="int32", name="char_ids")
    e = keras.layers.Embedding(_c11, _e11, name="char_E")(ids)
    real = keras.ops.not_equal(ids, 0)
    convs = [keras.layers.Conv1D(_f11, w, padding="same", activation="tanh", name=f"conv_{w}")(e)
             for w in EX11_1["widths"]]
    pooled = keras.layers.Concatenate(name="pooled")([MaskedGlobalMaxPooling1D()(c, mask=real) for c in convs])
    return keras.Model(ids, Highway(name="highway")(pooled), name="char_cnn")


# --- Exercise 10.1: regularisation and highway layers -------------------------------------

EX10_1 = dict(highway_dim=256, units=128, input_dim=64, batch=32, time=20)
_d10, _u10, _x10, _B10, _T10 = (EX10_1[k] for k in ("highway_dim", "units", "input_dim", "batch", "time"))
_HIGHWAY10 = 2 * (_d10 * _d10 + _d10)
_LN_LSTM10 = _x10 * 4 * _u10 + _u10 * 4 * _u10 + 2 * 4 * _u10 + 2 * _u10
_STATE_NOT_WORD = "W multiplies the previous state h_{t-1} (128 numbers), U the current input e_t (64 numbers)"
EX10_1_SPEC = {
    "W_H": _matrix(_d10, _d10, "the output size (a highway layer keeps the size)", "the input size"),
    "b_H": _vector(_d10, "one bias per output"),
    "W_T": _matrix(_d10, _d10, "one gate per output number", "the input size"),
    "b_T": _vector(_d10, "one gate bias per output"),
    "keras_b_T": Shape((_d10,), ("one entry per unit: Keras biases are 1-D",),
                       mistakes=(((_d10, 1), "Keras stores biases as 1-D arrays of shape (256,), not columns"),)),
    "params_highway": Count(_HIGHWAY10, "W_H, b_H, W_T, b_T: 2 x (256 x 256 + 256)",
                            ((_d10 * _d10 + _d10, "a highway layer has two dense parts: H and the gate T"),
                             (2 * _d10 * _d10, "did you forget the biases b_H and b_T?"))),
    "W_f": _matrix(_u10, _u10, "the units (one forget gate per unit)", "the units of the previous state h_{t-1}",
                   [((_u10, _x10), f"that is the shape of U_f: {_STATE_NOT_WORD}")]),
    "U_f": _matrix(_u10, _x10, "the units (one forget gate per unit)", "the input size of e_t",
                   [((_u10, _u10), f"that is the shape of W_f: {_STATE_NOT_WORD}")]),
    "kernel": Shape((_x10, 4 * _u10), ("the input size", "4 gates x 128 units (i, f, c, o side by side)"),
                    "Keras' kernel is input x (4 x units): the transposes of U_i, U_f, U_c, U_o side by side",
                    (((_x10, _u10), "Keras stores the four gates' U matrices in one kernel: 4 x 128 columns"),)),
    "recurrent_kernel": Shape((_u10, 4 * _u10), ("the units of h_{t-1}", "4 gates x 128 units"),
                              "Keras' recurrent_kernel is units x (4 x units): the transposes of the four W matrices",
                              (((_u10, _u10), "Keras stores the four gates' W matrices in one recurrent_kernel"),)),
    "gate_gamma": Shape((4 * _u10,), ("one gamma per gate pre-activation: 4 gates x 128 units",),
                        mistakes=(((_u10,), "each of the 4 gates is normalised and scaled separately: 4 x 128"),
                                  ((4, _u10), "right count, but Keras keeps the gates side by side in one 1-D "
                                              "weight, as in the bias: (512,)"))),
    "cell_gamma": Shape((_u10,), ("one gamma per unit of the cell state c_t",),
                        mistakes=(((_u10, 1), "Keras stores gamma as a 1-D array of shape (128,)"),)),
    "params_ln_lstm": Count(_LN_LSTM10, "kernel + recurrent_kernel + gate gamma and beta (2 x 512) + cell gamma "
                                        "and beta (2 x 128); beta replaces the bias",
                            ((4 * _u10 * (_x10 + _u10 + 1), "that is a plain LSTM with a bias; the LN-LSTM has no "
                                                            "bias but gamma and beta for the gates and the cell"),
                             (_LN_LSTM10 + 4 * _u10, "beta replaces the bias: the LN-LSTM has no separate bias"),
                             (4 * _u10 * (_x10 + _u10) + 2 * 4 * _u10, "did you forget gamma and beta of the "
                                                                      "cell state (2 x 128)?"))),
    "noise_shape": Shape((_B10, 1, _x10), ("the batch: each sentence its own mask",
                                           "1: the same mask at every time step",
                                           "the features: each feature dropped or kept"),
                         mistakes=(((_B10, _T10, _x10), "that is ordinary dropout, a fresh mask at every step"),
                                   ((1, 1, _x10), "then every sentence of the batch would share one mask"),
                                   ((_B10, _T10, 1), "that drops whole words (all their features) at each step"))),
    "recurrent_mask": Shape((_B10, _u10), ("the batch", "the units of h_{t-1} (Keras draws one such mask per gate)"),
                            mistakes=(((_B10, _T10, _u10), "recurrent_dropout draws one mask per sentence and "
                                                           "reuses it at every step: no time axis"),
                                      ((_B10, _x10), "the recurrent mask multiplies h_{t-1} (128 units), not the "
                                                     "input (64)"))),
}


def ex10_1(W_H=..., b_H=..., W_T=..., b_T=..., keras_b_T=..., params_highway=..., W_f=..., U_f=..., kernel=...,
           recurrent_kernel=..., gate_gamma=..., cell_gamma=..., params_ln_lstm=..., noise_shape=...,
           recurrent_mask=...):
    """Exercise 10.1: a highway layer, a layer-normalised LSTM and the masks of variational dropout."""
    return check("Exercise 10.1 (regularisation and highway)", EX10_1_SPEC,
                 dict(W_H=W_H, b_H=b_H, W_T=W_T, b_T=b_T, keras_b_T=keras_b_T, params_highway=params_highway,
                      W_f=W_f, U_f=U_f, kernel=kernel, recurrent_kernel=recurrent_kernel, gate_gamma=gate_gamma,
                      cell_gamma=cell_gamma, params_ln_lstm=params_ln_lstm, noise_shape=noise_shape,
                      recurrent_mask=recurrent_mask))


def build_ex10_1_layers():
    """The layers of exercise 10.1, built on inputs of the exercise's sizes (the reveal and the tests read them)."""
    import keras

    from .layers import Highway, LayerNormLSTMCell

    highway = Highway(name="highway")
    highway.build((None, _d10))
    ln_lstm = keras.layers.RNN(LayerNormLSTMCell(_u10), name="ln_lstm")
    ln_lstm.build((None, _T10, _x10))
    return dict(highway=highway, ln_lstm=ln_lstm,
                input_dropout=keras.layers.Dropout(0.5, noise_shape=(None, 1, _x10), name="variational_inputs"),
                lstm=keras.layers.LSTM(_u10, recurrent_dropout=0.5, name="lstm"))


# Every check with its spec: used by the tests and by `course_utils.release`.
REGISTRY = {
    "ex01": (ex01, EX01_SPEC), "ex02_1": (ex02_1, EX02_1_SPEC), "ex03_1": (ex03_1, EX03_1_SPEC),
    "ex22_1": (ex22_1, EX22_1_SPEC), "ex22_2a": (ex22_2a, EX22_2A_SPEC),
    "ex22_2b": (ex22_2b, EX22_2B_SPEC), "ex22_3": (ex22_3, EX22_3_SPEC), "ex22_4": (ex22_4, EX22_4_SPEC),
    "ex08_1": (ex08_1, EX08_1_SPEC), "ex09_1": (ex09_1, EX09_1_SPEC), "ex10_1": (ex10_1, EX10_1_SPEC),
    "ex11_1": (ex11_1, EX11_1_SPEC),
}

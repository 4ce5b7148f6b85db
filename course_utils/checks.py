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

    def judge(self, name, answer):
        if answer is Ellipsis:
            return ItemResult(name, NOT_ATTEMPTED)
        want = len(self.expected)
        form = "(rows, cols)" if want == 2 else f"a tuple of {want} whole numbers"
        if not isinstance(answer, (tuple, list)):
            return ItemResult(name, INVALID, f"expected {form}, got {answer!r} "
                              f"({type(answer).__name__}); a shape is written like (300, 1)")
        if len(answer) != want:
            return ItemResult(name, INVALID, f"expected {want} numbers {form}, got "
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


@dataclasses.dataclass(frozen=True)
class Count:
    """An expected whole number (e.g. a parameter count) and how it is computed."""

    expected: int
    meaning: str

    def judge(self, name, answer):
        if answer is Ellipsis:
            return ItemResult(name, NOT_ATTEMPTED)
        if not _is_whole(answer) or answer < 0:
            return ItemResult(name, INVALID, f"expected a whole number, got {answer!r} "
                              f"({type(answer).__name__})")
        if answer == self.expected:
            return ItemResult(name, CORRECT)
        return ItemResult(name, WRONG, f"{answer:,} is off: it should be {self.meaning}")


def check(title, spec, answers):
    """Judge `answers` (name -> value) against `spec` (name -> Shape/Count), in spec order."""
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

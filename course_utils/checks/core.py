"""The judging engine of the exercises' self-checks: deterministic text a student can act on.

A check compares each answer with the expected value and says, per item, what is wrong and why (which
dimension, what it should depend on, slide vs Keras layout). Its result prints as `PASSED` or `NOT YET`;
an answer left as `...` is "not attempted", never an error. Each exercise module of the answer key
(`answers/` in the repository) declares a spec (answer name -> `Shape`, `Count` or `Choice`) and turns it
into its check with `exercise`; the kit ships the same rules with `Sealed` values (`sealed.py`), which
the same judging code compares by digest.
"""
import dataclasses
import hashlib
import inspect
import numbers

from ..notation import COLUMN, KERNEL_SWAP

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
    follows: tuple = ()   # ((root answer, names that follow from it), ...): a wrong root is named first
    todo: str = "replace each ... with your answer and run the cell again"   # said when nothing is attempted

    @property
    def passed(self):
        return all(item.status == CORRECT for item in self.items)

    @property
    def attempted(self):
        return any(item.status != NOT_ATTEMPTED for item in self.items)

    def __str__(self):
        right = [item.name for item in self.items if item.status == CORRECT]
        if self.passed:
            return f"{self.title}: PASSED ({len(right)} of {len(self.items)} right)"
        if not self.attempted:
            return f"{self.title}: NOT YET - not attempted: {self.todo}"
        off = [item for item in self.items if item.status in (WRONG, INVALID)]
        lines = [f"{self.title}: NOT YET ({len(off)} off, {len(right)} of {len(self.items)} right)"]
        for root, followers in self.follows:
            wrong_followers = [item.name for item in off if item.name in followers]
            if any(item.name == root for item in off) and wrong_followers:
                lines.append(f"  fix {root} first: {', '.join(wrong_followers)} follow from it")
        lines += [f"  {item.name}: {item.hint}" for item in off]
        missing = [item.name for item in self.items if item.status == NOT_ATTEMPTED]
        if missing:
            lines.append(f"  not attempted yet: {', '.join(missing)}")
        if right:
            lines.append(f"  right: {', '.join(right)}")
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
        if want == 2 and answer[::-1] == self.expected:
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
        answer = self.normalise(answer)
        problem = self.invalid(answer)
        if problem:
            return ItemResult(name, INVALID, problem)
        if answer == self.expected:
            return ItemResult(name, CORRECT)
        for wrong, hint in self.mistakes:
            if answer == wrong:
                return ItemResult(name, WRONG, f"{self.show(answer)} is off: {hint}")
        return ItemResult(name, WRONG, f"{self.show(answer)} is off: {self.should_be()}")

    def normalise(self, answer):
        return answer

    def should_be(self):
        return f"it should be {self.meaning}"


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

    def normalise(self, answer):
        """The option the student meant: spaces, Unicode minus signs and the case of letters outside the
        parentheses do not matter (`'H_fwd(1)_i - 1'` is `'h_fwd(1)_i-1'`); the layer in parentheses keeps its
        case, since `(M)` (the top layer) and `(m)` (any layer) are different symbols."""
        if not isinstance(answer, str):
            return answer
        return {_symbol_key(option): option for option in self.options}.get(_symbol_key(answer), answer)

    def invalid(self, answer):
        if not isinstance(answer, str):
            return (f"expected a symbol written as a string in quotes, such as {self.options[0]!r}; "
                    f"got {answer!r} ({type(answer).__name__})")
        if answer not in self.options:
            return f"expected one of the symbols {', '.join(map(repr, self.options))}; got {answer!r}"
        return ""

    def should_be(self):
        return self.meaning

    def show(self, answer):
        return repr(answer)


def _symbol_key(text):
    """A symbol without spaces, with ASCII minus signs, lower-case outside its parentheses."""
    text = "".join(text.split()).translate(str.maketrans({"\u2212": "-", "\u2013": "-", "\u2010": "-"}))
    outside, depth = [], 0
    for char in text:
        depth += char == "("
        outside.append(char if depth else char.lower())
        depth -= char == ")"
    return "".join(outside)


def canonical(value):
    """The text a value is sealed as: equal answers (300 and 300.0, a list and a tuple) give one text."""
    if isinstance(value, (tuple, list)):
        return "(" + ",".join(map(canonical, value)) + ")"
    if isinstance(value, str):
        return "s" + value
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return str(int(value))
    if isinstance(value, numbers.Real) and not isinstance(value, bool) and float(value).is_integer():
        return str(int(value))
    return "r" + repr(value)


def digest(context, value):
    """A value's seal: the hash of its canonical text, bound to where it is asked (exercise, item, axis)."""
    return hashlib.sha256(f"{context}|{canonical(value)}".encode()).hexdigest()[:32]


@dataclasses.dataclass(frozen=True)
class Sealed:
    """An answer the package knows only by its digest: it equals what hashes alike, and prints as <sealed>.

    The students' copy of the kit holds its answers so (`python -m course_utils.instructor.seal` makes them
    from the readable ones in the repository's `answers/`): a check still says what is right and why, but
    `print(check.spec)` reveals nothing. A determined student could still search small numbers one by one;
    marks come from the instructor's own tests.
    """

    context: str
    digest: str
    axes: tuple = ()      # a shape's: one Sealed per dimension, so a check can say which dimension is off

    def __eq__(self, other):
        if isinstance(other, Sealed):
            return self.digest == other.digest
        return digest(self.context, other) == self.digest

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash(self.digest)

    def __len__(self):
        return len(self.axes)

    def __iter__(self):
        return iter(self.axes)

    def __repr__(self):
        return "<sealed>"


def seal(context, value):
    """`value` as a `Sealed`; a shape also seals each of its dimensions."""
    axes = tuple(seal(f"{context}|axis {i}", v) for i, v in enumerate(value)) if isinstance(value, tuple) else ()
    return Sealed(context, digest(context, value), axes)


def vector(n, meaning):
    """A column vector of n entries (slide convention)."""
    return Shape((n, 1), (meaning, "1 (a column vector)"), COLUMN)


def matrix(rows, cols, out_meaning, in_meaning, mistakes=()):
    """A weight matrix in slide convention (out x in); a transposed answer is explained as Keras' layout."""
    return Shape((rows, cols), (out_meaning, in_meaning), KERNEL_SWAP, tuple(mistakes))


def check(title, spec, answers, follows=()):
    """Judge `answers` (name -> value) against `spec` (name -> Shape/Count/Choice), in spec order."""
    items = tuple(rule.judge(name, answers[name]) for name, rule in spec.items())
    return CheckResult(title, items, tuple((root, tuple(names)) for root, names in dict(follows).items()))


def exercise(name, title, spec, sizes, doc, follows=None):
    """The check function of one exercise: its keywords are the spec's answer names, each `...` until answered.

    The names are written once, in the spec, in the order the statement asks for them (feedback follows that
    order); the function carries `spec` (what each answer should be, used by the tests and the solutions'
    asserts) and `sizes` (the exercise's given numbers). `follows` maps an answer to those computed from it,
    so that a wrong root is named first.
    """
    follows = dict(follows or {})
    unknown = sorted(({*follows} | {n for names in follows.values() for n in names}) - set(spec))
    if unknown:
        raise ValueError(f"{name}: follows names answers the spec does not have: {unknown}")
    signature = inspect.Signature([inspect.Parameter(item, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=...)
                                   for item in spec])

    def judge(*args, **kwargs):
        unknown = [key for key in kwargs if key not in spec]
        if unknown:
            raise TypeError(f"{name}() has no answer named {unknown[0]!r}; its answers are: {', '.join(spec)}")
        answers = signature.bind(*args, **kwargs)
        answers.apply_defaults()
        return check(title, spec, answers.arguments, follows)

    def accepts(**answers):
        """True if every answer given is right: a solution asserts its values with it, the answers unseen."""
        if not answers:
            raise TypeError(f"{name}.accepts() needs at least one answer, e.g. {next(iter(spec))}=...")
        unknown = [key for key in answers if key not in spec]
        if unknown:
            raise TypeError(f"{name} has no answer named {unknown[0]!r}; its answers are: {', '.join(spec)}")
        return all(spec[key].judge(key, value).status == CORRECT for key, value in answers.items())

    judge.__name__ = judge.__qualname__ = name
    judge.__doc__ = doc
    judge.__signature__ = signature
    judge.__module__ = inspect.currentframe().f_back.f_globals["__name__"]
    judge.spec, judge.sizes, judge.title, judge.follows = spec, dict(sizes), title, follows
    judge.accepts = accepts
    return judge

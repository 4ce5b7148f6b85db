"""The judging engine of the coding exercises: run the student's function on cases drawn here, compare.

A coding exercise asks for a function (an RNN step, a pooling, ...). Its check calls that function on cases
the check draws itself, with sizes, masks and seeds the student does not see, and compares every result with
the kit's reference (Keras' own cells and layers, or the kit's NumPy twins that the tests prove equal to
them). A result that is off is compared with the outputs of the mistakes worth naming (z and 1 - z swapped,
the mask ignored, ...), so the hint can say which one it is. Whatever the function does, the check answers
in the same deterministic words as the shape checks (`core.CheckResult`): an exception becomes a line
naming its type, its message and the case, never a traceback; a function still `...` (it returns None) or
raising NotImplementedError is "not attempted yet".
"""
import contextlib
import copy
import dataclasses
import inspect
import random
import traceback

import numpy as np

from .core import CORRECT, INVALID, NOT_ATTEMPTED, WRONG, CheckResult, ItemResult


@dataclasses.dataclass(frozen=True)
class Case:
    """One call of the student's function: what it is, its arguments, and what it must return.

    `expected` is an array, or a tuple of arrays for a function that returns several. `mistakes` maps a
    named mistake ("z and 1 - z are swapped: ...") to the output that mistake gives on this case.
    """

    name: str
    args: tuple
    expected: object
    mistakes: tuple = ()        # ((hint, output), ...), the most telling first
    output_names: tuple = ()    # for several outputs: what each is called in a hint ("h_t", "c_t")


@dataclasses.dataclass(frozen=True)
class Test:
    """One item of the feedback: a property the function must have, checked on a few cases.

    `cases(rng)` draws them; the rng is seeded from the exercise and the item's name, so the cases (and so
    the feedback) are the same on every run and every machine.
    """

    name: str
    cases: object
    atol: float = 1e-5


@dataclasses.dataclass(frozen=True)
class Probe:
    """A case that judges the submission itself, where comparing one output does not say enough (a layer class
    must build, keep a mask, train, save and load): `run(submission)` returns (status, hint). An exception it
    lets through, or NotImplementedError (code not written yet), is reported as for a `Case`; a probe that
    compares arrays can still use `judge_outcome` with a `Case` of its own, and so name mistakes the same way.
    """

    name: str
    run: object
    args: tuple = ()


MATMUL_HINT = ("the sizes of a product do not fit: on the slides a weight matrix is out x in and vectors are "
               "columns, so a product reads W @ h; Keras' layout (rows times kernel) is the transpose")


CASE = " (case: "   # how a hint names the case it comes from, last


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What one call of the student's function gave: its output, the error it raised, or nothing yet.

    Calling and judging are separate so that a grader can call in the student's kernel and judge elsewhere.
    """

    output: object = None
    error: str = ""             # "it raised ...", naming the case
    attempted: bool = True


def call_case(function, case):
    """Call the function on copies of the case's arguments (a function that writes into its inputs must not
    change the next case)."""
    try:
        output = case.run(function) if isinstance(case, Probe) else function(*copy.deepcopy(case.args))
    except NotImplementedError:
        return Outcome(attempted=False)
    except Exception as error:   # noqa: BLE001 - any error of the student's code is reported, not raised
        where = traceback.extract_tb(error.__traceback__)[-1]
        said = f"it raised {type(error).__name__}: {error} (line {where.lineno}: {where.line})"
        if isinstance(error, ValueError) and ("matmul" in str(error) or "not aligned" in str(error)):
            said += f"; {MATMUL_HINT}"
        keys = [", ".join(map(str, arg)) for arg in case.args if isinstance(arg, dict)]
        if isinstance(error, KeyError) and keys:
            said += f"; the dict's keys are {'; '.join(keys)}"
        return Outcome(error=f"{said}{CASE}{case.name})")
    if output is None or output is Ellipsis:
        return Outcome(attempted=False)
    return Outcome(output)


def _as_outputs(output, count):
    """The output as a tuple of float arrays, or a reason why it cannot be one."""
    outputs = output if count > 1 else (output,)
    if count > 1 and (not isinstance(output, (tuple, list)) or len(output) != count):
        return None, f"it should return {count} arrays (a tuple), got {type(output).__name__}"
    arrays = []
    for value in outputs:
        try:
            arrays.append(np.asarray(value))
        except Exception:   # noqa: BLE001 - an object NumPy cannot read is a wrong answer, said in words
            return None, f"it returned {type(value).__name__}, not an array"
        if arrays[-1].dtype == object or not np.issubdtype(arrays[-1].dtype, np.number):
            return None, f"it returned an array of {arrays[-1].dtype}, not of numbers"
    return tuple(arrays), ""


def _first_difference(got, want):
    index = np.unravel_index(int(np.argmax(np.abs(got - want))), want.shape)
    return (f"at index {tuple(int(i) for i in index)} it gives {float(got[index]):.4f}, the reference "
            f"{float(want[index]):.4f}")


def _named(outputs, mistakes, atol):
    """The hint of the first named mistake whose output these are (shapes included: a mistake may change a shape,
    e.g. a shorter list of tokens), or ""."""
    for hint, mistake in mistakes:        # a named mistake gives the same hint whatever the case
        mistaken = tuple(np.asarray(m) for m in (mistake if isinstance(mistake, tuple) else (mistake,)))
        if all(got.shape == m.shape and np.allclose(got, m, rtol=0, atol=atol) for got, m in zip(outputs, mistaken)):
            return hint
    return ""


def _is_sequence(want):
    """A 1-D array of integers is a sequence of ids (tokens, a path): compared, and described, as a whole."""
    return want.ndim == 1 and np.issubdtype(want.dtype, np.integer)


def _as_list(values):
    return [int(v) if float(v).is_integer() else float(v) for v in values]


def judge_case(function, case, atol):
    """(status, hint) for one case."""
    return judge_outcome(call_case(function, case), case, atol)


def judge_outcome(outcome, case, atol):
    """(status, hint) for what the function gave on `case`."""
    if not outcome.attempted:
        return NOT_ATTEMPTED, ""
    if outcome.error:
        return INVALID, outcome.error
    if isinstance(case, Probe):
        return outcome.output
    wanted = case.expected if isinstance(case.expected, tuple) else (case.expected,)
    names = case.output_names or tuple(f"output {i + 1}" for i in range(len(wanted)))
    output = outcome.output
    outputs, problem = _as_outputs(output, len(wanted))
    if problem:
        return INVALID, problem
    named = _named(outputs, case.mistakes, atol)
    for name, got, want in zip(names, outputs, wanted):
        if got.shape != want.shape and (named or _is_sequence(want)):
            return WRONG, named or f"{name}: {_as_list(got.ravel())}; the reference: {_as_list(want)}{CASE}{case.name})"
        if got.shape != want.shape:
            return WRONG, (f"{name} has shape {got.shape}; it should be {want.shape}"
                           + ("; a transpose?" if got.shape == want.shape[::-1] else "") + f"{CASE}{case.name})")
        if got.dtype != want.dtype and want.dtype == np.float64 and got.dtype != np.float64:
            return WRONG, (f"{name} is {got.dtype}; the inputs are float64 and so should it be "
                           f"(do not cast: float32 loses digits the check compares)")
    if all(np.allclose(got, want, rtol=0, atol=atol) for got, want in zip(outputs, wanted)):
        return CORRECT, ""
    if named:
        return WRONG, named
    off = next(i for i, (got, want) in enumerate(zip(outputs, wanted)) if not np.allclose(got, want, atol=atol))
    if _is_sequence(wanted[off]):
        return WRONG, f"{names[off]}: {_as_list(outputs[off])}; the reference: {_as_list(wanted[off])}{CASE}{case.name})"
    return WRONG, f"{names[off]} is off: {_first_difference(outputs[off], wanted[off])}{CASE}{case.name})"


def outcomes(function, tests, seed):
    """For each test, what the function gives on each of its cases (the cases drawn as the check draws them)."""
    return [[call_case(function, case) for case in test.cases(np.random.default_rng([seed, number]))]
            for number, test in enumerate(tests)]


def judge_outcomes(tests, seed, found):
    """The feedback items from `outcomes(...)`: an item is right when every case is, else its first case that
    is not says why."""
    items = []
    for number, (test, test_outcomes) in enumerate(zip(tests, found)):
        cases = test.cases(np.random.default_rng([seed, number]))
        judged = (judge_outcome(outcome, case, test.atol) for outcome, case in zip(test_outcomes, cases))
        status, hint = next(((s, h) for s, h in judged if s != CORRECT), (CORRECT, ""))
        items.append(ItemResult(test.name, status, hint))
    return items


def cell_step_tests(case):
    """The two items every cell-step exercise (GRU, LSTM) starts with: `case(name, rng, d, u, batch)` on one column
    and on a batch of columns, with d != u so that a transposed matrix cannot fit."""
    return [Test("one column", lambda rng: [case("one column", rng, d, u, 1) for d, u in ((3, 4), (5, 2))]),
            Test("a batch of columns", lambda rng: [case("a batch of columns", rng, d, u, b)
                                                    for d, u, b in ((3, 4, 6), (7, 5, 3))])]


TODO = "write the body of your function (where it says ...) and run this cell again"


def _said_once(items):
    """Items whose hint repeats an earlier item's (whatever the case) say so instead of repeating it."""
    seen = set()
    for item in items:
        said = item.hint.split(CASE)[0]
        if said and said in seen:
            yield ItemResult(item.name, item.status, "the same as above")
        else:
            seen.add(said)
            yield item


def coding_exercise(name, title, tests, doc, seed, what="function"):
    """The check of one coding exercise: `check(the_function)` -> a CheckResult (PASSED or NOT YET + hints).

    `tests` are `Test`s in the order the statement asks for them; `seed` fixes the cases they draw. `what` the
    student writes, as the hints call it: a "function", or a "class" (whose check is made of `Probe`s).
    """
    todo = TODO.replace("your function", f"your {what}")

    def judge(function=...):
        if function is Ellipsis:
            items = [ItemResult(t.name, NOT_ATTEMPTED) for t in tests]
        elif not callable(function):
            items = [ItemResult(t.name, INVALID, f"expected your {what} itself (its name, no parentheses), "
                                                 f"got {type(function).__name__}") for t in tests]
        else:
            items = judge_outcomes(tests, seed, outcomes(function, tests, seed))
        return result(items)

    def result(items):
        return CheckResult(title, tuple(_said_once(items)), todo=todo)

    judge.__name__ = judge.__qualname__ = name
    judge.__doc__ = doc
    judge.__module__ = inspect.currentframe().f_back.f_globals["__name__"]
    judge.title, judge.tests, judge.seed, judge.result = title, tuple(tests), seed, result
    return judge


@contextlib.contextmanager
def untouched_random_state():
    """Python's and NumPy's global random states as they were, whatever runs inside.

    Keras' initializers without a seed (glorot_uniform, the default) draw one from Python's `random`: a check
    that builds a layer with them (the kit's attention layers, a student's class) would change what the
    student's notebook draws after the check. The checks build such layers inside this.
    """
    python, numpy = random.getstate(), np.random.get_state()
    try:
        yield
    finally:
        random.setstate(python)
        np.random.set_state(numpy)

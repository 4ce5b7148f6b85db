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
import copy
import dataclasses
import inspect
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


MATMUL_HINT = ("the sizes of a product do not fit: on the slides a weight matrix is out x in and vectors are "
               "columns, so a product reads W @ h; Keras' layout (rows times kernel) is the transpose")


CASE = " (case: "   # how a hint names the case it comes from, last


class NotAttempted(Exception):
    """The student's function has no body yet."""


def _call(function, case):
    """The function's output on `case`, on copies of the arguments (a function that writes into its inputs
    must not change the next case)."""
    try:
        output = function(*copy.deepcopy(case.args))
    except NotImplementedError:
        raise NotAttempted from None
    if output is None or output is Ellipsis:
        raise NotAttempted
    return output


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


def judge_case(function, case, atol):
    """(status, hint) for one case."""
    wanted = case.expected if isinstance(case.expected, tuple) else (case.expected,)
    names = case.output_names or tuple(f"output {i + 1}" for i in range(len(wanted)))
    try:
        output = _call(function, case)
    except NotAttempted:
        return NOT_ATTEMPTED, ""
    except Exception as error:   # noqa: BLE001 - any error of the student's code is reported, not raised
        where = traceback.extract_tb(error.__traceback__)[-1]
        said = f"it raised {type(error).__name__}: {error} (line {where.lineno}: {where.line})"
        if isinstance(error, ValueError) and ("matmul" in str(error) or "not aligned" in str(error)):
            said += f"; {MATMUL_HINT}"
        keys = [", ".join(map(str, arg)) for arg in case.args if isinstance(arg, dict)]
        if isinstance(error, KeyError) and keys:
            said += f"; the dict's keys are {'; '.join(keys)}"
        return INVALID, f"{said}{CASE}{case.name})"
    outputs, problem = _as_outputs(output, len(wanted))
    if problem:
        return INVALID, problem
    for name, got, want in zip(names, outputs, wanted):
        if got.shape != want.shape:
            return WRONG, (f"{name} has shape {got.shape}; it should be {want.shape}"
                           + ("; a transpose?" if got.shape == want.shape[::-1] else "") + f"{CASE}{case.name})")
        if got.dtype != want.dtype and want.dtype == np.float64 and got.dtype != np.float64:
            return WRONG, (f"{name} is {got.dtype}; the inputs are float64 and so should it be "
                           f"(do not cast: float32 loses digits the check compares)")
    if all(np.allclose(got, want, rtol=0, atol=atol) for got, want in zip(outputs, wanted)):
        return CORRECT, ""
    for hint, mistake in case.mistakes:        # a named mistake gives the same hint whatever the case
        mistaken = mistake if isinstance(mistake, tuple) else (mistake,)
        if all(np.allclose(got, m, rtol=0, atol=atol) for got, m in zip(outputs, mistaken)):
            return WRONG, hint
    off = next(i for i, (got, want) in enumerate(zip(outputs, wanted)) if not np.allclose(got, want, atol=atol))
    return WRONG, f"{names[off]} is off: {_first_difference(outputs[off], wanted[off])}{CASE}{case.name})"


def judge_test(function, test, rng):
    """One feedback item: right when every case is; otherwise the first case that is not, with its hint."""
    for case in test.cases(rng):
        status, hint = judge_case(function, case, test.atol)
        if status != CORRECT:
            return ItemResult(test.name, status, hint)
    return ItemResult(test.name, CORRECT)


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


def coding_exercise(name, title, tests, doc, seed):
    """The check of one coding exercise: `check(the_function)` -> a CheckResult (PASSED or NOT YET + hints).

    `tests` are `Test`s in the order the statement asks for them; `seed` fixes the cases they draw.
    """
    def judge(function=...):
        if function is Ellipsis:
            items = [ItemResult(t.name, NOT_ATTEMPTED) for t in tests]
        elif not callable(function):
            items = [ItemResult(t.name, INVALID, f"expected your function itself (its name, no parentheses), "
                                                 f"got {type(function).__name__}") for t in tests]
        else:
            items = [judge_test(function, test, np.random.default_rng([seed, number]))
                     for number, test in enumerate(tests)]
        return CheckResult(title, tuple(_said_once(items)), todo=TODO)

    judge.__name__ = judge.__qualname__ = name
    judge.__doc__ = doc
    judge.__module__ = inspect.currentframe().f_back.f_globals["__name__"]
    judge.title, judge.tests = title, tuple(tests)
    return judge

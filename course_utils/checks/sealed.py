"""The exercises' checks as students receive them: built from `sealed.json`, which holds no answer in clear.

The readable specs (answer name -> Shape, Count or Choice with its expected value) live in the repository's
`answers/` folder, which the wheel leaves out. `python -m course_utils.instructor.seal` writes their sealed
form here: every expected value and every named mistake becomes a `Sealed` digest, while the words a check
prints (meanings, hints, options) and the exercise's sizes stay as they are. The judging code is the same
for both (`core`), so a sealed check says exactly what the readable one says; a test compares them.
"""
import json
import warnings
from importlib import resources

from .core import Choice, Count, Sealed, Shape, digest, exercise, seal

KINDS = {"Shape": Shape, "Count": Count, "Choice": Choice}


def item_context(exercise_name, item):
    return f"{exercise_name}:{item}"


def rule_to_json(exercise_name, item, rule):
    """One readable rule -> its sealed form as JSON data (what `rule_from_json` reads back)."""
    context = item_context(exercise_name, item)
    sealed = seal(context, rule.expected)
    data = {"kind": type(rule).__name__, "meaning": rule.meaning, "expected": sealed.digest,
            "axes": [axis.digest for axis in sealed.axes],
            "mistakes": [[digest(context, wrong), hint] for wrong, hint in rule.mistakes]}
    if isinstance(rule, Shape):
        data["swapped_hint"] = rule.swapped_hint
    if isinstance(rule, Choice):
        data["options"] = list(rule.options)
    return data


def rule_from_json(exercise_name, item, data):
    """The sealed rule: the readable rule's class, with `Sealed` values in place of the answers."""
    context = item_context(exercise_name, item)
    axes = tuple(Sealed(f"{context}|axis {i}", d) for i, d in enumerate(data["axes"]))
    expected = Sealed(context, data["expected"], axes)
    mistakes = tuple((Sealed(context, d), hint) for d, hint in data["mistakes"])
    if data["kind"] == "Shape":
        return Shape(expected, tuple(data["meaning"]), data["swapped_hint"], mistakes)
    if data["kind"] == "Choice":
        return Choice(expected, tuple(data["options"]), data["meaning"], mistakes)
    return Count(expected, data["meaning"], mistakes)


def _tuples(value):
    """JSON has no tuples: sizes such as a CNN's widths come back as the tuples they were."""
    return tuple(value) if isinstance(value, list) else value


def check_to_json(judge):
    return {"title": judge.title, "doc": judge.__doc__, "sizes": judge.sizes,
            "follows": {root: list(names) for root, names in judge.follows.items()},
            "spec": {item: rule_to_json(judge.__name__, item, rule) for item, rule in judge.spec.items()}}


def check_from_json(name, data):
    spec = {item: rule_from_json(name, item, rule) for item, rule in data["spec"].items()}
    judge = exercise(name, data["title"], spec, {k: _tuples(v) for k, v in data["sizes"].items()}, data["doc"],
                     follows={root: tuple(names) for root, names in data["follows"].items()})
    return judge


def load():
    """Every sealed check, by name, in the order they were sealed (the lecture notebooks' order).

    Without the file (only in a checkout before its first seal) there are no checks, and a warning says why.
    """
    path = resources.files(__package__).joinpath("sealed.json")
    if not path.is_file():
        warnings.warn("course_utils/checks/sealed.json is missing, so there are no exercise checks: "
                      "run python -m course_utils.instructor.seal in the repository", stacklevel=2)
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {name: check_from_json(name, check) for name, check in data.items()}

"""The exercises' self-checks: `cu.checks.ex22_3(W_z_1=..., ...)` prints `PASSED` or `NOT YET` with a hint.

`core` is the judging engine. The checks here are sealed (`sealed`): they know each answer by its digest
only, so the installed kit shows no answer key. Each check carries its exercise's sizes (`ex22_3.sizes`) and
says whether values are right without showing them (`ex22_3.accepts(h_1=(256, 1))`). The readable specs,
one module per exercise, are the instructor's: `answers/` in the repository.
"""
from . import sealed
from .core import CORRECT, INVALID, NOT_ATTEMPTED, WRONG, CheckResult, Choice, Count, ItemResult, Shape, check, exercise

# Every check, in the order of the lecture notebooks they go with (01, 02, 03, 05, 07, 08-11), by name: the
# tests judge each one's right and wrong answers.
REGISTRY = sealed.load()
globals().update(REGISTRY)

__all__ = ["CORRECT", "WRONG", "NOT_ATTEMPTED", "INVALID", "CheckResult", "ItemResult", "Shape", "Count", "Choice",
           "check", "exercise", "REGISTRY", *REGISTRY]

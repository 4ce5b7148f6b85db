"""The exercises' self-checks: `cu.checks.ex22_3(W_z_1=..., ...)` prints `PASSED` or `NOT YET` with a hint;
`cu.checks.ex03_2(gru_step)` runs a student's function (the coding exercises, `coding`).

`core` is the judging engine. The checks here are sealed (`sealed`): they know each answer by its digest
only, so the installed kit shows no answer key. Each check carries its exercise's sizes (`ex22_3.sizes`) and
says whether values are right without showing them (`ex22_3.accepts(h_1=(256, 1))`). The readable specs,
one module per exercise, are the instructor's: `answers/` in the repository.
"""
from . import sealed
from .core import CORRECT, INVALID, NOT_ATTEMPTED, WRONG, CheckResult, Choice, Count, ItemResult, Shape, check, exercise
from .ex02_2_rnn_forward import ex02_2
from .ex02_3_bptt import ex02_3
from .ex03_2_gru_step import ex03_2
from .ex03_3_lstm_step import ex03_3
from .ex06_1_masked_pooling import ex06_1a, ex06_1b
from .ex07_1_self_attention import ex07_1
from .ex08_2_beam_search import ex08_2
from .ex09_2_attention_scores import ex09_2
from .ex10_2_highway_layer import ex10_2

# Every shape check, in the order of the lecture notebooks they go with (01, 02, 03, 05, 07, 08-11), by name: the
# tests judge each one's right and wrong answers.
REGISTRY = sealed.load()
globals().update(REGISTRY)

# The coding exercises' checks (`coding`): each runs the student's function on cases it draws itself and
# compares with Keras or the kit's NumPy twins. Their reference is the kit's own code, so nothing is sealed.
CODING = {check.__name__: check for check in (ex02_2, ex02_3, ex03_2, ex03_3, ex06_1a, ex06_1b, ex07_1, ex08_2,
                                              ex09_2, ex10_2)}

__all__ = ["CORRECT", "WRONG", "NOT_ATTEMPTED", "INVALID", "CheckResult", "ItemResult", "Shape", "Count", "Choice",
           "check", "exercise", "REGISTRY", "CODING", *REGISTRY, *CODING]

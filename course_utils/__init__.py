"""Helpers for the RNN-for-NLP course notebooks.

Importing this package does not import TensorFlow: call `setup()` first, then
import keras. Submodules load on first use (`cu.text`, `cu.viz`, ...).
"""
import importlib

from .runtime import setup
from .report import print_metrics, print_table

_SUBMODULES = ("cells", "checks", "comments", "datasets", "layers", "metrics", "release", "report", "run", "shapes",
               "text", "viz")

__all__ = ["setup", "print_metrics", "print_table", *_SUBMODULES]


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'course_utils' has no attribute {name!r}")

"""Helpers for the RNN-for-NLP course notebooks (`import course_utils as cu`).

Call `cu.setup(seed)` first: it silences TensorFlow, seeds everything and must
run before keras is imported. Submodules load on first use (`cu.text`, ...).

| module | what it holds | used in notebooks |
|---|---|---|
| `runtime` | `setup(seed)`: quiet, seeded, deterministic start | every one |
| `report` | `print_metrics`, `print_table`: rounded, ordered printing | every one |
| `text` | tokenization (Greek too), `Vocabulary`, `pad_batch` | 01, 02, 04-07 |
| `data` | `path(name)`: a data file wherever the kit is installed (checkout, wheel, Colab), checksum-verified | 01, 04-11 |
| `formats` | plain text, CoNLL, labelled-TSV and parallel-text readers/writers with file:line errors | 01, 04-09, 11 |
| `corpora` | one module per teaching corpus: generator, ceiling, documentation | 01-09, 11 |
| `numpy_rnn` | the slide equations in NumPy (whole sequences), equal to the Keras layers | 02-04 |
| `shapes` | dimension tables in slide and Keras convention, checked on real models | exercises, 07 |
| `layers` | custom Keras layers: masked self-attention and max pooling, tied embeddings, encoder-decoder attention, highway | 06-09, 11 |
| `decoding` | greedy decoding and beam search over any step function | 08, 09 |
| `metrics` | span-level F1, which word wins a max pooling | 05-07 |
| `viz` | curves, embedding maps, attention highlighting, moderation panel | 01, 05, 07 |
| `checks` | the exercises' self-checks (`PASSED` / `NOT YET` with a hint) | exercises |

Instructor tools (executing notebooks, building exercises, rebuilding data/)
live apart in `course_utils.instructor`; notebooks never import them.
"""
import importlib

from .report import print_metrics, print_table
from .runtime import setup

_SUBMODULES = ("checks", "corpora", "data", "decoding", "formats", "layers", "metrics", "numpy_rnn", "report",
               "runtime", "shapes", "text", "viz")

__all__ = ["setup", "print_metrics", "print_table", *_SUBMODULES]


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'course_utils' has no attribute {name!r}")


def __dir__():
    return sorted({*globals(), *_SUBMODULES})

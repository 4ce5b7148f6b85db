"""Helpers for the RNN-for-NLP course notebooks (`import course_utils as cu`).

Call `cu.setup(seed)` first: it silences TensorFlow, seeds everything and must
run before keras is imported. Submodules load on first use (`cu.text`, ...).

| module | what it holds | used in notebooks |
|---|---|---|
| `runtime` | `setup(seed)`: quiet, seeded, deterministic start | 01-15, exercises |
| `report` | `print_metrics`, `print_table`: rounded, ordered printing | 01-15, ex09_1, ex10_1, ex11_1 |
| `claims` | `Claims(CONFIG, CHANGES)`: What-to-try changes; claims asserted, or reported once changed | 01-15 |
| `text` | tokenization (Greek too), `Vocabulary`, `pad_batch` | 01, 02, 04-12, 14, 15 |
| `data` | `path(name)`: a data file wherever the kit is installed (checkout, wheel, Colab), checksum-verified | 01, 04-12, 14 |
| `formats` | plain text, CoNLL, labelled-TSV and parallel-text readers/writers with file:line errors | 01, 04-12, 14 |
| `corpora` | one module per teaching corpus: generator, ceiling, documentation | 01-08, 10-12, 14, 15 |
| `own_data` | CONFIG's `data`: an instructor's own files in place of the kit's corpus | 05, 06, 08, 09 |
| `notation` | the lecture's letters, gate orders, slide shapes and convention hints | 07, ex09_1 |
| `numpy_rnn` | the slide equations in NumPy (whole sequences), equal to the Keras layers | 02-04, 13, ex03_2, ex03_3 |
| `shapes` | dimension tables in slide and Keras convention, checked on real models | ex08_1, ex10_1, ex11_1, ex22_* |
| `layers` | custom Keras layers: masked self-attention and max pooling, tied embeddings, encoder-decoder attention, highway, an encoder run on every word, the regularising LSTM cells and dropouts | 06-11, 14, ex08_1, ex09_1 |
| `training` | `fit_together`: several models trained as one, each exactly as alone, one trace instead of many; `restart`: a trained model back at another's fresh start, its step not traced again | 08, 10 |
| `decoding` | greedy decoding and beam search over any step function | 08, 09 |
| `metrics` | span-level F1, which word wins a max pooling | 05-07, 15 |
| `viz` | curves, embedding maps, attention highlighting, moderation panel | 01, 07 |
| `checks` | the exercises' self-checks (`PASSED` / `NOT YET` with a hint) | 07, exercises |

`01-15` are the lecture notebooks, `ex22_3` an exercise (`ex22_*` all of 22);
`tests/test_maps.py` checks this table against the notebooks' code.

Instructor tools (executing notebooks, building exercises, rebuilding data/)
live apart in `course_utils.instructor`; notebooks never import them.
"""
import importlib

from .report import print_metrics, print_table
from .runtime import setup

_SUBMODULES = ("checks", "claims", "corpora", "data", "decoding", "formats", "layers", "metrics", "notation",
               "numpy_rnn", "own_data", "report", "runtime", "shapes", "text", "training", "viz")

__all__ = ["setup", "print_metrics", "print_table", *_SUBMODULES]


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'course_utils' has no attribute {name!r}")


def __dir__():
    return sorted({*globals(), *_SUBMODULES})

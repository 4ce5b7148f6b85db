"""Your own corpus in notebooks 05, 06, 08 and 09: the CONFIG setting `data` names its files and format.

    CONFIG = dict(data=None, ...)          # None: the kit's corpus
    CHANGES = dict(data=dict(format="conll2003", train="train.txt", validation="dev.txt", test="test.txt",
                             scheme="IOB1"))

`train` and `test` are required, `validation` is optional; relative paths are read from the folder the
notebook runs in. Every other key goes to the format's reader in `course_utils.formats` (README, "Your own
data", lists them). `load` returns each split in the shape the notebook's own reader gives for the kit's
files, so the same cells train and evaluate on either. The parts of a notebook that need what only the
kit's generated corpora know (a ceiling, gold alignments, the kind of every sentence) call `skip`, which
prints one line saying so.
"""
import inspect
import pathlib

from . import formats

SPLITS = ("train", "validation", "test")
REQUIRED = ("format", "train", "test")


def _tagging_conll2003(path, **options):
    sentences, tags = formats.load_conll2003(path, **options)
    return sentences, tags, [{} for _ in sentences]


def _tagging_conllu(path, **options):
    return formats.load_conllu(path, with_metadata=True, **options)


def _tagging_conll(path, **options):
    return formats.load_conll(path, with_comments=True, **options)


def _sentences_text(path):
    return [line.split() for line in formats.load_sentences(path)]


def _sentences_conll2003(path, **options):
    return formats.load_conll2003(path, **options)[0]


def _sentences_conllu(path, **options):
    return formats.load_conllu(path, **options)[0]


FIXED = ("with_metadata", "with_comments")    # set by the notebook's task, not by the user


def _options(reader):
    """The keyword options a user may give `reader`: those of the `formats` reader it calls."""
    reads = {_tagging_conll2003: formats.load_conll2003, _tagging_conllu: formats.load_conllu,
             _tagging_conll: formats.load_conll, _sentences_conll2003: formats.load_conll2003,
             _sentences_conllu: formats.load_conllu}.get(reader, reader)
    return [name for name, p in inspect.signature(reads).parameters.items()
            if p.kind == p.KEYWORD_ONLY and name not in FIXED]


# task -> format -> reader returning what the notebook's reader returns for the kit's own files
READERS = {
    "tagging": {"conll2003": _tagging_conll2003, "conllu": _tagging_conllu, "conll": _tagging_conll},
    "classification": {"tsv": formats.load_text_labels, "labelled": formats.load_labelled_texts},
    "language_model": {"text": _sentences_text, "conll2003": _sentences_conll2003, "conllu": _sentences_conllu},
    "translation": {"parallel": formats.load_parallel_text},
}


def check(data, task):
    """The setting's errors in one message, before any file is read (ValueError, FileNotFoundError)."""
    if task not in READERS:
        raise ValueError(f"task {task!r}: expected one of {', '.join(READERS)}")
    if not isinstance(data, dict):
        raise ValueError(f"data={data!r}: expected None (the kit's corpus) or dict(format=..., train=..., "
                         "test=...[, validation=...])")
    missing = [key for key in REQUIRED if key not in data]
    if missing:
        raise ValueError(f"data names no {', '.join(missing)}; it needs format, train and test "
                         "(validation is optional)")
    if data["format"] not in READERS[task]:
        raise ValueError(f"format {data['format']!r}: this notebook reads {', '.join(READERS[task])}")
    for split in SPLITS:
        if split in data and not pathlib.Path(data[split]).expanduser().is_file():
            raise FileNotFoundError(f"data's {split} file {data[split]!r} does not exist (relative paths are "
                                    f"read from {pathlib.Path.cwd()})")


def load(data, task):
    """{split: that split's data} for the splits `data` names; `task` is a key of `READERS`."""
    check(data, task)
    reader = READERS[task][data["format"]]
    options = {k: v for k, v in data.items() if k not in (*SPLITS, "format")}
    takes = _options(reader)
    unknown = [name for name in options if name not in takes]
    if unknown:
        raise ValueError(f"format {data['format']!r} does not take the options {', '.join(map(repr, unknown))}; "
                         f"it takes {', '.join(takes) or 'none'}")
    return {split: reader(pathlib.Path(data[split]).expanduser(), **options) for split in SPLITS if split in data}


def describe(data):
    """One line naming the corpus, for a notebook's first printout."""
    if data is None:
        return "the kit's corpus"
    return f"your {data['format']} files: " + ", ".join(f"{s} {data[s]}" for s in SPLITS if s in data)


SKIPPED = []   # what `skip` said in this kernel, for the test that runs the notebooks on generated files


def skip(what, why="only the kit's generated corpus knows it"):
    """Print that a part of the notebook does not run on the user's data, and why."""
    line = f"skipped with your own data: {what} ({why})"
    SKIPPED.append(line)
    print(line)

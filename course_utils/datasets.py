"""Teaching corpora, generated deterministically, and loaders with clear errors.

Every file in `data/` is written by `python -m course_utils.datasets` and can be
rebuilt byte for byte; `data/DATA.md` records the command, seed and format.
"""
import argparse
import functools
import pathlib
import random
import sys

import numpy as np

DATA_DIR = pathlib.Path(__file__).resolve().parent.parent / "data"


class DataFormatError(ValueError):
    """A data file is malformed; the message names the file, the line and the problem."""

    def __init__(self, path, line, problem):
        self.path, self.line, self.problem = str(path), line, problem
        where = f"{path}, line {line}" if line else f"{path}"
        super().__init__(f"{where}: {problem}")


def read_lines(path):
    """UTF-8 lines of a text file without their line ends, with precise errors."""
    path = pathlib.Path(path)
    raw = path.read_bytes()
    if not raw.strip():
        raise DataFormatError(path, None, "the file is empty")
    lines = []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        try:
            lines.append(line.decode("utf-8").rstrip("\r"))
        except UnicodeDecodeError as err:
            raise DataFormatError(path, number, f"byte {line[err.start]:#04x} at column "
                                  f"{err.start + 1} is not valid UTF-8; save the file as UTF-8") from None
    if lines and lines[-1] == "":
        lines.pop()  # the final line end
    return lines


def load_sentences(path):
    """One sentence per line (plain UTF-8 text) -> list of str. Blank lines are errors."""
    sentences = read_lines(path)
    for number, sentence in enumerate(sentences, start=1):
        if not sentence.strip():
            raise DataFormatError(path, number, "blank line; expected one sentence per line")
    return sentences


# --- Corpus for notebook 01: people, animals and food -------------------------------
#
# Each person word is the sum of three attributes (gender, rank, age), and every
# sentence about a person carries one context word for each attribute. So the
# words that share contexts share attributes, and "king - man + woman" lands on
# "queen". Animals and food form two more groups with their own contexts.

PEOPLE = {  # word: (gender, rank, age)
    "king": ("male", "royal", "adult"), "queen": ("female", "royal", "adult"),
    "prince": ("male", "royal", "young"), "princess": ("female", "royal", "young"),
    "man": ("male", "common", "adult"), "woman": ("female", "common", "adult"),
    "boy": ("male", "common", "young"), "girl": ("female", "common", "young"),
}
PERSON_CONTEXT = {
    "male": ["he", "his", "him", "himself"],
    "female": ["she", "her", "hers", "herself"],
    "royal": ["palace", "crown", "throne", "court"],
    "common": ["village", "farm", "market", "cottage"],
    "adult": ["works", "rules", "decides", "pays"],
    "young": ["plays", "learns", "grows", "laughs"],
}
ANIMALS = {"cat": "pet", "dog": "pet", "rabbit": "pet", "cow": "farm", "horse": "farm",
           "sheep": "farm"}
ANIMAL_CONTEXT = {
    "pet": ["sofa", "basket", "cuddle", "garden"],
    "farm": ["field", "barn", "grass", "fence"],
    "animal": ["runs", "sleeps", "eats", "feeds"],
}
FOODS = {"bread": "baked", "cake": "baked", "pie": "baked", "apple": "fruit",
         "pear": "fruit", "plum": "fruit"}
FOOD_CONTEXT = {
    "baked": ["oven", "flour", "slice", "warm"],
    "fruit": ["tree", "ripe", "juicy", "orchard"],
    "food": ["tasty", "cooked", "served", "fresh"],
}
FILLERS = ["the", "a", "in", "and", "near", "with"]
GROUPS = {**{w: "person" for w in PEOPLE}, **{w: "animal" for w in ANIMALS},
          **{w: "food" for w in FOODS}}


def _sentence(rng):
    kind = rng.choice(["person", "person", "animal", "food"])
    if kind == "person":
        word = rng.choice(sorted(PEOPLE))
        cues = [rng.choice(PERSON_CONTEXT[a]) for a in PEOPLE[word]]
    elif kind == "animal":
        word = rng.choice(sorted(ANIMALS))
        cues = [rng.choice(ANIMAL_CONTEXT[ANIMALS[word]]) for _ in range(2)]
        cues.append(rng.choice(ANIMAL_CONTEXT["animal"]))
    else:
        word = rng.choice(sorted(FOODS))
        cues = [rng.choice(FOOD_CONTEXT[FOODS[word]]) for _ in range(2)]
        cues.append(rng.choice(FOOD_CONTEXT["food"]))
    cues += [rng.choice(FILLERS) for _ in range(rng.randint(1, 2))]
    rng.shuffle(cues)
    position = rng.randint(0, len(cues))
    return " ".join(cues[:position] + [word] + cues[position:])


def word_context_corpus(n_sentences=6000, seed=1):
    """Sentences whose words are known only by the company they keep (notebook 01)."""
    rng = random.Random(seed)
    return [_sentence(rng) for _ in range(n_sentences)]


# --- Word classifier for notebook 02: the left context decides the class ------------
#
# Ambiguous names ("jordan", "paris", ...) are persons after a person trigger
# ("mr", "met", ...) and locations after a place trigger ("in", "visited", ...),
# sometimes with an adjective in between. The word alone gives a coin flip;
# the words before it give the answer with certainty (the ceiling is 100 %).

AMBIGUOUS_NAMES = ["austin", "chelsea", "florence", "georgia", "jordan", "paris", "sydney",
                   "victoria"]
TRIGGERS = {"PER": ["mr", "ms", "dr", "met", "asked"],
            "LOC": ["in", "to", "from", "near", "visited"]}
ADJECTIVES = ["young", "old", "lovely", "famous"]
FILLER_WORDS = ["we", "they", "then", "later", "today", "and", "saw", "went", "it", "was",
                "good", "very", "quite", "again"]


def trigger_tagging(n_sentences=3000, seed=2):
    """(tokens, tags) pairs, tags in O / PER / LOC; see the comment above."""
    rng = random.Random(seed)
    data = []
    for _ in range(n_sentences):
        tokens, tags = [], []
        for _ in range(rng.randint(1, 2)):  # one or two entities
            filler = [rng.choice(FILLER_WORDS) for _ in range(rng.randint(1, 3))]
            label = rng.choice(sorted(TRIGGERS))
            middle = [rng.choice(ADJECTIVES)] if rng.random() < 0.4 else []
            words = filler + [rng.choice(TRIGGERS[label])] + middle + [rng.choice(AMBIGUOUS_NAMES)]
            tokens += words
            tags += ["O"] * (len(words) - 1) + [label]
        tail = [rng.choice(FILLER_WORDS) for _ in range(rng.randint(0, 2))]
        data.append((tokens + tail, tags + ["O"] * len(tail)))
    return data


# --- Long-lag task for notebook 03: remember one marked number ----------------------

def marked_value_task(n_sequences, lag, seed, spread=5):
    """Sequences of (value, marker) pairs; the label is the sign of the one marked value.

    Every step carries a value drawn uniformly from [-1, 1]; exactly one step,
    somewhere in the first `spread` steps, has marker 1. The label is 1 if that
    value is positive. The marked step lies at least `lag` steps before the end.
    Nothing else carries information: the other values and the marker position
    are independent of the label, so chance is 0.5 and the ceiling is 1.0.
    Returns x (n, lag + spread, 2) float32 and y (n,) int.
    """
    rng = np.random.default_rng(seed)
    steps = lag + spread
    values = rng.uniform(-1, 1, size=(n_sequences, steps))
    position = rng.integers(0, spread, size=n_sequences)
    marker = np.zeros((n_sequences, steps))
    marker[np.arange(n_sequences), position] = 1
    labels = (values[np.arange(n_sequences), position] > 0).astype(int)
    return np.stack([values, marker], axis=-1).astype("float32"), labels


# --- Named entities in CoNLL-style BIO columns (notebooks 04-05) --------------------

ENTITY_TYPES = ("PER", "ORG", "LOC")
BIO_TAGS = ("O",) + tuple(f"{p}-{t}" for t in ENTITY_TYPES for p in ("B", "I"))


def load_conll(path, *, tagset=BIO_TAGS, strict=True, with_comments=False):
    """Read `token<TAB>tag` lines, blank lines between sentences, `# key: value` comments.

    Returns (sentences, tags), two lists of token lists (plus the comment dicts
    with `with_comments=True`). Malformed input raises `DataFormatError` naming the
    file, the line and the problem; `strict` also refuses an I- tag that does not
    continue an entity of the same type.
    """
    sentences, tags, comments = [], [], []
    tokens, labels, notes, notes_line = [], [], {}, None

    def close():
        nonlocal tokens, labels, notes
        if tokens:
            sentences.append(tokens), tags.append(labels), comments.append(notes)
        elif notes:
            raise DataFormatError(path, notes_line, "comment lines with no sentence after them")
        tokens, labels, notes = [], [], {}

    for number, line in enumerate(read_lines(path), start=1):
        if not line.strip():
            close()
            continue
        if line.startswith("#") and not tokens:
            key, _, value = line[1:].partition(":")
            notes[key.strip()] = value.strip()
            notes_line = notes_line if len(notes) > 1 else number
            continue
        columns = line.split("\t")
        if len(columns) != 2:
            raise DataFormatError(path, number, f"expected 2 tab-separated columns (token, tag), "
                                  f"found {len(columns)}: {line!r}")
        token, tag = columns
        if not token or token != token.strip():
            raise DataFormatError(path, number, f"empty or space-padded token {token!r}")
        if tag not in tagset:
            raise DataFormatError(path, number, f"unknown tag {tag!r}; expected one of {', '.join(tagset)}")
        if strict and tag.startswith("I-") and (not labels or labels[-1][2:] != tag[2:]):
            previous = labels[-1] if labels else "the start of the sentence"
            raise DataFormatError(path, number, f"{tag} does not continue an entity (after {previous}); "
                                  f"an entity starts with B-{tag[2:]}")
        tokens.append(token)
        labels.append(tag)
    close()
    return (sentences, tags, comments) if with_comments else (sentences, tags)


def format_conll(sentences, tags, comments=None):
    """The text of a CoNLL-style file; `load_conll` reads it back unchanged."""
    blocks = []
    for i, (tokens, labels) in enumerate(zip(sentences, tags)):
        notes = comments[i] if comments else {}
        lines = [f"# {k}: {v}" for k, v in notes.items()]
        lines += [f"{t}\t{l}" for t, l in zip(tokens, labels)]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


# The generator. Every entity's type is decided by its context: "left" sentences
# give it before the entity (or in the entity's own words, e.g. "Bank"), "right"
# sentences start with an ambiguous surname whose type only the words AFTER it
# reveal -- there a left-to-right tagger can only guess, a bidirectional one can know.

_ORG_SUFFIXES = ["Inc", "Group", "Bank", "Motors", "Airlines", "Holdings"]
_LEFT_EN = [
    "yesterday {PER} met {PER} in {LOC} .",
    "{PER} works for {ORG} in {LOC} .",
    "according to {PER} , the deal with {ORG} is done .",
    "the minister visited {LOC} on Tuesday .",
    "shares of {ORG} rose after the report .",
    "mr {SUR} moved to {LOC} last year .",
    "{ORG} opened a new office in {LOC} .",
    "dr {SUR} thanked {PER} .",
]
_LEFT_EL = [  # {PERm}/{PERf}: male/female names, to agree with the Greek article
    "ο {PERm} εργάζεται στην {ORG} στη {LOC} .",
    "η {ORG} ανακοίνωσε κέρδη στη {LOC} .",
    "ο κύριος {SURm} γεννήθηκε στη {LOC} .",
    "η {PERf} συνάντησε τον {PERm} .",
]
_RIGHT_EN = {  # the first token is an ambiguous surname; the rest decides its type
    "PER": ["{X} was born in 1984 .", "{X} smiled and waved at the crowd .", "{X} married his cousin ."],
    "ORG": ["{X} shares fell 5 percent .", "{X} hired 200 new employees .", "{X} reported higher profits ."],
    "LOC": ["{X} lies on the coast .", "{X} has a population of 80,000 .", "{X} is a city on the river ."],
}


def _faker(locale, seed):
    from faker import Faker

    fake = Faker(locale)
    fake.seed_instance(seed)
    return fake


def _fill(template, fakes, rng):
    """Expand a template into (tokens, tags)."""
    greek = any("\u0370" <= ch <= "\u03ff" for ch in template)
    fake = fakes["el_GR" if greek else "en_US"]
    tokens, tags = [], []
    for word in template.split():
        if word == "{PER}":
            entity, kind = [fake.first_name(), fake.last_name()], "PER"
        elif word == "{PERm}":
            entity, kind = [fake.first_name_male(), fake.last_name_male()], "PER"
        elif word == "{PERf}":
            entity, kind = [fake.first_name_female(), fake.last_name_female()], "PER"
        elif word == "{SUR}":
            entity, kind = [fake.last_name()], "PER"
        elif word == "{SURm}":
            entity, kind = [fake.last_name_male()], "PER"
        elif word == "{ORG}":
            suffix = "Α.Ε." if greek else rng.choice(_ORG_SUFFIXES)
            entity, kind = [fake.last_name(), suffix], "ORG"
        elif word == "{LOC}":
            entity, kind = fake.city().split(), "LOC"
        else:
            tokens.append(word)
            tags.append("O")
            continue
        tokens += entity
        tags += [f"B-{kind}"] + [f"I-{kind}"] * (len(entity) - 1)
    return tokens, tags


def ner_corpus(n_sentences, seed, right_share=0.3, greek_share=0.15):
    """(tokens, tags, context) triples; context is "left" or "right" (see above)."""
    rng = random.Random(seed)
    fakes = {"en_US": _faker("en_US", seed), "el_GR": _faker("el_GR", seed + 1)}
    surnames = sorted({fakes["en_US"].last_name() for _ in range(60)})[:40]
    corpus = []
    for _ in range(n_sentences):
        draw = rng.random()
        if draw < right_share:
            kind = rng.choice(ENTITY_TYPES)
            template = rng.choice(_RIGHT_EN[kind]).replace("{X}", rng.choice(surnames))
            tokens = template.split()
            tags = [f"B-{kind}"] + ["O"] * (len(tokens) - 1)
            corpus.append((tokens, tags, "right"))
        else:
            pool = _LEFT_EL if draw < right_share + greek_share else _LEFT_EN
            tokens, tags = _fill(rng.choice(pool), fakes, rng)
            corpus.append((tokens, tags, "left"))
    return corpus


NER_SPLITS = {"train": (2000, 11), "validation": (300, 12), "test": (500, 13)}


def _render_ner(split):
    size, seed = NER_SPLITS[split]
    corpus = ner_corpus(size, seed)
    return format_conll([t for t, _, _ in corpus], [g for _, g, _ in corpus],
                        [{"context": c} for _, _, c in corpus])


# --- Labelled texts as TSV: comments, tweets, multi-label comments (notebooks 06-07) -

def _format_causes(causes):
    return " ".join(f"{label}:{','.join(map(str, positions))}" for label, positions in causes.items())


def format_labelled_texts(records, *, multi_label=False):
    """The text of a TSV file of `LabelledText` records; `load_labelled_texts` reads it back."""
    extra = list(records[0].extra) if records else []
    lines = ["\t".join(["labels" if multi_label else "label", "text", "causes", *extra])]
    for record in records:
        label = ",".join(record.label) if multi_label else record.label
        lines.append("\t".join([label, record.text, _format_causes(record.causes),
                                *(record.extra[k] for k in extra)]))
    return "\n".join(lines) + "\n"


def _parse_causes(value, n_tokens, label_set, path, number):
    causes = {}
    for item in value.split():
        label, colon, positions = item.partition(":")
        if not colon or not label or not positions:
            raise DataFormatError(path, number, f"cause {item!r} is not label:position[,position...]")
        if label_set is not None and label not in label_set:
            raise DataFormatError(path, number, f"cause {item!r} names unknown label {label!r}; "
                                  f"expected one of {', '.join(label_set)}")
        try:
            numbers = tuple(int(p) for p in positions.split(","))
        except ValueError:
            raise DataFormatError(path, number, f"cause {item!r}: positions must be whole numbers") from None
        if not all(0 <= p < n_tokens for p in numbers):
            raise DataFormatError(path, number, f"cause {item!r}: positions must be between 0 and "
                                  f"{n_tokens - 1} (the text has {n_tokens} tokens)")
        causes[label] = causes.get(label, ()) + numbers
    return causes


def load_labelled_texts(path, *, label_set=None, multi_label=False):
    """Read a TSV of labelled texts -> list of `course_utils.comments.LabelledText`.

    The first line names the columns: `label` (or `labels`, comma-separated, for
    multi-label files; may be empty) and `text` are required, `causes` is optional
    (space-separated `label:position,...` items; positions index the text's
    space-separated tokens), any other column is kept in `extra`. With `label_set`
    every label must belong to it. Malformed rows raise `DataFormatError`.
    """
    from .comments import LabelledText

    lines = read_lines(path)
    header = lines[0].split("\t")
    label_column = "labels" if multi_label else "label"
    for required in (label_column, "text"):
        if required not in header:
            raise DataFormatError(path, 1, f"the header has no {required!r} column (found: {', '.join(header)})"
                                  + ("; multi-label files name it 'labels'" if multi_label else ""))
    if len(set(header)) != len(header):
        raise DataFormatError(path, 1, f"repeated column names in the header: {', '.join(header)}")
    records = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            raise DataFormatError(path, number, "blank line; expected one text per line")
        columns = line.split("\t")
        if len(columns) != len(header):
            raise DataFormatError(path, number, f"expected {len(header)} tab-separated columns "
                                  f"({', '.join(header)}), found {len(columns)}")
        row = dict(zip(header, columns))
        text = row.pop("text")
        if not text.strip():
            raise DataFormatError(path, number, "the text is empty")
        raw = row.pop(label_column)
        if multi_label:
            labels = given = tuple(raw.split(",")) if raw else ()
        else:
            labels, given = raw, (raw,)
        for label in given:
            if not label or (label_set is not None and label not in label_set):
                expected = ", ".join(label_set) if label_set is not None else "a non-empty label"
                raise DataFormatError(path, number, f"unknown label {label!r}; expected {expected}")
        if multi_label and len(set(labels)) != len(labels):
            raise DataFormatError(path, number, f"a label is repeated in {','.join(labels)!r}")
        causes = _parse_causes(row.pop("causes", ""), len(text.split(" ")), label_set, path, number)
        records.append(LabelledText(text, labels, causes, row))
    return records


TEXT_SPLITS = {  # file stem -> split -> (size, seed)
    "comments": {"train": (2000, 21), "validation": (500, 22), "test": (500, 23)},
    "tweets": {"train": (1600, 31), "validation": (300, 32), "test": (400, 33)},
    "multilabel_comments": {"train": (2000, 41), "validation": (500, 42), "test": (500, 43)},
}


def _render_labelled(stem, split):
    from . import comments

    generate = {"comments": comments.moderation_comments, "tweets": comments.product_tweets,
                "multilabel_comments": comments.multi_label_comments}[stem]
    return format_labelled_texts(generate(*TEXT_SPLITS[stem][split]), multi_label=stem == "multilabel_comments")


# --- Rebuilding data/ ---------------------------------------------------------------

def _lines(generator, **kwargs):
    return lambda: "\n".join(generator(**kwargs)) + "\n"


CORPORA = {  # file name -> function returning its text; the arguments are the record in DATA.md
    "word_context_corpus.txt": _lines(word_context_corpus, n_sentences=6000, seed=1),
    **{f"ner_{split}.conll": (lambda split=split: _render_ner(split)) for split in NER_SPLITS},
    **{f"{stem}_{split}.tsv": functools.partial(_render_labelled, stem, split)
       for stem, splits in TEXT_SPLITS.items() for split in splits},
}


def render(name):
    """The exact bytes of data file `name`, rebuilt from its generator."""
    return CORPORA[name]().encode("utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(description="Rebuild (or check) the files in data/.")
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if a file in data/ differs from its generator")
    parser.add_argument("--data-dir", type=pathlib.Path, default=DATA_DIR)
    args = parser.parse_args(argv)
    stale = []
    for name in sorted(CORPORA):
        path, content = args.data_dir / name, render(name)
        if args.check:
            if not path.exists() or path.read_bytes() != content:
                stale.append(name)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            print(f"wrote {path} ({len(content):,} bytes)")
    if stale:
        print("out of date (run python -m course_utils.datasets):", ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

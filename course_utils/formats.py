"""The file formats of the course's data: plain text, CoNLL-style BIO columns, labelled-text TSV.

Readers and writers live together so that `load_x(format_x(data))` gives the
data back (a test checks every round trip). Malformed input raises
`DataFormatError`, whose message names the file, the line and the problem, so a
student who brings their own file knows what to fix. The corpora in
`course_utils.corpora` write these formats; notebooks 01 and 04-07 read them.
"""
import collections
import pathlib
import re


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


# --- Plain text: one sentence per line ----------------------------------------------

def load_sentences(path):
    """One sentence per line (plain UTF-8 text) -> list of str. Blank lines are errors."""
    sentences = read_lines(path)
    for number, sentence in enumerate(sentences, start=1):
        if not sentence.strip():
            raise DataFormatError(path, number, "blank line; expected one sentence per line")
    return sentences


def format_sentences(sentences):
    """The text of a one-sentence-per-line file; `load_sentences` reads it back."""
    return "\n".join(sentences) + "\n"


# --- CoNLL-style BIO columns --------------------------------------------------------

_BIO_TAG = re.compile(r"O|[BI]-[^\s-]+")


def load_conll(path, *, tagset=None, strict=True, with_comments=False):
    """Read `token<TAB>tag` lines, a blank line between sentences -> (sentences, tags).

    Every token line has exactly one tab, so a token may be `#` or `#hashtag`.
    A line with no tab that starts with `#` is a comment, allowed only before a
    sentence's first token: `# key: value` (returned per sentence with
    `with_comments=True`). Tags are `O`, `B-TYPE` or `I-TYPE`; with `tagset`
    only those tags are accepted. `strict` also refuses an I- tag that does not
    continue an entity of the same type. Malformed input raises `DataFormatError`.
    """
    sentences, tags, comments = [], [], []
    tokens, labels, notes, notes_line = [], [], {}, None

    def close():
        nonlocal tokens, labels, notes, notes_line
        if tokens:
            sentences.append(tokens), tags.append(labels), comments.append(notes)
        elif notes:
            raise DataFormatError(path, notes_line, "comment lines with no sentence after them")
        tokens, labels, notes, notes_line = [], [], {}, None

    for number, line in enumerate(read_lines(path), start=1):
        if not line.strip():
            close()
            continue
        if "\t" not in line and line.startswith("#"):
            if tokens:
                raise DataFormatError(path, number, f"comment line {line!r} inside a sentence; comments "
                                      "go before a sentence's first token (a token line has a tab)")
            key, colon, value = line[1:].partition(":")
            if not colon or not key.strip():
                raise DataFormatError(path, number, f"comment {line!r} is not '# key: value'")
            notes[key.strip()] = value.strip()
            notes_line = notes_line or number
            continue
        columns = line.split("\t")
        if len(columns) != 2:
            raise DataFormatError(path, number, f"expected 2 tab-separated columns (token, tag), "
                                  f"found {len(columns)}: {line!r}")
        token, tag = columns
        if not token or token != token.strip():
            raise DataFormatError(path, number, f"empty or space-padded token {token!r}")
        if (tagset is not None and tag not in tagset) or not _BIO_TAG.fullmatch(tag):
            expected = ", ".join(tagset) if tagset is not None else "O, B-TYPE or I-TYPE"
            raise DataFormatError(path, number, f"unknown tag {tag!r}; expected one of {expected}")
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


# --- Labelled texts as TSV (comments, tweets, multi-label comments) -----------------

LabelledText = collections.namedtuple("LabelledText", "text label causes extra")
LabelledText.__doc__ = """One labelled text.

text: str, tokens separated by single spaces; label: str (single-label) or
tuple of str (multi-label, in the label set's order); causes: {label: tuple of token positions};
extra: {column: str} for any other TSV columns (e.g. "kind").
"""


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
    """Read a TSV of labelled texts -> list of `LabelledText`.

    The first line names the columns: `label` (or `labels`, comma-separated, for
    multi-label files; may be empty) and `text` are required, `causes` is optional
    (space-separated `label:position,...` items; positions index the text's
    space-separated tokens), any other column is kept in `extra`. With `label_set`
    every label must belong to it. Malformed rows raise `DataFormatError`.
    """
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


# --- Parallel text with word alignments (notebook 09) -------------------------------

def format_parallel(pairs):
    """The text of a TSV of (source tokens, target tokens, alignment) triples; `load_parallel` reads it back.

    The alignment gives, for each target token, the position of the source token it translates.
    """
    lines = ["source\ttarget\talignment"]
    for source, target, alignment in pairs:
        lines.append("\t".join([" ".join(source), " ".join(target), " ".join(map(str, alignment))]))
    return "\n".join(lines) + "\n"


def load_parallel(path):
    """Read a TSV with columns source, target, alignment -> list of (source, target, alignment) triples."""
    lines = read_lines(path)
    if lines[0].split("\t") != ["source", "target", "alignment"]:
        raise DataFormatError(path, 1, f"the header must be 'source<TAB>target<TAB>alignment', found {lines[0]!r}")
    pairs = []
    for number, line in enumerate(lines[1:], start=2):
        columns = line.split("\t")
        if len(columns) != 3:
            raise DataFormatError(path, number, f"expected 3 tab-separated columns (source, target, alignment), "
                                  f"found {len(columns)}")
        source, target = columns[0].split(" "), columns[1].split(" ")
        if not all(source) or not all(target):
            raise DataFormatError(path, number, "empty token: tokens are separated by single spaces")
        try:
            alignment = [int(a) for a in columns[2].split(" ")]
        except ValueError:
            raise DataFormatError(path, number, f"alignment {columns[2]!r} is not whole numbers") from None
        if len(alignment) != len(target):
            raise DataFormatError(path, number, f"{len(alignment)} alignment positions for {len(target)} target tokens")
        if not all(0 <= a < len(source) for a in alignment):
            raise DataFormatError(path, number, f"alignment positions must be between 0 and {len(source) - 1}")
        pairs.append((source, target, alignment))
    return pairs

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


# --- Other people's formats: CoNLL-2003 columns, CoNLL-U, labelled TSV, parallel text ------
# Readers only: an instructor's own corpus comes in these; the kit writes its own formats above.

CONLL2003_COLUMNS = ("token", "pos", "chunk", "ner")
TAG_SCHEMES = ("BIO", "IOB1", "BIOES", "BILOU")   # BIO is IOB2: every entity starts with B-


def _scheme_class(scheme):
    from seqeval.scheme import BILOU, IOB1, IOB2, IOBES

    return {"BIO": IOB2, "IOB1": IOB1, "BIOES": IOBES, "BILOU": BILOU}[scheme]


def _to_bio(tags, scheme, path, lines):
    """`tags` of one sentence in `scheme` -> BIO tags; a tag no entity of the scheme explains is an error.

    seqeval reads the entities (it knows each scheme's rules); a tag it leaves out belongs to an
    invalid sequence, e.g. IOB1's B-PER not after I-PER, or BIOES' I-LOC without B-LOC before it.
    """
    from seqeval.scheme import Tokens

    valid = re.compile(r"O|[BI]-\S+" if scheme in ("BIO", "IOB1") else r"O|[BIES]-\S+" if scheme == "BIOES"
                       else r"O|[BILU]-\S+")
    for tag, number in zip(tags, lines):
        if not valid.fullmatch(tag):
            raise DataFormatError(path, number, f"tag {tag!r} is not a {scheme} tag (O or "
                                  f"{'/'.join(sorted({c for c in scheme if c != 'O'}))}-TYPE)")
    bio = ["O"] * len(tags)
    for entity in Tokens(tags, scheme=_scheme_class(scheme)).entities:
        bio[entity.start:entity.end] = [f"B-{entity.tag}"] + [f"I-{entity.tag}"] * (entity.end - entity.start - 1)
    for tag, new, number in zip(tags, bio, lines):
        if tag != "O" and new == "O":
            raise DataFormatError(path, number, f"tag {tag!r} does not fit the {scheme} sequence around it "
                                  f"({' '.join(tags)}); is the file in another scheme ({', '.join(TAG_SCHEMES)})?")
    return bio


def _column_index(chosen, names, n_columns, path, number, what):
    """A column given by index (negative counts from the end) or by name in `names` -> its index."""
    if isinstance(chosen, str):
        if names is None or chosen not in names:
            raise DataFormatError(path, number, f"no column named {chosen!r} for the {what}; the columns are "
                                  + (", ".join(names) if names else "not named: pass an index or columns=(...)"))
        chosen = names.index(chosen)
    if not -n_columns <= chosen < n_columns:
        raise DataFormatError(path, number, f"column {chosen} for the {what}, but the line has {n_columns} columns")
    return chosen % n_columns


def load_conll2003(path, *, token=0, tag=-1, columns=None, scheme="BIO", keep_scheme=False):
    """Read a CoNLL-2003-style file: whitespace-separated columns, a blank line between sentences.

    -> (sentences, tags). `token` and `tag` choose the columns by index (default: the first and the last)
    or by name in `columns` (CoNLL-2003's own are `CONLL2003_COLUMNS`). `-DOCSTART-` lines are skipped.
    Tags in `scheme` (one of `TAG_SCHEMES`; CoNLL-2003's original release uses IOB1) become BIO, the
    kit's scheme, unless `keep_scheme`. Every token line must have as many columns as the first one.
    """
    sentences, tags = [], []
    tokens, labels, numbers = [], [], []
    n_columns = token_at = tag_at = None

    def close():
        nonlocal tokens, labels, numbers
        if tokens:
            sentences.append(tokens)
            tags.append(labels if keep_scheme else _to_bio(labels, scheme, path, numbers))
        tokens, labels, numbers = [], [], []

    if scheme not in TAG_SCHEMES:
        raise ValueError(f"scheme {scheme!r}: expected one of {', '.join(TAG_SCHEMES)}")
    for number, line in enumerate(read_lines(path), start=1):
        fields = line.split()
        if not fields:
            close()
            continue
        if fields[0] == "-DOCSTART-":
            close()
            continue
        if n_columns is None:
            n_columns = len(fields)
            if columns is not None and len(columns) != n_columns:
                raise DataFormatError(path, number, f"{n_columns} columns, but columns= names {len(columns)}: "
                                      f"{', '.join(columns)}")
            token_at = _column_index(token, columns, n_columns, path, number, "tokens")
            tag_at = _column_index(tag, columns, n_columns, path, number, "tags")
        elif len(fields) != n_columns:
            raise DataFormatError(path, number, f"expected {n_columns} whitespace-separated columns (as on the "
                                  f"first token line), found {len(fields)}: {line!r}")
        tokens.append(fields[token_at])
        labels.append(fields[tag_at])
        numbers.append(number)
    close()
    if not sentences:
        raise DataFormatError(path, None, "no sentences: only -DOCSTART- or blank lines")
    return sentences, tags


CONLLU_FIELDS = ("id", "form", "lemma", "upos", "xpos", "feats", "head", "deprel", "deps", "misc")
_CONLLU_ID = re.compile(r"[1-9]\d*|0|[1-9]\d*-[1-9]\d*|\d+\.[1-9]\d*")


def load_conllu(path, *, column="upos", with_metadata=False):
    """Read a CoNLL-U file (Universal Dependencies) -> (sentences of FORMs, tags from `column`[, metadata]).

    The words are the syntactic words: a multi-word token's line (`1-2 vámonos`) is skipped, since its
    parts (`1 vamos`, `2 nos`) carry the tags, and so are empty nodes (`8.1`). `column` is a field name of
    `CONLLU_FIELDS` (upos, xpos, deprel, ...). With `with_metadata`, each sentence's comment lines
    (`# sent_id = ...`, `# text = ...`) come back as a dict, read by the `conllu` library.
    """
    import conllu

    if column not in CONLLU_FIELDS[1:]:
        raise ValueError(f"column {column!r}: expected one of {', '.join(CONLLU_FIELDS[1:])}")
    blocks, block, first = [], [], None
    for number, line in enumerate(read_lines(path) + [""], start=1):
        if not line.strip():
            if block:
                blocks.append((first, block))
            block, first = [], None
            continue
        if not line.startswith("#"):
            fields = line.split("\t")
            if len(fields) != 10:
                raise DataFormatError(path, number, f"expected 10 tab-separated fields "
                                      f"({', '.join(CONLLU_FIELDS)}), found {len(fields)}: {line!r}")
            if not _CONLLU_ID.fullmatch(fields[0]):
                raise DataFormatError(path, number, f"ID {fields[0]!r} is not a word number, a range "
                                      "like 1-2 or an empty node like 8.1")
            is_word = fields[0].isdigit()         # not a multi-word token's range, not an empty node
            if is_word and fields[CONLLU_FIELDS.index(column)] in ("", "_"):
                raise DataFormatError(path, number, f"word {fields[1]!r} has no {column.upper()} ('_')")
        elif any(not b.startswith("#") for b in block):
            raise DataFormatError(path, number, f"comment line {line!r} inside a sentence; comments go "
                                  "before a sentence's first word")
        first = first or number
        block.append(line)
    sentences, tags, metadata = [], [], []
    for first, lines in blocks:
        try:
            parsed = conllu.parse("\n".join(lines) + "\n\n")
        except conllu.exceptions.ParseException as err:
            raise DataFormatError(path, first, f"the sentence starting here is not CoNLL-U: {err}") from None
        words = [w for w in parsed[0] if isinstance(w["id"], int)] if parsed else []
        if not words:
            raise DataFormatError(path, first, "comment lines with no words after them")
        sentences.append([w["form"] for w in words])
        tags.append([str(w[column]) for w in words])
        metadata.append(dict(parsed[0].metadata))
    if not sentences:
        raise DataFormatError(path, None, "no sentences: only comments")
    return (sentences, tags, metadata) if with_metadata else (sentences, tags)


def _table(path, header, expected_names):
    """Tab-separated rows with their line numbers; `header`: True, False or None (detect by its names)."""
    lines = read_lines(path)
    first = lines[0].split("\t")
    if header is None:
        header = any(name in expected_names for name in first)
    names = first if header else None
    rows = list(enumerate(lines[1:] if header else lines, start=2 if header else 1))
    if not rows:
        raise DataFormatError(path, None, "a header and no rows")
    return names, rows


def load_text_labels(path, *, text="text", label="label", header=None, multi_label=False, separator=","):
    """Read a TSV of texts and their labels, with a header or without -> list of `LabelledText`.

    With a header, `text` and `label` name its columns (other columns are kept in `extra`); without one,
    they are indexes, text first and label second by default. `header=None` takes the first line for a
    header if it holds the column names. Multi-label rows list their labels split by `separator`.
    Texts are split on whitespace and re-joined with single spaces, as the kit's own texts are.
    """
    names, rows = _table(path, header, (text, label))
    if names is None:
        text, label = (0 if text == "text" else text), (1 if label == "label" else label)
    width = len(names) if names else len(rows[0][1].split("\t"))
    text_at = _column_index(text, names, width, path, 1, "texts")
    label_at = _column_index(label, names, width, path, 1, "labels")
    records = []
    for number, line in rows:
        fields = line.split("\t")
        if len(fields) != width:
            raise DataFormatError(path, number, f"expected {width} tab-separated columns, found {len(fields)}")
        words = fields[text_at].split()
        if not words:
            raise DataFormatError(path, number, "the text is empty")
        raw = fields[label_at].strip()
        labels = tuple(x.strip() for x in raw.split(separator) if x.strip()) if multi_label else raw
        if not multi_label and not raw:
            raise DataFormatError(path, number, "the label is empty")
        extra = {(names[i] if names else str(i)): f for i, f in enumerate(fields) if i not in (text_at, label_at)}
        records.append(LabelledText(" ".join(words), labels, {}, extra))
    return records


def load_parallel_text(path, *, header=None):
    """Read tab-separated source and target sentences, optionally a third column of alignments.

    -> list of (source tokens, target tokens, alignment or None). Sentences are split on whitespace. An
    alignment, where given, names for each target token the position of the source token it translates
    (as the kit's `load_parallel`). `header=None` takes a first line `source<TAB>target[<TAB>alignment]`
    for a header.
    """
    _, rows = _table(path, header, ("source", "target"))
    pairs, width = [], len(rows[0][1].split("\t"))
    if width not in (2, 3):
        raise DataFormatError(path, rows[0][0], f"expected 2 or 3 tab-separated columns (source, target"
                              f"[, alignment]), found {width}")
    for number, line in rows:
        fields = line.split("\t")
        if len(fields) != width:
            raise DataFormatError(path, number, f"expected {width} tab-separated columns (as on the first "
                                  f"row), found {len(fields)}")
        source, target = fields[0].split(), fields[1].split()
        if not source or not target:
            raise DataFormatError(path, number, f"the {'source' if not source else 'target'} sentence is empty")
        alignment = None
        if width == 3:
            try:
                alignment = [int(a) for a in fields[2].split()]
            except ValueError:
                raise DataFormatError(path, number, f"alignment {fields[2]!r} is not whole numbers") from None
            if len(alignment) != len(target) or not all(0 <= a < len(source) for a in alignment):
                raise DataFormatError(path, number, f"the alignment needs one source position (0 to "
                                      f"{len(source) - 1}) per target token ({len(target)}), found {fields[2]!r}")
        pairs.append((source, target, alignment))
    return pairs

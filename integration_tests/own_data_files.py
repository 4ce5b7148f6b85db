"""Small generated corpora in the real formats an instructor brings, for running notebooks on "own data".

    python integration_tests/own_data_files.py OUTDIR      # writes the files, prints each notebook's CHANGES

The sentences come from a few word lists and templates drawn with a fixed seed (no copied text): a
CoNLL-2003 file with four space-separated columns, `-DOCSTART-` lines and IOB1 tags (notebook 05), a
labelled TSV with a header (06), a CoNLL-U file with comments and a multi-word token (08), and parallel
text without alignments (09). A few hundred lines each, so every notebook trains in seconds on them.
"""
import pathlib
import random
import sys

FIRST = ["anna", "boris", "chen", "dara", "emil", "fatima", "goran", "hana", "ivo", "jana"]
LAST = ["berg", "costa", "dinu", "eko", "falk", "greco", "horvat", "ilic", "jensen", "kova"]
PLACES = ["lindvale", "mornport", "northby", "oakridge", "pellham", "quarrytown", "redfield"]
COMPANIES = ["acme", "borealis", "cobalt", "delta", "ember", "fjord"]
VERBS = ["visited", "called", "left", "praised", "met", "joined"]
ADJECTIVES = ["good", "bad", "fine", "poor", "great", "awful", "nice", "dull"]
NOUNS = ["film", "book", "meal", "song", "room", "game"]
SPLIT_SIZES = {"train": 240, "validation": 40, "test": 60}


def _entity_sentence(rng):
    """(token, POS, chunk, NER-in-IOB2) rows of one sentence: person verb place/company ."""
    rows = [(rng.choice(FIRST), "NNP", "B-NP", "B-PER"), (rng.choice(LAST), "NNP", "I-NP", "I-PER"),
            (rng.choice(VERBS), "VBD", "B-VP", "O")]
    if rng.random() < 0.5:
        rows.append((rng.choice(PLACES), "NNP", "B-NP", "B-LOC"))
    else:
        rows += [(rng.choice(COMPANIES), "NNP", "B-NP", "B-ORG"), ("inc", "NNP", "I-NP", "I-ORG")]
    return rows + [(".", ".", "O", "O")]


def _iob1(tags):
    """IOB2 -> IOB1 (CoNLL-2003's release): B- only where an entity follows one of the same type."""
    return [f"I-{t[2:]}" if t.startswith("B-") and (i == 0 or tags[i - 1][2:] != t[2:]) else t
            for i, t in enumerate(tags)]


def conll2003(rng, n):
    lines = ["-DOCSTART- -X- -X- O", ""]
    for k in range(n):
        rows = _entity_sentence(rng)
        for (token, pos, chunk, _), tag in zip(rows, _iob1([r[3] for r in rows])):
            lines.append(f"{token} {pos} {chunk} {tag}")
        lines.append("")
        if k % 50 == 49:
            lines += ["-DOCSTART- -X- -X- O", ""]
    return "\n".join(lines) + "\n"


def labelled_tsv(rng, n):
    lines = ["text\tlabel"]
    for _ in range(n):
        adjective = rng.choice(ADJECTIVES)
        label = "pos" if ADJECTIVES.index(adjective) % 2 == 0 else "neg"
        lines.append(f"the {rng.choice(NOUNS)} was {adjective} .\t{label}")
    return "\n".join(lines) + "\n"


def conllu(rng, n):
    lines = []
    for k in range(n):
        words = [(rng.choice(FIRST), "PROPN"), (rng.choice(VERBS), "VERB"), ("the", "DET"),
                 (rng.choice(NOUNS), "NOUN"), (".", "PUNCT")]
        lines += [f"# sent_id = s{k}", f"# text = {' '.join(w for w, _ in words)}"]
        if k % 10 == 0:           # a multi-word token line: its parts carry the words
            lines.append("1-2\t" + words[0][0] + words[1][0] + "\t_\t_\t_\t_\t_\t_\t_\t_")
        for i, (form, upos) in enumerate(words, start=1):
            lines.append(f"{i}\t{form}\t{form}\t{upos}\t_\t_\t{0 if i == 2 else 2}\t{'root' if i == 2 else 'dep'}"
                         "\t_\t_")
        lines.append("")
    return "\n".join(lines) + "\n"


def parallel(rng, n):
    lines = []
    for _ in range(n):
        source = [rng.choice(FIRST), rng.choice(VERBS), "the", rng.choice(NOUNS)]
        target = [w[::-1] for w in reversed(source)]         # a made-up language: words reversed, order too
        lines.append(" ".join(source) + " .\t" + " ".join(target) + " .")
    return "\n".join(lines) + "\n"


WRITERS = {"05": ("conll2003", "txt", conll2003), "06": ("tsv", "tsv", labelled_tsv),
           "08": ("conllu", "conllu", conllu), "09": ("parallel", "tsv", parallel)}
OPTIONS = {"05": {"scheme": "IOB1"}}


def write(folder):
    """Write every notebook's three splits into `folder`; -> {notebook: its CONFIG `data` dict}."""
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    settings = {}
    for notebook, (fmt, suffix, writer) in WRITERS.items():
        rng = random.Random(int(notebook))
        data = {"format": fmt, **OPTIONS.get(notebook, {})}
        for split, n in SPLIT_SIZES.items():
            path = folder / f"nb{notebook}_{split}.{suffix}"
            path.write_text(writer(rng, n), encoding="utf-8")
            data[split] = str(path.resolve())
        settings[notebook] = data
    return settings


if __name__ == "__main__":
    for notebook, data in write(sys.argv[1]).items():
        print(f"{notebook}: CHANGES = dict(data={data!r})")

"""Notebooks 04-05: named entities (PER, ORG, LOC) in English and Greek, CoNLL-style BIO columns.

Every entity's type is decided by its context: "left" sentences give it before
the entity (or in the entity's own words, e.g. "Bank"), "right" sentences start
with an ambiguous surname whose type only the words AFTER it reveal -- there a
left-to-right tagger can only guess, a bidirectional one can know. "both"
sentences are an artificial probe of interaction: `red Garner blue .` -- the
surname is a person when the colour words on its two sides agree and an
organisation when they differ. Neither side alone says anything, and one biRNN
layer under a softmax cannot learn it (its tag scores are a sum of a left and a
right part, so it gets at most 3 of the 4 colour pairs right); a second layer,
which reads both directions at once, can. The ceiling is 100 % (the context
always decides). Names and places come from Faker (its
version is pinned: the files depend on it). Shipped as `data/ner_{split}.conll`
with a `# context: left|right` comment before each sentence.
"""
import random

from ..formats import format_conll

ENTITY_TYPES = ("PER", "ORG", "LOC")
BIO_TAGS = ("O",) + tuple(f"{p}-{t}" for t in ENTITY_TYPES for p in ("B", "I"))

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


COLOURS = ("red", "blue")


def ner_corpus(n_sentences, seed, right_share=0.25, greek_share=0.12, both_share=0.25):
    """(tokens, tags, context) triples; context is "left", "right" or "both" (see above)."""
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
        elif draw < right_share + both_share:
            before, after = rng.choice(COLOURS), rng.choice(COLOURS)
            kind = "PER" if before == after else "ORG"
            corpus.append(([before, rng.choice(surnames), after, "."], ["O", f"B-{kind}", "O", "O"], "both"))
        else:
            pool = _LEFT_EL if draw < right_share + both_share + greek_share else _LEFT_EN
            tokens, tags = _fill(rng.choice(pool), fakes, rng)
            corpus.append((tokens, tags, "left"))
    return corpus


def left_to_right_bound(context):
    """The Bayes ceiling, on one `context` sentence's entity, of a tagger that has read only the words up to it.

    "right": the surname is drawn independently of the type, so the best guess is right 1 time in 3; "both":
    the colour before the surname agrees with the one after it half the time, so 1 in 2. A unit test checks
    both by counting a large generated corpus.
    """
    return {"right": 1 / len(ENTITY_TYPES), "both": 1 / len(COLOURS)}[context]


SPLITS = {"train": (2000, 11), "validation": (300, 12), "test": (500, 13)}


def render(split):
    """The text of `data/ner_{split}.conll`."""
    size, seed = SPLITS[split]
    corpus = ner_corpus(size, seed)
    return format_conll([t for t, _, _ in corpus], [g for _, g, _ in corpus],
                        [{"context": c} for _, _, c in corpus])


FILES = {f"ner_{split}.conll": (lambda split=split: render(split)) for split in SPLITS}

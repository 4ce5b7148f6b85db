"""Notebook 09: translation into a made-up language that reorders the words, with gold word alignments.

The source is English, `subject verb object`, each noun phrase with 0-4
adjectives: *the big old dog saw a small cat .* The target uses Greek words
in an order of its own: noun phrases put the noun before its adjectives, and
the verb goes last (subject object verb): *ο σκύλος μεγάλος παλιός ένας γάτος
μικρός είδε .* Every target word translates exactly one source word, so the
gold alignment (which source position each target word comes from) is known
and is not monotone. The translation is a function of the source: the ceiling
is 100 %. The longer the noun phrases, the more an encoder must hold in its
final state: the bottleneck grows with the length. Shipped as
`data/translation_{split}.tsv` (columns source, target, alignment).
"""
import random

from ..formats import format_parallel

DETERMINERS = {"the": "ο", "a": "ένας"}
ADJECTIVES = {"big": "μεγάλος", "old": "παλιός", "small": "μικρός", "happy": "χαρούμενος", "quiet": "ήσυχος",
              "young": "νέος"}
NOUNS = {"dog": "σκύλος", "cat": "γάτος", "farmer": "αγρότης", "teacher": "δάσκαλος", "neighbour": "γείτονας",
         "friend": "φίλος", "hunter": "κυνηγός", "fisherman": "ψαράς"}
VERBS = {"saw": "είδε", "helped": "βοήθησε", "called": "κάλεσε", "met": "συνάντησε", "followed": "ακολούθησε",
         "found": "βρήκε"}
MAX_ADJECTIVES = 4


def _noun_phrase(rng, start):
    """(source tokens, target tokens, alignment) of one noun phrase whose first source token is at `start`."""
    det, noun = rng.choice(sorted(DETERMINERS)), rng.choice(sorted(NOUNS))
    adjectives = [rng.choice(sorted(ADJECTIVES)) for _ in range(rng.randint(0, MAX_ADJECTIVES))]
    source = [det, *adjectives, noun]
    if det == "a" and source[1][0] in "aeiou":
        source[0] = "an"                                    # an old dog: the target word stays ένας
    target = [DETERMINERS[det], NOUNS[noun], *(ADJECTIVES[a] for a in adjectives)]
    alignment = [start, start + len(source) - 1, *range(start + 1, start + 1 + len(adjectives))]
    return source, target, alignment


def translation_pair(rng):
    """One (source, target, alignment) triple; see the module docstring."""
    subject = _noun_phrase(rng, 0)
    verb = rng.choice(sorted(VERBS))
    obj = _noun_phrase(rng, len(subject[0]) + 1)
    source = subject[0] + [verb] + obj[0] + ["."]
    target = subject[1] + obj[1] + [VERBS[verb], "."]
    alignment = subject[2] + obj[2] + [len(subject[0]), len(source) - 1]
    return source, target, alignment


def translation_pairs(n_pairs, seed):
    rng = random.Random(seed)
    return [translation_pair(rng) for _ in range(n_pairs)]


SPLITS = {"train": (6000, 91), "validation": (500, 92), "test": (1000, 93)}  # size, seed
FILES = {f"translation_{split}.tsv": (lambda split=split: format_parallel(translation_pairs(*SPLITS[split])))
         for split in SPLITS}

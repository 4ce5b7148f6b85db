"""Notebooks 06-07: user comments labelled accept/reject (comment moderation).

Rejects come from an insult, an animal word aimed at a person, or an abusive
phrase placed anywhere among 1-4 ordinary sentences; the tricky accepts are
negated insults, innocent animals and praise in the insults' frames. Each
record's `causes` say which token positions produced the rejection and
`extra["kind"]` which case it is. Labels are a function of the text: the
ceiling is 100 %. Shipped as `data/comments_{split}.tsv`.
"""
import random

from ..formats import LabelledText, format_labelled_texts
from .comment_templates import AIMED, ANIMAL_SCENES, ANIMALS, INSULTS, NEGATED, PHRASES, PRAISE, compose

KINDS = {  # kind -> (share, label, frames, slot words or None); causes = the starred words
    "clean": (0.30, "accept", None, None),
    "praise": (0.10, "accept", AIMED, PRAISE),
    "insult": (0.25, "reject", AIMED, INSULTS),
    "phrase": (0.10, "reject", PHRASES, None),
    "negated": (0.10, "accept", NEGATED, INSULTS + ANIMALS + PRAISE),
    "animal_aimed": (0.075, "reject", AIMED, ANIMALS),
    "animal_innocent": (0.075, "accept", ANIMAL_SCENES, ANIMALS),
}
LABELS = ("accept", "reject")


def moderation_comments(n_comments, seed):
    """Comments labelled accept/reject; `extra["kind"]` says which case each is.

    A comment is 1-4 neutral sentences plus, except for "clean" ones, one clause
    placed anywhere: an insult, an animal aimed at a person or an abusive phrase
    (reject); the same frames with praise, a negated insult, or an animal in a
    harmless scene (accept). Causes are recorded for rejected comments only.
    """
    rng = random.Random(seed)
    kinds = list(KINDS)
    shares = [KINDS[k][0] for k in kinds]
    records = []
    for _ in range(n_comments):
        kind = rng.choices(kinds, shares)[0]
        _, label, frames, slot_words = KINDS[kind]
        clauses = [] if frames is None else [("reject" if label == "reject" else None,
                                              rng.choice(frames), slot_words)]
        text, causes = compose(rng, clauses, rng.randint(1, 4))
        records.append(LabelledText(text, label, causes, {"kind": kind}))
    return records


SPLITS = {"train": (2000, 21), "validation": (500, 22), "test": (500, 23)}  # size, seed
FILES = {f"comments_{split}.tsv": (lambda split=split: format_labelled_texts(moderation_comments(*SPLITS[split])))
         for split in SPLITS}

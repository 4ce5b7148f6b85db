"""Notebook 07: comments with any subset of four labels (insult, threat, profanity, spam).

Every present label has its own clause somewhere in the comment and its own
causes; an absent label's frame appears with a harmless word half the time, so
only the slot word tells whether the label applies. The labels are a function
of the text: the ceiling is 100 %. Shipped as `data/multilabel_comments_{split}.tsv`.
"""
import random

from ..formats import LabelledText, format_labelled_texts
from .comment_templates import AIMED, INSULTS, PRAISE, compose

FRAMES = {  # label -> [(frame, words that give the label, harmless words for decoys)]
    "insult": [(frame, INSULTS, PRAISE) for frame in AIMED],
    "threat": [("i will {W} you .", ["hurt", "punch", "slap", "kick"], ["thank", "call", "email", "invite"]),
               ("someone should {W} the author .", ["hurt", "punch", "slap", "kick"],
                ["thank", "call", "email", "invite"])],
    "profanity": [("{W} , the {TOPIC} is late again .", ["damn", "hell", "crap", "bollocks"],
                   ["wow", "well", "oh", "look"])],
    "spam": [("visit my page for {W} .", ["prizes", "bitcoin", "pills", "casino"],
              ["photos", "recipes", "updates", "maps"])],
}
LABELS = tuple(FRAMES)


def multi_label_comments(n_comments, seed, rate=0.3):
    """Comments with any subset of the labels, each present with probability `rate`."""
    rng = random.Random(seed)
    records = []
    for _ in range(n_comments):
        labels, clauses = [], []
        for label in LABELS:
            frame, bad, harmless = rng.choice(FRAMES[label])
            if rng.random() < rate:
                labels.append(label)
                clauses.append((label, frame, bad))
            elif rng.random() < 0.5:
                clauses.append((None, frame, harmless))
        text, causes = compose(rng, clauses, rng.randint(1, 3))
        records.append(LabelledText(text, tuple(labels), causes, {}))
    return records


SPLITS = {"train": (2000, 41), "validation": (500, 42), "test": (500, 43)}  # size, seed
FILES = {f"multilabel_comments_{split}.tsv":
         (lambda split=split: format_labelled_texts(multi_label_comments(*SPLITS[split]), multi_label=True))
         for split in SPLITS}

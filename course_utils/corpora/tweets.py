"""Notebook 07: short product tweets, positive, negative, neutral or both (one of each polarity).

`causes` map "positive"/"negative" to the sentiment words, so a "both" tweet
records where each polarity was said. The label is a function of the text: the
ceiling is 100 %. Shipped as `data/tweets_{split}.tsv`.
"""
import random

from ..formats import LabelledText, format_labelled_texts
from .comment_templates import COMMENT_SLOTS, expand

PRODUCTS = ["phone", "laptop", "headphones", "camera", "watch", "tablet", "speaker", "charger"]
PARTS = ["battery", "screen", "sound", "design", "price", "keyboard", "delivery", "case"]
POSITIVE = ["great", "amazing", "excellent", "fantastic", "perfect", "brilliant"]
NEGATIVE = ["terrible", "awful", "useless", "disappointing", "horrible", "poor"]
COLOURS = ["black", "white", "silver", "blue"]
CLAUSES = {
    "positive": ["the {PART} is *{POSITIVE}*", "i *love* the {PART}", "*{POSITIVE}* {PART} on this {PRODUCT}"],
    "negative": ["the {PART} is *{NEGATIVE}*", "i *hate* the {PART}", "*{NEGATIVE}* {PART} on this {PRODUCT}"],
    "neutral": ["the {PART} is {COLOUR}", "just got the {PRODUCT} today", "the {PRODUCT} arrived on {DAY}",
                "the {PRODUCT} has a new {PART}", "does the {PRODUCT} come with a {PART} ?"],
}
LABELS = ("positive", "negative", "neutral", "both")
SLOTS = {**COMMENT_SLOTS, "PRODUCT": PRODUCTS, "PART": PARTS, "POSITIVE": POSITIVE, "NEGATIVE": NEGATIVE,
         "COLOUR": COLOURS}


def product_tweets(n_tweets, seed):
    """Tweets labelled positive / negative / neutral / both; see the module docstring."""
    rng = random.Random(seed)
    records = []
    for _ in range(n_tweets):
        label = rng.choice(LABELS)
        polarities = ["positive", "negative"] if label == "both" else [label]
        rng.shuffle(polarities)
        clauses = [(p, rng.choice(CLAUSES[p])) for p in polarities]
        if label != "both" and rng.random() < 0.6:
            clauses.insert(rng.randint(0, 1), (None, rng.choice(CLAUSES["neutral"])))
        tokens, causes = [], {}
        for i, (polarity, template) in enumerate(clauses):
            if i:
                tokens.append("but" if label == "both" else rng.choice(["and", ","]))
            words, positions = expand(template, rng, slots=SLOTS)
            if polarity in ("positive", "negative"):
                causes[polarity] = tuple(len(tokens) + p for p in positions)
            tokens += words
        tokens += rng.choice([[], ["!"], ["so", "far"], ["today"]])
        records.append(LabelledText(" ".join(tokens), label, causes, {}))
    return records


SPLITS = {"train": (1600, 31), "validation": (300, 32), "test": (400, 33)}  # size, seed
FILES = {f"tweets_{split}.tsv": (lambda split=split: format_labelled_texts(product_tweets(*SPLITS[split])))
         for split in SPLITS}

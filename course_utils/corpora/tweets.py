"""Notebook 07: short product tweets, positive, negative, neutral or both (one of each polarity).

`causes` map "positive"/"negative" to the sentiment words, so a "both" tweet
records where each polarity was said. Some one-polarity tweets say it with an
ambiguous intensity word (*the battery is insane*) that annotators read either
way: positive tweets do so twice as often as negative ones, so such a text is
positive with probability 2/3 and no classifier can be sure of it. The ceiling
is therefore below 100 %: `label_probabilities` gives P(label | text) under this
generator and `bayes_label` the best guess. Shipped as `data/tweets_{split}.tsv`.
"""
import random

from ..formats import LabelledText, format_labelled_texts
from .comment_templates import COMMENT_SLOTS, expand

PRODUCTS = ["phone", "laptop", "headphones", "camera", "watch", "tablet", "speaker", "charger"]
PARTS = ["battery", "screen", "sound", "design", "price", "keyboard", "delivery", "case"]
POSITIVE = ["great", "amazing", "excellent", "fantastic", "perfect", "brilliant"]
NEGATIVE = ["terrible", "awful", "useless", "disappointing", "horrible", "poor"]
COLOURS = ["black", "white", "silver", "blue"]
AMBIGUOUS = ["insane", "unreal", "crazy", "wild"]
AMBIGUITY = {"positive": 0.3, "negative": 0.15}   # share of one-polarity tweets said with an ambiguous word
AMBIGUOUS_CLAUSES = ["the {PART} is *{AMBIGUOUS}*", "*{AMBIGUOUS}* {PART} on this {PRODUCT}"]
CLAUSES = {
    "positive": ["the {PART} is *{POSITIVE}*", "i *love* the {PART}", "*{POSITIVE}* {PART} on this {PRODUCT}"],
    "negative": ["the {PART} is *{NEGATIVE}*", "i *hate* the {PART}", "*{NEGATIVE}* {PART} on this {PRODUCT}"],
    "neutral": ["the {PART} is {COLOUR}", "just got the {PRODUCT} today", "the {PRODUCT} arrived on {DAY}",
                "the {PRODUCT} has a new {PART}", "does the {PRODUCT} come with a {PART} ?"],
}
LABELS = ("positive", "negative", "neutral", "both")
SLOTS = {**COMMENT_SLOTS, "PRODUCT": PRODUCTS, "PART": PARTS, "POSITIVE": POSITIVE, "NEGATIVE": NEGATIVE,
         "COLOUR": COLOURS, "AMBIGUOUS": AMBIGUOUS}
POLARITY_WORDS = {"positive": {*POSITIVE, "love"}, "negative": {*NEGATIVE, "hate"}}


def product_tweets(n_tweets, seed):
    """Tweets labelled positive / negative / neutral / both; see the module docstring."""
    rng = random.Random(seed)
    records = []
    for _ in range(n_tweets):
        label = rng.choice(LABELS)
        polarities = ["positive", "negative"] if label == "both" else [label]
        rng.shuffle(polarities)
        clauses = [(p, rng.choice(CLAUSES[p])) for p in polarities]
        if label in AMBIGUITY and rng.random() < AMBIGUITY[label]:
            clauses = [(label, rng.choice(AMBIGUOUS_CLAUSES))]
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


def label_probabilities(text):
    """P(label | text) under `product_tweets`: certain, except for an ambiguous word said alone.

    Sentiment and ambiguous words occur only in their clauses, and the rest of
    a tweet is drawn alike for every one-polarity label, so only which of those
    words a text holds matters.
    """
    words = set(text.split(" "))
    said = [p for p in ("positive", "negative") if words & POLARITY_WORDS[p]]
    if len(said) == 2:
        return {"both": 1.0}
    if said:
        return {said[0]: 1.0}
    if words & set(AMBIGUOUS):
        total = sum(AMBIGUITY.values())
        return {polarity: rate / total for polarity, rate in AMBIGUITY.items()}
    return {"neutral": 1.0}


def bayes_label(text):
    """The most probable label of a text: what the best possible classifier predicts."""
    probabilities = label_probabilities(text)
    return max(probabilities, key=probabilities.get)


def is_ambiguous(text):
    """True when not even the Bayes rule can be sure of the text's label."""
    return max(label_probabilities(text).values()) < 1.0


SPLITS = {"train": (1600, 31), "validation": (300, 32), "test": (400, 33)}  # size, seed
FILES = {f"tweets_{split}.tsv": (lambda split=split: format_labelled_texts(product_tweets(*SPLITS[split])))
         for split in SPLITS}

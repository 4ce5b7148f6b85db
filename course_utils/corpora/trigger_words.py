"""Notebook 02: a word classifier where the left context decides the class.

Ambiguous names ("jordan", "paris", ...) are persons after a person trigger
("mr", "met", ...) and locations after a place trigger ("in", "visited", ...),
sometimes with an adjective in between. The word alone gives a coin flip; the
words before it give the answer with certainty: the ceiling is 100 %.
Generated in memory (it takes milliseconds), not shipped in data/.
"""
import random

AMBIGUOUS_NAMES = ["austin", "chelsea", "florence", "georgia", "jordan", "paris", "sydney",
                   "victoria"]
TRIGGERS = {"PER": ["mr", "ms", "dr", "met", "asked"],
            "LOC": ["in", "to", "from", "near", "visited"]}
ADJECTIVES = ["young", "old", "lovely", "famous"]
FILLER_WORDS = ["we", "they", "then", "later", "today", "and", "saw", "went", "it", "was",
                "good", "very", "quite", "again"]


def trigger_tagging(n_sentences=3000, seed=2, max_gap=None):
    """(tokens, tags) pairs, tags in O / PER / LOC; see the module docstring.

    With `max_gap` (notebook 12), 0 to `max_gap` adjectives (uniformly) stand between trigger and name,
    instead of one with probability 0.4.
    """
    rng = random.Random(seed)
    data = []
    for _ in range(n_sentences):
        tokens, tags = [], []
        for _ in range(rng.randint(1, 2)):  # one or two entities
            filler = [rng.choice(FILLER_WORDS) for _ in range(rng.randint(1, 3))]
            label = rng.choice(sorted(TRIGGERS))
            if max_gap is None:
                middle = [rng.choice(ADJECTIVES)] if rng.random() < 0.4 else []
            else:
                middle = [rng.choice(ADJECTIVES) for _ in range(rng.randint(0, max_gap))]
            words = filler + [rng.choice(TRIGGERS[label])] + middle + [rng.choice(AMBIGUOUS_NAMES)]
            tokens += words
            tags += ["O"] * (len(words) - 1) + [label]
        tail = [rng.choice(FILLER_WORDS) for _ in range(rng.randint(0, 2))]
        data.append((tokens + tail, tags + ["O"] * len(tail)))
    return data

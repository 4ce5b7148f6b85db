"""Notebook 01: sentences whose nouns are known only by the company they keep.

Each person word is the sum of three attributes (gender, rank, age), and every
sentence about a person carries one context word for each attribute. So the
words that share contexts share attributes, and "king - man + woman" lands on
"queen". Animals and food form two more groups with their own contexts.
Shipped as `data/word_context_corpus.txt` (one sentence per line).
"""
import random

from ..formats import format_sentences

PEOPLE = {  # word: (gender, rank, age)
    "king": ("male", "royal", "adult"), "queen": ("female", "royal", "adult"),
    "prince": ("male", "royal", "young"), "princess": ("female", "royal", "young"),
    "man": ("male", "common", "adult"), "woman": ("female", "common", "adult"),
    "boy": ("male", "common", "young"), "girl": ("female", "common", "young"),
}
PERSON_CONTEXT = {
    "male": ["he", "his", "him", "himself"],
    "female": ["she", "her", "hers", "herself"],
    "royal": ["palace", "crown", "throne", "court"],
    "common": ["village", "farm", "market", "cottage"],
    "adult": ["works", "rules", "decides", "pays"],
    "young": ["plays", "learns", "grows", "laughs"],
}
ANIMALS = {"cat": "pet", "dog": "pet", "rabbit": "pet", "cow": "farm", "horse": "farm",
           "sheep": "farm"}
ANIMAL_CONTEXT = {
    "pet": ["sofa", "basket", "cuddle", "garden"],
    "farm": ["field", "barn", "grass", "fence"],
    "animal": ["runs", "sleeps", "eats", "feeds"],
}
FOODS = {"bread": "baked", "cake": "baked", "pie": "baked", "apple": "fruit",
         "pear": "fruit", "plum": "fruit"}
FOOD_CONTEXT = {
    "baked": ["oven", "flour", "slice", "warm"],
    "fruit": ["tree", "ripe", "juicy", "orchard"],
    "food": ["tasty", "cooked", "served", "fresh"],
}
FILLERS = ["the", "a", "in", "and", "near", "with"]
GROUPS = {**{w: "person" for w in PEOPLE}, **{w: "animal" for w in ANIMALS},
          **{w: "food" for w in FOODS}}


def _sentence(rng):
    kind = rng.choice(["person", "person", "animal", "food"])
    if kind == "person":
        word = rng.choice(sorted(PEOPLE))
        cues = [rng.choice(PERSON_CONTEXT[a]) for a in PEOPLE[word]]
    elif kind == "animal":
        word = rng.choice(sorted(ANIMALS))
        cues = [rng.choice(ANIMAL_CONTEXT[ANIMALS[word]]) for _ in range(2)]
        cues.append(rng.choice(ANIMAL_CONTEXT["animal"]))
    else:
        word = rng.choice(sorted(FOODS))
        cues = [rng.choice(FOOD_CONTEXT[FOODS[word]]) for _ in range(2)]
        cues.append(rng.choice(FOOD_CONTEXT["food"]))
    cues += [rng.choice(FILLERS) for _ in range(rng.randint(1, 2))]
    rng.shuffle(cues)
    position = rng.randint(0, len(cues))
    return " ".join(cues[:position] + [word] + cues[position:])


def word_context_corpus(n_sentences=6000, seed=1):
    """Sentences whose words are known only by the company they keep (notebook 01)."""
    rng = random.Random(seed)
    return [_sentence(rng) for _ in range(n_sentences)]


FILES = {"word_context_corpus.txt": lambda: format_sentences(word_context_corpus(n_sentences=6000, seed=1))}

"""Notebook 04: one word, two senses; the words before it decide which.

*bank* is a money bank after a money cue (*after the audit , the bank approved my loan .*) and a river bank
after a river cue (*after the flood , the bank flooded again .*); *lender* only ever has the money sense and
*shore* only the river sense. What follows the target word (from its first word on) depends only on the
sense, so a left-to-right language model must carry the cue to the target word to predict it. Generated in
memory (milliseconds), not shipped in data/.
"""
import random

SENSES = ("money", "river")
CUES = {"money": ["after the audit", "with my salary", "to pay the rent", "before the market opened",
                  "when the cash ran out", "for a mortgage"],
        "river": ["after the flood", "with my fishing rod", "to watch the ducks", "before the boat sailed",
                  "when the water rose", "for a picnic"]}
MIDDLES = ["the"]
TARGETS = {"money": ["bank", "lender"], "river": ["bank", "shore"]}   # bank has both senses
ENDINGS = {"money": ["approved my loan", "opened an account", "charged a fee"],
           "river": ["flooded again", "lay under the willows", "smelled of mud"]}


def sense_sentences(n_sentences=3000, seed=4):
    """[(tokens, sense, target position)]: cue , middle target ending . (see the module docstring)."""
    rng = random.Random(seed)
    data = []
    for _ in range(n_sentences):
        sense = rng.choice(SENSES)
        head = f"{rng.choice(CUES[sense])} , {rng.choice(MIDDLES)}".split()
        tokens = head + [rng.choice(TARGETS[sense])] + rng.choice(ENDINGS[sense]).split() + ["."]
        data.append((tokens, sense, len(head)))
    return data

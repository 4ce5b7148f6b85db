"""Notebook 08: English and Greek sentences from a probabilistic source whose entropy is known exactly.

The source is a *unifilar* probabilistic finite-state machine: in every state
it draws the next word from a fixed distribution, and the word alone decides
the next state. So the probability of any sentence is a product along one path
(`log_prob`), the exactly most probable continuation of a prefix follows by
dynamic programming over the states (`best_continuation`), and the entropy per
token is a small linear-algebra computation (`entropy_per_token`): the floor no
language model can beat on average.

The lesson it isolates is **agreement at a distance**: the subject's number
(a/this dog vs some/these dogs; ο σκύλος vs οι σκύλοι) decides the form of the
main verb, and between them come adjectives (any number of them) and sometimes
a relative clause with a noun of its own number:

    these old dogs that a farmer likes sleep in the park .
    ο μικρός σκύλος που βλέπουν οι γάτοι τρέχει εδώ .

A trigram model sees two words back and cannot know the verb's number after
the relative clause; an RNN can carry it. Shipped as `data/lm_{split}.txt`, one
sentence per line, tokens separated by single spaces.
"""
import functools
import math
import random

import numpy as np

from ..formats import format_sentences

END = "."      # every sentence ends with it; after it the source starts a new sentence
START = "start"

LEXICON = {
    "en": {
        "det": {"sg": {"a": 0.6, "this": 0.4}, "pl": {"some": 0.6, "these": 0.4}},
        "noun": {"sg": ["dog", "cat", "farmer", "teacher", "neighbour", "child"],
                 "pl": ["dogs", "cats", "farmers", "teachers", "neighbours", "children"]},
        "adj": {"sg": ["big", "old", "small", "happy", "quiet"], "pl": ["big", "old", "small", "happy", "quiet"]},
        "verb": {"sg": ["runs", "sleeps", "waits", "sings", "works"], "pl": ["run", "sleep", "wait", "sing", "work"]},
        "tverb": {"sg": ["sees", "likes", "knows"], "pl": ["see", "like", "know"]},
        "that": "that", "here": "here", "in": ["in", "the"],
        "place": ["park", "garden", "city", "forest", "village", "river", "market", "school"],
    },
    "el": {
        "det": {"sg": {"ο": 1.0}, "pl": {"οι": 1.0}},
        "noun": {"sg": ["σκύλος", "γάτος", "αγρότης", "δάσκαλος", "γείτονας", "φίλος"],
                 "pl": ["σκύλοι", "γάτοι", "αγρότες", "δάσκαλοι", "γείτονες", "φίλοι"]},
        "adj": {"sg": ["μεγάλος", "παλιός", "μικρός", "χαρούμενος", "ήσυχος"],
                "pl": ["μεγάλοι", "παλιοί", "μικροί", "χαρούμενοι", "ήσυχοι"]},
        "verb": {"sg": ["τρέχει", "κοιμάται", "περιμένει", "τραγουδά", "δουλεύει"],
                 "pl": ["τρέχουν", "κοιμούνται", "περιμένουν", "τραγουδούν", "δουλεύουν"]},
        "tverb": {"sg": ["βλέπει", "ξέρει", "αγαπά"], "pl": ["βλέπουν", "ξέρουν", "αγαπούν"]},
        "that": "που", "here": "εδώ", "in": ["στο"],
        "place": ["πάρκο", "χωριό", "σχολείο", "ποτάμι", "δάσος", "παζάρι", "κέντρο", "λιμάνι"],
    },
}
P = dict(adjective=0.35, relative_clause=0.4, stop=0.35, here=0.25, place=0.4)  # the knobs of the grammar


def _spread(words, total):
    return {w: total / len(words) for w in words}


def grammar():
    """{state: {word: (probability, next state)}}; next state None ends the sentence."""
    g = {START: {}}
    for lang, lex in LEXICON.items():
        for n in ("sg", "pl"):
            for det, p in lex["det"][n].items():          # language and number: 1/4 each
                g[START][det] = (0.25 * p, ("subject", lang, n))
            g["subject", lang, n] = {
                **{a: (p, ("subject", lang, n)) for a, p in _spread(lex["adj"][n], P["adjective"]).items()},
                **{w: (p, ("after noun", lang, n)) for w, p in _spread(lex["noun"][n], 1 - P["adjective"]).items()}}
            verbs = {v: (p, ("after verb", lang)) for v, p in _spread(lex["verb"][n], 1).items()}
            g["after noun", lang, n] = {lex["that"]: (P["relative_clause"], ("clause", lang, n)),
                                        **{v: (p * (1 - P["relative_clause"]), s) for v, (p, s) in verbs.items()}}
            g["main verb", lang, n] = verbs
            g["clause", lang, n] = {}
            for m in ("sg", "pl"):     # the clause's own noun has its own number m
                nouns = {w: (p, ("main verb", lang, n)) for w, p in _spread(lex["noun"][m], 1).items()}
                if lang == "en":       # that the cats see: det, noun, verb (agreeing with the noun)
                    for det, p in lex["det"][m].items():
                        g["clause", lang, n][det] = (0.5 * p, ("clause noun", lang, n, m))
                    g["clause noun", lang, n, m] = {w: (p, ("clause verb", lang, n, m)) for w, (p, _) in nouns.items()}
                    g["clause verb", lang, n, m] = {v: (p, ("main verb", lang, n))
                                                    for v, p in _spread(lex["tverb"][m], 1).items()}
                else:                  # που βλέπουν οι γάτοι: verb, det, noun (the verb agrees ahead)
                    for v, p in _spread(lex["tverb"][m], 0.5).items():
                        g["clause", lang, n][v] = (p, ("clause det", lang, n, m))
                    g["clause det", lang, n, m] = {d: (p, ("clause noun", lang, n, m)) for d, p in lex["det"][m].items()}
                    g["clause noun", lang, n, m] = nouns
        chain = lex["in"]              # "in the park" / "στο πάρκο"
        g["after verb", lang] = {END: (P["stop"], None), lex["here"]: (P["here"], ("end", lang)),
                                 chain[0]: (P["place"], ("in", lang, 1))}
        for k in range(1, len(chain)):
            g["in", lang, k] = {chain[k]: (1.0, ("in", lang, k + 1))}
        g["in", lang, len(chain)] = {w: (p, ("end", lang)) for w, p in _spread(lex["place"], 1).items()}
        g["end", lang] = {END: (1.0, None)}
    return g


class ImpossiblePrefix(ValueError):
    """The source cannot produce these words: one of them is not allowed where it stands."""


class FiniteStateSource:
    """A unifilar probabilistic finite-state source of sentences (see the module docstring)."""

    def __init__(self, transitions, start=START):
        for state, options in transitions.items():
            total = sum(p for p, _ in options.values())
            if not math.isclose(total, 1.0, abs_tol=1e-9):
                raise ValueError(f"state {state!r}: probabilities sum to {total}, not 1")
        self.transitions, self.start = transitions, start
        self.states = list(transitions)
        self.vocabulary = sorted({w for options in transitions.values() for w in options})

    def sample(self, rng):
        """One sentence (list of words, ending with its last word) drawn with `random.Random` rng."""
        state, words = self.start, []
        while state is not None:
            options = self.transitions[state]
            word = rng.choices(list(options), [p for p, _ in options.values()])[0]
            words.append(word)
            state = options[word][1]
        return words

    def state_after(self, prefix):
        """The state after the words of `prefix` (None once the sentence has ended).

        Raises `ImpossiblePrefix` if the source cannot produce `prefix` (its probability is 0).
        """
        state = self.start
        for position, word in enumerate(prefix):
            if state is None:
                raise ImpossiblePrefix(f"word {position} {word!r} comes after the end of the sentence "
                                       f"{' '.join(prefix[:position])!r}")
            if word not in self.transitions[state]:
                raise ImpossiblePrefix(f"word {position} {word!r} cannot follow {' '.join(prefix[:position])!r} "
                                       f"(state {state!r} allows {', '.join(sorted(self.transitions[state]))})")
            state = self.transitions[state][word][1]
        return state

    def states_along(self, words):
        """The state before each word of a possible sentence."""
        state, states = self.start, []
        for word in words:
            states.append(state)
            state = self.transitions[state][word][1]
        return states

    def log_prob(self, words):
        """Natural log of the probability of the word sequence from the start (-inf if impossible)."""
        state, total = self.start, 0.0
        for word in words:
            if state is None or word not in self.transitions[state]:
                return -math.inf
            p, state = self.transitions[state][word]
            total += math.log(p)
        return total

    def next_word_log_probs(self, state, vocabulary):
        """log P(word | state) for every word of `vocabulary` (a list), -inf where impossible."""
        options = self.transitions[state]
        return np.array([math.log(options[w][0]) if w in options else -np.inf for w in vocabulary])

    def best_continuation(self, prefix):
        """The exactly most probable way to finish the sentence after `prefix`: (words, log prob).

        Raises `ImpossiblePrefix` if the source cannot produce `prefix`: then nothing can finish it.
        """
        log_p, words = self._best_endings[self.state_after(prefix)]
        return list(words), log_p                    # a copy: the table is shared by every call

    @functools.cached_property
    def _best_endings(self):
        """state -> (log prob, words) of its most probable ending: one dynamic program, reused by every prefix."""
        best = {None: (0.0, [])}
        for _ in range(len(self.states) + 1):        # loops only lower a probability: |states| rounds suffice
            for state in self.states:
                candidates = [(math.log(p) + best[nxt][0], [w] + best[nxt][1])
                              for w, (p, nxt) in self.transitions[state].items() if nxt in best]
                if candidates:
                    best[state] = max(candidates, key=lambda c: (c[0], -len(c[1])))   # ties: the shorter
        return best

    def expected_visits(self):
        """Expected number of times a sentence passes through each state (solves (I - Q)^T v = e_start)."""
        index = {s: i for i, s in enumerate(self.states)}
        Q = np.zeros((len(self.states), len(self.states)))
        for state, options in self.transitions.items():
            for p, nxt in options.values():
                if nxt is not None:
                    Q[index[state], index[nxt]] += p
        start = np.zeros(len(self.states))
        start[index[self.start]] = 1.0
        return dict(zip(self.states, np.linalg.solve((np.eye(len(self.states)) - Q).T, start)))

    def state_entropy(self, state):
        return -sum(p * math.log(p) for p, _ in self.transitions[state].values())

    def entropy_per_sentence(self):
        """E[-ln P(sentence)] in nats: the entropy of each visited state's choice, weighted by visits."""
        return sum(v * self.state_entropy(s) for s, v in self.expected_visits().items())

    def expected_length(self):
        """Expected number of tokens per sentence (the final "." included)."""
        return sum(self.expected_visits().values())

    def entropy_per_token(self):
        """The floor of a language model's cross-entropy, in nats per token (sentences back to back)."""
        return self.entropy_per_sentence() / self.expected_length()

    def expected_characters(self):
        """Expected characters per sentence written as a line: words, single spaces and the line end."""
        return sum(v * sum(p * (len(w) + 1) for w, (p, _) in self.transitions[s].items())
                   for s, v in self.expected_visits().items())

    def bits_per_character(self):
        """The floor of a character model: the same information spread over the characters, in bits."""
        return self.entropy_per_sentence() / self.expected_characters() / math.log(2)


def source():
    """The source of notebook 08."""
    return FiniteStateSource(grammar())


def main_verb_probes(sentences):
    """Every main verb after a relative clause, where the subject is at least four words back.

    Yields (sentence index, position, verbs of the subject's number, verbs of the other number): a model
    that remembers the subject gives the first list more probability than the second.
    """
    src = source()
    for i, words in enumerate(sentences):
        for k, state in enumerate(src.states_along(words)):
            if state[0] == "main verb":
                _, lang, number = state
                other = "pl" if number == "sg" else "sg"
                yield i, k, LEXICON[lang]["verb"][number], LEXICON[lang]["verb"][other]


def sentences(n_sentences, seed):
    """`n_sentences` sentences (lists of words) drawn from the source with `seed`."""
    rng, src = random.Random(seed), source()
    return [src.sample(rng) for _ in range(n_sentences)]


SPLITS = {"train": (6000, 81), "validation": (500, 82), "test": (1000, 83)}  # size, seed
FILES = {f"lm_{split}.txt": (lambda split=split: format_sentences([" ".join(s) for s in sentences(*SPLITS[split])]))
         for split in SPLITS}

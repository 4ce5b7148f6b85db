"""The language-model source: its exact entropy, probabilities and best continuations, checked by brute force."""
import math
import random

import pytest

from course_utils.corpora.agreement_source import END, LEXICON, FiniteStateSource, ImpossiblePrefix, source
from course_utils.data import CHECKOUT_DATA_DIR as DATA_DIR
from course_utils.formats import load_sentences

# A tiny source with a loop ("very" may repeat) and two ways to end.
TINY = {
    "start": {"a": (0.5, "x"), "b": (0.5, "y")},
    "x": {"very": (0.3, "x"), "c": (0.7, None)},
    "y": {"c": (0.2, None), "dd": (0.8, "z")},
    "z": {END: (1.0, None)},
}
ACYCLIC = {"start": {"a": (0.5, "x"), "bb": (0.5, None)}, "x": {"c": (0.25, None), "ee": (0.75, None)}}


def all_sentences(transitions, max_length):
    """Every sentence of at most max_length words with its probability (exact enumeration)."""
    out, frontier = [], [("start", [], 1.0)]
    for _ in range(max_length):
        grown = []
        for state, words, p in frontier:
            for w, (q, nxt) in transitions[state].items():
                (out if nxt is None else grown).append((nxt, words + [w], p * q))
        frontier = grown
    return [(words, p) for _, words, p in out]


def test_entropy_length_and_characters_equal_exact_enumeration_on_an_acyclic_source():
    src, sentences = FiniteStateSource(ACYCLIC), all_sentences(ACYCLIC, 5)
    assert math.isclose(sum(p for _, p in sentences), 1.0)
    entropy = -sum(p * math.log(p) for _, p in sentences)
    length = sum(p * len(w) for w, p in sentences)
    characters = sum(p * len(" ".join(w) + "\n") for w, p in sentences)
    assert math.isclose(src.entropy_per_sentence(), entropy)
    assert math.isclose(src.entropy_per_token(), entropy / length)
    assert math.isclose(src.bits_per_character(), entropy / characters / math.log(2))


def test_with_a_loop_the_enumerated_entropy_converges_to_the_exact_one():
    src, sentences = FiniteStateSource(TINY), all_sentences(TINY, 40)
    entropy = -sum(p * math.log(p) for _, p in sentences)
    length = sum(p * len(w) for w, p in sentences)
    assert math.isclose(src.entropy_per_token(), entropy / length, rel_tol=1e-9)
    assert math.isclose(src.expected_length(), length, rel_tol=1e-9)


def test_the_course_source_matches_a_monte_carlo_estimate():
    src, rng = source(), random.Random(0)
    sample = [src.sample(rng) for _ in range(20_000)]
    estimate = sum(-src.log_prob(s) for s in sample) / sum(len(s) for s in sample)
    assert abs(estimate - src.entropy_per_token()) < 0.02


@pytest.mark.parametrize("prefix", [[], ["a"], ["b"], ["a", "very"]])
def test_best_continuation_is_the_most_probable_completion(prefix):
    src = FiniteStateSource(TINY)
    candidates = [(w, p) for w, p in all_sentences(TINY, 12) if w[:len(prefix)] == prefix]
    words, p = max(candidates, key=lambda c: c[1])
    got, log_p = src.best_continuation(prefix)
    assert prefix + got == words and math.isclose(log_p, math.log(p) - src.log_prob(prefix))


def test_state_after_follows_the_words_and_none_means_the_sentence_ended():
    src = FiniteStateSource(TINY)
    assert src.state_after([]) == "start" and src.state_after(["a", "very", "very"]) == "x"
    assert src.state_after(["a", "c"]) is None


@pytest.mark.parametrize("prefix, message", [
    (["c"], r"word 0 'c' cannot follow '' \(state 'start' allows a, b\)"),
    (["b", "very"], r"word 1 'very' cannot follow 'b' \(state 'y' allows c, dd\)"),
    (["a", "c", "a"], r"word 2 'a' comes after the end of the sentence 'a c'"),
])
def test_an_impossible_prefix_is_refused_with_the_word_that_makes_it_impossible(prefix, message):
    src = FiniteStateSource(TINY)
    with pytest.raises(ImpossiblePrefix, match=message):
        src.state_after(prefix)
    with pytest.raises(ImpossiblePrefix, match=message):
        src.best_continuation(prefix)
    assert src.log_prob(prefix) == -math.inf


def test_log_prob_of_impossible_sentences_is_minus_infinity():
    src = source()
    assert src.log_prob("a dog runs .".split()) > -math.inf
    assert src.log_prob("a dogs runs .".split()) == -math.inf          # number disagreement
    assert src.log_prob("some dogs that a cat sees runs .".split()) == -math.inf   # the main verb agrees at a distance


def test_the_main_verb_agrees_with_the_subject_across_a_relative_clause():
    src, rng = source(), random.Random(1)
    checked = 0
    for _ in range(2000):
        words = src.sample(rng)
        for lang, lex in LEXICON.items():
            if "that" in words and lang == "en" or "που" in words and lang == "el":
                number = "sg" if words[0] in lex["det"]["sg"] else "pl"
                verbs = [w for w in words if w in lex["verb"]["sg"] + lex["verb"]["pl"]]
                assert len(verbs) == 1 and verbs[0] in lex["verb"][number], words
                checked += 1
    assert checked > 500


def test_the_shipped_files_hold_possible_sentences_only():
    src = source()
    for split in ("train", "validation", "test"):
        for line in load_sentences(DATA_DIR / f"lm_{split}.txt"):
            words = line.split(" ")
            assert words[-1] == END and src.log_prob(words) > -math.inf, line


def test_a_source_whose_probabilities_do_not_sum_to_one_is_refused():
    with pytest.raises(ValueError, match="state 'start': probabilities sum to 0.9"):
        FiniteStateSource({"start": {"a": (0.9, None)}})


def test_main_verb_probes_find_the_verb_after_a_relative_clause_and_its_number():
    from course_utils.corpora.agreement_source import main_verb_probes
    sentences = [["these", "old", "dogs", "that", "a", "farmer", "likes", "sleep", "here", "."],
                 ["a", "dog", "runs", "."],
                 ["ο", "σκύλος", "που", "βλέπουν", "οι", "γάτοι", "τρέχει", "."]]
    probes = list(main_verb_probes(sentences))
    assert [(i, k) for i, k, _, _ in probes] == [(0, 7), (2, 6)]
    assert "sleep" in probes[0][2] and "sleeps" in probes[0][3]
    assert "τρέχει" in probes[1][2] and "τρέχουν" in probes[1][3]

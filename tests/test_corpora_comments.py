"""Comments, tweets and multi-label comments: what each generator promises, and the shipped files."""
import collections

import pytest

from course_utils.corpora import comment_templates, moderation, multilabel, tweets
from course_utils.corpora.moderation import moderation_comments
from course_utils.corpora.multilabel import LABELS as MULTI_LABELS
from course_utils.corpora.multilabel import multi_label_comments
from course_utils.corpora.tweets import product_tweets
from course_utils.data import CHECKOUT_DATA_DIR as DATA_DIR
from course_utils.formats import load_labelled_texts
from course_utils.text import tokenize

GENERATORS = [moderation_comments, product_tweets, multi_label_comments]


@pytest.mark.parametrize("generate", GENERATORS)
def test_generators_are_deterministic_seeded_and_pre_tokenized(generate):
    records = generate(300, seed=3)
    assert records == generate(300, seed=3) and records != generate(300, seed=4)
    assert all(tokenize(r.text) == r.text.split(" ") for r in records)


def _shortcuts(records, has_label, is_cause):
    """Words that appear only in texts with the label yet are not always a recorded cause."""
    with_label, without = collections.Counter(), collections.Counter()
    uncaused = set()
    for record in records:
        for position, word in enumerate(record.text.split(" ")):
            (with_label if has_label(record) else without)[word] += 1
            if has_label(record) and not is_cause(record, position):
                uncaused.add(word)
    return sorted(w for w in with_label if not without[w] and w in uncaused)


def test_in_comments_only_the_causes_give_a_rejection_away():
    records = moderation_comments(4000, seed=5)
    assert _shortcuts(records, lambda r: r.label == "reject",
                      lambda r, i: i in r.causes.get("reject", ())) == []


@pytest.mark.parametrize("label", MULTI_LABELS)
def test_in_multi_label_comments_only_the_causes_give_each_label_away(label):
    records = multi_label_comments(4000, seed=5)
    assert _shortcuts(records, lambda r: label in r.label, lambda r, i: i in r.causes.get(label, ())) == []


def test_comment_causes_are_the_abusive_words_and_only_rejections_have_them():
    abusive = set(comment_templates.INSULTS) | set(comment_templates.ANIMALS) | {"shut", "up", "get", "lost", "go", "to", "hell"}
    records = moderation_comments(2000, seed=6)
    assert {r.extra["kind"] for r in records} == set(moderation.KINDS)
    for record in records:
        words = record.text.split(" ")
        assert bool(record.causes) == (record.label == "reject"), record
        assert all(words[i] in abusive for i in record.causes.get("reject", ()))


def test_negated_insults_and_innocent_animals_are_accepted():
    records = moderation_comments(2000, seed=7)
    for record in records:
        if record.extra["kind"] in ("negated", "animal_innocent"):
            assert record.label == "accept"
            assert any(w in comment_templates.INSULTS + comment_templates.ANIMALS + comment_templates.PRAISE for w in record.text.split())


def test_tweets_record_where_each_polarity_was_said():
    for record in product_tweets(1000, seed=8):
        words = record.text.split(" ")
        expected = {"both": {"positive", "negative"}, "neutral": set()}.get(record.label, {record.label})
        assert set(record.causes) == expected, record
        for polarity, positions in record.causes.items():
            lexicon = tweets.POLARITY_WORDS[polarity] | set(tweets.AMBIGUOUS)
            assert all(words[i] in lexicon for i in positions), record


def test_tweet_label_probabilities_match_counts_of_generated_tweets():
    """The Bayes ceiling's P(label | text) against 20,000 tweets: certain texts, and 2/3 for an ambiguous one."""
    records = product_tweets(20000, seed=12)
    for record in records:
        assert tweets.label_probabilities(record.text).get(record.label, 0.0) > 0.0, record
    ambiguous = [r for r in records if tweets.is_ambiguous(r.text)]
    positive_share = sum(r.label == "positive" for r in ambiguous) / len(ambiguous)
    assert len(ambiguous) > 1500 and abs(positive_share - 2 / 3) < 0.03
    assert all(tweets.bayes_label(r.text) == "positive" for r in ambiguous)
    expected_ceiling = 1 - 0.25 * tweets.AMBIGUITY["negative"]          # negative tweets said ambiguously
    bayes_accuracy = sum(tweets.bayes_label(r.text) == r.label for r in records) / len(records)
    assert abs(bayes_accuracy - expected_ceiling) < 0.01


def test_multi_label_causes_belong_to_the_labels_present():
    records = multi_label_comments(1000, seed=9)
    assert {len(r.label) for r in records} >= {0, 1, 2, 3}
    for record in records:
        assert set(record.causes) == set(record.label)
        assert list(record.label) == [label for label in MULTI_LABELS if label in record.label]


def test_shipped_tsv_files_load_with_their_label_sets():
    corpora = {"comments": (moderation, False), "tweets": (tweets, False),
               "multilabel_comments": (multilabel, True)}
    for stem, (corpus, multi) in corpora.items():
        for split, (size, _) in corpus.SPLITS.items():
            records = load_labelled_texts(DATA_DIR / f"{stem}_{split}.tsv", label_set=corpus.LABELS,
                                          multi_label=multi)
            assert len(records) == size



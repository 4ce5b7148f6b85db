"""Comments, tweets and multi-label comments: the generators and the TSV loader."""
import collections

import pytest

from course_utils import comments, datasets
from course_utils.comments import (MODERATION_LABELS, MULTI_LABELS, TWEET_LABELS, LabelledText,
                                   moderation_comments, multi_label_comments, product_tweets)
from course_utils.datasets import DataFormatError, format_labelled_texts, load_labelled_texts
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
    abusive = set(comments.INSULTS) | set(comments.ANIMALS) | {"shut", "up", "get", "lost", "go", "to", "hell"}
    records = moderation_comments(2000, seed=6)
    assert {r.extra["kind"] for r in records} == set(comments.MODERATION_KINDS)
    for record in records:
        words = record.text.split(" ")
        assert bool(record.causes) == (record.label == "reject"), record
        assert all(words[i] in abusive for i in record.causes.get("reject", ()))


def test_negated_insults_and_innocent_animals_are_accepted():
    records = moderation_comments(2000, seed=7)
    for record in records:
        if record.extra["kind"] in ("negated", "animal_innocent"):
            assert record.label == "accept"
            assert any(w in comments.INSULTS + comments.ANIMALS + comments.PRAISE for w in record.text.split())


def test_tweets_record_where_each_polarity_was_said():
    for record in product_tweets(1000, seed=8):
        words = record.text.split(" ")
        expected = {"both": {"positive", "negative"}, "neutral": set()}.get(record.label, {record.label})
        assert set(record.causes) == expected, record
        for polarity, positions in record.causes.items():
            lexicon = (comments.POSITIVE + ["love"]) if polarity == "positive" else (comments.NEGATIVE + ["hate"])
            assert all(words[i] in lexicon for i in positions), record


def test_multi_label_causes_belong_to_the_labels_present():
    records = multi_label_comments(1000, seed=9)
    assert {len(r.label) for r in records} >= {0, 1, 2, 3}
    for record in records:
        assert set(record.causes) == set(record.label)
        assert list(record.label) == [label for label in MULTI_LABELS if label in record.label]


@pytest.mark.parametrize("generate, labels, multi", [
    (moderation_comments, MODERATION_LABELS, False), (product_tweets, TWEET_LABELS, False),
    (multi_label_comments, MULTI_LABELS, True)])
def test_tsv_round_trip(tmp_path, generate, labels, multi):
    records = generate(200, seed=10)
    path = tmp_path / "texts.tsv"
    path.write_text(format_labelled_texts(records, multi_label=multi), encoding="utf-8")
    assert load_labelled_texts(path, label_set=labels, multi_label=multi) == records


def test_shipped_tsv_files_load_with_their_label_sets():
    label_sets = {"comments": (MODERATION_LABELS, False), "tweets": (TWEET_LABELS, False),
                  "multilabel_comments": (MULTI_LABELS, True)}
    for stem, splits in datasets.TEXT_SPLITS.items():
        labels, multi = label_sets[stem]
        for split, (size, _) in splits.items():
            records = load_labelled_texts(datasets.DATA_DIR / f"{stem}_{split}.tsv", label_set=labels,
                                          multi_label=multi)
            assert len(records) == size


def test_the_loader_reads_any_labelled_tsv_and_keeps_extra_columns(tmp_path):
    path = tmp_path / "mine.tsv"
    path.write_text("id\ttext\tlabel\nc1\tGreat post!\tok\nc2\tΚαλό\tok\n", encoding="utf-8")
    assert load_labelled_texts(path) == [LabelledText("Great post!", "ok", {}, {"id": "c1"}),
                                         LabelledText("Καλό", "ok", {}, {"id": "c2"})]


HEADER = "label\ttext\tcauses\n"


@pytest.mark.parametrize("content, line, problem", [
    ("", None, "the file is empty"),
    ("text\tcauses\nhello\t\n", 1, "the header has no 'label' column (found: text, causes)"),
    ("label\ttext\tlabel\n", 1, "repeated column names"),
    (HEADER + "accept\thello there\n", 2, "expected 3 tab-separated columns (label, text, causes), found 2"),
    (HEADER + "accept\thello\tthere\t\n", 2, "expected 3 tab-separated columns (label, text, causes), found 4"),
    (HEADER + "accept\tfine\t\n\nreject\tyou idiot\treject:1\n", 3, "blank line"),
    (HEADER + "accept\t \t\n", 2, "the text is empty"),
    (HEADER + "maybe\thello\t\n", 2, "unknown label 'maybe'; expected accept, reject"),
    (HEADER + "reject\tyou idiot\treject\n", 2, "cause 'reject' is not label:position[,position...]"),
    (HEADER + "reject\tyou idiot\treject:one\n", 2, "positions must be whole numbers"),
    (HEADER + "reject\tyou idiot\treject:2\n", 2, "positions must be between 0 and 1 (the text has 2 tokens)"),
    (HEADER + "reject\tyou idiot\tinsult:1\n", 2, "names unknown label 'insult'"),
])
def test_malformed_tsv_names_file_line_and_problem(tmp_path, content, line, problem):
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFormatError) as error:
        load_labelled_texts(path, label_set=MODERATION_LABELS)
    assert error.value.line == line, str(error.value)
    assert problem in str(error.value)
    assert str(error.value).startswith(f"{path}, line {line}: " if line else f"{path}: ")


@pytest.mark.parametrize("content, problem", [
    ("label\ttext\n", "the header has no 'labels' column (found: label, text); multi-label files name it 'labels'"),
    ("labels\ttext\nspam,spam\thi\n", "a label is repeated in 'spam,spam'"),
    ("labels\ttext\nspam,\thi\n", "unknown label ''"),
])
def test_malformed_multi_label_tsv(tmp_path, content, problem):
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFormatError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        load_labelled_texts(path, label_set=MULTI_LABELS, multi_label=True)


def test_multi_label_rows_may_have_no_label(tmp_path):
    path = tmp_path / "ok.tsv"
    path.write_text("labels\ttext\n\tall fine here\nspam,threat\tbuy now or else\n", encoding="utf-8")
    records = load_labelled_texts(path, label_set=MULTI_LABELS, multi_label=True)
    assert [r.label for r in records] == [(), ("spam", "threat")]

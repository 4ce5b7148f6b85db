"""The file formats: every reader gives back what its writer wrote, and bad input names file, line, problem."""
import pytest

from course_utils.corpora.moderation import LABELS as MODERATION_LABELS
from course_utils.corpora.moderation import moderation_comments
from course_utils.corpora.multilabel import LABELS as MULTI_LABELS
from course_utils.corpora.multilabel import multi_label_comments
from course_utils.corpora.named_entities import BIO_TAGS
from course_utils.corpora.tweets import LABELS as TWEET_LABELS
from course_utils.corpora.tweets import product_tweets
from course_utils.formats import (
    DataFormatError,
    LabelledText,
    format_conll,
    format_labelled_texts,
    format_sentences,
    load_conll,
    load_labelled_texts,
    load_sentences,
)

# --- Plain text --------------------------------------------------------------------

def test_load_sentences_round_trip(tmp_path):
    path = tmp_path / "ok.txt"
    path.write_text(format_sentences(["η βασίλισσα", "the king"]), encoding="utf-8")
    assert path.read_text(encoding="utf-8") == "η βασίλισσα\nthe king\n"
    assert load_sentences(path) == ["η βασίλισσα", "the king"]


@pytest.mark.parametrize("content, line, problem", [
    (b"", None, "the file is empty"),
    (b"  \n\n", None, "the file is empty"),
    (b"good\n\nafter blank\n", 2, "blank line"),
    (b"good\nbad \xff byte\n", 2, "byte 0xff at column 5 is not valid UTF-8"),
])
def test_malformed_files_name_file_line_and_problem(tmp_path, content, line, problem):
    path = tmp_path / "corpus.txt"
    path.write_bytes(content)
    with pytest.raises(DataFormatError) as error:
        load_sentences(path)
    assert error.value.line == line
    assert problem in str(error.value)
    assert str(error.value).startswith(f"{path}, line {line}: " if line else f"{path}: ")



# --- CoNLL files -------------------------------------------------------------------

def test_conll_round_trip_keeps_tokens_tags_and_comments(tmp_path):
    sentences = [["Η", "Μαρία", "ζει", "στην", "Αθήνα", "."], ["Smith", "Motors", "rose"]]
    tags = [["O", "B-PER", "O", "O", "B-LOC", "O"], ["B-ORG", "I-ORG", "O"]]
    comments = [{"context": "left"}, {"context": "right"}]
    path = tmp_path / "x.conll"
    path.write_text(format_conll(sentences, tags, comments), encoding="utf-8")
    assert load_conll(path, with_comments=True) == (sentences, tags, comments)
    assert load_conll(path) == (sentences, tags)


@pytest.mark.parametrize("content, line, problem", [
    ("", None, "the file is empty"),
    ("John\tB-PER\tNNP\n", 1, "expected 2 tab-separated columns (token, tag), found 3"),
    ("John B-PER\n", 1, "expected 2 tab-separated columns (token, tag), found 1"),
    ("John\tB-PER\nsmiled\tB-MISC\n", 2, "unknown tag 'B-MISC'"),
    ("the\tO\nSmith\tI-ORG\n", 2, "I-ORG does not continue an entity (after O)"),
    ("John\tB-PER\nSmith\tI-ORG\n", 2, "I-ORG does not continue an entity (after B-PER)"),
    ("I-PER\tI-PER\n", 1, "I-PER does not continue an entity (after the start of the sentence)"),
    ("ok\tO\n\n# context: left\n\n", 3, "comment lines with no sentence after them"),
    ("the\tO\n# context: left\nend\tO\n", 2, "comment line '# context: left' inside a sentence"),
    ("# just a remark\nthe\tO\n", 1, "comment '# just a remark' is not '# key: value'"),
    ("#\tX\n", 1, "unknown tag 'X'; expected one of O, B-PER, I-PER"),
])
def test_malformed_conll_names_file_line_and_problem(tmp_path, content, line, problem):
    path = tmp_path / "bad.conll"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFormatError) as error:
        load_conll(path, tagset=BIO_TAGS)
    assert error.value.line == line, str(error.value)
    assert problem in str(error.value)
    assert str(error.value).startswith(f"{path}, line {line}: " if line else f"{path}: ")


@pytest.mark.parametrize("token", ["#", "#hashtag", "# x", "#:", "##"])
def test_a_token_that_starts_with_a_hash_is_a_token_not_a_comment(tmp_path, token):
    sentences, tags = [[token, "rocks"], ["#", "Athens"]], [["O", "O"], ["O", "B-LOC"]]
    path = tmp_path / "hash.conll"
    path.write_text(format_conll(sentences, tags, [{"context": "left"}, {}]), encoding="utf-8")
    assert load_conll(path, tagset=BIO_TAGS, with_comments=True) == (sentences, tags, [{"context": "left"}, {}])


def test_without_a_tagset_any_bio_tag_is_accepted_and_anything_else_refused(tmp_path):
    path = tmp_path / "misc.conll"
    path.write_text("Euro\tB-MISC\n2024\tI-MISC\n", encoding="utf-8")
    assert load_conll(path) == ([["Euro", "2024"]], [["B-MISC", "I-MISC"]])
    path.write_text("Euro\tMISC\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match="line 1: unknown tag 'MISC'; expected one of O, B-TYPE or I-TYPE"):
        load_conll(path)


def test_a_hash_token_first_in_a_file_is_not_lost(tmp_path):
    path = tmp_path / "hash.conll"
    path.write_text("#\tO\nrocks\tO\n", encoding="utf-8")
    assert load_conll(path) == ([["#", "rocks"]], [["O", "O"]])


def test_conll_non_utf8_bytes_are_located(tmp_path):
    path = tmp_path / "latin1.conll"
    path.write_bytes("the\tO\nΑθήνα\tB-LOC\n".encode("utf-8") + "Zürich\tB-LOC\n".encode("latin-1"))
    with pytest.raises(DataFormatError, match=r"line 3: byte 0xfc at column 2 is not valid UTF-8"):
        load_conll(path)


def test_lenient_mode_accepts_a_dangling_i_tag(tmp_path):
    path = tmp_path / "lenient.conll"
    path.write_text("the\tO\nSmith\tI-ORG\n", encoding="utf-8")
    assert load_conll(path, strict=False) == ([["the", "Smith"]], [["O", "I-ORG"]])



# --- Labelled-text TSV -------------------------------------------------------------

@pytest.mark.parametrize("generate, labels, multi", [
    (moderation_comments, MODERATION_LABELS, False), (product_tweets, TWEET_LABELS, False),
    (multi_label_comments, MULTI_LABELS, True)])
def test_tsv_round_trip(tmp_path, generate, labels, multi):
    records = generate(200, seed=10)
    path = tmp_path / "texts.tsv"
    path.write_text(format_labelled_texts(records, multi_label=multi), encoding="utf-8")
    assert load_labelled_texts(path, label_set=labels, multi_label=multi) == records


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


# --- Parallel text with alignments --------------------------------------------------

from course_utils.formats import format_parallel, load_parallel  # noqa: E402

PARALLEL_HEADER = "source\ttarget\talignment\n"


def test_parallel_round_trip(tmp_path):
    pairs = [(["the", "dog", "saw", "."], ["ο", "σκύλος", "είδε", "."], [0, 1, 2, 3]),
             (["a", "big", "cat", "."], ["ένας", "γάτος", "μεγάλος", "."], [0, 2, 1, 3])]
    path = tmp_path / "pairs.tsv"
    path.write_text(format_parallel(pairs), encoding="utf-8")
    assert load_parallel(path) == pairs


@pytest.mark.parametrize("content, line, problem", [
    ("source\ttarget\n", 1, "the header must be 'source<TAB>target<TAB>alignment'"),
    (PARALLEL_HEADER + "a b\tc d\n", 2, "expected 3 tab-separated columns (source, target, alignment), found 2"),
    (PARALLEL_HEADER + "a  b\tc\t0\n", 2, "empty token"),
    (PARALLEL_HEADER + "a b\tc d\t0 x\n", 2, "alignment '0 x' is not whole numbers"),
    (PARALLEL_HEADER + "a b\tc d\t0\n", 2, "1 alignment positions for 2 target tokens"),
    (PARALLEL_HEADER + "a b\tc d\t0 2\n", 2, "alignment positions must be between 0 and 1"),
])
def test_malformed_parallel_text_names_file_line_and_problem(tmp_path, content, line, problem):
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFormatError) as error:
        load_parallel(path)
    assert error.value.line == line and problem in str(error.value), str(error.value)

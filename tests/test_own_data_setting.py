"""CONFIG's `data` setting (`course_utils.own_data`): each task's formats, and one clear error per mistake."""
import pytest

from course_utils import own_data
from course_utils.formats import LabelledText

CONLL2003 = "-DOCSTART- -X- -X- O\n\nanna NNP B-NP I-PER\nberg NNP I-NP I-PER\nleft VBD B-VP O\n\n"
CONLLU = "# sent_id = 1\n1\tanna\tanna\tPROPN\t_\t_\t2\tnsubj\t_\t_\n2\tleft\tleave\tVERB\t_\t_\t0\troot\t_\t_\n\n"


def files(tmp_path, text, suffix="txt"):
    for split in own_data.SPLITS:
        (tmp_path / f"{split}.{suffix}").write_text(text, encoding="utf-8")
    return {split: str(tmp_path / f"{split}.{suffix}") for split in own_data.SPLITS}


def test_tagging_from_conll2003_gives_the_kit_readers_shape_with_options_passed_on(tmp_path):
    data = dict(format="conll2003", scheme="IOB1", **files(tmp_path, CONLL2003))
    splits = own_data.load(data, "tagging")
    assert sorted(splits) == ["test", "train", "validation"]
    sentences, tags, notes = splits["train"]
    assert sentences == [["anna", "berg", "left"]]
    assert tags == [["B-PER", "I-PER", "O"]], "IOB1 became BIO"
    assert notes == [{}]


def test_tagging_from_conllu_keeps_the_comments_as_notes(tmp_path):
    data = dict(format="conllu", **files(tmp_path, CONLLU, "conllu"))
    sentences, tags, notes = own_data.load(data, "tagging")["test"]
    assert (sentences, tags, notes) == ([["anna", "left"]], [["PROPN", "VERB"]], [{"sent_id": "1"}])


def test_language_model_sentences_from_each_format(tmp_path):
    (tmp_path / "a.txt").write_text("anna left .\nberg came .\n", encoding="utf-8")
    text = own_data.load(dict(format="text", train=str(tmp_path / "a.txt"), test=str(tmp_path / "a.txt")),
                         "language_model")
    assert text == {"train": [["anna", "left", "."], ["berg", "came", "."]],
                    "test": [["anna", "left", "."], ["berg", "came", "."]]}, "no validation unless named"
    conllu = own_data.load(dict(format="conllu", **files(tmp_path, CONLLU, "conllu")), "language_model")
    assert conllu["train"] == [["anna", "left"]]


def test_classification_and_translation(tmp_path):
    (tmp_path / "c.tsv").write_text("text\tlabel\ngood  film\tpos\n", encoding="utf-8")
    (tmp_path / "p.tsv").write_text("the cat\tle chat\n", encoding="utf-8")
    c = own_data.load(dict(format="tsv", train=str(tmp_path / "c.tsv"), test=str(tmp_path / "c.tsv")),
                      "classification")
    assert c["train"] == [LabelledText("good film", "pos", {}, {})]
    p = own_data.load(dict(format="parallel", train=str(tmp_path / "p.tsv"), test=str(tmp_path / "p.tsv")),
                      "translation")
    assert p["test"] == [(["the", "cat"], ["le", "chat"], None)]


@pytest.mark.parametrize("data, message", [
    ("train.txt", "expected None (the kit's corpus) or dict(format="),
    (dict(format="conll2003", train="x"), "data names no test"),
    (dict(train="x", test="y"), "data names no format"),
    (dict(format="csv", train="x", test="y"), "format 'csv': this notebook reads conll2003, conllu, conll"),
])
def test_a_malformed_setting_is_one_clear_error(data, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        own_data.load(data, "tagging")


def test_a_missing_file_is_named_with_its_split(tmp_path):
    data = dict(format="text", train=str(tmp_path / "nowhere.txt"), test=str(tmp_path / "nowhere.txt"))
    with pytest.raises(FileNotFoundError, match="data's train file .*nowhere.txt' does not exist"):
        own_data.load(data, "language_model")


def test_an_option_the_reader_does_not_take_is_named(tmp_path):
    data = dict(format="conllu", scheme="IOB1", **files(tmp_path, CONLLU, "conllu"))
    with pytest.raises(ValueError, match="format 'conllu' does not take the options 'scheme'"):
        own_data.load(data, "tagging")


def test_describe_and_skip(capsys):
    assert own_data.describe(None) == "the kit's corpus"
    assert own_data.describe(dict(format="text", train="a", test="b")) == "your text files: train a, test b"
    before = len(own_data.SKIPPED)
    own_data.skip("the ceiling", "no generator")
    assert capsys.readouterr().out == "skipped with your own data: the ceiling (no generator)\n"
    assert own_data.SKIPPED[before:] == ["skipped with your own data: the ceiling (no generator)"]

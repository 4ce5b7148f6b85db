"""The readers for an instructor's own corpus: CoNLL-2003 columns, CoNLL-U, labelled TSV, parallel text.

Every file here is written by the test itself (made-up sentences, not copied text).
"""
import pytest

from course_utils.formats import (
    CONLL2003_COLUMNS,
    DataFormatError,
    load_conll2003,
    load_conllu,
    load_parallel_text,
    load_text_labels,
)

CONLL2003_IOB1 = """-DOCSTART- -X- -X- O

Anna NNP B-NP I-PER
Berg NNP I-NP I-PER
visited VBD B-VP O
Oslo NNP B-NP I-LOC
Kiel NNP I-NP B-LOC
. . O O

-DOCSTART- -X- -X- O

Acme NNP B-NP I-ORG
hired VBD B-VP O
Bo NNP B-NP I-PER
"""


def write(tmp_path, text, name="corpus.txt"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def test_conll2003_skips_docstart_and_turns_iob1_into_bio(tmp_path):
    sentences, tags = load_conll2003(write(tmp_path, CONLL2003_IOB1), scheme="IOB1")
    assert sentences == [["Anna", "Berg", "visited", "Oslo", "Kiel", "."], ["Acme", "hired", "Bo"]]
    # IOB1's B- only separates two adjacent entities of one type: Oslo and Kiel are two places
    assert tags == [["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "O"], ["B-ORG", "O", "B-PER"]]


def test_conll2003_keeps_the_scheme_and_reads_any_column_by_name_or_index(tmp_path):
    path = write(tmp_path, CONLL2003_IOB1)
    _, kept = load_conll2003(path, scheme="IOB1", keep_scheme=True)
    assert kept[0] == ["I-PER", "I-PER", "O", "I-LOC", "B-LOC", "O"]
    _, chunks = load_conll2003(path, tag="chunk", columns=CONLL2003_COLUMNS)
    assert chunks[1] == ["B-NP", "B-VP", "B-NP"]
    _, pos = load_conll2003(path, tag=1, keep_scheme=True)
    assert pos[1] == ["NNP", "VBD", "NNP"]


def test_bioes_becomes_bio(tmp_path):
    path = write(tmp_path, "New B-LOC\nYork E-LOC\nis O\nbig O\nAl S-PER\n")
    assert load_conll2003(path, scheme="BIOES")[1] == [["B-LOC", "I-LOC", "O", "O", "B-PER"]]


@pytest.mark.parametrize("content, scheme, line, problem", [
    ("a B-X\nb I-X\nc\n", "BIO", 3, "expected 2 whitespace-separated columns"),
    ("a O\nb I-X\n", "BIO", 2, "'I-X' does not fit the BIO sequence"),
    ("a S-X\n\nb O\nc B-Y\nd E-Y\ne I-Y\n", "BIOES", 6, "'I-Y' does not fit the BIOES sequence"),
    ("a O\nb PER\n", "BIO", 2, "'PER' is not a BIO tag"),
    ("a X\n", "BIO", 1, "is not a BIO tag"),
])
def test_malformed_conll2003_names_the_line_and_the_problem(tmp_path, content, scheme, line, problem):
    path = write(tmp_path, content)
    with pytest.raises(DataFormatError, match=problem) as err:
        load_conll2003(path, scheme=scheme)
    assert err.value.line == line and err.value.path == str(path)


@pytest.mark.parametrize("content, problem", [
    ("", "the file is empty"),
    ("-DOCSTART- O\n\n", "no sentences"),
    (b"caf\xe9 O\n", "not valid UTF-8"),
])
def test_an_unreadable_conll2003_file_says_why(tmp_path, content, problem):
    with pytest.raises(DataFormatError, match=problem):
        load_conll2003(write(tmp_path, content))


def test_a_column_name_that_is_not_there_is_named(tmp_path):
    with pytest.raises(DataFormatError, match="no column named 'ner'.*not named"):
        load_conll2003(write(tmp_path, "a O\n"), tag="ner")


CONLLU = """# sent_id = s1
# text = Vámonos al mar.
1-2\tVámonos\t_\t_\t_\t_\t_\t_\t_\t_
1\tVamos\tir\tVERB\t_\t_\t0\troot\t_\t_
2\tnos\tnosotros\tPRON\t_\t_\t1\tobj\t_\t_
3-4\tal\t_\t_\t_\t_\t_\t_\t_\t_
3\ta\ta\tADP\t_\t_\t5\tcase\t_\t_
4\tel\tel\tDET\t_\t_\t5\tdet\t_\t_
4.1\tsobre\t_\tADP\t_\t_\t_\t_\t5:case\t_
5\tmar\tmar\tNOUN\t_\t_\t1\tobl\t_\t_
6\t.\t.\tPUNCT\t_\t_\t1\tpunct\t_\t_

# sent_id = s2
1\tSí\tsí\tINTJ\t_\t_\t0\troot\t_\t_
"""


def test_conllu_reads_the_words_and_skips_multiword_tokens_and_empty_nodes(tmp_path):
    sentences, tags, metadata = load_conllu(write(tmp_path, CONLLU), with_metadata=True)
    assert sentences == [["Vamos", "nos", "a", "el", "mar", "."], ["Sí"]]
    assert tags == [["VERB", "PRON", "ADP", "DET", "NOUN", "PUNCT"], ["INTJ"]]
    assert metadata == [{"sent_id": "s1", "text": "Vámonos al mar."}, {"sent_id": "s2"}]
    assert load_conllu(write(tmp_path, CONLLU), column="deprel")[1][1] == ["root"]


@pytest.mark.parametrize("content, line, problem", [
    ("1\tx\tx\tX\t_\t_\t0\troot\t_\n", 1, "expected 10 tab-separated fields"),
    ("# a = b\n1\tx\tx\tX\t_\t_\t0\troot\t_\t_\n# c = d\n", 3, "comment line .* inside a sentence"),
    ("1\tx\tx\t_\t_\t_\t0\troot\t_\t_\n", 1, "has no UPOS"),
    ("one\tx\tx\tX\t_\t_\t0\troot\t_\t_\n", 1, "ID 'one' is not a word number"),
    ("# a = b\n\n1\tx\tx\tX\t_\t_\t0\troot\t_\t_\n", 1, "comment lines with no words"),
])
def test_malformed_conllu_names_the_line_and_the_problem(tmp_path, content, line, problem):
    with pytest.raises(DataFormatError, match=problem) as err:
        load_conllu(write(tmp_path, content))
    assert err.value.line == line


def test_labelled_tsv_with_a_header_keeps_the_other_columns(tmp_path):
    path = write(tmp_path, "id\ttext\tlabel\n7\tgood  film\tpos\n8\tdull\tneg\n")
    records = load_text_labels(path)
    assert [(r.text, r.label, r.extra) for r in records] == [("good film", "pos", {"id": "7"}),
                                                              ("dull", "neg", {"id": "8"})]


def test_labelled_tsv_without_a_header_and_multi_label(tmp_path):
    assert [r.label for r in load_text_labels(write(tmp_path, "a b\tx\nc\ty\n"))] == ["x", "y"]
    path = write(tmp_path, "insult, threat\tyou rat\n\tnice\n")
    records = load_text_labels(path, text=1, label=0, multi_label=True, header=False)
    assert [(r.text, r.label) for r in records] == [("you rat", ("insult", "threat")), ("nice", ())]


@pytest.mark.parametrize("content, line, problem", [
    ("text\tlabel\na\tx\nb\n", 3, "expected 2 tab-separated columns"),
    ("text\tlabel\n \tx\n", 2, "the text is empty"),
    ("a\t\n", 1, "the label is empty"),
    ("text\tlabel\n", None, "a header and no rows"),
])
def test_malformed_labelled_tsv_names_the_line(tmp_path, content, line, problem):
    with pytest.raises(DataFormatError, match=problem) as err:
        load_text_labels(write(tmp_path, content))
    assert err.value.line == line


def test_parallel_text_with_or_without_alignments_and_header(tmp_path):
    assert load_parallel_text(write(tmp_path, "a b\tx y z\nc\tw\n")) == [
        (["a", "b"], ["x", "y", "z"], None), (["c"], ["w"], None)]
    path = write(tmp_path, "source\ttarget\talignment\na b\ty x\t1 0\n")
    assert load_parallel_text(path) == [(["a", "b"], ["y", "x"], [1, 0])]


@pytest.mark.parametrize("content, line, problem", [
    ("a\tb\tc\td\n", 1, "expected 2 or 3 tab-separated columns"),
    ("a\tb\nc\n", 2, "expected 2 tab-separated columns"),
    ("a\t \n", 1, "the target sentence is empty"),
    ("a b\tx y\t0\n", 1, "one source position .* per target token"),
    ("a b\tx\t2\n", 1, "one source position"),
    ("a b\tx\tone\n", 1, "not whole numbers"),
])
def test_malformed_parallel_text_names_the_line(tmp_path, content, line, problem):
    with pytest.raises(DataFormatError, match=problem) as err:
        load_parallel_text(write(tmp_path, content))
    assert err.value.line == line

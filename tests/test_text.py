import numpy as np
import pytest

from course_utils.text import PAD_ID, UNK, UNK_ID, UnknownTokenError, Vocabulary, pad_batch, tokenize


def test_tokenize_lowercases_unicode_and_splits_punctuation():
    assert tokenize("Η Αθήνα, ΟΔΟΣ Σταδίου!") == ["η", "αθήνα", ",", "οδος", "σταδίου", "!"]
    assert tokenize("The cat's mat.") == ["the", "cat's", "mat", "."]


def test_tokenize_greek_final_sigma_and_accents():
    assert tokenize("ΟΔΟΣ") == ["οδος"]  # final sigma, not σ
    assert tokenize("ΠΑΛΑΤΙ παλάτι") == ["παλατι", "παλάτι"]
    assert tokenize("ΠΑΛΑΤΙ παλάτι", strip_accents=True) == ["παλατι", "παλατι"]


def test_tokenize_treats_composed_and_decomposed_accents_alike():
    composed, decomposed = "ά", "α\u0301"
    assert tokenize(composed) == tokenize(decomposed)


def test_tokenize_rejects_non_text_with_a_clear_message():
    with pytest.raises(TypeError, match="expects a str, got list"):
        tokenize(["a", "b"])


def test_vocabulary_reserves_padding_and_unknown_and_orders_by_frequency():
    vocab = Vocabulary.build([["b", "a", "b"], ["c", "a", "b"]])
    assert vocab.tokens == ["", UNK, "b", "a", "c"]
    assert vocab.id("b") == 2 and vocab.id("never seen") == UNK_ID


def test_vocabulary_max_size_counts_reserved_ids_like_keras():
    vocab = Vocabulary.build([["a", "a", "b", "c"]], max_size=3)
    assert len(vocab) == 3 and vocab.tokens[2] == "a"


@pytest.mark.parametrize("text", ["the king rules the palace .", "η βασίλισσα κυβερνά το παλάτι ."])
def test_encode_decode_round_trip(text):
    tokens = tokenize(text)
    vocab = Vocabulary.build([tokens])
    assert vocab.decode(vocab.encode(tokens)) == tokens


def test_unknown_words_map_to_unk_or_raise_when_strict():
    vocab = Vocabulary.build([["king"]])
    assert vocab.encode(["king", "βασίλισσα"]) == [2, UNK_ID]
    assert vocab.decode(vocab.encode("king queen")) == ["king", UNK]
    with pytest.raises(UnknownTokenError) as error:
        vocab.encode(["king", "queen"], strict=True)
    assert str(error.value).startswith("token 'queen' at position 1 is not in the vocabulary")


def test_decode_names_the_bad_id_and_the_valid_range():
    vocab = Vocabulary.build([["a"]])
    with pytest.raises(ValueError, match=r"id 7 at position 1 is outside the vocabulary \(valid ids are 0..2\)"):
        vocab.decode([2, 7])
    assert vocab.decode([2, 0, 0]) == ["a"]
    assert vocab.decode([2, 0], skip_padding=False) == ["a", ""]


def test_pad_batch_pads_and_cuts_at_the_end():
    batch = pad_batch([[3, 4, 5], [6]])
    assert batch.dtype == np.int32
    assert batch.tolist() == [[3, 4, 5], [6, PAD_ID, PAD_ID]]
    assert pad_batch([[3, 4, 5], [6]], length=2).tolist() == [[3, 4], [6, 0]]


def test_text_vectorization_gives_the_same_ids_as_the_vocabulary():
    sentences = ["the king rules the palace .", "Η βασίλισσα κυβερνά το παλάτι !"]
    tokens = [tokenize(s) for s in sentences]
    vocab = Vocabulary.build(tokens[:1])  # the Greek sentence is all out-of-vocabulary
    layer = vocab.text_vectorization()
    assert [str(t) for t in layer.get_vocabulary()] == vocab.tokens
    got = layer([" ".join(t) for t in tokens]).numpy()
    assert got.tolist() == pad_batch([vocab.encode(t) for t in tokens]).tolist()

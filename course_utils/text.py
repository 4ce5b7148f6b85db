"""Words as integers: tokenization, a vocabulary, encoding and padding.

Why not only `keras.layers.TextVectorization`? Its default standardisation
lower-cases ASCII letters only (Greek "ΟΔΟΣ" stays upper case) and deletes
apostrophes ("cat's" becomes "cats"), and it runs inside TensorFlow, which
makes the ids hard to inspect while learning. We tokenize in plain Python
(Unicode-aware) and use the same id convention as Keras (0 = padding "",
1 = "[UNK]"), so `Vocabulary.text_vectorization()` gives an equivalent Keras
layer for models that should take raw strings.
"""
import collections
import re
import unicodedata

import numpy as np

PAD = ""  # id 0, as in keras.layers.TextVectorization
UNK = "[UNK]"  # id 1, every out-of-vocabulary word
PAD_ID, UNK_ID = 0, 1

_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")


def tokenize(text, *, lowercase=True, strip_accents=False):
    """Split text into words and punctuation marks; Unicode letters count as letters.

    `strip_accents=True` removes diacritics, useful for Greek, where capitals are
    written without them ("ΠΑΛΑΤΙ" vs "παλάτι").

    >>> tokenize("Η Αθήνα, ΟΔΟΣ Σταδίου!")
    ['η', 'αθήνα', ',', 'οδος', 'σταδίου', '!']
    """
    if not isinstance(text, str):
        raise TypeError(f"tokenize() expects a str, got {type(text).__name__}")
    if strip_accents:
        text = "".join(ch for ch in unicodedata.normalize("NFD", text)
                       if unicodedata.category(ch) != "Mn")
    text = unicodedata.normalize("NFC", text)  # one code point per accented letter
    if lowercase:
        text = text.lower()  # Unicode-aware, handles the Greek final sigma
    return _TOKEN.findall(text)


class UnknownTokenError(KeyError):
    """A token is not in the vocabulary and the caller asked for strict encoding."""

    def __str__(self):  # KeyError would print the message in quotes
        return self.args[0]


class Vocabulary:
    """A fixed mapping token <-> id with 0 for padding and 1 for unknown words."""

    def __init__(self, tokens):
        tokens = list(tokens)
        if tokens[:2] != [PAD, UNK]:
            tokens = [PAD, UNK] + tokens
        duplicates = [t for t, n in collections.Counter(tokens).items() if n > 1]
        if duplicates:
            raise ValueError(f"duplicate tokens in vocabulary: {sorted(duplicates)[:5]}")
        self.tokens = tokens
        self._ids = {t: i for i, t in enumerate(tokens)}

    @classmethod
    def build(cls, token_lists, *, max_size=None, min_count=1):
        """Most frequent tokens first, ties broken alphabetically (deterministic).

        `max_size` counts padding and [UNK], as Keras' `max_tokens` does.
        """
        counts = collections.Counter(t for tokens in token_lists for t in tokens)
        ranked = sorted((t for t, n in counts.items() if n >= min_count),
                        key=lambda t: (-counts[t], t))
        if max_size is not None:
            ranked = ranked[: max(0, max_size - 2)]
        return cls(ranked)

    def __len__(self):
        return len(self.tokens)

    def __contains__(self, token):
        return token in self._ids

    def __repr__(self):
        shown = ", ".join(repr(t) for t in self.tokens[:8])
        return f"Vocabulary(size={len(self)}: {shown}{', ...' if len(self) > 8 else ''})"

    def id(self, token):
        """The id of `token`, or 1 ([UNK]) if it was never seen."""
        return self._ids.get(token, UNK_ID)

    def encode(self, tokens, *, strict=False):
        """Token list (or raw text) -> list of ids. `strict=True` refuses unknown words."""
        if isinstance(tokens, str):
            tokens = tokenize(tokens)
        if strict:
            for position, token in enumerate(tokens):
                if token not in self._ids:
                    raise UnknownTokenError(
                        f"token {token!r} at position {position} is not in the vocabulary "
                        f"({len(self)} tokens); use strict=False to map it to {UNK!r} (id {UNK_ID})"
                    )
        return [self.id(t) for t in tokens]

    def decode(self, ids, *, skip_padding=True):
        """List of ids -> list of tokens (padding dropped unless asked for)."""
        out = []
        for position, i in enumerate(np.asarray(ids).reshape(-1).tolist()):
            if not isinstance(i, int) or not 0 <= i < len(self):
                raise ValueError(f"id {i!r} at position {position} is outside the vocabulary "
                                 f"(valid ids are 0..{len(self) - 1})")
            if i == PAD_ID and skip_padding:
                continue
            out.append(self.tokens[i])
        return out

    def text_vectorization(self, output_sequence_length=None):
        """An equivalent Keras layer: feed it " ".join(tokenize(text))."""
        import keras

        return keras.layers.TextVectorization(
            vocabulary=self.tokens[2:], standardize=None, split="whitespace",
            output_mode="int", output_sequence_length=output_sequence_length)


def pad_batch(sequences, length=None, *, value=PAD_ID):
    """Pad (or cut) id lists at the end to one length -> int32 array (batch, time).

    Padding goes at the end ("post") so that position t is word t of every sentence.
    """
    import keras

    return keras.utils.pad_sequences([list(s) for s in sequences], maxlen=length,
                                     dtype="int32", padding="post", truncating="post",
                                     value=value)

"""The corpus generators: deterministic, seeded, and each isolating its lesson; data/ rebuilt byte for byte."""
from course_utils.corpora import long_lag, named_entities, trigger_words, word_contexts
from course_utils.corpora.word_contexts import word_context_corpus
from course_utils.data import CHECKOUT_DATA_DIR as DATA_DIR
from course_utils.formats import load_conll
from course_utils.instructor import data


def test_corpus_generator_is_deterministic_and_seeded():
    assert word_context_corpus(200, seed=5) == word_context_corpus(200, seed=5)
    assert word_context_corpus(200, seed=5) != word_context_corpus(200, seed=6)


def test_shipped_data_files_match_their_generators(capsys):
    assert data.main(["--check"]) == 0


def test_check_reports_a_stale_data_file_and_a_stale_checksum(tmp_path, capsys):
    where = ["--data-dir", str(tmp_path), "--checksums", str(tmp_path / "sums.json")]
    assert data.main(where) == 0
    assert data.main(["--check", *where]) == 0
    (tmp_path / "word_context_corpus.txt").write_text("edited\n", encoding="utf-8")
    (tmp_path / "sums.json").write_text("{}\n", encoding="utf-8")
    assert data.main(["--check", *where]) == 1
    out = capsys.readouterr().out.splitlines()[-1]
    assert "word_context_corpus.txt" in out and "sums.json" in out


def test_every_corpus_sentence_names_one_known_noun():
    for sentence in word_context_corpus(300, seed=1):
        nouns = [w for w in sentence.split() if w in word_contexts.GROUPS]
        assert len(nouns) == 1, sentence


def test_person_sentences_carry_one_cue_per_attribute():
    for sentence in word_context_corpus(300, seed=2):
        words = sentence.split()
        person = [w for w in words if w in word_contexts.PEOPLE]
        if person:
            for attribute in word_contexts.PEOPLE[person[0]]:
                assert sum(w in word_contexts.PERSON_CONTEXT[attribute] for w in words) == 1


def test_trigger_tagging_is_deterministic_and_the_left_context_decides():
    data = trigger_words.trigger_tagging(200, seed=4)
    assert data == trigger_words.trigger_tagging(200, seed=4)
    for tokens, tags in data:
        assert len(tokens) == len(tags)
        for i, tag in enumerate(tags):
            if tag != "O":
                assert tokens[i] in trigger_words.AMBIGUOUS_NAMES
                trigger = tokens[i - 1] if tokens[i - 1] not in trigger_words.ADJECTIVES else tokens[i - 2]
                assert trigger in trigger_words.TRIGGERS[tag]


def test_marked_value_task_labels_only_the_marked_sign():
    import numpy as np

    x, y = long_lag.marked_value_task(500, lag=12, seed=3, spread=5)
    assert x.shape == (500, 17, 2) and y.shape == (500,)
    assert (x[:, :, 1].sum(axis=1) == 1).all()             # one marker per sequence
    position = x[:, :, 1].argmax(axis=1)
    assert (position < 5).all()                            # at least `lag` steps before the end
    assert (y == (x[np.arange(500), position, 0] > 0)).all()
    assert 0.4 < y.mean() < 0.6                            # balanced: chance is 0.5
    again, _ = long_lag.marked_value_task(500, lag=12, seed=3, spread=5)
    assert np.array_equal(x, again)


def test_shipped_ner_files_load_and_hold_greek_and_right_context_sentences():
    for split, (size, _) in named_entities.SPLITS.items():
        sentences, tags, comments = load_conll(DATA_DIR / f"ner_{split}.conll", with_comments=True)
        assert len(sentences) == size
        assert any(any("\u0370" <= ch <= "\u03ff" for ch in " ".join(s)) for s in sentences)
        assert {c["context"] for c in comments} == {"left", "right", "both"}


def test_right_context_decides_the_type_so_the_ceiling_is_one():
    """In 'right' sentences the entity word says nothing; the words after it decide, always the same way."""
    corpus = named_entities.ner_corpus(3000, seed=5)
    by_continuation, by_word = {}, {}
    for tokens, tags, context in corpus:
        if context == "right":
            by_continuation.setdefault(tuple(tokens[1:]), set()).add(tags[0])
            by_word.setdefault(tokens[0], set()).add(tags[0])
    assert all(len(types) == 1 for types in by_continuation.values())
    assert sum(len(types) == 3 for types in by_word.values()) >= 0.8 * len(by_word)  # the word alone: ambiguous


def test_both_sides_decide_together_and_neither_side_alone_says_anything():
    """In 'both' sentences PER iff the colours agree; each colour alone, and the surname, leave the type 50/50."""
    import collections
    import itertools

    corpus = [(t, g) for t, g, c in named_entities.ner_corpus(4000, seed=5) if c == "both"]
    assert len(corpus) > 800
    by_side = {side: collections.defaultdict(collections.Counter) for side in (0, 2)}
    for tokens, tags in corpus:
        assert tags[1] == ("B-PER" if tokens[0] == tokens[2] else "B-ORG") and tags[0] == tags[2] == "O"
        for side in (0, 2):
            by_side[side][tokens[side]][tags[1]] += 1
    for counts in by_side.values():                                    # one side alone: a coin flip
        assert all(0.4 < c["B-PER"] / sum(c.values()) < 0.6 for c in counts.values())
    # the best rule that adds a left and a right score gets at most 3 of the 4 colour pairs right
    pairs = [(a, b) for a in named_entities.COLOURS for b in named_entities.COLOURS]
    values = (-2, -1, 1, 2)
    sides = [dict(zip(named_entities.COLOURS, v)) for v in itertools.product(values, repeat=2)]
    best_additive = max(sum((left[a] + right[b] > 0) == (a == b) for a, b in pairs)
                        for left in sides for right in sides)
    assert best_additive == 3


def test_left_to_right_bounds_match_counting_a_large_corpus():
    import collections

    corpus = named_entities.ner_corpus(6000, seed=7)
    for context in ("right", "both"):
        by_beginning = collections.defaultdict(collections.Counter)
        for tokens, tags, c in corpus:
            if c == context:
                k = next(j for j, t in enumerate(tags) if t != "O")
                by_beginning[tokens[k - 1] if k else "<start>"][tags[k]] += 1   # what the surname adds is noise
        n = sum(sum(c.values()) for c in by_beginning.values())
        best_guess = sum(max(c.values()) for c in by_beginning.values()) / n
        assert abs(best_guess - named_entities.left_to_right_bound(context)) < 0.03, context


def test_every_shipped_file_round_trips_through_its_reader():
    """Reading a shipped file and writing it back gives the same bytes: the readers lose nothing."""
    from course_utils import formats
    from course_utils.corpora import FILES, moderation, multilabel, tweets

    for name in sorted(FILES):
        path, original = DATA_DIR / name, (DATA_DIR / name).read_text(encoding="utf-8")
        if name.endswith(".conll"):
            again = formats.format_conll(*formats.load_conll(path, with_comments=True))
        elif name.startswith("translation"):
            again = formats.format_parallel(formats.load_parallel(path))
        elif name.endswith(".tsv"):
            multi = name.startswith("multilabel")
            corpus = multilabel if multi else tweets if name.startswith("tweets") else moderation
            again = formats.format_labelled_texts(
                formats.load_labelled_texts(path, label_set=corpus.LABELS, multi_label=multi), multi_label=multi)
        else:
            again = formats.format_sentences(formats.load_sentences(path))
        assert again == original, name


def test_translation_pairs_reorder_words_with_exact_alignments():
    from course_utils.corpora import reordering

    pairs = reordering.translation_pairs(500, seed=4)
    assert pairs == reordering.translation_pairs(500, seed=4)
    dictionary = {**reordering.DETERMINERS, "an": "ένας", **reordering.ADJECTIVES, **reordering.NOUNS,
                  **reordering.VERBS, ".": "."}
    monotone = 0
    for source, target, alignment in pairs:
        assert sorted(alignment) == list(range(len(source)))                 # every source word once
        assert all(dictionary[source[i]] == word for word, i in zip(target, alignment))
        assert target[-2] == reordering.VERBS[source[alignment[-2]]]          # the verb comes last
        monotone += alignment == sorted(alignment)
    assert monotone == 0                                                       # never word for word in order


def test_names_carry_their_kind_in_the_suffix_and_the_context_only_bound_is_exact():
    import collections

    from course_utils.corpora import name_forms

    corpus = name_forms.sentences(100_000, seed=5, new_share=0.5)
    by_context = collections.defaultdict(collections.Counter)
    for tokens, tags, _ in corpus:
        k = next(i for i, t in enumerate(tags) if t != "O")
        kind = tags[k][2:]
        lang = "el" if any("\u0370" <= ch <= "\u03ff" for ch in tokens[k]) else "en"
        assert [s for s in name_forms.SUFFIXES[lang][kind] if tokens[k].endswith(s)], tokens[k]   # the suffix decides
        others = {o for kd, ss in name_forms.SUFFIXES[lang].items() if kd != kind for o in ss}
        assert not any(tokens[k].endswith(s) for s in others)
        by_context[" ".join(tokens[:k] + ["X"] + tokens[k + 1:])][kind] += 1
    best_guess = sum(max(c.values()) for c in by_context.values()) / len(corpus)
    assert abs(best_guess - name_forms.context_only_bound()) < 0.01       # brute force vs the exact value


def test_new_names_never_occur_in_training():
    from course_utils.corpora import name_forms

    train = {t for tokens, tags, _ in name_forms.sentences(3000, 111) for t, g in zip(tokens, tags) if g != "O"}
    test = name_forms.sentences(1000, 113, new_share=0.5)
    new = [tokens for tokens, tags, which in test if which == "new"]
    assert 0.4 < len(new) / len(test) < 0.6
    assert not any(t in train for tokens in new for t in tokens if t[0].isupper())


HASH_OF_GENERATED = """
import hashlib, pickle
from course_utils.corpora import long_lag, trigger_words, word_contexts
made = (trigger_words.trigger_tagging(n_sentences=300, seed=2), long_lag.marked_value_task(50, lag=8, seed=1),
        word_contexts.word_context_corpus(200, seed=5))
print(hashlib.sha256(pickle.dumps(made)).hexdigest())
"""


def test_generators_without_a_shipped_file_give_the_same_corpus_in_every_process():
    """Not shipped, so `data --check` does not guard them: their output may not depend on string hashing
    (iteration over a set of words), which changes between processes."""
    import os
    import subprocess
    import sys

    digests = {subprocess.run([sys.executable, "-c", HASH_OF_GENERATED], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("0", "1", "4242")}
    assert len(digests) == 1 and len(digests.pop().strip()) == 64


def test_word_senses_bank_has_both_senses_and_only_the_cue_decides():
    from course_utils.corpora import word_senses
    data = word_senses.sense_sentences(400, seed=5)
    assert data == word_senses.sense_sentences(400, seed=5)
    senses_of = {}
    for tokens, sense, k in data:
        senses_of.setdefault(tokens[k], set()).add(sense)
        cue = " ".join(tokens[:tokens.index(",")])
        assert cue in word_senses.CUES[sense] and " ".join(tokens[k + 1:-1]) in word_senses.ENDINGS[sense]
        assert tokens[k - 1] == "the" and not set(tokens[:k]) & {"bank", "lender", "shore"}
    assert senses_of == {"bank": {"money", "river"}, "lender": {"money"}, "shore": {"river"}}
    cue_words = {s: {w for c in word_senses.CUES[s] for w in c.split()} for s in word_senses.SENSES}
    middle_words = {w for m in word_senses.MIDDLES for w in m.split()}
    assert not middle_words & (cue_words["money"] ^ cue_words["river"]), "the words in between say nothing of the sense"


def test_contract_clauses_context_decides_the_element():
    from course_utils.corpora import contracts
    data = contracts.contract_clauses(600, seed=3)
    assert data == contracts.contract_clauses(600, seed=3) and all(len(t) == len(g) for t, g in data)
    found = {tag[2:] for _, tags in data for tag in tags if tag != "O"}
    assert found == set(contracts.TYPES)
    # the same kind of phrase gets different tags (or none): a date is START or END, a place LAW or COURT,
    # an amount VALUE or nothing, a company PARTY or nothing; only the words around it decide
    by_phrase_kind = {}
    for tokens, tags in data:
        for i, (token, tag) in enumerate(zip(tokens, tags)):
            if token in contracts.MONTHS:
                by_phrase_kind.setdefault("DATE", set()).add(tags[i - 1][2:])
            if token in contracts.PLACES:
                by_phrase_kind.setdefault("PLACE", set()).add(tag[2:] or "-")
            if token in contracts.CURRENCIES:
                by_phrase_kind.setdefault("AMOUNT", set()).add(tag[2:] or "-")
            if token in contracts.SUFFIXES:
                by_phrase_kind.setdefault("ORG", set()).add(tag[2:] or "-")
    assert by_phrase_kind == {"DATE": {"START", "END"}, "PLACE": {"LAW", "COURT"}, "AMOUNT": {"VALUE", "-"},
                              "ORG": {"PARTY", "-"}}

"""The course's teaching corpora: one module per corpus, each generated deterministically.

| module | notebook | what it isolates | ceiling |
|---|---|---|---|
| `word_contexts` | 01, 12 | words known by the company they keep | the source's next-word entropy (computed in 01) |
| `trigger_words` | 02, 12 | the left context decides a word's class (12: cue up to `max_gap` adjectives back) | 100 % (a window of w words each side: 50 % beyond it) |
| `word_senses` | 04 | one word, two senses: the words before it decide which (*bank*: money or river) | a language model's entropy, with the cue carried |
| `long_lag` | 03 | one number remembered across a long lag | 100 % (chance 50 %) |
| `named_entities` | 04-05 | entity types decided by left or right context, or by both sides together (a probe that one biRNN layer cannot learn), English and Greek | 100 % (left to right: `left_to_right_bound()`) |
| `moderation` | 06, 07, 12 | abusive words anywhere among ordinary sentences | 100 % |
| `tweets` | 07, 14 | four sentiment classes, "both" needs two words; ambiguous words annotators read either way | 96.25 % expected (`bayes_label()`) |
| `multilabel` | 07 | any subset of four labels, each with its own words | 100 % |
| `comment_templates` | 12 | the template language of the three above; 12 builds texts of the same words and opposite labels from its insults and topics | a bag of words: 50 % on them |
| `contracts` | 15 | contract elements (parties, start and end dates, value, law, court) decided by the words around a phrase | 100 % |
| `reordering` | 09 | translation that reorders words (SVO -> SOV, nouns before adjectives), gold alignments | 100 % |
| `name_forms` | 11 | a name's kind in its suffix, only hinted at by its context (English and Greek) | 100 % (context alone: `context_only_bound()`) |
| `agreement_source` | 08, 10 | subject-verb agreement across adjectives and relative clauses, English and Greek | its exact entropy per token (the perplexity floor) |

Corpora small enough to generate in a notebook in milliseconds (02-04, 12, 15) are not
shipped; the others are written to `data/` in standard formats
(`course_utils.formats`) by `python -m course_utils.instructor.data`, which
rebuilds every file byte for byte from `FILES` below (`--check` compares).
Notebooks read them through `course_utils.data.path(name)`, which works in an
installed wheel too (it regenerates from `FILES` and verifies the checksums).
"""
from . import (
    agreement_source,
    contracts,
    long_lag,
    moderation,
    multilabel,
    name_forms,
    named_entities,
    reordering,
    trigger_words,
    tweets,
    word_contexts,
    word_senses,
)

# Every corpus is an attribute (`cu.corpora.long_lag`), also those that ship no file.
__all__ = ["FILES", "render", "agreement_source", "contracts", "long_lag", "moderation", "multilabel", "name_forms", "named_entities",
           "reordering", "trigger_words", "tweets", "word_contexts", "word_senses"]

FILES = {  # file name in data/ -> function returning its text; sizes and seeds are in each module
    **word_contexts.FILES, **named_entities.FILES, **moderation.FILES, **tweets.FILES, **multilabel.FILES,
    **agreement_source.FILES, **reordering.FILES, **name_forms.FILES,
}


def render(name):
    """The exact bytes of data file `name`, rebuilt from its generator."""
    return FILES[name]().encode("utf-8")

"""Evaluation measures, through well-kept libraries where one exists.

Entity-level (span) scores come from `seqeval`, the standard re-implementation
of the CoNLL evaluation script: an entity counts only if its type and both of
its boundaries are right.
"""
import collections

import numpy as np
from seqeval.metrics import classification_report


def span_scores(true_tags, predicted_tags):
    """Precision, recall, F1 and support per entity type and overall (micro average).

    Both arguments are lists of tag lists (BIO), one per sentence. Returns
    {"PER": {...}, ..., "overall": {...}}, each with precision/recall/f1/support.
    """
    if len(true_tags) != len(predicted_tags) or any(
            len(t) != len(p) for t, p in zip(true_tags, predicted_tags)):
        raise ValueError("true and predicted tags must have the same number of sentences and tokens")
    report = classification_report(true_tags, predicted_tags, output_dict=True, zero_division=0)
    scores = {name: {"precision": float(v["precision"]), "recall": float(v["recall"]),
                     "f1": float(v["f1-score"]), "support": int(v["support"])}
              for name, v in report.items() if not name.endswith(" avg")}
    micro = report["micro avg"]
    scores["overall"] = {"precision": float(micro["precision"]), "recall": float(micro["recall"]),
                         "f1": float(micro["f1-score"]), "support": int(micro["support"])}
    return scores


def print_span_scores(scores, digits=3):
    """The scores as a rounded table, entity types alphabetically, overall last."""
    from .report import print_table

    names = sorted(n for n in scores if n != "overall") + ["overall"]
    print_table([(n, scores[n]["precision"], scores[n]["recall"], scores[n]["f1"], scores[n]["support"])
                 for n in names], ["entity", "precision", "recall", "F1", "support"], digits=digits)


def max_pooling_top_word(states, length):
    """The position that supplies the most dimensions of h_max (ties: the earlier word).

    Max pooling's nearest thing to attention's top word: `states` is (time,
    features) for one text, of which the first `length` steps are real words.
    """
    winners = np.argmax(np.asarray(states)[:length], axis=0)
    return int(np.bincount(winners, minlength=length).argmax())


def empirical_ceiling(inputs, labels):
    """The best accuracy any function of the inputs can reach on exactly these examples.

    Identical inputs must get the same prediction, so among the examples that
    share an input only those with its most frequent label can be right. 1.0
    means no input of this sample carries two labels; it cannot see ambiguity
    between texts that differ (a corpus's own Bayes rule can).
    """
    if len(inputs) != len(labels) or not labels:
        raise ValueError("need as many labels as inputs, and at least one")
    by_input = collections.defaultdict(collections.Counter)
    for x, y in zip(inputs, labels):
        by_input[x][y] += 1
    return sum(counts.most_common(1)[0][1] for counts in by_input.values()) / len(labels)

"""Notebook 11: names whose spelling reveals their kind, in sentences whose context only hints at it.

Every sentence holds one invented name, a person (PER), a place (LOC) or an
organisation (ORG), in English or Greek. The **suffix** decides the kind
(*Noahshire*, *Kelmarson*, *Dorentech*; *Καλομιούπολη*, *Παστάκης*); the
sentence around it only makes one kind more likely (*we drove to X on monday*
is usually a place, sometimes an organisation). So a tagger that sees the name
as `[UNK]` can at best guess from the context: the **context-only bound**
(`context_only_bound()`), computed exactly from the template table; a tagger
that reads the name's characters can reach the ceiling, 100 %. The test split
draws half of its names from names never used in training. Shipped as
`data/names_{split}.conll` (BIO tags; a `# name: seen|new` comment says whether
the sentence's name comes from the pool of training names or from the names
kept out of training).
"""
import random

from ..formats import format_conll

SUFFIXES = {
    "en": {"LOC": ["shire", "ville", "burg", "ford"], "PER": ["son", "ova", "ez"], "ORG": ["corp", "tech", "ware"]},
    "el": {"LOC": ["ούπολη", "όκαστρο"], "PER": ["ίδης", "άκης", "όπουλος"], "ORG": ["τεχνική", "λογική"]},
}
SYLLABLES = {
    "en": ["no", "ah", "kel", "mar", "ri", "ton", "bel", "sa", "dor", "fen", "li", "ra", "mo", "va", "tur", "gan"],
    "el": ["κα", "λο", "μι", "ρα", "πα", "νο", "στα", "θε", "δη", "ξε", "βα", "γι", "τσα", "φω", "χα", "ζο"],
}
TEMPLATES = {  # context -> P(kind of the name in it); X marks the name
    "en": [("we drove to X on monday .", {"LOC": 0.8, "ORG": 0.2}),
           ("X said the plan was good .", {"PER": 0.5, "ORG": 0.5}),
           ("i met X at the station .", {"PER": 0.7, "ORG": 0.3}),
           ("the report from X arrived late .", {"ORG": 0.4, "LOC": 0.3, "PER": 0.3}),
           ("X is growing fast .", {"ORG": 0.5, "LOC": 0.5})],
    # Greek frames hold the name in the nominative without an article (a sign, a quote's speaker, a label):
    # an article or a case ending would have to agree with the name's gender, and so give its kind away.
    "el": [("η πινακίδα έγραφε X , 20 χιλιόμετρα .", {"LOC": 0.8, "ORG": 0.2}),
           ("X : « το σχέδιο είναι καλό » .", {"PER": 0.5, "ORG": 0.5}),
           ("στο καρτελάκι στον σταθμό έγραφε X .", {"PER": 0.7, "ORG": 0.3}),
           ("αποστολέας : X , η αναφορά ήρθε αργά .", {"ORG": 0.4, "LOC": 0.3, "PER": 0.3}),
           ("X : ανάπτυξη 20 % φέτος .", {"ORG": 0.5, "LOC": 0.5})],
}
KINDS = ("PER", "LOC", "ORG")


def context_only_bound():
    """The accuracy on names of the best tagger that sees each name as [UNK]: guess the likeliest kind per context."""
    templates = [t for lang in TEMPLATES.values() for t in lang]
    return sum(max(kinds.values()) for _, kinds in templates) / len(templates)


def name_pool(lang, kind, n, rng, taken):
    """n new names of one kind: 2-3 syllables (capitalised) + a suffix of that kind, none in `taken`."""
    names = []
    while len(names) < n:
        stem = "".join(rng.choice(SYLLABLES[lang]) for _ in range(rng.randint(2, 3)))
        name = (stem + rng.choice(SUFFIXES[lang][kind])).capitalize()
        if name not in taken:
            taken.add(name)
            names.append(name)
    return names


def pools(seed=100, per_kind=60):
    """Two disjoint pools per (language, kind): names for training ("seen") and names kept for the test ("new")."""
    rng, taken = random.Random(seed), set()
    return {(lang, kind, which): name_pool(lang, kind, per_kind, rng, taken)
            for lang in SUFFIXES for kind in KINDS for which in ("seen", "new")}


def sentences(n_sentences, seed, new_share=0.0):
    """(tokens, tags, "seen"|"new") triples; with `new_share` that share of the names comes from the unseen pool."""
    rng, names = random.Random(seed), pools()
    out = []
    for _ in range(n_sentences):
        lang = rng.choice(sorted(TEMPLATES))
        template, kinds = rng.choice(TEMPLATES[lang])
        kind = rng.choices(list(kinds), list(kinds.values()))[0]
        which = "new" if rng.random() < new_share else "seen"
        name = rng.choice(names[lang, kind, which])
        tokens = [name if w == "X" else w for w in template.split()]
        out.append((tokens, [f"B-{kind}" if w == "X" else "O" for w in template.split()], which))
    return out


SPLITS = {"train": (3000, 111, 0.0), "validation": (300, 112, 0.5), "test": (1000, 113, 0.5)}  # size, seed, new share


def render(split):
    corpus = sentences(*SPLITS[split])
    return format_conll([t for t, _, _ in corpus], [g for _, g, _ in corpus], [{"name": w} for _, _, w in corpus])


FILES = {f"names_{split}.conll": (lambda split=split: render(split)) for split in SPLITS}

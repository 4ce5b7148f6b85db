"""Synthetic user comments, product tweets and multi-label comments (notebooks 06-07).

Each generator returns `LabelledText` records whose text is already tokenized
(lower case, single spaces, punctuation split off) and whose `causes` say which
token positions produced each label, so a notebook can measure whether
attention looks at the right words. Labels are a function of the text (the
ceiling is 100 %); what makes the tasks worth a model is where the causing
words sit and that some of them only count in context.

Template syntax: `{SLOT}` is filled from a word list, `{W}` from the word list
that goes with the frame, `{A}` becomes "a" or "an"; a token written
`*like_this*` (or a slot inside stars, `*{POSITIVE}*`) is a cause of the label.
The frames that carry a label also appear with harmless words, so no frame word
gives the label away: the model has to find the word that does.
"""
import collections
import random

LabelledText = collections.namedtuple("LabelledText", "text label causes extra")
LabelledText.__doc__ = """One labelled text.

text: str, tokens separated by single spaces; label: str (single-label) or
tuple of str (multi-label, in the label set's order); causes: {label: tuple of token positions};
extra: {column: str} for any other TSV columns (e.g. "kind").
"""

# --- Word lists --------------------------------------------------------------------

TOPICS = ["bridge", "budget", "election", "reform", "timetable", "match", "festival", "housing",
          "forecast", "library", "tax", "film", "recipe", "hospital", "museum", "strike", "park",
          "marathon", "concert", "harbour"]
RELATIVES = ["mother", "father", "neighbour", "friend", "sister", "brother", "teacher", "colleague"]
DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
NUMBERS = ["two", "three", "five", "ten", "twelve", "twenty"]
GOOD = ["interesting", "useful", "beautiful", "helpful", "clear", "fair"]
INSULTS = ["idiot", "moron", "imbecile", "loser", "clown", "fool", "jerk", "halfwit"]
PRAISE = ["genius", "hero", "legend", "star", "expert", "champion", "pro", "saint"]
ANIMALS = ["pig", "rat", "snake", "donkey", "worm"]  # insults only when aimed at a person

NEUTRAL = [  # sentences any comment may contain; note the decoys "not", "up", "lost", "to"
    "i read the article about the {TOPIC} this morning .",
    "the {TOPIC} was discussed at the meeting last {DAY} .",
    "thanks for sharing , the point about the {TOPIC} is {GOOD} .",
    "i do not agree with the author about the {TOPIC} .",
    "does anyone know when the {TOPIC} starts ?",
    "my {RELATIVE} says the {TOPIC} will change next year .",
    "the photos of the {TOPIC} are {GOOD} .",
    "we went to the {TOPIC} with the kids on {DAY} .",
    "i think the {TOPIC} needs more money and better planning .",
    "can someone explain why the {TOPIC} is delayed again ?",
    "the mayor promised to fix the {TOPIC} before summer .",
    "i have lived here for {NUMBER} years and the {TOPIC} never changed .",
    "great reporting , please write more about the {TOPIC} .",
    "the {TOPIC} is not perfect but it is a start .",
    "we should not forget the people who work on the {TOPIC} .",
    "my {RELATIVE} picked up the tickets for the {TOPIC} .",
    "i lost my ticket for the {TOPIC} on {DAY} .",
    "the numbers in the second paragraph look {GOOD} to me .",
]

# Frames aimed at a person. The same frames carry praise, so no frame word gives
# the label away: only the word in the slot {W} decides (or "not" before it).
AIMED = ["you are {A} {W} .", "what {A} {W} , seriously .", "only {A} {W} would write this .",
         "the author is {A} complete {W} .", "thank you , you {W} ."]
NEGATED = ["you are not {A} {W} .", "nobody here is {A} {W} ."]
ANIMAL_SCENES = ["{A} {W} ran across the road this morning .", "we saw {A} {W} at the farm on {DAY} .",
                 "the documentary about the {W} was {GOOD} ."]
PHRASES = ["*shut* *up* .", "*get* *lost* .", "*go* *to* *hell* ."]

MODERATION_KINDS = {  # kind -> (share, label, frames, slot words or None); causes = the starred words
    "clean": (0.30, "accept", None, None),
    "praise": (0.10, "accept", AIMED, PRAISE),
    "insult": (0.25, "reject", AIMED, INSULTS),
    "phrase": (0.10, "reject", PHRASES, None),
    "negated": (0.10, "accept", NEGATED, INSULTS + ANIMALS + PRAISE),
    "animal_aimed": (0.075, "reject", AIMED, ANIMALS),
    "animal_innocent": (0.075, "accept", ANIMAL_SCENES, ANIMALS),
}
MODERATION_LABELS = ("accept", "reject")

SLOTS = {"TOPIC": TOPICS, "RELATIVE": RELATIVES, "DAY": DAYS, "NUMBER": NUMBERS, "GOOD": GOOD}


def _article(word):
    return "an" if word[0] in "aeiou" else "a"


def _expand(template, rng, slot_words=None, label=None):
    """Fill a template -> (tokens, cause positions); {A} agrees with the next word.

    `{W}` takes a word from `slot_words` and is a cause when `label` says the
    clause carries a label; starred tokens are always causes.
    """
    tokens, causes = [], []
    for piece in template.split():
        cause = piece.startswith("*") and piece.endswith("*")
        piece = piece.strip("*") if cause else piece
        if piece == "{W}":
            piece, cause = rng.choice(slot_words), label is not None
        elif piece.startswith("{") and piece != "{A}":
            piece = rng.choice(SLOTS[piece[1:-1]])
        if cause:
            causes.append(len(tokens))
        tokens.append(piece)
    tokens = [_article(tokens[i + 1]) if t == "{A}" else t for i, t in enumerate(tokens)]
    return tokens, causes


def _compose(rng, clauses, n_neutral):
    """Neutral sentences with each (label, template, slot words) clause at a random place.

    Returns (text, {label: positions}); a clause with label None is a decoy.
    """
    parts = [(None, rng.choice(NEUTRAL), None) for _ in range(n_neutral)]
    for clause in clauses:
        parts.insert(rng.randint(0, len(parts)), clause)
    tokens, causes = [], {}
    for label, template, slot_words in parts:
        words, positions = _expand(template, rng, slot_words, label)
        if label is not None and positions:
            causes.setdefault(label, []).extend(len(tokens) + p for p in positions)
        tokens += words
    return " ".join(tokens), {k: tuple(v) for k, v in causes.items()}


def moderation_comments(n_comments, seed):
    """Comments labelled accept/reject; `extra["kind"]` says which case each is.

    A comment is 1-4 neutral sentences plus, except for "clean" ones, one clause
    placed anywhere: an insult, an animal aimed at a person or an abusive phrase
    (reject); the same frames with praise, a negated insult, or an animal in a
    harmless scene (accept). Causes are recorded for rejected comments only.
    """
    rng = random.Random(seed)
    kinds = list(MODERATION_KINDS)
    shares = [MODERATION_KINDS[k][0] for k in kinds]
    records = []
    for _ in range(n_comments):
        kind = rng.choices(kinds, shares)[0]
        _, label, frames, slot_words = MODERATION_KINDS[kind]
        clauses = [] if frames is None else [("reject" if label == "reject" else None,
                                              rng.choice(frames), slot_words)]
        text, causes = _compose(rng, clauses, rng.randint(1, 4))
        records.append(LabelledText(text, label, causes, {"kind": kind}))
    return records


# --- Product tweets: exactly one of four classes -----------------------------------

PRODUCTS = ["phone", "laptop", "headphones", "camera", "watch", "tablet", "speaker", "charger"]
PARTS = ["battery", "screen", "sound", "design", "price", "keyboard", "delivery", "case"]
POSITIVE = ["great", "amazing", "excellent", "fantastic", "perfect", "brilliant"]
NEGATIVE = ["terrible", "awful", "useless", "disappointing", "horrible", "poor"]
COLOURS = ["black", "white", "silver", "blue"]
TWEET_CLAUSES = {
    "positive": ["the {PART} is *{POSITIVE}*", "i *love* the {PART}", "*{POSITIVE}* {PART} on this {PRODUCT}"],
    "negative": ["the {PART} is *{NEGATIVE}*", "i *hate* the {PART}", "*{NEGATIVE}* {PART} on this {PRODUCT}"],
    "neutral": ["the {PART} is {COLOUR}", "just got the {PRODUCT} today", "the {PRODUCT} arrived on {DAY}",
                "the {PRODUCT} has a new {PART}", "does the {PRODUCT} come with a {PART} ?"],
}
TWEET_LABELS = ("positive", "negative", "neutral", "both")
SLOTS.update({"PRODUCT": PRODUCTS, "PART": PARTS, "POSITIVE": POSITIVE, "NEGATIVE": NEGATIVE,
              "COLOUR": COLOURS})


def product_tweets(n_tweets, seed):
    """Short tweets about a product: positive, negative, neutral, or both (one of each polarity).

    Causes map "positive"/"negative" to the sentiment words, so a "both" tweet
    records where each polarity was said.
    """
    rng = random.Random(seed)
    records = []
    for _ in range(n_tweets):
        label = rng.choice(TWEET_LABELS)
        polarities = ["positive", "negative"] if label == "both" else [label]
        rng.shuffle(polarities)
        clauses = [(p, rng.choice(TWEET_CLAUSES[p])) for p in polarities]
        if label != "both" and rng.random() < 0.6:
            clauses.insert(rng.randint(0, 1), (None, rng.choice(TWEET_CLAUSES["neutral"])))
        tokens, causes = [], {}
        for i, (polarity, template) in enumerate(clauses):
            if i:
                tokens.append("but" if label == "both" else rng.choice(["and", ","]))
            words, positions = _expand(template, rng)
            if polarity in ("positive", "negative"):
                causes[polarity] = tuple(len(tokens) + p for p in positions)
            tokens += words
        tokens += rng.choice([[], ["!"], ["so", "far"], ["today"]])
        records.append(LabelledText(" ".join(tokens), label, causes, {}))
    return records


# --- Multi-label comments: any subset of four labels -------------------------------

MULTI_LABEL_FRAMES = {  # label -> [(frame, words that give the label, harmless words for decoys)]
    "insult": [(frame, INSULTS, PRAISE) for frame in AIMED],
    "threat": [("i will {W} you .", ["hurt", "punch", "slap", "kick"], ["thank", "call", "email", "invite"]),
               ("someone should {W} the author .", ["hurt", "punch", "slap", "kick"],
                ["thank", "call", "email", "invite"])],
    "profanity": [("{W} , the {TOPIC} is late again .", ["damn", "hell", "crap", "bollocks"],
                   ["wow", "well", "oh", "look"])],
    "spam": [("visit my page for {W} .", ["prizes", "bitcoin", "pills", "casino"],
              ["photos", "recipes", "updates", "maps"])],
}
MULTI_LABELS = tuple(MULTI_LABEL_FRAMES)


def multi_label_comments(n_comments, seed, rate=0.3):
    """Comments with any subset of insult/threat/profanity/spam (each present with prob. `rate`).

    Every present label has its own clause somewhere in the comment and its own
    causes; an absent label's frame appears with a harmless word half the time, so
    only the slot word tells whether the label applies.
    """
    rng = random.Random(seed)
    records = []
    for _ in range(n_comments):
        labels, clauses = [], []
        for label in MULTI_LABELS:
            frame, bad, harmless = rng.choice(MULTI_LABEL_FRAMES[label])
            if rng.random() < rate:
                labels.append(label)
                clauses.append((label, frame, bad))
            elif rng.random() < 0.5:
                clauses.append((None, frame, harmless))
        text, causes = _compose(rng, clauses, rng.randint(1, 3))
        records.append(LabelledText(text, tuple(labels), causes, {}))
    return records

"""The template language and word lists shared by the comment and tweet corpora.

Template syntax: `{SLOT}` is filled from a word list, `{W}` from the word list
that goes with the frame, `{A}` becomes "a" or "an"; a token written
`*like_this*` (or a slot inside stars, `*{POSITIVE}*`) is a cause of the label.
The frames that carry a label also appear with harmless words, so no frame word
gives the label away: the model has to find the word that does.
"""

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

COMMENT_SLOTS = {"TOPIC": TOPICS, "RELATIVE": RELATIVES, "DAY": DAYS, "NUMBER": NUMBERS, "GOOD": GOOD}


def _article(word):
    return "an" if word[0] in "aeiou" else "a"


def expand(template, rng, slot_words=None, label=None, slots=None):
    """Fill a template -> (tokens, cause positions); {A} agrees with the next word.

    `{W}` takes a word from `slot_words` and is a cause when `label` says the
    clause carries a label; starred tokens are always causes. `slots` maps slot
    names to word lists (default: the comment slots).
    """
    slots = COMMENT_SLOTS if slots is None else slots
    tokens, causes = [], []
    for piece in template.split():
        cause = piece.startswith("*") and piece.endswith("*")
        piece = piece.strip("*") if cause else piece
        if piece == "{W}":
            piece, cause = rng.choice(slot_words), label is not None
        elif piece.startswith("{") and piece != "{A}":
            piece = rng.choice(slots[piece[1:-1]])
        if cause:
            causes.append(len(tokens))
        tokens.append(piece)
    tokens = [_article(tokens[i + 1]) if t == "{A}" else t for i, t in enumerate(tokens)]
    return tokens, causes


def compose(rng, clauses, n_neutral):
    """Neutral sentences with each (label, template, slot words) clause at a random place.

    Returns (text, {label: positions}); a clause with label None is a decoy.
    """
    parts = [(None, rng.choice(NEUTRAL), None) for _ in range(n_neutral)]
    for clause in clauses:
        parts.insert(rng.randint(0, len(parts)), clause)
    tokens, causes = [], {}
    for label, template, slot_words in parts:
        words, positions = expand(template, rng, slot_words, label)
        if label is not None and positions:
            causes.setdefault(label, []).extend(len(tokens) + p for p in positions)
        tokens += words
    return " ".join(tokens), {k: tuple(v) for k, v in causes.items()}

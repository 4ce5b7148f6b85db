"""Notebook 15: contract elements (after Chalkidis et al., ICAIL 2017), a second sequence-labelling task.

Clauses of made-up contracts, tagged BIO with six element types: PARTY (the contracting parties), START and
END (start and termination dates), VALUE (the contract value), LAW (the governing law) and COURT (the
jurisdiction). The same kind of phrase is an element or not, or one element or another, by its context
alone: a date is START after *commence on* or *from* and END after *terminate on* or *until*; an amount is the
VALUE after *the total value ... is* and no element as a late-payment fee; a place is LAW after *the laws
of* and COURT after *the courts of*; a company is a PARTY after *between* and no element as a supplier or a
bank. So the tags follow from each clause and the ceiling is 100 %. Generated in memory (milliseconds), not
shipped in data/.
"""
import random

TYPES = ("PARTY", "START", "END", "VALUE", "LAW", "COURT")
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
PLACES = ["Greece", "England", "Cyprus", "Ireland", "Malta", "Scotland", "Wales", "Portugal"]
SYLLABLES = ["ac", "bel", "cor", "dan", "el", "fra", "gam", "hel", "ion", "kal", "lex", "mar", "nor", "ost",
             "pra", "quin", "rho", "sal", "tor", "ver"]
SUFFIXES = ["Ltd", "S.A.", "GmbH", "plc", "Inc."]
CURRENCIES = ["EUR", "GBP", "USD"]
CLAUSES = [  # {X:TYPE} is an element of that type, {X:-} the same kind of phrase that is not an element
    "This Agreement is made between {ORG:PARTY} and {ORG:PARTY} .",
    "The Agreement shall commence on {DATE:START} and terminate on {DATE:END} .",
    "This Agreement is effective from {DATE:START} until {DATE:END} .",
    "The services end on {DATE:END} unless renewed .",
    "The total value of this Agreement is {AMOUNT:VALUE} .",
    "A late payment fee of {AMOUNT:-} applies to each invoice .",
    "This Agreement is governed by the laws of {PLACE:LAW} .",
    "Any dispute shall be settled by the courts of {PLACE:COURT} .",
    "Deliveries are made by {ORG:-} on behalf of {ORG:PARTY} .",
    "Payments are made to the account of {ORG:PARTY} at {ORG:-} .",
]


def _phrase(kind, rng):
    if kind == "DATE":
        return [str(rng.randint(1, 28)), rng.choice(MONTHS), str(rng.randint(2015, 2030))]
    if kind == "AMOUNT":
        return [rng.choice(CURRENCIES), f"{rng.randint(1, 900)},{rng.randint(0, 999):03d}"]
    if kind == "PLACE":
        return [rng.choice(PLACES)]
    name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    return [name, rng.choice(SUFFIXES)]


def contract_clauses(n_clauses=2000, seed=15):
    """[(tokens, BIO tags)] for `n_clauses` clauses drawn uniformly from CLAUSES (see the module docstring)."""
    rng = random.Random(seed)
    data = []
    for _ in range(n_clauses):
        tokens, tags = [], []
        for piece in rng.choice(CLAUSES).split():
            if piece.startswith("{"):
                kind, element = piece[1:-1].split(":")
                words = _phrase(kind, rng)
                tokens += words
                tags += ["O"] * len(words) if element == "-" else [f"B-{element}"] + [f"I-{element}"] * (len(words) - 1)
            else:
                tokens.append(piece)
                tags.append("O")
        data.append((tokens, tags))
    return data

"""Exercise 08.2: beam search over a next-token model, against the kit's `decoding.beam_search` and exhaustive search.

The student writes `beam_search(step, start_state, start_token, k, max_length, end_token, length_penalty=0.0)`
with the kit's callback contract, `step(tokens, state) -> (log_probs, state)` over a batch of live hypotheses
(`course_utils.decoding`), and returns the best hypothesis' generated tokens as a list of ints, the end token
last when it finished. The check's models are small sources of its own over 4-5 tokens (`Source`): a table of
next-token probabilities keyed by the whole prefix, so that a search must really keep each hypothesis' state.

The reference is exhaustive search over every sequence of up to `max_length` tokens where the beam is wide
enough to keep them all (the kit's beam search equals it there: `tests/test_coding_checks_more.py`), and the
kit's `beam_search` for narrow beams. Beam search has variants that differ when a hypothesis finishes (does it
take a place in the beam, or does the beam refill to k live ones?): the narrow-beam cases are drawn where the
usual variants agree, so any of them passes. The named mistakes are searches of `search` below with one
thing done wrong.
"""
import numpy as np

from .. import decoding
from .coding import Case, Test, coding_exercise

START = 0        # every source's start token: an id it (almost) never generates (its logit is -12)

GREEDY = ("k is ignored: this is greedy decoding (one hypothesis, the most probable token at each step); a beam "
          "keeps the k most probable partial hypotheses at every step")
END_IGNORED = ("the end token is treated like any other token: a hypothesis that generates end_token is finished; "
               "it stops growing and is returned with end_token last")
FINISHED_DROPPED = ("finished hypotheses are dropped: one that generates end_token is finished; keep it among the "
                    "results (it no longer grows) and compare it with the others at the end")
LIVE_DROPPED = ("the hypotheses still live after max_length tokens are left out: they count as results too")
NO_PENALTY = ("the length penalty is ignored: rank the results by log_prob / length ** length_penalty, where length "
              "is the number of generated tokens (the end token included)")
EXHAUSTIVE = ("it returns the most probable sequence of all (exhaustive search): a beam keeps only the k best "
              "partial hypotheses at each step, and may miss it")
PROBABILITIES = ("the probabilities are added, not the log-probabilities: a hypothesis' score is the sum of its "
                 "tokens' log-probabilities (the log of the product of their probabilities)")
WITH_START = "the start token is included: return the generated tokens only (the end token last when it finished)"


class Source:
    """A tiny next-token model: log P(next | prefix) from `table` (prefix of generated tokens -> probabilities),
    else drawn from a generator seeded by the prefix. Its state is the prefix itself, an int array of one row
    per hypothesis (start token first); `step` appends the tokens it is given."""

    def __init__(self, seed, vocabulary, end_token, end_bias=0.0, spread=1.5, table=None):
        self.seed, self.vocabulary, self.end_token = seed, vocabulary, end_token
        self.end_bias, self.spread, self.table, self.cache = end_bias, spread, table or {}, {}

    def log_probs(self, prefix):
        if prefix not in self.cache:
            generated = prefix[1:]
            if generated in self.table:
                probabilities = np.asarray(self.table[generated], dtype="float64")
                self.cache[prefix] = np.log(probabilities / probabilities.sum())
            else:
                logits = np.random.default_rng([self.seed, *prefix]).normal(0, self.spread, self.vocabulary)
                logits[self.end_token] += self.end_bias * len(generated)
                logits[START] = -12.0
                self.cache[prefix] = logits - np.logaddexp.reduce(logits)
        return self.cache[prefix]

    def __call__(self, tokens, state):
        tokens, state = np.asarray(tokens).reshape(-1), np.asarray(state)
        if len(tokens) != len(state):
            raise ValueError(f"step got {len(tokens)} tokens and a state of {len(state)} rows: give it the last "
                             f"token of each live hypothesis and the state rows that go with them (state[rows])")
        prefixes = np.concatenate([state, tokens[:, None].astype(state.dtype)], axis=1)
        if not len(prefixes):
            return np.zeros((0, self.vocabulary)), prefixes
        return np.stack([self.log_probs(tuple(int(t) for t in row)) for row in prefixes]), prefixes

    def start_state(self):
        return np.zeros((1, 0), dtype="int64")

    def __repr__(self):
        return f"Source(seed={self.seed}, vocabulary={self.vocabulary}, end_token={self.end_token})"


def exhaustive(source, max_length, length_penalty=0.0):
    """The best of every sequence the search can return: those that end with end_token and those of max_length."""
    best, best_score = None, -np.inf

    def visit(tokens, state, last, log_prob):
        nonlocal best, best_score
        log_probs, state = source(np.array([last]), state)
        for word in range(source.vocabulary):
            total, grown = log_prob + log_probs[0, word], tokens + [word]
            if word == source.end_token or len(grown) == max_length:
                score = total / len(grown) ** length_penalty
                if score > best_score:
                    best, best_score = grown, score
            else:
                visit(grown, state, word, total)

    visit([], source.start_state(), START, 0.0)
    return best


def search(source, k, max_length, length_penalty=0.0, ends="finish", keep_live=False, live_results=True,
           add="log"):
    """A beam search written out, with the variants and mistakes the check knows.

    ends: "finish" (a hypothesis that generates end_token is finished), "ignore" (it grows on), "drop" (it is
    thrown away). keep_live: the beam refills to k live hypotheses (finished ones take no place), or, with
    "all", every finished extension of a live hypothesis is kept. live_results: the live hypotheses after
    max_length tokens count as results. add: "log" (log-probabilities) or "probability".
    """
    live, state, finished = [([], 0.0)], source.start_state(), []
    for _ in range(max_length):
        log_probs, state = source(np.array([tokens[-1] if tokens else START for tokens, _ in live]), state)
        gain = np.exp(log_probs) if add == "probability" else log_probs
        candidates = sorted(((total + gain[row, word], row, word) for row, (_, total) in enumerate(live)
                             for word in range(source.vocabulary)), key=lambda c: -c[0])
        ending = [c for c in candidates if c[2] == source.end_token] if ends != "ignore" else []
        if keep_live == "all":
            chosen_ends = ending
        else:
            chosen_ends = [c for c in candidates[:k] if c in ending]
        if ends == "finish":
            finished += [(live[row][0] + [word], total) for total, row, word in chosen_ends]
        growing = [c for c in candidates if c not in ending]
        growing = growing[:k] if keep_live else [c for c in candidates[:k] if c not in ending]
        if not growing:
            live = []
            break
        live = [(live[row][0] + [word], total) for total, row, word in growing]
        state = state[[row for _, row, _ in growing]]
    results = finished + (live if live_results else [])
    if not results:
        return []
    return max(results, key=lambda r: r[1] / len(r[0]) ** length_penalty)[0]


def kit(source, k, max_length, length_penalty=0.0):
    return decoding.beam_search(source, source.start_state(), START, k, max_length, source.end_token,
                                length_penalty)[0].tokens


def mistakes(source, k, max_length, length_penalty):
    variants = (
        (GREEDY, dict(k=1)),
        (END_IGNORED, dict(ends="ignore")),
        (FINISHED_DROPPED, dict(ends="drop")),
        (FINISHED_DROPPED, dict(ends="drop", keep_live=True)),
        (LIVE_DROPPED, dict(live_results=False)),
        (NO_PENALTY, dict(length_penalty=0.0)),
        (PROBABILITIES, dict(add="probability")),
    )
    found = []
    for hint, change in variants:
        options = {**dict(k=k, max_length=max_length, length_penalty=length_penalty), **change}
        found.append((hint, np.array(search(source, **options), dtype="int64")))
    found.append((WITH_START, np.array([START, *kit(source, k, max_length, length_penalty)], dtype="int64")))
    found.append((EXHAUSTIVE, np.array(exhaustive(source, max_length, length_penalty), dtype="int64")))
    return tuple(found)


def variants_agree(source, k, max_length, length_penalty=0.0):
    """The kit's beam and the usual variants (a beam that refills to k live ones) return the same best."""
    best = kit(source, k, max_length, length_penalty)
    return all(search(source, k, max_length, length_penalty, keep_live=keep) == best for keep in (False, True, "all"))


def telling(source, k, max_length, length_penalty=0.0):
    """Two different mistakes never return the same wrong tokens here, so a search with one mistake is named
    for that mistake (not for another that happens to give the same answer on this source)."""
    right = kit(source, k, max_length, length_penalty)
    wrong = {}
    for hint, tokens in mistakes(source, k, max_length, length_penalty):
        if tokens.tolist() != right:
            wrong.setdefault(tuple(tokens.tolist()), set()).add(hint)
    return all(len(hints) == 1 for hints in wrong.values())


def make_case(name, source, k, max_length, length_penalty=0.0, expected=None):
    expected = kit(source, k, max_length, length_penalty) if expected is None else expected
    penalty = f", length_penalty={length_penalty:g}" if length_penalty else ""
    return Case(f"{name}: {source.vocabulary} tokens, end token {source.end_token}, k={k}, max_length={max_length}"
                f"{penalty}",
                (source, source.start_state(), START, k, max_length, source.end_token, length_penalty),
                np.array(expected, dtype="int64"), mistakes(source, k, max_length, length_penalty),
                output_names=("the tokens",))


def draw_source(rng, wanted, vocabulary=4, end_bias=0.8, spread=1.5, tries=400):
    """A random source for which `wanted(source)` holds (the first of `tries` seeds drawn from rng)."""
    for _ in range(tries):
        end_token = int(rng.integers(1, vocabulary))
        source = Source(int(rng.integers(2**31)), vocabulary, end_token, end_bias, spread)
        if wanted(source):
            return source
    raise RuntimeError("no source found")   # the tests draw every case, so this cannot reach a student


# The textbook search error: greedy takes "a" (0.5), after which nothing is likely; "b" (0.4) is followed by
# the end token with probability 0.9, so "b </s>" (0.36) beats anything after "a" (at most 0.2). Tokens: the
# start token 0 (never generated), "a" 1, "b" 2, the end token 3.
GREEDY_TRAP = {(): [1e-6, 0.5, 0.4, 0.1], (1,): [1e-6, 0.3, 0.3, 0.4], (2,): [1e-6, 0.05, 0.05, 0.9]}
# A beam of 2 misses the best too: "c" comes third at the first step (0.25) but then ends with probability 0.99,
# "c </s>" (0.2475) beating everything after "a" or "b" (at most 0.144). No end token is likely before that, so
# every variant of beam search returns the same. Tokens: start 0, "a" 1, "b" 2, "c" 3, the end token 4.
NARROW_TRAP = {(): [1e-6, 0.4, 0.35, 0.25, 1e-4], (1,): [1e-6, 0.36, 0.33, 0.31, 1e-4],
               (2,): [1e-6, 0.36, 0.33, 0.31, 1e-4], (3,): [1e-6, 0.003, 0.003, 0.004, 0.99]}


def greedy_is_one_beam(rng):
    cases = []
    for max_length in (4, 5):
        source = draw_source(rng, lambda s: telling(s, 1, max_length))
        assert kit(source, 1, max_length) == decoding.greedy(source, source.start_state(), START, max_length,
                                                             source.end_token)[0].tokens
        cases.append(make_case("k = 1, i.e. greedy", source, 1, max_length))
    return cases


def greedy_goes_wrong(rng):
    trap = Source(7, 4, 3, table=GREEDY_TRAP)

    def misleads(source):
        best = exhaustive(source, 4)
        return kit(source, 1, 4) != best == kit(source, 2, 4) and variants_agree(source, 2, 4) and telling(source, 2, 4)
    return [make_case("a trap for greedy", trap, 2, 4, expected=exhaustive(trap, 4)),
            make_case("a source where greedy goes wrong", draw_source(rng, misleads), 2, 4)]


def wide_beam(rng):
    cases = []
    for vocabulary, max_length in ((4, 4), (5, 3)):
        k = (vocabulary - 1) ** (max_length - 1)      # every live hypothesis fits: the beam is exhaustive
        source = draw_source(rng, lambda s: kit(s, 1, max_length) != exhaustive(s, max_length)
                             and telling(s, k, max_length), vocabulary=vocabulary)
        cases.append(make_case("a beam wide enough to keep every hypothesis", source, k, max_length,
                               expected=exhaustive(source, max_length)))
    return cases


def narrow_beams(rng):
    trap = Source(11, 5, 4, table=NARROW_TRAP)
    cases = [make_case("a trap for a narrow beam", trap, 2, 3)]
    for k, max_length in ((2, 5), (3, 6)):
        def wanted(source, k=k, max_length=max_length):
            return (kit(source, k, max_length) != kit(source, 1, max_length) and variants_agree(source, k, max_length)
                    and telling(source, k, max_length))
        cases.append(make_case("a narrow beam on a random source", draw_source(rng, wanted, end_bias=0.5), k,
                               max_length))
    return cases


def unfinished(rng):
    def wanted(source):
        best = kit(source, 3, 4)
        return source.end_token not in best and variants_agree(source, 3, 4) and telling(source, 3, 4)
    return [make_case("a source that seldom ends", draw_source(rng, wanted, end_bias=-1.0), 3, 4)]


def length_penalty(rng):
    cases = []
    for vocabulary, k, max_length in ((4, 27, 4), (4, 3, 5)):
        def wanted(source, k=k, max_length=max_length):
            best = kit(source, k, max_length, 1.0)
            return (best != kit(source, k, max_length) and variants_agree(source, k, max_length, 1.0)
                    and telling(source, k, max_length, 1.0))
        source = draw_source(rng, wanted, vocabulary=vocabulary, end_bias=0.3)
        wide = k >= (vocabulary - 1) ** (max_length - 1)
        cases.append(make_case("the length penalty", source, k, max_length, 1.0,
                               expected=exhaustive(source, max_length, 1.0) if wide else None))
    return cases


def drawn_once(cases):
    """`cases`, drawn once for each seed: the engine draws a test's cases to call the function and again to judge
    it, and drawing sources that show each mistake apart costs most of this check's time."""
    memo = {}

    def cases_of(rng):
        key = repr(rng.bit_generator.state)
        if key not in memo:
            memo[key] = cases(rng)
        return memo[key]
    return cases_of


ex08_2 = coding_exercise(
    "ex08_2", "Exercise 08.2 (beam search)",
    [Test("k = 1 is greedy decoding", drawn_once(greedy_is_one_beam)),
     Test("a source where greedy goes wrong (k = 2)", drawn_once(greedy_goes_wrong)),
     Test("a wide beam finds the most probable sequence", drawn_once(wide_beam)),
     Test("narrow beams (k = 2, 3) on random sources", drawn_once(narrow_beams)),
     Test("hypotheses still live after max_length tokens", drawn_once(unfinished)),
     Test("the length penalty", drawn_once(length_penalty))],
    "Exercise 08.2: check beam_search(step, start_state, start_token, k, max_length, end_token, length_penalty) "
    "against exhaustive search and cu.decoding.beam_search (pass the function itself).",
    seed=802)

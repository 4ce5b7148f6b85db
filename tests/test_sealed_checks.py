"""The checks students receive are sealed: they judge every answer as the readable answer key does, and the
installed kit holds no expected value in clear."""
import json
import re

import numpy as np
import pytest

import answers
from course_utils import checks
from course_utils.checks import core, sealed
from course_utils.instructor import seal

NAMES = list(answers.REGISTRY)


def test_the_sealed_file_is_what_the_answer_key_gives():
    assert seal.SEALED.read_text(encoding="utf-8") == seal.sealed_text(answers.REGISTRY), \
        "an answer changed in answers/: run python -m course_utils.instructor.seal"
    assert list(checks.REGISTRY) == NAMES


def answers_to_try(rule):
    """The right answer, every named mistake, and the near misses a student makes."""
    expected = rule.expected
    yield from (..., expected, *(wrong for wrong, _ in rule.mistakes), "nonsense", None, True, -1, 2.5)
    if isinstance(rule, core.Shape):
        yield from (expected[::-1], list(expected), tuple(float(x) for x in expected), expected[:-1],
                    expected + (1,), (0,) * len(expected), tuple(np.int64(x) for x in expected))
        for i in range(len(expected)):
            for changed in (expected[i] + 1, 2 * expected[i], 1):
                yield expected[:i] + (changed,) + expected[i + 1:]
    elif isinstance(rule, core.Count):
        yield from (expected + 1, expected - 1, 2 * expected, float(expected), str(expected), np.int64(expected))
    else:
        for option in rule.options:
            yield from (option, f" {option.upper()} ", option.replace("-", " \u2212 "))


@pytest.mark.parametrize("name", NAMES)
def test_a_sealed_check_says_what_the_readable_one_says(name):
    key, shipped = answers.REGISTRY[name], checks.REGISTRY[name]
    assert (shipped.title, shipped.sizes, shipped.follows, shipped.__doc__) == \
        (key.title, key.sizes, key.follows, key.__doc__)
    assert list(shipped.spec) == list(key.spec)
    tried = 0
    for item, rule in key.spec.items():
        assert type(shipped.spec[item]) is type(rule)
        for answer in answers_to_try(rule):
            assert shipped.spec[item].judge(item, answer) == rule.judge(item, answer), (item, answer)
            tried += 1
    assert tried >= 10 * len(key.spec)


@pytest.mark.parametrize("name", NAMES)
def test_the_shipped_spec_shows_no_answer(name):
    for item, rule in checks.REGISTRY[name].spec.items():
        assert isinstance(rule.expected, core.Sealed) and repr(rule.expected) == "<sealed>", item
        assert all(isinstance(wrong, core.Sealed) for wrong, _ in rule.mistakes), item
    text = json.dumps(sealed.check_to_json(answers.REGISTRY[name]))
    for item, rule in answers.REGISTRY[name].spec.items():
        if isinstance(rule, core.Shape):
            assert repr(rule.expected) not in text and repr(list(rule.expected)) not in text, item
        elif isinstance(rule, core.Count):   # a count is spelled out nowhere, not even in a hint
            assert not re.search(rf"\b({rule.expected}|{rule.expected:,})\b", text), item


def test_every_sealed_value_is_a_digest():
    data = json.loads(seal.SEALED.read_text(encoding="utf-8"))
    digests = [d for check in data.values() for rule in check["spec"].values()
               for d in [rule["expected"], *rule["axes"], *(wrong for wrong, _ in rule["mistakes"])]]
    assert digests and all(re.fullmatch(r"[0-9a-f]{32}", d) for d in digests)


def test_accepts_says_whether_values_are_right_without_showing_them():
    assert checks.ex01.accepts(E=(300, 10_000), parameters=3_000_000)
    assert not checks.ex01.accepts(E=(300, 10_000), parameters=3_000)
    assert not checks.ex01.accepts(E="300x10000")
    with pytest.raises(TypeError, match="no answer named 'e'"):
        checks.ex01.accepts(e=(300, 10_000))
    with pytest.raises(TypeError, match="at least one answer"):
        checks.ex01.accepts()


def test_equal_answers_seal_alike():
    context = "ex:item"
    assert core.seal(context, (300, 1)) == [300.0, np.int64(1)]
    assert core.seal(context, 5) != 6 and core.seal(context, "h(M)_i") != "h(m)_i"
    assert core.digest("a:x", 5) != core.digest("a:y", 5), "the same value in two places seals differently"


def test_the_seal_tool_says_when_the_file_is_stale(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(seal, "SEALED", tmp_path / "sealed.json")
    assert seal.main(["--check"]) == 1 and "OUT OF DATE" in capsys.readouterr().out
    assert seal.main([]) == 0 and seal.main(["--check"]) == 0
    assert (tmp_path / "sealed.json").read_text(encoding="utf-8") == seal.SEALED.read_text(encoding="utf-8")

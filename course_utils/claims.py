"""Claims about trained models: asserted with the notebook's settings, reported under a student's changes.

Every lecture notebook's CONFIG cell ends with

    CHANGES = dict()     # What to try: your changes, e.g. dict(epochs=1)
    claim = cu.claims.Claims(CONFIG, CHANGES)

`Claims` applies CHANGES to CONFIG. With no changes each claim is an `assert` (nbval and the portability
sweep run the notebooks so, and the margins are chosen to hold there). With changes, a claim that fails
prints one line, what was measured and what the notebook's own settings guarantee, and the notebook goes
on: an experiment the notebook invites is not an error.

A notebook writes a claim as `assert claim.at_least(...)`, so a reader sees an assertion where one is made.
The claim raises its own AssertionError, which names the measured value and the bound; otherwise it returns
True: the claim held, or it was reported under the student's changes and the notebook goes on.

    >>> claim = Claims({"epochs": 2}, {"epochs": 1})
    >>> assert claim.at_least("the hit rate", 0.62, 0.8)
    with your settings (epochs=1) the hit rate is 0.62; with the notebook's it is at least 0.8
    >>> assert Claims({"epochs": 2}, {}).at_least("the hit rate", 0.62, 0.8)
    Traceback (most recent call last):
    AssertionError: the hit rate is 0.62; with the notebook's settings it is at least 0.8
"""
import numbers


def _shown(value):
    """Numbers to three significant digits, anything else as repr."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return f"{float(value):.3g}"
    return repr(value)


class Claims:
    """Apply a student's CHANGES to CONFIG; then assert claims, or report them once CONFIG was changed."""

    def __init__(self, config, changes):
        unknown = sorted(set(changes) - set(config))
        if unknown:
            raise KeyError(f"CHANGES names {', '.join(map(repr, unknown))}, which CONFIG does not have; "
                           f"CONFIG's settings are: {', '.join(config)}")
        self.changes = {k: v for k, v in changes.items() if config[k] != v}
        config.update(changes)
        self.reported = []     # the claims that did not hold under the changes, as printed

    @property
    def changed(self):
        """True once CHANGES alters a setting: claims then report instead of stopping the notebook."""
        return bool(self.changes)

    def describe_changes(self):
        """name=value for each change; your own files (`data`) by their format only, not their paths."""
        return ", ".join(f"data=your {value.get('format')} files" if name == "data" and isinstance(value, dict)
                         else f"{name}={value!r}" for name, value in self.changes.items())

    def _settle(self, holds, measured, guaranteed):
        """True if the claim holds; else raise (notebook's settings) or print one line and return True (changes)."""
        if holds:
            return True
        if not self.changed:
            raise AssertionError(f"{measured}; with the notebook's settings {guaranteed}")
        line = f"with your settings ({self.describe_changes()}) {measured}; with the notebook's {guaranteed}"
        self.reported.append(line)
        print(line)
        return True

    def at_least(self, what, value, bound):
        """`what` (a measured number) is at least `bound`."""
        return self._settle(value >= bound, f"{what} is {_shown(value)}", f"it is at least {_shown(bound)}")

    def at_most(self, what, value, bound):
        """`what` (a measured number) is at most `bound`."""
        return self._settle(value <= bound, f"{what} is {_shown(value)}", f"it is at most {_shown(bound)}")

    def between(self, what, value, low, high):
        """`what` lies in [low, high]."""
        return self._settle(low <= value <= high, f"{what} is {_shown(value)}",
                     f"it is between {_shown(low)} and {_shown(high)}")

    def holds(self, statement, condition):
        """A claim that is no single number, e.g. "most misses land next to a cause"."""
        return self._settle(bool(condition), f"it is not so that {statement}", "it is")

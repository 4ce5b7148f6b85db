"""make test-latest skips only when the newest releases are exactly the versions make test ran with."""
import sys

from integration_tests import newer_than_pins


def test_identical_environments_have_no_differences_but_the_kit_and_installers_are_not_compared():
    pinned = {"keras": "3.15.1", "numpy": "2.4.6", "pip": "24.0", "course-utils": "0.1.0"}
    latest = {"keras": "3.15.1", "numpy": "2.4.6", "pip": "25.3", "course-utils": "0.1.0"}
    assert newer_than_pins.differences(pinned, latest) == []


def test_a_newer_release_and_a_distribution_the_pinned_set_lacks_are_both_differences():
    pinned = {"keras": "3.15.1", "numpy": "2.4.6"}
    latest = {"keras": "3.16.0", "numpy": "2.4.6", "ml-dtypes": "0.6.0"}
    assert newer_than_pins.differences(pinned, latest) == [("keras", "3.15.1", "3.16.0"),
                                                           ("ml-dtypes", None, "0.6.0")]


def test_the_same_interpreter_twice_reports_identical_and_exits_3(capsys):
    assert newer_than_pins.main([sys.executable, sys.executable]) == newer_than_pins.SAME
    assert "identical" in capsys.readouterr().out

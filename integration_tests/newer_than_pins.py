"""Does the newest-releases environment differ from the pinned one? `make test-latest` asks this first.

    python integration_tests/newer_than_pins.py .venv/bin/python .venv-latest/bin/python

Prints every distribution whose version in the second environment differs from the first (or is missing
there) and exits 0; when all are identical it says so and exits 3: `make test` has then already run the
same tests with exactly these versions, and running them again would only repeat it.
"""
import json
import subprocess
import sys

SAME = 3
NOT_COMPARED = {"course-utils", "pip", "setuptools", "wheel"}   # the kit itself, and the installers


def versions(python):
    """{distribution name: version} of the environment whose interpreter is `python`."""
    listed = subprocess.run([python, "-m", "pip", "list", "--format=json", "--disable-pip-version-check"],
                            check=True, capture_output=True, text=True).stdout
    return {d["name"].lower().replace("_", "-"): d["version"] for d in json.loads(listed)}


def differences(pinned, latest):
    """(name, pinned version or None, latest version) for every distribution of `latest` that differs."""
    return sorted((name, pinned.get(name), version) for name, version in latest.items()
                  if name not in NOT_COMPARED and pinned.get(name) != version)


def main(argv=None):
    pinned_python, latest_python = argv or sys.argv[1:]
    latest = versions(latest_python)
    changed = differences(versions(pinned_python), latest)
    if not changed:
        print(f"test-latest: the newest releases are the pinned ones ({len(latest)} distributions, identical): "
              "make test has run these tests with exactly these versions")
        return SAME
    print(f"test-latest: {len(changed)} distribution(s) newer than, or absent from, the pinned set:")
    for name, old, new in changed:
        print(f"  {name}: {old or 'not in the pinned set'} -> {new}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Seal the exercises' answers: the readable specs of `answers/` -> `course_utils/checks/sealed.json`.

    python -m course_utils.instructor.seal           # after changing an exercise's spec in answers/
    python -m course_utils.instructor.seal --check   # is sealed.json what answers/ gives? (the tests ask this too)

Run it from the course repository: `answers/` is the instructor's and is not in the wheel. The output is
deterministic, so an unchanged spec leaves the file byte for byte as it was.
"""
import argparse
import importlib
import json
import pathlib
import sys

from course_utils.checks import sealed

SEALED = pathlib.Path(sealed.__file__).with_name("sealed.json")


def readable_checks():
    """The checks of `answers/`, which only a checkout of the repository has."""
    try:
        return importlib.import_module("answers").REGISTRY
    except ModuleNotFoundError as err:
        if err.name != "answers":
            raise
        raise SystemExit("no readable answers here: run this from the course repository, whose answers/ folder "
                         "holds them (the installed kit has only the sealed copy)") from None


def sealed_text(checks):
    data = {name: sealed.check_to_json(judge) for name, judge in checks.items()}
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether sealed.json is up to date")
    args = parser.parse_args(argv)
    text = sealed_text(readable_checks())
    fresh = SEALED.is_file() and SEALED.read_text(encoding="utf-8") == text
    if args.check:
        print(f"{SEALED}: {'up to date' if fresh else 'OUT OF DATE: run python -m course_utils.instructor.seal'}")
        return 0 if fresh else 1
    if not fresh:
        SEALED.write_text(text, encoding="utf-8")
    print(f"{SEALED}: {len(json.loads(text))} checks sealed{'' if not fresh else ' (unchanged)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

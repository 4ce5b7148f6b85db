"""Rebuild (or check) every file in data/ and the package's checksums from the generators in `course_utils.corpora`.

    python -m course_utils.instructor.data           write data/ and course_utils/data_checksums.json
    python -m course_utils.instructor.data --check   exit 1 if a file or a checksum differs from its generator

The checksums are what an installed kit (no data/ beside it) verifies its regenerated files against.
"""
import argparse
import json
import pathlib
import sys

from ..corpora import FILES, render
from ..data import CHECKOUT_DATA_DIR, CHECKSUMS_FILE, checksums_of


def main(argv=None):
    parser = argparse.ArgumentParser(description="Rebuild (or check) the files in data/ and their checksums.")
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if a file in data/ or a checksum differs from its generator")
    parser.add_argument("--data-dir", type=pathlib.Path, default=CHECKOUT_DATA_DIR)
    parser.add_argument("--checksums", type=pathlib.Path, default=CHECKSUMS_FILE,
                        help="the package's checksum file (default: %(default)s)")
    args = parser.parse_args(argv)
    contents = {name: render(name) for name in sorted(FILES)}
    checksums = json.dumps(checksums_of(contents), indent=1) + "\n"
    stale = []
    for name, content in contents.items():
        path = args.data_dir / name
        if args.check:
            if not path.exists() or path.read_bytes() != content:
                stale.append(name)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            print(f"wrote {path} ({len(content):,} bytes)")
    if args.check:
        if not args.checksums.exists() or args.checksums.read_text(encoding="utf-8") != checksums:
            stale.append(args.checksums.name)
    else:
        args.checksums.write_text(checksums, encoding="utf-8")
        print(f"wrote {args.checksums} ({len(contents)} checksums)")
    if stale:
        print("out of date (run python -m course_utils.instructor.data):", ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

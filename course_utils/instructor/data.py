"""Rebuild (or check) every file in data/ from its generator in `course_utils.corpora`.

    python -m course_utils.instructor.data           write data/
    python -m course_utils.instructor.data --check   exit 1 if a file differs from its generator
"""
import argparse
import pathlib
import sys

from ..corpora import DATA_DIR, FILES, render


def main(argv=None):
    parser = argparse.ArgumentParser(description="Rebuild (or check) the files in data/.")
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if a file in data/ differs from its generator")
    parser.add_argument("--data-dir", type=pathlib.Path, default=DATA_DIR)
    args = parser.parse_args(argv)
    stale = []
    for name in sorted(FILES):
        path, content = args.data_dir / name, render(name)
        if args.check:
            if not path.exists() or path.read_bytes() != content:
                stale.append(name)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            print(f"wrote {path} ({len(content):,} bytes)")
    if stale:
        print("out of date (run python -m course_utils.instructor.data):", ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

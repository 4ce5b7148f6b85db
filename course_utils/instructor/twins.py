"""Instructor command: write the notebooks' py:percent twins in twins/, or bring edited twins back.

    python -m course_utils.instructor.twins notebooks/*.ipynb solutions/*.ipynb          # notebook -> twin
    python -m course_utils.instructor.twins --from-twins notebooks/07_*.ipynb            # twin -> notebook

The twins make reviews and diffs readable. The notebooks themselves carry no jupytext pairing, so a
student who saves a notebook in JupyterLab writes that notebook only, never a tracked twin; the run
command writes the twins after executing. `--from-twins` takes the cells of an edited twin and keeps the
notebook's stored outputs where a cell is unchanged (re-execute afterwards).
"""
import argparse
import copy
import pathlib
import sys

import jupytext
import nbformat
from jupytext.combine import combine_inputs_with_outputs

FORMAT = "py:percent"
CELL_METADATA = {"notebooks": "tags,-all", "solutions": "-all"}   # lecture twins keep the nbval tags


def twin_path(path):
    """twins/<folder>/<name>.py beside the notebook's folder, or None for a folder without twins."""
    path = pathlib.Path(path)
    if path.parent.name not in CELL_METADATA:
        return None
    return path.parent.parent / "twins" / path.parent.name / path.with_suffix(".py").name


def twin_text(nb, folder):
    """The twin of `nb`; its header records the pairing, for maintainers who open twins in Jupyter."""
    nb = copy.deepcopy(nb)
    nb.metadata["jupytext"] = {"cell_metadata_filter": CELL_METADATA[folder],
                               "formats": f"ipynb,../twins/{folder}//{FORMAT}"}
    return jupytext.writes(nb, fmt=FORMAT)


def write_twin(path, nb=None):
    """Write the twin of the notebook at `path` (if its folder has twins); returns the twin's path or None."""
    twin = twin_path(path)
    if twin is None or not twin.parent.is_dir():
        return None
    nb = nb if nb is not None else nbformat.read(path, as_version=4)
    twin.write_text(twin_text(nb, pathlib.Path(path).parent.name), encoding="utf-8")
    return twin


def from_twin(path):
    """Replace the notebook's cells by its twin's, keeping the outputs of unchanged cells."""
    path = pathlib.Path(path)
    stored = nbformat.read(path, as_version=4)
    edited = jupytext.read(twin_path(path), fmt=FORMAT)
    nb = combine_inputs_with_outputs(edited, stored, fmt=FORMAT)
    nb.metadata = {k: v for k, v in stored.metadata.items() if k != "jupytext"}
    path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(description="Write notebooks' twins, or update notebooks from their twins.")
    parser.add_argument("paths", nargs="+", type=pathlib.Path)
    parser.add_argument("--from-twins", action="store_true", help="update each notebook from its edited twin")
    args = parser.parse_args(argv)
    unpaired = [str(p) for p in args.paths if twin_path(p) is None or not p.is_file()]
    if unpaired:
        parser.error(f"not a notebook in notebooks/ or solutions/: {', '.join(unpaired)}")
    for path in args.paths:
        if args.from_twins:
            from_twin(path)
            print(f"{path} <- {twin_path(path)}")
        else:
            print(f"{path} -> {write_twin(path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

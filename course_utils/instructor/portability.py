"""Instructor check: does every claim of a notebook hold on other seeds and other CPUs?

    python -m course_utils.instructor.portability notebooks/*.ipynb
    python -m course_utils.instructor.portability --seeds 6 --isa SSE41,AVX2 notebooks/03_gru_and_lstm.ipynb

Training results change with the seed and with the CPU's vector instructions
(oneDNN picks its kernels by instruction set), so a claim asserted on one
machine with one seed may fail for a student. This command executes each
notebook, without storing anything, once per configuration:

- its own seed under each `--isa` value (`ONEDNN_MAX_CPU_ISA`; "default" is
  the machine's own), and
- `--seeds - 1` other seeds (via `COURSE_SEED`, which `cu.setup` honours) on the
  default instruction set,

and prints a table of notebook x seed x instruction set: passed, or the first
failing assert. Runs with the notebook's own seed are also compared with the
stored outputs: a cell compared by nbval (not tagged `nbval-ignore-output`)
whose output changes is an *exact* output that is not exact, and is reported as
drift. Exits 1 if any run failed or drifted. `--measured FILE` keeps what the
measured cells printed in every run, to read how much margin each claim has.
"""
import argparse
import copy
import pathlib
import re
import sys
import time

import nbformat
from nbclient.exceptions import CellExecutionError

from ..report import print_table
from .run import run_notebook

IGNORE_TAG = "nbval-ignore-output"
OTHER_SEEDS = (101, 202, 303, 404, 505)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def own_seed(nb):
    """The seed passed to cu.setup(...) in the notebook's first cells (None if there is none)."""
    for cell in nb.cells:
        match = re.search(r"cu\.setup\(seed=(\d+)", cell.source) if cell.cell_type == "code" else None
        if match:
            return int(match.group(1))
    return None


def compared_text(cell):
    """What nbval compares of a cell's outputs (text, HTML, errors; not images)."""
    parts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            parts += [output.data[k] for k in ("text/plain", "text/html") if k in output.data]
        elif output.output_type == "error":
            parts.append(output.ename)
    return re.sub(r"at 0x[0-9a-f]+", "at 0xADDRESS", "".join(parts))


def first_failure(error, nb):
    """`cell N: <the failing line>` from a CellExecutionError."""
    failed = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"
                   and any(o.output_type == "error" for o in c.get("outputs", []))), None)
    arrows = [line for line in _ANSI.sub("", str(error)).splitlines() if line.lstrip().startswith("---->")]
    where = arrows[-1].split("---->", 1)[1].strip() if arrows else ""
    where = re.sub(r"^\d+\s+", "", where)
    code_index = sum(1 for c in nb.cells[:failed] if c.cell_type == "code") if failed is not None else "?"
    message = f"{error.ename}: {error.evalue}".rstrip(": ") if error.evalue else error.ename
    return f"code cell {code_index}: {where or message}" + (f" ({message})" if where and error.evalue else "")


def drifted_cells(stored, executed):
    """Code cells compared by nbval whose outputs differ between the stored and the executed notebook."""
    drift, code_index = [], -1
    for old, new in zip(stored.cells, executed.cells):
        if old.cell_type != "code":
            continue
        code_index += 1
        if IGNORE_TAG not in old.metadata.get("tags", []) and compared_text(old) != compared_text(new):
            drift.append(code_index)
    return drift


def measured_text(nb):
    """The text printed by every measured cell (tagged nbval-ignore-output) of an executed notebook."""
    code_index, parts = -1, []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        code_index += 1
        text = "".join(o.text for o in cell.get("outputs", []) if o.output_type == "stream").strip()
        if IGNORE_TAG in cell.metadata.get("tags", []) and text:
            parts.append(f"code cell {code_index}:\n{text}")
    return "\n".join(parts)


def check(path, seed, isa, timeout=600, measured=None):
    """Execute `path` once with `seed` and `isa`; returns (status, detail, seconds).

    `measured`, an open file, receives what the measured cells printed (the margins of their claims).
    """
    stored = nbformat.read(path, as_version=4)
    nb = copy.deepcopy(stored)
    for cell in nb.cells:        # cells after a failure then show nothing, not the stored run's outputs
        if cell.cell_type == "code":
            cell.outputs = []
    env = {"COURSE_SEED": str(seed)}
    if isa != "default":
        env["ONEDNN_MAX_CPU_ISA"] = isa
    start = time.perf_counter()
    try:
        run_notebook(nb, path.parent, timeout, env=env)
    except CellExecutionError as error:
        return "FAILED", first_failure(error, nb), time.perf_counter() - start
    finally:
        if measured is not None:
            measured.write(f"## {path.name}, seed {seed}, ISA {isa}\n{measured_text(nb)}\n\n")
            measured.flush()
    seconds = time.perf_counter() - start
    if seed == own_seed(stored):
        drift = drifted_cells(stored, nb)
        if drift:
            return "DRIFT", f"exact output changed in code cell(s) {', '.join(map(str, drift))}", seconds
    return "passed", "", seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description="Check a notebook's claims across seeds and CPU instruction sets.")
    parser.add_argument("paths", nargs="+", type=pathlib.Path)
    parser.add_argument("--seeds", type=int, default=6, help="the notebook's own seed plus N-1 others (default 6)")
    parser.add_argument("--isa", default="SSE41,AVX2",
                        help="ONEDNN_MAX_CPU_ISA values to try with the notebook's own seed (default SSE41,AVX2)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    parser.add_argument("--measured", type=pathlib.Path, metavar="FILE",
                        help="append what every measured cell printed, run by run, to FILE (the claims' margins)")
    args = parser.parse_args(argv)
    missing = [str(p) for p in args.paths if not p.is_file()]
    if missing:
        parser.error(f"no such notebook: {', '.join(missing)}")
    isas = [i.strip() for i in args.isa.split(",") if i.strip()]
    rows, bad = [], 0
    measured = args.measured.open("a", encoding="utf-8") if args.measured else None
    for path in args.paths:
        seed = own_seed(nbformat.read(path, as_version=4))
        if seed is None:
            print(f"{path}: no cu.setup(seed=...) call, skipped", file=sys.stderr)
            continue
        configurations = [(seed, "default")] + [(s, "default") for s in OTHER_SEEDS[:args.seeds - 1]]
        configurations += [(seed, isa) for isa in isas if isa != "default"]
        for run_seed, isa in configurations:
            print(f"{path} seed {run_seed} ISA {isa} ...", end="", file=sys.stderr, flush=True)
            status, detail, seconds = check(path, run_seed, isa, args.timeout, measured)
            print(f" {status} ({seconds:.0f} s)", file=sys.stderr)
            bad += status != "passed"
            label = f"{run_seed} (own)" if run_seed == seed else str(run_seed)
            rows.append((path.name, label, isa, status, f"{seconds:.1f}", detail))
    print_table(rows, ["notebook", "seed", "ISA", "result", "seconds", "first failing assert / drift"])
    print(f"{len(rows) - bad} of {len(rows)} runs passed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

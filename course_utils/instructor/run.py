"""Instructor command: execute notebooks headless, store normalised outputs, time them against the floor.

    python -m course_utils.instructor.run notebooks/*.ipynb solutions/*.ipynb
    python -m course_utils.instructor.run --no-write --profile 5 notebooks/08_language_models.ipynb
    python -m course_utils.instructor.run --runtimes notebooks/*.ipynb     # also rewrite the headers' runtimes
    python -m course_utils.instructor.run --no-write --fits notebooks/*.ipynb   # what each model costs once

Each notebook runs in a fresh kernel of the current Python environment, in the
notebook's own folder, like nbval does. Stored files carry no per-cell
timestamps or machine-specific metadata, so running twice on an unchanged
notebook leaves the file byte-identical. A notebook that fails is left as it
was on disk. After a run, the notebook's py:percent twin in twins/ is rewritten.

Seconds do not transfer between machines; ratios do. So the run also times the
floor, a notebook that only imports the kit and Keras (kernel start included),
before the first notebook and after the last, and prints each notebook's time
as a multiple of the floor's mean: a lecture notebook may take 4 floors, an
exercise solution 2, the lecture notebooks together 30.
"""
import argparse
import datetime
import os
import pathlib
import re
import sys
import tempfile
import time

import ipykernel.kernelspec
import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from .. import runtime
from ..report import print_table
from . import fit_log
from .twins import write_twin

FAILURES = (CellExecutionError, CellTimeoutError, DeadKernelError)   # one notebook's; the run goes on
BUDGETS = {"notebooks": 4, "solutions": 2, "exercises": 2}   # floors per notebook, by folder
COURSE_BUDGET = 30          # floors for all lecture notebooks together
FLOOR_CELL = "import course_utils as cu\ncu.setup(seed=0)\nimport keras"
# A lecture notebook's header says how long it takes in the words below; `--runtimes` writes them.
RUNTIME = re.compile(r"\*\*Runtime:\*\*.*?<!-- /runtime -->", flags=re.S)
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


class CurrentEnvironmentKernels(KernelSpecManager):
    """Always start the kernel with this Python, whatever kernels are installed."""

    def get_kernel_spec(self, kernel_name):
        return self.kernel_spec_class(resource_dir=ipykernel.kernelspec.RESOURCES,
                                      **ipykernel.kernelspec.get_kernel_dict())


def normalise(nb):
    """Drop what changes from run to run but teaches nothing, and any jupytext pairing.

    `language_info` stays as the kernel reported it: JupyterLab writes the kernel's own into the notebook
    when it opens, and a notebook whose stored one differs opens marked unsaved. The pairing goes: a
    student's save must not rewrite a tracked twin (`twins.py` writes those).
    """
    nb.metadata = {"kernelspec": dict(KERNELSPEC),
                   "language_info": nb.metadata.get("language_info", {"name": "python"}),
                   **{k: v for k, v in nb.metadata.items()
                      if k not in ("kernelspec", "language_info", "widgets", "jupytext")}}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = merge_streams(cell.outputs)
            for output in cell.outputs:
                output.get("metadata", {}).pop("execution", None)
    return nb


def merge_streams(outputs):
    """Join consecutive stdout (or stderr) chunks: how a print is split depends on timing."""
    merged = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (output.output_type == "stream" and previous is not None
                and previous.output_type == "stream" and previous.name == output.name):
            previous.text += output.text
        else:
            merged.append(output)
    return merged


def run_notebook(nb, folder, timeout=600, progress=None, env=None, cell_seconds=None):
    """Execute `nb` (in memory) in a fresh kernel started in `folder`, with `env` added to its environment.

    `cell_seconds`, a list, receives (code cell number, seconds, first line) for every code cell.
    """
    code_cells = sum(c.cell_type == "code" for c in nb.cells)
    done, started = [0], [0.0]

    def on_cell_execute(**_):
        started[0] = time.perf_counter()

    def on_cell_executed(cell, **_):
        done[0] += 1
        if cell_seconds is not None:
            first_line = next((line for line in cell.source.splitlines() if line.strip()), "")
            cell_seconds.append((done[0], time.perf_counter() - started[0], first_line))
        if progress:
            progress(done[0], code_cells)

    km = KernelManager(kernel_name="python3", kernel_spec_manager=CurrentEnvironmentKernels())
    sockets = None
    if os.name == "posix":  # Unix sockets, not TCP: the kernel then prints no warning about unencrypted TCP
        sockets = tempfile.TemporaryDirectory(prefix="kernel-")   # own folder: parallel runs never collide
        km.transport, km.ip = "ipc", os.path.join(sockets.name, "ipc")
    client = NotebookClient(nb, km=km, timeout=timeout, record_timing=False,
                            resources={"metadata": {"path": str(pathlib.Path(folder).resolve())}},
                            on_cell_execute=on_cell_execute, on_cell_executed=on_cell_executed)
    saved = dict(os.environ)
    os.environ.update(env or {})        # the kernel inherits the environment when it starts
    try:
        client.execute()
    finally:
        os.environ.clear()
        os.environ.update(saved)
        if km.has_kernel:
            km.shutdown_kernel(now=True)
        if sockets is not None:
            sockets.cleanup()
    return code_cells


def execute(path, timeout=600, progress=None, write=True, cell_seconds=None, env=None):
    """Execute one notebook, in place unless `write` is false. Returns the number of code cells run."""
    path = pathlib.Path(path)
    nb = nbformat.read(path, as_version=4)
    code_cells = run_notebook(nb, path.parent, timeout, progress, env=env, cell_seconds=cell_seconds)
    if write:
        path.write_text(nbformat.writes(normalise(nb)) + "\n", encoding="utf-8")
        write_twin(path, nb)
    return code_cells


def time_floor(folder, first_run=False):
    """Seconds for the floor notebook: a fresh kernel that imports the kit and Keras, nothing else.

    `first_run` times it as the first run after installing: with an empty bytecode cache
    (`PYTHONPYCACHEPREFIX`), Python compiles every module of TensorFlow and Keras from source again.
    """
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(FLOOR_CELL)]
    with tempfile.TemporaryDirectory(prefix="no-bytecode-") as empty:
        env = {"PYTHONPYCACHEPREFIX": empty} if first_run else None
        start = time.perf_counter()
        run_notebook(nb, folder, env=env)
        return time.perf_counter() - start


def budget_of(path):
    """The notebook's budget in floors, from the folder it is in (None: no budget, e.g. a test's notebook)."""
    return BUDGETS.get(pathlib.Path(path).resolve().parent.name)


def is_lecture(path):
    return pathlib.Path(path).resolve().parent.name == "notebooks"


def _progress_printer(label):
    stream = sys.stderr
    if stream.isatty():
        return lambda done, total: print(f"\r{label}  cell {done}/{total}", end="",
                                         file=stream, flush=True)
    return lambda done, total: print(".", end="", file=stream, flush=True)


def runtime_sentence(seconds, floor, first_run_extra, day):
    """The header's runtime, as measured: seconds here, the ratio to the floor (which carries over to other
    machines), and what the first run after installing adds."""
    return (f"**Runtime:** about {seconds:.0f} s on a {os.cpu_count()}-core CPU, {seconds / floor:.1f} times the "
            f"{floor:.1f} s an empty notebook with Keras took on it ({day}). The first run after installing takes "
            f"about {first_run_extra:.0f} s longer, while Python compiles TensorFlow and Keras.<!-- /runtime -->")


def write_runtime(path, seconds, floor, first_run_extra, day=None):
    """Put the measured runtime into the notebook's header (and its twin); False if it has no such line."""
    nb = nbformat.read(path, as_version=4)
    header = next((c for c in nb.cells if c.cell_type == "markdown" and RUNTIME.search(c.source)), None)
    if header is None:
        return False
    sentence = runtime_sentence(seconds, floor, first_run_extra, day or datetime.date.today().isoformat())
    header.source = RUNTIME.sub(lambda _: sentence, header.source, count=1)
    pathlib.Path(path).write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    write_twin(path, nb)
    return True


def print_profile(path, cell_seconds, slowest):
    """The `slowest` code cells of one notebook, slowest first: where its time goes."""
    rows = [(str(n), f"{sec:.1f}", line[:70]) for n, sec, line in sorted(cell_seconds, key=lambda r: -r[1])]
    print(f"\n{path}: the {min(slowest, len(rows))} slowest of {len(rows)} code cells")
    print_table(rows[:slowest], ("code cell", "seconds", "first line"))


def print_fits(fits, floor):
    """Per notebook, what its models cost once (`fit_log.summarise`), in seconds and floors; then the lecture
    notebooks' total: their own starts (one floor each) plus these costs, before any later epoch."""
    rows, lectures = [], []
    for path, cost in fits:
        once = cost["first_epoch_overhead"] + cost["first_inference"]
        rows.append((str(path), str(cost["models"]), str(cost["epochs"]), f"{cost['fit_seconds']:.1f}",
                     f"{cost['first_epoch_overhead']:.1f}", str(cost["single_epoch_models"]),
                     f"{cost['first_inference']:.1f}", f"{once / floor:.1f}"))
        if is_lecture(path):
            lectures.append(once)
    print("\nwhat trained models cost once: first epoch minus the mean later epoch (a model trained one epoch "
          "only is not counted), and each model's first evaluate and first predict")
    print_table(rows, ("notebook", "models", "epochs", "fit s", "first-epoch overhead s", "one-epoch models",
                       "first evaluate/predict s", "once, floors"))
    if lectures:
        print(f"lecture notebooks: {sum(lectures):.1f} s = {sum(lectures) / floor:.1f} floors paid once per model; "
              f"with one floor for each notebook's own start, {len(lectures) + sum(lectures) / floor:.1f} floors "
              f"before any later epoch (course budget {COURSE_BUDGET}x)")


def main(argv=None):
    parser = argparse.ArgumentParser(description="Execute notebooks in place and time them against the floor.")
    parser.add_argument("paths", nargs="+", type=pathlib.Path)
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    parser.add_argument("--no-write", dest="write", action="store_false",
                        help="time only: leave the notebooks and their twins as they are")
    parser.add_argument("--runtimes", action="store_true",
                        help="write each notebook's measured runtime into its header's **Runtime:** line")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="also print each notebook's N slowest code cells")
    parser.add_argument("--fits", action="store_true",
                        help="also time every Keras fit, evaluate and predict: what each model costs once")
    args = parser.parse_args(argv)
    missing = [str(p) for p in args.paths if not p.is_file()]
    if missing:
        parser.error(f"no such notebook: {', '.join(missing)}")
    if args.runtimes and not args.write:
        parser.error("--runtimes writes the headers: it cannot go with --no-write")
    floor_folder = args.paths[0].parent
    floors = [time_floor(floor_folder)]
    print(f"floor (kernel start, import course_utils and keras): {floors[0]:.1f} s", file=sys.stderr)
    timed, profiles, fits, failed = [], [], [], 0
    for number, path in enumerate(args.paths, start=1):
        label = f"[{number}/{len(args.paths)}] {path}"
        print(label, end="", file=sys.stderr, flush=True)
        cell_seconds = []
        log = tempfile.NamedTemporaryFile(prefix="fit-log-", suffix=".jsonl", delete=False) if args.fits else None
        start = time.perf_counter()
        try:
            cells = execute(path, args.timeout, _progress_printer(label), args.write, cell_seconds,
                            env={runtime.FIT_LOG_VARIABLE: log.name} if log else None)
            if log:
                fits.append((path, fit_log.summarise(fit_log.read(log.name))))
        except FAILURES as err:
            cells, failed = None, failed + 1
            print(f"\n{err}", file=sys.stderr)
        finally:
            if log:
                log.close()
                os.unlink(log.name)
        seconds = time.perf_counter() - start
        print(f"  {seconds:.1f} s", file=sys.stderr)
        timed.append((path, cells, seconds))
        profiles.append((path, cell_seconds))
    floors.append(time_floor(floor_folder))
    floor = sum(floors) / len(floors)
    rows, over = [], 0
    for path, cells, seconds in timed:
        budget = budget_of(path)
        if cells is None:
            status = "FAILED (file left unchanged)"
        elif budget is not None and seconds / floor > budget:
            status, over = "OVER BUDGET", over + 1
        else:
            status = "ok"
        rows.append((str(path), "-" if cells is None else str(cells), f"{seconds:.1f}", f"{seconds / floor:.1f}",
                     "-" if budget is None else f"{budget}x", status))
    print()
    print(f"floor: {floor:.1f} s (mean of {floors[0]:.1f} s before and {floors[1]:.1f} s after the notebooks)")
    print_table(rows, ("notebook", "code cells", "seconds", "x floor", "budget", "status"))
    ran = [(path, seconds) for path, cells, seconds in timed if cells is not None]   # a failure's time is partial
    lectures = [seconds for path, seconds in ran if is_lecture(path)]
    total = sum(seconds for _, seconds in ran)
    print(f"total: {total:.1f} s = {total / floor:.1f} floors for the {len(ran)} notebook(s) that ran, {failed} failed, "
          f"{over} over budget")
    if lectures and failed:
        print(f"lecture notebooks: no course total, {failed} failed")
    elif lectures:
        verdict = "ok" if sum(lectures) / floor <= COURSE_BUDGET else "OVER BUDGET"
        print(f"lecture notebooks: {sum(lectures):.1f} s = {sum(lectures) / floor:.1f} floors for {len(lectures)} "
              f"(course budget {COURSE_BUDGET}x): {verdict}")
    if args.runtimes:
        first_run = time_floor(floor_folder, first_run=True)
        print(f"first run after installing (no bytecode cached): the floor takes {first_run:.1f} s")
        written = [write_runtime(path, seconds, floor, first_run - floor) for path, seconds in ran]
        print(f"runtimes written into the headers of {sum(written)} notebook(s)")
        lacking = [str(path) for (path, _), wrote in zip(ran, written) if not wrote and is_lecture(path)]
        if lacking:   # a lecture notebook's header must say how long it takes; a solution's need not
            print(f"no '**Runtime:** ...<!-- /runtime -->' line to write into: {', '.join(lacking)}")
    for path, cell_seconds in profiles if args.profile else ():
        print_profile(path, cell_seconds, args.profile)
    if fits:
        print_fits(fits, floor)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

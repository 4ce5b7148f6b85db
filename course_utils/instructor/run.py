"""Instructor command: execute notebooks headless, store normalised outputs, time them.

    python -m course_utils.instructor.run notebooks/*.ipynb solutions/*.ipynb

Each notebook runs in a fresh kernel of the current Python environment, in the
notebook's own folder, like nbval does. Stored files carry no per-cell
timestamps or machine-specific metadata, so running twice on an unchanged
notebook leaves the file byte-identical. A notebook that fails is left as it
was on disk. After a run, the notebook's py:percent twin in twins/ is rewritten.
"""
import argparse
import os
import pathlib
import sys
import tempfile
import time

import ipykernel.kernelspec
import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from ..report import print_table
from .twins import write_twin

BUDGET_SECONDS = 60  # per notebook, kernel start included, on a 2-core CPU
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


def run_notebook(nb, folder, timeout=600, progress=None, env=None):
    """Execute `nb` (in memory) in a fresh kernel started in `folder`, with `env` added to its environment."""
    code_cells = sum(c.cell_type == "code" for c in nb.cells)
    done = [0]

    def on_cell_executed(cell, **_):
        done[0] += 1
        if progress:
            progress(done[0], code_cells)

    km = KernelManager(kernel_name="python3", kernel_spec_manager=CurrentEnvironmentKernels())
    sockets = None
    if os.name == "posix":  # Unix sockets, not TCP: the kernel then prints no warning about unencrypted TCP
        sockets = tempfile.TemporaryDirectory(prefix="kernel-")   # own folder: parallel runs never collide
        km.transport, km.ip = "ipc", os.path.join(sockets.name, "ipc")
    client = NotebookClient(nb, km=km, timeout=timeout, record_timing=False,
                            resources={"metadata": {"path": str(pathlib.Path(folder).resolve())}},
                            on_cell_executed=on_cell_executed)
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


def execute(path, timeout=600, progress=None):
    """Execute one notebook in place. Returns the number of code cells run."""
    path = pathlib.Path(path)
    nb = nbformat.read(path, as_version=4)
    code_cells = run_notebook(nb, path.parent, timeout, progress)
    path.write_text(nbformat.writes(normalise(nb)) + "\n", encoding="utf-8")
    write_twin(path, nb)
    return code_cells


def _progress_printer(label):
    stream = sys.stderr
    if stream.isatty():
        return lambda done, total: print(f"\r{label}  cell {done}/{total}", end="",
                                         file=stream, flush=True)
    return lambda done, total: print(".", end="", file=stream, flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Execute notebooks in place and time them.")
    parser.add_argument("paths", nargs="+", type=pathlib.Path)
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    args = parser.parse_args(argv)
    missing = [str(p) for p in args.paths if not p.is_file()]
    if missing:
        parser.error(f"no such notebook: {', '.join(missing)}")
    rows, failed = [], 0
    for number, path in enumerate(args.paths, start=1):
        label = f"[{number}/{len(args.paths)}] {path}"
        print(label, end="", file=sys.stderr, flush=True)
        start = time.perf_counter()
        try:
            cells = execute(path, args.timeout, _progress_printer(label))
            status = "ok" if time.perf_counter() - start <= BUDGET_SECONDS else "OVER BUDGET"
        except CellExecutionError as err:
            cells, status, failed = "-", "FAILED (file left unchanged)", failed + 1
            print(f"\n{err}", file=sys.stderr)
        seconds = time.perf_counter() - start
        print(f"  {seconds:.1f} s {status}", file=sys.stderr)
        rows.append((str(path), str(cells), f"{seconds:.1f}", status))
    print()
    print_table(rows, ("notebook", "code cells", "seconds", f"status (budget {BUDGET_SECONDS} s)"))
    total = sum(float(r[2]) for r in rows)
    print(f"total: {total:.1f} s for {len(rows)} notebook(s), {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

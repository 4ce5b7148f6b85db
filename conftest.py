"""Refuse stored notebooks that were never executed, and say which releases the run tests.

nbval compares only cells stored with an execution count, so a stripped
notebook would pass while checking nothing. Every notebook in the folders
below gets an extra test item that fails if any code cell lacks its count.
pytest's header lists the installed versions of the kit's dependencies
(`make test-latest` runs with the newest releases, so its log says which).
A notebook kernel that dies before it answers is started again (see
_start_kernel_again_if_it_died).
"""
import json
import pathlib
import tempfile
import tomllib
from importlib import metadata

import nbval.kernel
import pytest
from packaging.requirements import Requirement

EXECUTED_FOLDERS = ("notebooks", "solutions", "exercises")


def pytest_report_header(config):
    project = tomllib.loads((pathlib.Path(__file__).parent / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = ["tensorflow-cpu", "tensorflow", *project["project"]["dependencies"],
              *project["project"]["optional-dependencies"]["test"]]
    names = dict.fromkeys(Requirement(w).name for w in wanted)
    found = []
    for name in names:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pass
    return "versions: " + ", ".join(found)


KERNEL_START_ATTEMPTS = 3
_nbval_start_new_kernel = nbval.kernel.start_new_kernel


def _start_kernel_again_if_it_died(startup_timeout=60, kernel_name="python", **kwargs):
    """Start nbval's kernel, again (up to three times) if it dies before it answers.

    The kernel binds the TCP ports its connection file names; with two pytest
    workers starting kernels at once a port can be taken in between, and the
    kernel exits before running any notebook code (CI saw "Kernel died before
    replying to kernel_info" for all of one notebook's cells). nbval sends the
    kernel's stderr to /dev/null; here it is kept, so a kernel that dies every
    time is reported with what it said.
    """
    reports = []
    for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
        with tempfile.TemporaryFile() as stderr:
            try:
                return _nbval_start_new_kernel(startup_timeout, kernel_name, **{**kwargs, "stderr": stderr})
            except RuntimeError as error:
                stderr.seek(0)
                said = stderr.read()[-3000:].decode("utf-8", errors="replace")
                reports.append(f"attempt {attempt}: {error}\n{said}")
    raise RuntimeError(f"the notebook kernel did not start in {KERNEL_START_ATTEMPTS} attempts:\n"
                       + "\n".join(reports))


nbval.kernel.start_new_kernel = _start_kernel_again_if_it_died


def pytest_collect_file(file_path, parent):
    if file_path.suffix == ".ipynb" and file_path.parent.name in EXECUTED_FOLDERS:
        return StoredOutputsFile.from_parent(parent, path=file_path)
    return None


class StoredOutputsFile(pytest.File):
    def collect(self):
        yield StoredOutputsItem.from_parent(self, name="stored-executed")


class StoredOutputsItem(pytest.Item):
    def runtest(self):
        nb = json.loads(self.path.read_text(encoding="utf-8"))
        code = [(i, c) for i, c in enumerate(nb["cells"])
                if c["cell_type"] == "code" and "".join(c["source"]).strip()]
        unexecuted = [i for i, c in code if c.get("execution_count") is None]
        if not code or unexecuted:
            raise NotExecuted(f"{self.path.name}: code cells {unexecuted or '(none)'} are stored "
                              f"without being executed; run python -m course_utils.instructor.run {self.path}")

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, NotExecuted):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, 0, f"{self.path.name}: stored executed"


class NotExecuted(Exception):
    pass

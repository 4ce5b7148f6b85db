"""Refuse stored notebooks that were never executed, and say which releases the run tests.

nbval compares only cells stored with an execution count, so a stripped
notebook would pass while checking nothing. Every notebook in the folders
below gets an extra test item that fails if any code cell lacks its count.
pytest's header lists the installed versions of the kit's dependencies
(`make test-latest` runs with the newest releases, so its log says which).
"""
import json
import pathlib
import tomllib
from importlib import metadata

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

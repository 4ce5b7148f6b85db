"""The kit installs and runs outside a checkout: a complete wheel and sdist, notebooks executed from any folder.

Slow (fresh virtual environments with the whole pinned course set, about a minute each with a warm pip
cache, then three notebooks): run by `make test-install` and CI, not by `make test`.
- One install command: `pip install -r requirements.txt` (what Binder and most hub images run) installs
  everything, `course_utils` included.
- A wheel, not an editable install: `python -m build` makes a wheel and an sdist that hold every module
  and subpackage; the wheel, installed with the pinned dependencies into a fresh environment, executes
  notebooks 05 and 09 and exercise ex22_1 copied alone into an empty folder, with nbval comparing exact
  outputs. Their data comes from `cu.data.path`, regenerated into a cache and verified.
"""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tarfile
import time
import venv
import zipfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
ANYWHERE = ["notebooks/05_named_entity_recognition.ipynb", "notebooks/09_seq2seq_with_attention.ipynb",
            "exercises/ex22_1_ner_rnn_dimensions.ipynb"]


def run(command, **kwargs):
    done = subprocess.run([str(c) for c in command], capture_output=True, text=True, **kwargs)
    assert done.returncode == 0, f"{' '.join(map(str, command))}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def fresh_environment(folder):
    venv.create(folder, with_pip=True)
    return folder / "bin" / "python"


def source_files():
    """What a clean clone holds (tracked files, and new ones not ignored), relative to the root."""
    listed = run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT).splitlines()
    return sorted(p for p in listed if (ROOT / p).is_file())


@pytest.fixture(scope="module")
def dists(tmp_path_factory):
    """A wheel and an sdist built by `python -m build` from a copy of the checkout (the checkout stays clean)."""
    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("dist")
    for name in source_files():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    run([sys.executable, "-m", "build", "--outdir", out, source], timeout=900)
    (wheel,), (sdist,) = out.glob("*.whl"), out.glob("*.tar.gz")
    return wheel, sdist


def test_one_command_installs_everything_in_a_fresh_environment(tmp_path):
    python = fresh_environment(tmp_path / "env")
    started = time.perf_counter()
    run([python, "-m", "pip", "install", "-q", "-r", "requirements.txt"], cwd=ROOT, timeout=1200)
    print(f"\none-command install: {time.perf_counter() - started:.0f} s")
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}   # found by the install alone
    out = run([python, "-c", "import json, sys, importlib.metadata as m; "
               "import course_utils as cu, keras, nbval, jupyterlab; cu.setup(seed=0); "
               "installed = m.distribution('course-utils').read_text('direct_url.json'); "
               "print(json.dumps([sys.prefix, cu.__file__, installed]))"],
              cwd=tmp_path, env=environment, timeout=300)
    prefix, module, direct_url = json.loads(out)
    assert pathlib.Path(prefix) == tmp_path / "env"                       # the fresh environment, not this one
    assert pathlib.Path(module) == ROOT / "course_utils" / "__init__.py"   # requirements.txt ends with `-e .`
    assert json.loads(direct_url) == {"url": ROOT.as_uri(), "dir_info": {"editable": True}}


def test_the_wheel_and_the_sdist_hold_every_module_and_the_data_checksums(dists):
    wheel, sdist = dists
    package = {p for p in source_files() if p.startswith("course_utils/") and not p.endswith(".pyc")}
    assert "course_utils/corpora/named_entities.py" in package and "course_utils/instructor/run.py" in package
    assert "course_utils/data_checksums.json" in package
    in_wheel = set(zipfile.ZipFile(wheel).namelist())
    assert package <= in_wheel, f"missing from the wheel: {sorted(package - in_wheel)}"
    assert "course_utils/checks/sealed.json" in in_wheel, "the exercises' checks"
    assert not [n for n in in_wheel if n.startswith("answers/")], "the readable answer key stays the instructor's"
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in in_wheel)
    top = sdist.name[:-len(".tar.gz")]
    in_sdist = {n.split("/", 1)[1] for n in tarfile.open(sdist).getnames() if "/" in n}
    missing = (package | {"LICENSE", "pyproject.toml", "README.md"}) - in_sdist
    assert not missing, f"missing from {top}: {sorted(missing)}"


def test_notebooks_copied_alone_into_an_empty_folder_pass_nbval_with_the_installed_wheel(dists, tmp_path):
    wheel, _ = dists
    python = fresh_environment(tmp_path / "env")
    pinned = [line for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
              if line.strip() != "-e ."]
    (tmp_path / "pinned.txt").write_text("\n".join(pinned) + "\n", encoding="utf-8")
    started = time.perf_counter()
    run([python, "-m", "pip", "install", "-q", wheel, "-r", tmp_path / "pinned.txt"], timeout=1200)
    print(f"\nwheel + pinned set: {time.perf_counter() - started:.0f} s")

    student = tmp_path / "a student's folder"
    student.mkdir()
    for name in [*ANYWHERE, "nbval_sanitize.cfg"]:
        shutil.copy2(ROOT / name, student / pathlib.Path(name).name)
    where = run([python, "-c", "import course_utils; print(course_utils.__file__)"], cwd=student)
    assert "site-packages" in where and str(ROOT) not in where, where

    cache = tmp_path / "cache"
    started = time.perf_counter()
    out = run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2", "--dist", "loadfile",
               "--nbval", "--nbval-current-env", "--nbval-sanitize-with=nbval_sanitize.cfg",
               "--nbval-cell-timeout=300", "."], cwd=student, timeout=1500,
              env={**os.environ, "COURSE_UTILS_DATA": str(cache)})
    print(f"nbval of {len(ANYWHERE)} notebooks in {student}: {time.perf_counter() - started:.0f} s; "
          f"{out.strip().splitlines()[-1]}")
    assert sorted(p.name for p in cache.iterdir()) == [
        "ner_test.conll", "ner_train.conll", "ner_validation.conll", "translation_test.tsv", "translation_train.tsv"]

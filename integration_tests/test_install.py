"""One install command: a fresh virtual environment gets the whole course from `pip install -r requirements.txt`.

That is what Binder (repo2docker) and most JupyterHub images run, so it must
also install `course_utils` (requirements.txt ends with `-e .`) and nothing may
need a second command. Slow (a full install, about a minute with a warm pip
cache): run by `make test-install` and CI, not by `make test`.
"""
import pathlib
import subprocess
import sys
import time
import venv

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_one_command_installs_everything_in_a_fresh_environment(tmp_path):
    venv.create(tmp_path / "env", with_pip=True)
    python = tmp_path / "env" / "bin" / "python"
    started = time.perf_counter()
    install = subprocess.run([str(python), "-m", "pip", "install", "-q", "-r", "requirements.txt"], cwd=ROOT,
                             capture_output=True, text=True, timeout=1200)
    assert install.returncode == 0, install.stderr[-3000:]
    print(f"\none-command install: {time.perf_counter() - started:.0f} s")
    check = subprocess.run([str(python), "-c", "import course_utils as cu, keras, nbval, jupyterlab; "
                            "cu.setup(seed=0); print(cu.__file__, sorted(cu.__all__)[:3])"],
                           cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stderr[-3000:]
    assert str(ROOT / "course_utils") in check.stdout
    assert sys.executable not in check.stdout

"""The first cell of every notebook: a clear message where the kit is missing, and launch links from one URL."""
import pathlib
import shutil
import subprocess
import sys

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager

import course_utils as cu
from course_utils.instructor import links
from course_utils.instructor.run import run_notebook

ROOT = pathlib.Path(__file__).resolve().parent.parent
MADE_UP = "https://github.com/example-teacher/rnn-course"
NOTEBOOKS = sorted((ROOT / folder / name).relative_to(ROOT) for folder in ("notebooks", "solutions", "exercises")
                   for name in sorted(p.name for p in (ROOT / folder).glob("*.ipynb")))


def first_code_cell(nb):
    return next(c for c in nb.cells if c.cell_type == "code")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=str)
def test_every_notebook_starts_with_the_guarded_kit_import(path):
    assert first_code_cell(nbformat.read(ROOT / path, as_version=4)).source.startswith(links.KIT_IMPORT)


def test_without_the_kit_the_first_cell_says_how_to_install_it():
    blocked = "import sys; sys.modules['course_utils'] = None\n"   # as if not installed
    done = subprocess.run([sys.executable, "-c", blocked + links.KIT_IMPORT], capture_output=True, text=True)
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert last == ("ModuleNotFoundError: This notebook needs the course kit (course_utils). In the kit's folder "
                    "run `pip install -r requirements.txt`, then restart the kernel; on Colab or a hub, see the "
                    "kit's README, 'Colab, JupyterHub, Binder'.")
    assert "During handling" not in done.stderr     # one message, not a chain of two tracebacks


def test_nothing_is_written_while_the_repository_url_is_unset(capsys):
    assert links.repository_url() is None     # no placeholder URL committed as if it were real
    assert links.main([]) == 0
    assert "nothing to write" in capsys.readouterr().out
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert links.README_BEGIN in readme and links.README_END in readme and "colab.research" not in readme


@pytest.fixture
def course_copy(tmp_path):
    for folder in links.FOLDERS:
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("*.py"))
    shutil.copy2(ROOT / "README.md", tmp_path / "README.md")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(pyproject.replace(
        "\n[tool.setuptools.packages.find]", f'[project.urls]\nRepository = "{MADE_UP}"\n\n'
                                             "[tool.setuptools.packages.find]"), encoding="utf-8")
    return tmp_path


def test_a_repository_url_gives_launch_links_and_a_guarded_install_everywhere(course_copy, capsys):
    assert links.repository_url(course_copy / "pyproject.toml") == MADE_UP
    assert links.main(["--check"], root=course_copy) == 1
    assert links.main([], root=course_copy) == 0
    assert links.main(["--check"], root=course_copy) == 0          # written once, stable
    readme = (course_copy / "README.md").read_text(encoding="utf-8")
    assert ("https://colab.research.google.com/github/example-teacher/rnn-course/blob/main/notebooks/"
            "01_text_as_integers_and_embeddings.ipynb") in readme
    solution = nbformat.read(course_copy / "solutions/ex22_1_ner_rnn_dimensions.ipynb", as_version=4)
    title = solution.cells[0].source.split("\n")
    assert title[0].startswith("# ") and title[2] == links.launch_links(MADE_UP,
                                                                        "exercises/ex22_1_ner_rnn_dimensions.ipynb")
    assert "mybinder.org/v2/gh/example-teacher/rnn-course/main?labpath=exercises/ex22_1" in title[2]
    for path in sorted((course_copy / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        assert f"blob/main/notebooks/{path.name})" in nb.cells[0].source
        source = first_code_cell(nb).source
        assert source.startswith(links.kit_install(MADE_UP)) and "cu.setup(seed=" in source
        python = TransformerManager().transform_cell(source)     # what IPython runs: valid Python
        compile(python, path.name, "exec")
        assert f"get_ipython().run_line_magic('pip', 'install -q \"course-utils @ git+{MADE_UP}\"')" in python


def test_the_guarded_install_is_silent_where_the_kit_is_installed(course_copy):
    links.main([], root=course_copy)
    nb = nbformat.read(course_copy / "solutions/ex01_embedding_dimensions.ipynb", as_version=4)
    first = first_code_cell(nb)
    assert first.source.startswith(links.kit_install(MADE_UP))
    nb.cells = [first]
    first.outputs = [nbformat.v4.new_output("stream", text="left over from before")]
    first.execution_count = None
    run_notebook(nb, course_copy)
    printed = [output.text for output in first.outputs]
    assert first.execution_count == 1 and printed == [cu.runtime.loading_message("tensorflow") + "\n"]   # it ran; no pip output


def test_only_github_urls_make_launch_links():
    with pytest.raises(links.LinkError, match="https://github.com/OWNER/NAME"):
        links.launch_links("https://gitlab.com/a/b", "notebooks/x.ipynb")

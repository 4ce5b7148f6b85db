"""The package explains itself: tab completion lists the submodules and help() shows the map."""
import pydoc

import course_utils as cu

MODULES = ["checks", "corpora", "data", "decoding", "formats", "layers", "metrics", "numpy_rnn", "report", "runtime",
           "shapes", "text", "viz"]


def test_dir_lists_every_submodule_and_each_one_loads():
    assert set(MODULES) <= set(dir(cu))
    for name in MODULES:
        assert getattr(cu, name).__name__ == f"course_utils.{name}"


def test_help_shows_the_map_of_modules_and_notebooks():
    text = pydoc.render_doc(cu, renderer=pydoc.plaintext)
    for name in MODULES:
        assert f"`{name}`" in text, name
    assert "instructor" in text and "notebooks" in text

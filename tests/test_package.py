"""The package explains itself: tab completion lists the submodules and help() shows the map."""
import pkgutil
import pydoc

import course_utils as cu

# What the package holds, read off its folder (tests/test_maps.py: the same as `cu._SUBMODULES`).
MODULES = sorted(m.name for m in pkgutil.iter_modules(cu.__path__) if m.name != "instructor")


def test_dir_lists_every_submodule_and_each_one_loads():
    assert set(MODULES) <= set(dir(cu))
    for name in MODULES:
        assert getattr(cu, name).__name__ == f"course_utils.{name}"


def test_help_shows_the_map_of_modules_and_notebooks():
    text = pydoc.render_doc(cu, renderer=pydoc.plaintext)
    for name in MODULES:
        assert f"`{name}`" in text, name
    assert "instructor" in text and "notebooks" in text

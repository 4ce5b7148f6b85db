"""Sphinx settings of the course website (`make site`; website/build.py assembles the pages first).

Sphinx with myst-nb and sphinx-book-theme (README says why): the stored notebooks are rendered with their
outputs and never executed, math is typeset by the MathJax 3 copied from its npm package into the site, and
the theme's search, previous/next links and download buttons work from a local folder.
"""
import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from course_utils.instructor.links import github_repo, repository_url  # noqa: E402

project = "Recurrent neural networks for NLP"
author = "the course kit's authors"
extensions = ["myst_nb"]
nb_execution_mode = "off"                       # the stored, executed outputs are the pages' outputs
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
suppress_warnings = ["mystnb.unknown_mime_type", "myst.header"]   # a worked answer may open with ###

html_theme = "sphinx_book_theme"
html_title = project
html_favicon = "favicon.svg"                    # else browsers ask for /favicon.ico, which is not there
html_context = {"default_mode": "auto"}         # the theme logs an error for an unset light/dark mode
html_static_path = [os.environ["COURSE_SITE_MATHJAX"], "static"]     # their contents go to _static/: es5/...
html_css_files = ["course.css"]
mathjax_path = "es5/tex-mml-chtml.js"
html_copy_source = True                                      # the download button serves the .ipynb itself
html_theme_options = {"use_download_button": True, "show_toc_level": 2, "home_page_in_toc": True}

URL = repository_url(ROOT / "pyproject.toml")
if URL:     # Colab and Binder buttons from the one repository URL, as `make links` writes into the notebooks
    github_repo(URL)                            # a clear error unless it is a GitHub repository
    html_theme_options.update(repository_url=URL, repository_branch="main", path_to_docs="",
                              use_repository_button=True, launch_buttons={"colab_url": "https://colab.research.google.com",
                                              "binderhub_url": "https://mybinder.org"})

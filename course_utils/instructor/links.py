"""Instructor command: "Open in Colab" / Binder links and a guarded install, from the one repository URL.

    python -m course_utils.instructor.links            write them (needs [project.urls] Repository)
    python -m course_utils.instructor.links --check    exit 1 if README or a notebook is out of date

The repository URL is written once, as `Repository` in `[project.urls]` of
pyproject.toml. From it this writes:
- README: a launch block between the markers `<!-- launch-links -->` and `<!-- /launch-links -->`;
- every notebook in notebooks/ and solutions/: a line of launch links under its title (a solution links to
  its exercise, the copy students open), and in its first code cell an install of the kit from the
  repository in place of the "kit not installed" error. The install runs only where `course_utils`
  cannot be imported (Colab, a fresh hub), so where the kit is installed the cell prints nothing and nbval
  compares it as before. Re-execute the notebooks afterwards (`make notebooks`, then `make exercises`).

Until the URL is set, notebooks carry only the error, which says how to install the kit.
"""
import argparse
import pathlib
import re
import sys
import tomllib

import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
FOLDERS = ("notebooks", "solutions")
README_BEGIN, README_END = "<!-- launch-links -->", "<!-- /launch-links -->"
LINKS_MARK = "<!-- launch -->"

# The first lines of every notebook's first code cell (then `cu.setup(seed=...)`): a clear message, not a
# ModuleNotFoundError in a later cell, when the notebook is opened where the kit is not installed.
KIT_IMPORT = """try:
    import course_utils as cu
except ModuleNotFoundError:  # opened outside the kit's environment
    raise ModuleNotFoundError("This notebook needs the course kit (course_utils). In the kit's folder run "
                              "`pip install -r requirements.txt`, then restart the kernel; on Colab or a hub, "
                              "see the kit's README, 'Colab, JupyterHub, Binder'.") from None
"""


def kit_install(url):
    """KIT_IMPORT with the kit installed from `url` instead of the error (a no-op where it is installed)."""
    return f"""try:
    import course_utils as cu
except ModuleNotFoundError:  # Colab or a fresh hub: install the kit from its repository (once per machine)
    %pip install -q "course-utils @ git+{url}"
    import course_utils as cu
"""


_KIT_PREFIX = re.compile(r"\Atry:\n    import course_utils as cu\nexcept ModuleNotFoundError:[^\n]*(?:\n[ \t]+[^\n]*)*\n")


class LinkError(ValueError):
    """The repository URL is missing or not one the launch services understand."""


def repository_url(pyproject=ROOT / "pyproject.toml"):
    """`Repository` of [project.urls], or None when it is not set."""
    project = tomllib.loads(pathlib.Path(pyproject).read_text(encoding="utf-8"))["project"]
    return project.get("urls", {}).get("Repository")


def github_repo(url):
    """'owner/name' of a GitHub URL: Colab opens notebooks from GitHub only."""
    match = re.fullmatch(r"https://github\.com/([\w.-]+)/([\w.-]+?)(?:\.git)?/?", url or "")
    if not match:
        raise LinkError(f"[project.urls] Repository must be a https://github.com/OWNER/NAME URL, got {url!r}")
    return f"{match.group(1)}/{match.group(2)}"


def launch_links(url, path, branch="main"):
    """Markdown badges that open `path` (relative to the repository root) in Colab and in Binder."""
    repo = github_repo(url)
    colab = f"https://colab.research.google.com/github/{repo}/blob/{branch}/{path}"
    binder = f"https://mybinder.org/v2/gh/{repo}/{branch}?labpath={path}"
    return (f"{LINKS_MARK}[Open in Colab]({colab}) · [Launch on Binder]({binder})")


def student_path(notebook):
    """The path students open: an exercise for a solution, the notebook itself otherwise."""
    folder, name = notebook.parent.name, notebook.name
    return f"{'exercises' if folder == 'solutions' else folder}/{name}"


def with_links(nb, url, path):
    """`nb` with launch links under its title and the kit installed from `url` in its first code cell."""
    title = next(c for c in nb.cells if c.cell_type == "markdown")
    lines = [line for line in title.source.split("\n") if not line.startswith(LINKS_MARK)]
    title.source = "\n".join([lines[0], "", launch_links(url, path), *lines[1:]]).replace("\n\n\n", "\n\n")
    first = next(c for c in nb.cells if c.cell_type == "code")
    if not _KIT_PREFIX.match(first.source):
        raise LinkError(f"{path}: the first code cell does not start with the kit import (KIT_IMPORT)")
    first.source = _KIT_PREFIX.sub(lambda _: kit_install(url), first.source, count=1)
    return nb


def readme_with_links(readme, url):
    """README's launch block, filled for `url`."""
    if README_BEGIN not in readme or README_END not in readme:
        raise LinkError(f"README.md has no {README_BEGIN} ... {README_END} block")
    block = "\n".join([README_BEGIN, launch_links(url, "notebooks/01_text_as_integers_and_embeddings.ipynb"),
                       README_END])
    return re.sub(re.escape(README_BEGIN) + ".*?" + re.escape(README_END), lambda _: block, readme, flags=re.S)


def main(argv=None, root=ROOT):
    parser = argparse.ArgumentParser(description="Write Colab/Binder links and the guarded kit install.")
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if something is out of date")
    args = parser.parse_args(argv)
    root = pathlib.Path(root)
    url = repository_url(root / "pyproject.toml")
    if url is None:
        print("no Repository in [project.urls] of pyproject.toml: nothing to write (notebooks keep the "
              "'kit not installed' message)")
        return 0
    stale = []
    readme = (root / "README.md").read_text(encoding="utf-8")
    targets = [(root / "README.md", readme, readme_with_links(readme, url))]
    for folder in FOLDERS:
        for path in sorted((root / folder).glob("*.ipynb")):
            text = path.read_text(encoding="utf-8")
            nb = with_links(nbformat.reads(text, as_version=4), url, student_path(path))
            targets.append((path, text, nbformat.writes(nb) + "\n"))
    for path, old, new in targets:
        if old != new:
            stale.append(str(path.relative_to(root)))
            if not args.check:
                path.write_text(new, encoding="utf-8")
    if args.check and stale:
        print("launch links out of date (run python -m course_utils.instructor.links):", ", ".join(stale))
        return 1
    print(f"{'checked' if args.check else 'wrote'} launch links for {url}: {len(stale)} file(s) "
          f"{'out of date' if args.check else 'changed'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Build the course website from the stored, executed notebooks: `make site` runs this.

    python website/build.py [--out build/site] [--solutions]

The pages are assembled in a folder beside the output (`<out>-source`, and MathJax in `<out>-mathjax`): the home page (README's start, course
map and exercises), the lecture notebooks, the exercises as students receive them, the lecture map and
DATA.md; with `--solutions` (the instructor's option) the solutions too. Then Sphinx renders them
(website/conf.py) without executing anything. Prints the build's seconds and the site's size.
"""
import argparse
import os
import pathlib
import re
import shutil
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
HERE = ROOT / "website"
MATHJAX = ROOT / ".venv-site" / "node" / "node_modules" / "mathjax"


# What the pages load of MathJax 3: the one component website/conf.py names, the TeX extensions it autoloads,
# the CommonHTML fonts, the menu and the accessibility parts it loads on demand (not the other builds).
MATHJAX_PARTS = ["es5/tex-mml-chtml.js", "es5/input", "es5/output/chtml", "es5/ui", "es5/a11y", "es5/sre",
                 "es5/adaptors"]
NOTEBOOK_ANCHOR = re.compile(r"(\.ipynb#)((?:[^()\s\"]|\([^()\s\"]*\))+)")     # one level of (...) inside


def stage_mathjax(package, folder):
    """Copy the parts of the MathJax package that pages use into `folder` (what conf.py serves as _static)."""
    if folder.exists():
        shutil.rmtree(folder)
    for part in MATHJAX_PARTS:
        (folder / part).parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if (package / part).is_dir() else shutil.copy2)(package / part, folder / part)


def myst_anchors(text):
    """`notebook.ipynb#1.-The-GRU` (JupyterLab's anchor of a heading) -> `notebook.ipynb#1-the-gru` (MyST's,
    which leaves math out of a heading's anchor)."""
    from myst_parser.slugs import github_slugify

    return NOTEBOOK_ANCHOR.sub(lambda m: m.group(1) + github_slugify(re.sub(r"\$[^$]*\$", "", m.group(2))), text)


def readme_section(readme, title):
    """The text of README's `## title` section, without its heading."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", readme, flags=re.MULTILINE | re.DOTALL)
    if not match:
        raise ValueError(f"README.md has no section '## {title}'")
    return match.group(1).strip()


def toctree(caption, paths):
    entries = "\n".join(p.with_suffix("").as_posix() for p in paths)
    return f"```{{toctree}}\n:caption: {caption}\n:hidden:\n\n{entries}\n```\n"


def home_page(readme, notebooks, exercises, solutions, extra):
    """index.md: the course's title, start, map and exercises (from README), and the navigation of every page."""
    title, intro, start = readme.split("\n", 1)[0], *readme.split("\n\n", 3)[1:3]
    parts = [title, intro, start, "## Quick start", readme_section(readme, "Quick start"), "## Course map", readme_section(readme, "Course map"),
             "## Exercises", readme_section(readme, "Exercises"),
             toctree("Lecture notebooks", notebooks), toctree("Exercises", exercises)]
    if solutions:
        parts.append(toctree("Solutions (instructors)", solutions))
    parts.append(toctree("Reference", extra))
    return "\n\n".join(parts) + "\n"


def assemble(source, with_solutions=False):
    """Copy the pages into `source` (emptied first) and write its home page."""
    if source.exists():
        shutil.rmtree(source)
    source.mkdir(parents=True)
    copied = {}
    folders = ["notebooks", "exercises"] + (["solutions"] if with_solutions else [])
    for folder in folders:
        (source / folder).mkdir()
        copied[folder] = []
        for path in sorted((ROOT / folder).glob("*.ipynb")):
            shutil.copy2(path, source / folder / path.name)
            copied[folder].append(pathlib.Path(folder) / path.name)
    extra = []
    for name in ("LECTURES.md", "data/DATA.md"):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            (source / name).write_text(myst_anchors((ROOT / name).read_text(encoding="utf-8")), encoding="utf-8")
            extra.append(pathlib.Path(name))
    readme = myst_anchors((ROOT / "README.md").read_text(encoding="utf-8"))
    (source / "index.md").write_text(home_page(readme, copied["notebooks"], copied["exercises"],
                                               copied.get("solutions"), extra), encoding="utf-8")


def size_mb(folder):
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def main(argv=None):
    parser = argparse.ArgumentParser(description="Build the course website from the stored notebooks.")
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "build" / "site")
    parser.add_argument("--solutions", action="store_true", help="publish solutions/ too (instructors only)")
    parser.add_argument("--mathjax", type=pathlib.Path, default=MATHJAX,
                        help="the npm package mathjax@3 (make site installs it)")
    args = parser.parse_args(argv)
    if not (args.mathjax / "es5" / "tex-mml-chtml.js").is_file():
        sys.exit(f"no MathJax in {args.mathjax}: run `make site`, which installs it")
    start = time.perf_counter()
    out = args.out.resolve()
    source = out.with_name(out.name + "-source")
    assemble(source, args.solutions)
    mathjax = out.with_name(out.name + "-mathjax")
    stage_mathjax(args.mathjax, mathjax)
    if out.exists():
        shutil.rmtree(out)
    env = {**os.environ, "COURSE_SITE_MATHJAX": str(mathjax)}
    done = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-c", str(HERE), str(source), str(out)],
                          env=env)
    if done.returncode:
        return done.returncode
    print(f"site built in {time.perf_counter() - start:.0f} s: {out}/index.html, {size_mb(out):.1f} MB "
          f"(serve it with `python -m http.server -d {out}`)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

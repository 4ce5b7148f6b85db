"""LECTURES.md, the lecture map: every link reaches a notebook heading that exists, every topic has a status.

Anchors follow JupyterLab: a heading's id is its text as displayed (code spans without their backticks, links
by their text, no emphasis markers; math as written), with every space replaced by "-". `heading_anchor`
computes it from the heading's source, so a link to a heading that was renamed or removed fails here.

A topic row is `| n | topic | status | where |`: the status is `taught`, `partly: what is lacking` or `not yet`;
a taught or partly taught topic links to at least one notebook section or exercise, a topic not yet taught
has `—` as its place.
"""
import pathlib
import re

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
MAP = ROOT / "LECTURES.md"
LECTURES = ("000", "001", "002", "003", "004")
TOPIC_HEADER = "| # | topic (slide order) | status | where |"
NOT_YET_PLACE = "—"
LINK = re.compile(r"\[([^\]]*)\]\(((?:[^()\s]|\([^()\s]*\))+)\)")     # [text](target), one level of (...) inside
CODE_SPAN = re.compile(r"`[^`\n]*`")
HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
FENCE = re.compile(r"^ {0,3}(```|~~~)")


def heading_anchor(text):
    """The id JupyterLab gives a rendered heading: its displayed text, every space replaced by '-'."""
    shown = re.sub(r"`([^`]*)`", r"\1", text)                     # a code span shows its content
    shown = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", shown)        # a link shows its text
    shown = re.sub(r"(\*\*|__|\*)(\S.*?)\1", r"\2", shown)        # emphasis markers are not shown
    shown = re.sub(r"<[^>]+>", "", shown)                         # nor HTML tags
    return shown.strip().replace(" ", "-")


def heading_texts(path):
    """The text of every Markdown heading (ATX, `#` to `######`) of a notebook's Markdown cells."""
    texts = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "markdown":
            continue
        fenced = False
        for line in cell.source.splitlines():
            if FENCE.match(line):
                fenced = not fenced
            elif not fenced and (match := HEADING.match(line)):
                texts.append(match.group(2))
    return texts


def anchors(path):
    return {heading_anchor(text) for text in heading_texts(path)}


def links(text):
    """(link text, target) of every Markdown link outside code spans."""
    return [match.groups() for match in LINK.finditer(CODE_SPAN.sub("", text))]


def link_problems(text, root=ROOT):
    """What is wrong with the links of a map: missing files, and anchors no heading of the target produces."""
    problems, known = [], {}
    for label, target in links(text):
        if re.match(r"[a-z]+:", target):                      # http(s): and mailto: are not checked here
            continue
        path, _, fragment = target.partition("#")
        file = root / path
        if not file.is_file():
            problems.append(f"[{label}]({target}): no file {path}")
        elif path.startswith("notebooks/") and path.endswith(".ipynb") and not fragment:
            problems.append(f"[{label}]({target}): a link into a lecture notebook names its section")
        elif fragment and path.endswith(".ipynb"):
            if path not in known:
                known[path] = anchors(file)
            if fragment not in known[path]:
                problems.append(f"[{label}]({target}): {path} has no heading with the anchor #{fragment}")
    return list(dict.fromkeys(problems))                          # each broken link once


def lecture_sections(text):
    """{"000": the text of the section `## 000 ...` up to the next `## ` heading, ...}."""
    sections = {}
    for match in re.finditer(r"^## (\d{3})\b.*?$(.*?)(?=^## |\Z)", text, re.M | re.S):
        sections[match.group(1)] = match.group(2)
    return sections


def cells(row):
    """The cells of a table row, split at the pipes that are not escaped."""
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row.strip())[1:-1]]


def topic_rows(section):
    """The rows of a section's topic table, each as its list of cells; None if there is no such table."""
    lines = section.splitlines()
    if TOPIC_HEADER not in lines:
        return None
    start = lines.index(TOPIC_HEADER) + 2                             # after the header and the |---| line
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append(cells(line))
    return rows


def topic_problems(text):
    """Lectures without a section or topic table, and topic rows without a status or a place."""
    problems, sections = [], lecture_sections(text)
    for lecture in LECTURES:
        rows = topic_rows(sections[lecture]) if lecture in sections else None
        if lecture not in sections:
            problems.append(f"{lecture}: no section '## {lecture} ...'")
            continue
        if not rows:
            problems.append(f"{lecture}: no topic table with the header {TOPIC_HEADER}")
            continue
        for expected, row in enumerate(rows, start=1):
            name = f"{lecture} #{row[0] if row else '?'}"
            if len(row) != 4:
                problems.append(f"{name}: {len(row)} cells instead of 4")
                continue
            number, topic, status, where = row
            if number != str(expected):
                problems.append(f"{lecture}: topic {expected} is numbered {number!r}")
            if not topic:
                problems.append(f"{name}: no topic")
            placed = [target for _, target in links(where) if target.split("#")[0].endswith(".ipynb")]
            if status == "not yet":
                if where != NOT_YET_PLACE:
                    problems.append(f"{name}: not yet taught, so its place is {NOT_YET_PLACE}, not {where!r}")
            elif status == "taught" or re.fullmatch(r"partly: \S.*", status):
                if not placed:
                    problems.append(f"{name}: {status.split(':')[0]}, but no link to a notebook or exercise")
            else:
                problems.append(f"{name}: status {status!r} is not 'taught', 'partly: what is lacking' or 'not yet'")
    return problems


@pytest.fixture(scope="module")
def lecture_map():
    assert MAP.is_file(), "LECTURES.md is missing at the repository root"
    return MAP.read_text(encoding="utf-8")


def test_readme_links_to_the_lecture_map():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "LECTURES.md" in [target for _, target in links(readme)], "README.md links to LECTURES.md"


def test_every_link_reaches_a_file_and_an_existing_heading(lecture_map):
    found = links(lecture_map)
    assert len([t for _, t in found if ".ipynb#" in t]) >= 100, "the map links to notebook sections"
    problems = link_problems(lecture_map)
    assert not problems, "LECTURES.md:\n" + "\n".join(problems)


def test_every_lecture_has_its_topics_each_with_a_status_and_a_place(lecture_map):
    problems = topic_problems(lecture_map)
    assert not problems, "LECTURES.md:\n" + "\n".join(problems)
    assert all(len(topic_rows(lecture_sections(lecture_map)[lecture])) >= 10 for lecture in LECTURES)


def test_the_anchor_is_computed_as_jupyterlab_shows_the_heading():
    assert heading_anchor("4. Per-context scores") == "4.-Per-context-scores"
    assert heading_anchor("5. Padding must not count: masked vs Keras' `GlobalMaxPooling1D`") == \
        "5.-Padding-must-not-count:-masked-vs-Keras'-GlobalMaxPooling1D"
    assert heading_anchor("3. The **embedding** matrix: $E x$") == "3.-The-embedding-matrix:-$E-x$"
    assert "4.-Three-taggers,-one-budget" in anchors(ROOT / "notebooks/05_named_entity_recognition.ipynb")


def test_the_checks_fail_for_the_right_reasons():
    """A broken anchor, a missing file, a bare notebook link, a missing status or place are each reported."""
    table = f"{TOPIC_HEADER}\n|---|---|---|---|\n"
    bad = "\n".join([
        "## 000 · a", table + "| 1 | a topic | taught | [05 §9](notebooks/05_named_entity_recognition.ipynb#9.-No) |",
        "## 001 · b", table + "| 1 | a topic | partly | [ex22_1](exercises/ex22_1_ner_rnn_dimensions.ipynb) |",
        "| 2 | a topic | taught | — |",
        "## 002 · c", table + "| 1 | a topic | not yet | [05](notebooks/05_named_entity_recognition.ipynb) |",
        "## 003 · d", table + "| 1 | a topic | taught | [x](notebooks/99_none.ipynb#1.-X) |",
        "## 004 · e", "no table here",
    ]) + "\n"
    assert link_problems(bad) == [
        "[05 §9](notebooks/05_named_entity_recognition.ipynb#9.-No): notebooks/05_named_entity_recognition.ipynb "
        "has no heading with the anchor #9.-No",
        "[05](notebooks/05_named_entity_recognition.ipynb): a link into a lecture notebook names its section",
        "[x](notebooks/99_none.ipynb#1.-X): no file notebooks/99_none.ipynb",
    ]
    assert topic_problems(bad) == [
        "001 #1: status 'partly' is not 'taught', 'partly: what is lacking' or 'not yet'",
        "001 #2: taught, but no link to a notebook or exercise",
        "002 #1: not yet taught, so its place is —, not '[05](notebooks/05_named_entity_recognition.ipynb)'",
        "004: no topic table with the header | # | topic (slide order) | status | where |",
    ]
    good = bad.replace("#9.-No", "#4.-Three-taggers,-one-budget")
    assert not [p for p in link_problems(good) if "9.-No" in p or "Three-taggers" in p]

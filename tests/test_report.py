"""The text tables every notebook prints: aligned, rounded, and wrapped where a column holds explanations."""
import pathlib

import nbformat
import pytest

from course_utils.report import print_table

ROOT = pathlib.Path(__file__).resolve().parent.parent
# JupyterLab at 1400 px with the file browser open shows about 100 monospace characters per output line.
OUTPUT_WIDTH = 100


def test_a_wrapped_column_continues_on_the_next_lines_of_its_row(capsys):
    print_table([("a", "one two three four", 1.23456), ("bb", "x", 2)], ["k", "text", "v"], wrap={"text": 9})
    assert capsys.readouterr().out.splitlines() == [   # the column is as wide as its widest wrapped line
        "k   text     v",
        "--  -------  -----",
        "a   one two  1.235",
        "    three",
        "    four",
        "bb  x        2",
    ]


def test_a_long_name_breaks_at_its_dots_underscores_and_brackets_never_inside_a_word(capsys):
    print_table([("rnn_1.recurrent_kernel[:, 0:512]",), ("attention.hidden_1.kernel[:, 0]",)], ["Keras"],
                wrap={"Keras": 12})
    assert capsys.readouterr().out.splitlines()[2:] == ["rnn_1.", "recurrent_", "kernel[:,", "0:512]",
                                                        "attention.", "hidden_1.", "kernel[:,", "0]"]
    print_table([("supercalifragilistic x",)], ["k"], wrap={"k": 5})
    assert capsys.readouterr().out.splitlines()[2:] == ["supercalifragilistic", "x"], "no place to break: kept whole"


def test_an_empty_table_prints_its_headers(capsys):
    print_table([], ["k", "v"], wrap={"k": 3})
    assert capsys.readouterr().out.splitlines() == ["k  v", "-  -"]


@pytest.mark.parametrize("path", sorted((ROOT / "solutions").glob("*.ipynb")), ids=lambda p: p.stem[:5])
def test_exercise_outputs_fit_jupyterlab_unwrapped(path):
    """The reveal tables (slide shape beside Keras' shape) are read across: a wrapped line breaks them."""
    nb = nbformat.read(path, as_version=4)
    wide = [line for cell in nb.cells if cell.cell_type == "code" for output in cell.outputs
            for line in (output.get("text") or output.get("data", {}).get("text/plain", "")).splitlines()
            if len(line) > OUTPUT_WIDTH]
    assert not wide, f"{len(wide)} output lines wider than {OUTPUT_WIDTH} characters, e.g. {wide[0]!r}"

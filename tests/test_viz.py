"""Attention highlighting: deterministic, escaped HTML whose shading follows the weights."""
import re

import numpy as np

from course_utils.viz import highlight_html, moderation_panel


def opacities(html):
    return [float(x) for x in re.findall(r"rgba\(\d+, \d+, \d+, ([0-9.]+)\)", html)]


def test_the_top_word_is_fully_shaded_and_the_rest_in_proportion():
    html = highlight_html(["you", "are", "a", "moron"], [0.1, 0.1, 0.2, 0.6])
    assert opacities(html) == [0.17, 0.17, 0.33, 1.0]
    assert 'title="0.60"' in html


SPAN = '<span title="0.50" style="background: rgba(220, 50, 47, 1.00); padding: 0 2px; border-radius: 3px">{}</span>'


def test_words_are_escaped_and_the_output_is_deterministic():
    """The exact HTML, also from float32 weights: stored notebook outputs compare it character by character."""
    expected = SPAN.format("&lt;b&gt;") + " " + SPAN.format("&amp;")
    assert highlight_html(["<b>", "&"], [0.5, 0.5]) == expected
    assert highlight_html(["<b>", "&"], np.array([0.5, 0.5], dtype="float32")) == expected


def test_all_zero_weights_give_no_shading_and_no_error():
    assert opacities(highlight_html(["a", "b"], [0.0, 0.0])) == [0.0, 0.0]


def test_the_panel_has_one_row_per_comment_with_its_probability():
    panel = moderation_panel([(["fine"], [1.0], 0.0312, "accept"), (["idiot"], [1.0], 0.987, "reject")]).data
    assert panel.count("<tr>") == 3 and "p(reject)" in panel
    assert ">0.03<" in panel and ">0.99<" in panel

"""Attention highlighting: deterministic, escaped HTML whose shading follows the weights."""
import re

from course_utils.viz import highlight_html, moderation_panel


def opacities(html):
    return [float(x) for x in re.findall(r"rgba\(\d+, \d+, \d+, ([0-9.]+)\)", html)]


def test_the_top_word_is_fully_shaded_and_the_rest_in_proportion():
    html = highlight_html(["you", "are", "a", "moron"], [0.1, 0.1, 0.2, 0.6])
    assert opacities(html) == [0.17, 0.17, 0.33, 1.0]
    assert 'title="0.60"' in html


def test_words_are_escaped_and_the_output_is_deterministic():
    html = highlight_html(["<b>", "&"], [0.5, 0.5])
    assert "&lt;b&gt;" in html and "&amp;" in html and "<b>" not in html
    assert html == highlight_html(["<b>", "&"], [0.5, 0.5])


def test_all_zero_weights_give_no_shading_and_no_error():
    assert opacities(highlight_html(["a", "b"], [0.0, 0.0])) == [0.0, 0.0]


def test_the_panel_has_one_row_per_comment_with_its_probability():
    panel = moderation_panel([(["fine"], [1.0], 0.0312, "accept"), (["idiot"], [1.0], 0.987, "reject")]).data
    assert panel.count("<tr>") == 3 and "p(reject)" in panel
    assert ">0.03<" in panel and ">0.99<" in panel

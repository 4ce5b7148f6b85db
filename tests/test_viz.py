"""Attention highlighting: deterministic, escaped HTML whose shading follows the weights."""
import re

import numpy as np
import pytest

from course_utils import viz
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


def test_embedding_map_labels_do_not_overlap_even_for_close_points():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    rng = np.random.default_rng(0)
    vectors = np.repeat(rng.normal(size=(3, 5)), 4, axis=0) + rng.normal(scale=0.05, size=(12, 5))  # 3 tight clusters
    words = [f"word{i}" for i in range(12)]
    ax = viz.plot_embedding_map(vectors, words)
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    assert len(boxes) == 12
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    plt.close(ax.figure)


def test_history_plot_draws_each_reference_as_a_labelled_line():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ax = viz.plot_history({"loss": [3.0, 2.0, 1.5]}, reference={"best possible": 1.2})
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert list(lines["best possible"].get_ydata()) == [1.2, 1.2]
    plt.close(ax.figure)


def test_a_tsne_map_keeps_each_points_cluster_as_its_nearest_and_names_its_axes():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    rng = np.random.default_rng(0)
    vectors = np.repeat(rng.normal(size=(3, 8)), 5, axis=0) + rng.normal(scale=0.1, size=(15, 8))   # 3 clusters
    points = viz.project_2d(vectors, "tsne")
    gaps = np.linalg.norm(points[:, None] - points[None], axis=-1) + np.diag([np.inf] * 15)
    assert all(j // 5 == i // 5 for i, j in enumerate(gaps.argmin(axis=1)))
    ax = viz.plot_embedding_map(vectors, [f"w{i}" for i in range(15)], method="tsne")
    assert ax.get_xlabel() == "t-SNE axis 1"
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="'pca' or 'tsne'"):
        viz.project_2d(vectors, "umap")

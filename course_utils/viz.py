"""Pictures for people: training curves, 2-D maps of embeddings, attention highlighting.

Each plot function draws on a new (or given) Axes and returns it; the notebook
cell ends with `plt.show()`. Plots are never what a test relies on. The HTML
functions return deterministic HTML, which nbval does compare.
"""
import html

import matplotlib.pyplot as plt
import numpy as np
from adjustText import adjust_text
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE


def plot_history(history, metrics=None, ax=None, title="Training", reference=None):
    """Curves of a Keras `History` (or its `.history` dict) per epoch, validation dashed.

    `reference` maps a label to a value drawn as a horizontal line (e.g. the best possible loss), so a
    curve is read against what it could reach.
    """
    logs = getattr(history, "history", history)
    metrics = metrics or sorted(k for k in logs if not k.startswith("val_"))
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.5))
    for name in metrics:
        epochs = np.arange(1, len(logs[name]) + 1)
        (line,) = ax.plot(epochs, logs[name], marker="o", label=name)
        if f"val_{name}" in logs:
            ax.plot(epochs, logs[f"val_{name}"], linestyle="--", marker="o",
                    color=line.get_color(), label=f"val_{name}")
    for (label, value), style in zip((reference or {}).items(), ("--", ":", "-.")):
        ax.axhline(value, color="black", linestyle=style, label=label)
    ax.set(xlabel="epoch", title=title)
    ax.grid(alpha=0.3)
    ax.legend()
    return ax


AXES = {"pca": "principal component", "tsne": "t-SNE axis"}


def project_2d(vectors, method="pca", seed=0):
    """Row vectors in 2-D: their first two principal components (PCA, distances and directions kept as far as
    two dimensions can), or a t-SNE map of their unit vectors (each word's neighbours kept, by cosine; the
    gaps between groups and the axes mean nothing). Both scikit-learn's."""
    vectors = np.asarray(vectors, dtype="float64")
    if method == "pca":
        return PCA(n_components=2, svd_solver="full").fit_transform(vectors)
    if method == "tsne":
        unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
        return TSNE(n_components=2, perplexity=min(5.0, len(vectors) - 1.0), init="pca",
                    random_state=seed).fit_transform(unit)
    raise ValueError(f"method is 'pca' or 'tsne', not {method!r}")


def plot_embedding_map(vectors, words, groups=None, ax=None, title="Embeddings (PCA, 2-D)", method="pca"):
    """Scatter words at the 2-D projection of their vectors (`project_2d`), coloured by group."""
    points = project_2d(vectors, method)
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 5.5))
    groups = list(groups) if groups is not None else ["words"] * len(words)
    for group in sorted(set(groups)):
        rows = [i for i, g in enumerate(groups) if g == group]
        ax.scatter(points[rows, 0], points[rows, 1], label=group, s=30)
    ax.margins(0.15)                                   # room for the labels inside the axes
    labels = [ax.text(x, y, word, fontsize=9) for (x, y), word in zip(points, words)]
    # moved apart so none overlap; a fixed number of steps (not its default time limit) keeps it reproducible
    adjust_text(labels, ax=ax, expand=(1.3, 1.6), iter_lim=1000,
                arrowprops=dict(arrowstyle="-", color="gray", lw=0.5))
    ax.set(xlabel=f"{AXES[method]} 1", ylabel=f"{AXES[method]} 2", title=title)
    ax.grid(alpha=0.3)
    if len(set(groups)) > 1:
        ax.legend()
    return ax


def highlight_html(tokens, weights, rgb=(220, 50, 47)):
    """Words as HTML spans whose background is as strong as their weight (the text's top word: full).

    Opacities and the hover titles are rounded to 2 decimals, so the same
    weights always give the same HTML (nbval compares it).
    """
    peak = max(max(weights, default=0.0), 1e-12)
    colour = ", ".join(map(str, rgb))
    return " ".join(
        f'<span title="{float(w):.2f}" style="background: rgba({colour}, {float(w) / peak:.2f}); '
        f'padding: 0 2px; border-radius: 3px">{html.escape(t)}</span>'
        for t, w in zip(tokens, weights))


def moderation_panel(rows, label="reject"):
    """The lecture's moderation panel: rows of (tokens, weights, probability, truth) -> HTML table.

    Each comment is shown with its words highlighted by attention and the
    model's probability of `label` beside it.
    """
    from IPython.display import HTML

    cell = 'style="padding: 4px 8px; text-align: left; vertical-align: top"'
    lines = [f'<table style="border-collapse: collapse"><tr><th {cell}>p({label})</th>'
             f"<th {cell}>truth</th><th {cell}>comment, words shaded by attention</th></tr>"]
    for tokens, weights, probability, truth in rows:
        lines.append(f"<tr><td {cell}>{float(probability):.2f}</td><td {cell}>{html.escape(str(truth))}</td>"
                     f"<td {cell}>{highlight_html(tokens, weights)}</td></tr>")
    lines.append("</table>")
    return HTML("\n".join(lines))

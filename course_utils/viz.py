"""Pictures for people: training curves and 2-D maps of embeddings.

Each function draws on a new (or given) Axes and returns it; the notebook cell
ends with `plt.show()`. Plots are never what a test relies on.
"""
import matplotlib.pyplot as plt
import numpy as np
from sklearn.decomposition import PCA


def plot_history(history, metrics=None, ax=None, title="Training"):
    """Curves of a Keras `History` (or its `.history` dict) per epoch, validation dashed."""
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
    ax.set(xlabel="epoch", title=title)
    ax.grid(alpha=0.3)
    ax.legend()
    return ax


def project_2d(vectors):
    """Project row vectors onto their first two principal components (scikit-learn PCA)."""
    vectors = np.asarray(vectors, dtype="float64")
    return PCA(n_components=2, svd_solver="full").fit_transform(vectors)


def plot_embedding_map(vectors, words, groups=None, ax=None, title="Embeddings (PCA, 2-D)"):
    """Scatter words at the 2-D PCA projection of their vectors, coloured by group."""
    points = project_2d(vectors)
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 5.5))
    groups = list(groups) if groups is not None else ["words"] * len(words)
    for group in sorted(set(groups)):
        rows = [i for i, g in enumerate(groups) if g == group]
        ax.scatter(points[rows, 0], points[rows, 1], label=group, s=30)
    for (x, y), word in zip(points, words):
        ax.annotate(word, (x, y), textcoords="offset points", xytext=(4, 3), fontsize=9)
    ax.set(xlabel="principal component 1", ylabel="principal component 2", title=title)
    ax.grid(alpha=0.3)
    if len(set(groups)) > 1:
        ax.legend()
    return ax

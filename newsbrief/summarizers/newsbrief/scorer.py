"""The learned models of newsbrief's summarizer, shipped in newsbrief/data and trained by
scripts/train_scorer.py: a term model (terms.npz) and a sentence scorer (scorer.npz, a small MLP)."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ...text.vocabulary import data_file
from .features import FEATURE_NAMES, TERM_FEATURE_NAMES


def _load_npz(path, names: list[str], what: str) -> dict[str, np.ndarray]:
    with path.open("rb") as fh:
        data = np.load(fh)
        model = {k: data[k] for k in data.files}
    if list(model["feature_names"]) != names:
        raise RuntimeError(f"{what} was trained on other features; retrain it (scripts/train_scorer.py)")
    return model


def load_term_model(data_dir: Path | None = None) -> dict[str, np.ndarray]:
    """Logistic model: probability that a term of the story appears in a human brief."""
    return _load_npz(data_file("terms.npz", data_dir), TERM_FEATURE_NAMES, "terms.npz")


def load_scorer(path: str | None = None, data_dir: Path | None = None) -> dict[str, np.ndarray]:
    """The trained MLP weights (a few KB): ``path``, else scorer.npz of ``data_dir`` or the package."""
    source = Path(path) if path is not None else data_file("scorer.npz", data_dir)
    return _load_npz(source, FEATURE_NAMES, str(source.name))


# Used when the learned scorer is switched off (ablation) - hand-set, same features.
HEURISTIC_WEIGHTS = {
    "log_index": -0.35, "is_first": 0.6, "agreement": 1.0, "agreement_top": 0.5,
    "term_prob": 3.0, "centroid": 1.0, "dangling_start": -0.5, "no_final_punct": -2.0,
    "short": -1.0, "long": -0.3, "question": -1.0, "first_person": -0.3,
}


def mlp_scores(model: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    h = (x - model["mean"]) / model["scale"]
    n_layers = int(model["n_layers"])
    for i in range(n_layers):
        h = h @ model[f"W{i}"] + model[f"b{i}"]
        if i < n_layers - 1:
            h = np.maximum(h, 0.0)
    return h.ravel()


def heuristic_scores(x: np.ndarray) -> np.ndarray:
    w = np.array([HEURISTIC_WEIGHTS.get(n, 0.0) for n in FEATURE_NAMES], dtype=np.float32)
    return x @ w

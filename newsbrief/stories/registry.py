"""The one registry of story clusterers: ours and the baselines are interchangeable.

Every clusterer is online and scikit-learn style: ``partial_fit(articles, labels=None)``,
``predict(articles)``, ``fit_predict(articles)`` and ``labels_`` (see ``stories.online``).
"""
from __future__ import annotations

import importlib
from typing import Any

# name -> (module, class)
CLUSTERERS: dict[str, tuple[str, str]] = {
    "newsbrief": ("newsbrief.stories.online", "OnlineStoryClusterer"),
    "single-pass": ("newsbrief.stories.baselines", "TfidfSinglePass"),  # needs scikit-learn
    "average-link": ("newsbrief.stories.baselines", "TfidfAverageLink"),  # batch, not online
}


def get_clusterer(name: str = "newsbrief", **options: Any) -> Any:
    """A new clusterer by registry name (ValueError naming the choices if unknown)."""
    if name not in CLUSTERERS:
        raise ValueError(f"unknown story clusterer {name!r}; choose one of {', '.join(CLUSTERERS)}")
    module, cls = CLUSTERERS[name]
    return getattr(importlib.import_module(module), cls)(**options)

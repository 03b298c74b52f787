"""Shared fixtures: the bundled example story and the optional ../shared data sets."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "penn-el-chapo"
SHARED_MDS = ROOT.parent / "shared" / "data" / "mds"


@pytest.fixture
def example_paths() -> list[Path]:
    return [EXAMPLE / "inquisitr.txt", EXAMPLE / "nbcnews.txt"]


@pytest.fixture
def example_texts(example_paths) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in example_paths]


def shared_set(name: str) -> Path:
    """A data set from ../shared/data/mds, or skip the test when it is not there."""
    path = SHARED_MDS / name
    if not path.exists():
        pytest.skip(f"{path} not present (research data lives outside the repo)")
    return path

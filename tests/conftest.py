"""Shared fixtures: the bundled example story and the optional ../shared data sets."""
from __future__ import annotations

import socket
import types
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


def fake_dns(mapping: dict[str, str]):
    """A stand-in for the ``socket`` module inside newsbrief.inputs.fetch only: httpx still connects
    through the real resolver, so only 127.0.0.1 is ever contacted."""

    def getaddrinfo(host, port, *args, **kwargs):
        addr = mapping.get(host)
        if addr is None:
            raise socket.gaierror(f"unknown host {host}")
        family = socket.AF_INET6 if ":" in addr else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (addr, port))]

    return types.SimpleNamespace(getaddrinfo=getaddrinfo, SOCK_STREAM=socket.SOCK_STREAM,
                                 gaierror=socket.gaierror)

"""The one reader of cluster files: JSONL (plain or gzip), one story per line,
``{"id", "documents": [str], "summary" | "summaries"}``, as batch jobs and the evaluation read them.
"""
from __future__ import annotations

import gzip
import json
import os
import warnings
from typing import Any, Iterator

from ..model import NewsbriefError

SMALL_GZIP = 64 << 20  # count the lines of a .gz input for the progress bar only below this size


def _is_gzip(path: str | os.PathLike[str]) -> bool:
    with open(path, "rb") as f:
        return f.read(2) == b"\x1f\x8b"


def open_text(path: str | os.PathLike[str]):
    """Open a plain or gzip'd text file for reading (UTF-8; undecodable bytes replaced)."""
    if not os.path.exists(path):
        raise NewsbriefError(f"{path}: no such file")
    if os.path.isdir(path):
        raise NewsbriefError(f"{path}: is a directory, not a JSONL file")
    if _is_gzip(path):
        return gzip.open(path, "rt", encoding="utf-8", errors="replace")
    if os.fspath(path).endswith(".gz"):
        raise NewsbriefError(f"{path}: named .gz but not gzip data")
    return open(path, encoding="utf-8", errors="replace")


def count_lines(path: str) -> int | None:
    """Number of non-blank lines, or ``None`` when counting would cost too much (a large .gz)."""
    gz = _is_gzip(path)
    if gz and os.path.getsize(path) > SMALL_GZIP:
        return None
    opener = gzip.open if gz else open
    n = 0
    try:
        with opener(path, "rb") as f:
            for line in f:
                n += bool(line.strip())
    except (OSError, EOFError):
        return None
    return n


def read_lines(path: str | os.PathLike[str]) -> Iterator[tuple[int, str]]:
    """Lazily yield ``(line number, line)`` for every non-blank line."""
    lineno = 0
    try:
        with open_text(path) as f:
            for lineno, line in enumerate(f, 1):
                if line.strip():
                    yield lineno, line
    except (OSError, EOFError) as exc:  # a corrupt or truncated .gz
        raise NewsbriefError(f"{path}: unreadable after line {lineno}: {exc}") from None


def cluster_references(record: dict[str, Any]) -> list[str]:
    """The human reference summaries of a cluster record (``summaries`` or ``summary``)."""
    refs = record.get("summaries")
    if refs is None:
        refs = [record.get("summary")]
    if isinstance(refs, str):
        refs = [refs]
    return [r for r in refs if isinstance(r, str) and r.strip()]


def read_clusters(path: str | os.PathLike[str], *, references: bool = True,
                  limit: int | None = None) -> tuple[list[dict[str, Any]], int]:
    """The usable clusters of a JSONL file, and how many were skipped.

    Skipped: clusters whose documents are all empty and, with ``references``, those with no
    reference; malformed lines are skipped with a warning. ``limit``: stop after that many
    usable clusters. A missing or unreadable file is a ``NewsbriefError``.
    """
    name = os.path.basename(os.fspath(path))
    clusters: list[dict[str, Any]] = []
    skipped = 0
    try:
        for n, line in read_lines(path):
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                warnings.warn(f"{path}:{n}: not JSON ({exc.msg}); skipped", stacklevel=2)
                skipped += 1
                continue
            docs = rec.get("documents") if isinstance(rec, dict) else None
            if not isinstance(docs, list):
                warnings.warn(f"{path}:{n}: no 'documents' list; skipped", stacklevel=2)
                skipped += 1
                continue
            docs = [d if isinstance(d, str) else "" for d in docs]
            if not any(d.strip() for d in docs) or (references and not cluster_references(rec)):
                skipped += 1
                continue
            rec["documents"] = docs
            rec.setdefault("id", f"{name}:{n}")
            clusters.append(rec)
            if limit is not None and len(clusters) >= limit:
                break
    except UnicodeDecodeError as exc:  # pragma: no cover - errors="replace" prevents it
        raise NewsbriefError(f"{path}: cannot read it as JSONL ({exc})") from exc
    return clusters, skipped

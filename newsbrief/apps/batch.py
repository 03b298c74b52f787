"""``newsbrief batch``: summarize every cluster of a JSONL file into a JSONL file.

Input: one cluster per line, ``{"id": ..., "documents": [str, ...], ...}`` (plain or ``.gz``);
a record without an ``id`` is called ``line-N`` (N = its 1-based line number). Output: one line
per cluster, in input order::

    {"id", "summary": "one sentence per line", "sentences": [...], "documents": [...]}

or ``{"id", "error": "..."}`` when that cluster cannot be summarized (the run goes on).

Two engines share one per-cluster function, :func:`summarize_line`, so their output is
identical byte for byte:

* ``local`` (default): streams the input, summarizes in this process (``--workers 1``) or in a
  process pool with a bounded in-flight window (memory stays flat whatever the file size), and
  appends + flushes each line as soon as it is ready, so a killed run loses nothing written;
  ``--resume`` skips the ids already in the output.
* ``ray``: the same job on Ray Data (``read_text`` -> ``map_batches`` -> rows streamed back to
  the driver in order and written to one JSONL file), on a local Ray or an existing cluster.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
import warnings
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from ..inputs.clusters import count_lines, open_text, read_lines
from ..model import NewsbriefError
from ..pipeline import DEFAULT_WORDS

CHUNKSIZE = 8          # clusters per IPC message: a cluster takes milliseconds, a message ~0.1 ms
WINDOW_PER_WORKER = 64  # clusters in flight per worker: bounds memory, keeps workers busy
RAY_BATCH = 32
FAIL_FAST = 20  # stop when this many first clusters ALL fail with internal errors (a broken install)


# --------------------------------------------------------------------------- per cluster

_SUMMARIZERS: dict[str, Any] = {}


def get_summarizer(name: str | None):
    """The summarizer called ``name`` (``None``/"newsbrief" = the pipeline default), cached per process."""
    key = name or "newsbrief"
    if key not in _SUMMARIZERS:
        if key == "newsbrief":
            from ..pipeline import default_summarizer

            _SUMMARIZERS[key] = default_summarizer()
        elif key == "oracle":
            raise NewsbriefError("--summarizer oracle needs the reference summaries; use newsbrief eval")
        else:
            from ..summarizers.registry import get_summarizer as make

            try:
                _SUMMARIZERS[key] = make(key)
            except NewsbriefError as exc:
                raise NewsbriefError(f"--summarizer {key}: {exc}") from None
    return _SUMMARIZERS[key]


def _dumps(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False)


def summarize_record(record: Any, cid: str, words: int, summarizer: str | None) -> dict[str, Any]:
    """One output record for one input record; errors become ``{"id", "error"}``."""
    from ..pipeline import articles_from_texts, summarize

    try:
        if not isinstance(record, dict):
            raise NewsbriefError(f"expected a JSON object, got {type(record).__name__}")
        docs = record.get("documents")
        if not isinstance(docs, list) or not all(isinstance(d, str) for d in docs):
            raise NewsbriefError("'documents' must be a list of strings")
        if not docs:
            raise NewsbriefError("'documents' is empty")
        articles = articles_from_texts(docs)
        brief = summarize(articles, words, get_summarizer(summarizer))
        return {
            "id": cid,
            "summary": "\n".join(s.text for s in brief.sentences),
            "sentences": [s.to_dict() for s in brief.sentences],
            "documents": [a.to_dict() for a in brief.documents],
        }
    except NewsbriefError as exc:
        return {"id": cid, "error": str(exc)}
    except Exception as exc:  # a bug on one cluster must not stop an archive-sized run
        return {"id": cid, "error": f"internal error: {type(exc).__name__}: {exc}"}


def record_id(record: Any, lineno: int | None) -> str | None:
    """The cluster id: the record's ``id``, else ``line-N`` (``None`` when N is not known yet)."""
    if isinstance(record, dict) and record.get("id") not in (None, ""):
        return str(record["id"])
    return None if lineno is None else f"line-{lineno}"


Result = tuple[str | None, str | None, str | None]  # (id, output line or None if skipped, error)


def summarize_line(line: str, lineno: int | None, words: int, summarizer: str | None,
                   skip: frozenset[str] = frozenset()) -> Result:
    """Summarize one JSONL line -> ``(id, output JSON line, error)``: the unit both engines share.

    ``lineno=None`` (Ray, where rows carry no line number): a record without an id gets
    ``"id": null`` and the driver fills in ``line-N``. The line is ``None`` for ids in ``skip``.
    """
    try:
        record = json.loads(line)
    except ValueError as exc:
        cid = None if lineno is None else f"line-{lineno}"
        error = f"not valid JSON: {exc}"
        return cid, _dumps({"id": cid, "error": error}), error
    cid = record_id(record, lineno)
    if cid is not None and cid in skip:
        return cid, None, None
    result = summarize_record(record, cid, words, summarizer)
    return cid, _dumps(result), result.get("error")


# --------------------------------------------------------------------------- input / output

def done_ids(out: str) -> set[str]:
    """Ids already in ``out`` (for ``--resume``); drops a truncated last line left by a killed run.

    A last line that is incomplete (no newline, or not valid JSON) is cut off the file, so the
    run appends after the last complete line. Streams the file: only the ids stay in memory.
    """
    ids: set[str] = set()
    if not os.path.exists(out):
        return ids
    good_end = pos = 0
    bad_line = 0  # the number of an incomplete line: fine only if it is the last one
    with open(out, "rb") as f:
        for i, raw in enumerate(f, 1):
            if bad_line:
                raise NewsbriefError(f"{out}: line {bad_line} is not a complete JSON record; "
                                     "cannot resume (fix or remove that line)")
            pos += len(raw)
            if raw.strip():
                try:
                    obj = json.loads(raw)
                    if not raw.endswith(b"\n") or not isinstance(obj, dict) or "id" not in obj:
                        raise ValueError("incomplete line")
                except ValueError:
                    bad_line = i
                    continue
                ids.add(str(obj["id"]))
            good_end = pos
    if good_end < pos:
        with open(out, "r+b") as f:
            f.truncate(good_end)
            f.flush()
            os.fsync(f.fileno())
    return ids


# --------------------------------------------------------------------------- engines

@dataclass
class Report:
    done: int = 0
    errors: int = 0
    skipped: int = 0
    seconds: float = 0.0
    error_examples: list[str] = field(default_factory=list)

    internal_errors: int = 0

    def add(self, cid: str | None, line: str | None, error: str | None) -> None:
        if line is None:
            self.skipped += 1
            return
        self.done += 1
        if error is not None:
            self.errors += 1
            self.internal_errors += error.startswith("internal error:")
            if len(self.error_examples) < 3:
                self.error_examples.append(f"{cid}: {error}")

    @property
    def broken(self) -> bool:
        """Every cluster so far (at least FAIL_FAST) failed unexpectedly: the install is broken."""
        return self.done >= FAIL_FAST and self.internal_errors == self.done

    def summary(self) -> str:
        rate = self.done / self.seconds if self.seconds > 0 else 0.0
        text = (f"newsbrief batch: {self.done} clusters done, {self.errors} errors, "
                f"{self.skipped} skipped, {self.seconds:.1f} s wall, {rate:.1f} clusters/s")
        for example in self.error_examples:
            text += f"\n  e.g. error: {example}"
        return text


_WORKER_CFG: dict[str, Any] = {}


def _worker_init(words: int, summarizer: str | None, skip: frozenset[str]) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _WORKER_CFG.update(words=words, summarizer=summarizer, skip=skip)


def _worker_task(item: tuple[int, str]) -> Result:
    lineno, line = item
    return summarize_line(line, lineno, _WORKER_CFG["words"], _WORKER_CFG["summarizer"],
                          _WORKER_CFG["skip"])


def _bounded(items: Iterable[Any], slots, stop) -> Iterator[Any]:
    """Yield items only while a slot is free: ``Pool.imap`` would otherwise read the whole input.

    Runs in the pool's task thread; ``stop`` ends it when the consumer gives up (an error,
    Ctrl-C), so that closing the pool never waits on a slot that will not be freed.
    """
    for item in items:
        while not slots.acquire(timeout=0.2):
            if stop.is_set():
                return
        if stop.is_set():
            return
        yield item


def run_local(lines: Iterable[tuple[int, str]], words: int, summarizer: str | None,
              workers: int, skip: frozenset[str]) -> Iterator[Result]:
    """A :data:`Result` for each input line, in input order."""
    if workers <= 1:
        for lineno, line in lines:
            yield summarize_line(line, lineno, words, summarizer, skip)
        return
    import multiprocessing as mp
    import threading

    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    slots = threading.BoundedSemaphore(max(WINDOW_PER_WORKER, 4 * CHUNKSIZE) * workers)
    stop = threading.Event()
    with ctx.Pool(workers, initializer=_worker_init, initargs=(words, summarizer, skip)) as pool:
        try:
            for result in pool.imap(_worker_task, _bounded(lines, slots, stop), chunksize=CHUNKSIZE):
                slots.release()
                yield result
        finally:
            stop.set()


def _ray_summarize_batch(batch: dict[str, Any], words: int, summarizer: str | None,
                         skip: frozenset[str]) -> dict[str, list]:
    """Ray Data ``map_batches`` function: each input line -> its output line.

    Blank input lines stay as rows (``line`` = "") so the driver can count line numbers;
    skipped ids have ``line`` = "" too but a non-empty ``id``.
    """
    ids, outs, errors = [], [], []
    for line in batch["text"]:
        line = str(line)
        cid, out, error = (None, None, None) if not line.strip() else \
            summarize_line(line, None, words, summarizer, skip)
        ids.append(cid or "")
        outs.append(out or "")
        errors.append(error or "")
    return {"id": ids, "line": outs, "error": errors}


def require_ray():
    """The ``ray`` module with Ray Data, or a one-line error naming the extra to install."""
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise NewsbriefError('--engine ray needs Ray Data: pip install "newsbrief[ray]"') from None
    return ray


def run_ray(path: str, words: int, summarizer: str | None, workers: int, address: str | None,
            skip: frozenset[str]) -> Iterator[Result]:
    """The same job on Ray Data; rows come back to the driver in input order."""
    ray = require_ray()
    import logging

    logging.getLogger("ray.data").setLevel(logging.ERROR)  # our own bar and report say enough
    address = address or os.environ.get("RAY_ADDRESS") or None  # Ray's own convention
    started = False
    if not ray.is_initialized():
        pkg_parent = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        if address:
            # ship this exact newsbrief code to the cluster's workers (their Python deps must exist)
            runtime_env = {"py_modules": [os.path.join(pkg_parent, "newsbrief")]}
            ray.init(address=address, runtime_env=runtime_env, log_to_driver=False,
                     logging_level=logging.WARNING)
        else:
            pythonpath = os.pathsep.join(p for p in (pkg_parent, os.environ.get("PYTHONPATH")) if p)
            ray.init(num_cpus=max(1, workers), include_dashboard=False, log_to_driver=False,
                     logging_level=logging.WARNING,
                     runtime_env={"env_vars": {"PYTHONPATH": pythonpath}})
        started = True
    try:
        ctx = ray.data.DataContext.get_current()
        ctx.execution_options.preserve_order = True
        ctx.enable_progress_bars = False
        if "://" not in path:
            path = os.path.abspath(path)
            if address and not address.startswith("ray://"):
                # a file on the driver's machine: have Ray read it on this node of the cluster
                # (deprecated by Ray in favour of shared or cloud storage, still the only way)
                path = "local://" + path
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ds = ray.data.read_text(path, drop_empty_lines=False)
        ds = ds.map_batches(_ray_summarize_batch, batch_size=RAY_BATCH, batch_format="numpy",
                            fn_kwargs={"words": words, "summarizer": summarizer, "skip": skip})
        lineno = 0
        for row in ds.iter_rows():
            lineno += 1
            cid, out, error = row["id"] or None, row["line"] or None, row["error"] or None
            if out is None:
                if cid is not None:
                    yield cid, None, None  # skipped (--resume)
                continue  # a blank input line
            if cid is None:  # no id in the record: it is called after its line number
                cid = f"line-{lineno}"
                if cid in skip:
                    yield cid, None, None
                    continue
                obj = json.loads(out)
                obj["id"] = cid
                out = _dumps(obj)
            yield cid, out, error
    finally:
        if started:
            ray.shutdown()


# --------------------------------------------------------------------------- command

def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", metavar="IN.jsonl[.gz]", help="one cluster per line: {id, documents: [str]}")
    parser.add_argument("-o", "--output", required=True, metavar="OUT.jsonl", help="output JSONL file")
    parser.add_argument("--words", type=int, default=DEFAULT_WORDS,
                        help=f"word budget per brief (default {DEFAULT_WORDS})")
    parser.add_argument("--workers", type=int, default=1,
                        help="processes (local engine) or CPUs for a local Ray (default 1)")
    parser.add_argument("--resume", action="store_true",
                        help="skip the ids already in OUT (after a killed or interrupted run)")
    parser.add_argument("--engine", choices=["local", "ray"], default="local",
                        help="local process pool (default) or Ray Data")
    parser.add_argument("--address", default=None, metavar="auto|ray://HOST:PORT",
                        help="with --engine ray: connect to an existing Ray cluster")
    parser.add_argument("--summarizer", default=None, metavar="NAME",
                        help="newsbrief (default), lead, or a peer such as lexrank")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")


def run(args: argparse.Namespace) -> int:
    path, out = args.input, args.output
    if args.words < 1:
        raise NewsbriefError(f"--words must be a positive number of words, not {args.words}")
    if args.workers < 1:
        raise NewsbriefError(f"--workers must be at least 1, not {args.workers}")
    if args.address and args.engine != "ray":
        raise NewsbriefError("--address only applies to --engine ray")
    remote = "://" in path  # s3://, gs://, ... : read by the Ray workers, not here
    if remote and args.engine != "ray":
        raise NewsbriefError(f"{path}: remote inputs need --engine ray")
    if not remote:
        open_text(path).close()  # a missing or unreadable input fails now, in one line
        if os.path.abspath(path) == os.path.abspath(out):
            raise NewsbriefError(f"{out}: the output would overwrite the input")
    get_summarizer(args.summarizer)  # an unknown name fails now, before any worker starts
    if args.engine == "ray":
        require_ray()
    skip = frozenset(done_ids(out)) if args.resume else frozenset()

    total = None if remote else count_lines(path)
    from tqdm import tqdm

    bar = tqdm(total=total, unit="cluster", file=sys.stderr, dynamic_ncols=True,
               disable=args.no_progress or None, smoothing=0.1)
    report = Report()
    start = time.perf_counter()
    if args.engine == "ray":
        results = run_ray(path, args.words, args.summarizer, args.workers, args.address, skip)
    else:
        results = run_local(read_lines(path), args.words, args.summarizer, args.workers, skip)
    with open(out, "a" if args.resume else "w", encoding="utf-8") as f:
        try:
            for cid, line, error in results:
                if line is not None:
                    f.write(line + "\n")
                    f.flush()  # a killed run keeps every line written so far
                report.add(cid, line, error)
                bar.update(1)
                if report.broken:
                    raise RuntimeError(f"the first {report.done} clusters all failed, stopping "
                                       f"(e.g. {report.error_examples[0]})")
        finally:
            f.flush()
            os.fsync(f.fileno())
            bar.close()
            report.seconds = time.perf_counter() - start
    if report.done == 0 and report.skipped == 0:
        raise NewsbriefError(f"{path}: empty input: no clusters found (one JSON object per line)")
    print(report.summary(), file=sys.stderr)
    return 0

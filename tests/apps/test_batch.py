"""newsbrief batch: order, errors, resume after a killed run, workers, gzip, bad input; bench smoke."""
from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsbrief.apps.cli import main

from conftest import ROOT as REPO  # noqa: E402
EXAMPLES = REPO.parent / "shared" / "examples" / "penn-el-chapo"
MDS = REPO.parent / "shared" / "data" / "mds"


def _sentences() -> list[str]:
    """Real news sentences (from the shared example scrapes, else the repo's copy)."""
    from newsbrief.text.sentences import split_sentences

    folder = EXAMPLES if EXAMPLES.is_dir() else REPO / "examples" / "penn-el-chapo"
    out = []
    for path in sorted(folder.glob("*.txt")):
        if path.name in ("reference.txt",):
            continue
        out += [s.text for s in split_sentences(path.read_text(encoding="utf-8"))
                if len(s.text.split()) >= 6]
    assert len(out) > 30
    return out


def make_clusters(n: int) -> list[dict]:
    """``n`` small clusters of 2-3 documents built from real sentences, each a different mix."""
    sents = _sentences()
    clusters = []
    for i in range(n):
        docs = []
        for d in range(2 + i % 2):
            start = (i * 7 + d * 11) % len(sents)
            picked = [sents[(start + k) % len(sents)] for k in range(6 + (i + d) % 4)]
            docs.append("\n\n".join(picked))
        clusters.append({"id": f"c{i:03d}", "documents": docs, "summary": "unused"})
    return clusters


def write_jsonl(path: Path, records: list, gz: bool = False) -> Path:
    text = "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)
    if gz:
        with gzip.open(path, "wt", encoding="utf-8") as f:
            f.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def read_out(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def batch(*args: str) -> int:
    return main(["batch", *args, "--no-progress"])


def test_one_line_per_cluster_in_order_with_provenance(tmp_path):
    clusters = make_clusters(6)
    inp = write_jsonl(tmp_path / "in.jsonl", clusters)
    out = tmp_path / "out.jsonl"
    assert batch(str(inp), "-o", str(out), "--words", "60", "--summarizer", "lead") == 0
    rows = read_out(out)
    assert [r["id"] for r in rows] == [c["id"] for c in clusters]
    for row, cluster in zip(rows, clusters):
        assert set(row) == {"id", "summary", "sentences", "documents"}
        assert len(row["documents"]) == len(cluster["documents"])
        assert row["summary"].split("\n") == [s["text"] for s in row["sentences"]]
        assert sum(len(s["text"].split()) for s in row["sentences"]) <= 60
        for s in row["sentences"]:
            # every sentence is traceable to its source document
            assert s["text"] in cluster["documents"][s["document"]]
            assert set(s) >= {"text", "document", "index", "offsets", "support"}


def test_default_summarizer(tmp_path, capsys):
    """Without --summarizer the pipeline's default summarizer runs and succeeds."""
    clusters = make_clusters(3)
    inp = write_jsonl(tmp_path / "in.jsonl", clusters)
    out = tmp_path / "out.jsonl"
    assert batch(str(inp), "-o", str(out), "--words", "80") == 0
    rows = read_out(out)
    assert [r["id"] for r in rows] == ["c000", "c001", "c002"]
    assert all("error" not in r and r["sentences"] for r in rows), rows
    assert "3 clusters done, 0 errors" in capsys.readouterr().err


def test_failing_cluster_gets_error_and_run_goes_on(tmp_path, capsys):
    good = make_clusters(3)
    records = [good[0], {"id": "empty", "documents": ["", "   "]}, "{not json", good[1],
               {"documents": "not a list"}, "", good[2]]
    inp = write_jsonl(tmp_path / "in.jsonl", records)
    out = tmp_path / "out.jsonl"
    assert batch(str(inp), "-o", str(out), "--summarizer", "lead") == 0
    rows = read_out(out)
    # the blank line is skipped; a record without id is named after its line number
    assert [r["id"] for r in rows] == ["c000", "empty", "line-3", "c001", "line-5", "c002"]
    errors = {r["id"]: r["error"] for r in rows if "error" in r}
    assert set(errors) == {"empty", "line-3", "line-5"}
    assert "nothing to summarize" in errors["empty"]
    assert "JSON" in errors["line-3"] and "documents" in errors["line-5"]
    assert all(r["sentences"] for r in rows if "error" not in r)
    err = capsys.readouterr().err
    assert "6 clusters done, 3 errors, 0 skipped" in err and "clusters/s" in err


def test_resume_after_killed_run_gives_the_full_output(tmp_path, capsys):
    clusters = make_clusters(10)
    inp = write_jsonl(tmp_path / "in.jsonl", clusters)
    full = tmp_path / "full.jsonl"
    assert batch(str(inp), "-o", str(full), "--summarizer", "lead") == 0
    expected = full.read_bytes()
    lines = expected.splitlines(keepends=True)
    # a killed run: 4 complete lines, then half of the 5th
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"".join(lines[:4]) + lines[4][: len(lines[4]) // 2])
    capsys.readouterr()
    assert batch(str(inp), "-o", str(out), "--resume", "--summarizer", "lead") == 0
    assert out.read_bytes() == expected
    assert "6 clusters done, 0 errors, 4 skipped" in capsys.readouterr().err
    # resuming a finished run does nothing
    assert batch(str(inp), "-o", str(out), "--resume", "--summarizer", "lead") == 0
    assert out.read_bytes() == expected


def test_resume_refuses_a_corrupt_middle_line(tmp_path, capsys):
    inp = write_jsonl(tmp_path / "in.jsonl", make_clusters(3))
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "c000", "summary": ""}\n{garbage\n{"id": "c001"}\n', encoding="utf-8")
    assert batch(str(inp), "-o", str(out), "--resume", "--summarizer", "lead") == 2
    err = capsys.readouterr().err
    assert "line 2" in err and "Traceback" not in err


def test_sigkill_then_resume_loses_nothing(tmp_path):
    """A real kill -9 in the middle of a run, then --resume: the same bytes as one clean run."""
    clusters = make_clusters(150)
    inp = write_jsonl(tmp_path / "in.jsonl", clusters)
    full = tmp_path / "full.jsonl"
    assert batch(str(inp), "-o", str(full), "--summarizer", "lead") == 0
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "newsbrief", "batch", str(inp), "-o", str(out),
           "--summarizer", "lead", "--no-progress"]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:
        if out.exists() and out.stat().st_size > 10_000:
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.005)
    proc.wait()
    partial = out.read_bytes()
    assert full.read_bytes().startswith(partial[: partial.rfind(b"\n") + 1])
    assert subprocess.run(cmd + ["--resume"], env=env, stderr=subprocess.DEVNULL).returncode == 0
    assert out.read_bytes() == full.read_bytes()


def test_two_workers_same_output_as_one(tmp_path):
    records = make_clusters(40)
    records.insert(7, {"id": "bad", "documents": [""]})
    inp = write_jsonl(tmp_path / "in.jsonl", records)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert batch(str(inp), "-o", str(one), "--workers", "1") == 0
    assert batch(str(inp), "-o", str(two), "--workers", "2") == 0
    assert one.read_bytes() == two.read_bytes()
    rows = read_out(two)
    assert len(rows) == 41 and {r["id"] for r in rows if "error" in r} == {"bad"}


def test_gzip_input(tmp_path):
    clusters = make_clusters(4)
    plain = write_jsonl(tmp_path / "in.jsonl", clusters)
    gz = write_jsonl(tmp_path / "in.jsonl.gz", clusters, gz=True)
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert batch(str(plain), "-o", str(a), "--summarizer", "lead") == 0
    assert batch(str(gz), "-o", str(b), "--summarizer", "lead") == 0
    assert a.read_bytes() == b.read_bytes() and len(read_out(b)) == 4


def test_missing_input_is_a_one_line_error(tmp_path, capsys):
    assert batch(str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "out.jsonl")) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "nope.jsonl" in err and "no such file" in err


def test_empty_input_says_so(tmp_path, capsys):
    inp = tmp_path / "empty.jsonl"
    inp.write_text("\n\n", encoding="utf-8")
    assert batch(str(inp), "-o", str(tmp_path / "out.jsonl")) == 2
    err = capsys.readouterr().err
    assert "empty input" in err and "Traceback" not in err


def test_unknown_summarizer_fails_before_work(tmp_path, capsys):
    inp = write_jsonl(tmp_path / "in.jsonl", make_clusters(2))
    assert batch(str(inp), "-o", str(tmp_path / "o.jsonl"), "--summarizer", "nosuch") == 2
    assert "nosuch" in capsys.readouterr().err


def test_bench_smoke_report_structure(tmp_path, capsys):
    """``newsbrief bench --limit 2``: the report has every section; timings are not checked."""
    if not (MDS / "multi_news_raw_dev100.jsonl.gz").exists():
        pytest.skip("../shared/data/mds is not available")
    pytest.importorskip("sumy", reason="the bench runs sumy peers (newsbrief[eval])")
    code = main(["bench", "--data", str(MDS), "--limit", "2", "--sizes", "2,10",
                 "--peers", "lexrank", "--help-runs", "1", "--warmup", "3", "--rounds", "2",
                 "--json"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) >= {"machine", "command", "date", "datasets", "growth", "help_seconds",
                           "targets", "memory_method"}
    for name in ("multi_news_raw_dev100", "multi_news_validation"):
        ds = report["datasets"][name]
        assert ds["clusters"] == 2
        assert set(ds["systems"]) == {"newsbrief", "lexrank"}
        ours = ds["systems"]["newsbrief"]
        assert ours["median_ms"] > 0 and ours["p95_ms"] >= ours["median_ms"]
        assert ds["ratios"]["lexrank"]["median"] > 0
        assert ds["rounds"] == 2 and ds["systems"]["lexrank"]["errors"] == 0
        assert ds["interleaved_median_ms"]["newsbrief"] > 0
        assert ds["ratios"]["lexrank"]["interleaved_median"] > 0
    assert report["warmup_stories"] == 3
    assert report["first_sight"]["median_ms"] > 0 and report["first_sight"]["lexrank_ratio"] > 0
    assert [g["articles"] for g in report["growth"]["points"]] == [2, 10]
    assert all(g["seconds"] > 0 and g["peak_mb"] > 0 for g in report["growth"]["points"])
    assert "exponent_words" in report["growth"]
    assert {t["name"] for t in report["targets"]} >= {"median_raw_ms", "lexrank_speedup",
                                                      "help_seconds"}
    assert all("status" not in t and t["target"] > 0 for t in report["targets"])


def test_stops_when_every_cluster_fails_unexpectedly(tmp_path, monkeypatch, capsys):
    """A broken install (the summarizer raises on everything) stops early instead of writing an
    archive of error lines; what was written stays."""
    from newsbrief.apps import batch as batch_module

    class Broken:
        name = "broken"

        def select(self, docs, words, strict=True):
            raise RuntimeError("model file missing")

    monkeypatch.setitem(batch_module._SUMMARIZERS, "lead", Broken())
    inp = write_jsonl(tmp_path / "in.jsonl", make_clusters(60))
    out = tmp_path / "out.jsonl"
    assert batch(str(inp), "-o", str(out), "--summarizer", "lead") == 1
    rows = read_out(out)
    assert len(rows) == batch_module.FAIL_FAST
    assert all("model file missing" in r["error"] for r in rows)
    assert "all failed" in capsys.readouterr().err


def test_engine_ray_without_ray_is_a_one_line_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "ray", None)  # as if Ray were not installed
    inp = write_jsonl(tmp_path / "in.jsonl", make_clusters(2))
    assert batch(str(inp), "-o", str(tmp_path / "o.jsonl"), "--engine", "ray") == 2
    err = capsys.readouterr().err.strip()
    assert "newsbrief[ray]" in err and err.count("\n") == 0
    assert not (tmp_path / "o.jsonl").exists()  # failed before touching the output

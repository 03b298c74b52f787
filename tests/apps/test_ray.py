"""``newsbrief batch --engine ray`` gives byte-identical output to the local engine (local Ray)."""
from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

ray = pytest.importorskip("ray", reason='Ray is not installed (pip install "newsbrief[ray]")')
pytest.importorskip("ray.data", reason='Ray Data is not installed (pip install "ray[data]")')

from newsbrief.apps.cli import main  # noqa: E402

from test_batch import make_clusters, read_out, write_jsonl  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.*")

from conftest import ROOT as REPO  # noqa: E402
RAW = REPO.parent / "shared" / "data" / "mds" / "multi_news_raw_dev100.jsonl.gz"


@pytest.fixture(scope="module")
def local_ray():
    """One local Ray for the module; newsbrief reaches the workers through PYTHONPATH."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             runtime_env={"env_vars": {"PYTHONPATH": str(REPO)}})
    yield ray
    ray.shutdown()


def _records() -> list:
    """~20 real raw clusters (else synthetic ones), plus the awkward cases both engines must share."""
    if RAW.exists():
        with gzip.open(RAW, "rt", encoding="utf-8") as f:
            records: list = [json.loads(next(f)) for _ in range(18)]
    else:
        records = make_clusters(18)
    records[3:3] = [{"documents": records[0]["documents"][:1]},  # no id -> line-4
                    {"id": "all-empty", "documents": ["", " "]},
                    "",  # a blank line
                    "{broken json"]
    return records


def test_ray_engine_output_identical_to_local(tmp_path, local_ray, capsys):
    inp = write_jsonl(tmp_path / "in.jsonl.gz", _records(), gz=True)
    local, distributed = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    assert main(["batch", str(inp), "-o", str(local), "--no-progress"]) == 0
    assert main(["batch", str(inp), "-o", str(distributed), "--engine", "ray", "--workers", "2",
                 "--no-progress"]) == 0
    assert distributed.read_bytes() == local.read_bytes()
    rows = read_out(distributed)
    assert len(rows) == 21
    assert rows[3]["id"] == "line-4" and "summary" in rows[3]
    assert {r["id"] for r in rows if "error" in r} == {"all-empty", "line-7"}
    assert "21 clusters done, 2 errors" in capsys.readouterr().err


def test_ray_engine_resume(tmp_path, local_ray, capsys):
    clusters = make_clusters(12)
    inp = write_jsonl(tmp_path / "in.jsonl", clusters)
    full = tmp_path / "full.jsonl"
    assert main(["batch", str(inp), "-o", str(full), "--summarizer", "lead", "--no-progress"]) == 0
    lines = full.read_bytes().splitlines(keepends=True)
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"".join(lines[:5]) + lines[5][:40])  # killed mid-line
    capsys.readouterr()
    assert main(["batch", str(inp), "-o", str(out), "--engine", "ray", "--resume",
                 "--summarizer", "lead", "--no-progress"]) == 0
    assert out.read_bytes() == full.read_bytes()
    assert "7 clusters done, 0 errors, 5 skipped" in capsys.readouterr().err


@pytest.mark.slow
def test_ray_engine_on_a_two_node_cluster_via_address(tmp_path):
    """``--address``: a separate 2-node Ray cluster; the driver ships newsbrief to the workers
    (runtime_env py_modules) and the local input is read on the driver's node."""
    import subprocess
    import sys

    from ray.cluster_utils import Cluster

    inp = write_jsonl(tmp_path / "in.jsonl", make_clusters(10))
    local, distributed = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    assert main(["batch", str(inp), "-o", str(local), "--summarizer", "lead", "--no-progress"]) == 0
    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "include_dashboard": False})
    try:
        cluster.add_node(num_cpus=1)
        cmd = [sys.executable, "-m", "newsbrief", "batch", str(inp), "-o", str(distributed),
               "--summarizer", "lead", "--engine", "ray", "--address", cluster.address,
               "--no-progress"]
        proc = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(REPO)})
    finally:
        cluster.shutdown()
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert distributed.read_bytes() == local.read_bytes()

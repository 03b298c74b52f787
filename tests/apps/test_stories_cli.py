"""`newsbrief stories`: a JSONL stream of articles in, stories with briefs out; bad input
gets one line and the rest goes on. `newsbrief eval-stories` on a small cluster file."""
from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLE

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "stories"))
from test_online import (BRIDGE_AP, BRIDGE_UPDATE, BRIDGE_WIRE_COPY,  # noqa: E402
                         SAME_SENATOR_OTHER_STORY, UNRELATED)


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsbrief", *args], input=stdin,
                          capture_output=True, text=True, timeout=180)


def stream(tmp_path: Path) -> Path:
    records = [
        {"id": "a1", "text": BRIDGE_AP, "title": "Delgado blocks bridge bill", "outlet": "Enquirer",
         "date": "2026-12-01T10:00:00Z", "url": "https://example.com/a1"},
        {"id": "b7", "text": SAME_SENATOR_OTHER_STORY, "title": "Delgado runs for governor",
         "outlet": "Blade", "date": "2026-12-04T09:00:00Z"},
        {"id": "a2", "text": BRIDGE_WIRE_COPY, "outlet": "AP", "date": "2026-12-01T11:00:00Z"},
        {"id": "a3", "text": BRIDGE_UPDATE, "outlet": "WCPO", "date": "2026-12-03T08:00:00Z"},
        {"id": "c1", "text": UNRELATED, "outlet": "Reuters", "date": "2026-12-02T12:00:00Z"},
        {"id": "bad", "text": ""},
    ]
    path = tmp_path / "stream.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\nnot json\n", encoding="utf-8")
    return path


def test_stories_json_groups_echoes_ids_and_orders_largest_first(tmp_path):
    proc = run("stories", str(stream(tmp_path)), "--format", "json", "--words", "60")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "stream.jsonl:6: empty article record; skipped" in proc.stderr
    assert "stream.jsonl:7: not valid JSON; skipped" in proc.stderr
    stories = json.loads(proc.stdout)["stories"]
    ids = [[a["id"] for a in s["articles"]] for s in stories]
    assert sorted(ids[0]) == ["a1", "a2", "a3"]  # the bridge story: largest first
    assert sorted(map(sorted, ids[1:])) == [["b7"], ["c1"]]
    assert ids[1] == ["b7"]  # of the two single-article stories, the newer first
    bridge = stories[0]
    assert bridge["headline"] == "Delgado blocks bridge bill"
    assert bridge["updated"] == "2026-12-03T08:00:00Z"
    assert set(bridge["outlets"]) == {"Enquirer", "AP", "WCPO"}
    brief = bridge["brief"]
    assert brief["schema_version"] == 1 and 0 < brief["words"] <= 60
    assert all(s["text"] for s in brief["sentences"])
    assert [d["id"] for d in brief["documents"]] and {d["id"] for d in brief["documents"]} <= {"a1", "a2", "a3"}


def test_stories_text_and_markdown(tmp_path):
    text = run("stories", str(stream(tmp_path)), "--words", "60")
    assert text.returncode == 0, text.stderr
    assert text.stdout.startswith("1. Delgado blocks bridge bill\n   3 articles (Enquirer, AP, WCPO)")
    markdown = run("stories", str(stream(tmp_path)), "--format", "markdown", "--words", "60")
    assert markdown.returncode == 0, markdown.stderr
    assert markdown.stdout.startswith("## 1. Delgado blocks bridge bill")
    assert markdown.stdout.count("## ") == 3


def test_stories_of_the_bundled_example_is_one_story():
    proc = run("stories", *map(str, sorted(EXAMPLE.glob("*.txt"))), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    stories = json.loads(proc.stdout)["stories"]
    assert len(stories) == 1 and len(stories[0]["articles"]) == 2


def test_stories_with_nothing_usable_is_one_line(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    proc = run("stories", str(empty))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines()[-1].startswith("newsbrief stories: error:")


def test_eval_stories_on_a_small_cluster_file(tmp_path):
    clusters = [  # every document has the 50 words the protocol asks for
        {"id": "bridge", "documents": [BRIDGE_AP, BRIDGE_UPDATE]},
        {"id": "campaign", "documents": [SAME_SENATOR_OTHER_STORY]},
        {"id": "fed", "documents": [UNRELATED * 3]},
    ]
    path = tmp_path / "clusters.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(json.dumps(c) for c in clusters) + "\n")
    proc = run("eval-stories", str(path), "--systems", "newsbrief,single-pass")
    assert proc.returncode == 0, proc.stderr
    assert "4 documents, 3 stories" in proc.stdout
    rows = {line.split("|")[1].strip(): line for line in proc.stdout.splitlines()
            if line.startswith("| newsbrief") or line.startswith("| single-pass")}
    assert set(rows) == {"newsbrief", "single-pass"}
    assert rows["newsbrief"].split("|")[5].strip() == "1.000"  # B-cubed F1

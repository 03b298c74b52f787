"""Briefs of a few raw clusters side by side, each sentence with the readability audit's flags,
for docs/examples.md: anyone can judge the briefs by eye.

    newsbrief batch ../shared/data/mds/multi_news_raw_dev100.jsonl.gz -o after.jsonl --words 250
    python benchmarks/brief_examples.py ../shared/data/mds/multi_news_raw_dev100.jsonl.gz \\
        before.jsonl after.jsonl --n 10 --seed 2026 > docs/examples.md

``before.jsonl`` is the same batch command run on an earlier commit (git worktree). The clusters
are drawn with a fixed seed; the briefs are printed unedited. The audit re-cleans each cluster's
documents (cleaning is the same in both versions) so that sentence offsets point into the text.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsbrief.evaluation.readability import audit_brief  # noqa: E402
from newsbrief.inputs.clusters import read_clusters  # noqa: E402
from newsbrief.model import Sentence  # noqa: E402
from newsbrief.pipeline import articles_from_texts  # noqa: E402


def briefs(path: str) -> dict[str, dict]:
    with open(path, encoding="utf-8") as fh:
        return {r["id"]: r for r in map(json.loads, fh) if "sentences" in r}


def section(title: str, record: dict, texts: list[str], words: int) -> list[str]:
    chosen = [Sentence(s["document"], s["index"], *s["offsets"], s["text"]) for s in record["sentences"]]
    audit = audit_brief(chosen, texts, words)
    flags = sum(map(bool, audit.defects))
    lines = [f"**{title}** ({sum(len(s.text.split()) for s in chosen)} words; {flags} of "
             f"{len(chosen)} sentences flagged; clean brief: {'yes' if audit.clean else 'no'})", ""]
    for s, found in zip(chosen, audit.defects):
        mark = f" — _{', '.join(found)}_" if found else ""
        lines.append(f"1. [{s.doc + 1}] {' '.join(s.text.split())}{mark}")
    return lines + [""]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data")
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("--n", type=int, default=10)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--words", type=int, default=250)
    args = ap.parse_args()
    clusters = {c["id"]: c for c in read_clusters(args.data)[0]}
    before, after = briefs(args.before), briefs(args.after)
    ids = sorted(set(clusters) & set(before) & set(after))
    picked = sorted(random.Random(args.seed).sample(ids, min(args.n, len(ids))))
    print(f"# Example briefs, before and after\n\n{len(picked)} clusters of {Path(args.data).name} "
          f"drawn with seed {args.seed}, {args.words}-word briefs, printed unedited; each "
          "sentence ends with the readability audit's flags (GUIDE §1), [n] is its source article. "
          "Made by `benchmarks/brief_examples.py` (its docstring has the commands). Before: "
          "commit 5cc8fb7; after: this commit. The selector now avoids what the audit flags, so "
          "the after briefs carry no flag by construction: read the sentences themselves.\n")
    for cid in picked:
        texts = [a.text for a in articles_from_texts(clusters[cid]["documents"])]
        print(f"## {cid}\n")
        print("\n".join(section("Before", before[cid], texts, args.words)))
        print("\n".join(section("After", after[cid], texts, args.words)))


if __name__ == "__main__":
    main()

"""Train the cue model shipped as newsbrief/data/cues.json.gz (insight/cues.py).

Data: polnear_train only. Every word that is part of a cue at least 3 times, and in at least 5%
of its occurrences, is a candidate; a logistic regression (scikit-learn) learns from
``cues.features`` whether a candidate is a cue. The decision threshold is the one of
``--thresholds`` that gives the best content F1 (GUIDE §3, the whole extractor: patterns plus
model) on every tenth training article, with the model trained on the other nine; the shipped
model is then trained on every article. Weights under ``--min-weight`` are dropped (a smaller
file, the same F1). The file holds feature names and weights only, no article text.

    python scripts/train_cues.py ../shared/data/quotes/polnear_train.jsonl.gz

Deterministic: the same command writes a byte-identical file.
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse
import gzip
import io
import json
import sys
from collections import Counter
from pathlib import Path

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from newsbrief.evaluation.quotes import read_polnear, score
from newsbrief.insight import cues
from newsbrief.insight.quotes import extract_quotes
from newsbrief.text.sentences import split_spans

OUT = Path(__file__).resolve().parent.parent / "newsbrief" / "data" / "cues.json.gz"


def _cue_pieces(record: dict) -> list[list[int]]:
    return [piece for a in record.get("attributions") or [] for piece in a["cue"]]


def vocabulary(records: list[dict], min_count: int = 3, min_rate: float = 0.05) -> frozenset[str]:
    """Words that are part of a cue often enough to be worth asking about."""
    as_cue, seen = Counter(), Counter()
    for record in records:
        text, pieces = record["text"], _cue_pieces(record)
        for m in cues.TOKEN.finditer(text):
            word = m.group().lower()
            seen[word] += 1
            as_cue[word] += any(m.start() < e and s < m.end() for s, e in pieces)
    return frozenset(w for w, c in as_cue.items() if c >= min_count and c / seen[w] >= min_rate)


def examples(records: list[dict], vocab: frozenset[str]) -> tuple[list[dict], list[bool]]:
    rows, labels = [], []
    for record in records:
        text, pieces = record["text"], _cue_pieces(record)
        for start, end in split_spans(text):
            t = cues.tokens(text, start, end)
            has_quote = int(any(t.quoted))
            for i, (s, e, _) in enumerate(t.spans):
                if t.lower[i] in vocab:
                    rows.append(dict.fromkeys(cues.features(t, i, has_quote), 1))
                    labels.append(any(start + s < pe and ps < start + e for ps, pe in pieces))
    return rows, labels


def fit(records: list[dict], c: float, min_weight: float, threshold: float) -> cues.CueModel:
    vocab = vocabulary(records)
    rows, labels = examples(records, vocab)
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(rows)
    model = LogisticRegression(C=c, max_iter=3000).fit(matrix, labels)
    coef = model.coef_[0]
    weights = {name: round(float(coef[j]), 4) for name, j in sorted(vectorizer.vocabulary_.items())
               if abs(coef[j]) >= min_weight}
    return cues.CueModel(weights, round(float(model.intercept_[0]), 4), vocab, threshold)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train", help="polnear_train.jsonl.gz")
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--c", type=float, default=0.5, help="inverse L2 strength")
    parser.add_argument("--min-weight", type=float, default=0.2)
    parser.add_argument("--thresholds", default="0.2,0.25,0.3,0.35,0.4")
    args = parser.parse_args(argv)
    try:
        records = [r for r in read_polnear(args.train) if (r.get("text") or "").strip()]
    except (OSError, ValueError) as exc:  # missing, not gzip, not JSON
        print(f"train_cues: {args.train}: not a readable PolNeAR JSONL file: {exc}", file=sys.stderr)
        return 2
    if len(records) < 20:
        print(f"train_cues: {args.train}: {len(records)} articles with text, too few to train on", file=sys.stderr)
        return 2
    fold = [r for i, r in enumerate(records) if i % 10 == 9]
    rest = [r for i, r in enumerate(records) if i % 10 != 9]
    trial = fit(rest, args.c, args.min_weight, 0.5)
    best = None
    for threshold in (float(x) for x in args.thresholds.split(",")):
        model = cues.CueModel(trial.weights, trial.bias, trial.vocabulary, threshold)
        rates = score(fold, lambda text, m=model: extract_quotes(text, model=m)).rates()
        f1 = rates["f1"]
        print(f"threshold {threshold}: held-out tenth P {rates['precision']:.3f} R {rates['recall']:.3f} "
              f"F1 {f1:.3f}, direct F1 {rates['direct_f1']:.3f}, speaker {rates['speaker_accuracy']:.3f}")
        best = max(best or (f1, threshold), (f1, threshold))
    shipped = fit(records, args.c, args.min_weight, best[1])
    data = {"bias": shipped.bias, "threshold": shipped.threshold,
            "vocabulary": sorted(shipped.vocabulary), "weights": shipped.weights}
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as fh:
        fh.write(json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8"))
    Path(args.out).write_bytes(buffer.getvalue())
    print(f"{args.out}: {len(shipped.weights)} weights, {len(shipped.vocabulary)} candidate words, "
          f"threshold {shipped.threshold}, {len(buffer.getvalue()) // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

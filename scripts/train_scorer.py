"""Train the two small models shipped in newsbrief/data/: terms.npz and scorer.npz.

Data: multi_news_train only (documents + human summaries).
1. terms.npz: a logistic model of the probability that a content term of the story appears in
   the human brief (features: newsbrief.features.TERM_FEATURE_NAMES).
2. scorer.npz: for every sentence of a training
cluster the target is how much of it the human brief contains: the mean of its content-unigram
and bigram precision against the reference (stemmed, rouge-score tokenisation). A small MLP
(scikit-learn) learns it from newsbrief.features; its weights are saved as plain arrays, so the
run-time needs only numpy.

    python scripts/train_scorer.py ../shared/data/mds/multi_news_train.jsonl.gz --clusters 12000
"""
from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import time
from functools import lru_cache
from pathlib import Path

import numpy as np

from newsbrief.features import FEATURE_NAMES, TERM_FEATURE_NAMES, cluster_features, term_stats
from newsbrief.sentences import split_sentences
from newsbrief.text import STOP_WORDS, content_terms

OUT = Path(__file__).resolve().parent.parent / "newsbrief" / "data" / "scorer.npz"


_STEMMER = None


@lru_cache(maxsize=None)
def _stem(word: str) -> str:
    return _STEMMER.stem(word) if len(word) > 3 else word


def rouge_tokens(text: str) -> list[str]:
    """rouge-score's default tokenisation with the Porter stemmer (memoised)."""
    import re

    return [_stem(t) for t in re.sub(r"[^a-z0-9]+", " ", text.lower()).split()]


def sentence_targets(sentences, reference: str) -> np.ndarray:
    ref = rouge_tokens(reference)
    ref_uni = set(t for t in ref if t not in STOP_WORDS)
    ref_bi = set(zip(ref, ref[1:]))
    out = []
    for s in sentences:
        toks = rouge_tokens(s.text)
        content = [t for t in toks if t not in STOP_WORDS]
        p1 = sum(t in ref_uni for t in content) / len(content) if content else 0.0
        bis = list(zip(toks, toks[1:]))
        p2 = sum(b in ref_bi for b in bis) / len(bis) if bis else 0.0
        out.append(0.5 * (p1 + p2))
    return np.asarray(out, dtype=np.float32)


def load_clusters(path: str, seed: int) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    random.Random(seed).shuffle(rows)
    return rows


def build_prior(rows: list[dict], out: Path, min_count: int = 10, smoothing: float = 10.0) -> None:
    """Per term: how often it is in the human brief when it is in the articles (centred log-odds)."""
    from collections import Counter

    in_docs: Counter[str] = Counter()
    in_both: Counter[str] = Counter()
    for row in rows:
        doc_terms = set()
        for d in row["documents"]:
            doc_terms.update(content_terms(d))
        in_docs.update(doc_terms)
        in_both.update(doc_terms & set(content_terms(row["summary"])))
    p0 = sum(in_both.values()) / max(1, sum(in_docs.values()))
    base = math.log(p0 / (1 - p0))
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as fh:
        for term, b in in_docs.most_common():
            if b < min_count:
                break
            a = in_both[term]
            odds = (a + smoothing * p0) / (b - a + smoothing * (1 - p0))
            fh.write(f"{term}\t{math.log(odds) - base:.2f}\n")
    print(f"prior: {sum(1 for c in in_docs.values() if c >= min_count)} terms from {len(rows)} clusters, p0 {p0:.3f}")


def cluster_docs(row: dict, clean: bool):
    from newsbrief.clean import clean_text

    return [split_sentences(clean_text(d).text if clean else d, i) for i, d in enumerate(row["documents"])]


def train_terms(rows: list[dict], clean: bool, out: Path, seed: int) -> None:
    from sklearn.linear_model import LogisticRegression

    xs, ys = [], []
    for row in rows:
        docs = cluster_docs(row, clean)
        if not any(docs):
            continue
        stats = term_stats(docs)
        ref = set(content_terms(row["summary"]))
        xs.append(stats.matrix)
        ys.append(np.fromiter((t in ref for t in stats.vocab), dtype=np.int8, count=len(stats.vocab)))
    x, y = np.concatenate(xs), np.concatenate(ys)
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    lr = LogisticRegression(C=1.0, max_iter=500, random_state=seed).fit((x - mean) / scale, y)
    print(f"term model: {len(y)} terms, {y.mean():.3f} positive, train accuracy "
          f"{lr.score((x - mean) / scale, y):.3f}")
    np.savez_compressed(out, mean=mean.astype(np.float32), scale=scale.astype(np.float32),
                        coef=lr.coef_[0].astype(np.float32), intercept=np.float32(lr.intercept_[0]),
                        feature_names=np.array(TERM_FEATURE_NAMES))


def oracle_labels(sentences, reference: str, words: int = 250) -> np.ndarray:
    """1 for the sentences a greedy ROUGE-1+2 oracle picks under the word budget, else 0."""
    from collections import Counter

    ref = rouge_tokens(reference)
    ref1, ref2 = Counter(ref), Counter(zip(ref, ref[1:]))
    toks = [rouge_tokens(s.text) for s in sentences]
    grams = [(Counter(t), Counter(zip(t, t[1:]))) for t in toks]

    def f1(c: Counter, r: Counter) -> float:
        hit = sum((c & r).values())
        if not hit:
            return 0.0
        p, rc = hit / sum(c.values()), hit / sum(r.values())
        return 2 * p * rc / (p + rc)

    chosen: list[int] = []
    cur1, cur2, total, best = Counter(), Counter(), 0, 0.0
    while total < words:
        pick, pick_score = None, best
        for i, (g1, g2) in enumerate(grams):
            if i in chosen or not toks[i]:
                continue
            score = f1(cur1 + g1, ref1) + f1(cur2 + g2, ref2)
            if score > pick_score:
                pick, pick_score = i, score
        if pick is None:
            break
        chosen.append(pick)
        cur1 += grams[pick][0]
        cur2 += grams[pick][1]
        total += len(toks[pick])
        best = pick_score
    y = np.zeros(len(sentences), dtype=np.float32)
    y[chosen] = 1.0
    return y


def build(rows: list[dict], clean: bool = True, target: str = "precision") -> tuple[np.ndarray, np.ndarray]:
    xs, ys = [], []
    for row in rows:
        docs = cluster_docs(row, clean)
        if not any(docs):
            continue
        feats = cluster_features(docs)
        xs.append(feats.matrix)
        if target == "oracle":
            ys.append(oracle_labels(feats.sentences, row["summary"]))
        elif target == "mix":
            ys.append(0.5 * oracle_labels(feats.sentences, row["summary"])
                      + sentence_targets(feats.sentences, row["summary"]))
        else:
            ys.append(sentence_targets(feats.sentences, row["summary"]))
    return np.concatenate(xs), np.concatenate(ys)


def main() -> None:
    global _STEMMER
    from nltk.stem import porter

    _STEMMER = porter.PorterStemmer()
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("train", help="multi_news_train.jsonl.gz (never a validation or test set)")
    ap.add_argument("--clusters", type=int, default=12000)
    ap.add_argument("--hidden", default="32,16")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--no-clean", action="store_true", help="skip boilerplate cleaning")
    ap.add_argument("--target", choices=["precision", "oracle", "mix"], default="precision")
    args = ap.parse_args()
    if "train" not in Path(args.train).name:
        raise SystemExit("refusing to train on a file that is not a *_train set")
    t0 = time.time()
    all_rows = load_clusters(args.train, args.seed)
    # the term prior is counted on clusters the two models never see
    rows, prior_rows = all_rows[:args.clusters], all_rows[args.clusters:]
    build_prior(prior_rows, Path(args.out).with_name("prior.tsv.gz"))
    from newsbrief.features import reset_term_table, term_prior

    term_prior.cache_clear()
    reset_term_table()  # its cached static term features include the old prior
    train_terms(rows, not args.no_clean, Path(args.out).with_name("terms.npz"), args.seed)
    from newsbrief.features import load_term_model

    load_term_model.cache_clear()
    print(f"term model trained in {time.time() - t0:.0f}s")
    x, y = build(rows, clean=not args.no_clean, target=args.target)
    print(f"{len(y)} sentences from {args.clusters} clusters in {time.time() - t0:.0f}s")
    from sklearn.neural_network import MLPRegressor

    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    hidden = tuple(int(h) for h in args.hidden.split(","))
    mlp = MLPRegressor(hidden_layer_sizes=hidden, alpha=1e-4, batch_size=512, max_iter=80,
                       early_stopping=True, random_state=args.seed)
    mlp.fit((x - mean) / scale, y)
    print(f"trained in {time.time() - t0:.0f}s; validation R^2 {mlp.best_validation_score_:.3f}")
    arrays = {"mean": mean.astype(np.float32), "scale": scale.astype(np.float32),
              "n_layers": np.array(len(mlp.coefs_)), "feature_names": np.array(FEATURE_NAMES)}
    for i, (w, b) in enumerate(zip(mlp.coefs_, mlp.intercepts_)):
        arrays[f"W{i}"] = w.astype(np.float32)
        arrays[f"b{i}"] = b.astype(np.float32)
    np.savez_compressed(args.out, **arrays)
    print(f"saved {args.out} ({Path(args.out).stat().st_size} bytes)")


if __name__ == "__main__":
    main()

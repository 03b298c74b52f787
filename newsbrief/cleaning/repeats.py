"""Across the articles of one story: paragraphs that several articles share at their edges
(a site's footer, a shared promo) are boilerplate, not news."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from ..model import Article, Dropped
from .lines import _NORM, _TERMINAL, _words

def remove_cross_article_repeats(articles: list[Article]) -> list[Article]:
    """Drop paragraphs that several different articles share in their header or footer zone
    (a site's footer, a shared promo) or that are not sentences at all.

    Near-copies of one wire story share most paragraphs; those shared paragraphs are real news
    and are left for the summarizer's duplicate handling.
    """
    if len(articles) < 2:
        return articles
    paras = [a.text.split("\n\n") if a.text else [] for a in articles]
    keys = [[_NORM.sub(" ", p).lower().strip() for p in ps] for ps in paras]
    where: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for d, ks in enumerate(keys):
        for j, k in enumerate(ks):
            if k:
                where[k].append((d, j))
    sets = [set(ks) for ks in keys]

    def syndicated(a: int, b: int) -> bool:
        small = min(len(sets[a]), len(sets[b])) or 1
        return len(sets[a] & sets[b]) >= max(2.0, 0.5 * small)

    remove: set[str] = set()
    for k, places in where.items():
        docs = sorted({d for d, _ in places})
        if len(docs) < 2:
            continue
        if all(syndicated(a, b) for ai, a in enumerate(docs) for b in docs[ai + 1:]):
            continue
        para = paras[places[0][0]][places[0][1]]
        edge = all(j < 3 or j >= len(keys[d]) - 3 for d, j in places)
        if not _TERMINAL.search(para) or (edge and _words(para) <= 25):
            remove.add(k)
    if not remove:
        return articles
    out = []
    for a, ps, ks in zip(articles, paras, keys):
        keep = [p for p, k in zip(ps, ks) if k not in remove]
        if len(keep) == len(ps) or not any(p.strip() for p in keep):
            out.append(a)  # never empty an article: identical copies are the selector's job
            continue
        gone = [Dropped(p, "repeated across articles") for p, k in zip(ps, ks) if k in remove]
        out.append(replace(a, text="\n\n".join(keep), dropped=a.dropped + gone))
    return out

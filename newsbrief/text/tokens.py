"""Word-level helpers shared by the selector and attribution: tokens, stop words, a light stemmer.

Kept dependency-free and memoised: they run on every sentence of every article, and the
pipeline's budget is a few milliseconds per story.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

import regex

# scikit-learn's English stop-word list (copied: importing sklearn costs ~1 s per process)
_ENGLISH_STOP_WORDS = {
    "a", "about", "above", "across", "after", "afterwards", "again", "against", "all", "almost",
    "alone", "along", "already", "also", "although", "always", "am", "among", "amongst",
    "amoungst", "amount", "an", "and", "another", "any", "anyhow", "anyone", "anything", "anyway",
    "anywhere", "are", "around", "as", "at", "back", "be", "became", "because", "become",
    "becomes", "becoming", "been", "before", "beforehand", "behind", "being", "below", "beside",
    "besides", "between", "beyond", "bill", "both", "bottom", "but", "by", "call", "can", "cannot",
    "cant", "co", "con", "could", "couldnt", "cry", "de", "describe", "detail", "do", "done",
    "down", "due", "during", "each", "eg", "eight", "either", "eleven", "else", "elsewhere",
    "empty", "enough", "etc", "even", "ever", "every", "everyone", "everything", "everywhere",
    "except", "few", "fifteen", "fifty", "fill", "find", "fire", "first", "five", "for", "former",
    "formerly", "forty", "found", "four", "from", "front", "full", "further", "get", "give", "go",
    "had", "has", "hasnt", "have", "he", "hence", "her", "here", "hereafter", "hereby", "herein",
    "hereupon", "hers", "herself", "him", "himself", "his", "how", "however", "hundred", "i", "ie",
    "if", "in", "inc", "indeed", "interest", "into", "is", "it", "its", "itself", "keep", "last",
    "latter", "latterly", "least", "less", "ltd", "made", "many", "may", "me", "meanwhile",
    "might", "mill", "mine", "more", "moreover", "most", "mostly", "move", "much", "must", "my",
    "myself", "name", "namely", "neither", "never", "nevertheless", "next", "nine", "no", "nobody",
    "none", "noone", "nor", "not", "nothing", "now", "nowhere", "of", "off", "often", "on", "once",
    "one", "only", "onto", "or", "other", "others", "otherwise", "our", "ours", "ourselves", "out",
    "over", "own", "part", "per", "perhaps", "please", "put", "rather", "re", "same", "see",
    "seem", "seemed", "seeming", "seems", "serious", "several", "she", "should", "show", "side",
    "since", "sincere", "six", "sixty", "so", "some", "somehow", "someone", "something",
    "sometime", "sometimes", "somewhere", "still", "such", "system", "take", "ten", "than", "that",
    "the", "their", "them", "themselves", "then", "thence", "there", "thereafter", "thereby",
    "therefore", "therein", "thereupon", "these", "they", "thick", "thin", "third", "this",
    "those", "though", "three", "through", "throughout", "thru", "thus", "to", "together", "too",
    "top", "toward", "towards", "twelve", "twenty", "two", "un", "under", "until", "up", "upon",
    "us", "very", "via", "was", "we", "well", "were", "what", "whatever", "when", "whence",
    "whenever", "where", "whereafter", "whereas", "whereby", "wherein", "whereupon", "wherever",
    "whether", "which", "while", "whither", "who", "whoever", "whole", "whom", "whose", "why",
    "will", "with", "within", "without", "would", "yet", "you", "your", "yours", "yourself",
    "yourselves",
}

STOP_WORDS = frozenset(_ENGLISH_STOP_WORDS) | {
    "said", "says", "say", "told", "according", "just", "like", "also", "new", "year", "years",
    "s", "t", "mr", "mrs", "ms", "don", "didn", "doesn", "isn", "wasn", "it's", "he's", "she's",
}


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light suffix stripper (plurals, -ed, -ing, -ly): enough to match word forms across outlets."""
    if len(word) <= 3 or word[-1] not in "sdgy" or word.isdigit():  # no suffix ends otherwise
        return word
    for suffix, min_len in (("ies", 5), ("ing", 6), ("ed", 5), ("es", 5), ("ly", 5), ("s", 4)):
        if word.endswith(suffix) and len(word) >= min_len:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            if suffix == "ies":
                return word[:-3] + "y"
            return word[: -len(suffix)]
    return word


def lowered_tokens(tokens: Sequence[str]) -> list[str]:
    """Each raw token lower-cased, typographic apostrophe as ASCII: the form content terms and
    the lexicon (``features.lexicon``) are keyed by. Batched: one C call for all tokens."""
    return "\x1f".join(tokens).lower().replace("’", "'").split("\x1f") if tokens else []


def terms_of_tokens(tokens: Sequence[str]) -> list[str]:
    """The stemmed content term of each raw token, or "" for a stop word. Batched: registering
    the word forms of a story never seen before is most of a cold run's cost."""
    return terms_of_lowered(lowered_tokens(tokens))


def terms_of_lowered(lowered: Sequence[str]) -> list[str]:
    """``terms_of_tokens`` for tokens already in ``lowered_tokens`` form."""
    stop = STOP_WORDS
    return ["" if tok in stop or len(tok) < 2 else stem(tok)
            for tok in (t[:-2] if t.endswith("'s") else t for t in lowered)]


_TERM_OF: dict[str, str] = {}  # raw token -> its content term ("" for a stop word), for content_terms


SENTENCE_BREAK = "\x1f"  # an ASCII control character: never part of a word, and text never needs it
_TOKEN_OR_BREAK = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?|\x1f")
FIRST_PERSON = frozenset({"I", "we", "my", "our", "me", "us", "you", "your"})  # case matters: "US"


def joined_sentences(texts: Sequence[str]) -> str:
    """The texts joined by SENTENCE_BREAK (any break character inside a text becomes a space).

    Lets the selector run each regular expression once per story instead of once per sentence.
    """
    joined = SENTENCE_BREAK.join(texts)
    if joined.count(SENTENCE_BREAK) != max(0, len(texts) - 1):
        joined = SENTENCE_BREAK.join(t.replace(SENTENCE_BREAK, " ") for t in texts)
    return joined


def content_terms(text: str) -> tuple[str, ...]:
    """Stemmed tokens without stop words: what two sentences must share to say the same thing.

    The run-time selector gets the same terms story-wide through ``raw_tokens`` and
    ``vocabulary.TermTable``; this per-text form serves the training scripts.
    """
    lookup = _TERM_OF.__getitem__
    toks = raw_tokens(text)
    try:
        terms = list(map(lookup, toks))  # the common case: every token seen before
    except KeyError:
        if len(_TERM_OF) > 500_000:
            _TERM_OF.clear()
        new = list(set(toks).difference(_TERM_OF))
        _TERM_OF.update(zip(new, terms_of_tokens(new)))
        terms = list(map(lookup, toks))
    return tuple(filter(None, terms))


def raw_tokens(joined: str) -> list[str]:
    """The word tokens of ``joined_sentences(...)`` as written (case kept), SENTENCE_BREAK between
    sentences (a plain text works too). ``terms_of_tokens`` turns them into content terms.
    """
    return _TOKEN_OR_BREAK.findall(joined)


def is_first_person(token: str) -> bool:
    """"I", "we're", "your"...: the writer or the reader speaking (a quote or a column)."""
    return token in FIRST_PERSON or token.split("'")[0].split("’")[0] in FIRST_PERSON


# Scripts written without spaces between words, and the language named to the user.
_UNSPACED_SCRIPTS = {"Han": "Chinese", "Hiragana": "Japanese", "Katakana": "Japanese",
                     "Thai": "Thai", "Lao": "Lao", "Khmer": "Khmer", "Myanmar": "Burmese",
                     "Tibetan": "Tibetan"}
_SCRIPT_RUNS = {script: regex.compile(rf"\p{{Script={script}}}+") for script in _UNSPACED_SCRIPTS}
# The Unicode blocks of those scripts, for a fast first look (stdlib re scans six times faster
# than a script class): Thai, Lao, Tibetan, Myanmar; Khmer; CJK punctuation, kana, ideographs.
_UNSPACED_BLOCKS = re.compile("[\u0e00-\u109f\u1780-\u17ff\u2e80-\u2fdf\u3005-\u3007\u3040-\u30ff"
                              "\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9d"
                              "\U00020000-\U0003134f]")
_LETTERS = regex.compile(r"\p{L}+")
UNSPACED_SHARE = 0.3  # of a text's letters: an English story quoting a Chinese name stays English
UNSPACED_WHY = "it finds words at spaces and sentences at . ! ?"


def unspaced_language(text: str) -> str | None:
    """The language of a text mostly written in a script without spaces between words (Chinese,
    Japanese, Thai ...), None for any other text. Every word count and sentence split here
    assumes spaces: such a text would come back whole, whatever the budget."""
    if not _UNSPACED_BLOCKS.search(text):  # the common case: one fast scan, no counting
        return None
    counts = {script: sum(map(len, pattern.findall(text))) for script, pattern in _SCRIPT_RUNS.items()}
    unspaced = sum(counts.values())
    if unspaced < UNSPACED_SHARE * sum(map(len, _LETTERS.findall(text))):
        return None
    if counts["Hiragana"] + counts["Katakana"] > 0.05 * unspaced:  # kana: Japanese, not Chinese
        return "Japanese"
    return _UNSPACED_SCRIPTS[max(counts, key=counts.__getitem__)]

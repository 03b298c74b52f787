"""`newsbrief summarize INPUT...`: one cited brief from several articles about one story."""
from __future__ import annotations

import argparse
import sys

from ..model import NewsbriefError
from ..pipeline import DEFAULT_WORDS
from ..render import FORMATS


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="*", metavar="INPUT",
                        help="files, directories, globs, '-' for stdin, or http(s) URLs "
                             "(.txt, .html/.htm, .json/.jsonl, optionally .gz)")
    parser.add_argument("-w", "--words", type=int, default=DEFAULT_WORDS,
                        help=f"word budget of the brief (default {DEFAULT_WORDS})")
    parser.add_argument("-f", "--format", choices=FORMATS, default="text", help="output format")
    parser.add_argument("--explain", action="store_true",
                        help="also show what cleaning dropped from each input, and why")
    parser.add_argument("--summarizer", default="newsbrief",
                        help="newsbrief (default), lead, or a peer: lexrank, textrank, lsa, luhn, sumbasic")
    parser.add_argument("--no-private-urls", action="store_true",
                        help="refuse URLs that resolve to private, loopback or link-local addresses")
    parser.add_argument("-o", "--output", help="write the brief to this file instead of stdout")


def _summarizer(name: str):
    if name == "newsbrief":
        return None  # the pipeline's default, made once
    from ..summarizers.registry import get_summarizer

    return get_summarizer(name)


def _explain_text(articles) -> str:
    lines = ["", "Dropped by cleaning:"]
    for i, a in enumerate(articles):
        lines.append(f"[{i + 1}] {a.source or a.title or 'article'}: {len(a.dropped)} dropped")
        lines += [f"    - ({d.reason}) {d.text}" for d in a.dropped]
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    from ..pipeline import load_articles, summarize
    from ..render import render

    if not args.inputs:
        raise NewsbriefError("no input given: name files, directories, URLs, or '-' for stdin")
    if args.words < 1:
        raise NewsbriefError(f"--words must be at least 1, not {args.words}")
    articles = load_articles(args.inputs, allow_private_urls=not args.no_private_urls)
    if not articles:
        raise NewsbriefError("nothing to summarize: every input was empty, unreadable or boilerplate")
    brief = summarize(articles, words=args.words, summarizer=_summarizer(args.summarizer))
    out = render(brief, args.format, explain=args.explain)
    if args.explain and args.format in ("text", "markdown"):
        out += _explain_text(brief.documents)
    for note in brief.notes:
        print(f"newsbrief: note: {note}", file=sys.stderr)
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as fh:
                fh.write(out)
        except OSError as exc:
            raise NewsbriefError(f"{args.output}: cannot write: {exc.strerror}") from None
    else:
        sys.stdout.write(out)
    return 0

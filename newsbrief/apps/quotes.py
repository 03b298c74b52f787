"""``newsbrief quotes INPUT...``: the direct and indirect quotes of each article, with the cue,
the speaker mention and the speaker resolved to a name."""
from __future__ import annotations

import argparse
import json
import sys

from ..model import NewsbriefError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="*", metavar="INPUT",
                        help="files, directories, globs, '-' for stdin, or http(s) URLs")
    parser.add_argument("-f", "--format", choices=("text", "json"), default="text", help="output format")
    parser.add_argument("--no-private-urls", action="store_true",
                        help="refuse URLs that resolve to private, loopback or link-local addresses")


def run(args: argparse.Namespace) -> int:
    from ..insight.quotes import extract_quotes
    from ..pipeline import load_articles

    if not args.inputs:
        raise NewsbriefError("no input given: name files, directories, URLs, or '-' for stdin")
    articles = load_articles(args.inputs, allow_private_urls=not args.no_private_urls)
    if not articles:
        raise NewsbriefError("no quotes to find: every input was empty, unreadable or boilerplate")
    found = [(a, extract_quotes(a.text)) for a in articles]
    if args.format == "json":
        out = {"articles": [{"id": a.id, "quotes": [q.to_dict(brief=False) for q in quotes]}
                            for a, quotes in found]}
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
        return 0
    for i, (article, quotes) in enumerate(found):
        name = article.id or article.title or article.source or f"article {i + 1}"
        print(f"[{i + 1}] {name}: {len(quotes)} quote{'s' if len(quotes) != 1 else ''}")
        for q in quotes:
            who = q.speaker or q.speaker_mention or "(unattributed)"
            print(f"  - {who} ({q.cue or 'no cue'}, {'direct' if q.direct else 'indirect'}): {q.text}")
    return 0

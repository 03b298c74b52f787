"""``newsbrief quotes INPUT...``: the direct and indirect quotes of each article, with the cue,
the speaker mention and the speaker resolved to a name. JSON lists every attribution; the text
lists what the patterns found (quotations and reported speech) and counts the cue model's
other attributions (beliefs, plans, findings), shown with ``--all``."""
from __future__ import annotations

import argparse
import json
import sys

from ..model import NewsbriefError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="*", metavar="INPUT",
                        help="files, directories, globs, '-' for stdin, or http(s) URLs")
    parser.add_argument("-f", "--format", choices=("text", "json"), default="text", help="output format")
    parser.add_argument("--all", action="store_true",
                        help="text output: also list the cue model's attributions (beliefs, plans, findings)")
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
        shown = quotes if args.all else [q for q in quotes if q.found_by == "pattern"]
        print(f"[{i + 1}] {name}: {len(shown)} quote{'s' if len(shown) != 1 else ''}")
        for q in shown:
            who = q.speaker or q.speaker_mention or "(unattributed)"
            how = "direct" if q.direct else "indirect" if q.found_by == "pattern" else "attribution"
            print(f"  - {who} ({q.cue or 'no cue'}, {how}): {q.text}")
        if len(shown) < len(quotes):
            n = len(quotes) - len(shown)
            print(f"  and {n} other attribution{'s' if n != 1 else ''} (beliefs, plans, findings): --all lists them")
    return 0

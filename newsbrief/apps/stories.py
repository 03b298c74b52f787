"""`newsbrief stories INPUT...`: group a stream of articles into stories, each with its brief."""
from __future__ import annotations

import argparse
import json
import sys
from typing import Sequence

from ..model import NewsbriefError, Story
from ..pipeline import DEFAULT_WORDS

FORMATS = ("text", "markdown", "json")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="*", metavar="INPUT",
                        help="files, directories, globs, '-' for stdin, http(s) URLs, a JSONL file "
                             "with one article per line ({\"id\", \"text\" or \"html\", \"title\", "
                             "\"outlet\", \"date\", \"url\"})")
    parser.add_argument("-w", "--words", type=int, default=DEFAULT_WORDS,
                        help=f"word budget of each story's brief (default {DEFAULT_WORDS})")
    parser.add_argument("-f", "--format", choices=FORMATS, default="text", help="output format")
    parser.add_argument("--clusterer", default="newsbrief",
                        help="newsbrief (default), or a baseline: single-pass, average-link")
    parser.add_argument("--no-private-urls", action="store_true",
                        help="refuse URLs that resolve to private, loopback or link-local addresses")
    parser.add_argument("--db", help="print the stories stored by `newsbrief watch` in this store "
                                     "(a SQLite file path, sqlite:///..., or postgresql://...)")
    parser.add_argument("--limit", type=int, default=50, help="with --db: how many stories (default 50)")


def run(args: argparse.Namespace) -> int:
    from ..inputs.sources import read_inputs
    from ..pipeline import clean_documents
    from ..stories.group import group_stories

    if args.db:
        if args.inputs:
            raise NewsbriefError("give either --db or inputs, not both")
        stored = stored_stories(args.db, args.limit)
        if not stored:
            print(f"newsbrief: note: {args.db} holds no stories yet (run `newsbrief watch FEEDS "
                  f"--db {args.db}`)", file=sys.stderr)
        sys.stdout.write(render_stories(stored, args.format))
        return 0
    if not args.inputs:
        raise NewsbriefError("no input given: name files, directories, URLs, or '-' for stdin")
    if args.words < 1:
        raise NewsbriefError(f"--words must be at least 1, not {args.words}")
    raws = read_inputs(list(args.inputs), allow_private_urls=not args.no_private_urls,
                       allow_many_clusters=True)
    articles = clean_documents(raws)
    if not articles:
        raise NewsbriefError("no stories: every input was empty, unreadable or boilerplate")
    stories = group_stories(articles, words=args.words, clusterer=args.clusterer, warn=_warn)
    sys.stdout.write(render_stories(stories, args.format))
    return 0


def stored_stories(db: str, limit: int) -> list[Story]:
    """The stories of a `watch` store, most recently updated first, with their stored briefs."""
    from ..insight import restore_insight
    from ..model import Brief
    from ..store.stories import StoryStore

    store = StoryStore(db)
    try:
        rows, _ = store.list_stories(limit=limit)
        out = []
        for row in rows:
            found = store.story(row["id"])
            if found is not None:
                story, brief, _ = found
                story.brief = restore_insight(Brief.from_dict(brief), brief) if brief else None
                out.append(story)
        return out
    finally:
        store.close()


def _warn(message: str) -> None:
    print(f"newsbrief: warning: {message}", file=sys.stderr)


def render_stories(stories: Sequence[Story], fmt: str = "text") -> str:
    """Stories as text, Markdown or JSON (``{"stories": [...]}``, each brief in the schema of
    ``newsbrief summarize --format json``)."""
    from ..render import render, to_json_dict

    if fmt == "json":
        out = []
        for story in stories:
            data = story.to_dict()
            data["brief"] = to_json_dict(story.brief) if story.brief is not None else None
            out.append(data)
        return json.dumps({"stories": out}, ensure_ascii=False, indent=2) + "\n"
    blocks = []
    for story in stories:
        outlets = ", ".join(story.outlets) or "no outlet named"
        facts = f"{len(story.articles)} article{'s' if len(story.articles) != 1 else ''} ({outlets})"
        if story.updated:
            facts += f", updated {story.updated}"
        if fmt == "markdown":
            from ..render import escape_markdown

            head = [f"## {story.id}. {escape_markdown(story.headline)}", "", f"_{escape_markdown(facts)}_", ""]
        else:
            head = [f"{story.id}. {story.headline}", f"   {facts}", ""]
        body = render(story.brief, fmt) if story.brief is not None else "(no brief: see the warning)\n"
        blocks.append("\n".join(head) + body)
    return ("\n" + ("---\n\n" if fmt == "markdown" else "\n")).join(blocks)

"""Command line: thin argument parsing; the work is done by the library modules.

Each sub-command lives in its own module exposing ``add_arguments(parser)`` and
``run(args) -> int``; only the module of the command being run is imported, so
``newsbrief --help`` stays fast.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

# command -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "summarize": ("newsbrief.apps.summarize", "summarize several articles about one story into a cited brief"),
    "stories": ("newsbrief.apps.stories", "group articles and feeds into stories, each with its brief"),
    "watch": ("newsbrief.apps.watch", "poll feeds into a store of live stories, each with its brief"),
    "eval-stories": ("newsbrief.apps.eval_stories", "same-story grouping scored against pooled clusters, baselines side by side"),
    "eval": ("newsbrief.apps.eval", "ROUGE evaluation against human references, peers side by side"),
    "batch": ("newsbrief.apps.batch", "summarize every cluster of a JSONL file into a JSONL file"),
    "eval-disagreements": ("newsbrief.apps.eval_disagreements", "injected conflicts: recall of planted disagreements, flags on unaltered clusters"),
    "quotes": ("newsbrief.apps.quotes", "direct and indirect quotes of each article, with speakers"),
    "eval-quotes": ("newsbrief.apps.eval_quotes", "quote attribution scored against PolNeAR, regex baseline side by side"),
    "bench": ("newsbrief.apps.bench", "speed and memory benchmark against the peers"),
    "serve": ("newsbrief.apps.web.serve", "run the web app and HTTP API"),
}

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2

# top-level module of an optional dependency -> the extra of pyproject.toml that installs it
EXTRA_OF_MODULE: dict[str, str] = {
    "rouge_score": "eval", "sumy": "eval", "sklearn": "eval", "nltk": "eval",
    "fastapi": "web", "fastapi_offline": "web", "uvicorn": "web", "sqlalchemy": "store",
    "platformdirs": "store", "multipart": "web", "python_multipart": "web", "psycopg": "store",
    "ray": "ray", "readability": "html",
}


# a command whose extra includes another: name the one that makes the command work
EXTRA_OF_COMMAND: dict[str, str] = {"serve": "web"}


def missing_extra(exc: BaseException, command: str | None = None) -> str | None:
    """The one-line message for an optional dependency that is not installed, None for any other
    import failure (a real bug, reported as such). Commands import optional packages wherever they
    need them, at import or at run time, so the CLI maps every such failure in one place."""
    if not isinstance(exc, ModuleNotFoundError):
        return None
    module = (exc.name or "").split(".")[0]
    extra = EXTRA_OF_MODULE.get(module)
    if extra is None:
        return None
    extra = EXTRA_OF_COMMAND.get(command or "", extra)
    return f'needs the "{extra}" extra ({module} is not installed): pip install "newsbrief[{extra}]"'


def _top_parser() -> argparse.ArgumentParser:
    from .. import __version__

    width = max(map(len, COMMANDS))
    epilog = "commands:\n" + "\n".join(f"  {name:<{width}}  {help_}" for name, (_, help_) in COMMANDS.items())
    epilog += "\n\nRun 'newsbrief COMMAND --help' for the options of a command."
    parser = argparse.ArgumentParser(
        prog="newsbrief",
        description="Turn several news articles about one story into one short, cited brief.",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"newsbrief {__version__}")
    parser.add_argument("command", choices=sorted(COMMANDS), metavar="COMMAND", help="what to do")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in COMMANDS:
        _top_parser().parse_args(argv[:1] or ["--help"])
        return EXIT_USAGE
    name, rest = argv[0], argv[1:]
    module_name, help_ = COMMANDS[name]
    try:
        module = importlib.import_module(module_name)
        parser = argparse.ArgumentParser(prog=f"newsbrief {name}", description=help_)
        module.add_arguments(parser)
    except Exception as exc:
        return _report_failure(name, exc)
    args = parser.parse_args(rest)
    try:
        return int(module.run(args) or 0)
    except KeyboardInterrupt:
        print(f"newsbrief {name}: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        return _report_failure(name, exc)


def _report_failure(name: str, exc: Exception) -> int:
    """One line for the user, never a traceback (unless NEWSBRIEF_DEBUG is set); the exit code."""
    from ..model import NewsbriefError

    hint = missing_extra(exc, name)
    if hint:
        print(f"newsbrief {name}: {hint}", file=sys.stderr)
        return EXIT_USAGE
    if os.environ.get("NEWSBRIEF_DEBUG"):
        raise exc
    if isinstance(exc, NewsbriefError):
        print(f"newsbrief {name}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"newsbrief {name}: internal error: {type(exc).__name__}: {exc} "
          "(set NEWSBRIEF_DEBUG=1 for details)", file=sys.stderr)
    return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

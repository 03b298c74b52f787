"""What a reader of several outlets wants beyond the brief: key quotes, where sources differ,
who covered it, and when things happened.

Each section is a module of this package with two functions:

- ``for_brief(brief) -> list`` of items that have ``to_dict()`` (JSON) — computed from the
  brief's documents and sentences, never from outside text;
- ``render_lines(items, brief, markdown) -> list[str]``: the section's body for text/Markdown
  output (the heading is added here; Markdown text from articles goes through
  ``newsbrief.render.escape_markdown``);
- ``from_dict(d)``: one item back from its JSON (a stored brief shown again).

``add_insight`` fills ``Brief.insight`` (JSON keys of the same names) with every section that
has something to show.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Brief

# module name -> heading shown to readers, in the order they are shown
SECTIONS: dict[str, str] = {
    "quotes": "Key quotes",
    "disagreements": "Where sources differ",
    "coverage": "Coverage",
    "timeline": "Timeline",
}


def add_insight(brief: "Brief") -> "Brief":
    """Compute every section for ``brief`` (in place) and return it."""
    for name in SECTIONS:
        module = importlib.import_module(f"{__name__}.{name}")
        brief.insight[name] = list(module.for_brief(brief))
    return brief


def restore_insight(brief: "Brief", data: dict) -> "Brief":
    """Fill ``brief.insight`` from a brief's JSON (``data``), as stored: a stored story's brief
    keeps its sections without its articles' texts to compute them from."""
    for name in SECTIONS:
        module = importlib.import_module(f"{__name__}.{name}")
        brief.insight[name] = [module.from_dict(item) for item in data.get(name) or []]
    return brief


def section_lines(brief: "Brief", markdown: bool) -> list[str]:
    """The sections with something to show, as lines of text or Markdown (each section
    starts with a blank line and its heading)."""
    lines: list[str] = []
    for name, heading in SECTIONS.items():
        items = brief.insight.get(name)
        if not items:
            continue
        module = importlib.import_module(f"{__name__}.{name}")
        lines += ["", f"**{heading}**", ""] if markdown else ["", f"{heading}:"]
        lines += module.render_lines(items, brief, markdown)
    return lines

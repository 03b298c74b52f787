"""A stored brief shown again keeps its insight sections (``stories --db`` read them back from JSON)."""
from __future__ import annotations

from conftest import EXAMPLE
from newsbrief.insight import SECTIONS, restore_insight
from newsbrief.model import Brief
from newsbrief.pipeline import summarize
from newsbrief.render import render, to_json_dict


def test_every_section_comes_back_from_the_briefs_json():
    brief = summarize([p.read_text(encoding="utf-8") for p in sorted(EXAMPLE.glob("*.txt"))])
    data = to_json_dict(brief)
    again = restore_insight(Brief.from_dict(data), data)
    assert brief.insight["quotes"] and brief.insight["disagreements"] and brief.insight["coverage"]
    assert all(to_json_dict(again)[name] == data[name] for name in SECTIONS)
    for fmt in ("text", "markdown"):
        assert render(again, fmt) == render(brief, fmt)

"""`newsbrief bench` reports figures beside their targets and never a verdict (issue 22, item 8)."""
from __future__ import annotations

from newsbrief.apps.bench import evaluate_targets, target_lines

# a report as the bench makes it, trimmed to what the targets read: LexRank 14.2x, target 15x
REPORT = {
    "datasets": {"multi_news_raw_dev100": {
        "systems": {"newsbrief": {"median_ms": 6.34}},
        "ratios": {"lexrank": {"median": 14.2}},
    }},
    "help_seconds": 0.0707,
    "peak_rss_mb": 338.0,
}


def _lines(markdown: bool) -> list[str]:
    report = dict(REPORT, targets=evaluate_targets(REPORT))
    return target_lines(report, markdown=markdown)


def test_a_missed_target_is_shown_beside_the_figure_without_fail():
    for markdown in (False, True):
        text = "\n".join(_lines(markdown))
        assert "FAIL" not in text and "PASS" not in text
        lexrank = next(ln for ln in _lines(markdown) if ln.strip().startswith(("LexRank", "| LexRank")))
        assert "14.2" in lexrank and ">= 15" in lexrank


def test_every_target_has_its_row_and_unmeasured_ones_show_a_dash():
    rows = [ln for ln in _lines(True) if ln.startswith("| ") and "---" not in ln][1:]
    assert len(rows) == len(evaluate_targets(REPORT)) == 6
    batch = next(ln for ln in rows if ln.startswith("| batch"))
    assert "| – |" in batch and "<= 60" in batch

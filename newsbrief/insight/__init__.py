"""What a reader of several outlets wants beyond the brief: quotes, disagreements, coverage, timeline.
Contested claims now; the rest arrives with its issue."""

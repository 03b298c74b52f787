"""Stories: which articles report the same event (same story, not same topic).
Same-story similarity and the off-topic inputs of a brief now; the online clusterer arrives with its issue."""

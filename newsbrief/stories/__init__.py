"""Stories: which articles report the same event (same story, not same topic).

``similarity``: same-story similarity of two texts and the off-topic inputs of a brief;
``online``: the online clusterer; ``registry``: ours and the baselines by name.
"""

"""newsbrief's own summarizer: features, a learned scorer, budgeted redundancy-aware selection.
``NewsBrief`` is the entry point; the shipped models come from newsbrief/data."""
from .selector import NewsBrief

__all__ = ["NewsBrief"]

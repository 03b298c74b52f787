"""Tooling that measures the pipeline: ROUGE with peers side by side, the oracle, speed.
It imports the pipeline, never the other way round."""

"""Tooling that measures the pipeline: ROUGE, readability, speed.
It imports the pipeline, never the other way round."""

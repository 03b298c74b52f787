"""Summarizers: sentences of each article + a word budget -> the brief's sentences in order.
One protocol (base.Summarizer), one registry (registry.get_summarizer); ours is newsbrief/."""

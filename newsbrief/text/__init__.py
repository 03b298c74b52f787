"""Text units shared by every stage: sentences with offsets, tokens and terms, the vocabulary.
No knowledge of articles or briefs beyond the Sentence type."""

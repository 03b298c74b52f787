"""Raw page or scraped text -> a clean Article: extraction, line rules, outlets, repeats.
Pure functions of the input, no I/O; every dropped piece is kept with its reason."""
from .html import clean, clean_html
from .repeats import remove_cross_article_repeats
from .text import clean_text

__all__ = ["clean", "clean_html", "clean_text", "remove_cross_article_repeats"]

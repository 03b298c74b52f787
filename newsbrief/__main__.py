"""``python -m newsbrief`` is the ``newsbrief`` command."""
import sys

from .apps.cli import main

sys.exit(main())

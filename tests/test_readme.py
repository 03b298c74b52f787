"""The README's library example runs as written (render called twice, in a fresh interpreter)."""
from __future__ import annotations

import json
import re
import subprocess
import sys

from conftest import ROOT


def test_readme_library_example_runs_as_written():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    assert blocks, "the README has no python example"
    code = blocks[0]
    assert code.count("newsbrief.render(") >= 2  # the second call once raised TypeError
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = proc.stdout
    assert "**Sources**" in out and "NBC News" in out
    payload = json.loads(out[out.index('{\n'):])  # the JSON rendering closes the output
    assert payload["sentences"] and all(s["text"] in out for s in payload["sentences"])


def test_readme_stories_example_runs_as_written():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.findall(r"```python\n(.*?)```", readme, re.S)[1]
    assert "group_stories" in code
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.count("\n") == 1 and "['Inquisitr', 'NBC News']" in proc.stdout


def test_render_is_the_function_even_after_its_module_was_imported():
    import newsbrief
    import newsbrief.render  # noqa: F401  (binds the submodule on the package, as a script may)

    assert callable(newsbrief.render)

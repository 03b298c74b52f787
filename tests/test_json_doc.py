"""docs/json.md names only fields that real JSON output has (it once named ``articles[i].text``)."""
from __future__ import annotations

import json
import re
from typing import Any

import pytest

from conftest import EXAMPLE, ROOT
from newsbrief.pipeline import load_articles, summarize
from newsbrief.render import render

DOC = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
INDEX = {"documents": "[i]", "sentences": "[j]"}  # the doc's names for list positions


def paths(value: Any, prefix: str = "") -> set[str]:
    """Every field of a JSON value as a path: ``documents[i].copies``, ``sentences[j].edits[k].kind``."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else key
            found |= {path} | paths(item, path)
    elif isinstance(value, list):
        mark = INDEX.get(prefix, "[k]")
        for item in value:
            found |= paths(item, prefix + mark)
    return found


def documented_fields() -> set[str]:
    """The fields the doc names: the keys of its example and the paths in its table."""
    example = json.loads(re.search(r"```json\n(.*?)```", DOC, re.S).group(1))
    named = set(re.findall(r"`((?:documents\[i\]|sentences\[j\])(?:\.\w+)+)`", DOC))
    first_column = [row.split("|")[1] for row in DOC.splitlines() if row.startswith("| `")]
    top = {name for cell in first_column for name in re.findall(r"`(\w+)`", cell)}
    return paths(example) | named | top


def cli_fields() -> set[str]:
    """Fields of `--format json --explain` over briefs of the example at several budgets (an edited
    sentence appears at some), and of one with an article given twice (``copies``)."""
    articles = load_articles([str(p) for p in sorted(EXAMPLE.glob("*.txt"))])
    briefs = [summarize(articles, words=w) for w in range(40, 320, 20)]
    briefs.append(summarize(articles + articles[:1], words=100))
    return set().union(*(paths(json.loads(render(b, "json", explain=True))) for b in briefs))


def web_fields(db) -> set[str]:
    pytest.importorskip("fastapi", reason="the web API needs newsbrief[web]")
    from fastapi.testclient import TestClient

    from newsbrief.apps.web.app import create_app
    from newsbrief.store.briefs import BriefStore

    store = BriefStore(str(db))
    try:
        texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLE.glob("*.txt"))]
        response = TestClient(create_app(store)).post(
            "/api/briefs", json={"articles": [{"text": t} for t in texts]})
        assert response.status_code == 201, response.text
        return paths(response.json())
    finally:
        store.close()


def test_every_documented_field_is_in_real_json_output(tmp_path):
    documented = documented_fields()
    assert {"documents[i].copies", "sentences[j].original", "sentences[j].edits[k].kind",
            "documents[i].text", "budget"} <= documented  # the parsing found the doc's fields
    missing = documented - cli_fields() - web_fields(tmp_path / "briefs.sqlite3")
    assert not missing, f"docs/json.md names fields no JSON output has: {sorted(missing)}"


def test_the_web_api_returns_the_cleaned_text_the_offsets_point_into(tmp_path):
    assert "documents[i].text" in web_fields(tmp_path / "briefs.sqlite3")

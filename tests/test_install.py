"""Install with the pip that ships with Python 3.11 (23.2): its resolver stops with "Candidate is not
for this requirement lxml[html-clean,html-clean]" when two packages in the dependency tree ask for the
same extra spelled two ways (``lxml[html_clean]`` and ``lxml[html-clean]``). These tests walk the
requirements that the installed distributions declare, offline, as that resolver would see them.
"""
from __future__ import annotations

import tomllib
from collections import defaultdict
from importlib import metadata

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
# extras that pip 23.2 cannot install (documented in the README's "Install")
NEEDS_NEWER_PIP = {"html", "test"}


def _applies(req: Requirement, extras: set[str]) -> bool:
    if req.marker is None:
        return True
    return any(req.marker.evaluate(dict(default_environment(), extra=e)) for e in (extras or {""}))


def extra_spellings(roots: list[str]) -> dict[str, dict[str, set[str]]]:
    """project -> canonical extra -> the spellings asked for, over the installed dependency closure
    of ``roots`` (requirement strings); a project that is not installed is not followed."""
    seen: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    queue = [Requirement(r) for r in roots]
    visited: set[tuple[str, frozenset[str]]] = set()
    while queue:
        req = queue.pop()
        name = canonicalize_name(req.name)
        for extra in req.extras:
            seen[name][canonicalize_name(extra)].add(extra)
        key = (name, frozenset(canonicalize_name(e) for e in req.extras))
        if key in visited:
            continue
        visited.add(key)
        try:
            requires = metadata.requires(req.name) or []
        except metadata.PackageNotFoundError:
            continue
        extras = {canonicalize_name(e) for e in req.extras}
        queue += [r for r in map(Requirement, requires) if _applies(r, extras)]
    return seen


def _clashes(roots: list[str]) -> list[str]:
    return [f"{project}[{'/'.join(sorted(spellings))}]"
            for project, by_extra in extra_spellings(roots).items()
            for spellings in by_extra.values() if len(spellings) > 1]


def test_default_install_asks_for_each_extra_in_one_spelling():
    assert _clashes(PYPROJECT["dependencies"]) == []


@pytest.mark.parametrize("extra", sorted(set(PYPROJECT["optional-dependencies"]) - NEEDS_NEWER_PIP))
def test_each_extra_asks_for_each_extra_in_one_spelling(extra):
    roots = PYPROJECT["dependencies"] + [
        r for r in PYPROJECT["optional-dependencies"][extra] if not r.startswith("newsbrief[")]
    assert _clashes(roots) == []


def test_the_walk_finds_the_clash_that_broke_pip_23_2():
    """readability-lxml 0.9 (lxml[html-clean]) beside trafilatura's justext (lxml[html_clean])."""
    try:
        metadata.version("readability-lxml")
        metadata.version("justext")
    except metadata.PackageNotFoundError:
        pytest.skip("readability-lxml (the html extra) or justext is not installed")
    lxml_extras = [{e for r in map(Requirement, metadata.requires(dist) or [])
                    if canonicalize_name(r.name) == "lxml" for e in r.extras}
                   for dist in ("readability-lxml", "justext")]
    if lxml_extras[0] == lxml_extras[1]:
        pytest.skip("the installed readability-lxml spells lxml's extra as justext does")
    assert _clashes(PYPROJECT["dependencies"] + PYPROJECT["optional-dependencies"]["html"])


def test_readme_first_install_command_does_not_upgrade_pip():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = next(line for line in readme.splitlines() if "pip install" in line)
    assert "-U pip" not in first and "--upgrade pip" not in first
    assert "pip install -e ." in first or "pip install ." in first

"""The `newsbrief summarize` command end to end, including every bad-input case of issue 2."""
from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE

BOILERPLATE = [
    "Get breaking news alerts",
    "Breaking News Emails",
    "/ Updated",
    "By Jon Schuppe",
    "Watch Sean Penn break his silence",
    "Do you agree with Sean Penn",
    "Photo by Thomas Niedermueller",
    "Share this article",
    "More from Inquisitr",
    "Reuters and Jacob Rascon contributed",
]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsbrief", *args], input=stdin,
                          capture_output=True, text=True, timeout=120)


def assert_clean_failure(proc, code=2):
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr
    return lines[0]


@pytest.fixture
def examples(example_paths) -> list[str]:
    return [str(p) for p in example_paths]


def test_example_brief(examples):
    proc = run("summarize", *examples, "--format", "markdown")
    assert proc.returncode == 0, proc.stderr
    body, _, sources = proc.stdout.partition("**Sources**")
    assert len(body.split()) <= 200 + 20  # + citation marks glued to words
    assert "fail" in body.lower() and "captur" in body.lower()
    assert "[1]" in body and "[2]" in body
    assert "Inquisitr" in sources and "NBC News" in sources
    for line in BOILERPLATE:
        assert line not in proc.stdout


def test_text_brief_word_budget(examples):
    proc = run("summarize", *examples, "--format", "json", "--words", "120")
    data = json.loads(proc.stdout)
    assert data["words"] <= 120
    assert sum(len(s["text"].split()) for s in data["sentences"]) <= 120
    assert {"title", "outlet", "url"} <= set(data["documents"][0])
    assert {"text", "document", "support", "offsets"} <= set(data["sentences"][0])


def test_html_output_escapes_text(tmp_path):
    evil = tmp_path / "evil.txt"
    evil.write_text("The mayor said <script>alert(1)</script> was not a real threat to the city "
                    "council meeting on Monday. Officials agreed the meeting would go on as planned "
                    "next week despite the protests outside city hall.\n", encoding="utf-8")
    proc = run("summarize", str(evil), "--format", "html")
    assert proc.returncode == 0, proc.stderr
    assert "<script>" not in proc.stdout and "&lt;script&gt;" in proc.stdout


def test_explain_lists_dropped_lines(examples):
    proc = run("summarize", *examples, "--explain")
    assert proc.returncode == 0
    assert "Dropped by cleaning" in proc.stdout
    assert "Share this article" in proc.stdout.split("Dropped by cleaning")[1]
    data = json.loads(run("summarize", *examples, "--explain", "--format", "json").stdout)
    assert any(d["dropped"] for d in data["documents"])
    assert all({"text", "reason"} <= set(x) for d in data["documents"] for x in d["dropped"])


def test_stdin_and_directory(examples):
    text = Path(examples[1]).read_text(encoding="utf-8")
    proc = run("summarize", "-", examples[0], stdin=text)
    assert proc.returncode == 0, proc.stderr
    proc = run("summarize", str(EXAMPLE))
    assert proc.returncode == 0, proc.stderr
    assert "[2]" in proc.stdout


def test_jsonl_cluster_gz(tmp_path, example_texts):
    path = tmp_path / "cluster.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "x", "documents": example_texts}) + "\n")
    proc = run("summarize", str(path), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)["documents"]) == 2


def test_no_inputs():
    line = assert_clean_failure(run("summarize"))
    assert "no input" in line


def test_all_empty(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("")
    b.write_text("  \n\n ")
    proc = run("summarize", str(a), str(b))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "nothing to summarize" in proc.stderr
    assert proc.stdout == ""


def test_all_boilerplate(tmp_path):
    p = tmp_path / "promo.txt"
    p.write_text("Get breaking news alerts and special reports. The news and stories that matter, "
                 "delivered weekday mornings.\n / Updated \nBy Jane Doe\n\nShare this article\n"
                 "[Photo by John Smith/Getty Images]\n", encoding="utf-8")
    proc = run("summarize", str(p))
    assert proc.returncode == 2
    assert "nothing to summarize" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_missing_binary_undecodable_are_warnings(tmp_path, examples):
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    missing = tmp_path / "nope.txt"
    proc = run("summarize", str(missing), str(binary), *examples)
    assert proc.returncode == 0, proc.stderr
    assert "nope.txt" in proc.stderr and "image.txt" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert "[2]" in proc.stdout


def test_latin1_input_is_decoded(tmp_path):
    p = tmp_path / "latin.txt"
    p.write_bytes(("The café in São Paulo reopened on Monday after a fire. Owners said the "
                   "renovation cost more than expected and took six months.\n").encode("latin-1"))
    proc = run("summarize", str(p))
    assert proc.returncode == 0, proc.stderr
    assert "café" in proc.stdout


def test_single_article_note(examples):
    proc = run("summarize", examples[0])
    assert proc.returncode == 0
    assert "single-document" in proc.stderr


def test_huge_input_is_refused_clearly(tmp_path, examples):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as fh:
        fh.truncate(60_000_000)  # sparse: 60 MB without using the disk
    proc = run("summarize", str(huge), *examples)
    assert proc.returncode == 0, proc.stderr
    assert "huge.txt" in proc.stderr
    proc = run("summarize", str(huge))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_bad_words_and_format():
    assert run("summarize", "x.txt", "--words", "0").returncode == 2
    proc = run("summarize", "x.txt", "--format", "pdf")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_help_lists_commands():
    proc = run("--help")
    assert proc.returncode == 0
    for cmd in ("summarize", "eval", "batch", "serve"):
        assert cmd in proc.stdout


# --------------------------------------------------------------------------- missing extras (issue 22)

def _uninstall(monkeypatch, top: str) -> None:
    """Make ``import top`` (and its submodules) fail as if the package were not installed."""
    for name in [m for m in sys.modules if m == top or m.startswith(top + ".")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, top, None)


def _one_error_line(capsys) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err, err
    lines = [ln for ln in err.splitlines() if ln.strip() and "warning" not in ln]
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize("module, extra", [("uvicorn", "web"), ("fastapi", "web"), ("sqlalchemy", "web")])
def test_serve_without_the_web_extra_names_it(monkeypatch, capsys, module, extra):
    from newsbrief.apps.cli import main

    _uninstall(monkeypatch, module)
    for loaded in [m for m in sys.modules if m.startswith(("newsbrief.apps.web", "newsbrief.store"))]:
        monkeypatch.delitem(sys.modules, loaded)  # imported afresh, as in a new process
    assert main(["serve", "--port", "0"]) == 2
    line = _one_error_line(capsys)
    assert line.startswith("newsbrief serve:") and f'pip install "newsbrief[{extra}]"' in line
    assert module in line


def test_missing_extra_at_run_time_is_one_line(monkeypatch, capsys, tmp_path):
    """An optional import deep inside a command (sklearn in the story baselines), not at import."""
    from newsbrief.apps import cli

    module = tmp_path / "needs_sklearn.py"
    module.write_text("def add_arguments(parser):\n    pass\n\n"
                      "def run(args):\n    from sklearn.cluster import AgglomerativeClustering\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(cli.COMMANDS, "needs-sklearn", ("needs_sklearn", "test command"))
    _uninstall(monkeypatch, "sklearn")
    assert cli.main(["needs-sklearn"]) == 2
    assert 'needs the "eval" extra (sklearn is not installed): pip install "newsbrief[eval]"' in (
        _one_error_line(capsys))


def test_a_missing_module_that_is_no_extra_stays_an_internal_error(monkeypatch, capsys, tmp_path):
    from newsbrief.apps import cli

    (tmp_path / "needs_nothing_known.py").write_text(
        "def add_arguments(parser):\n    pass\n\ndef run(args):\n    import no_such_module_anywhere\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(cli.COMMANDS, "odd", ("needs_nothing_known", "test command"))
    monkeypatch.delenv("NEWSBRIEF_DEBUG", raising=False)
    assert cli.main(["odd"]) == 1
    assert "internal error: ModuleNotFoundError" in capsys.readouterr().err


def test_summarizer_lexrank_without_the_eval_extra(monkeypatch, capsys):
    from newsbrief.apps.cli import main

    _uninstall(monkeypatch, "sumy")
    assert main(["summarize", str(EXAMPLE), "--summarizer", "lexrank"]) == 2
    assert 'pip install "newsbrief[eval]"' in _one_error_line(capsys)


def test_every_extra_module_is_installed_by_the_extra_it_names():
    """EXTRA_OF_MODULE stays honest: each module's distribution is listed in that extra."""
    import tomllib
    from importlib import metadata

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    from conftest import ROOT
    from newsbrief.apps.cli import EXTRA_OF_MODULE

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    provides = metadata.packages_distributions()
    for module, extra in EXTRA_OF_MODULE.items():
        listed = {canonicalize_name(Requirement(r).name) for r in extras[extra]}
        dists = {canonicalize_name(d) for d in provides.get(module, [])}
        if not dists:
            continue  # not installed here: nothing to compare
        needed = dists & listed or {d for d in dists if any(
            canonicalize_name(Requirement(r).name) in listed
            for r in _requirers(d))}
        assert needed, f"{module} ({dists}) is not installed by the {extra} extra"


def _requirers(dist: str) -> list[str]:
    """Distributions installed here that require ``dist`` (a module may come in indirectly:
    nltk with sumy and rouge-score)."""
    from importlib import metadata

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    return [d.metadata["Name"] for d in metadata.distributions()
            if any(canonicalize_name(Requirement(r).name) == dist for r in d.requires or [])]


def test_eval_stories_without_the_eval_extra_stops_before_any_row(monkeypatch, capsys):
    from conftest import shared_set
    from newsbrief.apps.cli import main

    data = shared_set("multi_news_raw_dev100.jsonl.gz")
    _uninstall(monkeypatch, "sklearn")
    assert main(["eval-stories", str(data), "--limit", "5"]) == 2
    out, err = capsys.readouterr()
    assert "| newsbrief |" not in out
    assert [ln for ln in err.splitlines() if ln.strip()] == [
        'newsbrief eval-stories: needs the "eval" extra (sklearn is not installed): '
        'pip install "newsbrief[eval]"']

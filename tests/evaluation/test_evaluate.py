"""The ROUGE harness: protocol details checked against direct rouge-score calls, and the CLI."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

pytest.importorskip("sumy")
pytest.importorskip("rouge_score")

from rouge_score.rouge_scorer import RougeScorer  # noqa: E402

from newsbrief.apps import cli  # noqa: E402
from newsbrief.evaluation.evaluate import evaluate  # noqa: E402
from newsbrief.evaluation.rouge import (  # noqa: E402
    ROUGE_TYPES, cut_words, default_words, make_scorer, reference_lines, score_summary,
)
from newsbrief.inputs.clusters import read_clusters  # noqa: E402
from newsbrief.model import NewsbriefError  # noqa: E402
from newsbrief.text.sentences import split_sentences  # noqa: E402
from newsbrief.summarizers.lead import Lead  # noqa: E402

from conftest import SHARED_MDS as DATA  # noqa: E402

CLUSTERS = [
    {
        "id": "c1",
        "dataset": "duc2003_task2",
        "documents": [
            "Flooding hit the river town on Monday. Hundreds of homes were evacuated. "
            "Rescue crews used boats to reach stranded families. The governor declared an emergency.",
            "The governor declared a state of emergency after the river flooded. "
            "Officials said no one was killed. Schools will stay closed until Thursday.",
        ],
        "summaries": [
            "The river flooded the town on Monday and hundreds of homes were evacuated. "
            "The governor declared an emergency. Nobody was killed.",
            "Rescue crews in boats reached families stranded by flooding. Schools are closed.",
        ],
    },
    {"id": "empty", "dataset": "duc2003_task2", "documents": ["", "  "], "summaries": ["Nothing."]},
    {
        "id": "c2",
        "dataset": "duc2003_task2",
        "documents": [
            "The company reported record profits for the quarter. Its shares rose 8 percent. "
            "Analysts had expected weaker results because of supply problems.",
            "",
        ],
        "summary": "Record quarterly profits sent the company's shares up 8 percent.",
    },
]


def _write(path: Path, records) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r) + "\n")
    return path


# --------------------------------------------------------------------------- protocol

def test_cut_words_keeps_lines_and_exact_budget():
    lines = ["one two three", "four  five\tsix seven", "eight nine"]
    assert cut_words(lines, 5) == "one two three\nfour five"
    assert cut_words(lines, 3) == "one two three"
    assert cut_words(lines, 100) == "one two three\nfour five six seven\neight nine"
    assert cut_words(["", "  ", "a b"], 1) == "a"
    assert cut_words(lines, 0) == ""
    assert len(cut_words(lines, 7).split()) == 7


def test_reference_is_split_one_sentence_per_line():
    ref = "The vote passed. Critics objected to the plan!\nThe mayor will sign it."
    assert reference_lines(ref).split("\n") == [
        "The vote passed.", "Critics objected to the plan!", "The mayor will sign it."]


def test_scores_match_direct_rouge_score_with_several_references():
    scorer = make_scorer()
    direct = RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
    hyp = "The governor declared an emergency.\nHundreds of homes were evacuated on Monday."
    refs = [reference_lines(r) for r in CLUSTERS[0]["summaries"]]
    got = score_summary(scorer, hyp, refs)
    for k in ROUGE_TYPES:
        per_ref = [direct.score(r, hyp)[k].fmeasure * 100 for r in refs]
        assert got[k] == pytest.approx(sum(per_ref) / len(per_ref))
    # averaging, not the best reference (rouge-score's score_multi takes the max)
    best = max(direct.score(r, hyp)["rouge1"].fmeasure * 100 for r in refs)
    assert got["rouge1"] < best


def test_rougelsum_uses_the_newlines():
    scorer = make_scorer()
    ref_text = "Hundreds of homes were evacuated. The governor declared an emergency."
    ref_lines = reference_lines(ref_text)
    assert ref_lines.count("\n") == 1
    hyp = "The governor declared an emergency.\nHundreds of homes were evacuated."
    split = score_summary(scorer, hyp, [ref_lines])
    joined = score_summary(scorer, hyp, [ref_text])  # the reference on one line
    assert split["rouge1"] == joined["rouge1"] and split["rougeL"] == joined["rougeL"]
    assert split["rougeL"] < 100  # the order differs: plain LCS pays for it
    assert split["rougeLsum"] == pytest.approx(100.0)  # each sentence matches a reference line
    both_one_line = score_summary(scorer, hyp.replace("\n", " "), [ref_text])
    assert both_one_line["rougeLsum"] == pytest.approx(split["rougeL"])  # Lsum needs the lines
    # the hypothesis side: two reference-sentence parts in swapped order inside one line
    one_ref = reference_lines("Hundreds of homes were evacuated as the governor declared an emergency.")
    by_line = score_summary(scorer, "the governor declared an emergency\nhundreds of homes were evacuated", [one_ref])
    one_line = score_summary(scorer, "the governor declared an emergency hundreds of homes were evacuated", [one_ref])
    assert by_line["rougeLsum"] > one_line["rougeLsum"]


def test_empty_summary_scores_zero():
    scores = score_summary(make_scorer(), "", ["A reference."])
    assert scores == dict.fromkeys(ROUGE_TYPES, 0.0)


def test_default_words_follow_the_data_set():
    assert default_words("multi_news") == 250
    assert default_words("multi_news_raw") == 250
    assert default_words("duc2003_task2") == 100
    assert default_words("duc2003_task3") == 100
    assert default_words("duc2006") == 250
    assert default_words("duc2007_main") == 250
    assert default_words("duc2007_update") == 100
    assert default_words("multiling2011_en") == 250
    assert default_words("neus_allsides") == 70
    assert default_words("allsides_roundups_2021") == 110
    assert default_words("something_else") == 250


def test_read_clusters_skips_empty_and_errors_on_missing(tmp_path):
    clusters, skipped = read_clusters(_write(tmp_path / "x.jsonl.gz", CLUSTERS))
    assert [c["id"] for c in clusters] == ["c1", "c2"] and skipped == 1
    with pytest.raises(NewsbriefError, match="no such file"):
        read_clusters(tmp_path / "missing.jsonl.gz")
    bad = tmp_path / "bad.jsonl.gz"
    bad.write_bytes(b"not gzip at all")
    with pytest.raises(NewsbriefError):
        read_clusters(bad)


@pytest.mark.parametrize("fill", [False, True])
def test_lead_score_is_the_protocol_by_hand(fill):
    rec = CLUSTERS[0]
    res = evaluate([rec], ["lead"], 20, clean=False, workers=1, progress=False, fill=fill)["lead"]
    docs = [split_sentences(t, i) for i, t in enumerate(rec["documents"])]
    chosen = Lead().select(docs, 20, strict=not fill)
    hyp = "\n".join(s.text for s in chosen)
    words = hyp.split()
    if fill:
        assert len(words) > 20  # the cut matters here: it ends the last sentence
    else:
        assert 10 < len(words) <= 20  # whole sentences within the budget
    direct = RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
    cut = cut_words(hyp.split("\n"), 20)
    refs = ["\n".join(s.text for s in split_sentences(r)) for r in rec["summaries"]]
    for k in ROUGE_TYPES:
        expected = sum(direct.score(r, cut)[k].fmeasure * 100 for r in refs) / len(refs)
        assert res[k] == pytest.approx(round(expected, 2), abs=0.006)
    assert res["clusters"] == 1 and res["errors"] == 0


def test_cli_default_is_whole_sentences_and_fill_is_in_the_command(tmp_path, capsys):
    path = _write(tmp_path / "tiny.jsonl.gz", CLUSTERS)
    args = ["eval", str(path), "--systems", "lead", "--words", "20", "--json", "--no-progress"]
    assert cli.main(args) == 0
    whole = json.loads(capsys.readouterr().out)
    assert cli.main(args + ["--fill"]) == 0
    filled = json.loads(capsys.readouterr().out)
    assert "whole sentences" in whole["budget_mode"] and "--fill" not in whole["command"]
    assert "--fill" in filled["budget_mode"] and filled["command"].endswith("--fill")
    assert whole["results"]["lead"]["rouge1"] != filled["results"]["lead"]["rouge1"]


# --------------------------------------------------------------------------- CLI

def test_cli_end_to_end_json(tmp_path, capsys):
    path = _write(tmp_path / "duc2003_task2_tiny.jsonl.gz", CLUSTERS)
    code = cli.main(["eval", str(path), "--systems", "lead,lexrank,textrank,lsa,luhn,sumbasic,oracle",
                     "--json", "--no-progress"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["words"] == 100  # duc2003_task2 budget, from the "dataset" field
    assert report["clusters"] == 2 and report["skipped"] == 1
    res = report["results"]
    assert set(res) == {"lead", "lexrank", "textrank", "lsa", "luhn", "sumbasic", "oracle"}
    for r in res.values():
        assert r["clusters"] == 2 and r["errors"] == 0
        assert all(0 < r[k] <= 100 for k in ROUGE_TYPES)
        assert r["sec_per_cluster"] >= 0
    assert res["oracle"]["rouge1"] + res["oracle"]["rouge2"] >= max(
        r["rouge1"] + r["rouge2"] for r in res.values())


def test_cli_table_words_limit_and_workers(tmp_path, capsys):
    path = _write(tmp_path / "tiny.jsonl.gz", CLUSTERS)
    assert cli.main(["eval", str(path), "--systems", "lead,oracle", "--words", "12", "--limit", "1",
                     "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "budget 12 words" in out and "command: newsbrief eval" in out
    out = out.split("Readability")[0]  # the ROUGE table
    rows = {line.split()[0]: line.split() for line in out.splitlines()
            if line.split() and line.split()[0] in ("lead", "oracle")}
    assert rows["lead"][-1] == "1" and rows["oracle"][-1] == "1"
    # two processes give the same scores as one
    args = ["eval", str(path), "--systems", "lead,lexrank,oracle", "--json", "--no-progress"]
    assert cli.main(args) == 0
    one = json.loads(capsys.readouterr().out)["results"]
    assert cli.main(args + ["--workers", "2"]) == 0
    two = json.loads(capsys.readouterr().out)["results"]
    for name in one:
        assert all(one[name][k] == two[name][k] for k in ROUGE_TYPES)


def test_cli_per_cluster_scores(tmp_path, capsys):
    path = _write(tmp_path / "tiny.jsonl.gz", CLUSTERS)
    out = tmp_path / "rows.jsonl"
    assert cli.main(["eval", str(path), "--systems", "lead,oracle", "--json", "--no-progress",
                     "--per-cluster", str(out)]) == 0
    report = json.loads(capsys.readouterr().out)
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["c1", "c2"]
    for name in ("lead", "oracle"):
        mean = sum(r[name]["rouge1"] for r in rows) / len(rows)
        assert report["results"][name]["rouge1"] == pytest.approx(mean, abs=0.006)


def test_cli_sample_is_reproducible(tmp_path, capsys):
    recs = [dict(CLUSTERS[0], id=f"c{i}") for i in range(6)]
    path = _write(tmp_path / "s.jsonl.gz", recs)
    runs = []
    for _ in range(2):
        assert cli.main(["eval", str(path), "--systems", "lead", "--sample", "3", "--seed", "7",
                         "--json", "--no-progress"]) == 0
        runs.append(json.loads(capsys.readouterr().out))
    assert runs[0]["results"] == runs[1]["results"] and runs[0]["clusters"] == 3


def test_cli_missing_file_is_one_line(tmp_path, capsys):
    code = cli.main(["eval", str(tmp_path / "nope.jsonl.gz"), "--no-progress"])
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert "no such file" in err and "\n" not in err and "Traceback" not in err


def test_cli_bad_system_is_one_line(tmp_path, capsys):
    path = _write(tmp_path / "tiny.jsonl.gz", CLUSTERS)
    assert cli.main(["eval", str(path), "--systems", "lead,gpt", "--no-progress"]) == 2
    assert "unknown system" in capsys.readouterr().err


@pytest.mark.skipif(not DATA.is_dir(), reason="no ../shared data")
@pytest.mark.parametrize("name", ["multi_news_raw_dev100", "allsides_roundups_2021"])
def test_cli_on_real_data(name, capsys):
    code = cli.main(["eval", str(DATA / f"{name}.jsonl.gz"), "--limit", "3", "--json", "--no-progress",
                     "--systems", "lead,lexrank,textrank,lsa,luhn,sumbasic,oracle"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["clusters"] == 3
    res = report["results"]
    assert all(r["errors"] == 0 and r["rouge1"] > 10 for r in res.values()), res
    assert res["oracle"]["rouge1"] > max(r["rouge1"] for k, r in res.items() if k != "oracle")


def test_cli_hint_when_the_eval_extra_is_missing(tmp_path, capsys, monkeypatch):
    import sys

    path = _write(tmp_path / "tiny.jsonl.gz", CLUSTERS)
    monkeypatch.setitem(sys.modules, "rouge_score.rouge_scorer", None)  # import now fails
    assert cli.main(["eval", str(path), "--systems", "lead", "--no-progress"]) == 2
    err = capsys.readouterr().err.strip()
    assert 'pip install "newsbrief[eval]"' in err and "\n" not in err


def test_cli_markdown_table(tmp_path, capsys):
    path = _write(tmp_path / "tiny.jsonl.gz", CLUSTERS)
    args = ["eval", str(path), "--systems", "lead,sumbasic,oracle", "--no-progress"]
    assert cli.main(args + ["--json"]) == 0
    results = json.loads(capsys.readouterr().out)["results"]
    assert cli.main(args + ["--markdown"]) == 0
    out = capsys.readouterr().out
    assert "| system | R1 | R2 | RL | RLsum | sec/cluster |" in out and "newsbrief eval" in out
    assert "| system | defective % |" in out
    out = out.split("| system | defective %")[0]  # the ROUGE table
    rows = {line.split("|")[1].strip(): line for line in out.splitlines() if line.startswith("| ")}
    assert set(rows) == {"system", "lead", "sumbasic", "oracle (ceiling)"}
    winner = max(("lead", "sumbasic"), key=lambda n: results[n]["rouge1"])
    assert f"**{results[winner]['rouge1']:.2f}**" in rows[winner]
    assert "**" not in rows["oracle (ceiling)"]


def test_eval_reports_the_readability_audit_for_every_system_and_shows_flags(tmp_path, capsys):
    record = {
        "id": "voice",
        "documents": [
            "I think the council got this one wrong. The council voted on Tuesday to close the "
            "library. Residents protested outside the hall for two hours.",
            "The city council voted to close the public library on Tuesday. Hundreds of residents "
            "protested outside the hall.",
        ],
        "summary": "The council voted to close the library; residents protested.",
    }
    path = _write(tmp_path / "v.jsonl.gz", [record])
    assert cli.main(["eval", str(path), "--systems", "lead,newsbrief", "--words", "60", "--json",
                     "--no-progress"]) == 0
    results = json.loads(capsys.readouterr().out)["results"]
    for name in ("lead", "newsbrief"):
        audit = results[name]["readability"]
        assert audit["sentences"] > 0 and 0 <= audit["defective_pct"] <= 100
    assert results["lead"]["readability"]["writer_voice_pct"] > 0  # Lead opens with "I think"
    assert cli.main(["eval", str(path), "--systems", "lead", "--words", "60", "--show",
                     "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "Readability" in out and "writer_voice: I think the council got this one wrong." in out

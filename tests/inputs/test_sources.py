"""Inputs: files, directories, globs, stdin, JSON/JSONL (+ .gz), URLs; bad input warns and continues."""
from __future__ import annotations

import gzip
import io
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newsbrief.inputs import sources as ingest
from newsbrief.inputs.sources import decode, looks_html, read_inputs
from newsbrief.model import NewsbriefError

TEXT = "The council approved the budget on Tuesday.\n\nOfficials said schools would get more money.\n"
HTML = "<!doctype html><html><head><title>T</title></head><body><p>Hello.</p></body></html>"


def read(specs, **kw):
    warnings: list[str] = []
    docs = read_inputs([str(s) for s in specs], warn=warnings.append, **kw)
    return docs, warnings


def test_text_and_html_files(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.html").write_text(HTML, encoding="utf-8")
    (tmp_path / "c.txt").write_text(HTML, encoding="utf-8")  # HTML saved as .txt
    docs, warnings = read([tmp_path / "a.txt", tmp_path / "b.html", tmp_path / "c.txt"])
    assert not warnings
    assert [(Path(d.source).name, d.kind) for d in docs] == [("a.txt", "text"), ("b.html", "html"),
                                                             ("c.txt", "html")]
    assert docs[0].data == TEXT and docs[0].cluster is None and docs[0].meta == {}


def test_directory_is_sorted_and_filtered(tmp_path):
    for name in ("b.txt", "a.htm", "c.json", "notes.md", "image.png"):
        (tmp_path / name).write_text(json.dumps({"text": "x y"}) if name.endswith("json") else TEXT)
    with gzip.open(tmp_path / "d.txt.gz", "wt", encoding="utf-8") as f:
        f.write(TEXT)
    docs, warnings = read([tmp_path])
    assert not warnings
    assert [Path(d.source).name for d in docs] == ["a.htm", "b.txt", "c.json", "d.txt.gz"]


def test_empty_directory_warns(tmp_path):
    docs, warnings = read([tmp_path])
    assert docs == [] and "no .txt" in warnings[0] and str(tmp_path) in warnings[0]


def test_glob(tmp_path):
    for name in ("one.txt", "two.txt", "three.html"):
        (tmp_path / name).write_text(TEXT)
    docs, warnings = read([tmp_path / "*.txt"])
    assert [Path(d.source).name for d in docs] == ["one.txt", "two.txt"]
    docs, warnings = read([tmp_path / "*.nothing"])
    assert docs == [] and "no files match" in warnings[0]


def test_stdin_text_and_json(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TEXT.encode())))
    docs, _ = read(["-"])
    assert docs[0].source == "<stdin>" and docs[0].kind == "text" and docs[0].data == TEXT
    records = [{"text": "first article"}, {"html": HTML, "outlet": "X"}]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(
        "\n".join(json.dumps(r) for r in records).encode())))
    docs, _ = read(["-"])
    assert [(d.kind, d.meta.get("outlet")) for d in docs] == [("text", None), ("html", "X")]


def test_json_article_record_and_list(tmp_path):
    rec = {"text": "Body text here.", "title": "T", "outlet": "O", "url": "https://x.org/a",
           "date": "2020-01-01", "author": "A", "ignored": 1}
    (tmp_path / "one.json").write_text(json.dumps(rec))
    (tmp_path / "many.json").write_text(json.dumps([rec, {"html": HTML}, "a plain string article"]))
    docs, warnings = read([tmp_path / "one.json", tmp_path / "many.json"])
    assert not warnings
    assert docs[0].meta == {k: rec[k] for k in ("title", "outlet", "url", "date", "author")}
    assert [d.kind for d in docs] == ["text", "text", "html", "text"]
    assert [d.source.rsplit("/", 1)[-1] for d in docs] == ["one.json", "many.json:1", "many.json:2", "many.json:3"]


def test_jsonl_gz_cluster(tmp_path):
    path = tmp_path / "c.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(json.dumps({"id": "story-1", "documents": ["Doc one.", "", "Doc three."], "summary": "s"}) + "\n")
    docs, warnings = read([path])
    assert [d.data for d in docs] == ["Doc one.", "Doc three."]
    assert {d.cluster for d in docs} == {"story-1"}
    assert docs[0].source.endswith("c.jsonl.gz:1[0]")
    assert len(warnings) == 1 and "[1]: empty" in warnings[0]


def test_many_clusters_is_an_error(tmp_path):
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(json.dumps({"id": f"c{i}", "documents": ["A doc."]}) for i in range(3)))
    with pytest.raises(NewsbriefError, match="3 story clusters.*newsbrief batch"):
        read([path])
    docs, _ = read([path], allow_many_clusters=True)
    assert len(docs) == 3


def test_bad_json_lines_warn_and_continue(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"text": "good one"}\n{not json\n{"foo": 1}\n[1, 2]\n{"text": "good two"}\n')
    docs, warnings = read([path])
    assert [d.data for d in docs] == ["good one", "good two"]
    assert len(warnings) == 3
    assert "mixed.jsonl:2: not valid JSON" in warnings[0]
    assert "no 'text', 'html' or 'documents'" in warnings[1]
    (tmp_path / "broken.json").write_text("{oops")
    docs, warnings = read([tmp_path / "broken.json"])
    assert docs == [] and "not valid JSON" in warnings[0]


def test_encodings(tmp_path):
    latin = "Caf\u00e9 owners in S\u00e3o Paulo said the na\u00efve plan would fail. " * 5
    (tmp_path / "latin1.txt").write_bytes(latin.encode("latin-1"))
    (tmp_path / "utf16.txt").write_bytes(latin.encode("utf-16"))  # with BOM
    (tmp_path / "bom8.txt").write_bytes(b"\xef\xbb\xbf" + latin.encode("utf-8"))
    (tmp_path / "cp1252.txt").write_bytes("\u201cQuoted\u201d words \u2014 and more. ".encode("cp1252") * 10)
    docs, warnings = read(sorted(tmp_path.iterdir()))
    assert not warnings
    by_name = {Path(d.source).name: d.data for d in docs}
    assert by_name["latin1.txt"] == latin
    assert by_name["utf16.txt"] == latin
    assert by_name["bom8.txt"] == latin
    assert by_name["cp1252.txt"].startswith("\u201cQuoted\u201d words \u2014")


def test_binary_empty_missing(tmp_path):
    (tmp_path / "img.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n ")
    (tmp_path / "bad.gz").write_bytes(b"not gzip at all")
    (tmp_path / "good.txt").write_text(TEXT)
    specs = [tmp_path / "img.txt", tmp_path / "empty.txt", tmp_path / "blank.txt", tmp_path / "bad.gz",
             tmp_path / "missing.txt", tmp_path / "good.txt"]
    docs, warnings = read(specs)
    assert [Path(d.source).name for d in docs] == ["good.txt"]
    assert len(warnings) == 5
    assert warnings[0] == f"{tmp_path / 'img.txt'}: looks binary; skipped"
    assert "empty" in warnings[1] and "empty" in warnings[2]
    assert "bad.gz: cannot read" in warnings[3]
    assert "missing.txt: no such file" in warnings[4]
    assert all("\n" not in w for w in warnings)


def test_huge_file_is_skipped_without_reading(tmp_path, monkeypatch):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as f:  # a sparse 60 MB file: no real disk use
        f.truncate(60_000_000)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("huge file was read"))
    docs, warnings = read([big])
    assert docs == []
    assert warnings == [f"{big}: file is 60.0 MB, over the 50 MB input limit; skipped"]


def test_gzip_bomb_is_bounded(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    with gzip.open(path, "wb") as f:
        f.write(b"a" * 3_000_000)
    docs, warnings = read([path], max_bytes=1_000_000)
    assert docs == [] and "decompresses to over the 1 MB input limit" in warnings[0]


def test_stdin_over_limit(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 2000)))
    docs, warnings = read(["-"], max_bytes=1000)
    assert docs == [] and "over the 0.001 MB limit" in warnings[0]


def test_decode_and_looks_html_helpers():
    assert decode("naïve".encode("utf-8"), "x") == "naïve"
    with pytest.raises(NewsbriefError, match="looks binary"):
        decode(b"abc\x00def", "x")
    assert looks_html(HTML) and looks_html("  <div><p>a</p><p>b</p></div>")
    assert not looks_html(TEXT) and not looks_html("Use <b> for bold in your text.")


# ------------------------------------------------------------------ URLs via a local server


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        pages = {"/a.html": ("text/html; charset=utf-8", HTML.encode()),
                 "/a.txt": ("text/plain; charset=iso-8859-1", "Caf\u00e9 news.".encode("latin-1")),
                 "/a.json": ("application/json", json.dumps({"text": "From JSON.", "title": "J"}).encode()),
                 "/a.pdf": ("application/pdf", b"%PDF")}
        ctype, body = pages.get(self.path, ("text/html", b"<p>x</p>"))
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def test_urls(server):
    docs, warnings = read([server + "/a.html", server + "/a.txt", server + "/a.json", server + "/a.pdf"])
    assert [(d.kind, d.data[:4]) for d in docs] == [("html", "<!do"), ("text", "Café"), ("text", "From")]
    assert docs[0].meta["url"] == server + "/a.html"
    assert docs[2].meta == {"title": "J", "url": server + "/a.json"}
    assert len(warnings) == 1 and "unsupported content type 'application/pdf'" in warnings[0]


def test_private_urls_refused_when_asked(server):
    docs, warnings = read([server + "/a.html"], allow_private_urls=False)
    assert docs == [] and "refused" in warnings[0] and warnings[0].endswith("skipped")


def test_module_has_no_network_at_import():
    assert "httpx" not in ingest.__dict__  # fetch (and httpx) are imported only for URLs

"""The brief history store, on SQLite and on a real PostgreSQL server started for these tests.

PostgreSQL: a throwaway cluster (initdb into a temporary directory, pg_ctl on a free loopback
port). The server refuses to run as root, so as root it runs as the ``postgres`` user. The tests
are skipped, with the reason, only when no server can be started.
"""
from __future__ import annotations

import glob
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy")
pytest.importorskip("fastapi")

from sqlalchemy import event, text  # noqa: E402

from newsbrief.model import Article, NewsbriefError  # noqa: E402
from newsbrief.pipeline import summarize  # noqa: E402
from newsbrief.render import to_json_dict  # noqa: E402
from newsbrief.summarizers.lead import Lead  # noqa: E402
from newsbrief.store.briefs import BriefStore, database_url  # noqa: E402

REPO = Path(__file__).resolve().parents[2]

TEXTS = [
    "The city council approved the new budget on Monday. It raises school funding by 4 percent. "
    "The mayor called it a fair compromise.",
    "Council members voted 7-2 for the budget. School funding goes up by 4 percent. "
    "Two members said the police budget was cut too much.",
]


def make_brief(texts=TEXTS, words=40):
    """A real brief (Lead keeps this test independent of the default selector's choices)."""
    brief = summarize([Article(text=t, title=f"Story {i}") for i, t in enumerate(texts)],
                      words=words, summarizer=Lead())
    return to_json_dict(brief), [a.text for a in brief.documents]


def check_roundtrip(store: BriefStore):
    data, texts = make_brief()
    saved = store.save(data, texts)
    assert len(saved["id"]) == 32 and saved["created"].endswith("Z")
    got = store.get(saved["id"])
    assert got == saved
    assert got["sentences"] == data["sentences"]
    for s in got["sentences"]:  # the offsets still point at the sentence in the stored text
        start, end = s["offsets"]
        assert got["documents"][s["document"]]["text"][start:end] == s["text"]
    assert store.get("0" * 32) is None
    return saved


def check_history(store: BriefStore):
    ids = [store.save(*make_brief(words=w))["id"] for w in (20, 30, 40)]
    items, total = store.list(limit=2, offset=0)
    assert total >= 3
    assert [i["id"] for i in items] == ids[::-1][:2]  # newest first
    older, _ = store.list(limit=2, offset=2)
    assert older[0]["id"] == ids[0]
    assert items[0]["n_documents"] == 2 and items[0]["title"] == "Story 0"


def check_failed_save_leaves_nothing(store: BriefStore):
    _, before = store.list()

    def fail_on_articles(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("INSERT INTO BRIEF_PAYLOADS"):
            raise RuntimeError("disk on fire")

    event.listen(store.engine, "before_cursor_execute", fail_on_articles)
    try:
        with pytest.raises(RuntimeError):
            store.save(*make_brief())
    finally:
        event.remove(store.engine, "before_cursor_execute", fail_on_articles)
    _, after = store.list()
    assert after == before
    with store.engine.connect() as conn:  # no orphan brief row, no orphan article rows
        n_briefs = conn.execute(text("SELECT count(*) FROM briefs")).scalar_one()
        orphans = conn.execute(text(
            "SELECT count(*) FROM brief_payloads WHERE brief_id NOT IN (SELECT id FROM briefs)")).scalar_one()
    assert n_briefs == before and orphans == 0


def check_concurrent_saves(store: BriefStore, n_threads=8, per_thread=5):
    _, before = store.list()
    errors = []

    def work():
        try:
            for _ in range(per_thread):
                saved = store.save(*make_brief())
                assert store.get(saved["id"]) is not None
        except Exception as e:  # collected: an assert in a thread would be lost
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    _, after = store.list()
    assert after == before + n_threads * per_thread


# ---------------------------------------------------------------- SQLite


@pytest.fixture
def sqlite_store(tmp_path):
    store = BriefStore(str(tmp_path / "briefs.sqlite3"))
    yield store
    store.close()


def test_sqlite_roundtrip(sqlite_store):
    check_roundtrip(sqlite_store)


def test_sqlite_history_pages(sqlite_store):
    check_history(sqlite_store)


def test_sqlite_is_in_wal_mode(sqlite_store, tmp_path):
    with sqlite_store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar_one().lower() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar_one() == 2  # FULL
    sqlite_store.save(*make_brief())
    assert (tmp_path / "briefs.sqlite3-wal").exists()


def test_sqlite_failed_save_leaves_no_row(sqlite_store):
    check_failed_save_leaves_nothing(sqlite_store)


def test_sqlite_concurrent_saves(sqlite_store):
    check_concurrent_saves(sqlite_store)


def test_sqlite_brief_survives_reopen_and_killed_writer(tmp_path):
    """A process killed (SIGKILL) in the middle of saving leaves no trace of that brief; the
    brief it committed before is intact."""
    db = tmp_path / "briefs.sqlite3"
    script = textwrap.dedent("""
        import os, signal, sys
        from sqlalchemy import event
        sys.path.insert(0, sys.argv[2])
        from test_web_store import make_brief
        from newsbrief.store.briefs import BriefStore
        store = BriefStore(sys.argv[1])
        print(store.save(*make_brief())["id"], flush=True)

        def die(conn, cursor, statement, *args):
            if statement.lstrip().upper().startswith("INSERT INTO BRIEF_PAYLOADS"):
                os.kill(os.getpid(), signal.SIGKILL)  # the brief row is written, not committed

        event.listen(store.engine, "before_cursor_execute", die)
        store.save(*make_brief())
        print("not reached", flush=True)
    """)
    proc = subprocess.run([sys.executable, "-c", script, str(db), str(Path(__file__).parent)],
                          capture_output=True, text=True, cwd=REPO, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    committed = proc.stdout.split()
    assert len(committed) == 1  # "not reached" was not printed
    store = BriefStore(str(db))
    try:
        items, total = store.list()
        assert total == 1 and items[0]["id"] == committed[0]
        assert store.get(committed[0])["documents"][0]["text"] == TEXTS[0]
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM brief_payloads")).scalar_one() == 1
    finally:
        store.close()


def test_db_argument_forms(tmp_path):
    assert database_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    assert database_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert database_url("postgres://h/db") == "postgresql+psycopg://h/db"
    with pytest.raises(NewsbriefError, match="--db"):
        BriefStore(str(tmp_path / "missing-dir" / "x.db"))
    with pytest.raises(NewsbriefError, match="only SQLite and PostgreSQL"):
        BriefStore("mysql://u@localhost/db")
    with pytest.raises(NewsbriefError, match="cannot open the database"):
        BriefStore(f"postgresql://nobody@127.0.0.1:{_free_port()}/none?connect_timeout=2")


# ---------------------------------------------------------------- PostgreSQL


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg_bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
                   if p.split("/")[4].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


@pytest.fixture(scope="module")
def pg_url():
    """The URL of a throwaway PostgreSQL server on 127.0.0.1, stopped and removed afterwards."""
    pytest.importorskip("psycopg", reason="the psycopg (3) driver is not installed")
    bindir = _pg_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found; "
                    "install them with: apt-get install postgresql")
    prefix: list[str] = []
    owner = None
    if os.geteuid() == 0:  # postgres refuses to run as root
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no 'postgres' user to run the server as")
        runuser = shutil.which("runuser")
        if runuser is None:
            pytest.skip("running as root and runuser(1) is missing, cannot start PostgreSQL")
        prefix = [runuser, "-u", "postgres", "--"]
    base = Path(tempfile.mkdtemp(prefix="newsbrief-pg-"))
    if owner is not None:
        os.chown(base, owner.pw_uid, owner.pw_gid)
    data, log = base / "data", base / "server.log"
    port = _free_port()

    def run(*cmd):
        return subprocess.run(prefix + [str(c) for c in cmd], capture_output=True, text=True,
                              timeout=120)

    init = run(bindir / "initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8",
               "--no-sync")
    if init.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"initdb failed, cannot start PostgreSQL: {init.stderr.strip()[-300:]}")
    start = run(bindir / "pg_ctl", "-D", data, "-l", log, "-w", "-t", "60", "-o",
                f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off", "start")
    if start.returncode != 0:
        tail = log.read_text(errors="replace")[-300:] if log.exists() else start.stderr
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"pg_ctl start failed, cannot start PostgreSQL: {tail.strip()}")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        run(bindir / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def pg_store(pg_url):
    store = BriefStore(pg_url)
    with store.engine.begin() as conn:  # each test starts from an empty history
        for table in ("brief_payloads", "brief_articles", "briefs"):
            conn.execute(text(f"DELETE FROM {table}"))
    yield store
    store.close()


def test_postgres_roundtrip(pg_store):
    assert pg_store.dialect == "postgresql"
    assert pg_store.engine.url.drivername == "postgresql+psycopg"
    check_roundtrip(pg_store)


def test_postgres_history_pages(pg_store):
    check_history(pg_store)


def test_postgres_failed_save_leaves_no_row(pg_store):
    check_failed_save_leaves_nothing(pg_store)


def test_postgres_concurrent_saves(pg_store):
    check_concurrent_saves(pg_store)


def test_postgres_through_the_api(pg_store):
    """The whole API on PostgreSQL: make a brief, read it back, find it in the history."""
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from newsbrief.apps.web.app import create_app

    client = TestClient(create_app(pg_store))
    made = client.post("/api/briefs", json={"articles": [{"text": t} for t in TEXTS], "words": 40})
    assert made.status_code == 201, made.text
    brief = made.json()
    assert client.get(f"/api/briefs/{brief['id']}").json() == brief
    history = client.get("/api/briefs").json()
    assert [i["id"] for i in history["items"]] == [brief["id"]]
    json.dumps(brief)  # plain JSON all the way


# ---------------------------------------------------------------- delete, size, older rows


def check_delete(store: BriefStore):
    kept, gone = (store.save(*make_brief())["id"] for _ in range(2))
    _, before = store.list()
    assert store.delete(gone) is True
    assert store.get(gone) is None and store.get(kept) is not None
    assert store.list()[1] == before - 1
    assert store.delete(gone) is False  # a second delete finds nothing
    with store.engine.connect() as conn:  # no payload is left behind
        left = conn.execute(text("SELECT count(*) FROM brief_payloads WHERE brief_id = :i"),
                            {"i": gone}).scalar_one()
    assert left == 0


def test_sqlite_delete(sqlite_store):
    check_delete(sqlite_store)


def test_postgres_delete(pg_store):
    check_delete(pg_store)


def test_sqlite_stores_briefs_compressed(sqlite_store):
    """The example story's brief (two ~1,000-word articles): the stored row is much smaller
    than its JSON and texts, and deleting briefs gives the space back (auto_vacuum)."""
    example = REPO / "examples" / "penn-el-chapo"
    texts = [(example / n).read_text(encoding="utf-8") for n in ("inquisitr.txt", "nbcnews.txt")]
    data, cleaned = make_brief(texts, words=200)
    saved = sqlite_store.save(data, cleaned)
    raw = len(json.dumps(data).encode()) + sum(len(t.encode()) for t in cleaned)
    with sqlite_store.engine.connect() as conn:
        stored = conn.execute(text("SELECT length(payload) FROM brief_payloads WHERE brief_id = :i"),
                              {"i": saved["id"]}).scalar_one()
        assert conn.execute(text("PRAGMA auto_vacuum")).scalar_one() == 1  # FULL
    assert stored < raw / 2, (stored, raw)
    assert sqlite_store.get(saved["id"]) == saved


def test_sqlite_briefs_saved_before_compression_stay_readable(sqlite_store):
    data, texts = make_brief()
    with sqlite_store.engine.begin() as conn:  # a row as the store wrote it before 2026-12
        conn.execute(text("INSERT INTO briefs VALUES ('ab' || hex(randomblob(15)), "
                          "'2026-11-30 10:00:00.000000', 'Old', 2, 20, :d)"),
                     {"d": json.dumps(data)})
        old_id = conn.execute(text("SELECT id FROM briefs")).scalar_one()
        for i, t in enumerate(texts):
            conn.execute(text("INSERT INTO brief_articles VALUES (:b, :p, :t)"),
                         {"b": old_id, "p": i, "t": t})
    got = sqlite_store.get(old_id)
    assert got["sentences"] == data["sentences"]
    assert [d["text"] for d in got["documents"]] == texts
    assert sqlite_store.delete(old_id) and sqlite_store.get(old_id) is None

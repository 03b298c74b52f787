"""The brief history: SQLAlchemy 2 Core over SQLite (the default) or PostgreSQL.

A brief is written in one transaction (its row and the rows of its article texts), so it is
saved whole or not at all, also when the process is killed mid-way. SQLite runs in WAL mode with
``synchronous=FULL``: a committed brief survives a killed process, and readers never block the
writer.
"""
from __future__ import annotations

import json
import uuid
import zlib
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import (Column, DateTime, ForeignKey, Integer, LargeBinary, MetaData, String,
                        Table, Text, create_engine, delete, event, func, select, text)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError

from ..model import NewsbriefError

metadata = MetaData()

briefs = Table(
    "briefs", metadata,
    Column("id", String(32), primary_key=True),
    Column("created", DateTime(timezone=True), nullable=False, index=True),
    Column("title", Text, nullable=False),
    Column("n_documents", Integer, nullable=False),
    Column("n_words", Integer, nullable=False),
    Column("data", Text, nullable=False),  # the brief's JSON without the article texts
)

# Since 2026-12: a brief's JSON and its article texts as one zlib-compressed JSON document
# ({"brief": ..., "texts": [...]}); ``briefs.data`` is then "" and ``brief_articles`` unused.
# Briefs saved before stay readable from the two older columns.
brief_payloads = Table(
    "brief_payloads", metadata,
    Column("brief_id", String(32), ForeignKey("briefs.id", ondelete="CASCADE"), primary_key=True),
    Column("payload", LargeBinary, nullable=False),
)

brief_articles = Table(
    "brief_articles", metadata,
    Column("brief_id", String(32), ForeignKey("briefs.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("text", Text, nullable=False),  # the cleaned text the offsets point into
)


def default_db_path(name: str = "briefs.sqlite3") -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("newsbrief")) / name


def database_url(db: str | None, default_name: str = "briefs.sqlite3") -> str:
    """``--db`` value -> SQLAlchemy URL: a file path or sqlite:/// URL, or postgresql://..."""
    if not db:
        path = default_db_path(default_name)
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    if "://" not in db:  # a plain file path
        path = Path(db).expanduser()
        if path.parent and not path.parent.exists():
            raise NewsbriefError(f"--db: directory {path.parent} does not exist")
        return f"sqlite:///{path}"
    for prefix in ("postgresql://", "postgres://"):
        if db.startswith(prefix):  # psycopg 3, not SQLAlchemy's default psycopg2
            return "postgresql+psycopg://" + db[len(prefix):]
    return db


def open_engine(db: str | None, tables: MetaData,
                default_name: str = "briefs.sqlite3") -> tuple[Engine, str]:
    """An engine for ``--db`` (SQLite in WAL mode, or PostgreSQL) with ``tables`` created, and
    its dialect name; a one-line NewsbriefError when the database cannot be opened."""
    url = database_url(db, default_name)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise NewsbriefError(f"--db: not a database URL: {db}") from None
    dialect = parsed.get_backend_name()
    if dialect not in ("sqlite", "postgresql"):
        raise NewsbriefError(f"--db: only SQLite and PostgreSQL are supported, not {dialect}")
    kwargs: dict[str, Any] = {}
    if dialect == "sqlite":
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_engine(url, **kwargs)
    if dialect == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        with engine.begin() as conn:
            if dialect == "postgresql":  # two processes starting at once must not both create
                conn.execute(text("SELECT pg_advisory_xact_lock(2026120500)"))
            tables.create_all(conn)
    except Exception as e:  # unreachable server, bad credentials, unwritable file
        engine.dispose()
        msg = str(getattr(e, "orig", None) or e).strip().splitlines()[0]
        raise NewsbriefError(f"--db: cannot open the database ({msg})") from None
    return engine, dialect


class BriefStore:
    """Saves, reads and lists briefs. Thread-safe: every call uses its own connection."""

    def __init__(self, db: str | None = None):
        self.engine, self.dialect = open_engine(db, metadata)

    def save(self, brief: dict[str, Any], texts: list[str]) -> dict[str, Any]:
        """Store a brief (the JSON dict) and its article texts as one compressed document;
        return it with ``id``/``created``."""
        brief_id = uuid.uuid4().hex
        created = datetime.now(timezone.utc)
        data = {k: v for k, v in brief.items() if k not in ("id", "created")}
        data["documents"] = [{k: v for k, v in d.items() if k != "text"}
                             for d in brief.get("documents", [])]
        payload = json.dumps({"brief": data, "texts": texts}, ensure_ascii=False,
                             separators=(",", ":"))
        with self.engine.begin() as conn:  # one transaction: whole or nothing
            conn.execute(briefs.insert().values(
                id=brief_id, created=created, title=_title(brief), n_documents=len(texts),
                n_words=int(brief.get("words") or 0), data=""))
            conn.execute(brief_payloads.insert().values(
                brief_id=brief_id, payload=zlib.compress(payload.encode("utf-8"), 9)))
        return self._assemble(brief_id, created, data, texts)

    def get(self, brief_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(briefs.c.created, briefs.c.data, brief_payloads.c.payload)
                               .outerjoin(brief_payloads, brief_payloads.c.brief_id == briefs.c.id)
                               .where(briefs.c.id == brief_id)).first()
            if row is None:
                return None
            if row.payload is not None:
                stored = json.loads(zlib.decompress(row.payload))
                return self._assemble(brief_id, row.created, stored["brief"], stored["texts"])
            texts = conn.execute(select(brief_articles.c.text)  # saved before compression
                                 .where(brief_articles.c.brief_id == brief_id)
                                 .order_by(brief_articles.c.position)).scalars().all()
        return self._assemble(brief_id, row.created, json.loads(row.data), list(texts))

    def delete(self, brief_id: str) -> bool:
        """Delete a brief and its texts in one transaction; False when there was no such brief."""
        with self.engine.begin() as conn:
            for table in (brief_payloads, brief_articles):  # also where foreign keys are off
                conn.execute(delete(table).where(table.c.brief_id == brief_id))
            return conn.execute(delete(briefs).where(briefs.c.id == brief_id)).rowcount > 0

    def list(self, limit: int = 20, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
        """A page of the history, newest first, and the total number of briefs."""
        with self.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(briefs)).scalar_one()
            rows = conn.execute(
                select(briefs.c.id, briefs.c.created, briefs.c.title, briefs.c.n_documents,
                       briefs.c.n_words)
                .order_by(briefs.c.created.desc(), briefs.c.id).limit(limit).offset(offset)).all()
        items = [{"id": r.id, "created": _iso(r.created), "title": r.title,
                  "n_documents": r.n_documents, "words": r.n_words} for r in rows]
        return items, total

    def close(self) -> None:
        self.engine.dispose()

    @staticmethod
    def _assemble(brief_id: str, created: datetime, data: dict[str, Any],
                  texts: list[str]) -> dict[str, Any]:
        out = {"id": brief_id, "created": _iso(created), **data}
        out["documents"] = [dict(d) for d in data.get("documents", [])]
        for doc, text in zip(out["documents"], texts):
            doc["text"] = text
        return out


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA auto_vacuum=FULL")  # takes effect in a new file: deleting frees space
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _iso(dt: datetime) -> str:
    if dt.tzinfo is None:  # SQLite gives back naive datetimes; they were stored as UTC
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _title(brief: dict[str, Any]) -> str:
    """The history's label: the title of the first sentence's article, else that sentence."""
    sentences = brief.get("sentences") or []
    docs = brief.get("documents") or []
    if sentences:
        doc = sentences[0].get("document")
        if isinstance(doc, int) and 0 <= doc < len(docs) and docs[doc].get("title"):
            return str(docs[doc]["title"])[:200]
        text = str(sentences[0].get("text", ""))
        return text if len(text) <= 160 else text[:157].rstrip() + "…"
    return "(empty brief)"

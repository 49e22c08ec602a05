"""The one module that owns the engine and sessions.

SQLite is run in WAL mode with a busy timeout, and every transaction starts with
BEGIN IMMEDIATE: a deferred transaction that reads and then writes cannot wait for the lock
(SQLite answers "database is locked" at once), so concurrent intake would fail. Taking the
write lock up front makes writers queue behind the busy timeout instead.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

SQLITE_BUSY_TIMEOUT_MS = 30_000
READONLY = "swcu_readonly"


def make_engine(
    url: str, *, echo: bool = False, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS
) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, echo, busy_timeout_ms)
    if parsed.drivername == "postgresql":
        # The bare scheme would pick psycopg2, which we do not install.
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return create_engine(
        url,
        echo=echo,
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=10,
        hide_parameters=True,  # a child's details never reach a log through an error
    )


def _sqlite_engine(url: str, echo: bool, busy_timeout_ms: int) -> Engine:
    parsed = make_url(url)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        echo=echo,
        hide_parameters=True,  # a child's details never reach a log through an error
        connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin; FULL sync
        # because a referral that got 250 must survive a power cut, not just a crash.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Readers need no write lock; in WAL mode they never block or wait for writers.
        readonly = conn.get_execution_options().get(READONLY, False)
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

    return engine


class Database:
    """The engine plus a session factory; passed to the services that need storage."""

    def __init__(
        self, url: str, *, echo: bool = False, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS
    ) -> None:
        self.url = url
        self.engine = make_engine(url, echo=echo, busy_timeout_ms=busy_timeout_ms)
        self._write_lock: AbstractContextManager[object] = (
            threading.Lock() if self.engine.dialect.name == "sqlite" else nullcontext()
        )

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back if it raises."""
        # SQLite has one writer at a time. Threads of this process queue on a lock, in
        # order, instead of on SQLite's busy handler, which sleeps and polls (up to 100 ms a
        # turn) and so turns a short queue into long, uneven waits. Other processes still
        # meet the busy timeout.
        with self._write_lock, Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """For reads only: on SQLite it does not take the write lock."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(**{READONLY: True})
            with Session(bind=conn, expire_on_commit=False) as session:
                try:
                    yield session
                finally:
                    # Detach what was read with its values loaded; a rollback would expire it.
                    session.expunge_all()

    def dispose(self) -> None:
        self.engine.dispose()

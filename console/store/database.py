"""The console's SQLite database: one file, WAL, migrations by ``PRAGMA user_version``.

Each table group (a module under ``console/store/``) registers its migrations with
:func:`migration`. Versions are allotted in ranges so that modules do not collide:

====  ======================================
1-9   core (meta, key/value)
10-19 send jobs and batches (sending)
20-29 history (requests, messages)
30-39 recipient lists
40-49 reservations and 080 opt-out cache
50-59 uploaded image cache, drafts, templates
60-69 API PLEX
====  ======================================

A migration runs once, in version order, inside a transaction; ``user_version`` is
the highest applied. New migrations must use a version above every released one.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

MigrationStep = str | Callable[[sqlite3.Connection], None]


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    step: MigrationStep


_MIGRATIONS: dict[int, Migration] = {}


def migration(version: int, name: str, step: MigrationStep) -> None:
    """Register `step` (an SQL script or a callable) as schema `version`."""
    existing = _MIGRATIONS.get(version)
    if existing is not None and existing.name != name:
        raise ValueError(f"migration {version} registered twice: {existing.name!r} and {name!r}")
    _MIGRATIONS[version] = Migration(version, name, step)


def registered_migrations() -> list[Migration]:
    _load_table_modules()
    return [_MIGRATIONS[v] for v in sorted(_MIGRATIONS)]


#: Every other module of ``console.store`` (each registers its tables' migrations). A list,
#: not a package scan: the frozen bundle then needs no pkgutil support at start-up (see
#: packaging/sens-console.spec). tests/unit/store/test_database.py keeps it complete.
TABLE_MODULES = (
    "apiplex",
    "drafts",
    "history",
    "image_cache",
    "jobs",
    "recipients",
    "reservations",
    "unsubscribes",
)


def _load_table_modules() -> None:
    """Import every table module so that their migrations are registered."""
    import importlib

    for name in TABLE_MODULES:
        importlib.import_module(f"console.store.{name}")


migration(
    1,
    "core",
    """
    CREATE TABLE IF NOT EXISTS meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
)


class Database:
    """A SQLite database file with the console's schema applied.

    Connections are per thread (sqlite3 objects must stay on their thread); use
    :meth:`connection` for reads and :meth:`transaction` for writes.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path) if str(path) != ":memory:" else Path(":memory:")
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[sqlite3.Connection] = []
        self.migrate()

    def connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(
                str(self.path), timeout=30, isolation_level=None, check_same_thread=False
            )
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA busy_timeout = 30000")
            if str(self.path) != ":memory:":
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (BEGIN IMMEDIATE ... COMMIT, ROLLBACK on error)."""
        conn = self.connection()
        if conn.in_transaction:  # nested: join the outer transaction
            yield conn
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")

    @property
    def user_version(self) -> int:
        return int(self.connection().execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        current = self.user_version
        for m in registered_migrations():
            if m.version <= current:
                continue
            with self.transaction() as conn:
                if isinstance(m.step, str):
                    for statement in _split_sql(m.step):
                        conn.execute(statement)
                else:
                    m.step(conn)
                conn.execute(f"PRAGMA user_version = {int(m.version)}")

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()


def _split_sql(script: str) -> list[str]:
    """Split a script into statements (``executescript`` would commit our transaction)."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements

"""Optional SQLite persistence, so a restarted simulator meets the state it left.

Records are stored as JSON documents (one row each); the in-memory state stays the source of
truth while running and every change is written through in one transaction. The simulated
clock's last reading is saved too, so an accelerated clock never runs backwards on restart.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from console.simulator.state import (
    FileRecord,
    MessageRecord,
    RequestRecord,
    UnsubscribeRecord,
    record_to_json,
    records_from,
)

if TYPE_CHECKING:
    from console.simulator.state import SensState

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS requests (request_id TEXT PRIMARY KEY, seq INTEGER, data TEXT);
CREATE TABLE IF NOT EXISTS messages (message_id TEXT PRIMARY KEY, seq INTEGER, data TEXT);
CREATE TABLE IF NOT EXISTS files (file_id TEXT PRIMARY KEY, data TEXT);
CREATE TABLE IF NOT EXISTS unsubscribes (
    service_id TEXT, number TEXT, data TEXT, PRIMARY KEY (service_id, number));
"""


class SqlitePersistence:
    """Write-through storage of a :class:`SensState` in one SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def load_into(self, state: SensState) -> None:
        """Fill `state` with what was saved and move its clock past the last saved reading."""
        with self._lock:
            db = self._db
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            requests = records_from(
                [r[0] for r in db.execute("SELECT data FROM requests ORDER BY seq")],
                RequestRecord,
            )
            messages = records_from(
                [r[0] for r in db.execute("SELECT data FROM messages ORDER BY seq")],
                MessageRecord,
            )
            files = records_from([r[0] for r in db.execute("SELECT data FROM files")], FileRecord)
            unsubscribes = records_from(
                [r[0] for r in db.execute("SELECT data FROM unsubscribes")], UnsubscribeRecord
            )
        for request in requests:
            state.requests[request.request_id] = request
        for message in messages:
            state.add_message_record(message)
        for file in files:
            state.files[file.file_id] = file
        for entry in unsubscribes:
            state.unsubscribes.setdefault(entry.service_id, {})[entry.number] = entry
        state._seq = int(meta.get("seq", "0"))
        if "clock" in meta:
            state.clock.resume_from(float(meta["clock"]))

    def _meta(self, seq: int | None, clock: float) -> None:
        if seq is not None:
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('seq', ?)", (str(seq),))
        self._db.execute("INSERT OR REPLACE INTO meta VALUES ('clock', ?)", (repr(clock),))

    def save_request(
        self, request: RequestRecord, messages: Sequence[MessageRecord], clock: float
    ) -> None:
        with self._lock, self._db:
            self._db.execute("BEGIN")
            self._db.execute(
                "INSERT OR REPLACE INTO requests VALUES (?, ?, ?)",
                (request.request_id, request.seq, record_to_json(request)),
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO messages VALUES (?, ?, ?)",
                [(m.message_id, m.seq, record_to_json(m)) for m in messages],
            )
            last = max([request.seq, *(m.seq for m in messages)])
            self._meta(last, clock)

    def update_request(self, request: RequestRecord, clock: float) -> None:
        with self._lock, self._db:
            self._db.execute("BEGIN")
            self._db.execute(
                "UPDATE requests SET data = ? WHERE request_id = ?",
                (record_to_json(request), request.request_id),
            )
            self._meta(None, clock)

    def save_file(self, record: FileRecord, seq: int, clock: float) -> None:
        with self._lock, self._db:
            self._db.execute("BEGIN")
            self._db.execute(
                "INSERT OR REPLACE INTO files VALUES (?, ?)",
                (record.file_id, record_to_json(record)),
            )
            self._meta(seq, clock)

    def save_unsubscribes(self, entries: Iterable[UnsubscribeRecord], clock: float) -> None:
        with self._lock, self._db:
            self._db.execute("BEGIN")
            self._db.executemany(
                "INSERT OR REPLACE INTO unsubscribes VALUES (?, ?, ?)",
                [(e.service_id, e.number, record_to_json(e)) for e in entries],
            )
            self._meta(None, clock)

    def delete_unsubscribes(self, service_id: str, numbers: Iterable[str], clock: float) -> None:
        with self._lock, self._db:
            self._db.execute("BEGIN")
            self._db.executemany(
                "DELETE FROM unsubscribes WHERE service_id = ? AND number = ?",
                [(service_id, n) for n in numbers],
            )
            self._meta(None, clock)

    def close(self, clock: float) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('clock', ?)", (repr(clock),))
            self._db.close()

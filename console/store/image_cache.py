"""Uploaded MMS images: content hash -> SENS fileId, per profile and service, until expiry.

SENS keeps an uploaded file for 6 days and hands back the same fileId for a file of the
same name and size; caching the fileId locally saves the upload (up to 400 KB of base64
per picture) every time the same notice image is sent again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from console.store.database import Database, migration

migration(
    50,
    "image upload cache",
    """
    CREATE TABLE IF NOT EXISTS image_uploads (
        profile      TEXT NOT NULL,
        service_id   TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        file_name    TEXT NOT NULL,
        size         INTEGER NOT NULL,
        file_id      TEXT NOT NULL,
        created_at   TEXT NOT NULL,   -- ISO 8601, UTC
        expires_at   TEXT NOT NULL,   -- ISO 8601, UTC
        PRIMARY KEY (profile, service_id, content_hash)
    );
    CREATE INDEX IF NOT EXISTS image_uploads_expiry ON image_uploads (expires_at);
    """,
)

#: A cached fileId is not reused in its last hour: a send queued behind a long job must
#: not reference a file that expires while it waits.
DEFAULT_MARGIN = timedelta(hours=1)


@dataclass(frozen=True)
class CachedUpload:
    profile: str
    service_id: str
    content_hash: str
    file_name: str
    size: int
    file_id: str
    created_at: datetime
    expires_at: datetime


def _utc(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("image cache times must be timezone-aware")
    return value.astimezone(UTC).isoformat(timespec="seconds")


class ImageCache:
    """The ``image_uploads`` table."""

    def __init__(self, db: Database, *, margin: timedelta = DEFAULT_MARGIN) -> None:
        self._db = db
        self._margin = margin

    def get(
        self, profile: str, service_id: str, content_hash: str, *, now: datetime | None = None
    ) -> CachedUpload | None:
        """The cached upload if it is still valid (more than the margin before expiry)."""
        now = now or datetime.now(UTC)
        row = (
            self._db.connection()
            .execute(
                "SELECT * FROM image_uploads WHERE profile = ? AND service_id = ? "
                "AND content_hash = ? AND expires_at > ?",
                (profile, service_id, content_hash, _utc(now + self._margin)),
            )
            .fetchone()
        )
        if row is None:
            return None
        return CachedUpload(
            profile=row["profile"],
            service_id=row["service_id"],
            content_hash=row["content_hash"],
            file_name=row["file_name"],
            size=int(row["size"]),
            file_id=row["file_id"],
            created_at=datetime.fromisoformat(row["created_at"]),
            expires_at=datetime.fromisoformat(row["expires_at"]),
        )

    def put(
        self,
        profile: str,
        service_id: str,
        content_hash: str,
        *,
        file_name: str,
        size: int,
        file_id: str,
        created_at: datetime,
        expires_at: datetime,
    ) -> None:
        """Remember (or replace) the upload of `content_hash`."""
        with self._db.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO image_uploads (profile, service_id, content_hash, "
                "file_name, size, file_id, created_at, expires_at) VALUES (?,?,?,?,?,?,?,?)",
                (
                    profile,
                    service_id,
                    content_hash,
                    file_name,
                    size,
                    file_id,
                    _utc(created_at),
                    _utc(expires_at),
                ),
            )

    def expiry_of(self, file_ids: list[str]) -> dict[str, datetime]:
        """When the uploads with these fileIds expire (those the cache knows)."""
        if not file_ids:
            return {}
        marks = ",".join("?" * len(file_ids))
        rows = self._db.connection().execute(
            f"SELECT file_id, MAX(expires_at) FROM image_uploads WHERE file_id IN ({marks}) "
            "GROUP BY file_id",
            file_ids,
        )
        return {row[0]: datetime.fromisoformat(row[1]) for row in rows}

    def purge_expired(self, *, now: datetime | None = None) -> int:
        """Delete expired entries; returns how many."""
        now = now or datetime.now(UTC)
        with self._db.transaction() as conn:
            cursor = conn.execute("DELETE FROM image_uploads WHERE expires_at <= ?", (_utc(now),))
            return int(cursor.rowcount)

"""The two service helpers the compose pane uses instead of the store: the unfinished send
jobs of a database, and the cached image upload."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image

from console.services.images import PreparedImage, prepare_image, upload_with_cache
from console.services.sending import JobRecord, unfinished_jobs
from console.store.database import Database
from console.store.jobs import BatchRecipient, BatchSpec, JobStore


def _spec(numbers: list[str]) -> BatchSpec:
    body = {
        "type": "SMS",
        "contentType": "COMM",
        "countryCode": "82",
        "from": "0212345678",
        "content": "안내",
        "messages": [{"to": n} for n in numbers],
    }
    return BatchSpec("SMS", body, [BatchRecipient(n) for n in numbers])


def test_unfinished_jobs_lists_open_jobs_only(db: Database) -> None:
    store = JobStore(db)
    assert unfinished_jobs(db) == []
    kept = store.create_job([_spec(["01011112222"])], profile="p1", title="남은 작업")
    dropped = store.create_job([_spec(["01033334444"])], profile="p1", title="버린 작업")
    store.set_job_state(dropped, "cancelled")
    jobs = unfinished_jobs(db)
    assert [job.job_id for job in jobs] == [kept]
    assert isinstance(jobs[0], JobRecord)
    assert jobs[0].title == "남은 작업" and jobs[0].total_recipients == 1


@dataclass
class _Uploaded:
    file_id: str
    create_time: datetime
    expire_time: datetime


class _FakeClient:
    """Counts uploads; each answer is a fresh 6-day file."""

    def __init__(self) -> None:
        self.uploads: list[str] = []

    async def upload_file(self, file_name: str, data: bytes) -> _Uploaded:
        self.uploads.append(file_name)
        now = datetime.now(UTC)
        return _Uploaded(f"file-{len(self.uploads)}", now, now + timedelta(days=6))


def _picture() -> PreparedImage:
    import io

    out = io.BytesIO()
    Image.new("RGB", (320, 240), (20, 140, 90)).save(out, "PNG")
    return prepare_image(out.getvalue(), source_name="map.png")


def test_upload_with_cache_uploads_once_per_service(db: Database) -> None:
    client = _FakeClient()
    image = _picture()

    async def go() -> list[str]:
        return [
            await upload_with_cache(db, client, "p1", "svc-a", image),
            await upload_with_cache(db, client, "p1", "svc-a", image),  # from the cache
            await upload_with_cache(db, client, "p1", "svc-b", image),  # another service
        ]

    ids = asyncio.run(go())
    assert ids == ["file-1", "file-1", "file-2"]
    assert client.uploads == [image.name, image.name]


def test_upload_with_cache_checks_needed_until(db: Database) -> None:
    from console.services.images import ImageError

    client = _FakeClient()
    too_late = datetime.now(UTC) + timedelta(days=8)
    with pytest.raises(ImageError):
        asyncio.run(upload_with_cache(db, client, "p1", "svc-a", _picture(), too_late))
    assert client.uploads == []

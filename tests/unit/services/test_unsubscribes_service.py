"""080 opt-out service without a server: parsing input, files, cache, chunking, export."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from console.providers.sens.errors import SensServerError
from console.services import unsubscribes as svc
from console.store import unsubscribes as store
from console.store.database import Database


@dataclass(frozen=True)
class Entry:
    number: str
    registered_at: datetime | None
    kind: str | None


class FakeClient:
    """Keeps a list like SENS; records every call's size."""

    def __init__(self) -> None:
        self.listed: dict[str, Entry] = {}
        self.add_calls: list[int] = []
        self.delete_calls: list[int] = []
        self.fail_list = False

    async def list_unsubscribes(self, **filters: Any) -> list[Entry]:
        if self.fail_list:
            raise SensServerError("down", "장애", status=500)
        return list(self.listed.values())

    async def add_unsubscribes(self, numbers: Iterable[str]) -> list[Entry]:
        chunk = list(numbers)
        assert len(chunk) <= 1000
        self.add_calls.append(len(chunk))
        now = datetime.now(UTC)
        for n in chunk:
            self.listed.setdefault(n, Entry(n, now, "M"))
        return [self.listed[n] for n in chunk]

    async def delete_unsubscribes(self, numbers: Iterable[str]) -> None:
        chunk = list(numbers)
        self.delete_calls.append(len(chunk))
        for n in chunk:
            self.listed.pop(n, None)


def test_parse_numbers_cleans_dedupes_and_rejects() -> None:
    parsed = svc.parse_numbers(
        "010-1234-5678\n01012345678, 010 2222 3333;02-123-4567\t+82 10 4444 5555\n"
        "hello\n12\n+1 212 555 0100\n\n"
    )
    assert parsed.valid == ("01012345678", "01022223333", "021234567", "01044445555")
    assert parsed.invalid == ("hello", "12", "+1 212 555 0100")
    assert svc.parse_numbers(["010-9999-8888", ""]).valid == ("01099998888",)


def test_numbers_from_a_headerless_workbook(tmp_path: Path) -> None:
    path = tmp_path / "numbers.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for i in range(30):
        sheet.append([f"010-7000-{i:04d}", f"고객{i}"])
    sheet.append(["잘못된 값", "고객x"])
    book.save(path)
    parsed = svc.numbers_from_file(path)
    assert len(parsed.valid) == 30 and parsed.valid[0] == "01070000000"
    assert parsed.invalid == ("잘못된 값",)


def test_add_in_chunks_of_1000_and_cache(db: Database) -> None:
    client = FakeClient()
    numbers = [f"0105{i:07d}" for i in range(2500)] + ["01050000000"]  # one duplicate
    result = asyncio.run(svc.add_numbers(db, client, "svc", numbers))
    assert result == svc.AddResult(registered=2500, calls=3)
    assert client.add_calls == [1000, 1000, 500]
    assert len(svc.optout_numbers(db, "svc")) == 2500
    assert svc.optout_numbers(db, "other") == set()
    first = [f"0105{i:07d}" for i in range(1001)]
    removed = asyncio.run(svc.remove_numbers(db, client, "svc", first))
    assert removed == 1001 and client.delete_calls == [1000, 1]
    assert len(svc.optout_numbers(db, "svc")) == 1499


def test_first_call_failure_raises_the_client_error(db: Database) -> None:
    class Broken(FakeClient):
        async def add_unsubscribes(self, numbers: Iterable[str]) -> list[Entry]:
            raise SensServerError("down", "장애", status=500)

    with pytest.raises(SensServerError):
        asyncio.run(svc.add_numbers(db, Broken(), "svc", ["01011112222"]))
    assert svc.optout_numbers(db, "svc") == set()


def test_cache_age_and_profile_lookup(db: Database) -> None:
    @dataclass
    class Profile:
        service_id: str

    assert svc.cache_age(db, "svc") is None
    client = FakeClient()
    client.listed["01012345678"] = Entry("01012345678", None, "C")
    assert asyncio.run(svc.sync(db, client, "svc")) == 1
    age = svc.cache_age(db, "svc", now=datetime.now(UTC) + timedelta(minutes=5))
    assert age is not None and timedelta(minutes=4) < age < timedelta(minutes=6)
    assert svc.optout_numbers(db, Profile("svc")) == {"01012345678"}
    entry = svc.cached_entries(db, "svc")[0]
    assert entry.registered_at is None and entry.kind == "C"
    # a failed download leaves the cache and its age alone
    client.fail_list = True
    before = store.synced_at(db, "svc")
    with pytest.raises(SensServerError):
        asyncio.run(svc.sync(db, client, "svc"))
    assert store.synced_at(db, "svc") == before and svc.optout_numbers(db, "svc")
    # never downloaded and unreachable: an ad send must not go out
    with pytest.raises(svc.OptOutListUnavailable):
        asyncio.run(svc.refresh_if_stale(db, client, Profile("never")))


def test_export_xlsx(db: Database, tmp_path: Path) -> None:
    at = datetime(2026, 11, 1, 3, 4, 5, tzinfo=UTC)
    entries = [
        svc.OptOutEntry("01012345678", at, "M"),
        svc.OptOutEntry("0212345678", None, "C"),
    ]
    path = svc.export_entries(
        tmp_path / "080.xlsx", entries, ["번호", "등록", "방법"], {"M": "직접", "C": "전화"}, UTC
    )
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows == [
        ["번호", "등록", "방법"],
        ["01012345678", "2026-11-01 03:04:05", "직접"],
        ["0212345678", None, "전화"],
    ]

"""080 opt-out service against the SENS simulator: sync, add in 1,000s, remove, staleness."""

from __future__ import annotations

import asyncio
import collections
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from console.providers.sens.client import RetryPolicy, SensClient
from console.providers.sens.errors import SensNetworkError
from console.services import unsubscribes as svc
from console.simulator import (
    DEMO_ACCESS_KEY,
    DEMO_SECRET_KEY,
    DEMO_SERVICE_ID,
    Simulator,
    start,
)
from console.store import unsubscribes as store
from console.store.database import Database


class CountingClient(SensClient):
    """A SensClient on its own httpx client, counting every HTTP request it makes."""

    def __init__(self, sim: Simulator, calls: collections.Counter[str]) -> None:
        async def count(request: httpx.Request) -> None:
            calls[f"{request.method} {request.url.path.rsplit('/', 1)[-1]}"] += 1

        self.own_http = httpx.AsyncClient(event_hooks={"request": [count]}, timeout=10)
        super().__init__(
            DEMO_ACCESS_KEY,
            DEMO_SECRET_KEY,
            DEMO_SERVICE_ID,
            base_url=sim.base_url,
            http=self.own_http,
            retry=RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.02, max_retry_after=0.1),
        )

    async def aclose(self) -> None:
        await super().aclose()
        await self.own_http.aclose()


def counting_client(sim: Simulator) -> tuple[SensClient, collections.Counter[str]]:
    """A client whose every HTTP request is counted as "METHOD last-path-part"."""
    calls: collections.Counter[str] = collections.Counter()
    return CountingClient(sim, calls), calls


def test_2500_numbers_imported_in_three_calls(db: Database, tmp_path: Path) -> None:
    numbers = [f"010-5{i // 1000:03d}-{i % 1000:04d}" for i in range(2500)]
    path = tmp_path / "optout.csv"
    path.write_text("번호\n" + "\n".join(numbers) + "\n", encoding="utf-8")
    parsed = svc.numbers_from_file(path)
    assert len(parsed.valid) == 2500 and parsed.invalid == ()
    assert parsed.valid[0] == "01050000000"
    with start(port=0) as sim:
        client, calls = counting_client(sim)

        async def go() -> None:
            try:
                result = await svc.add_numbers(db, client, DEMO_SERVICE_ID, parsed.valid)
                assert result == svc.AddResult(registered=2500, calls=3)
                assert calls["POST unsubscribes"] == 3
                # the cache has them at once; a full download agrees
                assert len(svc.optout_numbers(db, DEMO_SERVICE_ID)) == 2500
                count = await svc.sync(db, client, DEMO_SERVICE_ID)
                assert count == 2500
                assert calls["GET unsubscribes"] == 26  # 25 full pages of 100, then an empty one
            finally:
                await client.aclose()

        asyncio.run(go())
        listed = sim.state.list_unsubscribes(DEMO_SERVICE_ID, {"pageSize": "100"})
        assert len(listed) == 100


def test_sync_remove_search_and_kinds(db: Database) -> None:
    with start(port=0) as sim:
        sim.register_call_unsubscribe("01099998888")
        client, calls = counting_client(sim)

        async def go() -> None:
            try:
                await svc.add_numbers(db, client, DEMO_SERVICE_ID, ["01011112222", "0212345678"])
                assert await svc.sync(db, client, DEMO_SERVICE_ID) == 3
                kinds = {e.number: e.kind for e in svc.cached_entries(db, DEMO_SERVICE_ID)}
                assert kinds == {"01099998888": "C", "01011112222": "M", "0212345678": "M"}
                assert all(
                    e.registered_at is not None for e in svc.cached_entries(db, DEMO_SERVICE_ID)
                )
                found = svc.cached_entries(db, DEMO_SERVICE_ID, "1111-2")
                assert [e.number for e in found] == ["01011112222"]
                removed = await svc.remove_numbers(
                    db, client, DEMO_SERVICE_ID, ["01011112222", "01099998888"]
                )
                assert removed == 2 and calls["DELETE unsubscribes"] == 1
                assert svc.optout_numbers(db, DEMO_SERVICE_ID) == {"0212345678"}
                assert await svc.sync(db, client, DEMO_SERVICE_ID) == 1
                age = svc.cache_age(db, DEMO_SERVICE_ID)
                assert age is not None and age < timedelta(seconds=30)
            finally:
                await client.aclose()

        asyncio.run(go())


def test_refresh_if_stale_before_an_ad_send(db: Database) -> None:
    sim = start(port=0)
    client, calls = counting_client(sim)

    async def go() -> None:
        try:
            sim.register_call_unsubscribe("01033334444")
            got = await svc.refresh_if_stale(db, client, DEMO_SERVICE_ID)
            assert got == {"01033334444"} and calls["GET unsubscribes"] == 1
            # fresh: no call
            await svc.refresh_if_stale(db, client, DEMO_SERVICE_ID)
            assert calls["GET unsubscribes"] == 1
            # stale: downloads again and sees the new call-in
            sim.register_call_unsubscribe("01055556666")
            store.replace_all(
                db, DEMO_SERVICE_ID, svc.cached_entries(db, DEMO_SERVICE_ID),
                datetime.now(UTC) - timedelta(hours=1),
            )
            got = await svc.refresh_if_stale(db, client, DEMO_SERVICE_ID)
            assert got == {"01033334444", "01055556666"}
            # offline: an hour-old copy is used; a two-day-old one is refused
            sim.stop()
            store.replace_all(
                db, DEMO_SERVICE_ID, svc.cached_entries(db, DEMO_SERVICE_ID),
                datetime.now(UTC) - timedelta(hours=1),
            )
            assert await svc.refresh_if_stale(db, client, DEMO_SERVICE_ID) == got
            store.replace_all(
                db, DEMO_SERVICE_ID, svc.cached_entries(db, DEMO_SERVICE_ID),
                datetime.now(UTC) - timedelta(days=2),
            )
            with pytest.raises(svc.OptOutListUnavailable) as info:
                await svc.refresh_if_stale(db, client, DEMO_SERVICE_ID)
            assert "080" in info.value.message_ko
            # a failed download never empties the cache
            with pytest.raises(SensNetworkError):
                await svc.sync(db, client, DEMO_SERVICE_ID)
            assert svc.optout_numbers(db, DEMO_SERVICE_ID) == got
        finally:
            await client.aclose()

    try:
        asyncio.run(go())
    finally:
        sim.stop()


def test_partial_add_keeps_what_was_registered(db: Database) -> None:
    """The second call of three fails: the first thousand are registered and cached."""
    with start(port=0) as sim:
        client, _calls = counting_client(sim)
        numbers = [f"0106{i:07d}" for i in range(2500)]

        class FailingSecond:
            def __init__(self) -> None:
                self.n = 0

            async def add_unsubscribes(self, chunk: list[str]) -> object:
                self.n += 1
                if self.n == 2:
                    raise SensNetworkError("no network", "네트워크 없음")
                return await client.add_unsubscribes(chunk)

            async def list_unsubscribes(self, **filters: object) -> object:
                return await client.list_unsubscribes(**filters)

            async def delete_unsubscribes(self, chunk: list[str]) -> None:
                await client.delete_unsubscribes(chunk)

        async def go() -> None:
            try:
                with pytest.raises(svc.OptOutPartialError) as info:
                    await svc.add_numbers(db, FailingSecond(), DEMO_SERVICE_ID, numbers)
                assert info.value.done == 1000
                assert "1,000" in info.value.message_ko
                assert len(svc.optout_numbers(db, DEMO_SERVICE_ID)) == 1000
                assert await svc.sync(db, client, DEMO_SERVICE_ID) == 1000
            finally:
                await client.aclose()

        asyncio.run(go())

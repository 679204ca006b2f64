"""Prepared images upload to the (strict) simulator and are reused from the cache."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from console.providers.sens.client import SensClient
from console.services.images import ImageError, ensure_uploaded, prepare_image
from console.simulator import DEMO_ACCESS_KEY, DEMO_SECRET_KEY, DEMO_SERVICE_ID, Simulator
from console.store.database import Database
from console.store.image_cache import ImageCache


def _phone_photo() -> bytes:
    """A 4000x3000 photo stored sideways (EXIF orientation 6), as phones save them."""
    image = Image.merge(
        "RGB",
        [
            Image.linear_gradient("L").resize((4000, 3000)),
            Image.effect_noise((400, 300), 60).resize((4000, 3000)),
            Image.linear_gradient("L").rotate(90).resize((4000, 3000)),
        ],
    )
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95, exif=exif.tobytes(), progressive=True)
    return out.getvalue()


def test_phone_photo_uploads_and_is_reused(simulator: Simulator, tmp_path: Path) -> None:
    prepared = prepare_image(_phone_photo(), source_name="IMG_0001.JPG")
    assert (prepared.width, prepared.height) == (1080, 1440)  # turned upright, then fitted
    db = Database(tmp_path / "cache.db")
    cache = ImageCache(db)

    async def go() -> tuple[str, str, str]:
        client = SensClient(
            DEMO_ACCESS_KEY, DEMO_SECRET_KEY, DEMO_SERVICE_ID, base_url=simulator.base_url
        )
        try:
            first = await ensure_uploaded(
                prepared, client=client, cache=cache, profile="demo", service_id=DEMO_SERVICE_ID
            )
            again = await ensure_uploaded(
                prepared, client=client, cache=cache, profile="demo", service_id=DEMO_SERVICE_ID
            )
            # a week later the cached id has expired: upload again (SENS gives a new id)
            later = datetime.now(UTC) + timedelta(days=7)
            simulator.clock.advance(7 * 24 * 3600)
            fresh = await ensure_uploaded(
                prepared,
                client=client,
                cache=cache,
                profile="demo",
                service_id=DEMO_SERVICE_ID,
                now=lambda: later,
            )
            return first, again, fresh
        finally:
            await client.aclose()

    first, again, fresh = asyncio.run(go())
    assert first == again and fresh != first
    cached = cache.get("demo", DEMO_SERVICE_ID, prepared.content_hash)
    assert cached is not None and cached.file_name == prepared.name
    assert cached.expires_at - cached.created_at == timedelta(days=6)
    db.close()


def test_reservation_needs_the_file_alive_at_send_time(
    simulator: Simulator, tmp_path: Path
) -> None:
    prepared = prepare_image(_phone_photo())
    db = Database(tmp_path / "cache.db")
    cache = ImageCache(db)

    def sim_now() -> datetime:
        return simulator.clock.datetime()

    async def go() -> tuple[str, str, str]:
        client = SensClient(
            DEMO_ACCESS_KEY, DEMO_SECRET_KEY, DEMO_SERVICE_ID, base_url=simulator.base_url
        )
        args = {
            "client": client,
            "cache": cache,
            "profile": "demo",
            "service_id": DEMO_SERVICE_ID,
            "now": sim_now,
        }
        try:
            first = await ensure_uploaded(prepared, **args)  # type: ignore[arg-type]
            simulator.clock.advance(3 * 24 * 3600)
            # sent now: the 3-day-old file is still good
            again = await ensure_uploaded(prepared, **args)  # type: ignore[arg-type]
            # reserved 4 days ahead: the old file would be gone by then -> a fresh upload
            later = await ensure_uploaded(
                prepared,
                needed_until=sim_now() + timedelta(days=4),
                **args,  # type: ignore[arg-type]
            )
            with pytest.raises(ImageError) as info:
                await ensure_uploaded(
                    prepared,
                    needed_until=sim_now() + timedelta(days=7),
                    **args,  # type: ignore[arg-type]
                )
            assert "6일" in info.value.message_ko
            return first, again, later
        finally:
            await client.aclose()

    first, again, later = asyncio.run(go())
    assert first == again and later != first
    cached = cache.get("demo", DEMO_SERVICE_ID, prepared.content_hash, now=sim_now())
    assert cached is not None and cached.file_id == later
    assert cached.file_name != prepared.name and len(cached.file_name) <= 40
    db.close()

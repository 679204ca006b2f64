"""The MMS image pipeline with generated pictures of every kind the users attach."""

from __future__ import annotations

import asyncio
import io
import os
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from console.errors import ConsoleError
from console.services.images import (
    MAX_FILE_BYTES,
    MAX_HEIGHT,
    MAX_WIDTH,
    ImageError,
    PreparedImage,
    ensure_uploaded,
    prepare_image,
    prepare_image_async,
)
from console.store.database import Database
from console.store.image_cache import ImageCache


def _photo_like(width: int, height: int, seed: int = 1) -> Image.Image:
    """Smooth gradients plus soft (seeded) noise: compresses like a photo, not like static."""
    rng = random.Random(seed)
    small = (max(1, width // 8), max(1, height // 8))
    noise = Image.frombytes("L", small, rng.randbytes(small[0] * small[1])).resize((width, height))
    gradient = Image.linear_gradient("L").resize((width, height))
    r = Image.blend(gradient, noise, 0.4)
    g = gradient.rotate(90 * seed).resize((width, height))
    b = Image.radial_gradient("L").resize((width, height))
    return Image.merge("RGB", (r, g, b))


def _encoded(image: Image.Image, fmt: str, **kwargs: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **kwargs)
    return out.getvalue()


def _assert_upload_ready(prepared: PreparedImage) -> Image.Image:
    assert prepared.size == len(prepared.data) <= MAX_FILE_BYTES
    assert prepared.width <= MAX_WIDTH and prepared.height <= MAX_HEIGHT
    assert prepared.name.endswith(".jpg") and len(prepared.name) <= 40
    image = Image.open(io.BytesIO(prepared.data))
    assert image.format == "JPEG"
    assert image.mode == "RGB"
    assert not image.info.get("progressive") and not image.info.get("progression")
    assert (image.width, image.height) == (prepared.width, prepared.height)
    thumb = Image.open(io.BytesIO(prepared.thumbnail))
    assert thumb.width <= 160 and thumb.height <= 160
    return image


def test_png_with_transparency_gets_white_background() -> None:
    image = Image.new("RGBA", (300, 200), (0, 0, 0, 0))
    image.paste((200, 0, 0, 255), (100, 50, 200, 150))
    prepared = prepare_image(_encoded(image, "PNG"))
    out = _assert_upload_ready(prepared)
    assert (prepared.width, prepared.height) == (300, 200)
    corner = out.getpixel((5, 5))
    assert isinstance(corner, tuple) and min(corner) >= 245  # white, not black
    centre = out.getpixel((150, 100))
    assert isinstance(centre, tuple) and centre[0] > 180 and centre[1] < 40


def test_palette_png_with_transparent_index() -> None:
    image = Image.new("P", (64, 64), 0)
    image.putpalette([0, 0, 0, 0, 0, 255] + [0] * 762)
    image.paste(1, (16, 16, 48, 48))
    prepared = prepare_image(_encoded(image, "PNG", transparency=0))
    out = _assert_upload_ready(prepared)
    corner = out.getpixel((2, 2))
    assert isinstance(corner, tuple) and min(corner) >= 245


def test_bmp_and_greyscale_and_16bit_png() -> None:
    for image, fmt in (
        (_photo_like(640, 480), "BMP"),
        (Image.linear_gradient("L").resize((300, 300)), "PNG"),
        (
            Image.linear_gradient("L").resize((200, 100)).point(lambda v: v * 256).convert("I;16"),
            "PNG",
        ),
    ):
        prepared = prepare_image(_encoded(image, fmt))
        out = _assert_upload_ready(prepared)
        assert out.size == image.size


def test_16bit_png_is_scaled_not_clipped() -> None:
    image = Image.new("I;16", (50, 50), 30000)
    prepared = prepare_image(_encoded(image, "PNG"))
    out = _assert_upload_ready(prepared)
    value = out.getpixel((25, 25))
    assert isinstance(value, tuple) and 200 < value[0] <= 255  # brightest value -> near white


def test_gif_takes_the_first_frame() -> None:
    frames = [Image.new("P", (120, 80), i) for i in range(3)]
    for frame in frames:
        frame.putpalette([255, 0, 0, 0, 255, 0, 0, 0, 255] + [0] * 759)
    data = _encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100)
    assert Image.open(io.BytesIO(data)).n_frames == 3
    out = _assert_upload_ready(prepare_image(data))
    pixel = out.getpixel((60, 40))
    assert isinstance(pixel, tuple) and pixel[0] > 200 and pixel[1] < 60  # red: frame 0


def test_large_jpeg_is_scaled_to_fit_and_under_the_limit() -> None:
    big = _photo_like(4032, 3024)
    prepared = prepare_image(_encoded(big, "JPEG", quality=95))
    out = _assert_upload_ready(prepared)
    assert out.width == MAX_WIDTH or out.height == MAX_HEIGHT
    assert abs(out.width / out.height - 4032 / 3024) < 0.01
    assert (prepared.original_width, prepared.original_height) == (4032, 3024)


@pytest.mark.parametrize(
    ("orientation", "expect_portrait"), [(1, False), (3, False), (6, True), (8, True)]
)
def test_exif_orientation_is_applied(orientation: int, expect_portrait: bool) -> None:
    stored = Image.new("RGB", (400, 200), (255, 255, 255))
    stored.paste((0, 0, 0), (0, 0, 100, 200))  # black band on the stored left edge
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x8825] = {2: (37.0, 30.0, 0.0)}  # GPS: must not leak into the upload
    prepared = prepare_image(_encoded(stored, "JPEG", exif=exif.tobytes(), quality=95))
    out = _assert_upload_ready(prepared)
    assert (out.height > out.width) is expect_portrait
    assert not out.getexif()  # metadata (orientation, GPS) stripped
    if orientation == 6:  # rotated 90° clockwise: the left band becomes the top band
        top = out.getpixel((100, 20))
        assert isinstance(top, tuple) and max(top) < 60


def test_cmyk_jpeg_becomes_rgb() -> None:
    image = Image.new("CMYK", (200, 120), (0, 255, 255, 0))  # pure red in CMYK
    out = _assert_upload_ready(prepare_image(_encoded(image, "JPEG")))
    pixel = out.getpixel((100, 60))
    assert isinstance(pixel, tuple) and pixel[0] > 200 and pixel[1] < 60 and pixel[2] < 60


def test_incompressible_image_is_scaled_down_until_it_fits() -> None:
    noise = Image.merge("RGB", [Image.effect_noise((700, 600), 120) for _ in range(3)])
    prepared = prepare_image(_encoded(noise, "PNG"), max_bytes=60_000)
    _assert_upload_ready(prepared)
    assert prepared.size <= 60_000
    assert prepared.width < 700  # quality alone was not enough


def test_smaller_limit_is_honoured_and_name_is_stable() -> None:
    data = _encoded(_photo_like(1200, 900), "PNG")
    first = prepare_image(data, max_bytes=60_000)
    second = prepare_image(data, max_bytes=60_000)
    assert first.size <= 60_000
    assert first.name == second.name and first.data == second.data
    other = prepare_image(_encoded(_photo_like(1200, 900, seed=2).rotate(180), "PNG"))
    assert other.name != first.name


def test_path_input_and_async(tmp_path: Path) -> None:
    path = tmp_path / "회의 안내.png"
    _photo_like(500, 400).save(path)
    prepared = asyncio.run(prepare_image_async(path))
    _assert_upload_ready(prepared)
    assert prepared.source_name == "회의 안내.png"


def _jpeg_bytes() -> bytes:
    return _encoded(_photo_like(800, 600), "JPEG", quality=90)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"this is a text file, not a picture\n" * 10,
        b"\x89PNG\r\n\x1a\n" + os.urandom(200),
        "truncated-jpeg",
        "truncated-png",
        "corrupt-middle",
    ],
    ids=["empty", "text", "png-header-garbage", "truncated-jpeg", "truncated-png", "corrupt"],
)
def test_broken_files_raise_a_clear_error(data: bytes | str) -> None:
    if data == "truncated-jpeg":
        full = _jpeg_bytes()
        data = full[: len(full) // 2]
    elif data == "truncated-png":
        full = _encoded(_photo_like(300, 300), "PNG")
        data = full[: len(full) // 2]
    elif data == "corrupt-middle":
        full = bytearray(_encoded(_photo_like(300, 300), "PNG"))
        full[200:400] = bytes(200)
        data = bytes(full)
    assert isinstance(data, bytes)
    with pytest.raises(ImageError) as info:
        prepare_image(data, source_name="photo.png")
    error = info.value
    assert isinstance(error, ConsoleError)
    assert "photo.png" in error.message_en and "photo.png" in error.message_ko
    assert "이미지" in error.message("ko")


def test_enormous_picture_is_refused_before_decoding() -> None:
    huge = _encoded(Image.new("1", (9_000, 8_000)), "PNG")  # 72 MP in a few kilobytes
    with pytest.raises(ImageError) as info:
        prepare_image(huge, source_name="scan.png")
    assert "9000x8000" in info.value.message_ko and "6,000만 화소" in info.value.message_ko


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ImageError) as info:
        prepare_image(tmp_path / "gone.jpg")
    assert "gone.jpg" in info.value.message_ko and "찾을 수 없습니다" in info.value.message_ko


# --- upload cache --------------------------------------------------------------------------


class _FakeUploaded:
    def __init__(self, file_id: str, created: datetime, expires: datetime) -> None:
        self.file_id = file_id
        self.create_time = created
        self.expire_time = expires


class _FakeUploader:
    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []
        #: The server's clock: a new upload is kept for 6 days from then.
        self.now = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)

    async def upload_file(self, file_name: str, data: bytes) -> _FakeUploaded:
        self.calls.append((file_name, len(data)))
        created = self.now
        return _FakeUploaded(f"fid-{len(self.calls)}", created, created + timedelta(days=6))


def test_upload_is_cached_per_profile_until_expiry(tmp_path: Path) -> None:
    db = Database(tmp_path / "c.db")
    cache = ImageCache(db)
    uploader = _FakeUploader()
    image = prepare_image(_encoded(_photo_like(200, 100), "PNG"))
    t0 = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)

    async def upload(at: datetime, profile: str = "office") -> str:
        uploader.now = at
        return await ensure_uploaded(
            image,
            client=uploader,
            cache=cache,
            profile=profile,
            service_id="svc",
            now=lambda: at,
        )

    assert asyncio.run(upload(t0)) == "fid-1"
    assert asyncio.run(upload(t0 + timedelta(days=3))) == "fid-1"  # reused
    assert len(uploader.calls) == 1
    assert uploader.calls[0] == (image.name, image.size)
    assert asyncio.run(upload(t0, profile="branch")) == "fid-2"  # other profile: own upload
    # within the last hour before expiry the cached id is no longer trusted
    assert asyncio.run(upload(t0 + timedelta(days=6) - timedelta(minutes=30))) == "fid-3"
    assert cache.purge_expired(now=t0 + timedelta(days=30)) == 2
    db.close()

"""The simulator reads JPEG sizes from the SOF header itself."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from console.simulator.jpeg import NotAJpeg, jpeg_size


def _jpeg(width: int, height: int, **save: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, "JPEG", **save)
    return out.getvalue()


def test_baseline_size() -> None:
    assert jpeg_size(_jpeg(640, 480)) == (640, 480)


def test_progressive_size_and_exif_segments_are_skipped() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: the header size is still the stored size
    assert jpeg_size(_jpeg(1501, 20, progressive=True, exif=exif.tobytes())) == (1501, 20)


@pytest.mark.parametrize(
    "data",
    [b"", b"\x89PNG\r\n\x1a\n" + b"\0" * 20, b"\xff\xd8\xff\xe0\x00\x10JFIF", b"\xff\xd8\xff\xda"],
)
def test_non_jpeg_or_truncated_is_rejected(data: bytes) -> None:
    with pytest.raises(NotAJpeg):
        jpeg_size(data)


def test_png_is_rejected() -> None:
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "PNG")
    with pytest.raises(NotAJpeg):
        jpeg_size(out.getvalue())

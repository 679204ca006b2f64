"""Damaged pictures (truncated, bytes flipped) end in a clear ImageError or a valid JPEG,
never in another exception or a hang."""

from __future__ import annotations

import io
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from console.services.images import MAX_FILE_BYTES, ImageError, prepare_image


@cache
def _samples() -> dict[str, bytes]:
    base = Image.radial_gradient("L").resize((120, 90)).convert("RGB")
    out: dict[str, bytes] = {}
    for fmt, kwargs in (
        ("PNG", {}),
        ("JPEG", {"quality": 90}),
        ("GIF", {}),
        ("BMP", {}),
        ("TIFF", {}),
        ("WEBP", {}),
    ):
        buffer = io.BytesIO()
        base.save(buffer, fmt, **kwargs)
        out[fmt] = buffer.getvalue()
    return out


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
@given(
    fmt=st.sampled_from(["PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP"]),
    cut=st.floats(min_value=0.0, max_value=1.0),
    flips=st.lists(
        st.tuples(st.floats(min_value=0.0, max_value=1.0), st.integers(0, 255)), max_size=6
    ),
)
def test_damaged_images_fail_cleanly(fmt: str, cut: float, flips: list[tuple[float, int]]) -> None:
    data = bytearray(_samples()[fmt])
    for where, value in flips:
        data[min(len(data) - 1, int(where * len(data)))] = value
    damaged = bytes(data[: max(0, int(cut * len(data)))]) if cut < 1.0 else bytes(data)
    try:
        prepared = prepare_image(damaged, source_name="x.png")
    except ImageError as error:
        assert error.message_ko and error.message_en
        return
    assert prepared.size <= MAX_FILE_BYTES
    assert prepared.data[:2] == b"\xff\xd8"

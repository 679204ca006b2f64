"""Hypothesis fuzzing of what users hand the console: recipient files and pictures.

Random bytes, and real files (an .xlsx written by openpyxl, a CSV in CP949, pictures in
every format Pillow writes) truncated, with bytes flipped or with junk spliced in, go
through the importer (read, guess the columns, build the recipients) and the image
pipeline (decode, convert, shrink). Each ends in a result or in the service's
``ConsoleError`` (a sentence for the user); never another exception type, and quickly
(every call is timed; pytest-timeout stops a real hang).
"""

from __future__ import annotations

import io
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from console.errors import ConsoleError
from console.services import importing as imp
from console.services.images import ImageError, prepare_image

pytestmark = pytest.mark.slow

#: Seconds one file may take (these inputs are all small).
MAX_SECONDS = 10.0
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
T = TypeVar("T")


def _xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["이름", "전화번호", "메모"])
    for i in range(30):
        sheet.append([f"고객{i}", f"010-5555-{i:04d}", i * 1.5])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv() -> bytes:
    lines = ["이름,전화번호,메모"] + [f"고객{i},010-5555-{i:04d},메모 {i}" for i in range(30)]
    return "\r\n".join(lines).encode("cp949")


def _picture(fmt: str, mode: str, **options: Any) -> bytes:
    image = Image.new(mode, (64, 48))
    if mode in ("RGB", "RGBA", "CMYK"):
        for x in range(64):
            image.putpixel((x, x % 48), (x * 4, 255 - x * 4, 90, 255)[: len(mode)])
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def _animated_gif() -> bytes:
    frames = [Image.new("P", (40, 30), i * 40) for i in range(3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:])
    return buffer.getvalue()


def _exif_jpeg() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated 90°
    return _picture("JPEG", "RGB", exif=exif.tobytes())


WORKBOOKS = [_xlsx()]
TEXTS = [_csv()]
PICTURES = [
    _picture("PNG", "RGB"),
    _picture("PNG", "RGBA"),
    _picture("PNG", "P"),
    _picture("PNG", "I;16"),
    _picture("JPEG", "RGB"),
    _picture("JPEG", "CMYK"),
    _picture("JPEG", "L", progressive=True),
    _exif_jpeg(),
    _animated_gif(),
    _picture("BMP", "RGB"),
    _picture("TIFF", "RGB"),
    _picture("WEBP", "RGB"),
]


def _damaged(seeds: list[bytes]) -> st.SearchStrategy[bytes]:
    """A seed file truncated, with bytes flipped, or with junk spliced in."""

    def truncate(data: bytes, cut: float) -> bytes:
        return data[: int(len(data) * cut)]

    def flip(data: bytes, spots: list[tuple[float, int]]) -> bytes:
        out = bytearray(data)
        for where, value in spots:
            out[min(len(out) - 1, int(len(out) * where))] ^= value or 1
        return bytes(out)

    def splice(data: bytes, where: float, junk: bytes) -> bytes:
        at = int(len(data) * where)
        return data[:at] + junk + data[at:]

    seed = st.sampled_from(seeds)
    fraction = st.floats(0.0, 1.0)
    return st.one_of(
        st.builds(truncate, seed, fraction),
        st.builds(flip, seed, st.lists(st.tuples(fraction, st.integers(0, 255)), max_size=8)),
        st.builds(splice, seed, fraction, st.binary(min_size=1, max_size=64)),
    )


def _timed(call: Callable[[], T]) -> T:
    started = time.monotonic()
    try:
        return call()
    finally:
        elapsed = time.monotonic() - started
        assert elapsed < MAX_SECONDS, f"took {elapsed:.1f} s"


def _import(data: bytes, suffix: str) -> None:
    """Read, guess and build like the Recipients pane does."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"명단{suffix}"
        path.write_bytes(data)
        table = imp.read_file(path)
        mapping = imp.guess_mapping(table)
        result = imp.build_recipients(table, mapping)
        assert result.accounted() == result.total_rows


def _check_import(data: bytes, suffix: str) -> None:
    try:
        _timed(lambda: _import(data, suffix))
    except ConsoleError as exc:
        assert isinstance(exc, imp.RecipientImportError), type(exc)
        assert exc.message("ko").strip() and exc.message("en").strip()


SUFFIXES = st.sampled_from([".csv", ".txt", ".xlsx", ".xls", ".ods", ""])


@pytest.mark.timeout(240)
@FUZZ
@given(data=st.binary(max_size=2048), suffix=SUFFIXES)
def test_importer_random_bytes(suite_tally: Any, data: bytes, suffix: str) -> None:
    suite_tally.record("bad input: recipient files", faults=1)
    _check_import(data, suffix)


@pytest.mark.timeout(240)
@FUZZ
@given(
    data=_damaged(WORKBOOKS)
    | st.binary(max_size=512).map(lambda b: b"PK\x03\x04" + b)
    | st.binary(max_size=512).map(lambda b: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b),
    suffix=SUFFIXES,
)
def test_importer_damaged_workbooks(suite_tally: Any, data: bytes, suffix: str) -> None:
    suite_tally.record("bad input: recipient files", faults=1)
    _check_import(data, suffix)


@pytest.mark.timeout(240)
@FUZZ
@given(data=_damaged(TEXTS), suffix=st.sampled_from([".csv", ".txt"]))
def test_importer_damaged_text_files(suite_tally: Any, data: bytes, suffix: str) -> None:
    suite_tally.record("bad input: recipient files", faults=1)
    _check_import(data, suffix)


def _check_picture(data: bytes) -> None:
    try:
        prepared = _timed(lambda: prepare_image(data, source_name="사진.jpg"))
    except ImageError as exc:
        assert exc.message("ko").strip() and exc.message("en").strip()
        return
    # What came out is what SENS takes: a JPEG within the limits.
    assert prepared.data[:2] == b"\xff\xd8" and prepared.size <= 300 * 1024
    assert prepared.width <= 1500 and prepared.height <= 1440


@pytest.mark.timeout(240)
@FUZZ
@given(data=_damaged(PICTURES))
def test_image_pipeline_damaged_pictures(suite_tally: Any, data: bytes) -> None:
    suite_tally.record("bad input: pictures", faults=1)
    _check_picture(data)


@pytest.mark.timeout(120)
@FUZZ
@given(data=st.binary(max_size=4096))
def test_image_pipeline_random_bytes(suite_tally: Any, data: bytes) -> None:
    suite_tally.record("bad input: pictures", faults=1)
    _check_picture(data)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("seed", range(len(PICTURES)))
def test_image_pipeline_every_truncation_point_of_small_pictures(tally: Any, seed: int) -> None:
    """Every prefix (in 7-byte steps) of each seed picture: a picture or a clear error."""
    data = PICTURES[seed]
    cuts = range(0, len(data), 7)
    tally.record("bad input: pictures", faults=len(cuts))
    for cut in cuts:
        _check_picture(data[:cut])


def test_image_pipeline_refuses_a_declared_giant(tally: Any) -> None:
    """A tiny PNG whose header claims 60,000 x 60,000 pixels is refused, not decoded."""
    import struct
    import zlib

    def chunk(kind: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 60_000, 60_000, 8, 2, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b""))
    data += chunk(b"IEND", b"")
    tally.record("bad input: pictures", faults=1)
    with pytest.raises(ImageError):
        _timed(lambda: prepare_image(data))

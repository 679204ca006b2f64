"""Reading a JPEG's pixel size from its SOF header, the way the SENS file check does.

Only the marker structure is read (no pixel decoding), so a truncated or non-JPEG body is
rejected just as SENS rejects it.
"""

from __future__ import annotations

#: Start-of-frame markers (baseline, progressive, lossless, arithmetic...); not DHT/JPG/DAC.
_SOF_MARKERS = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7,
                          0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})
#: Markers without a length field.
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})


class NotAJpeg(ValueError):
    """The data is not a JPEG whose frame header can be read."""


def jpeg_size(data: bytes) -> tuple[int, int]:
    """(width, height) of the JPEG in `data`; raises :class:`NotAJpeg` otherwise."""
    if len(data) < 4 or data[0] != 0xFF or data[1] != 0xD8:
        raise NotAJpeg("missing JPEG start-of-image marker")
    pos = 2
    size = len(data)
    while pos < size:
        if data[pos] != 0xFF:
            raise NotAJpeg(f"expected a marker at offset {pos}")
        while pos < size and data[pos] == 0xFF:  # fill bytes
            pos += 1
        if pos >= size:
            break
        marker = data[pos]
        pos += 1
        if marker in _STANDALONE:
            continue
        if marker in (0xD9, 0xDA):  # end of image / start of scan before any frame header
            raise NotAJpeg("no frame header before the image data")
        if pos + 2 > size:
            break
        length = (data[pos] << 8) | data[pos + 1]
        if length < 2:
            raise NotAJpeg("invalid segment length")
        if marker in _SOF_MARKERS:
            if pos + 7 > size:
                break
            height = (data[pos + 3] << 8) | data[pos + 4]
            width = (data[pos + 5] << 8) | data[pos + 6]
            if width == 0 or height == 0:
                raise NotAJpeg("frame header has no size")
            return width, height
        pos += length
    raise NotAJpeg("truncated JPEG: no frame header found")

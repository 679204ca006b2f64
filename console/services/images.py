"""Turn whatever picture the user picks into an image SENS accepts for MMS.

SENS takes only baseline ``.jpg`` files of at most 300 KB and 1500x1440 pixels, with a
name of at most 40 characters. Office staff attach PNG screenshots, BMP scans, GIFs and
12-megapixel phone photos (often stored sideways with an EXIF orientation tag), so the
console converts instead of refusing: orientation applied, transparency flattened on
white, scaled to fit, re-encoded with decreasing quality (then size) until it fits.

The output is named after a hash of its own bytes, so the same picture gets the same
name and size every time; SENS reuses an upload with the same name and size for 6 days,
and :mod:`console.store.image_cache` remembers our fileIds until they expire.

Pillow is used (not Qt) so that this works without a QApplication and can run in a
worker thread (:func:`prepare_image_async`) while the window stays responsive. It is
imported by the functions that convert, on the first picture, not at start-up.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import io
import math
import struct
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from console.errors import ConsoleError
from console.store.database import Database
from console.store.image_cache import ImageCache

if TYPE_CHECKING:
    from PIL import Image

#: Largest file SENS accepts ("300 Kbyte"); we stay under the stricter reading, 300,000.
MAX_FILE_BYTES = 300_000
MAX_WIDTH = 1500
MAX_HEIGHT = 1440
MAX_NAME_LENGTH = 40
#: Refuse to even try inputs larger than this (a mistaken video file, a disk image ...).
MAX_INPUT_BYTES = 100 * 1024 * 1024
#: Pixel counts above which we refuse to decode (decompression bombs, memory): JPEGs are
#: decoded at a reduced scale (draft mode), other formats at full size (4 bytes a pixel).
MAX_INPUT_PIXELS_JPEG = 150_000_000
MAX_INPUT_PIXELS = 60_000_000
THUMBNAIL_SIZE = (160, 160)
#: How long SENS keeps an uploaded file ("6일 보관").
SERVER_RETENTION = timedelta(days=6)

_QUALITIES = (92, 85, 78, 70, 62, 55, 48, 40)
_SCALE_STEP = 0.85
_MIN_SIDE = 64


class ImageError(ConsoleError):
    """The picked file cannot be turned into an MMS image."""


@dataclass(frozen=True)
class PreparedImage:
    """An upload-ready baseline JPEG and what the compose pane shows about it."""

    data: bytes
    #: ``img_<hash>.jpg`` (<= 40 characters), derived from `data`.
    name: str
    size: int
    width: int
    height: int
    #: A small JPEG for the attachment strip (at most 160x160).
    thumbnail: bytes
    #: SHA-256 hex digest of `data`: the key of the upload cache.
    content_hash: str
    #: The file name the user picked (for display), or None for raw bytes.
    source_name: str | None = None
    #: Original pixel size before scaling (after orientation).
    original_width: int = 0
    original_height: int = 0


def _error(en: str, ko: str) -> ImageError:
    return ImageError(en, ko)


def _read_source(source: bytes | bytearray | memoryview | str | Path) -> tuple[bytes, str | None]:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source), None
    path = Path(source)
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise _error(
                f"{path.name} is too large ({size // (1024 * 1024)} MB) to be a picture. "
                "Choose a JPEG, PNG, GIF or BMP image.",
                f"{path.name} 파일이 너무 큽니다({size // (1024 * 1024)} MB). "
                "JPEG, PNG, GIF, BMP 이미지를 선택해 주세요.",
            )
        return path.read_bytes(), path.name
    except ImageError:
        raise
    except FileNotFoundError as exc:
        raise _error(
            f"The file {path.name} was not found. It may have been moved or deleted; "
            "choose it again.",
            f"{path.name} 파일을 찾을 수 없습니다. "
            "옮겨졌거나 삭제되었을 수 있으니 다시 선택해 주세요.",
        ) from exc
    except OSError as exc:
        raise _error(
            f"The file {path.name} could not be read ({exc.strerror or exc}). "
            "Check that it is not open in another program and that you may read it.",
            f"{path.name} 파일을 읽을 수 없습니다({exc.strerror or exc}). "
            "다른 프로그램에서 열려 있지 않은지, 읽기 권한이 있는지 확인해 주세요.",
        ) from exc


def _unreadable(label: str, detail: str) -> ImageError:
    return _error(
        f"{label} is not a readable image ({detail}). The file may be damaged or "
        "incomplete; choose a JPEG, PNG, GIF or BMP picture.",
        f"{label}은(는) 읽을 수 있는 이미지가 아닙니다({detail}). 파일이 손상되었거나 "
        "일부만 저장되었을 수 있습니다. JPEG, PNG, GIF, BMP 이미지를 선택해 주세요.",
    )


def _decode(data: bytes, label: str) -> tuple[Image.Image, tuple[int, int]]:
    """Open, take the first frame and fully decode (so truncation shows up here)."""
    from PIL import Image, UnidentifiedImageError

    if not data:
        raise _unreadable(label, "empty file")
    try:
        with warnings.catch_warnings():
            # Pillow warns about odd metadata (phone EXIF, truncated TIFF tags) and then
            # either copes or raises: judge by the exceptions, except for huge sizes.
            warnings.simplefilter("ignore")
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format == "PNG":
                # PNG chunks carry CRCs that decoding ignores: check them, so a damaged
                # file is refused instead of going out as a garbled picture.
                with Image.open(io.BytesIO(data)) as probe:
                    probe.verify()
            limit = MAX_INPUT_PIXELS_JPEG if image.format == "JPEG" else MAX_INPUT_PIXELS
            if image.width * image.height > limit:
                megapixels = limit // 1_000_000
                raise _error(
                    f"{label} is {image.width}x{image.height} pixels, too large to convert. "
                    f"Resize it below {megapixels} megapixels and attach it again.",
                    f"{label}의 크기({image.width}x{image.height})가 너무 커서 변환할 수 "
                    f"없습니다. {megapixels * 100:,}만 화소 이하로 줄인 뒤 다시 첨부해 주세요.",
                )
            if getattr(image, "n_frames", 1) > 1:
                image.seek(0)  # GIF/APNG/TIFF: the first frame only
            header_size = image.size
            if image.format == "JPEG":
                # Let libjpeg decode at a reduced scale: a 48 MP photo decodes 4-8x faster.
                image.draft("RGB", (MAX_WIDTH, MAX_WIDTH))
            image.load()
            return image, header_size
    except ImageError:
        raise
    except UnidentifiedImageError as exc:
        raise _unreadable(label, "unknown format") from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _error(
            f"{label} declares an enormous size and was not opened. Choose another picture.",
            f"{label}은(는) 크기가 비정상적으로 커서 열지 않았습니다. 다른 이미지를 선택해 주세요.",
        ) from exc
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error) as exc:
        # struct.error: some Pillow plugins on malformed headers
        raise _unreadable(label, str(exc) or type(exc).__name__) from exc


def _to_rgb(image: Image.Image) -> Image.Image:
    """RGB on a white background, whatever the source mode (CMYK, palette, alpha, 16-bit)."""
    from PIL import Image

    mode = image.mode
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        # 16/32-bit greyscale (some PNG scans): scale to 8 bits instead of clipping.
        extrema = image.getextrema()
        high = max(1, int(extrema[1]) if isinstance(extrema[1], int | float) else 65535)
        image = image.point(lambda v: v * (255.0 / high)).convert("L")
        mode = "L"
    if mode == "F":
        image = image.convert("L")
        mode = "L"
    has_alpha = mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
        mode in ("P", "L", "RGB") and "transparency" in image.info
    )
    if has_alpha:
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if mode == "CMYK":
        return _cmyk_to_rgb(image)
    if mode != "RGB":
        return image.convert("RGB")
    return image


def _cmyk_to_rgb(image: Image.Image) -> Image.Image:
    """Use the embedded ICC profile when there is one (Photoshop CMYK), else Pillow's formula."""
    icc = image.info.get("icc_profile")
    if icc:
        try:
            from PIL import ImageCms

            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            target = ImageCms.createProfile("sRGB")
            converted = ImageCms.profileToProfile(image, source, target, outputMode="RGB")
            if converted is not None:
                return converted
        except Exception:  # a broken profile must not stop the attachment
            pass
    return image.convert("RGB")


def _fit(image: Image.Image, max_w: int, max_h: int) -> Image.Image:
    from PIL import Image

    if image.width <= max_w and image.height <= max_h:
        return image
    scale = min(max_w / image.width, max_h / image.height)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _encode(image: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    image.save(
        out,
        "JPEG",
        quality=quality,
        optimize=True,
        progressive=False,  # baseline: some handsets show progressive JPEGs grey
        subsampling="4:2:0",
    )
    return out.getvalue()


def _shrink_to_limit(image: Image.Image, max_bytes: int) -> bytes:
    """Lower the quality step by step, then the size, until the JPEG fits `max_bytes`."""
    from PIL import Image

    current = image
    while True:
        data = b""
        for quality in _QUALITIES:
            data = _encode(current, quality)
            if len(data) <= max_bytes:
                return data
        # Even the lowest quality is too big: shrink by about what the size ratio says
        # (JPEG size grows with the pixel count), at least by the usual step.
        factor = min(_SCALE_STEP, 0.95 * math.sqrt(max_bytes / len(data)))
        new_w = int(current.width * factor)
        new_h = int(current.height * factor)
        if min(new_w, new_h) < _MIN_SIDE:  # pathological noise: give up honestly
            raise _error(
                "The picture cannot be compressed below 300 KB. Choose a simpler picture.",
                "이미지를 300KB 이하로 줄일 수 없습니다. 더 단순한 이미지를 선택해 주세요.",
            )
        current = current.resize((new_w, new_h), Image.Resampling.LANCZOS)


def _thumbnail(image: Image.Image) -> bytes:
    from PIL import Image

    thumb = image.copy()
    thumb.thumbnail(THUMBNAIL_SIZE, Image.Resampling.LANCZOS)
    return _encode(thumb, 80)


def upload_name(data: bytes) -> str:
    """The file name for upload: a short content hash, stable for identical bytes."""
    name = f"img_{hashlib.sha256(data).hexdigest()[:20]}.jpg"
    assert len(name) <= MAX_NAME_LENGTH
    return name


def prepare_image(
    source: bytes | bytearray | memoryview | str | Path,
    *,
    source_name: str | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> PreparedImage:
    """Convert `source` (a path or the file's bytes) into an upload-ready baseline JPEG.

    Raises :class:`ImageError` (Korean/English message) for missing, unreadable,
    corrupt, truncated or non-image files.
    """
    from PIL import Image, ImageOps

    data, path_name = _read_source(source)
    label = source_name or path_name or "The picture"
    image, (original_w, original_h) = _decode(data, label)
    decoded_size = image.size
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # metadata warnings (odd EXIF) change nothing here
        with contextlib.suppress(Exception):  # a malformed EXIF block: keep pixels as stored
            image = ImageOps.exif_transpose(image) or image
        if image.size != decoded_size:  # turned by 90°: so is the original
            original_w, original_h = original_h, original_w
        try:
            rgb = _to_rgb(image)
        except (OSError, ValueError) as exc:  # e.g. an unusual mode Pillow cannot convert
            raise _unreadable(label, str(exc) or type(exc).__name__) from exc
    fitted = _fit(rgb, MAX_WIDTH, MAX_HEIGHT)
    jpeg = _shrink_to_limit(fitted, max_bytes)
    with Image.open(io.BytesIO(jpeg)) as check:
        width, height = check.size
    return PreparedImage(
        data=jpeg,
        name=upload_name(jpeg),
        size=len(jpeg),
        width=width,
        height=height,
        thumbnail=_thumbnail(fitted),
        content_hash=hashlib.sha256(jpeg).hexdigest(),
        source_name=source_name or path_name,
        original_width=original_w,
        original_height=original_h,
    )


async def prepare_image_async(
    source: bytes | bytearray | memoryview | str | Path,
    *,
    source_name: str | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> PreparedImage:
    """:func:`prepare_image` in a worker thread, so a big photo never freezes the window."""
    return await asyncio.to_thread(
        prepare_image, source, source_name=source_name, max_bytes=max_bytes
    )


# --- uploads ------------------------------------------------------------------------------


class _Uploader(Protocol):
    async def upload_file(self, file_name: str, data: bytes) -> Any: ...


class _Cache(Protocol):
    def get(
        self, profile: str, service_id: str, content_hash: str, *, now: datetime | None = None
    ) -> Any: ...

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
    ) -> Any: ...


def _uploaded_fields(uploaded: Any, now: datetime) -> tuple[str, datetime, datetime]:
    """Read the provider's UploadedFile (file_id + create/expire times) defensively.

    The times' attribute names follow console.providers.sens.models; a missing expiry is
    taken as creation + 6 days, the documented retention.
    """
    file_id = getattr(uploaded, "file_id", None)
    if not file_id:
        raise _error(
            "SENS did not return a file ID for the uploaded picture. Try attaching it again.",
            "SENS가 업로드한 이미지의 파일 ID를 돌려주지 않았습니다. 다시 첨부해 주세요.",
        )
    created = _first_datetime(uploaded, ("create_time", "created_at", "created")) or now
    expires = _first_datetime(uploaded, ("expire_time", "expires_at", "expire_at", "expires"))
    if expires is None:
        expires = created + SERVER_RETENTION
    return str(file_id), _aware(created), _aware(expires)


def _first_datetime(obj: Any, names: tuple[str, ...]) -> datetime | None:
    for name in names:
        value = getattr(obj, name, None)
        if isinstance(value, datetime):
            return value
    return None


def _aware(value: datetime) -> datetime:
    """Naive times from SENS are Korea time (UTC+9)."""
    if value.tzinfo is None:
        from zoneinfo import ZoneInfo

        return value.replace(tzinfo=ZoneInfo("Asia/Seoul"))
    return value


#: An upload must outlive the moment it is needed by this much (a send queued behind a
#: long job, clocks a little apart).
UPLOAD_MARGIN = timedelta(hours=1)


def _too_far(image: PreparedImage) -> ImageError:
    return _error(
        f"SENS keeps an MMS image ({image.name}) for 6 days only, so a reservation with "
        "images can be at most 6 days ahead. Choose an earlier time or send it as LMS.",
        f"SENS는 MMS 이미지({image.name})를 6일만 보관하므로 이미지가 있는 예약은 6일 이내로만 "
        "할 수 있습니다. 더 이른 시각을 고르거나 LMS로 보내세요.",
    )


async def ensure_uploaded(
    image: PreparedImage,
    *,
    client: _Uploader,
    cache: _Cache,
    profile: str,
    service_id: str,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    needed_until: datetime | None = None,
) -> str:
    """The SENS fileId for `image`: from the cache while it is valid, else uploaded now.

    `needed_until` is when the message goes out (a reservation): the file must still
    exist then. SENS answers an upload of a file with the same name and size by handing
    back the earlier one, with its earlier expiry; when that is too soon, the picture is
    uploaded again under a dated name, which makes a fresh 6-day file.
    """
    current = now()
    need = max(current, needed_until) if needed_until is not None else current
    if need + UPLOAD_MARGIN > current + SERVER_RETENTION:
        raise _too_far(image)
    cached = cache.get(profile, service_id, image.content_hash, now=need)
    if cached is not None:
        return str(cached.file_id)
    name = image.name
    uploaded = await client.upload_file(name, image.data)
    file_id, created, expires = _uploaded_fields(uploaded, current)
    if expires < need + UPLOAD_MARGIN:
        name = f"{image.name[:-4]}_{current.astimezone(UTC):%y%m%d%H%M}.jpg"
        uploaded = await client.upload_file(name, image.data)
        file_id, created, expires = _uploaded_fields(uploaded, current)
        if expires < need + UPLOAD_MARGIN:
            raise _too_far(image)
    cache.put(
        profile,
        service_id,
        image.content_hash,
        file_name=name,
        size=image.size,
        file_id=file_id,
        created_at=created,
        expires_at=expires,
    )
    return file_id


async def upload_with_cache(
    db: Database,
    client: _Uploader,
    profile: str,
    service_id: str,
    image: PreparedImage,
    needed_until: datetime | None = None,
) -> str:
    """:func:`ensure_uploaded` with the database's upload cache, so that a view can get a
    fileId without constructing the store itself."""
    return await ensure_uploaded(
        image,
        client=client,
        cache=ImageCache(db),
        profile=profile,
        service_id=service_id,
        needed_until=needed_until,
    )


__all__ = [
    "MAX_FILE_BYTES",
    "MAX_HEIGHT",
    "MAX_NAME_LENGTH",
    "MAX_WIDTH",
    "ImageError",
    "PreparedImage",
    "ensure_uploaded",
    "prepare_image",
    "prepare_image_async",
    "upload_name",
    "upload_with_cache",
]

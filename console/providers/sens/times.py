"""SENS time formats: parsing the server's times and formatting ours.

SENS speaks Korea Standard Time (Asia/Seoul) unless a field says otherwise, in several
spellings: ``yyyy-MM-dd'T'HH:mm:ss.SSS`` (send response), ``yyyy-MM-dd HH:mm:ss`` (query
results), ``yyyy-MM-dd HH:mm`` (reservations) and Java ``LocalDateTime`` (080 list). Every
time handed to callers is timezone-aware; naive datetimes handed to us are taken to be
Seoul time, which is what a Korean office PC shows.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "SEOUL",
    "format_minutes",
    "format_seconds",
    "parse_time",
    "to_seoul",
    "zone",
]

SEOUL = ZoneInfo("Asia/Seoul")

_TIME_RE = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?\s*$"
)


def zone(name: str | None) -> ZoneInfo:
    """The tz database zone `name` (Asia/Seoul when None or empty)."""
    if not name:
        return SEOUL
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc


def to_seoul(value: datetime, default_zone: ZoneInfo = SEOUL) -> datetime:
    """`value` as Seoul time; a naive value is taken to be in `default_zone`."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=default_zone)
    return value.astimezone(SEOUL)


def format_seconds(value: datetime) -> str:
    """``yyyy-MM-dd HH:mm:ss`` in Seoul time (query parameters)."""
    return to_seoul(value).strftime("%Y-%m-%d %H:%M:%S")


def format_minutes(value: datetime, tz: ZoneInfo = SEOUL) -> str:
    """``yyyy-MM-dd HH:mm`` in `tz` (reservation times); naive values are already in `tz`."""
    if value.tzinfo is not None:
        value = value.astimezone(tz)
    return value.strftime("%Y-%m-%d %H:%M")


def parse_time(value: object, tz: ZoneInfo = SEOUL) -> datetime | None:
    """A SENS time as an aware datetime; None for None/empty.

    Accepts ``T`` or space between date and time, optional seconds and fraction, an optional
    UTC offset (``Z``, ``+09:00``), and numbers as epoch milliseconds. Without an offset the
    time is in `tz`. Raises ValueError for anything else, including epoch values outside
    what a datetime (or the platform's C library) can hold: 1e20, 1e400, Infinity, NaN.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"not a time: {value!r}")
    if isinstance(value, int | float):
        try:
            return datetime.fromtimestamp(value / 1000, tz=UTC).astimezone(tz)
        except (OverflowError, OSError, ValueError) as exc:
            # OverflowError (beyond a C time_t or a float), OSError (beyond the platform's
            # localtime/gmtime), ValueError (year outside 1..9999, NaN).
            raise ValueError(f"epoch milliseconds out of range: {value!r:.40}") from exc
    if not isinstance(value, str):
        raise ValueError(f"not a time: {value!r}")
    match = _TIME_RE.match(value)
    if match is None:
        raise ValueError(f"unrecognised time format: {value!r}")
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    result = datetime(
        int(year),
        int(month),
        int(day),
        int(hour or 0),
        int(minute or 0),
        int(second or 0),
        micro,
    )
    if offset is None:
        return result.replace(tzinfo=tz)
    if offset == "Z":
        return result.replace(tzinfo=UTC)
    sign = 1 if offset[0] == "+" else -1
    digits = offset[1:].replace(":", "")
    delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return result.replace(tzinfo=timezone(sign * delta))

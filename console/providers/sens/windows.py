"""Legal query windows for the message-request search.

SENS answers a request-time search of at most 30 days, a completion-time search of at
most 24 hours, and nothing older than 90 days. Callers ask for whatever range the user
picked; :func:`legal_windows` turns it into consecutive windows SENS accepts, or refuses
it with a message the user understands.

Windows are whole seconds (the API's resolution), inclusive at both ends and do not
overlap: ``[s, s + span - 1 s]``, then ``[s + span, ...]``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from .errors import SensQueryRangeError
from .times import SEOUL, to_seoul

__all__ = [
    "COMPLETE_WINDOW",
    "FUTURE_SLACK",
    "REQUEST_WINDOW",
    "RETENTION",
    "RETENTION_GRACE",
    "legal_windows",
    "split_window",
]

#: Longest request-time search SENS accepts.
REQUEST_WINDOW = timedelta(days=30)
#: Longest completion-time search SENS accepts.
COMPLETE_WINDOW = timedelta(hours=24)
#: How long SENS keeps history.
RETENTION = timedelta(days=90)
#: A start this little before the 90-day limit ("last 90 days" picked a moment ago) is
#: moved to the limit instead of refused.
RETENTION_GRACE = timedelta(hours=1)
#: An end further in the future than this is cut to now + this (nothing can exist there).
FUTURE_SLACK = timedelta(minutes=10)

_SECOND = timedelta(seconds=1)


def _floor_second(value: datetime) -> datetime:
    return value.replace(microsecond=0)


def split_window(
    start: datetime, end: datetime, max_span: timedelta
) -> list[tuple[datetime, datetime]]:
    """Split ``[start, end]`` (inclusive, whole seconds) into windows no longer than `max_span`."""
    if max_span < _SECOND:
        raise ValueError("max_span must be at least one second")
    start, end = _floor_second(start), _floor_second(end)
    windows: list[tuple[datetime, datetime]] = []
    cursor = start
    while cursor <= end:
        window_end = min(end, cursor + max_span - _SECOND)
        windows.append((cursor, window_end))
        cursor = window_end + _SECOND
    return windows


def legal_windows(
    start: datetime, end: datetime, *, kind: str, now: datetime
) -> list[tuple[datetime, datetime]]:
    """Windows SENS accepts for a `kind` ("request" or "complete") search of ``[start, end]``.

    Naive datetimes are Seoul time. Raises :class:`SensQueryRangeError` when the range is
    reversed or reaches further back than SENS keeps history.
    """
    if kind not in ("request", "complete"):
        raise ValueError(f"kind must be 'request' or 'complete', not {kind!r}")
    start, end, now = to_seoul(start), to_seoul(end), to_seoul(now)
    if end < start:
        raise SensQueryRangeError(
            "The search period ends before it starts. Swap the start and end dates.",
            "조회 기간의 끝이 시작보다 앞섭니다. 시작일과 종료일을 확인하세요.",
        )
    oldest = now - RETENTION
    if start < oldest - RETENTION_GRACE:
        first_day = (oldest + timedelta(days=1)).astimezone(SEOUL).strftime("%Y-%m-%d")
        raise SensQueryRangeError(
            "SENS keeps message history for 90 days only. Choose a start date on or after "
            f"{first_day}.",
            f"SENS는 최근 90일 동안의 발송 내역만 보관합니다. 시작일을 {first_day} 이후로 "
            "선택하세요.",
        )
    start = max(start, oldest + timedelta(minutes=1))
    end = min(end, now + FUTURE_SLACK)
    if end < start:
        return []
    span = REQUEST_WINDOW if kind == "request" else COMPLETE_WINDOW
    return split_window(start, end, span)

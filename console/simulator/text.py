"""CP949 byte counting and truncation as SENS applies them, written independently of
``console.domain.text`` on purpose so that the simulator catches mistakes there.

SENS counts 1 byte for an ASCII character and 2 bytes for every other character (CP949 is a
double-byte encoding); characters CP949 cannot encode (emoji, most accented Latin) make the
delivery fail, and we count them as 2 bytes so that truncation stays conservative.
"""

from __future__ import annotations

SMS_MAX_BYTES = 90
LMS_MAX_BYTES = 2000
SUBJECT_MAX_BYTES = 40


def _char_width(ch: str) -> int:
    return 1 if ord(ch) < 0x80 else 2


def byte_length(text: str) -> int:
    """The number of bytes SENS counts for `text`."""
    try:
        return len(text.encode("cp949"))
    except UnicodeEncodeError:
        return sum(_char_width(ch) for ch in text)


def unencodable(text: str) -> list[str]:
    """The distinct characters of `text` that CP949 cannot encode, in order of appearance."""
    try:
        text.encode("cp949")
        return []
    except UnicodeEncodeError:
        pass
    found: list[str] = []
    for ch in text:
        if ch in found:
            continue
        try:
            ch.encode("cp949")
        except UnicodeEncodeError:
            found.append(ch)
    return found


def truncate(text: str, max_bytes: int) -> str:
    """`text` cut to at most `max_bytes` bytes without splitting a character."""
    if len(text) <= max_bytes // 2 or byte_length(text) <= max_bytes:
        return text
    used = 0
    for index, ch in enumerate(text):
        used += _char_width(ch)
        if used > max_bytes:
            return text[:index]
    return text

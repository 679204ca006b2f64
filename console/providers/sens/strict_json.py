"""Decoding a server's JSON answer so that anything malformed is a plain ``ValueError``.

``json.loads`` alone lets three kinds of junk through as other exception types, or as
values the parsers downstream choke on: ``NaN``/``Infinity`` literals (not JSON at all,
but Python accepts them) and numbers beyond float range such as ``1e400`` become float
infinities, whose ``int()`` raises ``OverflowError``; and a deeply nested body raises
``RecursionError`` while decoding, or later in ``repr``/``str`` when it was just shallow
enough to decode. SENS answers are a few levels deep, so anything deeper than
:data:`MAX_DEPTH` is refused here, before a model sees it.
"""

from __future__ import annotations

import json
import math
from typing import Any

__all__ = ["MAX_DEPTH", "loads"]

#: Deepest nesting of objects/arrays accepted (SENS's deepest answer has 5 levels).
MAX_DEPTH = 32


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number out of range: {text[:40]}")
    return value


def _depth_exceeds(value: Any, limit: int) -> bool:
    """Whether `value` nests deeper than `limit` (iterative: no recursion to run out of)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def loads(content: bytes | str, *, max_depth: int = MAX_DEPTH) -> Any:
    """`content` decoded as strict JSON; ValueError for anything else.

    Refuses NaN/Infinity, numbers beyond float range and nesting deeper than `max_depth`
    (including what is too deep for Python's own decoder).
    """
    try:
        data = json.loads(content, parse_constant=_no_constant, parse_float=_finite_float)
    except RecursionError as exc:
        raise ValueError("JSON nested too deeply") from exc
    if isinstance(data, dict | list) and _depth_exceeds(data, max_depth):
        raise ValueError(f"JSON nested deeper than {max_depth} levels")
    return data

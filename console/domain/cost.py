"""The price of a send: messages per type x the profile's unit price, in whole won."""

from __future__ import annotations

from collections.abc import Mapping

from console.domain.models import MESSAGE_TYPES, CostEstimate, CostLine
from console.domain.text import MessageType

#: NAVER Cloud's published SENS list prices (won, VAT excluded) when this was written;
#: profiles override them (console.settings keeps the user's prices).
DEFAULT_UNIT_PRICES: Mapping[str, float] = {"SMS": 9, "LMS": 30, "MMS": 100}


def estimate(
    counts: Mapping[MessageType, int] | Mapping[str, int],
    prices: Mapping[str, float] | None = None,
) -> CostEstimate:
    """Cost lines for every type with messages, in SMS, LMS, MMS order.

    A type missing from `prices` falls back to the default list price.
    """
    table = {**DEFAULT_UNIT_PRICES, **(prices or {})}
    lines = tuple(
        CostLine(kind, number, table[kind])
        for kind in MESSAGE_TYPES
        if (number := dict(counts).get(kind, 0)) > 0
    )
    return CostEstimate(lines)

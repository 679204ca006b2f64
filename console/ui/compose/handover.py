"""What other panes hand to Compose (``navigator.open_compose(recipients=...)``): domain
recipients, plain numbers, mappings (History's resend, Reservations' edit) or row objects
(Recipients' table), turned into domain :class:`Recipient` values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from console.domain.models import Recipient


def coerce_recipient(item: Any) -> Recipient | None:
    """A domain Recipient from what another pane hands over (Recipient, str, dict, row)."""
    if isinstance(item, Recipient):
        return item
    if isinstance(item, str):
        return Recipient(phone=item.strip()) if item.strip() else None
    if isinstance(item, Mapping):
        phone = item.get("phone") or item.get("to") or item.get("number")
        if not phone:
            return None
        fields = item.get("fields")
        if not isinstance(fields, Mapping):
            fields = {
                str(k): str(v)
                for k, v in item.items()
                if k not in ("phone", "to", "number", "name") and v is not None
            }
        return Recipient(
            phone=str(phone),
            name=str(item.get("name") or ""),
            fields={str(k): str(v) for k, v in fields.items()},
        )
    phone = getattr(item, "phone", None)
    if isinstance(phone, str) and phone:
        fields = getattr(item, "fields", None) or {}
        return Recipient(
            phone=phone,
            name=str(getattr(item, "name", "") or ""),
            fields={str(k): str(v) for k, v in dict(fields).items()},
        )
    return None

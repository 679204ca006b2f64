"""The API PLEX (Biz Message + GMS) part of the simulator.

``start(port=0, **knobs)`` runs it in-process on loopback and returns an
:class:`ApiPlexSimulator` with ``.base_url`` (pass it as ``ApiPlexClient(base_url=...)``),
``.stop()``, ``.accepted_messages()``, ``.webhook_log()``, ``.fail_next(code)`` and
``.set_webhook_url(url)``. Knobs: ``seed``, ``latency`` (s before answering, after the
messages were accepted), ``accounts`` ({user_id: Account}), ``error_rate`` (fraction of
C500_1), ``drop_rate`` (accepted, then the connection is dropped), ``rate_limit``
(requests/s, HTTP 429 above), ``session_limit`` (messages per 60 s, G160 above),
``webhook_url``, ``webhook_delay``, ``webhook_retry_interval``, ``webhook_max_attempts``,
``outcomes`` ({Biz result code: weight}), ``gms_outcomes`` ({GMS status id: weight}).

The demo account is ``DEMO_USER_ID`` / ``DEMO_SECRET_KEY`` with sender numbers
``DEMO_SENDER_NUMBERS`` and GMS senders ``DEMO_GMS_SENDERS``.
"""

from __future__ import annotations

from typing import Any

from console.simulator.apiplex.server import (
    DEMO_GMS_SENDERS,
    DEMO_SECRET_KEY,
    DEMO_SENDER_NUMBERS,
    DEMO_USER_ID,
    Account,
    ApiPlexSimulator,
)

__all__ = [
    "DEMO_GMS_SENDERS",
    "DEMO_SECRET_KEY",
    "DEMO_SENDER_NUMBERS",
    "DEMO_USER_ID",
    "Account",
    "ApiPlexSimulator",
    "start",
]


def start(port: int = 0, **knobs: Any) -> ApiPlexSimulator:
    """Run the API PLEX simulator on loopback `port` (0: any free port) in a thread."""
    return ApiPlexSimulator(port, **knobs)

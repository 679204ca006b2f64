"""The simulator's clocks.

Two clocks on purpose: the *gateway* clock (real time plus ``clock_skew``) checks request
timestamps and fills the ``Date`` header, so acceleration never breaks signing; the
*simulated* clock (which may run ``time_scale`` times faster and can be advanced by tests)
drives request times, deliveries, reservations, file expiry and retention.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime


class SimClock:
    """A possibly accelerated, skewed clock; thread-safe."""

    def __init__(
        self,
        time_scale: float = 1.0,
        skew: float = 0.0,
        start: float | None = None,
        real: Callable[[], float] = time.time,
    ) -> None:
        if time_scale <= 0:
            raise ValueError("time_scale must be positive")
        self._lock = threading.Lock()
        self._real = real
        self.time_scale = float(time_scale)
        self.skew = float(skew)
        self._base_real = real()
        self._base_sim = self._base_real + self.skew if start is None else float(start)
        self._offset = 0.0

    def wall(self) -> float:
        """The gateway's idea of now (epoch seconds): real time plus the configured skew."""
        return self._real() + self.skew

    def now(self) -> float:
        """Simulated now, in epoch seconds."""
        with self._lock:
            elapsed = self._real() - self._base_real
            return self._base_sim + elapsed * self.time_scale + self._offset

    def datetime(self) -> datetime:
        """Simulated now as an aware UTC datetime."""
        return datetime.fromtimestamp(self.now(), UTC)

    def advance(self, seconds: float) -> None:
        """Jump the simulated clock forward (tests use this to reach a reservation time)."""
        if seconds < 0:
            raise ValueError("the simulated clock only moves forward")
        with self._lock:
            self._offset += seconds

    def resume_from(self, simulated: float) -> None:
        """Make sure simulated time is not earlier than `simulated` (after a restart)."""
        current = self.now()
        if simulated > current:
            with self._lock:
                self._offset += simulated - current

"""Garbage collection on the GUI thread only.

Python's cyclic collector runs in whichever thread happens to allocate when a threshold
is crossed. The console runs store calls, imports and image conversion in worker threads,
so a collection there could destroy a cycle holding Qt objects (a closed dialog, a model)
outside the GUI thread, which Qt answers with warnings or a crash. The same pattern
Anki uses avoids it: automatic collection is turned off and a timer on the GUI thread
collects when the allocation counters say it is due.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class MainThreadGarbageCollector(QObject):
    """Disables automatic GC and collects on the GUI thread from a timer."""

    INTERVAL_MS = 500

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> None:
        """Collect the youngest generation whose counter passed its threshold."""
        t0, t1, t2 = self._thresholds
        c0, c1, c2 = gc.get_count()
        if c0 <= t0:
            return
        generation = 0
        if c1 > t1:
            generation = 1
            if c2 > t2:
                generation = 2
        gc.collect(generation)

    def stop(self) -> None:
        """Stop the timer and give collection back to Python (at shutdown)."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()

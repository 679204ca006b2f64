"""Autosave of what is being composed, so a crash or a power cut loses nothing: the small
fields after a pause in typing, the received list and the pictures when they change (a
big list in a worker thread, the newest list winning)."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer

from console.domain.models import Recipient
from console.services.drafts import DraftService, SavedDraft
from console.services.images import PreparedImage

if TYPE_CHECKING:
    from console.context import AppContext

log = logging.getLogger(__name__)

#: The pause in typing after which the fields are written (ms).
AUTOSAVE_MS = 800
#: Up to this many received recipients are autosaved at once; more in a worker thread.
SYNC_SAVE_LIMIT = 2_000


class DraftAutosave(QObject):
    """Writes the active profile's draft through :class:`DraftService`; never raises."""

    def __init__(
        self,
        context: AppContext,
        fields: Callable[[], dict[str, Any]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.drafts = DraftService(context.db)
        self._fields = fields
        #: Runs :meth:`save_fields` after a pause; :meth:`schedule` (re)starts it.
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.save_fields)
        self._recipients_seq = 0
        self._recipients_lock = threading.Lock()

    def load(self) -> SavedDraft | None:
        """The saved draft of the active profile (None when there is none or it is
        damaged: that must not keep the page from opening)."""
        try:
            return self.drafts.load(self.context.profile.id)
        except Exception:
            log.exception("the saved draft could not be read")
            return None

    def schedule(self) -> None:
        """Save the fields after the next pause in typing."""
        self.timer.start()

    def flush(self) -> None:
        """Save now what is waiting for the pause, if anything."""
        if self.timer.isActive():
            self.save_fields()

    def save_fields(self) -> None:
        """Save the small fields now."""
        self.timer.stop()
        try:
            fields = self._fields()
        except RuntimeError:  # the widgets are being destroyed (window closing)
            return
        try:
            self.drafts.save_fields(self.context.profile.id, fields)
        except Exception:
            log.exception("autosave failed")

    def save_recipients(self, recipients: Sequence[Recipient]) -> None:
        """Save the received list; a big one is written in a worker thread."""
        profile = self.context.profile.id
        chosen = list(recipients)
        self._recipients_seq += 1
        seq = self._recipients_seq
        if len(chosen) <= SYNC_SAVE_LIMIT:
            self._write_recipients(seq, profile, chosen)
            return
        self.context.tasks.start(
            "compose-save-recipients",
            asyncio.to_thread(self._write_recipients, seq, profile, chosen),
            replace=False,
        )

    def _write_recipients(self, seq: int, profile: str, recipients: list[Recipient]) -> None:
        """(any thread) Write the list unless a newer one was handed over meanwhile."""
        with self._recipients_lock:
            if seq != self._recipients_seq:
                return
            try:
                self.drafts.save_recipients(profile, recipients)
            except Exception:
                log.exception("autosave of recipients failed")

    def save_images(self, images: Sequence[PreparedImage]) -> None:
        """Save the attached pictures."""
        try:
            self.drafts.save_images(self.context.profile.id, list(images))
        except Exception:
            log.exception("autosave of images failed")

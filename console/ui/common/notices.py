"""A boxed explanation a page shows instead of its content when the content cannot exist.

Used by the SENS-only pages (Reservations, 080 Opt-out) while an API PLEX profile is
active: the page says why it is empty and what to do, rather than failing on a call the
provider does not have (:class:`GatedBody`), and follows profile switches
(:func:`on_profile_change`). Texts are passed in already translated.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeVar

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from console.context import AppContext
    from console.settings import Profile

W = TypeVar("W")
P = TypeVar("P", bound="GatedPage")


class NoticeBox(QLabel):
    """A word-wrapped, framed, selectable note at the top of a page."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setObjectName("noticeBox")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setStyleSheet(
            "QLabel#noticeBox { background: #e3f2fd; border: 1px solid #90caf9;"
            " border-radius: 4px; padding: 10px; }"
        )


class GatedBody(QWidget):
    """A page's content that gives way to a :class:`NoticeBox` while it cannot exist.

    Put the page's widgets in :attr:`body_layout` and its periodic timers in
    :attr:`timers`; :meth:`apply` shows either the content or :attr:`notice` (kept at the
    top, the rest of the page left empty) as `available()` says, and stops the timers
    while the content is away.
    """

    def __init__(
        self,
        notice_text: str,
        available: Callable[[], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.available = available
        self.timers: list[QTimer] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.notice = NoticeBox(notice_text)
        self.notice.setVisible(False)
        layout.addWidget(self.notice)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.body, 1)
        self._spacer = QWidget()
        self._spacer.setVisible(False)
        layout.addWidget(self._spacer, 1)

    def apply(self) -> bool:
        """Show the content or the notice; returns whether the content is available."""
        available = bool(self.available())
        self.notice.setVisible(not available)
        self.body.setVisible(available)
        self._spacer.setVisible(not available)
        if not available:
            for timer in self.timers:
                timer.stop()
        return available


def on_profile_change(context: AppContext, page: W, callback: Callable[[W], None]) -> None:
    """Call `callback(page)` when the active profile changes, for as long as `page` lives.

    The context outlives pages: it holds the page only weakly, and a page whose C++ side
    was deleted is skipped.
    """
    ref = weakref.ref(page)

    def changed(_profile: Profile) -> None:
        alive = ref()
        if alive is not None and shiboken6.isValid(alive):
            callback(alive)

    context.add_profile_listener(changed)


class GatedPage(Protocol):
    """A page built on a :class:`GatedBody` (see :func:`follow_profile`)."""

    gate: GatedBody

    def reload(self) -> None: ...

    def open_content(self) -> None: ...

    def isVisible(self) -> bool: ...


def follow_profile(context: AppContext, page: P) -> None:
    """On every profile switch: `page.reload()`, and when the page is showing and its
    content exists for the new profile, `page.open_content()` (timers, first fetch)."""

    def changed(alive: P) -> None:
        alive.reload()
        if alive.gate.available() and alive.isVisible():
            alive.open_content()

    on_profile_change(context, page, changed)


def sens_only_body(
    page: QWidget, context: AppContext, header: QWidget, notice_text: str
) -> GatedBody:
    """Lay `page` out as `header` over a :class:`GatedBody` whose content exists only for
    SENS profiles (reservations and the 080 list have no API PLEX counterpart)."""
    outer = QVBoxLayout(page)
    outer.addWidget(header)
    gate = GatedBody(notice_text, available=lambda: not context.profile.is_apiplex)
    outer.addWidget(gate, 1)
    return gate

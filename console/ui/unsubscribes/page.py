"""The 080 Opt-out pane: the service's opt-out numbers, cached, searchable, editable.

The list shown is the local copy (so it is there offline); "Download from SENS" replaces
it with every page SENS has, and the page says how old the copy is. Opening the page
downloads it when the copy is older than ten minutes. Adds go to SENS 1,000 numbers per
call; numbers that could not be added are kept for the next "Add numbers" dialog.

The 080 list exists only on SENS: with an API PLEX profile active the page explains that
instead of the list and makes no call; switching back to a SENS profile restores it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from console.errors import ConsoleError
from console.services import unsubscribes as service
from console.ui.common.notices import follow_profile, sens_only_body
from console.ui.common.tables import ask_yes_no, object_table, row_objects, select_rows
from console.ui.common.widgets import PageHeader
from console.ui.unsubscribes.add_dialog import AddNumbersDialog
from console.ui.unsubscribes.model import OptOutFilterProxy, OptOutModel

if TYPE_CHECKING:
    from console.context import AppContext

log = logging.getLogger(__name__)

#: Opening the page downloads the list when the copy is older than this.
STALE_AFTER = timedelta(minutes=10)
AGE_TICK_MS = 30_000
LISTED = 10
SYNC_TASK = "optout-sync"
CHANGE_TASK = "optout-change"


class UnsubscribesPage(QWidget):
    """The 080 opt-out list of the active profile's service."""

    #: Emitted after each download, add or remove (success or not); tests listen.
    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        #: Numbers an add could not register; the next "Add numbers" dialog starts with them.
        self.unsent_text = ""
        self.dialog: AddNumbersDialog | None = None

        # Header over the page's content, or (API PLEX profile) why there is none.
        self.gate = sens_only_body(
            self,
            context,
            PageHeader(
                self.tr("080 Opt-out"),
                self.tr(
                    "Numbers that asked, through the free 080 number or by hand, not to receive "
                    "advertising messages. Advertisements are never sent to them, and "
                    "Recipients marks them."
                ),
            ),
            self.tr(
                "API PLEX has no 080 opt-out list: the list belongs to NAVER Cloud SENS. "
                "Switch to a SENS profile in Settings to see or edit it. Advertisements sent "
                "through API PLEX must still carry your free opt-out number."
            ),
        )
        layout = self.gate.body_layout
        top = QHBoxLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Search by number"))
        self.search_edit.setClearButtonEnabled(True)
        top.addWidget(self.search_edit, 1)
        self.age_label = QLabel()
        top.addWidget(self.age_label)
        self.sync_button = QPushButton(self.tr("Download from SENS"))
        top.addWidget(self.sync_button)
        layout.addLayout(top)

        self.model = OptOutModel(self)
        self.proxy = OptOutFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = object_table(
            self.proxy, OptOutModel.COL_REGISTERED, Qt.SortOrder.DescendingOrder
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)

        bottom = QHBoxLayout()
        self.count_label = QLabel()
        bottom.addWidget(self.count_label, 1)
        self.add_button = QPushButton(self.tr("Add numbers…"))
        self.remove_button = QPushButton(self.tr("Remove selected…"))
        self.export_button = QPushButton(self.tr("Export…"))
        for button in (self.add_button, self.remove_button, self.export_button):
            bottom.addWidget(button)
        layout.addLayout(bottom)

        self.age_timer = QTimer(self)
        self.age_timer.setInterval(AGE_TICK_MS)
        self.age_timer.timeout.connect(self._show_age)
        self.gate.timers = [self.age_timer]

        self.search_edit.textChanged.connect(self._search)
        self.sync_button.clicked.connect(self.sync)
        self.add_button.clicked.connect(self.open_add_dialog)
        self.remove_button.clicked.connect(self.remove_selected)
        self.export_button.clicked.connect(self.choose_export)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        follow_profile(context, self)
        self.reload()

    # -- showing ---------------------------------------------------------------------

    @property
    def service_id(self) -> str:
        return self.context.profile.service_id


    def reload(self) -> None:
        """Show the local copy (no network)."""
        if not self.gate.apply():
            self.context.tasks.cancel(SYNC_TASK)  # a SENS download still under way
            self.model.set_entries([])
            self._search()
            return
        self.model.set_entries(service.cached_entries(self.context.db, self.service_id))
        self._search()
        self._show_age()

    def _search(self) -> None:
        self.proxy.set_search(self.search_edit.text())
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        text = self.tr("%1 numbers").replace("%1", f"{total:,}")
        if shown != total:
            text = self.tr("%1 of %2 numbers").replace("%1", f"{shown:,}").replace(
                "%2", f"{total:,}"
            )
        self.count_label.setText(text)
        self._update_buttons()

    def _show_age(self) -> None:
        age = service.cache_age(self.context.db, self.service_id)
        if age is None:
            self.age_label.setText(self.tr("Not downloaded yet"))
        elif age < timedelta(minutes=1):
            self.age_label.setText(self.tr("Downloaded just now"))
        elif age < timedelta(hours=1):
            self.age_label.setText(
                self.tr("Downloaded %1 min ago").replace("%1", str(int(age.total_seconds() // 60)))
            )
        elif age < timedelta(days=2):
            self.age_label.setText(
                self.tr("Downloaded %1 h ago").replace("%1", str(int(age.total_seconds() // 3600)))
            )
        else:
            self.age_label.setText(
                self.tr("Downloaded %1 days ago").replace("%1", str(age.days))
            )

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.table.selectionModel().hasSelection())
        self.export_button.setEnabled(self.proxy.rowCount() > 0)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()
        if self.gate.available():
            self.open_content()

    def open_content(self) -> None:
        """The page became visible with a SENS profile: age ticks, a stale copy downloads."""
        self.age_timer.start()
        age = service.cache_age(self.context.db, self.service_id)
        if age is None or age > STALE_AFTER:
            self.sync()

    def hideEvent(self, event: QHideEvent) -> None:
        self.age_timer.stop()
        super().hideEvent(event)

    # -- download --------------------------------------------------------------------

    def sync(self) -> asyncio.Task[None] | None:
        """Download the whole list from SENS (in the background)."""
        if not self.gate.available():
            return None
        try:
            return self.context.tasks.start(SYNC_TASK, self._sync())
        except RuntimeError:
            log.debug("080 download skipped: no task runner")
            return None

    async def _sync(self) -> None:
        self.sync_button.setEnabled(False)
        self.age_label.setText(self.tr("Downloading…"))
        try:
            client = self.context.client()
            count = await service.sync(self.context.db, client, self.service_id)
        except ConsoleError as exc:
            self.context.notifier.error(exc, dialog=False)
        else:
            self.context.notifier.info(
                self.tr("080 opt-out list downloaded: %1 numbers.").replace("%1", f"{count:,}")
            )
        finally:
            self.sync_button.setEnabled(True)
            self.reload()
            self.changed.emit()

    # -- add -------------------------------------------------------------------------

    def open_add_dialog(self) -> AddNumbersDialog:
        """Open the dialog (pre-filled with numbers a failed add kept)."""
        dialog = AddNumbersDialog(self.context, self.unsent_text, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.add_numbers(dialog.numbers()))
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def add_numbers(self, numbers: Sequence[str]) -> asyncio.Task[None] | None:
        """Register `numbers` (SENS form) on the 080 list in the background."""
        if not numbers or not self.gate.available():
            return None
        self.unsent_text = "\n".join(numbers)
        return self.context.tasks.start(CHANGE_TASK, self._add(list(numbers)))

    async def _add(self, numbers: list[str]) -> None:
        self._set_busy(True)
        try:
            client = self.context.client()
            result = await service.add_numbers(self.context.db, client, self.service_id, numbers)
        except service.OptOutPartialError as exc:
            self.unsent_text = "\n".join(numbers[exc.done :])
            self.context.notifier.error(exc)
        except ConsoleError as exc:
            self.context.notifier.error(exc)
        else:
            self.unsent_text = ""
            self.context.notifier.info(
                self.tr("%1 numbers added to the 080 opt-out list.").replace(
                    "%1", f"{result.registered:,}"
                )
            )
        finally:
            self._set_busy(False)
            self.reload()
            self.changed.emit()

    # -- remove ----------------------------------------------------------------------

    def selected_numbers(self) -> list[str]:
        return [entry.number for entry in row_objects(self.table)]

    def select_numbers(self, numbers: Sequence[str]) -> None:
        """Select the rows of these numbers (tests and keyboard users)."""
        select_rows(self.table, numbers, key=lambda entry: entry.number)

    def confirm(self, title: str, text: str) -> bool:
        """Ask a yes/no question (tests replace this)."""
        return ask_yes_no(self, title, text)

    def remove_confirmation(self, numbers: Sequence[str]) -> str:
        lines = [
            self.tr(
                "Take %1 numbers off the 080 opt-out list? Advertisements may then be sent "
                "to them again."
            ).replace("%1", f"{len(numbers):,}"),
            "",
        ]
        entries = {e.number: e for e in self.model.entries()}
        for number in numbers[:LISTED]:
            entry = entries.get(number)
            kind = self.model.kind_text(entry.kind) if entry else ""
            lines.append(f"• {number}" + (f" ({kind})" if kind else ""))
        if len(numbers) > LISTED:
            lines.append(self.tr("… and %1 more").replace("%1", f"{len(numbers) - LISTED:,}"))
        return "\n".join(lines)

    def remove_selected(self) -> None:
        numbers = self.selected_numbers()
        if not numbers:
            return
        if not self.confirm(self.tr("Remove opt-out numbers"), self.remove_confirmation(numbers)):
            return
        self.context.tasks.start(CHANGE_TASK, self._remove(numbers))

    async def _remove(self, numbers: list[str]) -> None:
        self._set_busy(True)
        try:
            client = self.context.client()
            done = await service.remove_numbers(self.context.db, client, self.service_id, numbers)
        except ConsoleError as exc:
            self.context.notifier.error(exc)
        else:
            self.context.notifier.info(
                self.tr("%1 numbers removed from the 080 opt-out list.").replace(
                    "%1", f"{done:,}"
                )
            )
        finally:
            self._set_busy(False)
            self.reload()
            self.changed.emit()

    def _set_busy(self, busy: bool) -> None:
        for button in (self.add_button, self.sync_button):
            button.setEnabled(not busy)
        if busy:
            self.remove_button.setEnabled(False)
        else:
            self._update_buttons()

    # -- export ----------------------------------------------------------------------

    def choose_export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the 080 opt-out list"),
            "080-optout.xlsx",
            self.tr("Excel workbook (*.xlsx);;CSV (*.csv)"),
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> asyncio.Task[None]:
        """Write the numbers shown (search applied) to `path` in the background."""
        shown: list[service.OptOutEntry] = row_objects(self.table, selected_only=False)
        headers = [
            self.model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)
        ]
        kinds = {"M": self.model.kind_text("M"), "C": self.model.kind_text("C")}
        return self.context.tasks.start(
            "optout-export", self._export(path, shown, headers, kinds)
        )

    async def _export(
        self, path: Path, entries: list[service.OptOutEntry], headers: list[str],
        kinds: dict[str, str],
    ) -> None:
        try:
            written = await asyncio.to_thread(
                service.export_entries, path, entries, headers, kinds
            )
        except ConsoleError as exc:
            self.context.notifier.error(exc)
            return
        self.context.notifier.info(
            self.tr("Exported %1 numbers to %2.")
            .replace("%1", f"{len(entries):,}")
            .replace("%2", str(written))
        )

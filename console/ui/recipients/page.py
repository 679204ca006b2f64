"""The Recipients pane: import lists from Excel, CSV or the clipboard, fix them, keep them.

- Import (button, drag and drop, paste): the file is read in a worker thread with a
  progress bar and a cancel button; the column mapping dialog confirms the guessed
  number/name columns (remembered per header layout) and, for a workbook with several
  sheets, which sheet (a newly chosen sheet is read in a worker thread as well);
  normalising and deduplicating runs in a worker thread too. Nothing saved is touched
  until the user saves.
- The result shows as three tables: recipients (080 opt-outs flagged), problems (the
  number is editable in place; a fixed row moves to the recipients) and merged duplicates.
- Saved lists (left): open, create, rename, merge, delete, search; rows can be added,
  edited and removed; a list, a search result or a selection goes to Compose in one click.
- Export to .xlsx/.csv (recipients, or the problem rows to fix in Excel and re-import).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.domain.phone import InvalidPhoneNumber, normalize
from console.errors import ConsoleError
from console.services import importing as imp
from console.services.exporting import export_table
from console.services.importing import ImportResult, InvalidRow, RawTable, RecipientRow
from console.services.recipient_lists import RecipientLists
from console.ui.common.widgets import PageHeader
from console.ui.recipients.dialogs import AddRowDialog, ListNameDialog
from console.ui.recipients.mapping_dialog import MappingDialog
from console.ui.recipients.models import (
    DuplicateTableModel,
    ProblemTableModel,
    RecipientTableModel,
    RowRole,
    SearchProxy,
)

if TYPE_CHECKING:
    from console.context import AppContext

log = logging.getLogger(__name__)

IMPORT_TASK = "recipients-import"
#: Re-reading another sheet of the workbook shown in the mapping dialog.
SHEET_TASK = "recipients-sheet"
EXPORT_TASK = "recipients-export"
#: Reads one named sheet of the workbook being imported: (sheet, progress, cancel) -> cells.
SheetReader = Callable[[str, imp.Progress, threading.Event], RawTable]
#: The list widget's item for the import not saved yet.
UNSAVED = -1
FILE_FILTER = "*.xlsx *.xlsm *.xls *.xlsb *.ods *.csv *.txt *.tsv"


class RecipientsPage(QWidget):
    """Import, clean and keep recipient lists; hand them to Compose."""

    #: Emitted when an import ends (the ImportResult, or None if it failed or was cancelled).
    import_finished = Signal(object)
    #: Emitted after the shown rows changed (a list opened, a row fixed, added, removed ...).
    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.lists = RecipientLists(context.db)
        self.result: ImportResult | None = None
        self.current_list_id: int | None = None
        self.mapping_dialog: MappingDialog | None = None
        self._cancel: threading.Event | None = None
        self._sheet_cancel: threading.Event | None = None
        self.setAcceptDrops(True)

        layout = QVBoxLayout(self)
        layout.addWidget(
            PageHeader(
                self.tr("Recipients"),
                self.tr(
                    "Import recipient lists from Excel, CSV or copied cells (or drop a file "
                    "here). Numbers are cleaned and checked, duplicates merged, and lists "
                    "kept for later sends."
                ),
            )
        )
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._build_lists_panel())
        splitter.addWidget(self._build_main_panel())
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 780])
        layout.addWidget(splitter, 1)

        self.reload_lists()
        self._show_nothing()

    # -- layout ------------------------------------------------------------------------

    def _build_lists_panel(self) -> QWidget:
        panel = QWidget()
        box = QVBoxLayout(panel)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel(self.tr("Saved lists")))
        self.list_search = QLineEdit()
        self.list_search.setPlaceholderText(self.tr("Search lists"))
        self.list_search.setClearButtonEnabled(True)
        box.addWidget(self.list_search)
        self.list_widget = QListWidget()
        self.list_widget.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        box.addWidget(self.list_widget, 1)
        row1 = QHBoxLayout()
        self.new_list_button = QPushButton(self.tr("New…"))
        self.rename_button = QPushButton(self.tr("Rename…"))
        row1.addWidget(self.new_list_button)
        row1.addWidget(self.rename_button)
        box.addLayout(row1)
        row2 = QHBoxLayout()
        self.merge_button = QPushButton(self.tr("Merge…"))
        self.delete_list_button = QPushButton(self.tr("Delete…"))
        row2.addWidget(self.merge_button)
        row2.addWidget(self.delete_list_button)
        box.addLayout(row2)

        self.list_search.textChanged.connect(lambda _t: self.reload_lists())
        self.list_widget.itemSelectionChanged.connect(self._list_selection_changed)
        self.new_list_button.clicked.connect(self.choose_new_list)
        self.rename_button.clicked.connect(self.choose_rename)
        self.merge_button.clicked.connect(self.choose_merge)
        self.delete_list_button.clicked.connect(self.choose_delete)
        return panel

    def _build_main_panel(self) -> QWidget:
        panel = QWidget()
        box = QVBoxLayout(panel)
        box.setContentsMargins(0, 0, 0, 0)

        top = QHBoxLayout()
        self.import_button = QPushButton(self.tr("Import file…"))
        self.paste_button = QPushButton(self.tr("Paste from clipboard"))
        top.addWidget(self.import_button)
        top.addWidget(self.paste_button)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        top.addWidget(self.progress, 1)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setVisible(False)
        top.addWidget(self.cancel_button)
        top.addStretch(0)
        box.addLayout(top)

        self.title_label = QLabel()
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        box.addWidget(self.title_label)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        box.addWidget(self.summary_label)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Search by number, name or any column"))
        self.search_edit.setClearButtonEnabled(True)
        box.addWidget(self.search_edit)

        language = self.context.language
        self.model = RecipientTableModel(self)
        self.model.editor = self.edit_recipient
        self.proxy = SearchProxy(self)
        self.proxy.setSourceModel(self.model)
        self.problem_model = ProblemTableModel(self, language)
        self.problem_model.fixer = self.fix_problem
        self.problem_proxy = SearchProxy(self)
        self.problem_proxy.setSourceModel(self.problem_model)
        self.duplicate_model = DuplicateTableModel(self)
        self.duplicate_proxy = SearchProxy(self)
        self.duplicate_proxy.setSourceModel(self.duplicate_model)

        self.tabs = QTabWidget()
        self.table = self._table(self.proxy)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        recipients_tab = QWidget()
        tab_box = QVBoxLayout(recipients_tab)
        tab_box.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.add_row_button = QPushButton(self.tr("Add a recipient…"))
        self.remove_button = QPushButton(self.tr("Remove selected"))
        self.export_button = QPushButton(self.tr("Export…"))
        buttons.addWidget(self.add_row_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        tab_box.addLayout(buttons)
        self.tabs.addTab(recipients_tab, "")

        self.problem_table = self._table(self.problem_proxy)
        self.problem_table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        problems_tab = QWidget()
        problems_box = QVBoxLayout(problems_tab)
        self.problems_hint = QLabel(
            self.tr(
                "These rows were kept aside because their number cannot be used. Double-click "
                "a number to correct it: a corrected row joins the recipients. Or export them, "
                "fix them in Excel and import the file again."
            )
        )
        self.problems_hint.setWordWrap(True)
        problems_box.addWidget(self.problems_hint)
        problems_box.addWidget(self.problem_table, 1)
        problem_buttons = QHBoxLayout()
        problem_buttons.addStretch(1)
        self.export_problems_button = QPushButton(self.tr("Export problems…"))
        problem_buttons.addWidget(self.export_problems_button)
        problems_box.addLayout(problem_buttons)
        self.tabs.addTab(problems_tab, "")

        self.duplicate_table = self._table(self.duplicate_proxy)
        self.tabs.addTab(self.duplicate_table, "")
        box.addWidget(self.tabs, 1)

        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.save_button = QPushButton(self.tr("Save as list…"))
        self.compose_button = QPushButton(self.tr("Send to Compose"))
        self.compose_button.setDefault(True)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.compose_button)
        box.addLayout(bottom)

        self.import_button.clicked.connect(self.choose_file)
        self.paste_button.clicked.connect(self.import_clipboard)
        self.cancel_button.clicked.connect(self.cancel_import)
        self.search_edit.textChanged.connect(self._search)
        self.add_row_button.clicked.connect(self.choose_add_row)
        self.remove_button.clicked.connect(self.remove_selected)
        self.export_button.clicked.connect(lambda: self.choose_export(problems=False))
        self.export_problems_button.clicked.connect(lambda: self.choose_export(problems=True))
        self.save_button.clicked.connect(self.choose_save)
        self.compose_button.clicked.connect(self.send_to_compose)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.installEventFilter(self)  # the Delete key removes the selected rows
        return panel

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Delete)
            and self.table.state() != QAbstractItemView.State.EditingState
        ):
            self.remove_selected()
            return True
        return super().eventFilter(watched, event)

    def _table(self, model: SearchProxy) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setSortingEnabled(True)
        # Rows start in file order: no column is marked as sorted until the user clicks one.
        view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.horizontalHeader().setStretchLastSection(True)
        view.horizontalHeader().setDefaultSectionSize(130)
        return view

    # -- what is shown -------------------------------------------------------------------

    def _opt_out(self) -> frozenset[str]:
        """The cached 080 opt-out numbers of the active profile (empty if unknown)."""
        try:
            from console.services.unsubscribes import optout_numbers

            return frozenset(optout_numbers(self.context.db, self.context.profile))
        except Exception:  # the flag is a help, never a reason to fail an import
            log.exception("080 opt-out numbers unavailable")
            return frozenset()

    def _show_nothing(self) -> None:
        self.current_list_id = None
        self._set_rows([], [], [], [])
        self.title_label.setText(self.tr("No list open"))
        self.summary_label.setText(
            self.tr("Import a file, paste copied cells, or open a saved list on the left.")
        )
        self._set_tab_counts(0, 0, 0)

    def _set_rows(
        self,
        valid: Sequence[RecipientRow],
        invalid: Sequence[InvalidRow],
        duplicates: Sequence[imp.DuplicateRow],
        variables: Sequence[str],
    ) -> None:
        self.model.set_rows(valid, variables)
        self.problem_model.set_rows(invalid, variables)
        self.duplicate_model.set_rows(duplicates, [])
        for view in (self.table, self.problem_table, self.duplicate_table):
            view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        # Reasons are long sentences: show them whole (only the first rows are measured).
        self.problem_table.resizeColumnToContents(ProblemTableModel.COL_REASON)
        self._search()

    def show_import(self, result: ImportResult) -> None:
        """Show an import that is not saved yet."""
        self.result = result
        self.current_list_id = None
        self._set_rows(result.valid, result.invalid, result.duplicates, result.columns)
        self.reload_lists(select=UNSAVED)
        self._refresh_texts()

    def open_list(self, list_id: int) -> None:
        """Show saved list `list_id` (rows from the store)."""
        try:
            info = self.lists.get(list_id)
        except ConsoleError as exc:
            self.context.notifier.error(exc)
            self.reload_lists()
            return
        self.current_list_id = list_id
        valid = self.lists.recipients(list_id, opt_out=self._opt_out())
        problems = [
            InvalidRow(r.id, r.raw_phone, r.name, dict(r.fields), r.problem or "")
            for r in self.lists.rows(list_id, problems=True)
        ]
        self._set_rows(valid, problems, [], info.columns)
        self._refresh_texts()

    def _reload_current(self) -> None:
        if self.current_list_id is not None:
            self.open_list(self.current_list_id)
        elif self.result is not None:
            result = self.result
            self._set_rows(result.valid, result.invalid, result.duplicates, result.columns)
            self._refresh_texts()

    def _refresh_texts(self) -> None:
        valid = self.model.rowCount()
        problems = self.problem_model.rowCount()
        duplicates = self.duplicate_model.rowCount()
        opted = self.model.opted_out_count()
        if self.current_list_id is not None:
            info = self.lists.find(self.current_list_id)
            self.title_label.setText(self.tr("List: %1").replace("%1", info.name if info else ""))
        elif self.result is not None:
            source = self.result.source
            if source == "clipboard":
                source = self.tr("pasted cells")
            self.title_label.setText(self.tr("Imported, not saved: %1").replace("%1", source))
        parts = [self.tr("%1 recipients").replace("%1", f"{valid:,}")]
        if self.current_list_id is None and self.result is not None:
            parts.append(self.tr("%1 duplicates merged").replace("%1", f"{duplicates:,}"))
        parts.append(self.tr("%1 problems").replace("%1", f"{problems:,}"))
        if opted:
            parts.append(self.tr("%1 on the 080 opt-out list").replace("%1", f"{opted:,}"))
        self.summary_label.setText(" · ".join(parts))
        self._set_tab_counts(valid, problems, duplicates)
        self._update_buttons()
        self.changed.emit()

    def _set_tab_counts(self, valid: int, problems: int, duplicates: int) -> None:
        self.tabs.setTabText(0, self.tr("Recipients (%1)").replace("%1", f"{valid:,}"))
        self.tabs.setTabText(1, self.tr("Problems (%1)").replace("%1", f"{problems:,}"))
        self.tabs.setTabText(2, self.tr("Merged duplicates (%1)").replace("%1", f"{duplicates:,}"))

    def _search(self) -> None:
        text = self.search_edit.text()
        for proxy in (self.proxy, self.problem_proxy, self.duplicate_proxy):
            proxy.set_search(text)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_rows = self.proxy.rowCount() > 0
        showing = self.current_list_id is not None or self.result is not None
        self.compose_button.setEnabled(has_rows)
        self.export_button.setEnabled(has_rows)
        self.export_problems_button.setEnabled(self.problem_proxy.rowCount() > 0)
        self.remove_button.setEnabled(self.table.selectionModel().hasSelection())
        self.add_row_button.setEnabled(showing)
        self.save_button.setEnabled(self.result is not None and self.current_list_id is None)
        selected = self._selected_list_ids()
        self.rename_button.setEnabled(len(selected) == 1)
        self.delete_list_button.setEnabled(bool(selected))
        self.merge_button.setEnabled(len(selected) >= 2)

    # -- saved lists ---------------------------------------------------------------------

    def reload_lists(self, select: int | None = None) -> None:
        """Refill the saved lists (search applied); select `select` (a list id or UNSAVED)."""
        if select is None:
            select = (
                self.current_list_id
                if self.current_list_id is not None
                else (UNSAVED if self.result is not None else None)
            )
        self.list_widget.blockSignals(True)
        self.list_widget.clear()
        if self.result is not None:
            item = QListWidgetItem(self.tr("Imported, not saved"))
            item.setData(Qt.ItemDataRole.UserRole, UNSAVED)
            font = item.font()
            font.setItalic(True)
            item.setFont(font)
            self.list_widget.addItem(item)
        for info in self.lists.lists(self.list_search.text()):
            item = QListWidgetItem(f"{info.name} ({info.count:,})")
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            item.setToolTip(
                self.tr("%1 recipients, %2 problems")
                .replace("%1", f"{info.count:,}")
                .replace("%2", f"{info.problems:,}")
            )
            self.list_widget.addItem(item)
        for row in range(self.list_widget.count()):
            item = self.list_widget.item(row)
            if select is not None and item.data(Qt.ItemDataRole.UserRole) == select:
                item.setSelected(True)
                self.list_widget.setCurrentItem(item, QItemSelectionModel.SelectionFlag.Select)
        self.list_widget.blockSignals(False)
        self._update_buttons()

    def _selected_list_ids(self) -> list[int]:
        ids = [item.data(Qt.ItemDataRole.UserRole) for item in self.list_widget.selectedItems()]
        return [int(i) for i in ids if i is not None and i != UNSAVED]

    def select_lists(self, list_ids: Sequence[int]) -> None:
        """Select these lists in the list panel (tests, keyboard users)."""
        for row in range(self.list_widget.count()):
            item = self.list_widget.item(row)
            item.setSelected(item.data(Qt.ItemDataRole.UserRole) in list_ids)

    def _list_selection_changed(self) -> None:
        items = self.list_widget.selectedItems()
        if len(items) == 1:
            key = items[0].data(Qt.ItemDataRole.UserRole)
            if key == UNSAVED:
                if self.current_list_id is not None:
                    self.current_list_id = None
                    self._reload_current()
            elif key != self.current_list_id:
                self.open_list(int(key))
        self._update_buttons()

    def ask_name(self, title: str, prompt: str, name: str = "") -> str | None:
        """Ask for a list name (tests replace this)."""
        dialog = ListNameDialog(title, prompt, name, self)
        return dialog.name() if dialog.exec() == ListNameDialog.DialogCode.Accepted else None

    def confirm(self, title: str, text: str) -> bool:
        """Ask a yes/no question (tests replace this)."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self)
        yes = box.addButton(self.tr("Yes"), QMessageBox.ButtonRole.YesRole)
        box.addButton(self.tr("No"), QMessageBox.ButtonRole.NoRole)
        box.exec()
        return box.clickedButton() is yes

    def _attempt(self, action: Callable[[], Any]) -> Any:
        """Run a list operation; a refusal (name taken, bad number ...) is shown, not raised."""
        try:
            return action()
        except ConsoleError as exc:
            self.context.notifier.error(exc)
            return None

    def choose_new_list(self) -> None:
        name = self.ask_name(self.tr("New list"), self.tr("Name of the new, empty list:"))
        if name:
            self.create_list(name)

    def create_list(self, name: str) -> int | None:
        info = self._attempt(lambda: self.lists.create(name))
        if info is None:
            return None
        self.reload_lists(select=info.id)
        self.open_list(info.id)
        return int(info.id)

    def choose_rename(self) -> None:
        ids = self._selected_list_ids()
        if len(ids) != 1:
            return
        info = self.lists.find(ids[0])
        name = self.ask_name(
            self.tr("Rename list"), self.tr("New name of the list:"), info.name if info else ""
        )
        if name:
            self.rename_list(ids[0], name)

    def rename_list(self, list_id: int, name: str) -> bool:
        if self._attempt(lambda: self.lists.rename(list_id, name)) is None:
            return False
        self.reload_lists()
        self._refresh_texts()
        return True

    def choose_merge(self) -> None:
        ids = self._selected_list_ids()
        if len(ids) < 2:
            return
        name = self.ask_name(
            self.tr("Merge lists"),
            self.tr(
                "The %1 selected lists are combined into a new list (each number once). "
                "Name of the new list:"
            ).replace("%1", str(len(ids))),
        )
        if name:
            self.merge_lists(ids, name)

    def merge_lists(self, list_ids: Sequence[int], name: str) -> int | None:
        info = self._attempt(lambda: self.lists.merge(list_ids, name))
        if info is None:
            return None
        self.reload_lists(select=info.id)
        self.open_list(info.id)
        self.context.notifier.info(
            self.tr("Merged into '%1': %2 recipients.")
            .replace("%1", info.name)
            .replace("%2", f"{info.count:,}")
        )
        return int(info.id)

    def choose_delete(self) -> None:
        ids = self._selected_list_ids()
        if not ids:
            return
        names = [self.lists.find(i) for i in ids]
        text = self.tr("Delete %1 list(s)? This cannot be undone.").replace("%1", str(len(ids)))
        text += "\n\n" + "\n".join(f"• {n.name}" for n in names if n is not None)
        if self.confirm(self.tr("Delete lists"), text):
            self.delete_lists(ids)

    def delete_lists(self, list_ids: Sequence[int]) -> None:
        for list_id in list_ids:
            self.lists.delete(list_id)
        if self.current_list_id in list_ids:
            self.current_list_id = None
            if self.result is not None:
                self._reload_current()
            else:
                self._show_nothing()
        self.reload_lists()
        self._update_buttons()

    def choose_save(self) -> None:
        if self.result is None:
            return
        suggested = Path(self.result.source).stem if self.result.source != "clipboard" else ""
        name = self.ask_name(
            self.tr("Save as list"), self.tr("Name of the list to save:"), suggested
        )
        if name:
            self.save_as_list(name)

    def save_as_list(self, name: str) -> int | None:
        """Save the shown import as list `name` (problem rows included, to fix later)."""
        result = self.result
        if result is None:
            return None
        info = self._attempt(lambda: self.lists.save_import(result, name))
        if info is None:
            return None
        self.result = None
        self.reload_lists(select=info.id)
        self.open_list(info.id)
        self.context.notifier.info(
            self.tr("Saved as '%1': %2 recipients.")
            .replace("%1", info.name)
            .replace("%2", f"{info.count:,}")
        )
        return int(info.id)

    # -- rows ----------------------------------------------------------------------------

    def selected_rows(self) -> list[RecipientRow]:
        indexes = self.table.selectionModel().selectedRows()
        return [i.data(RowRole) for i in sorted(indexes, key=lambda i: i.row())]

    def shown_rows(self) -> list[RecipientRow]:
        return [self.proxy.index(r, 0).data(RowRole) for r in range(self.proxy.rowCount())]

    def choose_add_row(self) -> None:
        dialog = AddRowDialog(self.model.variables, self.context.language, self)
        if dialog.exec() == AddRowDialog.DialogCode.Accepted:
            number, name, fields = dialog.values()
            self.add_row(number, name, fields)

    def add_row(self, number: str, name: str = "", fields: dict[str, str] | None = None) -> bool:
        """Add a recipient to the list shown (saved list or unsaved import)."""
        fields = dict(fields or {})
        if self.current_list_id is not None:
            list_id = self.current_list_id
            if self._attempt(lambda: self.lists.add(list_id, number, name, fields)) is None:
                return False
            self.open_list(list_id)
            self.reload_lists()
            return True
        if self.result is None:
            return False
        try:
            phone = normalize(number)
        except InvalidPhoneNumber as exc:
            self.context.notifier.error(exc)
            return False
        if any(r.phone == phone for r in self.result.valid):
            self.context.notifier.error(
                self.tr("%1 is already in this list.").replace("%1", phone.display)
            )
            return False
        opted = phone.digits in self._opt_out()
        self.result.valid.append(RecipientRow(phone, name, fields, 0, opted))
        self._reload_current()
        return True

    def remove_selected(self) -> int:
        rows = self.selected_rows()
        if not rows:
            return 0
        if self.current_list_id is not None:
            shown = ", ".join(f"{r.phone.display} {r.name}".strip() for r in rows[:5])
            more = len(rows) - 5
            if more > 0:
                shown += " " + self.tr("and %1 more").replace("%1", f"{more:,}")
            question = self.tr("Remove %1 recipient(s) from this list?\n\n%2")
            if not self.confirm(
                self.tr("Remove recipients"),
                question.replace("%1", f"{len(rows):,}").replace("%2", shown),
            ):
                return 0
            removed = self.lists.remove([r.source_row for r in rows])
            self.open_list(self.current_list_id)
            self.reload_lists()
            return removed
        if self.result is not None:
            gone = {id(r) for r in rows}
            self.result.valid = [r for r in self.result.valid if id(r) not in gone]
            self._reload_current()
        return len(rows)

    def edit_recipient(self, row: RecipientRow, key: str, text: str) -> bool:
        """Apply an in-place edit of the recipients table (number re-validated)."""
        if key == "phone":
            try:
                phone = normalize(text)
            except InvalidPhoneNumber as exc:
                self.context.notifier.error(exc)
                return False
        else:
            phone = row.phone
        name = text.strip() if key == "name" else row.name
        fields = dict(row.fields)
        if key not in ("phone", "name"):
            fields[key] = text
        if self.current_list_id is not None:
            raw = text if key == "phone" else phone.digits if phone.is_domestic else phone.e164
            if self._attempt(lambda: self.lists.edit(row.source_row, raw, name, fields)) is None:
                return False
        elif (
            self.result is not None
            and phone != row.phone
            and any(r.phone == phone for r in self.result.valid if r is not row)
        ):
            self.context.notifier.error(
                self.tr("%1 is already in this list.").replace("%1", phone.display)
            )
            return False
        row.phone, row.name, row.fields = phone, name, fields
        row.opted_out = phone.digits in self._opt_out()
        return True

    def fix_problem(self, row: InvalidRow, text: str) -> bool:
        """Re-validate a problem row with a corrected number; if good, it becomes a recipient."""
        if self.current_list_id is not None:
            try:
                self.lists.edit(row.source_row, text)
            except InvalidPhoneNumber as exc:
                row.raw_phone, row.code = text, exc.code
                self.context.notifier.error(exc, dialog=False)
                return False
            except ConsoleError as exc:
                self.context.notifier.error(exc)
                return False
        elif self.result is not None:
            try:
                index = next(i for i, r in enumerate(self.result.invalid) if r is row)
            except StopIteration:
                return False
            try:
                fixed = self.result.fix(index, text)
            except InvalidPhoneNumber as exc:
                self.context.notifier.error(exc, dialog=False)
                return False
            if fixed is not None and fixed.phone.digits in self._opt_out():
                fixed.opted_out = True
        else:
            return False
        self._reload_current()
        self.reload_lists()
        return True

    # -- import --------------------------------------------------------------------------

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Import recipients"),
            "",
            self.tr("Spreadsheets and text files (%1);;All files (*)").replace("%1", FILE_FILTER),
        )
        if path:
            self.import_path(Path(path))

    def import_path(self, path: Path | str) -> asyncio.Task[None]:
        """Import a file (read in a worker thread, then the mapping dialog, then checks)."""
        path = Path(path)
        return self._start_import(
            lambda progress, cancel: imp.read_file(path, progress=progress, cancel=cancel),
            lambda sheet, progress, cancel: imp.read_file(
                path, sheet=sheet, progress=progress, cancel=cancel
            ),
        )

    def import_clipboard(self) -> asyncio.Task[None] | None:
        text = QGuiApplication.clipboard().text()
        if not text.strip():
            self.context.notifier.error(
                self.tr(
                    "The clipboard holds no text. Select the cells in Excel, copy them "
                    "(Ctrl+C) and try again."
                )
            )
            return None
        return self.import_text(text)

    def import_text(self, text: str) -> asyncio.Task[None]:
        """Import pasted text (tab-separated cells from Excel, or one number per line)."""
        return self._start_import(
            lambda progress, cancel: imp.read_text(text, progress=progress, cancel=cancel)
        )

    def cancel_import(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
        if self.mapping_dialog is not None:
            self.mapping_dialog.reject()

    def _start_import(
        self,
        reader: Callable[[imp.Progress, threading.Event], RawTable],
        sheet_reader: SheetReader | None = None,
    ) -> asyncio.Task[None]:
        """`sheet_reader` reads one named sheet of the same workbook (files only)."""
        if self._cancel is not None:
            self._cancel.set()
        return self.context.tasks.start(IMPORT_TASK, self._import(reader, sheet_reader))

    def _thread_progress(self, show: Callable[[int, int], None] | None = None) -> imp.Progress:
        """A progress callback for a worker thread: `show` (default the page's bar) on the
        GUI thread."""
        loop = asyncio.get_running_loop()
        target = show or self._set_progress

        def report(done: int, total: int) -> None:
            loop.call_soon_threadsafe(target, done, total)

        return report

    def _set_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))

    def _busy(self, busy: bool, text: str = "") -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.progress.setFormat(text + " %p%" if text else "%p%")
        self.progress.setValue(0)
        for button in (self.import_button, self.paste_button):
            button.setEnabled(not busy)

    async def _import(
        self,
        reader: Callable[[imp.Progress, threading.Event], RawTable],
        sheet_reader: SheetReader | None = None,
    ) -> None:
        cancel = threading.Event()
        self._cancel = cancel
        outcome: ImportResult | None = None
        try:
            self._busy(True, self.tr("Reading…"))
            table = await asyncio.to_thread(reader, self._thread_progress(), cancel)
            self._busy(False)
            mapping, warning = self._initial_mapping(table)
            dialog = MappingDialog(
                table, mapping, self, warning=warning, unnamed=self._unnamed_pattern()
            )
            self.mapping_dialog = dialog
            if sheet_reader is not None:
                reread = sheet_reader
                dialog.sheet_requested.connect(
                    lambda name: self.context.tasks.start(
                        SHEET_TASK, self._read_sheet(dialog, reread, name)
                    )
                )
                dialog.stop_button.clicked.connect(self._stop_sheet)
            loop = asyncio.get_running_loop()
            answer: asyncio.Future[int] = loop.create_future()

            def finished(code: int) -> None:
                if not answer.done():
                    answer.set_result(code)

            dialog.finished.connect(finished)
            dialog.open()
            try:
                code = await answer
            finally:
                self.mapping_dialog = None
                self._stop_sheet()
                dialog.deleteLater()
            if code != MappingDialog.DialogCode.Accepted or cancel.is_set():
                return
            mapping = dialog.mapping()
            table = dialog.table  # the sheet chosen in the dialog
            self.lists.remember_mapping(table, mapping)
            opt_out = self._opt_out()
            self._busy(True, self.tr("Checking numbers…"))
            progress = self._thread_progress()
            result = await asyncio.to_thread(
                lambda: imp.build_recipients(
                    table,
                    mapping,
                    opt_out=opt_out,
                    progress=progress,
                    cancel=cancel,
                    unnamed=self._unnamed_pattern(),
                )
            )
            self.show_import(result)
            outcome = result
            self.context.notifier.info(self.import_message(result))
        except imp.ImportCancelled:
            self.context.notifier.info(self.tr("Import cancelled."))
        except ConsoleError as exc:
            self.context.notifier.error(exc)
        finally:
            self._busy(False)
            if self._cancel is cancel:
                self._cancel = None
            self.import_finished.emit(outcome)

    def _stop_sheet(self) -> None:
        if self._sheet_cancel is not None:
            self._sheet_cancel.set()

    async def _read_sheet(self, dialog: MappingDialog, reader: SheetReader, name: str) -> None:
        """Read sheet `name` for the open mapping dialog; on failure it keeps its sheet."""
        self._stop_sheet()
        cancel = threading.Event()
        self._sheet_cancel = cancel

        def show(done: int, total: int) -> None:
            if self.mapping_dialog is dialog:
                dialog.set_progress(done, total)

        try:
            progress = self._thread_progress(show)
            table = await asyncio.to_thread(reader, name, progress, cancel)
            if cancel.is_set():
                raise imp.ImportCancelled()
            mapping, warning = self._initial_mapping(table)
        except imp.ImportCancelled:
            if self.mapping_dialog is dialog:
                dialog.restore_sheet()
            return
        except ConsoleError as exc:
            if self.mapping_dialog is dialog:
                dialog.restore_sheet(exc.message(self.context.language))
            return
        except BaseException:  # task cancelled, or a bug: the dialog must not stay waiting
            cancel.set()
            if self.mapping_dialog is dialog:
                dialog.restore_sheet()
            raise
        finally:
            if self._sheet_cancel is cancel:
                self._sheet_cancel = None
        if self.mapping_dialog is dialog:
            dialog.set_table(table, mapping, warning)

    def _unnamed_pattern(self) -> str:
        """How columns without a title are named (variables in Compose)."""
        return "열{}" if self.context.language.startswith("ko") else "col{}"

    def _initial_mapping(self, table: RawTable) -> tuple[imp.ColumnMapping, str]:
        remembered = self.lists.remembered_mapping(table)
        if remembered is not None:
            return remembered, ""
        several_sheets = len(table.sheet_names) > 1
        try:
            return imp.guess_mapping(table), ""
        except imp.NoPhoneColumnError as exc:
            warning = exc.message(self.context.language)
        except imp.EmptyFileError:
            if not several_sheets:
                raise
            # A cover sheet (a title and nothing under it): the dialog opens to choose a sheet.
            warning = self.tr("This sheet has no rows under its first row.")
        if several_sheets:
            warning += " " + self.tr("If the list is on another sheet, choose it under Sheet.")
        return imp.ColumnMapping(0, None, True), warning

    def import_message(self, result: ImportResult) -> str:
        text = (
            self.tr("%1 recipients imported (%2 duplicates merged, %3 problems).")
            .replace("%1", f"{len(result.valid):,}")
            .replace("%2", f"{len(result.duplicates):,}")
            .replace("%3", f"{len(result.invalid):,}")
        )
        if result.opted_out_count:
            text += " " + self.tr("%1 are on the 080 opt-out list.").replace(
                "%1", f"{result.opted_out_count:,}"
            )
        return text

    # drag and drop

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.import_path(files[0])
        else:
            super().dropEvent(event)

    # -- out -----------------------------------------------------------------------------

    def send_to_compose(self) -> bool:
        """Hand the selected rows (or all rows shown) to Compose."""
        rows = self.selected_rows() or self.shown_rows()
        if not rows:
            return False
        navigator = self.context.navigator
        if navigator is None:
            self.context.notifier.error(self.tr("Compose is not available in this window."))
            return False
        navigator.open_compose(recipients=[r.to_domain() for r in rows])
        return True

    def choose_export(self, problems: bool) -> None:
        title = self.tr("Export problem rows") if problems else self.tr("Export recipients")
        default = "problems.xlsx" if problems else "recipients.xlsx"
        path, _filter = QFileDialog.getSaveFileName(
            self, title, default, self.tr("Excel workbook (*.xlsx);;CSV (*.csv)")
        )
        if path:
            self.export_to(Path(path), problems=problems)

    def export_table_data(self, problems: bool) -> tuple[list[str], list[list[str]]]:
        """Headers and rows of what is shown (search applied), ready for a file."""
        if problems:
            rows: list[Any] = [
                self.problem_proxy.index(r, 0).data(RowRole)
                for r in range(self.problem_proxy.rowCount())
            ]
            variables = self.problem_model.variables
            headers = [self.tr("Number"), self.tr("Name"), *variables, self.tr("Problem")]
            language = self.context.language
            return headers, [
                [r.raw_phone, r.name, *(r.fields.get(v, "") for v in variables),
                 r.reason(language)]
                for r in rows
            ]  # fmt: skip
        shown = self.shown_rows()
        variables = self.model.variables
        headers = [self.tr("Number"), self.tr("Name"), *variables]
        return headers, [
            [r.phone.display, r.name, *(r.fields.get(v, "") for v in variables)] for r in shown
        ]

    def export_to(self, path: Path, *, problems: bool = False) -> asyncio.Task[None]:
        headers, rows = self.export_table_data(problems)
        return self.context.tasks.start(EXPORT_TASK, self._export(path, headers, rows))

    async def _export(self, path: Path, headers: list[str], rows: list[list[str]]) -> None:
        try:
            written = await asyncio.to_thread(export_table, path, headers, rows)
        except ConsoleError as exc:
            self.context.notifier.error(exc)
            return
        self.context.notifier.info(
            self.tr("Exported %1 rows to %2.")
            .replace("%1", f"{len(rows):,}")
            .replace("%2", str(written))
        )

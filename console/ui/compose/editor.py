"""The message editor: plain text, with characters SENS cannot send highlighted.

The highlighter asks :func:`console.domain.text.measure` about each line (block) and
marks its issues: red wavy underline on a pink background for characters that make the
send fail (emoji, most accented letters), orange underline for characters outside strict
EUC-KR (some phones may not show them). ``CharIssue.utf16_position`` is what Qt counts, so an
emoji (two UTF-16 units) is marked whole.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from console.domain.text import measure

UNSUPPORTED_BACKGROUND = QColor("#ffcdd2")
UNSUPPORTED_UNDERLINE = QColor("#c62828")
WARNING_UNDERLINE = QColor("#ef6c00")


def _unsupported_format() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setBackground(UNSUPPORTED_BACKGROUND)
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    fmt.setUnderlineColor(UNSUPPORTED_UNDERLINE)
    return fmt


def _warning_format() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    fmt.setUnderlineColor(WARNING_UNDERLINE)
    return fmt


class IssueHighlighter(QSyntaxHighlighter):
    """Marks unsupported and outside-EUC-KR characters, line by line."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._unsupported = _unsupported_format()
        self._warning = _warning_format()

    def highlightBlock(self, text: str) -> None:
        if text.isascii():
            return
        for issue in measure(text).issues:
            width = 2 if ord(issue.char) > 0xFFFF else 1
            fmt = self._unsupported if issue.kind == "unsupported" else self._warning
            self.setFormat(issue.utf16_position, width, fmt)


def local_files(source: QMimeData) -> list[str]:
    """The local file paths a drag carries (empty for text drags)."""
    if not source.hasUrls():
        return []
    return [url.toLocalFile() for url in source.urls() if url.isLocalFile()]


class MessageEditor(QPlainTextEdit):
    """Plain-text message editor; pasted rich text arrives as plain text.

    Files dropped on it are handed to the page (as attachments) through
    :attr:`files_dropped` instead of being inserted as their path.
    """

    files_dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        font = QFont(self.font())
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.1)
        self.setFont(font)
        self.highlighter = IssueHighlighter(self.document())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_files(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if local_files(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        files = local_files(event.mimeData())
        if files:
            event.acceptProposedAction()
            self.files_dropped.emit(files)
        else:
            super().dropEvent(event)

    def insertFromMimeData(self, source: QMimeData) -> None:
        # Images dropped or pasted are the page's business (attachments), not text.
        if source.hasText():
            self.insertPlainText(source.text())

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasText()

    def insert_at_cursor(self, text: str) -> None:
        """Insert `text` where the cursor is (one undo step) and keep the focus here."""
        self.textCursor().insertText(text)
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def replace_all(self, char: str, replacement: str) -> int:
        """Replace every occurrence of `char` by `replacement` as one undo step."""
        document = self.document()
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        count = 0
        try:
            found = document.find(char, 0, QTextDocument.FindFlag.FindCaseSensitively)
            while not found.isNull():
                found.insertText(replacement)
                count += 1
                found = document.find(
                    char, found.position(), QTextDocument.FindFlag.FindCaseSensitively
                )
        finally:
            cursor.endEditBlock()
        return count

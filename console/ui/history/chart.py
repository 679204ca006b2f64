"""A small bar chart of the delivery rate per day (QPainter; QtCharts is not available)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPoint, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QToolTip, QWidget

DayOutcomes = tuple[str, int, int, int]  # (date, delivered, failed, pending)


class DeliveryChart(QWidget):
    """Bars per day: height = delivered / (delivered + failed); pending shown as grey."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.days: list[DayOutcomes] = []
        self.setMinimumHeight(90)
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:
        return QSize(360, 110)

    def set_days(self, days: Sequence[DayOutcomes]) -> None:
        self.days = list(days)
        self.update()

    @staticmethod
    def rate(day: DayOutcomes) -> float | None:
        done = day[1] + day[2]
        return day[1] / done if done else None

    def _plot(self) -> QRectF:
        return QRectF(34, 6, max(self.width() - 40, 10), max(self.height() - 26, 10))

    def _bar_rect(self, index: int) -> QRectF:
        plot = self._plot()
        step = plot.width() / max(len(self.days), 1)
        width = max(2.0, step * 0.7)
        return QRectF(
            plot.left() + index * step + (step - width) / 2, plot.top(), width, plot.height()
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        plot = self._plot()
        text_pen = QPen(self.palette().color(self.foregroundRole()))
        grid = QPen(QColor("#d0d0d0"))
        painter.setPen(grid)
        for fraction in (0.0, 0.5, 1.0):
            y = plot.bottom() - fraction * plot.height()
            painter.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
        painter.setPen(text_pen)
        font = painter.font()
        if font.pointSizeF() > 0:
            font.setPointSizeF(max(font.pointSizeF() * 0.8, 6.0))
        painter.setFont(font)
        for fraction in (0.0, 0.5, 1.0):
            y = plot.bottom() - fraction * plot.height()
            painter.drawText(
                QRectF(0, y - 8, 30, 16),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                f"{fraction * 100:.0f}%",
            )
        if not self.days:
            painter.drawText(plot, int(Qt.AlignmentFlag.AlignCenter), self.tr("No sends"))
            painter.end()
            return
        for index, day in enumerate(self.days):
            bar = self._bar_rect(index)
            rate = self.rate(day)
            if rate is None:  # only pending: a grey stub
                painter.fillRect(
                    QRectF(bar.left(), plot.bottom() - 3, bar.width(), 3), QColor("#bdbdbd")
                )
                continue
            height = rate * plot.height()
            colour = QColor("#1b7f3b") if rate >= 0.95 else QColor("#e0a100")
            if rate < 0.8:
                colour = QColor("#c62828")
            painter.fillRect(
                QRectF(bar.left(), plot.bottom() - height, bar.width(), height), colour
            )
        painter.setPen(text_pen)
        labels = [(0, self.days[0][0][5:])]
        if len(self.days) > 1:
            labels.append((len(self.days) - 1, self.days[-1][0][5:]))
        for index, label in labels:
            bar = self._bar_rect(index)
            align = Qt.AlignmentFlag.AlignLeft if index == 0 else Qt.AlignmentFlag.AlignRight
            box = QRectF(bar.left() - 20, plot.bottom() + 2, bar.width() + 40, 16)
            if index == 0:
                box = QRectF(plot.left(), plot.bottom() + 2, 80, 16)
            else:
                box = QRectF(plot.right() - 80, plot.bottom() + 2, 80, 16)
            painter.drawText(box, int(align | Qt.AlignmentFlag.AlignTop), label)
        painter.end()

    def day_at(self, point: QPoint) -> int:
        """The index of the day under `point`, or -1."""
        for index in range(len(self.days)):
            bar = self._bar_rect(index)
            if bar.left() - 1 <= point.x() <= bar.right() + 1:
                return index
        return -1

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.day_at(event.pos())
            if index >= 0:
                day, delivered, failed, pending = self.days[index]
                rate = self.rate(self.days[index])
                rate_text = f"{rate * 100:.1f}%" if rate is not None else "-"
                QToolTip.showText(
                    event.globalPos(),
                    self.tr("%1: delivery rate %2 (delivered %3, failed %4, pending %5)")
                    .replace("%1", day)
                    .replace("%2", rate_text)
                    .replace("%3", f"{delivered:,}")
                    .replace("%4", f"{failed:,}")
                    .replace("%5", f"{pending:,}"),
                    self,
                )
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

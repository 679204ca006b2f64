"""The reliability suite's tally: what each test injected and what it proved, printed as one
table at the end of the run.

Tests take the ``tally`` fixture and record their figures with ``tally.record(...)``:
faults injected (500s, 429s, dropped answers, network cuts, SIGKILLs, malformed inputs),
messages sent (recipients the simulator accepted), duplicates and losses (recipients
accepted twice / never), crashes recovered (restarts after SIGKILL that passed every
check). The table is printed by ``pytest_terminal_summary`` whenever a test of this folder
recorded something, so a failing suite still shows how far it got.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from dataclasses import dataclass, field

import pytest

COLUMNS = ("faults", "sent", "duplicates", "losses", "crashes_recovered")
HEADERS = ("area", "faults injected", "messages sent", "duplicates", "losses",
           "crashes recovered")


@dataclass
class Row:
    """The figures of one area (summed over the tests that recorded under it)."""

    faults: int = 0
    sent: int = 0
    duplicates: int = 0
    losses: int = 0
    crashes_recovered: int = 0
    tests: set[str] = field(default_factory=set)
    failed: set[str] = field(default_factory=set)


class Tally:
    """Session-wide registry of the figures, keyed by area (insertion order kept)."""

    def __init__(self) -> None:
        self.rows: dict[str, Row] = {}

    def add(self, area: str, test: str, **figures: int) -> None:
        unknown = set(figures) - set(COLUMNS)
        if unknown:
            raise TypeError(f"unknown tally columns: {sorted(unknown)}")
        row = self.rows.setdefault(area, Row())
        row.tests.add(test)
        for name, value in figures.items():
            setattr(row, name, getattr(row, name) + int(value))

    def mark_failed(self, test: str) -> None:
        for row in self.rows.values():
            if test in row.tests:
                row.failed.add(test)

    def table(self) -> list[str]:
        """The summary as aligned text lines (areas, then a total row)."""
        body: list[tuple[str, ...]] = []
        total = Row()
        for area, row in self.rows.items():
            label = area + (f" ({len(row.failed)} FAILED)" if row.failed else "")
            body.append((label, *(str(getattr(row, c)) for c in COLUMNS)))
            for c in COLUMNS:
                setattr(total, c, getattr(total, c) + getattr(row, c))
        body.append(("TOTAL", *(str(getattr(total, c)) for c in COLUMNS)))
        widths = [max(len(h), *(len(r[i]) for r in body)) for i, h in enumerate(HEADERS)]

        def line(cells: tuple[str, ...]) -> str:
            first = cells[0].ljust(widths[0])
            rest = [c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True)]
            return " | ".join([first, *rest])

        rule = "-+-".join("-" * w for w in widths)
        return [line(HEADERS), rule, *(line(r) for r in body[:-1]), rule, line(body[-1])]


_TALLY = Tally()


class Recorder:
    """What a test sees: ``record(area, faults=..., sent=..., ...)`` adds to the table."""

    def __init__(self, tally: Tally, test: str) -> None:
        self._tally = tally
        self._test = test

    def record(self, area: str, **figures: int) -> None:
        self._tally.add(area, self._test, **figures)


@pytest.fixture
def tally(request: pytest.FixtureRequest) -> Iterator[Recorder]:
    """Record this test's figures for the end-of-suite reliability table."""
    yield Recorder(_TALLY, request.node.nodeid)


@pytest.fixture(scope="session")
def suite_tally() -> Iterator[Recorder]:
    """The same registry for hypothesis tests (which may not take function-scoped fixtures)."""
    yield Recorder(_TALLY, "hypothesis")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.failed:
        _TALLY.mark_failed(item.nodeid)
    return report


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _TALLY.rows:
        return
    terminalreporter.write_sep("=", "reliability summary")
    for text in _TALLY.table():
        terminalreporter.write_line(text)

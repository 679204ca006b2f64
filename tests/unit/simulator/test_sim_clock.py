"""The simulator's clocks: acceleration, advance, skew, resume after restart."""

from __future__ import annotations

import pytest

from console.simulator.clock import SimClock


class FakeTime:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_time_scale_accelerates_simulated_time_only() -> None:
    real = FakeTime()
    clock = SimClock(time_scale=60, real=real)
    start = clock.now()
    real.now += 10
    assert clock.now() == pytest.approx(start + 600)
    assert clock.wall() == pytest.approx(real.now)


def test_skew_moves_both_clocks() -> None:
    real = FakeTime()
    clock = SimClock(skew=-400, real=real)
    assert clock.wall() == pytest.approx(real.now - 400)
    assert clock.now() == pytest.approx(real.now - 400)


def test_advance_and_resume_only_move_forward() -> None:
    real = FakeTime()
    clock = SimClock(real=real)
    clock.advance(3600)
    assert clock.now() == pytest.approx(real.now + 3600)
    with pytest.raises(ValueError):
        clock.advance(-1)
    clock.resume_from(real.now)  # earlier than now: no effect
    assert clock.now() == pytest.approx(real.now + 3600)
    clock.resume_from(real.now + 7200)
    assert clock.now() == pytest.approx(real.now + 7200)


def test_time_scale_must_be_positive() -> None:
    with pytest.raises(ValueError):
        SimClock(time_scale=0)

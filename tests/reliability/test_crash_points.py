"""SIGKILL the console's services at 20 seeded points, restart, and check what survived.

The services run in a real child process (tests/reliability/crash_child.py) on a real
data folder; the simulator runs here and outlives the child, as SENS does. Kill points
are seeded delays after the child reports that its work started, so they land anywhere:
while the job is written, between journal writes, mid-request, mid-reconciliation, while
poll results are stored, while a list is saved, between a settings file's write and
rename. After every kill:

- the store opens and ``PRAGMA integrity_check`` is ok; no job is half-recorded (every
  job has all its batches; every accepted batch has exactly its History rows);
- History's per-request counts agree with its message rows (results are stored with
  their counts in one transaction);
- a saved recipient list is there whole or not at all;
- settings.json is valid JSON that loads without being set aside as unreadable;

and at the end the resumed send delivered each recipient exactly once and the resumed
poller finished with SENS's results. (test_send_crash_sigkill.py kills sends harder, with
more faults; this file spreads the kills over the four kinds of work.)
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from console.simulator import start
from tests.reliability import crash_child
from tests.reliability.faultkit import delivery_report, journal_problems

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(crash_child.__file__)
SEED = 20261122
#: Kill points per kind of work (20 in all).
POINTS = {"send": 6, "poll": 5, "import": 5, "settings": 4}
#: Seconds after GO (send: after a seeded number of accepted batches) within which each
#: kind's kills land.
SPANS = {"send": (0.0, 0.3), "poll": (0.0, 0.8), "import": (0.0, 2.0), "settings": (0.0, 0.4)}
#: Simulated seconds the clock jumps before each poll round, so each has results to store.
POLL_STEP = 300.0
IMPORT_ROWS = 20_000


def _spawn(mode: str, home: Path, base_url: str = "") -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), SENS_CONSOLE_HOME=str(home))
    log = (home / f"{mode}.log").open("a")
    try:
        return subprocess.Popen(
            [sys.executable, str(CHILD), mode, str(home / "data"), base_url],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=log, text=True,
        )
    finally:
        log.close()


def _kill_after(proc: subprocess.Popen[str], delay: float, accepted: int = 0) -> list[str]:
    """Wait for GO (and for `accepted` batches reported), let the child work `delay` s
    more, SIGKILL it; returns what it printed."""
    assert proc.stdout is not None
    lines: list[str] = []
    started = False
    for line in proc.stdout:
        lines.append(line)
        started = started or line.startswith("GO")
        if started and accepted == 0:
            break
        if line.startswith("ACCEPTED") and int(line.split()[1]) >= accepted:
            break
    assert started, f"child never started: {lines}"
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL, f"child ended by itself: {out[-500:]}"
    printed = [line.strip() for line in lines + out.splitlines()]
    print(f"killed {delay:.2f} s after {printed[-1] if printed else 'nothing'}")
    return printed


def _finish(proc: subprocess.Popen[str], home: Path, mode: str) -> str:
    out, _ = proc.communicate(timeout=180)
    log = (home / f"{mode}.log").read_text()
    assert proc.returncode == 0, log[-3000:]
    return out


def _history_problems(db_path: Path) -> list[str]:
    """History requests whose stored counts disagree with their message rows."""
    problems = []
    with sqlite3.connect(db_path, timeout=30) as conn:
        rows = conn.execute(
            "SELECT r.request_id, r.success_count, r.fail_count, r.pending_count, "
            "SUM(m.outcome = 'success'), SUM(m.outcome = 'failed'), "
            "SUM(m.outcome NOT IN ('success', 'failed')) "
            "FROM sent_requests r JOIN sent_messages m ON m.request_id = r.request_id "
            "GROUP BY r.request_id"
        ).fetchall()
    for request_id, ok, failed, pending, m_ok, m_failed, m_pending in rows:
        if (ok, failed, pending) != (m_ok, m_failed, m_pending):
            problems.append(f"{request_id}: counts {(ok, failed, pending)} vs rows "
                            f"{(m_ok, m_failed, m_pending)}")
    conn.close()
    return problems


def _results_stored(db_path: Path) -> int:
    with sqlite3.connect(db_path, timeout=30) as conn:
        count = conn.execute(
            "SELECT COUNT(*) FROM sent_messages WHERE result_code IS NOT NULL"
        ).fetchone()[0]
    conn.close()
    return int(count)


def _list_problems(db_path: Path) -> tuple[int, list[str]]:
    """(lists saved, lists that are not whole)."""
    with sqlite3.connect(db_path, timeout=30) as conn:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if "recipient_lists" not in tables:
            conn.close()
            return 0, [] if check == "ok" else [check]
        lists = conn.execute(
            "SELECT l.name, COUNT(r.list_id) FROM recipient_lists l "
            "LEFT JOIN recipient_rows r ON r.list_id = l.id GROUP BY l.id"
        ).fetchall()
    conn.close()
    problems = [] if check == "ok" else [check]
    problems += [f"list {name}: {count} rows" for name, count in lists if count != IMPORT_ROWS]
    return len(lists), problems


def _settings_problems(home: Path) -> list[str]:
    from console.settings import Settings

    path = home / "config" / "settings.json"
    if not path.exists():
        return []  # killed before the first save finished: nothing was promised yet
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        return [f"settings.json is not JSON: {exc}"]
    settings = Settings(path)
    problems = []
    if path.with_name("settings.json.bad").exists():
        problems.append("settings.json was set aside as unreadable")
    if not isinstance(data, dict) or not settings.profiles():
        problems.append(f"settings.json lost its profiles: {str(data)[:200]}")
    return problems


@pytest.mark.timeout(300)
def test_sigkill_at_20_seeded_points(tmp_path: Path, tally: Any) -> None:
    rng = random.Random(SEED)
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)
    db_path = home / "data" / crash_child.DB_NAME
    rows = ["이름,전화번호,메모"] + [
        f"고객{i},010-{4000 + i // 10000:04d}-{i % 10000:04d},메모{i}" for i in range(IMPORT_ROWS)
    ]
    (home / "data" / crash_child.IMPORT_FILE).write_text("\r\n".join(rows), encoding="cp949")
    delays = {mode: [rng.uniform(*SPANS[mode]) for _ in range(n)] for mode, n in POINTS.items()}
    batches = crash_child.SEND_RECIPIENTS // 100
    # The first send kill lands early (while the job is written), the others after a
    # growing, seeded number of accepted batches.
    thresholds = [0, *sorted(rng.sample(range(2, batches - 5), POINTS["send"] - 1))]
    recovered = {mode: 0 for mode in POINTS}

    # Results take 1-19 simulated minutes; the clock is moved on between poll rounds.
    sim = start(port=0, seed=7, latency=0.03, drop_rate=0.05, error_rate=0.03,
                delivery_delay=(600.0, 600.0), delivery_jitter=0.9,
                db_path=tmp_path / "sim.sqlite3")
    try:
        # A send, killed and resumed.
        for delay, accepted in zip(delays["send"], thresholds, strict=True):
            _kill_after(_spawn("send", home, sim.base_url), delay, accepted)
            assert journal_problems(db_path) == []
            recovered["send"] += 1
        out = _finish(_spawn("send", home, sim.base_url), home, "send")
        assert "FINAL completed" in out or ("GO" in out and "FINAL" not in out), out[-1000:]
        assert journal_problems(db_path) == []
        with sqlite3.connect(db_path) as conn:
            assert conn.execute("SELECT state FROM send_jobs").fetchall() == [("completed",)]
        conn.close()
        report = delivery_report(sim.accepted_messages(), crash_child.send_numbers())
        assert report.exactly_once, report

        # The History poll of what was sent, killed and resumed.
        results_seen = [_results_stored(db_path)]
        for delay in delays["poll"]:
            sim.clock.advance(POLL_STEP)
            _kill_after(_spawn("poll", home, sim.base_url), delay)
            assert journal_problems(db_path) == [] and _history_problems(db_path) == []
            results_seen.append(_results_stored(db_path))
            recovered["poll"] += 1
        # The killed polls were storing results (not killed before their first write).
        assert results_seen[-1] > results_seen[0], results_seen
        sim.clock.advance(3600.0)
        out = _finish(_spawn("poll", home, sim.base_url), home, "poll")
        assert "FINAL 0" in out, out[-1000:]
        assert _history_problems(db_path) == []
        with sqlite3.connect(db_path) as conn:
            stored = dict(conn.execute(
                "SELECT message_id, result_code FROM sent_messages WHERE message_id IS NOT NULL"
            ).fetchall())
        conn.close()
        expected = {m.message_id for m in sim.accepted_messages()}
        assert set(stored) == expected and all(code is not None for code in stored.values())
    finally:
        sim.stop()

    # An import into saved lists, killed while it saves.
    saved_before = 0
    for delay in delays["import"]:
        _kill_after(_spawn("import", home), delay)
        saved, problems = _list_problems(db_path)
        assert problems == []
        assert saved >= saved_before
        saved_before = saved
        recovered["import"] += 1
    assert journal_problems(db_path) == []

    # A settings save loop, killed mid-write.
    for delay in delays["settings"]:
        _kill_after(_spawn("settings", home), delay)
        assert _settings_problems(home) == []
        recovered["settings"] += 1

    for mode, count in recovered.items():
        tally.record(
            f"crashes: SIGKILL during {mode}",
            faults=POINTS[mode],
            crashes_recovered=count,
            **({"sent": report.sent, "duplicates": report.duplicates, "losses": report.losses}
               if mode == "send" else {}),
        )
    assert sum(recovered.values()) == 20
    assert saved_before > 0  # some imports finished between kills, others were cut short

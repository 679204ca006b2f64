"""Benchmark: bulk sends through a hostile simulator, and a network cut mid-send.

The full-size companion of tests/reliability/test_faults_bulk_send.py: for each seed, a
send of N recipients (default 10,000) through the real SendingService + SensClient with
10% HTTP 500s, a 429 rate limit, 200 ms latency and 5% accepted-then-dropped answers;
then the same send with the simulator stopped after a third of the batches and restarted
on the same port with its persisted state. Prints what was injected and what came out:
time, requests, 500s/429s/dropped answers, peak batches in doubt, duplicates and losses
(against the simulator's accepted log), the event loop's worst stall and the pause reason
shown to the user. Exit status 1 when any case was not exactly-once or left a bad journal.

    .venv/bin/python tests/benchmarks/bench_faults.py [--recipients 10000] [--seeds 1]
        [--latency 0.2] [--rate-limit 12] [--error-rate 0.1] [--drop-rate 0.05]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from console.providers.sens.client import RetryPolicy, SensClient  # noqa: E402
from console.services.sending import SendingService, SendProgress  # noqa: E402
from console.simulator import (  # noqa: E402
    DEMO_ACCESS_KEY,
    DEMO_SECRET_KEY,
    DEMO_SERVICE_ID,
    start,
)
from console.store.database import Database  # noqa: E402
from tests.reliability.faultkit import (  # noqa: E402
    ObservingTransport,
    delivery_report,
    journal_problems,
    make_specs,
    phones,
)


@dataclass
class Figures:
    seconds: float
    requests: int
    status_500: int
    status_429: int
    dropped: int
    in_doubt_peak: int
    duplicates: int
    losses: int
    worst_gap_ms: float
    runs: list[str]
    pause_reason: str = ""
    journal_ok: bool = True


async def _heartbeat(stop: asyncio.Event, gaps: list[float]) -> None:
    loop = asyncio.get_running_loop()
    last = loop.time()
    while not stop.is_set():
        await asyncio.sleep(0.01)
        now = loop.time()
        gaps.append(now - last - 0.01)
        last = now


def _client(base_url: str, transport: ObservingTransport) -> SensClient:
    return SensClient(DEMO_ACCESS_KEY, DEMO_SECRET_KEY, DEMO_SERVICE_ID, base_url=base_url,
                      transport=transport,
                      retry=RetryPolicy(attempts=5, base_delay=0.05, max_delay=0.5))


def run_case(args: argparse.Namespace, seed: int, cut: bool) -> Figures:
    numbers = phones(args.recipients, "0105")
    specs = make_specs(numbers)
    knobs: dict[str, Any] = {
        "seed": seed, "latency": args.latency, "rate_limit": args.rate_limit,
        "error_rate": args.error_rate, "drop_rate": args.drop_rate,
    }
    with tempfile.TemporaryDirectory() as folder:
        knobs["db_path"] = Path(folder) / "sim.sqlite3"
        db_path = Path(folder) / "console.sqlite3"
        db = Database(db_path)
        sim = start(port=0, **knobs)
        port = sim.port
        transport = ObservingTransport()
        progress: list[SendProgress] = []
        gaps: list[float] = []
        stopped = threading.Event()
        cut_done = threading.Event()
        runs: list[str] = []
        reason = ""

        def on_progress(p: SendProgress) -> None:
            progress.append(p)
            if cut and not cut_done.is_set() and p.accepted_batches >= len(specs) // 3:
                cut_done.set()
                stopped.set()
                threading.Thread(target=sim.stop).start()

        async def go() -> None:
            nonlocal sim, reason
            client = _client(sim.base_url, transport)
            service = SendingService(db, client, concurrency=4, settle_seconds=1.0)
            job_id = await service.create_job_async(specs, profile="bench")
            stop = asyncio.Event()
            beat = asyncio.ensure_future(_heartbeat(stop, gaps))
            try:
                for _ in range(6):
                    final = await service.run(job_id, on_progress)
                    runs.append(final.state)
                    if final.state != "paused":
                        break
                    reason = reason or (final.reason.message_en if final.reason else "")
                    if stopped.is_set():
                        for _ in range(50):  # the network comes back on the same port
                            try:
                                sim = start(port=port, **knobs)
                                break
                            except OSError:
                                await asyncio.sleep(0.1)
                        stopped.clear()
            finally:
                stop.set()
                await beat
                await client.aclose()

        started = time.perf_counter()
        asyncio.run(go())
        seconds = time.perf_counter() - started
        accepted = sim.accepted_messages()
        sim.stop()
        db.close()
        report = delivery_report(accepted, numbers)
        seen = transport.seen
        peak = max((p.ambiguous_batches for p in progress), default=0)
        return Figures(
            seconds=seconds,
            requests=seen.requests,
            status_500=seen.statuses[500],
            status_429=seen.statuses[429],
            dropped=sum(seen.send_errors.values()),
            in_doubt_peak=peak,
            duplicates=report.duplicates,
            losses=report.losses,
            worst_gap_ms=max(gaps, default=0.0) * 1000,
            runs=runs,
            pause_reason=reason,
            journal_ok=journal_problems(db_path) == [],
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--seeds", type=int, default=1)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--rate-limit", type=float, default=12.0)
    parser.add_argument("--error-rate", type=float, default=0.10)
    parser.add_argument("--drop-rate", type=float, default=0.05)
    args = parser.parse_args()
    logging.getLogger("console").setLevel(logging.ERROR)  # the expected warnings, by the 100
    print(
        f"{args.recipients:,} recipients, latency {args.latency * 1000:.0f} ms, "
        f"{args.error_rate:.0%} 500s, {args.drop_rate:.0%} dropped answers, "
        f"429 above {args.rate_limit:g} req/s; load {os.getloadavg()[0]:.2f} on "
        f"{os.cpu_count()} CPUs"
    )
    header = (f"{'case':<14}{'seed':>5}{'time s':>9}{'reqs':>7}{'500':>6}{'429':>6}"
              f"{'drop':>6}{'doubt':>7}{'dup':>5}{'lost':>6}{'stall ms':>10}  runs")
    print(header)
    bad = 0
    for seed in range(1, args.seeds + 1):
        for cut in (False, True):
            f = run_case(args, seed, cut)
            name = "network cut" if cut else "faults"
            print(f"{name:<14}{seed:>5}{f.seconds:>9.1f}{f.requests:>7}{f.status_500:>6}"
                  f"{f.status_429:>6}{f.dropped:>6}{f.in_doubt_peak:>7}{f.duplicates:>5}"
                  f"{f.losses:>6}{f.worst_gap_ms:>10.0f}  {'/'.join(f.runs)}")
            if f.pause_reason:
                print(f"{'':<14}pause shown to the user: {f.pause_reason}")
            if f.duplicates or f.losses or not f.journal_ok or f.runs[-1] != "completed":
                bad += 1
    print("exactly once, journal sound: " + ("yes" if not bad else f"NO ({bad} cases)"))
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""``python -m console.simulator --port N [knobs]``: run the SENS simulator in the foreground."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any

from console.simulator.demo import (
    DEMO_ACCESS_KEY,
    DEMO_CALLER_NUMBERS,
    DEMO_SECRET_KEY,
    DEMO_SERVICE_ID,
)
from console.simulator.server import start


def _outcomes(text: str) -> dict[str, float]:
    """"0=90,2003=5,3001=5" -> {"0": 90.0, "2003": 5.0, "3001": 5.0}."""
    result: dict[str, float] = {}
    for part in text.split(","):
        code, _, weight = part.partition("=")
        if not code.strip() or not weight.strip():
            raise argparse.ArgumentTypeError(f"expected CODE=WEIGHT, got {part!r}")
        result[code.strip()] = float(weight)
    return result


def _delay(text: str) -> float | tuple[float, float]:
    if "," in text:
        ready, processing = text.split(",", 1)
        return float(ready), float(processing)
    return float(text)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m console.simulator",
        description="Run the SENS SMS v2 simulator on loopback until interrupted.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per request")
    parser.add_argument("--rate-limit", type=float, default=None, help="requests/s before 429")
    parser.add_argument("--error-rate", type=float, default=0.0, help="fraction of 500s")
    parser.add_argument(
        "--drop-rate", type=float, default=0.0,
        help="fraction of sends accepted and then answered by a dropped connection",
    )
    parser.add_argument("--clock-skew", type=float, default=0.0, help="server clock error, s")
    parser.add_argument("--time-scale", type=float, default=1.0, help="clock acceleration")
    parser.add_argument(
        "--delivery-delay", type=_delay, default=(1.0, 2.0),
        help="simulated seconds READY->PROCESSING(,->COMPLETED), e.g. 1,2",
    )
    parser.add_argument("--delivery-jitter", type=float, default=0.5)
    parser.add_argument("--outcomes", type=_outcomes, default=None, help="e.g. 0=90,2003=10")
    parser.add_argument("--db-path", default=None, help="SQLite file to keep state in")
    parser.add_argument("--paging", choices=("nextToken", "pageIndex"), default="nextToken")
    parser.add_argument("--verbose", action="store_true", help="log every request")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    knobs: dict[str, Any] = {k: v for k, v in vars(args).items() if k != "port"}
    sim = start(port=args.port, **knobs)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    print(f"SENS simulator listening on {sim.base_url}")
    print(f"  base URL:     {sim.base_url}")
    print(f"  service ID:   {DEMO_SERVICE_ID}")
    print(f"  access key:   {DEMO_ACCESS_KEY}")
    print(f"  secret key:   {DEMO_SECRET_KEY}")
    print(f"  caller numbers: {', '.join(DEMO_CALLER_NUMBERS)}")
    print("Press Ctrl+C to stop.", flush=True)
    try:
        while not done.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

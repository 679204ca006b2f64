"""Byte-counter benchmark: prints figures and ratios (not part of the test run).

    .venv/bin/python tests/benchmarks/bench_text.py [--rounds 2000]

Target (issue 5): ``console.domain.text.measure()`` on a 2,000-byte message well
under 0.2 ms, since it runs on every keystroke. The baseline, measured in the same
run, is the bare ``len(text.encode("cp949", "replace"))`` that counts bytes and
finds nothing; measure() also locates unsupported and outside-EUC-KR characters.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from console.domain.text import measure, truncate_to_bytes

TARGET_MS = 0.2

KOREAN = truncate_to_bytes(
    "안녕하세요 고객님, 이번 달 행사 안내입니다. 매장 방문 시 10% 할인해 드립니다.\n" * 40, 2000
)
ASCII = truncate_to_bytes("Hello, this is the monthly notice. Visit us for 10% off.\n" * 60, 2000)
MIXED = truncate_to_bytes(
    ("똠방각하 Café 😀 안내 – 이벤트 “오픈” 기념 ① 쿠폰 증정! Visit www.example.com\n") * 40, 2000
)
CRLF = KOREAN.replace("\n", "\r\n")


def per_call(rounds: int, fn: Callable[[], object]) -> float:
    """Best of 5 timings of `rounds` calls, in milliseconds per call."""
    best = float("inf")
    for _ in range(5):
        gc.collect()
        start = time.perf_counter()
        for _ in range(rounds):
            fn()
        best = min(best, time.perf_counter() - start)
    return best / rounds * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=2000)
    args = parser.parse_args()
    measure("warm up caches: 가 똠 😀")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"measure() on 2,000-byte messages, {args.rounds} calls, best of 5 (load {load:.1f})")
    print(f"{'text':<8}{'bytes':>7}{'measure ms':>12}{'baseline ms':>13}{'ratio':>8}  target")
    ok = True
    for label, text in (("korean", KOREAN), ("ascii", ASCII), ("mixed", MIXED), ("crlf", CRLF)):
        ours = per_call(args.rounds, lambda text=text: measure(text))  # type: ignore[misc]
        base = per_call(
            args.rounds,
            lambda text=text: len(text.encode("cp949", "replace")),  # type: ignore[misc]
        )
        passed = ours < TARGET_MS
        ok &= passed
        print(
            f"{label:<8}{measure(text).bytes:>7}{ours:>12.4f}{base:>13.4f}{ours / base:>8.1f}"
            f"  {'OK' if passed else 'MISSED'} (< {TARGET_MS} ms)"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Personalisation benchmark: prints figures and ratios (not part of the test run).

    .venv/bin/python tests/benchmarks/bench_merge.py [--recipients 100000]

Target (issue 5): the personalised worst case (longest message, how many need LMS)
over 100,000 recipients under 300 ms. Baseline, measured in the same run: rendering
every message with ``str.replace`` and taking ``len(text.encode("cp949"))``, the
obvious way. Also shown: the per-keystroke cost with a warm ``LengthIndex`` and a
full ``build_plan`` of the same recipients (informative, no target).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from console.domain.merge import LengthIndex, worst_case
from console.domain.models import Draft, Recipient
from console.domain.plan import build_plan

TARGET_MS = 300.0
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = "민서준우현지하은도윤예진수아영호성태"
BRANCHES = ["강남점", "분당점", "해운대점", "Central Branch", "부평점"]
TEMPLATE = "#{name}님, #{지점} 이용 금액은 #{금액}원입니다. 이용해 주셔서 감사합니다."


def make_recipients(n: int, seed: int = 5) -> list[Recipient]:
    rnd = random.Random(seed)
    return [
        Recipient(
            f"010{i:08d}",
            rnd.choice(SURNAMES) + rnd.choice(GIVEN) + rnd.choice(GIVEN),
            {"지점": rnd.choice(BRANCHES), "금액": f"{rnd.randint(1000, 9_999_999):,}"},
        )
        for i in range(n)
    ]


def naive(recipients: list[Recipient]) -> tuple[int, int]:
    """Render every message and encode it: what worst_case() avoids."""
    longest = lms = 0
    for person in recipients:
        text = (
            TEMPLATE.replace("#{name}", person.name)
            .replace("#{지점}", person.fields["지점"])
            .replace("#{금액}", person.fields["금액"])
        )
        size = len(text.encode("cp949"))
        longest = max(longest, size)
        lms += size > 90
    return longest, lms


def best_ms(runs: int, fn: Callable[[], object]) -> float:
    """Best wall-clock time of `runs` calls, in ms."""
    best = float("inf")
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def best_cpu_ms(runs: int, fn: Callable[[], object]) -> float:
    """Best CPU time of `runs` calls, in ms: steadier than wall time on a busy machine."""
    best = float("inf")
    for _ in range(runs):
        gc.collect()
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    people = make_recipients(args.recipients)
    result = worst_case(TEMPLATE, people)
    assert (result.max_bytes, result.lms_count) == naive(people), "mismatch with the baseline"

    ours = best_ms(args.runs, lambda: worst_case(TEMPLATE, people))
    base = best_ms(args.runs, lambda: naive(people))
    ours_cpu = best_cpu_ms(args.runs, lambda: worst_case(TEMPLATE, people))
    base_cpu = best_cpu_ms(args.runs, lambda: naive(people))
    index = LengthIndex(people)
    index.worst_case(TEMPLATE)
    keystroke = best_ms(args.runs, lambda: index.worst_case(TEMPLATE + " 추가"))
    draft = Draft(TEMPLATE, subject="안내", caller="0212345678")
    now = datetime(2025, 5, 1, 3, 0, tzinfo=UTC)
    planning = best_ms(1, lambda: build_plan(draft, people, now=now))

    n = f"{len(people):,}"
    passed = ours < TARGET_MS
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"personalised worst case over {n} recipients (best of {args.runs}; load {load:.1f})")
    print(f"  longest {result.max_bytes} bytes, {result.lms_count:,} need LMS")
    print(f"  worst_case():             {ours:8.1f} ms   target < {TARGET_MS:.0f} ms: "
          f"{'OK' if passed else 'MISSED'}")
    print(f"  baseline (render+encode): {base:8.1f} ms   ratio {ours / base:.2f}")
    print(f"  CPU time: worst_case() {ours_cpu:.1f} ms, baseline {base_cpu:.1f} ms,"
          f" ratio {ours_cpu / base_cpu:.2f}")
    print(f"  warm LengthIndex:         {keystroke:8.1f} ms   per keystroke")
    print(f"  build_plan():             {planning:8.1f} ms   (informative)")
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())

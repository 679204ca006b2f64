"""Start-up time to the main window: frozen bundle and source run vs a bare PySide6 window.

    .venv/bin/python tests/benchmarks/bench_startup.py [--runs 5] [--bundle PATH]

Each variant is a fresh process, timed from launch until it prints that its main window
is shown (offscreen): the console through ``--self-test --startup-only --home DIR`` (the
normal start: log file, instance lock, Korean translators, settings, database, main window
with navigation, status bar and its first page; the window builds that page right after it
is shown, and the marker follows it: tests/gui/test_shell_app.py checks), the baseline a
``QMainWindow`` in a bare PySide6 script from the venv. DIR is one temporary data folder
for all runs: the warm-up run creates and migrates its database, so the timed runs start
as a user's every start but the first does, on an existing, current database. The
bundle is dist/sens-console/sens-console unless --bundle says otherwise (build it with
``bash packaging/build.sh``); without one only source and baseline are measured. Prints
median and fastest of the runs (after one warm-up run each) and the ratio to the baseline.
The variants take turns run by run, so that a load that comes and goes on a shared
machine weighs on all of them alike.

Source runs use a bytecode cache, as an installed console does (pip compiles ``.pyc`` files
on install; the bundle carries them): ``PYTHONDONTWRITEBYTECODE`` (set in some development
shells) is dropped and the ``.pyc`` files go to a temporary ``PYTHONPYCACHEPREFIX``, which
the warm-up run fills, so the working tree stays clean. ``--no-bytecode-cache`` measures
the uncached start instead (every module of ours compiled on every run).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from console.selftest import STARTUP_MARKER  # noqa: E402

BASELINE = (
    "import sys\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication(sys.argv)\n"
    "window = QMainWindow()\n"
    "window.setWindowTitle('baseline')\n"
    "window.resize(1100, 720)\n"
    "window.show()\n"
    "app.processEvents()\n"
    f"print({STARTUP_MARKER!r}, flush=True)\n"
)


def time_to_window(command: list[str], env: dict[str, str]) -> float:
    """Seconds from launching `command` until it prints the marker (then it may finish)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert process.stdout is not None
    elapsed = None
    for line in process.stdout:
        if STARTUP_MARKER in line:
            elapsed = time.perf_counter() - started
            break
    process.communicate(timeout=120)
    if elapsed is None:
        raise RuntimeError(f"{command[0]} never showed its window (exit {process.returncode})")
    return elapsed


def measure(
    variants: list[tuple[str, list[str]]], runs: int, env: dict[str, str]
) -> dict[str, list[float]]:
    """`runs` timings of each variant, taking turns (after one warm-up run each)."""
    for _name, command in variants:
        time_to_window(command, env)  # warm-up: disk cache, font cache, .pyc files
    results: dict[str, list[float]] = {name: [] for name, _command in variants}
    for _ in range(runs):
        for name, command in variants:
            results[name].append(time_to_window(command, env))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    default_bundle = ROOT / "dist" / "sens-console" / "sens-console"
    parser.add_argument("--bundle", type=Path, default=default_bundle)
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="compile every module on every run (PYTHONDONTWRITEBYTECODE=1)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-startup-") as home:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SENS_CONSOLE_HOME": home}
        if args.no_bytecode_cache:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
            env.pop("PYTHONPYCACHEPREFIX", None)
        else:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(Path(home) / "pycache")
        data = str(Path(home) / "console-home")  # made and migrated by the warm-up run
        app_args = ["--self-test", "--startup-only", "--home", data]
        variants: list[tuple[str, list[str]]] = [
            ("baseline: bare PySide6 window (source)", [sys.executable, "-c", BASELINE]),
            ("console from source", [sys.executable, "-m", "console", *app_args]),
        ]
        if args.bundle.is_file():
            variants.append(("console bundle (frozen)", [str(args.bundle), *app_args]))
        else:
            print(f"no bundle at {args.bundle}: build it with `bash packaging/build.sh`")

        results = measure(variants, args.runs, env)

    baseline = statistics.median(next(iter(results.values())))
    width = max(len(name) for name in results)
    cache = "no bytecode cache" if args.no_bytecode_cache else "bytecode cached"
    print(
        f"time to main window shown, {args.runs} runs each "
        f"(offscreen, {os.cpu_count()} CPUs, source {cache})"
    )
    print(f"{'':<{width}}  {'median':>8}  {'fastest':>8}  {'x baseline':>10}")
    for name, times in results.items():
        median = statistics.median(times)
        print(
            f"{name:<{width}}  {median:>7.3f}s  {min(times):>7.3f}s  {median / baseline:>9.1f}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

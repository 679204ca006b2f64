"""Start-up time: the main window shown, and its first page, vs a bare PySide6 window.

    .venv/bin/python tests/benchmarks/bench_startup.py [--runs 7] [--bundle PATH]

Each variant is a fresh process, timed from launch until it prints its markers (offscreen).
The console runs ``--self-test --startup-only --home DIR`` (console/startup_probe.py: the
normal start -- log file, settings, Korean translators, instance lock, the main window
shown and painted with navigation, status bar and Help menu; then the console loaded
behind it: qasync loop, database, services and the first page, shown), which prints
"main window shown" and then "first page shown". The baseline is a ``QMainWindow`` in a
bare PySide6 script from the venv, shown and painted; with a bundle, the same script frozen
by PyInstaller too, and the bundle is compared with that. Issue 11's target (within 1.5x
of the baseline) is for the window shown; the first page's figure is printed beside it.

DIR is one temporary data folder for all runs: the warm-up run creates and migrates its
database, so the timed runs start as a user's every start but the first does, on an
existing, current database. The bundle is dist/sens-console/sens-console unless --bundle
says otherwise (build it with ``bash packaging/build.sh``); without one only source and
baseline are measured. Prints median and fastest of the runs (after one warm-up run each)
and the ratio of the medians to the baseline's. The variants take turns run by run, so
that a load that comes and goes on a shared machine weighs on all of them alike.

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

from console.startup_probe import FIRST_PAGE_MARKER, STARTUP_MARKER  # noqa: E402

TARGET = 1.5  # issue 11: the window shown within 1.5x of a bare PySide6 window

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


def time_to_markers(command: list[str], env: dict[str, str]) -> tuple[float, float | None]:
    """Seconds from launching `command` until it printed that its window is shown, and
    until its first page is shown (None for the baseline, which has no page)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert process.stdout is not None
    window = page = None
    for line in process.stdout:
        if STARTUP_MARKER in line:
            window = time.perf_counter() - started
        elif FIRST_PAGE_MARKER in line:
            page = time.perf_counter() - started
            break
    process.communicate(timeout=120)
    if window is None or process.returncode:
        raise RuntimeError(f"{command[0]} did not start cleanly (exit {process.returncode})")
    return window, page


def measure(
    variants: list[tuple[str, list[str]]], runs: int, env: dict[str, str]
) -> dict[str, list[tuple[float, float | None]]]:
    """`runs` timings of each variant, taking turns (after one warm-up run each)."""
    for _name, command in variants:
        time_to_markers(command, env)  # warm-up: disk cache, font cache, .pyc files
    results: dict[str, list[tuple[float, float | None]]] = {name: [] for name, _ in variants}
    for _ in range(runs):
        for name, command in variants:
            results[name].append(time_to_markers(command, env))
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
            bare = freeze_baseline(Path(home) / "frozen-baseline")
            if bare is not None:
                variants.append(("baseline: bare PySide6 window (frozen)", [str(bare)]))
            variants.append(("console bundle (frozen)", [str(args.bundle), *app_args]))
        else:
            print(f"no bundle at {args.bundle}: build it with `bash packaging/build.sh`")

        results = measure(variants, args.runs, env)

    report(results, args)
    return 0


def freeze_baseline(folder: Path) -> Path | None:
    """The bare window script frozen by PyInstaller as the console's bundle is (one
    folder), so that the bundle is compared with a frozen bare window too (about 20 s)."""
    pyinstaller = Path(sys.executable).parent / "pyinstaller"
    if not pyinstaller.exists():
        print("PyInstaller is not installed: no frozen baseline (pip install -e .[packaging])")
        return None
    folder.mkdir(parents=True)
    script = folder / "bare.py"
    script.write_text(BASELINE, encoding="utf-8")
    subprocess.run(
        [str(pyinstaller), "--noconfirm", "--onedir", "--log-level", "ERROR",
         "--distpath", str(folder / "dist"), "--workpath", str(folder / "build"),
         "--specpath", str(folder), str(script)],
        check=True, capture_output=True,
    )  # fmt: skip
    return folder / "dist" / "bare" / "bare"


def report(results: dict[str, list[tuple[float, float | None]]], args: argparse.Namespace) -> None:
    """The table: medians, fastest, and ratios to the bare window of the same kind
    (source runs to the source baseline, the bundle to the frozen one when there is one)."""
    baselines = {
        name.rsplit("(", 1)[1].rstrip(")"): statistics.median(w for w, _p in times)
        for name, times in results.items()
        if name.startswith("baseline")
    }
    width = max(len(name) for name in results)
    cache = "no bytecode cache" if args.no_bytecode_cache else "bytecode cached"
    print(f"start-up, {args.runs} runs each (offscreen, {os.cpu_count()} CPUs, source {cache})")
    print(
        f"{'':<{width}}  {'window shown: median':>20}  {'fastest':>8}  {'x baseline':>10}"
        f"  {'first page: median':>18}  {'x baseline':>10}"
    )
    for name, times in results.items():
        kind = "frozen" if "frozen" in name and "frozen" in baselines else "source"
        baseline = baselines[kind]
        window = statistics.median(w for w, _p in times)
        pages = [p for _w, p in times if p is not None]
        page = (
            f"{statistics.median(pages):>17.3f}s  {statistics.median(pages) / baseline:>9.2f}x"
            if pages
            else f"{'-':>18}  {'':>10}"
        )
        print(
            f"{name:<{width}}  {window:>19.3f}s  {min(w for w, _p in times):>7.3f}s"
            f"  {window / baseline:>9.2f}x  {page}"
        )
    for kind, console in (("source", "console from source"), ("frozen", "console bundle (frozen)")):
        if kind in baselines and console in results:
            ratio = statistics.median(w for w, _p in results[console]) / baselines[kind]
            verdict = "met" if ratio <= TARGET else "NOT met"
            print(f"target: {console}: window shown within {TARGET}x of the bare {kind} window:"
                  f" {ratio:.2f}x, {verdict}")  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(main())

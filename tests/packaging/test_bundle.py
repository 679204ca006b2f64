"""The desktop app's `--self-test`: from source (always) and from the frozen Linux bundle.

The bundle test builds the one-folder app with packaging/build.sh (about two minutes on
two cores) and runs ``<bundle>/sens-console --self-test``; it runs only when
SENS_CONSOLE_BUILD_BUNDLE=1 (CI sets it in .ci/run) and is marked ``packaging``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD_ENV = "SENS_CONSOLE_BUILD_BUNDLE"
EXPECTED_CHECKS = (
    "qt platform",
    "translations",
    "icon",
    "time zones",
    "keyring",
    "metadata",
    "window",
    "pages",
    "about",
    "demo send",
    "shutdown",
    "no error dialogs",
    "no errors logged",
)


def run_self_test(
    command: list[str], home: Path, *extra: str, timeout: float = 240
) -> subprocess.CompletedProcess[str]:
    """Run `command --self-test` with SENS_CONSOLE_HOME pointing at `home` (which the
    self-test must leave alone: it makes its own temporary home)."""
    env = dict(os.environ)
    env["SENS_CONSOLE_HOME"] = str(home)
    return subprocess.run(
        [*command, "--self-test", *extra],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def assert_passed(result: subprocess.CompletedProcess[str], home: Path) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    for name in EXPECTED_CHECKS:
        assert re.search(rf"^ok\s+{re.escape(name)}\s", result.stdout, re.MULTILINE), output
    assert f"self-test passed: {len(EXPECTED_CHECKS)}/{len(EXPECTED_CHECKS)}" in result.stdout
    assert not any(home.iterdir()), f"the self-test wrote into SENS_CONSOLE_HOME: {output}"


def test_self_test_from_source(console_home: Path) -> None:
    result = run_self_test([sys.executable, "-m", "console"], console_home)
    assert_passed(result, console_home)
    assert "(source)" in result.stdout
    assert re.search(r"^ok\s+demo send\s+2/2 messages", result.stdout, re.MULTILINE)


def test_startup_only_on_a_data_folder_that_outlives_the_run(
    console_home: Path, tmp_path: Path
) -> None:
    """``--startup-only --home DIR`` (what bench_startup.py times, console/startup_probe.py)
    starts on DIR as a user's start does: window first, then the first page; the first run
    makes and migrates the database and opens the log, the next finds them;
    SENS_CONSOLE_HOME is still left alone. The full self-test refuses --home (it never
    touches an existing data folder)."""
    home = tmp_path / "bench-home"
    command = [sys.executable, "-m", "console"]
    for _run in range(2):
        result = run_self_test(command, console_home, "--startup-only", "--home", str(home))
        output = result.stdout + result.stderr
        assert result.returncode == 0, output
        assert result.stdout == "startup: main window shown\nstartup: first page shown\n"
        assert (home / "data" / "console.sqlite3").is_file()
        assert (home / "logs" / "sens-console.log").is_file()
    assert not any(console_home.iterdir())
    refused = run_self_test(command, console_home, "--home", str(home))
    assert refused.returncode == 2 and "--startup-only" in refused.stderr


def test_nothing_heavy_is_loaded_before_the_window_is_shown(tmp_path: Path) -> None:
    """A start shows its window before asyncio, the store, the services, httpx, the pages
    or the log file's handler module load (issue 11): checked at the moment the window of
    the real start (console.app.open_window) is on screen."""
    probe = (
        "import sys\n"
        "from console.app import make_application, open_window\n"
        "shown = open_window(make_application(['x']), log_to_stderr=False)\n"
        "assert shown is not None and shown.window.isVisible()\n"
        "heavy = ['asyncio', 'qasync', 'sqlite3', 'httpx', 'keyring', 'console.context',\n"
        "         'console.session', 'console.store', 'console.services', 'console.domain',\n"
        "         'console.ui.common.messages', 'console.ui.compose', 'console.ui.about',\n"
        "         'logging.handlers']\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SENS_CONSOLE_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # (logging.handlers loads right after the window: the log file opens then.)
    assert result.stdout.strip() == "['logging.handlers']", result.stdout + result.stderr


def test_self_test_fails_and_still_reports_when_a_step_cannot_finish(console_home: Path) -> None:
    """A step that does not finish in time fails the run (exit 1), and the console is
    still shut down and the report printed."""
    result = run_self_test(
        [sys.executable, "-m", "console"], console_home, "--timeout", "0.001"
    )
    assert result.returncode == 1, result.stdout + result.stderr
    # The step that runs out of time: the first one, or the pages when the window and its
    # first page were up within the timeout (the window step waits for nothing more).
    timed_out = r"^FAIL\s+(window|pages)\s+timed out"
    assert re.search(timed_out, result.stdout, re.MULTILINE), result.stdout
    assert re.search(r"^ok\s+shutdown\s", result.stdout, re.MULTILINE), result.stdout
    assert "self-test FAILED" in result.stdout


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


@pytest.mark.packaging
@pytest.mark.timeout(1500)
@pytest.mark.skipif(
    os.environ.get(BUILD_ENV) != "1",
    reason=f"set {BUILD_ENV}=1 to build the Linux bundle (about 2 minutes) and self-test it",
)
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="builds the Linux bundle")
def test_frozen_bundle_builds_and_passes_its_self_test(
    tmp_path: Path, console_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dist, work = tmp_path / "dist", tmp_path / "work"
    started = time.monotonic()
    build = subprocess.run(
        ["bash", str(ROOT / "packaging" / "build.sh"), "--dist", str(dist), "--work", str(work)],
        cwd=ROOT,
        env={**os.environ, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    build_seconds = time.monotonic() - started
    assert build.returncode == 0, build.stdout[-5000:] + build.stderr[-5000:]
    bundle = dist / "sens-console"
    executable = bundle / "sens-console"
    assert executable.is_file()

    internal = bundle / "_internal"
    for relative in (
        "resources/translations/shell_ko.qm",
        "resources/icons/app/sens-console-256.png",
        "licenses/LGPL-3.0.txt",
        "licenses/python/LICENSE.txt",
        "tzdata/zoneinfo/Asia/Seoul",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/translations/qtbase_ko.qm",
    ):
        assert (internal / relative).is_file(), f"{relative} is not in the bundle"

    result = run_self_test([str(executable)], console_home)
    assert_passed(result, console_home)
    assert "(bundle)" in result.stdout

    # The X11 plugin and the system libraries it pulls in load too (CI has Xvfb).
    xvfb = shutil.which("xvfb-run")
    if xvfb is not None:
        x11 = run_self_test([xvfb, "-a", str(executable)], console_home, "--platform", "xcb")
        assert_passed(x11, console_home)

    size_mb = _size(bundle) / 1e6
    with capsys.disabled():
        print(
            f"\nLinux bundle: built in {build_seconds:.0f} s, {size_mb:.0f} MB, "
            f"{sum(1 for p in bundle.rglob('*') if p.is_file())} files"
        )
    assert size_mb < 400, f"the bundle grew to {size_mb:.0f} MB"

"""``sens-console --self-test``: prove that this build works, end to end, without a screen.

The self-test is what CI runs on the frozen bundle (and a test runs from source): a
bundle that is missing a Qt plugin, a translation, the time-zone data, a keyring backend
or a lazily imported module (pages and the simulator are imported by name) fails here
instead of on an office PC. It

1. starts Qt offscreen (``QT_QPA_PLATFORM=offscreen``; ``--platform xcb`` under Xvfb
   checks the X11 plugin instead) on a fresh temporary
   ``SENS_CONSOLE_HOME`` (the user's data, settings and keyring are never touched; secrets
   go to an in-memory keyring);
2. checks resources: the Korean ``.qm`` files (Qt's own included) load, the icon loads,
   ``Asia/Seoul`` comes from the bundled tzdata, the platform's keyring backend is there,
   the package metadata (version, licences) is there;
3. builds the real main window in Korean (:class:`console.session.ConsoleApp`), opens every
   page and the About dialog;
4. sends a demo message to a couple of recipients through the real path: domain plan ->
   :class:`console.services.sending.SendingService` on the demo profile's ``SensClient``
   (``context.client()``, which starts the embedded simulator) run by ``context.tasks``,
   then waits until the simulator's accepted log has every message and History has the
   requests;
5. shuts the console down as a window close would, and fails on any error logged or
   error dialog left open on the way.

It prints one line per check and exits 0 only when every check passed.

Options: ``--platform xcb`` (X11 under Xvfb instead of offscreen), ``--timeout S``,
``--report FILE`` (also write the report there: a windowed Windows build has no stdout),
``--startup-only [--home DIR]`` (a user's start, timed by tests/benchmarks/bench_startup.py:
see :mod:`console.startup_probe`, which ``console.app`` runs instead of this module).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from console.app import SELF_TEST_FLAG
from console.startup_probe import ErrorRecords

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from console.session import ConsoleApp

DEFAULT_TIMEOUT = 120.0
#: Recipients of the demo send (010 numbers; the simulator accepts any valid number).
DEMO_RECIPIENTS = (("01055500001", "김민준"), ("01055500002", "이서연"))
DEMO_TEXT = "[자가 점검] #{이름}님, 발송 경로 점검 메시지입니다."
#: Keyring backends the bundle must carry, by platform (entry-point name, module).
KEYRING_BACKENDS = {
    "win32": ("Windows", "keyring.backends.Windows"),
    "darwin": ("macOS", "keyring.backends.macOS"),
}
DEFAULT_KEYRING_BACKEND = ("SecretService", "keyring.backends.SecretService")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Check:
    """The outcome of one self-test step."""

    name: str
    ok: bool
    detail: str


# --- checks that need no window --------------------------------------------------------------


def check_platform(app: QApplication, wanted: str) -> Check:
    from PySide6.QtCore import qVersion

    name = app.platformName()
    return Check("qt platform", name == wanted, f"Qt {qVersion()}, platform plugin {name!r}")


def check_translations(app: QApplication) -> Check:
    """Every pane's Korean .qm and Qt's own qtbase_ko.qm load."""
    from console.app import install_translators, translations_dir

    ours = sorted(p.name for p in translations_dir().glob("*_ko.qm"))
    installed = install_translators(app, "ko")
    expected = len(ours) + 1  # + Qt's qtbase_ko.qm
    ok = bool(ours) and len(installed) == expected
    return Check(
        "translations",
        ok,
        f"{len(installed)} of {expected} Korean translation files loaded ({', '.join(ours)})",
    )


def check_icon(app: QApplication) -> Check:
    from console.app import resources_dir

    icon = app.windowIcon()
    sizes = sorted(s.width() for s in icon.availableSizes())
    ok = not icon.isNull() and 256 in sizes
    return Check("icon", ok, f"{len(sizes)} sizes from {resources_dir() / 'icons' / 'app'}")


def check_time_zones() -> Check:
    """Asia/Seoul from the bundled tzdata package (Windows has no system database)."""
    import zoneinfo
    from datetime import datetime
    from importlib import resources

    try:
        bundled = resources.files("tzdata").joinpath("zoneinfo", "Asia", "Seoul").is_file()
    except ModuleNotFoundError:
        bundled = False
    try:
        offset = datetime(2026, 1, 1, tzinfo=zoneinfo.ZoneInfo("Asia/Seoul")).utcoffset()
    except zoneinfo.ZoneInfoNotFoundError:
        offset = None
    ok = bundled and offset is not None and offset.total_seconds() == 9 * 3600
    return Check("time zones", ok, f"tzdata Asia/Seoul bundled={bundled}, UTC offset {offset}")


def check_keyring() -> Check:
    """The platform's keyring backend is importable and registered (entry points come
    from keyring's metadata, which a bundle must carry); on Windows and macOS the default
    backend must be a usable one (Credential Manager, Keychain)."""
    from importlib.metadata import entry_points

    import keyring

    from console.secrets import backend_usable

    wanted, module = KEYRING_BACKENDS.get(sys.platform, DEFAULT_KEYRING_BACKEND)
    registered = {ep.name for ep in entry_points(group="keyring.backends")}
    try:
        importlib.import_module(module)
        importable = True
    except Exception as exc:  # a missing module or one of its dependencies
        importable = False
        log.warning("keyring backend %s does not import: %s", module, exc)
    backend = keyring.get_keyring()
    usable = backend_usable(backend)
    ok = importable and wanted in registered
    if sys.platform in KEYRING_BACKENDS:
        ok = ok and usable
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    return Check(
        "keyring",
        ok,
        f"{module} importable={importable}, registered={wanted in registered}; "
        f"default backend {name} (usable={usable})",
    )


def check_metadata() -> Check:
    """Version and licences come from package metadata, which the bundle must carry."""
    from console import __version__
    from console.ui.about import app_version, bundled_components

    version = app_version()
    components = bundled_components()
    unknown = [c.name for c in components if c.licence == "?"]
    ok = version == __version__ and len(components) > 10 and not unknown
    detail = f"version {version}, {len(components)} components with licences"
    if unknown:
        detail += f"; no licence for {', '.join(unknown)}"
    return Check("metadata", ok, detail)


# --- the window, the pages and the demo send ----------------------------------------------


class _GuiSteps:
    """The steps that need the running console (inside the qasync loop)."""

    def __init__(self, console: ConsoleApp) -> None:
        self.console = console
        self.window = console.window
        self.context = console.context
        self.checks: list[Check] = []
        self.step = "start"

    async def run(self) -> None:
        steps: list[tuple[str, Callable[[], Awaitable[Check]]]] = [
            ("window", self.open_window),
            ("pages", self.open_pages),
            ("about", self.open_about),
            ("demo send", self.demo_send),
        ]
        for name, step in steps:
            self.step = name
            try:
                check = await step()
            except Exception as exc:
                log.exception("self-test step %s failed", name)
                check = Check(name, False, f"{type(exc).__name__}: {exc}")
            self.checks.append(check)
            if not check.ok and name in ("window", "demo send"):
                break

    async def open_window(self) -> Check:
        self.console.show()
        # The window builds its first page right after it is shown (a zero-delay timer).
        window = self.window
        deadline = time.monotonic() + 30.0
        while not (
            window.has_page(window.current_page_key())
            and window.page(window.current_page_key()).isVisible()
        ):
            if time.monotonic() > deadline:
                return Check("window", False, "the first page was not built within 30 s")
            await asyncio.sleep(0)
        title = window.page_title("compose")
        # Korean must be on screen: the navigation label is not the English source text.
        ok = window.isVisible() and title != "Compose"
        return Check("window", ok, f"main window shown, title {self.window.windowTitle()!r}")

    async def open_pages(self) -> Check:
        from console.ui.main_window import PAGE_KEYS, BrokenPage

        opened, broken = [], []
        for key in PAGE_KEYS:
            self.window.open_page(key)
            await asyncio.sleep(0.05)  # let the page's own start-up run
            page = self.window.page(key)
            shown = self.window.current_page_key() == key and page.isVisible()
            if isinstance(page, BrokenPage) or not shown:
                reason = getattr(page, "error", "not shown")
                broken.append(f"{key} ({type(reason).__name__}: {reason})")
            else:
                opened.append(key)
        detail = f"{len(opened)}/{len(PAGE_KEYS)} opened: {', '.join(opened)}"
        if broken:
            detail += f"; broken: {', '.join(broken)}"
        return Check("pages", not broken, detail)

    async def open_about(self) -> Check:
        from PySide6.QtGui import QAction

        from console.ui.about import AboutDialog

        # Through the Help > About menu entry that console.app installs.
        action = self.window.findChild(QAction, "aboutAction")
        if action is None:
            return Check("about", False, "no Help > About entry in the main window")
        action.trigger()
        await asyncio.sleep(0.05)
        dialog = self.window.findChild(AboutDialog)
        if dialog is None:
            return Check("about", False, "Help > About opened no dialog")
        rows = dialog.table.rowCount()
        ok = dialog.isVisible() and dialog.version in dialog.version_label.text() and rows > 10
        detail = f"version label {dialog.version_label.text()!r}, {rows} components"
        dialog.close()
        return Check("about", ok, detail)

    async def demo_send(self) -> Check:
        from console.domain.models import Draft, Recipient
        from console.domain.plan import build_plan
        from console.services.sending import SendingService
        from console.simulator.demo import DEMO_CALLER_NUMBERS
        from console.store.history import requests_of_job

        context = self.context
        profile = context.profile
        if not profile.is_demo:
            return Check("demo send", False, f"not in demo mode (profile {profile.name!r})")
        client = context.client()  # demo profile: starts the embedded simulator
        simulator = context.simulator
        recipients = [Recipient(phone, name) for phone, name in DEMO_RECIPIENTS]
        draft = Draft(content=DEMO_TEXT, caller=DEMO_CALLER_NUMBERS[0])
        prices = {kind: profile.price(kind) for kind in ("SMS", "LMS", "MMS")}
        plan = build_plan(draft, recipients, prices=prices)
        service = SendingService(context.db, client)
        job_id = await service.create_job_async(plan, profile=profile.id, title="self-test")
        progress = await context.tasks.start("self-test-send", service.run(job_id))
        if progress.state != "completed" or progress.accepted_recipients != len(recipients):
            reason = progress.reason.message_en if progress.reason else "no reason given"
            return Check(
                "demo send",
                False,
                f"job {progress.state}: {progress.accepted_recipients}/{len(recipients)} "
                f"accepted ({reason})",
            )

        # The simulator's own log is the proof that SENS (as simulated) got every message.
        wanted = {r.phone for r in recipients}
        history = {row.request_id for row in requests_of_job(context.db, job_id)}
        deadline = time.monotonic() + 15.0
        while True:
            accepted = [m for m in simulator.accepted_messages() if m.request_id in history]
            if {m.to for m in accepted} >= wanted or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.1)
        got = sorted(m.to for m in accepted)
        ok = sorted(wanted) == got and bool(history)
        return Check(
            "demo send",
            ok,
            f"{len(got)}/{len(wanted)} messages in the simulator's accepted log, "
            f"{len(history)} request(s) in History, via {simulator.base_url}",
        )


async def _gui_checks(app: QApplication, timeout: float) -> list[Check]:
    from console.secrets import SecretStore, memory_keyring
    from console.session import ConsoleApp
    from console.settings import Settings, data_dir

    console = ConsoleApp(
        app,
        language="ko",
        settings=Settings(),
        secrets=SecretStore(memory_keyring()),
        directory=data_dir(),
    )
    steps = _GuiSteps(console)
    console.install_hooks()
    try:
        await asyncio.wait_for(steps.run(), timeout)
    except TimeoutError:
        steps.checks.append(Check(steps.step, False, f"timed out after {timeout:.0f} s"))
    finally:
        dialogs = [box.text() for box in console.bridge.open_dialogs()]
        started = time.monotonic()
        try:
            await asyncio.wait_for(console.shutdown(), 30.0)
            closed = console.context.simulator is None and console.context.tasks.closed
            detail = f"closed in {time.monotonic() - started:.2f} s"
        except Exception as exc:
            closed, detail = False, f"{type(exc).__name__}: {exc}"
        steps.checks.append(Check("shutdown", closed, detail))
    steps.checks.append(
        Check(
            "no error dialogs",
            not dialogs,
            "none" if not dialogs else " | ".join(d.replace("\n", " ") for d in dialogs),
        )
    )
    return steps.checks


def _run_checks(timeout: float, platform_name: str) -> list[Check]:
    import qasync

    from console.app import make_application

    # As console.app.main() does (the version check against the metadata is check_metadata).
    app = make_application([sys.argv[0]])
    checks = [check_platform(app, platform_name), check_translations(app)]
    checks += [check_icon(app), check_time_zones(), check_keyring(), check_metadata()]
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        checks += loop.run_until_complete(_gui_checks(app, timeout))
    asyncio.set_event_loop(None)
    return checks


def format_report(checks: Sequence[Check], seconds: float) -> str:
    width = max((len(c.name) for c in checks), default=0)
    lines = [f"{'ok  ' if c.ok else 'FAIL'}  {c.name:<{width}}  {c.detail}" for c in checks]
    passed = bool(checks) and all(c.ok for c in checks)
    verdict = "passed" if passed else "FAILED"
    lines.append(
        f"self-test {verdict}: {sum(c.ok for c in checks)}/{len(checks)} checks in {seconds:.1f} s"
    )
    return "\n".join(lines)


def run(argv: Sequence[str] | None = None) -> int:
    """Run the self-test; 0 when every check passed, 1 otherwise."""
    from console import __version__
    from console.settings import HOME_ENV

    parser = argparse.ArgumentParser(prog="sens-console", add_help=False)
    parser.add_argument(SELF_TEST_FLAG, action="store_true")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT)
    parser.add_argument("--report", type=Path, help="also write the report to this file")
    # "xcb" (under Xvfb) proves that the bundle's X11 plugin and its libraries load too.
    parser.add_argument("--platform", default="offscreen", help="Qt platform plugin to use")
    # (--home belongs to --startup-only, console/startup_probe.py, which console.app runs
    # instead of this module.)
    parser.add_argument("--home", type=Path)
    args, _unknown = parser.parse_known_args(list(argv if argv is not None else sys.argv[1:]))
    if args.home is not None:
        parser.error(
            "--home is only for --startup-only (the full self-test never touches "
            "an existing data folder)"
        )

    started = time.monotonic()
    saved = {name: os.environ.get(name) for name in (HOME_ENV, "QT_QPA_PLATFORM")}
    collector = ErrorRecords()
    root = logging.getLogger()
    root.addHandler(collector)
    header = f"sens-console {__version__} self-test ({'bundle' if _frozen() else 'source'})"
    folder = tempfile.TemporaryDirectory(
        prefix="sens-console-self-test-", ignore_cleanup_errors=True
    )
    try:
        with folder as home:
            os.environ[HOME_ENV] = home
            os.environ["QT_QPA_PLATFORM"] = args.platform
            try:
                checks = _run_checks(args.timeout, args.platform)
            except Exception as exc:  # the report must still be printed
                log.exception("self-test crashed")
                checks = [Check("self-test", False, f"{type(exc).__name__}: {exc}")]
    finally:
        root.removeHandler(collector)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    errors = [f"{r.name}: {r.getMessage()}" for r in collector.records]
    checks.append(Check("no errors logged", not errors, "; ".join(errors)[:2000] or "none"))
    report = header + "\n" + format_report(checks, time.monotonic() - started)
    print(report, flush=True)  # no-op in a Windows GUI build without a console
    if args.report is not None:
        args.report.write_text(report + "\n", encoding="utf-8")
    return 0 if all(c.ok for c in checks) else 1


def _frozen() -> bool:
    return bool(getattr(sys, "frozen", False))

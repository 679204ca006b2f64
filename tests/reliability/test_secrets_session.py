"""No secret key and no request signature is written anywhere; TLS cannot be switched off.

A scripted session on a fresh data folder: a profile is created with a recognisable secret
key (settings + keyring), the simulator knows that account, the console sends through the
real client with it (with dropped answers, so warnings are logged), tests a wrong secret,
polls History, searches the server, exports History to .xlsx and .csv, and an unexpected
exception (whose text carries the secret and the signed request's headers) goes through
``sys.excepthook`` to the log and the crash dialog. Then every file under the console's
folder (database and its WAL, logs, settings, exports; .xlsx unzipped) is searched for the
secret and for every signature the client really sent: none may be there.

TLS: the client's connection pool verifies certificates and the client offers no way to
turn that off; a server with a self-signed certificate is a clear SensError.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import inspect
import ipaddress
import logging
import ssl
import sys
import threading
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest

from console.context import AppContext
from console.providers.sens import SensClient, SensError, SensNetworkError
from console.providers.sens.client import RetryPolicy
from console.secrets import SecretStore
from console.services.history import (
    HistoryPoller,
    ServerSearch,
    export_history,
    search_server,
)
from console.services.sending import SendingService
from console.settings import Profile, Settings, data_dir, log_dir
from console.simulator import Account, start
from console.store.database import Database
from console.store.history import HistoryFilter
from tests.reliability.faultkit import ObservingTransport, make_specs, phones

pytestmark = pytest.mark.slow

SECRET = "LeakCanarySecret-7f3a9c2e-분실주의-0123456789abcdef"
ACCESS_KEY = "CANARYACCESSKEY00001"
SERVICE_ID = "ncp:sms:kr:424242424242:leakcheck"
CALLER = "0215770000"


def _files(root: Path) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of every file under `root`, and of every member of its zip files."""
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        yield str(path.relative_to(root)), data
        if data[:4] == b"PK\x03\x04":
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    yield f"{path.relative_to(root)}!{member}", archive.read(member)


def _leaks(root: Path, needles: set[str]) -> list[str]:
    found = []
    for name, data in _files(root):
        for needle in needles:
            for encoded in (needle.encode("utf-8"), needle.encode("utf-16-le")):
                if encoded in data:
                    found.append(f"{name}: {needle[:12]}...")
    return found


def _explode(headers: Any) -> None:
    secret = SECRET  # a local of the failing frame, as real code would have
    raise RuntimeError(f"unexpected answer for secret={secret} with request headers {headers!r}")


@pytest.fixture
def file_logging(console_home: Path) -> Iterator[Path]:
    """The console's own file logging (redacting) at DEBUG, removed afterwards."""
    from console.logs import setup_logging

    root = logging.getLogger()
    level = root.level
    path = setup_logging(log_dir(), level=logging.DEBUG, console=False)
    for name in ("httpx", "console"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    yield path
    for handler in list(root.handlers):
        if getattr(handler, "_sens_console", False):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    for name in ("httpx", "console"):
        logging.getLogger(name).setLevel(logging.NOTSET)


@pytest.mark.timeout(180)
def test_scripted_session_leaves_no_secret_or_signature(
    qapp: Any, qloop: Any, console_home: Path, file_logging: Path, tally: Any
) -> None:
    from console.session import DB_FILE_NAME, ConsoleApp

    account = Account(SERVICE_ID, ACCESS_KEY, SECRET, (CALLER,))
    sim = start(port=0, seed=3, accounts=[account], drop_rate=0.3, time_scale=50,
                delivery_delay=2.0)
    transports: list[ObservingTransport] = []

    def factory(access_key: str, secret_key: str, service_id: str, _base: str) -> SensClient:
        transport = ObservingTransport()
        transports.append(transport)
        return SensClient(access_key, secret_key, service_id, base_url=sim.base_url,
                          transport=transport, retry=RetryPolicy(attempts=2, base_delay=0.01))

    settings = Settings()
    secrets = SecretStore()
    context = AppContext(Database(data_dir() / DB_FILE_NAME), settings, secrets,
                         language="ko", client_factory=factory)
    exports = console_home / "exports"
    exports.mkdir()
    app = None
    try:
        # The profile, as the Settings pane saves it: fields to settings, secret to keyring.
        profile = settings.save_profile(
            Profile(name="누출 점검", service_id=SERVICE_ID, access_key=ACCESS_KEY,
                    caller_numbers=(CALLER,))
        )
        secrets.set(profile.id, SECRET)
        context.set_active_profile(profile.id)
        numbers = phones(500, "0109")

        async def session() -> None:
            check = await context.check_connection()
            assert check.ok, check.message_en
            wrong = await context.check_connection(profile, secret=SECRET[::-1])
            assert wrong.kind == "auth"
            service = SendingService(context.db, context.client(), settle_seconds=0.3)
            job_id = await service.create_job_async(make_specs(numbers, caller=CALLER),
                                                    profile=profile.id)
            final = await service.run(job_id)
            assert final.state == "completed", final.reason
            poller = HistoryPoller(context.db, context.client)
            await asyncio.sleep(0.2)  # 10 simulated seconds: results are in
            await poller.poll_once()
            poller.close()
            now = dt.datetime.now(dt.UTC)
            await search_server(context.db, context.client(),
                                ServerSearch(now - dt.timedelta(hours=1), now))

        qloop.run_until_complete(session())
        export_history(context.db, exports / "내역.xlsx", HistoryFilter(), "ko")
        export_history(context.db, exports / "history.csv", HistoryFilter(), "en")

        # An unexpected error through the app's excepthook (log + crash dialog).
        app = ConsoleApp(qapp, language="ko", context=context, log_path=file_logging)
        app.install_hooks()
        signed = next(t for t in transports if t.seen.signatures)
        headers = {"x-ncp-apigw-signature-v2": next(iter(signed.seen.signatures)),
                   "x-ncp-iam-access-key": ACCESS_KEY}
        try:
            _explode(headers)
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
        finally:
            app.remove_hooks()
        dialogs = app.bridge.open_dialogs()
        assert dialogs, "the unexpected error was not shown"
        crash_details = "\n".join(box.detailedText() for box in dialogs)
        for box in dialogs:
            box.close()
    finally:
        with contextlib.suppress(Exception):
            qloop.run_until_complete(context.aclose())
        if app is not None:
            app.window.close()
            app.window.deleteLater()
        sim.stop()
    for handler in logging.getLogger().handlers:
        handler.flush()

    signatures = set().union(*(t.seen.signatures for t in transports))
    sent = len(sim.accepted_messages())
    tally.record("secrets: scripted session", sent=sent,
                 faults=sum(t.seen.faults for t in transports))
    assert len(signatures) > 10 and sent == len(numbers)
    log_text = file_logging.read_text(encoding="utf-8")
    assert "unexpected error" in log_text and "RuntimeError" in log_text  # the crash was logged
    assert "[REDACTED]" in log_text  # ... with the secret and the signature masked
    assert (exports / "history.csv").stat().st_size > 0
    assert _leaks(console_home, {SECRET, *signatures}) == []
    assert "RuntimeError" in crash_details  # the dialog has the details (redacted: see below)


def test_crash_dialog_details_are_redacted(qtbot: Any) -> None:
    from PySide6.QtWidgets import QMainWindow

    from console import logs
    from console.ui.common.messages import MessageBridge

    logs.register_secret(SECRET)
    window = QMainWindow()
    qtbot.addWidget(window)
    bridge = MessageBridge(window, "en")
    try:
        _explode({"x-ncp-apigw-signature-v2": "c2lnbmF0dXJlLXZhbHVlLTEyMzQ1Njc4OTA="})
    except RuntimeError as exc:
        bridge.unexpected(type(exc), exc, exc.__traceback__)
    details = "\n".join(box.detailedText() for box in bridge.open_dialogs())
    for box in bridge.open_dialogs():
        box.close()
    assert "RuntimeError" in details
    assert SECRET not in details
    assert "c2lnbmF0dXJlLXZhbHVlLTEyMzQ1Njc4OTA=" not in details


# --- TLS ----------------------------------------------------------------------------------


def test_client_verifies_certificates_and_offers_no_switch() -> None:
    client = SensClient(ACCESS_KEY, SECRET, SERVICE_ID)
    try:
        pool = client._http._transport._pool  # type: ignore[attr-defined]
        context: ssl.SSLContext = pool._ssl_context
        assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    finally:
        asyncio.run(client.aclose())
    # Neither the client nor the context's client factory can be told not to verify.
    assert "verify" not in inspect.signature(SensClient).parameters
    root = Path(__file__).resolve().parents[2] / "console"
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "verify=False" in path.read_text(encoding="utf-8")
        or "CERT_NONE" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def _self_signed(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sens.apigw.ntruss.com")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture
def impostor(tmp_path: Path) -> Iterator[tuple[str, list[str]]]:
    """An HTTPS server with a self-signed certificate; yields its URL and the paths asked."""
    pytest.importorskip("cryptography")
    cert, key = _self_signed(tmp_path)
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'{"messages": []}')

        do_POST = do_GET

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = HTTPServer(("127.0.0.1", 0), Handler)
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}", asked
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def _against(url: str, call: str) -> BaseException:
    async def run() -> BaseException:
        client = SensClient(ACCESS_KEY, SECRET, SERVICE_ID, base_url=url,
                            retry=RetryPolicy(attempts=1))
        try:
            if call == "send":
                await client.send_message({"type": "SMS", "from": CALLER, "content": "x",
                                           "messages": [{"to": "01012345678"}]})
            else:
                await client.verify()
        except BaseException as exc:
            return exc
        finally:
            await client.aclose()
        raise AssertionError("the impostor was trusted")

    return asyncio.run(run())


@pytest.mark.parametrize("call", ["verify", "send"])
def test_a_wrong_certificate_is_a_clear_error_and_nothing_is_sent(
    impostor: tuple[str, list[str]], call: str, tally: Any
) -> None:
    url, asked = impostor
    error = _against(url, call)
    tally.record("secrets: TLS impostor", faults=1)
    assert isinstance(error, SensNetworkError), repr(error)  # certainly not sent, not ambiguous
    assert error.message("ko").strip() and error.message("en").strip()
    assert "CERTIFICATE_VERIFY_FAILED" in error.detail
    assert asked == []  # no request (and so no signature) reached the impostor


def test_a_wrong_certificate_message_names_the_certificate(
    impostor: tuple[str, list[str]],
) -> None:
    error = _against(impostor[0], "verify")
    assert isinstance(error, SensError)
    assert "certificate" in error.message("en").lower() and "인증서" in error.message("ko")

"""Logging setup with redaction: no secret key, access key or signature reaches a log.

Redaction works two ways: every secret and access key the console handles is registered
here (:func:`register_secret`, called by :mod:`console.secrets` and the context) and
replaced literally; and anything that looks like an NCP signing header or a
``secret``/``signature``/``access key`` assignment is masked by pattern, so that a value
we never saw (e.g. a signature computed inside httpx) is covered too.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
from pathlib import Path

MASK = "[REDACTED]"

_lock = threading.Lock()
_secrets: set[str] = set()

# Header names / keys whose values are credentials, in "name: value", "name=value",
# "'name': 'value'" and JSON forms.
_KEY_NAMES = (
    r"x-ncp-apigw-signature-v2|x-ncp-iam-access-key|x-ncp-apigw-api-key|authorization|"
    r"secret[_-]?key|secret|signature|access[_-]?key|password"
)
_PATTERN = re.compile(
    rf"""(?P<name>["']?(?:{_KEY_NAMES})["']?\s*[:=]\s*(?:b?["'])?)(?P<value>[^\s"',;}})\]]+)""",
    re.IGNORECASE,
)


def register_secret(value: str) -> None:
    """Mask `value` in every log line from now on (values under 4 characters are ignored:
    masking them would garble ordinary text)."""
    if value and len(value) >= 4:
        with _lock:
            _secrets.add(value)


def redact(text: str) -> str:
    """`text` with registered secrets and credential-looking values masked."""
    with _lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    return _PATTERN.sub(lambda m: m.group("name") + MASK, text)


class RedactingFilter(logging.Filter):
    """Renders the record's message once and masks it (args may hold secrets too)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep the raw message
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        return True


class RedactingFormatter(logging.Formatter):
    """Masks the final text, including tracebacks (exception messages may echo secrets)."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LOG_FILE_NAME = "sens-console.log"


def log_file(directory: Path) -> Path:
    """The log file :func:`setup_logging` writes in `directory`."""
    return directory / LOG_FILE_NAME


class StartupRecords(logging.Handler):
    """Holds the records logged before the log file is open; :func:`setup_logging` writes
    them to it. The start opens the file only once the main window is shown: the file
    handler's module (``logging.handlers``: sockets, pickle, queues) costs a noticeable
    part of a start, and nothing before the window needs the file."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def hold_startup_records(level: int = logging.INFO) -> None:
    """Keep what is logged from now until :func:`setup_logging` (which writes it)."""
    root = logging.getLogger()
    if not any(isinstance(h, StartupRecords) for h in root.handlers):
        root.addHandler(StartupRecords())
    root.setLevel(level)


def setup_logging(directory: Path, *, level: int = logging.INFO, console: bool = True) -> Path:
    """Send the console's logs to a rotating file in `directory` (and stderr), redacted.

    Returns the log file's path. Safe to call more than once: earlier handlers installed
    here are replaced. Records held by :func:`hold_startup_records` are written first.
    """
    # Imported here: logging.handlers (sockets, pickle, queues) is only needed once the
    # log file is opened, not by every module that imports redaction from here.
    import logging.handlers

    directory.mkdir(parents=True, exist_ok=True)
    path = log_file(directory)
    root = logging.getLogger()
    held: list[logging.LogRecord] = []
    for handler in list(root.handlers):
        if isinstance(handler, StartupRecords):
            held += handler.records
        elif not getattr(handler, "_sens_console", False):
            continue
        root.removeHandler(handler)
        handler.close()
    handlers: list[logging.Handler] = [
        logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
    ]
    if console:
        handlers.append(logging.StreamHandler(sys.stderr))
    for handler in handlers:
        handler.setFormatter(RedactingFormatter(FORMAT))
        handler.addFilter(RedactingFilter())
        handler._sens_console = True  # type: ignore[attr-defined]
        root.addHandler(handler)
        for record in held:
            if record.levelno >= level:
                handler.handle(record)
    root.setLevel(level)
    # httpx logs full request lines at INFO; keep them, they carry no credentials
    # (headers are not logged), but silence the chattier transport internals.
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    return path

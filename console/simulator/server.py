"""The HTTP side of the simulator: API-gateway behaviour (signature v2, timestamp window,
rate limit) and the reliability knobs (latency, 500s, dropped connections) in front of
:class:`~console.simulator.state.SensState`.

Built on the standard library's ``ThreadingHTTPServer`` so it needs no framework; the
server tracks its connections and handler threads so :meth:`Simulator.stop` really stops
everything (no thread or socket outlives it).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import random
import socket
import sys
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from console.simulator import codes
from console.simulator.clock import SimClock
from console.simulator.state import (
    AcceptedMessage,
    Account,
    ApiError,
    Behaviour,
    SensState,
    gateway_error,
    sens_error,
)

TIMESTAMP_WINDOW_SECONDS = 5 * 60
API_PREFIX = "/sms/v2/services/"

HEADER_TIMESTAMP = "x-ncp-apigw-timestamp"
HEADER_ACCESS_KEY = "x-ncp-iam-access-key"
HEADER_SIGNATURE = "x-ncp-apigw-signature-v2"


def _auth_failed(details: str) -> ApiError:
    return gateway_error(401, "200", "Authentication Failed", details)


def _not_found_route() -> ApiError:
    return gateway_error(404, "300", "Not Found Exception", "Request resource not found.")


@dataclass
class _Reply:
    status: int
    body: Any = None
    drop: bool = False


class _RateLimiter:
    """A token bucket per access key (requests per second, burst of one second's worth)."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.capacity = max(1.0, rate)
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                return False
            self._buckets[key] = (tokens - 1.0, now)
            return True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], simulator: Simulator) -> None:
        self.simulator = simulator
        self._track_lock = threading.Lock()
        self._connections: set[socket.socket] = set()
        self._workers: set[threading.Thread] = set()
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        worker = threading.Thread(
            target=self._work, args=(request, client_address), daemon=True,
            name="sens-simulator-connection",
        )
        with self._track_lock:
            self._connections.add(request)
            self._workers.add(worker)
        worker.start()

    def _work(self, request: Any, client_address: Any) -> None:
        try:
            self.process_request_thread(request, client_address)
        finally:
            with self._track_lock:
                self._connections.discard(request)
                self._workers.discard(threading.current_thread())

    def close_connections(self, timeout: float) -> None:
        """Wake every handler blocked on a keep-alive connection and wait for it to end."""
        with self._track_lock:
            connections = list(self._connections)
            workers = list(self._workers)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        deadline = time.monotonic() + timeout
        for worker in workers:
            worker.join(max(0.0, deadline - time.monotonic()))

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that vanish mid-request are normal in reliability tests; stay quiet then.
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError, OSError)):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "SENS-Simulator/1.0"
    timeout = 60  # an idle keep-alive connection is closed after this
    server: _Server

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def do_PATCH(self) -> None:
        self._serve("PATCH")

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.simulator.verbose:
            super().log_message(format, *args)

    def date_time_string(self, timestamp: float | None = None) -> str:
        """The Date header comes from the (possibly skewed) gateway clock, so clients can
        measure their own clock error against it."""
        return formatdate(self.server.simulator.clock.wall(), usegmt=True)

    def _serve(self, method: str) -> None:
        sim = self.server.simulator
        length = int(self.headers.get("Content-Length") or 0)
        raw_body = self.rfile.read(length) if length > 0 else b""
        try:
            reply = sim.handle(method, self.path, dict(self.headers.items()), raw_body)
        except ApiError as exc:
            reply = _Reply(exc.status, exc.body)
        except Exception as exc:  # a bug here must not hang the client: answer 500
            reply = _Reply(500, sens_error(500, f"Internal Server Error: {exc!r}").body)
        if reply.drop:
            # Accepted and logged, but the answer is lost: the ambiguous case.
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.send_response(reply.status)
        if reply.body is None:
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = json.dumps(reply.body, ensure_ascii=False).encode("utf-8")
        self.send_header("Content-Type", "application/json;charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class Simulator:
    """A running SENS simulator on loopback (see :func:`console.simulator.start`)."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        seed: int = 0,
        latency: float = 0.0,
        rate_limit: float | None = None,
        error_rate: float = 0.0,
        drop_rate: float = 0.0,
        clock_skew: float = 0.0,
        time_scale: float = 1.0,
        delivery_delay: float | tuple[float, float] = (1.0, 2.0),
        delivery_jitter: float = 0.5,
        outcomes: Mapping[str, float] | None = None,
        db_path: str | Path | None = None,
        accounts: Iterable[Account | Mapping[str, Any]] = (),
        paging: str = "nextToken",
        verbose: bool = False,
        clock: SimClock | None = None,
    ) -> None:
        for name, value in (("error_rate", error_rate), ("drop_rate", drop_rate)):
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1")
        if latency < 0:
            raise ValueError("latency must not be negative")
        if rate_limit is not None and rate_limit <= 0:
            raise ValueError("rate_limit must be positive (or None for no limit)")
        if isinstance(delivery_delay, (int, float)):
            ready, processing = float(delivery_delay), float(delivery_delay)
        else:
            ready, processing = (float(v) for v in delivery_delay)
        self.latency = latency
        self.error_rate = error_rate
        self.drop_rate = drop_rate
        self.verbose = verbose
        self.clock = clock or SimClock(time_scale=time_scale, skew=clock_skew)
        self._rate_limiter = _RateLimiter(rate_limit) if rate_limit else None
        self._chance = random.Random(f"{seed}:transport")
        self._chance_lock = threading.Lock()
        self._stopping = threading.Event()
        persistence = None
        if db_path is not None:
            from console.simulator.persistence import SqlitePersistence

            persistence = SqlitePersistence(db_path)
        behaviour = Behaviour(
            seed=seed,
            ready_seconds=ready,
            processing_seconds=processing,
            jitter=delivery_jitter,
            outcomes=dict(outcomes) if outcomes is not None else dict(codes.DEFAULT_OUTCOMES),
            paging=paging,
        )
        try:
            self.state = SensState(
                self.clock, behaviour, [_account(a) for a in accounts], persistence
            )
            self._server = _Server((host, port), self)
        except BaseException:
            if persistence is not None:
                persistence.close(self.clock.now())
            raise
        address = self._server.server_address
        self.host: str = str(address[0])
        self.port: int = int(address[1])
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
            name="sens-simulator", daemon=True,
        )
        self._thread.start()
        self._stopped = False

    @property
    def base_url(self) -> str:
        """What to pass as the SENS client's base_url."""
        return f"http://{self.host}:{self.port}"

    def accepted_messages(self) -> tuple[AcceptedMessage, ...]:
        """A read-only snapshot of every message the simulator accepted, in order."""
        return self.state.accepted_messages()

    def register_call_unsubscribe(self, number: str, service_id: str | None = None) -> None:
        """Simulate someone calling the 080 number to opt out (registerType "C")."""
        from console.simulator.demo import DEMO_SERVICE_ID

        self.state.add_unsubscribes(
            service_id or DEMO_SERVICE_ID, [{"clientTelNo": number}], register_type="C"
        )

    def stop(self) -> None:
        """Stop serving, close every connection and the database; safe to call twice."""
        if self._stopped:
            return
        self._stopped = True
        self._stopping.set()
        self._server.shutdown()
        self._thread.join()
        self._server.close_connections(timeout=5.0)
        self._server.server_close()
        self.state.close()

    def __enter__(self) -> Simulator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- request handling ------------------------------------------------------------------

    def _roll(self, rate: float) -> bool:
        if rate <= 0:
            return False
        with self._chance_lock:
            return self._chance.random() < rate

    def _authenticate(self, method: str, target: str, headers: Mapping[str, str]) -> Account:
        lowered = {k.lower(): v for k, v in headers.items()}
        for name in (HEADER_TIMESTAMP, HEADER_ACCESS_KEY, HEADER_SIGNATURE):
            if not lowered.get(name):
                raise _auth_failed(f"Required header is missing: {name}.")
        access_key = lowered[HEADER_ACCESS_KEY]
        timestamp = lowered[HEADER_TIMESTAMP]
        account = self.state.accounts_by_key.get(access_key)
        if account is None:
            raise _auth_failed("Invalid access key.")
        if not timestamp.isdigit():
            raise _auth_failed("Invalid timestamp: milliseconds since the epoch expected.")
        if abs(int(timestamp) / 1000.0 - self.clock.wall()) > TIMESTAMP_WINDOW_SECONDS:
            raise _auth_failed(
                "Invalid timestamp: it differs from the server time by more than 5 minutes."
            )
        message = f"{method} {target}\n{timestamp}\n{access_key}"
        expected = base64.b64encode(
            hmac.new(account.secret_key.encode(), message.encode(), hashlib.sha256).digest()
        ).decode()
        if not hmac.compare_digest(expected.encode(), lowered[HEADER_SIGNATURE].encode()):
            raise _auth_failed("Invalid signature.")
        return account

    def handle(
        self, method: str, target: str, headers: Mapping[str, str], raw_body: bytes
    ) -> _Reply:
        """Answer one request (raises :class:`ApiError` for error answers)."""
        if self.latency:
            self._stopping.wait(self.latency)
        account = self._authenticate(method, target, headers)
        if self._rate_limiter is not None and not self._rate_limiter.allow(account.access_key):
            raise gateway_error(429, "420", "Rate Limited", "Too many requests.")
        if self._roll(self.error_rate):
            raise sens_error(500, "Internal Server Error")

        split = urlsplit(target)
        if not split.path.startswith(API_PREFIX):
            raise _not_found_route()
        parts = [unquote(p) for p in split.path[len(API_PREFIX):].split("/")]
        params = dict(parse_qsl(split.query, keep_blank_values=True))
        if len(parts) < 2 or not parts[0]:
            raise _not_found_route()
        service_id, resource = parts[0], parts[1:]
        if service_id in self.state.accounts_by_service and service_id != account.service_id:
            raise gateway_error(
                403, "210", "Permission Denied",
                "This access key has no permission for the service.",
            )

        def body() -> Any:
            if not raw_body:
                return None
            lowered = {k.lower(): v for k, v in headers.items()}
            if not lowered.get("content-type", "").lower().startswith("application/json"):
                raise sens_error(415, "Content-Type must be application/json")
            try:
                return json.loads(raw_body.decode("utf-8"))
            except (UnicodeDecodeError, ValueError) as exc:
                raise sens_error(400, "Request body is not valid JSON") from exc

        state = self.state
        route = (method, *resource)
        if route == ("POST", "messages"):
            result = state.send(service_id, body())
            return _Reply(202, result, drop=self._roll(self.drop_rate))
        if route == ("GET", "messages"):
            return _Reply(200, state.list_messages(service_id, params))
        if len(route) == 3 and route[:2] == ("GET", "messages") and route[2]:
            return _Reply(200, state.get_result(service_id, route[2]))
        if route == ("POST", "files"):
            return _Reply(200, state.upload_file(service_id, body()))
        if len(route) == 4 and route[:2] == ("GET", "reservations") and (
            route[3] == "reserve-status"
        ):
            return _Reply(200, state.reservation_status(service_id, route[2]))
        if len(route) == 3 and route[:2] == ("DELETE", "reservations"):
            state.cancel_reservation(service_id, route[2])
            return _Reply(204)
        if route == ("GET", "unsubscribes"):
            return _Reply(200, state.list_unsubscribes(service_id, params))
        if route == ("POST", "unsubscribes"):
            return _Reply(200, state.add_unsubscribes(service_id, body()))
        if route == ("DELETE", "unsubscribes"):
            state.delete_unsubscribes(service_id, body())
            return _Reply(204)
        raise _not_found_route()


def _account(value: Account | Mapping[str, Any]) -> Account:
    if isinstance(value, Account):
        return value
    return Account(
        service_id=str(value["service_id"]),
        access_key=str(value["access_key"]),
        secret_key=str(value["secret_key"]),
        callers=tuple(str(c) for c in value.get("callers", ())),
    )


def start(port: int = 0, **knobs: Any) -> Simulator:
    """Start a simulator on 127.0.0.1:`port` (0 picks a free port) in a background thread.

    Knobs: ``seed``, ``latency`` (s), ``rate_limit`` (req/s), ``error_rate``, ``drop_rate``,
    ``clock_skew`` (s), ``time_scale``, ``delivery_delay`` (s, or (ready, processing)),
    ``delivery_jitter``, ``outcomes`` ({code: weight}), ``db_path``, ``accounts``,
    ``paging`` ("nextToken" or "pageIndex"), ``verbose``, ``host``.
    """
    host = knobs.pop("host", "127.0.0.1")
    return Simulator(host, port, **knobs)


"""A scripted SENS for client tests: an ``httpx.MockTransport`` handler that checks the
signature itself (HMAC computed here, over the raw request target) before answering."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import random
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlsplit

import httpx

from console.providers.sens.client import RetryPolicy, SensClient

ACCESS = "AK-TEST-0001"
SECRET = "secret-key-for-tests-only"
SERVICE = "ncp:sms:kr:111122223333:test"
BASE = "https://sens.test"
PREFIX = f"/sms/v2/services/{SERVICE}"
#: The fake PC clock: 2026-11-20 12:00:00 KST (03:00:00 UTC).
NOW = 1795143600.0

T = TypeVar("T")


def expected_signature(method: str, target: str, timestamp: str) -> str:
    message = f"{method} {target}\n{timestamp}\n{ACCESS}".encode()
    return base64.b64encode(hmac.new(SECRET.encode(), message, hashlib.sha256).digest()).decode()


@dataclass
class Seen:
    """One request as the fake server received it."""

    method: str
    path: str  # below the service prefix, e.g. "/messages"
    params: list[tuple[str, str]]
    body: Any
    target: str
    timestamp: str

    def param(self, name: str) -> str | None:
        values = [v for k, v in self.params if k == name]
        return values[-1] if values else None


Responder = Callable[[Seen], httpx.Response]


@dataclass
class FakeSens:
    """Routes ``(method, path)`` to responders; every request must be correctly signed."""

    routes: dict[tuple[str, str], Responder | list[Responder]] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)

    def on(self, method: str, path: str, *responders: Responder) -> None:
        """Answer with each responder in turn (the last one repeats)."""
        self.routes[(method, path)] = list(responders)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        target = request.url.raw_path.decode("ascii")
        timestamp = request.headers.get("x-ncp-apigw-timestamp", "")
        sig = request.headers.get("x-ncp-apigw-signature-v2", "")
        if request.headers.get("x-ncp-iam-access-key") != ACCESS or not hmac.compare_digest(
            sig, expected_signature(request.method, target, timestamp)
        ):
            return httpx.Response(401, json={"error": {"errorCode": "200", "message": "bad sig"}})
        split = urlsplit(target)
        assert split.path.startswith(PREFIX), split.path
        body = json.loads(request.content) if request.content else None
        seen = Seen(
            request.method,
            split.path[len(PREFIX) :],
            parse_qsl(split.query, keep_blank_values=True),
            body,
            target,
            timestamp,
        )
        self.seen.append(seen)
        responders = self.routes.get((seen.method, seen.path))
        if responders is None:
            return httpx.Response(404, json={"status": 404, "errorMessage": "no route"})
        assert isinstance(responders, list)
        responder = responders.pop(0) if len(responders) > 1 else responders[0]
        return responder(seen)


class Sleeps(list[float]):
    """An injectable sleep that records delays instead of waiting."""

    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


def make_client(fake: Callable[[httpx.Request], httpx.Response], **kwargs: Any) -> SensClient:
    kwargs.setdefault("clock", lambda: NOW)
    kwargs.setdefault("sleep", Sleeps())
    kwargs.setdefault("rng", random.Random(7))
    kwargs.setdefault("retry", RetryPolicy(attempts=4, base_delay=0.5, max_delay=8.0))
    return SensClient(
        ACCESS, SECRET, SERVICE, base_url=BASE, transport=httpx.MockTransport(fake), **kwargs
    )


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


def json_response(status: int, data: Any, **headers: str) -> Responder:
    return lambda seen: httpx.Response(status, json=data, headers=headers)

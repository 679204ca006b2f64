"""Secret keys in the OS keyring: the only module that reads or writes a secret.

Secrets are stored with keyring under the service name ``sens-console`` and the profile's
id as user name, so renaming a profile keeps its secret. When no usable keyring backend
exists (a bare Linux box without a Secret Service: keyring falls back to its ``fail``
backend, or the chainer has nothing usable), the store keeps secrets **in memory for this
run only** and says so through :attr:`SecretStore.persistent`; nothing is ever written to
a file as a fallback.

Every secret that passes through here is registered with :mod:`console.logs` so the log
filter can redact it wherever it would appear.

keyring is imported, and its backend chosen, on first use rather than at start-up: the
import and keyring's backend discovery (entry points, probing the Secret Service) cost
more than a tenth of a second, which the main window should not wait for.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, cast

from console import logs
from console.errors import ConsoleError

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

log = logging.getLogger(__name__)

SERVICE_NAME = "sens-console"


class SecretStoreError(ConsoleError):
    """The keyring refused to read, store or delete a secret (e.g. it is locked)."""

    retryable = True


def backend_usable(backend: KeyringBackend) -> bool:
    """Whether `backend` can actually keep secrets (not the fail/null placeholder)."""
    from keyring.backends import chainer, fail, null

    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        return any(backend_usable(b) for b in backend.backends)
    try:
        priority = float(backend.priority)
    except Exception:  # a backend whose priority check raises is unusable
        return False
    return priority > 0


class SecretStore:
    """Profile secrets in the OS keyring, or in memory when there is no keyring.

    `backend` may be given explicitly (tests pass an in-memory or a Secret Service backend);
    by default keyring's own choice is used, made the first time the store is used.
    """

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._given = backend
        self._backend: KeyringBackend | None = None
        self._persistent = False
        self._memory: dict[str, str] = {}

    def _resolve(self) -> KeyringBackend:
        """The backend (keyring's choice unless one was given), chosen once."""
        if self._backend is None:
            if self._given is not None:
                backend = self._given
            else:
                import keyring

                backend = keyring.get_keyring()
            self._persistent = backend_usable(backend)
            self._backend = backend
            if not self._persistent:
                log.warning(
                    "no usable keyring backend (%s): secrets are kept in memory for this run only",
                    type(backend).__name__,
                )
        return self._backend

    @property
    def persistent(self) -> bool:
        """Whether secrets outlive this run (a usable keyring backend exists)."""
        self._resolve()
        return self._persistent

    @property
    def backend_name(self) -> str:
        backend: Any = self._resolve()
        return f"{type(backend).__module__}.{type(backend).__name__}"

    def get(self, profile_id: str) -> str | None:
        """The secret of `profile_id`, or None when none is stored."""
        if profile_id in self._memory:
            return self._memory[profile_id]
        if not self.persistent:
            return None
        from keyring.errors import KeyringError

        try:
            secret = self._resolve().get_password(SERVICE_NAME, profile_id)
        except KeyringError as exc:
            raise _error("read", exc) from exc
        if secret:
            logs.register_secret(secret)
        return secret or None

    def set(self, profile_id: str, secret: str) -> None:
        """Store `secret` for `profile_id` (in memory for this run without a keyring)."""
        if not secret:
            raise ValueError("empty secret")
        logs.register_secret(secret)
        if not self.persistent:
            self._memory[profile_id] = secret
            return
        from keyring.errors import KeyringError

        try:
            self._resolve().set_password(SERVICE_NAME, profile_id, secret)
        except KeyringError as exc:
            raise _error("store", exc) from exc
        self._memory.pop(profile_id, None)

    def delete(self, profile_id: str) -> None:
        """Forget the secret of `profile_id`; no error when there was none."""
        self._memory.pop(profile_id, None)
        if not self.persistent:
            return
        from keyring.errors import KeyringError, PasswordDeleteError

        backend = self._resolve()
        try:
            if backend.get_password(SERVICE_NAME, profile_id) is None:
                return
            backend.delete_password(SERVICE_NAME, profile_id)
        except PasswordDeleteError:
            return
        except KeyringError as exc:
            raise _error("delete", exc) from exc

    def has(self, profile_id: str) -> bool:
        return self.get(profile_id) is not None


def _error(action: str, exc: Exception) -> SecretStoreError:
    log.warning("keyring could not %s a secret: %s", action, type(exc).__name__)
    ko = {"read": "읽지", "store": "저장하지", "delete": "삭제하지"}[action]
    return SecretStoreError(
        f"The system keyring could not {action} the secret key. Unlock the keyring "
        "(log in to the desktop session again) and try once more.",
        f"시스템 키링이 시크릿 키를 {ko} 못했습니다. 키링 잠금을 해제한 뒤(데스크톱에 다시 "
        "로그인) 다시 시도하세요.",
    )


class MemoryKeyring:
    """A keyring backend in memory, for the self-test and the start-up probe: they never
    read or write the user's real secrets.

    It has a keyring backend's interface (priority and the three password methods) without
    subclassing ``keyring.backend.KeyringBackend``: importing that loads keyring's backend
    discovery (entry points, tens of milliseconds), which a real start does only after
    the window is shown.
    """

    priority = 1

    def __init__(self) -> None:
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.passwords.pop((service, username), None) is None:
            from keyring.errors import PasswordDeleteError

            raise PasswordDeleteError(username)


def memory_keyring() -> KeyringBackend:
    """A fresh :class:`MemoryKeyring`, typed as the backend SecretStore takes."""
    return cast("KeyringBackend", MemoryKeyring())

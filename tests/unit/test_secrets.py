"""SecretStore (keyring, or memory when there is none) and log redaction."""

from __future__ import annotations

import logging
from pathlib import Path

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null

from console import logs
from console.secrets import SERVICE_NAME, SecretStore, SecretStoreError, backend_usable


def test_secrets_go_to_the_keyring(memory_keyring: object) -> None:
    store = SecretStore()
    assert store.persistent
    store.set("profile-1", "s3cr3t-value")
    assert keyring.get_password(SERVICE_NAME, "profile-1") == "s3cr3t-value"
    assert SecretStore().get("profile-1") == "s3cr3t-value"  # a new run finds it
    assert store.has("profile-1")
    store.delete("profile-1")
    assert store.get("profile-1") is None
    store.delete("profile-1")  # deleting twice is fine


def test_without_a_keyring_secrets_live_in_memory_only(console_home: Path) -> None:
    store = SecretStore(fail.Keyring())
    assert not store.persistent
    store.set("p", "memory-only-secret")
    assert store.get("p") == "memory-only-secret"
    assert SecretStore(fail.Keyring()).get("p") is None  # the next run has forgotten it
    store.delete("p")
    assert store.get("p") is None
    files = [f for f in console_home.rglob("*") if f.is_file()]
    assert all(b"memory-only-secret" not in f.read_bytes() for f in files)


def test_backend_usability() -> None:
    assert not backend_usable(fail.Keyring())
    assert not backend_usable(null.Keyring())
    assert backend_usable(keyring.get_keyring())  # the in-memory test backend

    class EmptyChainer(chainer.ChainerBackend):
        backends: list[KeyringBackend] = []  # noqa: RUF012 (stands in for keyring's property)

    assert not backend_usable(EmptyChainer())

    class UsefulChainer(chainer.ChainerBackend):
        backends: list[KeyringBackend] = [null.Keyring(), keyring.get_keyring()]  # noqa: RUF012

    assert backend_usable(UsefulChainer())


class LockedKeyring(KeyringBackend):
    """A backend that is present but refuses (like a locked Secret Service)."""

    priority = 5

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringError("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("locked")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.KeyringError("locked")


def test_keyring_failures_become_console_errors() -> None:
    store = SecretStore(LockedKeyring())
    assert store.persistent
    with pytest.raises(SecretStoreError) as info:
        store.set("p", "whatever-secret")
    assert "키링" in info.value.message_ko
    with pytest.raises(SecretStoreError):
        store.get("p")
    with pytest.raises(SecretStoreError):
        store.delete("p")


def test_empty_secret_is_refused() -> None:
    with pytest.raises(ValueError):
        SecretStore().set("p", "")


def test_log_redaction(tmp_path: Path) -> None:
    path = logs.setup_logging(tmp_path, console=False)
    try:
        SecretStore().set("p", "VERY-SECRET-KEY-123")
        log = logging.getLogger("console.test")
        log.warning("signing with %s", "VERY-SECRET-KEY-123")
        log.warning("headers: {'x-ncp-apigw-signature-v2': 'abcDEF123+/=', 'x': 1}")
        log.warning("x-ncp-iam-access-key: AKIAUNSEEN999")
        log.warning('{"secretKey": "unregistered-secret-zzz"}')
        try:
            raise RuntimeError("failed for VERY-SECRET-KEY-123")
        except RuntimeError:
            log.exception("boom")
        for handler in logging.getLogger().handlers:
            handler.flush()
        text = path.read_text(encoding="utf-8")
    finally:
        for handler in list(logging.getLogger().handlers):
            if getattr(handler, "_sens_console", False):
                logging.getLogger().removeHandler(handler)
                handler.close()
    for secret in ("VERY-SECRET-KEY-123", "abcDEF123", "AKIAUNSEEN999", "unregistered-secret"):
        assert secret not in text
    assert text.count(logs.MASK) >= 5
    assert "signing with" in text and "Traceback" in text


def test_redact_keeps_ordinary_text() -> None:
    assert logs.redact("sent 3 messages to 010-1234-5678") == "sent 3 messages to 010-1234-5678"
    logs.register_secret("abc")  # too short to mask safely: ignored
    assert logs.redact("abc") == "abc"


def test_access_keys_of_profiles_are_masked() -> None:
    from console.context import AppContext
    from console.settings import Profile, Settings
    from console.store.database import Database

    settings = Settings()
    settings.save_profile(Profile(name="a", service_id="ncp:1", access_key="AKIDPROFILEKEY77"))
    context = AppContext(Database(":memory:"), settings, SecretStore())
    assert "AKIDPROFILEKEY77" not in logs.redact("key AKIDPROFILEKEY77 used")
    settings.save_profile(Profile(name="b", service_id="ncp:2", access_key="AKIDLATERKEY88"))
    assert "AKIDLATERKEY88" not in logs.redact("key AKIDLATERKEY88 used")
    context.db.close()

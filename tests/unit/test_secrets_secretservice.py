"""Secret keys against a real Secret Service: gnome-keyring-daemon in a private D-Bus session.

Each test body runs in a subprocess under ``dbus-run-session`` with a fresh keyring folder
unlocked by a known password, so nothing touches the developer's own keyring. Skipped
(with the reason printed by ``-ra``) only where dbus-run-session or gnome-keyring-daemon is
missing; CI installs both (tools/setup.sh test).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.keyring

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "known-test-password"

RunInSession = Callable[[str], dict[str, object]]


@pytest.fixture
def secret_service(tmp_path: Path) -> RunInSession:
    """Run a Python snippet inside a fresh D-Bus session with an unlocked gnome-keyring;
    the snippet prints one JSON object, which is returned."""
    missing = [b for b in ("dbus-run-session", "gnome-keyring-daemon") if not shutil.which(b)]
    if missing:
        pytest.skip(f"no Secret Service to test against: {', '.join(missing)} not installed")
    home = tmp_path / "home"
    runtime = tmp_path / "run"
    home.mkdir()
    runtime.mkdir(mode=0o700)
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_RUNTIME_DIR": str(runtime),
        "PYTHONPATH": str(ROOT),
        "KEYRING_PASSWORD": PASSWORD,
    }
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    env.pop("PYTHON_KEYRING_BACKEND", None)

    def run(snippet: str) -> dict[str, object]:
        script = tmp_path / "body.py"
        script.write_text(textwrap.dedent(snippet), encoding="utf-8")
        shell = (
            'printf "%s" "$KEYRING_PASSWORD" | gnome-keyring-daemon --unlock '
            '--components=secrets --daemonize >/dev/null && exec "$0" "$1"'
        )
        done = subprocess.run(
            ["dbus-run-session", "--", "sh", "-c", shell, sys.executable, str(script)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return dict(json.loads(done.stdout.strip().splitlines()[-1]))

    return run


def test_secret_round_trip_through_gnome_keyring(
    secret_service: RunInSession, tmp_path: Path
) -> None:
    stored = secret_service(
        """
        import json, keyring
        from console.secrets import SecretStore
        store = SecretStore()  # keyring's own choice: must be the Secret Service here
        store.set("profile-42", "real-secret-value-xyz")
        again = SecretStore()
        print(json.dumps({
            "backend": store.backend_name,
            "persistent": store.persistent,
            "read_back": again.get("profile-42"),
        }))
        """
    )
    assert stored["persistent"] is True
    assert "SecretService" in str(stored["backend"])
    assert stored["read_back"] == "real-secret-value-xyz"

    # The keyring file is encrypted: the secret is not in it in clear.
    keyring_files = list((tmp_path / "home").rglob("*.keyring"))
    assert keyring_files
    assert all(b"real-secret-value-xyz" not in f.read_bytes() for f in keyring_files)

    # A new session (a new login) unlocks the same keyring and finds the secret; delete it.
    later = secret_service(
        """
        import json
        from console.secrets import SecretStore
        store = SecretStore()
        found = store.get("profile-42")
        store.delete("profile-42")
        print(json.dumps({"found": found, "after_delete": SecretStore().get("profile-42")}))
        """
    )
    assert later == {"found": "real-secret-value-xyz", "after_delete": None}

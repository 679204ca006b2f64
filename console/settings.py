"""Profiles and preferences (never secrets) and the folders the console uses.

Settings are a small JSON file in the config folder, written atomically, so that a crash
never leaves half a file behind. Secret keys are *not* here: they live in the OS keyring
(see :mod:`console.secrets`), addressed by the profile's id.

Folders: when the environment variable ``SENS_CONSOLE_HOME`` is set (tests, portable
installs) everything lives under it (``data/``, ``config/``, ``logs/``); otherwise the
platform's user folders from platformdirs are used.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

from console.errors import ConsoleError

log = logging.getLogger(__name__)

APP_NAME = "sens-console"
APP_AUTHOR = "sens-console"
HOME_ENV = "SENS_CONSOLE_HOME"

#: Unit prices in KRW per message used for new profiles. They follow NAVER Cloud's
#: published SENS list prices (SMS 9, LMS 30, MMS 100 won, VAT excluded) at the time of
#: writing; every profile can change them, since contracts differ.
DEFAULT_PRICES: dict[str, float] = {"SMS": 9.0, "LMS": 30.0, "MMS": 100.0}
DEFAULT_TIME_ZONE = "Asia/Seoul"
DEFAULT_COUNTRY_CODE = "82"
PROVIDERS = ("SENS", "APIPLEX")
#: Providers that can be used (both: NAVER Cloud SENS and CJ API PLEX).
SUPPORTED_PROVIDERS = ("SENS", "APIPLEX")

#: API PLEX's documented production hosts per product (kept in step with
#: ``console.providers.apiplex.DEFAULT_HOSTS``; a test checks they agree).
APIPLEX_DEFAULT_HOSTS: dict[str, str] = {
    "SMS": "https://0afupd5dlt.apigw.ntruss.com",
    "LMS": "https://60zzfzb7bb.apigw.ntruss.com",
    "MMS": "https://mr70wq2tj4.apigw.ntruss.com",
    "GMS": "https://g8f5tsosp.apigw.ntruss.com",
}
#: The documented service IDs per Biz Message product (the profile picks one of each).
APIPLEX_SERVICE_IDS: dict[str, tuple[str, ...]] = {
    "SMS": ("sms-standard", "sms-bulk", "sms-finance", "sms-verify"),
    "LMS": ("lms-standard", "lms-bulk", "lms-finance"),
    "MMS": ("mms-standard", "mms-bulk", "mms-finance"),
}
DEFAULT_WEBHOOK_HOST = "127.0.0.1"
DEFAULT_WEBHOOK_PORT = 8490
#: The simulator's public SENS demo account (kept in step with ``console.simulator.demo``;
#: a test checks they agree). Copied so that the demo profile, which the window shows at
#: start, does not import the whole simulator package before it is started.
DEMO_SERVICE_ID = "ncp:sms:kr:000000000000:demo"
DEMO_ACCESS_KEY = "DEMOACCESSKEY0000000"
DEMO_CALLER_NUMBERS = ("0212345678", "01000000000")
_GMS_SENDER = re.compile(r"[A-Za-z0-9 ]{3,13}|[0-9]{3,14}")

Language = Literal["system", "ko", "en"]
LANGUAGES: tuple[Language, ...] = ("system", "ko", "en")


def _home() -> Path | None:
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value).expanduser() if value else None


def _app_dir(home_subdir: str, platform_dir: str) -> Path:
    """``$SENS_CONSOLE_HOME/<home_subdir>`` when set, else platformdirs' `platform_dir`
    (e.g. "user_data_dir") for the app; created on demand. One rule for every folder."""
    home = _home()
    if home is not None:
        path = home / home_subdir
    else:
        import platformdirs

        path = Path(getattr(platformdirs, platform_dir)(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir() -> Path:
    """Where the database (and its lock file) lives; created on demand."""
    return _app_dir("data", "user_data_dir")


def config_dir() -> Path:
    """Where settings.json lives; created on demand."""
    return _app_dir("config", "user_config_dir")


def log_dir() -> Path:
    """Where the (redacted) log files go; created on demand."""
    return _app_dir("logs", "user_log_dir")


def _new_id() -> str:
    import uuid  # (only when a profile is created, not at start-up)

    return uuid.uuid4().hex


class InvalidProfile(ConsoleError, ValueError):
    """A profile field has a value the console cannot use; `field` names it."""

    def __init__(self, field_name: str, message_en: str, message_ko: str) -> None:
        super().__init__(message_en, message_ko)
        self.field = field_name


@dataclass(frozen=True)
class Profile:
    """One set of provider credentials and defaults, minus the secret key.

    ``id`` is stable across renames: it addresses the secret in the keyring.
    """

    name: str
    service_id: str
    access_key: str
    provider: str = "SENS"
    caller_numbers: tuple[str, ...] = ()
    default_country_code: str = DEFAULT_COUNTRY_CODE
    reservation_time_zone: str = DEFAULT_TIME_ZONE
    price_sms: float = DEFAULT_PRICES["SMS"]
    price_lms: float = DEFAULT_PRICES["LMS"]
    price_mms: float = DEFAULT_PRICES["MMS"]
    id: str = field(default_factory=_new_id)
    is_demo: bool = False
    # -- API PLEX only (``provider == "APIPLEX"``; ``access_key`` holds the user ID) --
    apiplex_sms_service: str = "sms-standard"
    apiplex_lms_service: str = "lms-standard"
    apiplex_mms_service: str = "mms-standard"
    apiplex_sms_host: str = APIPLEX_DEFAULT_HOSTS["SMS"]
    apiplex_lms_host: str = APIPLEX_DEFAULT_HOSTS["LMS"]
    apiplex_mms_host: str = APIPLEX_DEFAULT_HOSTS["MMS"]
    apiplex_gms_host: str = APIPLEX_DEFAULT_HOSTS["GMS"]
    #: The GMS sender ID registered for the account ("" = API PLEX's default, ONSMS).
    gms_sender: str = ""
    #: The optional local receiver for API PLEX delivery-result webhooks.
    webhook_enabled: bool = False
    webhook_host: str = DEFAULT_WEBHOOK_HOST
    webhook_port: int = DEFAULT_WEBHOOK_PORT

    @property
    def is_apiplex(self) -> bool:
        return self.provider == "APIPLEX"

    @property
    def user_id(self) -> str:
        """The API PLEX user ID (kept in ``access_key``: the account's public half)."""
        return self.access_key

    def apiplex_hosts(self) -> dict[str, str]:
        """Host per product (SMS, LMS, MMS, GMS) for :class:`ApiPlexClient`."""
        return {
            "SMS": self.apiplex_sms_host,
            "LMS": self.apiplex_lms_host,
            "MMS": self.apiplex_mms_host,
            "GMS": self.apiplex_gms_host,
        }

    def apiplex_services(self) -> dict[str, str]:
        """Service ID per Biz Message product."""
        return {
            "SMS": self.apiplex_sms_service,
            "LMS": self.apiplex_lms_service,
            "MMS": self.apiplex_mms_service,
        }

    def price(self, message_type: str) -> float:
        """The unit price (KRW) for "SMS", "LMS" or "MMS"."""
        return {"SMS": self.price_sms, "LMS": self.price_lms, "MMS": self.price_mms}[
            message_type.upper()
        ]

    def validated(self) -> Profile:
        """This profile with fields tidied (trimmed, numbers without hyphens), or raise
        :class:`InvalidProfile` naming the first bad field."""
        name = self.name.strip()
        if not name:
            raise InvalidProfile("name", "Enter a profile name.", "프로필 이름을 입력하세요.")
        if self.provider not in PROVIDERS:
            raise InvalidProfile(
                "provider", f"Unknown provider {self.provider!r}.", "알 수 없는 서비스입니다."
            )
        if self.provider == "APIPLEX":
            service_id, access_key, extra = self._validated_apiplex()
        else:
            service_id, access_key = self._validated_sens()
            extra = {}
        callers = tuple(normalize_caller(n) for n in self.caller_numbers if n.strip())
        country = self.default_country_code.strip().lstrip("+")
        if not re.fullmatch(r"[0-9]{1,3}", country):
            raise InvalidProfile(
                "default_country_code",
                "The country code must be 1 to 3 digits, e.g. 82.",
                "국가 번호는 1~3자리 숫자여야 합니다(예: 82).",
            )
        tz = self.reservation_time_zone.strip()
        if not valid_time_zone(tz):
            raise InvalidProfile(
                "reservation_time_zone",
                f"{tz!r} is not a known time zone name. Use a name such as Asia/Seoul.",
                f"'{tz}'은(는) 알 수 없는 시간대입니다. Asia/Seoul 같은 이름을 쓰세요.",
            )
        for kind in ("sms", "lms", "mms"):
            value = getattr(self, f"price_{kind}")
            if not isinstance(value, int | float) or value < 0:
                raise InvalidProfile(
                    f"price_{kind}",
                    "Unit prices must be zero or more.",
                    "단가는 0 이상이어야 합니다.",
                )
        return replace(
            self,
            name=name,
            service_id=service_id,
            access_key=access_key,
            caller_numbers=callers,
            default_country_code=country,
            reservation_time_zone=tz,
            **extra,
        )

    def _validated_sens(self) -> tuple[str, str]:
        service_id = self.service_id.strip()
        if not service_id or any(c.isspace() for c in service_id):
            raise InvalidProfile(
                "service_id",
                "Enter the service ID shown in the SENS console (e.g. ncp:sms:kr:...).",
                "SENS 콘솔에 표시된 서비스 ID를 입력하세요(예: ncp:sms:kr:...).",
            )
        access_key = self.access_key.strip()
        if not access_key or any(c.isspace() for c in access_key):
            raise InvalidProfile(
                "access_key",
                "Enter the access key ID of your NAVER Cloud account.",
                "네이버 클라우드 계정의 액세스 키 ID를 입력하세요.",
            )
        return service_id, access_key

    def _validated_apiplex(self) -> tuple[str, str, dict[str, Any]]:
        """API PLEX fields tidied: (service_id, user ID, other fields) or InvalidProfile."""
        user_id = self.access_key.strip()
        if not user_id or ";" in user_id or any(c.isspace() for c in user_id):
            raise InvalidProfile(
                "access_key",
                "Enter the API PLEX user ID (without spaces or ';').",
                "API PLEX 사용자 ID를 입력하세요(공백이나 ';' 없이).",
            )
        extra: dict[str, Any] = {}
        for product, choices in APIPLEX_SERVICE_IDS.items():
            name = f"apiplex_{product.lower()}_service"
            value = str(getattr(self, name)).strip()
            if value not in choices:
                raise InvalidProfile(
                    name,
                    f"Choose the {product} service ID ({', '.join(choices)}).",
                    f"{product} 서비스 ID를 고르세요({', '.join(choices)}).",
                )
            extra[name] = value
        for product in APIPLEX_DEFAULT_HOSTS:
            name = f"apiplex_{product.lower()}_host"
            value = str(getattr(self, name)).strip().rstrip("/") or APIPLEX_DEFAULT_HOSTS[product]
            if not re.fullmatch(r"https?://[^\s/]+(:[0-9]{1,5})?(/[^\s]*)?", value):
                raise InvalidProfile(
                    name,
                    f"The {product} host must be an address such as "
                    f"{APIPLEX_DEFAULT_HOSTS[product]}.",
                    f"{product} 호스트는 {APIPLEX_DEFAULT_HOSTS[product]} 같은 주소여야 합니다.",
                )
            extra[name] = value
        sender = self.gms_sender.strip()
        if sender and not _GMS_SENDER.fullmatch(sender):
            raise InvalidProfile(
                "gms_sender",
                "The GMS sender must be 3-13 letters/digits or 3-14 digits (empty: ONSMS).",
                "GMS 발신자는 영문·숫자 3~13자 또는 숫자 3~14자리여야 합니다(비우면 ONSMS).",
            )
        extra["gms_sender"] = sender
        host = self.webhook_host.strip() or DEFAULT_WEBHOOK_HOST
        if any(c.isspace() for c in host):
            raise InvalidProfile(
                "webhook_host",
                "Enter the address the webhook receiver listens on, e.g. 0.0.0.0.",
                "웹훅 수신기가 받을 주소를 입력하세요(예: 0.0.0.0).",
            )
        port = self.webhook_port
        if not isinstance(port, int) or isinstance(port, bool) or not 1 <= port <= 65535:
            raise InvalidProfile(
                "webhook_port",
                "The webhook port must be a number from 1 to 65535.",
                "웹훅 포트는 1~65535 사이의 숫자여야 합니다.",
            )
        extra["webhook_host"] = host
        extra["webhook_enabled"] = bool(self.webhook_enabled)
        return self.service_id.strip(), user_id, extra

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["caller_numbers"] = list(self.caller_numbers)
        data.pop("is_demo")
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Profile:
        known = {f.name for f in fields(cls)} - {"is_demo"}
        values = {k: v for k, v in data.items() if k in known}
        values["caller_numbers"] = tuple(values.get("caller_numbers") or ())
        if "webhook_port" in values:
            try:
                values["webhook_port"] = int(values["webhook_port"])
            except (TypeError, ValueError):
                values["webhook_port"] = DEFAULT_WEBHOOK_PORT
        return cls(**values)


def normalize_caller(raw: str) -> str:
    """A caller (sender) number in the digits-only form SENS expects, or InvalidProfile."""
    digits = re.sub(r"[\s\-().]", "", raw)
    if not re.fullmatch(r"[0-9]{7,12}", digits):
        raise InvalidProfile(
            "caller_numbers",
            f"{raw.strip()!r} is not a phone number. Enter caller numbers as digits, "
            "e.g. 02-123-4567 or 1588-0000.",
            f"'{raw.strip()}'은(는) 전화번호가 아닙니다. 발신번호를 숫자로 입력하세요"
            "(예: 02-123-4567, 1588-0000).",
        )
    return digits


def valid_time_zone(name: str) -> bool:
    """Whether `name` is an IANA time zone name that zoneinfo knows."""
    import zoneinfo  # (not at start-up: the main window is shown before any zone is used)

    if not name or name.startswith("/") or ".." in name:
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def demo_profile(provider: str = "SENS") -> Profile:
    """The profile demo mode uses: the simulator's public demo account.

    ``provider="APIPLEX"`` gives the API PLEX demo (the embedded API PLEX simulator; its
    webhooks reach the console directly, without a receiver to configure).
    """
    if provider == "APIPLEX":
        from console.simulator.apiplex import DEMO_SENDER_NUMBERS, DEMO_USER_ID

        return Profile(
            name="DEMO (API PLEX)",
            service_id="",
            access_key=DEMO_USER_ID,
            provider="APIPLEX",
            caller_numbers=tuple(DEMO_SENDER_NUMBERS),
            id="demo-apiplex",
            is_demo=True,
            webhook_enabled=True,
            webhook_port=0,
        )
    return Profile(
        name="DEMO",
        service_id=DEMO_SERVICE_ID,
        access_key=DEMO_ACCESS_KEY,
        caller_numbers=tuple(DEMO_CALLER_NUMBERS),
        id="demo",
        is_demo=True,
    )


class Settings:
    """The console's preferences and profiles, saved to ``settings.json`` on each change.

    A missing or unreadable file gives defaults (the unreadable one is kept aside as
    ``settings.json.bad`` so nothing is silently lost).
    """

    FILE_NAME = "settings.json"

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else config_dir() / self.FILE_NAME
        self._profiles: dict[str, Profile] = {}
        self._active: str | None = None
        self._language: Language = "system"
        self._values: dict[str, Any] = {}
        self._listeners: list[Callable[[], None]] = []
        self._load()

    # -- persistence -------------------------------------------------------------------

    def _load(self) -> None:
        if not self.path.exists():
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError("settings file is not an object")
            profiles = [Profile.from_json(p) for p in data.get("profiles", [])]
        except (OSError, ValueError, TypeError) as exc:
            log.warning("settings file %s unreadable (%s); starting from defaults", self.path, exc)
            with contextlib.suppress(OSError):
                self.path.replace(self.path.with_name(self.path.name + ".bad"))
            return
        self._profiles = {p.id: p for p in profiles}
        active = data.get("active_profile")
        self._active = active if active in self._profiles else None
        language = data.get("language", "system")
        self._language = language if language in LANGUAGES else "system"
        values = data.get("values", {})
        self._values = values if isinstance(values, dict) else {}

    def save(self) -> None:
        """Write the file atomically (temporary file, then rename)."""
        data = {
            "version": 1,
            "profiles": [p.to_json() for p in self._profiles.values()],
            "active_profile": self._active,
            "language": self._language,
            "values": self._values,
        }
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, self.path)

    def add_listener(self, callback: Callable[[], None]) -> None:
        """Call `callback()` after every change (profiles, active profile, language)."""
        self._listeners.append(callback)

    def _changed(self) -> None:
        self.save()
        for callback in list(self._listeners):
            callback()

    # -- profiles ----------------------------------------------------------------------

    def profiles(self) -> list[Profile]:
        return sorted(self._profiles.values(), key=lambda p: p.name.casefold())

    def profile(self, profile_id: str) -> Profile | None:
        return self._profiles.get(profile_id)

    def check_profile(self, profile: Profile) -> Profile:
        """`profile` validated and tidied, or InvalidProfile (also for a duplicate name)."""
        profile = profile.validated()
        for other in self._profiles.values():
            if other.id != profile.id and other.name.casefold() == profile.name.casefold():
                raise InvalidProfile(
                    "name",
                    f"A profile named {profile.name!r} already exists. Choose another name.",
                    f"'{profile.name}' 프로필이 이미 있습니다. 다른 이름을 쓰세요.",
                )
        return profile

    def save_profile(self, profile: Profile) -> Profile:
        """Add or replace `profile` (by id) after validation; returns the stored version."""
        profile = self.check_profile(profile)
        self._profiles[profile.id] = profile
        self._changed()
        return profile

    def remove_profile(self, profile_id: str) -> None:
        if self._profiles.pop(profile_id, None) is None:
            return
        if self._active == profile_id:
            self._active = None
        self._changed()

    @property
    def active_profile_id(self) -> str | None:
        """The id of the profile in use; None means demo mode."""
        return self._active

    def active_profile(self) -> Profile | None:
        """The profile in use; None means demo mode (see :func:`demo_profile`)."""
        return self._profiles.get(self._active) if self._active else None

    def set_active_profile(self, profile_id: str | None) -> None:
        if profile_id is not None and profile_id not in self._profiles:
            raise KeyError(profile_id)
        if profile_id != self._active:
            self._active = profile_id
            self._changed()

    @property
    def demo_provider(self) -> str:
        """Which simulator demo mode uses: "SENS" (default) or "APIPLEX"."""
        value = self._values.get("demo/provider", "SENS")
        return value if value in PROVIDERS else "SENS"

    def use_demo(self, provider: str = "SENS") -> None:
        """Switch to demo mode with `provider`'s simulator (listeners hear about it)."""
        if provider not in PROVIDERS:
            raise ValueError(provider)
        if self._active is None and self.demo_provider == provider:
            return
        self._values["demo/provider"] = provider
        self._active = None
        self._changed()

    # -- preferences -------------------------------------------------------------------

    @property
    def language(self) -> Language:
        """The preference: "system" (follow the OS locale), "ko" or "en"."""
        return self._language

    def set_language(self, language: Language) -> None:
        if language not in LANGUAGES:
            raise ValueError(language)
        if language != self._language:
            self._language = language
            self._changed()

    def value(self, key: str, default: Any = None) -> Any:
        """A free-form preference (JSON-compatible), e.g. ``"ui/last_page"``."""
        return self._values.get(key, default)

    def set_value(self, key: str, value: Any) -> None:
        if self._values.get(key) != value:
            self._values[key] = value
            self.save()

    def bytes_value(self, key: str) -> bytes | None:
        raw = self._values.get(key)
        if not isinstance(raw, str):
            return None
        try:
            return base64.b64decode(raw.encode("ascii"), validate=True)
        except ValueError:
            return None

    def set_bytes_value(self, key: str, value: bytes) -> None:
        self.set_value(key, base64.b64encode(value).decode("ascii"))

    def names(self) -> Iterable[str]:
        return list(self._values)

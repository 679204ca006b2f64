"""What every pane receives: the store, settings, secrets, the active profile's client.

:class:`AppContext` is plain Python (no widgets) so services and tests can build one
without a window. The UI plugs in its message bridge (:attr:`AppContext.notifier`) and its
navigator (:attr:`AppContext.navigator`) after the main window exists.

Demo mode: when no profile is active the context uses :func:`console.settings.demo_profile`
and talks to the embedded simulator, started lazily on the first :meth:`AppContext.client`
call (``console.simulator.start(port=0)``). The API PLEX demo
(``settings.use_demo("APIPLEX")``) talks to the embedded API PLEX simulator instead
(:meth:`AppContext.apiplex_client`), whose webhooks go to the local receiver.

Providers: a SENS profile's client is :meth:`AppContext.client`; an API PLEX profile's is
:meth:`AppContext.apiplex_client` (``client()`` then raises :class:`ProviderMismatchError`,
since reservations, the 080 list and result queries exist only on SENS). API PLEX reports
delivery results only by webhook: when the active API PLEX profile enables it, the
context runs :class:`console.services.webhooks.WebhookReceiver` as the task
:data:`WEBHOOK_TASK` (stopped when the profile changes and on quit) and copies every
result into History.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol
from zoneinfo import ZoneInfo

from console import logs
from console.errors import ConsoleError
from console.secrets import SecretStore
from console.settings import Profile, Settings, demo_profile
from console.store.database import Database
from console.tasks import TaskRunner

if TYPE_CHECKING:
    from console.providers.apiplex import ApiPlexClient, DeliveryResult
    from console.providers.sens import SensClient
    from console.services.webhooks import WebhookReceiver

log = logging.getLogger(__name__)

SENS_BASE_URL = "https://sens.apigw.ntruss.com"

ClientFactory = Callable[[str, str, str, str], "SensClient"]
"""(access_key, secret_key, service_id, base_url) -> SensClient."""

ApiPlexClientFactory = Callable[[Profile, str, "str | None"], "ApiPlexClient"]
"""(profile, secret_key, base_url or None for the profile's hosts) -> ApiPlexClient."""

#: The task that runs the API PLEX webhook receiver of the active profile.
WEBHOOK_TASK = "apiplex-webhook-receiver"


class Notifier(Protocol):
    """The UI's message bridge (see ``console.ui.common.messages.MessageBridge``)."""

    def error(self, error: BaseException | str, *, dialog: bool = True) -> None: ...

    def info(self, text: str) -> None: ...


class Navigator(Protocol):
    """Moves between panes; provided by the main window."""

    def open_page(self, key: str) -> None: ...

    def open_compose(self, **prefill: Any) -> None: ...


class LogNotifier:
    """The notifier until a window exists (and in headless use): log only."""

    def error(self, error: BaseException | str, *, dialog: bool = True) -> None:
        if isinstance(error, BaseException) and not isinstance(error, ConsoleError):
            log.error("unexpected error", exc_info=error)
        else:
            log.warning("%s", error)

    def info(self, text: str) -> None:
        log.info("%s", text)


class DemoUnavailableError(ConsoleError):
    """Demo mode was asked for but the embedded simulator is not part of this build."""


class SecretMissingError(ConsoleError):
    """The active profile has no secret key (e.g. no keyring and a new run)."""


class ProviderMismatchError(ConsoleError):
    """Something that exists only for one provider was asked of the other's profile."""


def sens_only_error(profile: Profile) -> ProviderMismatchError:
    """The error for a SENS-only feature (reservations, 080 list, result queries) asked of
    an API PLEX profile."""
    return ProviderMismatchError(
        f"Profile {profile.name!r} sends through CJ API PLEX, which has no reservations, "
        "080 opt-out list or result queries. Switch to a SENS profile in Settings for this.",
        f"'{profile.name}' 프로필은 CJ API PLEX로 발송합니다. API PLEX에는 예약 발송, 080 수신거부 "
        "목록, 결과 조회 기능이 없습니다. 이 기능은 설정에서 SENS 프로필로 바꾼 뒤 사용하세요.",
    )


@dataclass(frozen=True)
class ConnectionCheck:
    """The outcome of a "Test connection": `kind` is one of ok, auth, clock, service,
    network, secret, demo, error, or unverified (API PLEX: the hosts answer, but the
    reference offers no harmless call that would check the keys); the messages are for
    the user."""

    kind: str
    message_en: str
    message_ko: str
    skew_seconds: float | None = None

    @property
    def ok(self) -> bool:
        return self.kind == "ok"

    def message(self, language: str) -> str:
        return self.message_ko if language.startswith("ko") else self.message_en


class AppContext:
    """The console's shared state for one run."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        secrets: SecretStore,
        *,
        tasks: TaskRunner | None = None,
        language: str = "ko",
        client_factory: ClientFactory | None = None,
        simulator_starter: Callable[[], Any] | None = None,
        apiplex_client_factory: ApiPlexClientFactory | None = None,
        apiplex_simulator_starter: Callable[[], Any] | None = None,
    ) -> None:
        self.db = db
        self.settings = settings
        self.secrets = secrets
        self.tasks = tasks if tasks is not None else TaskRunner()
        self.notifier: Notifier = LogNotifier()
        self.navigator: Navigator | None = None
        #: The UI language of this run ("ko" or "en"); a change applies on restart.
        self.language = language
        self._client_factory = client_factory or _default_client_factory
        self._simulator_starter = simulator_starter or _default_simulator_starter
        self.simulator: Any = None
        self._client: SensClient | None = None
        self._client_key: tuple[str, str, str, str] | None = None
        self._client_secret: str | None = None
        self._profile_listeners: list[Callable[[Profile], None]] = []
        self._connection_listeners: list[Callable[[ConnectionCheck | None], None]] = []
        self.connection: ConnectionCheck | None = None
        self._apiplex_client_factory = apiplex_client_factory or _default_apiplex_client_factory
        self._apiplex_simulator_starter = (
            apiplex_simulator_starter or _default_apiplex_simulator_starter
        )
        #: The embedded API PLEX simulator of the API PLEX demo (started on first use).
        self.apiplex_simulator: Any = None
        self._apiplex_client: ApiPlexClient | None = None
        self._apiplex_key: tuple[Any, ...] | None = None
        #: The running webhook receiver of the active API PLEX profile, if any.
        self.webhook_receiver: WebhookReceiver | None = None
        #: Why the receiver could not start (shown in Settings), else None.
        self.webhook_error: ConsoleError | None = None
        self._webhook_key: tuple[Any, ...] | None = None
        self._webhook_listeners: list[Callable[[set[str]], None]] = []
        self._last_profile_id = self.profile.id
        self._register_access_keys()
        settings.add_listener(self._settings_changed)
        self.sync_webhook_receiver()

    # -- profile -----------------------------------------------------------------------

    @property
    def profile(self) -> Profile:
        """The active profile; in demo mode the demo profile (``is_demo`` true)."""
        profile = self.settings.active_profile()
        return profile if profile is not None else demo_profile(self.settings.demo_provider)

    @property
    def is_demo(self) -> bool:
        return self.profile.is_demo

    def set_active_profile(self, profile_id: str | None) -> None:
        """Switch to `profile_id` (None: demo mode); listeners hear about it."""
        self.settings.set_active_profile(profile_id)

    def add_profile_listener(self, callback: Callable[[Profile], None]) -> None:
        """Call `callback(profile)` whenever the active profile changes or is edited."""
        self._profile_listeners.append(callback)

    def add_connection_listener(self, callback: Callable[[ConnectionCheck | None], None]) -> None:
        """Call `callback(check)` when the connection state changes (None: not checked)."""
        self._connection_listeners.append(callback)

    def _register_access_keys(self) -> None:
        """Access keys are not secret on their own, but logs mask them all the same."""
        for profile in self.settings.profiles():
            logs.register_secret(profile.access_key)

    def _settings_changed(self) -> None:
        self._register_access_keys()
        profile = self.profile
        # An edit of the active profile (new keys, new service ID) needs a new client too.
        if self._client is not None and (
            self._client_key != self._wanted_client_key(profile)
            or self._client_secret != self._current_secret(profile)
        ):
            self._drop_client()
        if self._apiplex_client is not None and self._apiplex_key != self._wanted_apiplex_key(
            profile
        ):
            self._drop_apiplex_client()
        self.sync_webhook_receiver()
        if profile.id != self._last_profile_id:
            self._last_profile_id = profile.id
            self._set_connection(None)
        for callback in list(self._profile_listeners):
            callback(profile)

    def _current_secret(self, profile: Profile) -> str | None:
        if profile.is_demo:
            return self._client_secret
        try:
            return self.secrets.get(profile.id)
        except ConsoleError:
            return None

    def _set_connection(self, check: ConnectionCheck | None) -> None:
        self.connection = check
        for callback in list(self._connection_listeners):
            callback(check)

    # -- client ------------------------------------------------------------------------

    def _wanted_client_key(self, profile: Profile) -> tuple[str, str, str, str] | None:
        if profile.is_demo:
            base = self.simulator.base_url if self.simulator is not None else ""
            return (profile.id, profile.access_key, profile.service_id, base)
        return (profile.id, profile.access_key, profile.service_id, SENS_BASE_URL)

    def client(self) -> SensClient:
        """The long-lived client of the active profile (created on first use).

        Raises :class:`SecretMissingError` when the profile's secret is unknown and
        :class:`DemoUnavailableError` when demo mode has no simulator.
        """
        profile = self.profile
        if profile.is_apiplex:
            raise sens_only_error(profile)
        if self._client is not None and self._client_key == self._wanted_client_key(profile):
            return self._client
        base_url, secret = self._endpoint(profile)
        self._drop_client()
        self._client = self._client_factory(
            profile.access_key, secret, profile.service_id, base_url
        )
        self._client_key = self._wanted_client_key(profile)
        self._client_secret = secret
        return self._client

    def _endpoint(self, profile: Profile) -> tuple[str, str]:
        """(base_url, secret) for `profile`, starting the simulator for the demo."""
        if profile.is_demo:
            from console.simulator.demo import DEMO_SECRET_KEY

            return self.demo_base_url(), DEMO_SECRET_KEY
        secret = self.secrets.get(profile.id)
        if not secret:
            raise SecretMissingError(
                f"The secret key of profile {profile.name!r} is not available. Open "
                "Settings > Profiles, edit the profile and enter the secret key.",
                f"'{profile.name}' 프로필의 시크릿 키가 없습니다. 설정 > 프로필에서 프로필을 "
                "편집해 시크릿 키를 입력하세요.",
            )
        logs.register_secret(profile.access_key)
        return SENS_BASE_URL, secret

    def demo_base_url(self) -> str:
        """The embedded simulator's address, starting it on first use."""
        if self.simulator is None:
            try:
                self.simulator = self._simulator_starter()
            except ImportError as exc:
                log.warning("demo simulator unavailable: %s", exc)
                error = DemoUnavailableError(
                    "Demo mode needs the built-in SENS simulator, which is not part of this "
                    "build yet. Add a profile with your SENS credentials in Settings > Profiles.",
                    "데모 모드에 필요한 내장 SENS 시뮬레이터가 아직 이 빌드에 없습니다. "
                    "설정 > 프로필에서 SENS 인증 정보로 프로필을 추가하세요.",
                )
                self._set_connection(ConnectionCheck("demo", error.message_en, error.message_ko))
                raise error from exc
            log.info("demo simulator started at %s", self.simulator.base_url)
        return str(self.simulator.base_url)

    def _drop_client(self) -> None:
        client, self._client, self._client_key = self._client, None, None
        self._client_secret = None
        if client is None:
            return
        try:
            self.tasks.start(f"close-client-{id(client)}", client.aclose(), replace=False)
        except RuntimeError:  # no loop (or shut down): the client's sockets die with us
            log.debug("client dropped without an event loop")

    # -- API PLEX ----------------------------------------------------------------------

    def _apiplex_secret(self, profile: Profile) -> str:
        if profile.is_demo:
            from console.simulator.apiplex import DEMO_SECRET_KEY

            return str(DEMO_SECRET_KEY)
        secret = self.secrets.get(profile.id)
        if not secret:
            raise SecretMissingError(
                f"The secret key of profile {profile.name!r} is not available. Open "
                "Settings > Profiles, edit the profile and enter the secret key.",
                f"'{profile.name}' 프로필의 시크릿 키가 없습니다. 설정 > 프로필에서 프로필을 "
                "편집해 시크릿 키를 입력하세요.",
            )
        return secret

    def _wanted_apiplex_key(self, profile: Profile) -> tuple[Any, ...] | None:
        if not profile.is_apiplex:
            return None
        base = self.apiplex_simulator.base_url if profile.is_demo and self.apiplex_simulator else ""
        return (profile, base, self._current_secret(profile) if not profile.is_demo else "")

    def apiplex_client(self) -> ApiPlexClient:
        """The long-lived API PLEX client of the active (API PLEX) profile.

        Raises :class:`ProviderMismatchError` for a SENS profile and
        :class:`SecretMissingError` when the secret key is unknown.
        """
        profile = self.profile
        if not profile.is_apiplex:
            raise ProviderMismatchError(
                f"Profile {profile.name!r} sends through NAVER Cloud SENS, not CJ API PLEX.",
                f"'{profile.name}' 프로필은 CJ API PLEX가 아니라 네이버 클라우드 SENS로 "
                "발송합니다.",
            )
        if self._apiplex_client is not None and self._apiplex_key == self._wanted_apiplex_key(
            profile
        ):
            return self._apiplex_client
        secret = self._apiplex_secret(profile)
        base_url = self.apiplex_demo_base_url() if profile.is_demo else None
        self._drop_apiplex_client()
        if not profile.is_demo:
            logs.register_secret(secret)
        self._apiplex_client = self._apiplex_client_factory(profile, secret, base_url)
        self._apiplex_key = self._wanted_apiplex_key(profile)
        return self._apiplex_client

    def apiplex_demo_base_url(self) -> str:
        """The embedded API PLEX simulator's address, starting it on first use."""
        if self.apiplex_simulator is None:
            try:
                self.apiplex_simulator = self._apiplex_simulator_starter()
            except ImportError as exc:
                raise DemoUnavailableError(
                    "The API PLEX demo needs the built-in API PLEX simulator, which is not "
                    "part of this build. Add an API PLEX profile in Settings > Profiles.",
                    "API PLEX 데모에 필요한 내장 API PLEX 시뮬레이터가 이 빌드에 없습니다. "
                    "설정 > 프로필에서 API PLEX 프로필을 추가하세요.",
                ) from exc
            log.info("API PLEX demo simulator started at %s", self.apiplex_simulator.base_url)
            receiver = self.webhook_receiver
            if receiver is not None and receiver.running:
                self.apiplex_simulator.set_webhook_url(_loopback_url(receiver))
        return str(self.apiplex_simulator.base_url)

    def _drop_apiplex_client(self) -> None:
        client, self._apiplex_client, self._apiplex_key = self._apiplex_client, None, None
        if client is None:
            return
        try:
            self.tasks.start(f"close-apiplex-{id(client)}", client.aclose(), replace=False)
        except RuntimeError:
            log.debug("API PLEX client dropped without an event loop")

    # -- API PLEX webhook receiver -----------------------------------------------------

    @property
    def webhook_receiving(self) -> bool:
        """Whether delivery results can reach the console (the receiver is running)."""
        receiver = self.webhook_receiver
        return receiver is not None and receiver.running

    def add_webhook_listener(self, callback: Callable[[set[str]], None]) -> None:
        """Call `callback(request_ids)` after webhook results updated those History rows."""
        self._webhook_listeners.append(callback)

    def sync_webhook_receiver(self) -> None:
        """Run the receiver the active profile asks for (or none); restart it on changes."""
        profile = self.profile
        wanted: tuple[Any, ...] | None = None
        if profile.is_apiplex and profile.webhook_enabled:
            wanted = (profile.id, profile.webhook_host, profile.webhook_port)
        if wanted == self._webhook_key:
            return
        self._webhook_key = wanted
        self.webhook_error = None
        receiver, self.webhook_receiver = self.webhook_receiver, None
        if receiver is not None:
            receiver.stop()
        if self.tasks.closed:
            return
        if wanted is None:
            self.tasks.cancel(WEBHOOK_TASK)
            return
        try:
            self.tasks.start(WEBHOOK_TASK, self._run_webhook_receiver(profile))
        except RuntimeError:  # no event loop (headless use without asyncio)
            log.debug("webhook receiver not started: no event loop")
            self._webhook_key = None

    async def _run_webhook_receiver(self, profile: Profile) -> None:
        from console.services.webhooks import WebhookReceiver
        from console.store.apiplex import ApiPlexStore

        previous, self.webhook_receiver = self.webhook_receiver, None
        if previous is not None:
            previous.stop()
        receiver = WebhookReceiver(
            ApiPlexStore(self.db),
            host=profile.webhook_host,
            port=profile.webhook_port,
            on_results=self._webhook_results,
        )
        try:
            receiver.start()
        except ConsoleError as exc:
            self.webhook_error = exc
            self.notifier.error(exc, dialog=False)
            return
        self.webhook_receiver = receiver
        log.info("API PLEX webhook receiver listening on %s", receiver.url)
        if profile.is_demo and self.apiplex_simulator is not None:
            self.apiplex_simulator.set_webhook_url(_loopback_url(receiver))
        try:
            await asyncio.get_running_loop().create_future()  # until cancelled
        finally:
            receiver.stop()
            if self.webhook_receiver is receiver:
                self.webhook_receiver = None

    def _webhook_results(self, results: list[DeliveryResult]) -> None:
        """(loop) Copy stored webhook results into History and tell the views."""
        from console.services.apiplex_sending import apply_results_to_history

        try:
            changed = apply_results_to_history(
                self.db,
                [r.key for r in results],
                language=self.language,
                receiver_enabled=True,
            )
        except Exception:  # the database may be closing: the results are kept all the same
            log.exception("webhook results could not be copied into History")
            return
        if not changed:
            return
        for callback in list(self._webhook_listeners):
            try:
                callback(changed)
            except Exception:
                log.exception("webhook listener failed")

    # -- connection test ---------------------------------------------------------------

    async def check_connection(
        self, profile: Profile | None = None, secret: str | None = None
    ) -> ConnectionCheck:
        """One cheap signed call with `profile` (default: the active one), interpreted.

        The call lists requests completed in the last minute: it needs a valid key,
        signature, clock and service ID, and returns (almost) nothing.
        """
        profile = profile if profile is not None else self.profile
        if profile.is_apiplex:
            result = await self._check_apiplex(profile, secret)
            if profile.id == self.profile.id:
                # The keys stay unchecked: the status bar keeps "not checked" unless a
                # host could not be reached.
                self._set_connection(result if result.kind != "unverified" else None)
            return result
        try:
            if secret is None:
                base_url, secret = self._endpoint(profile)
            else:
                base_url = self.demo_base_url() if profile.is_demo else SENS_BASE_URL
        except ConsoleError as exc:
            kind = "demo" if isinstance(exc, DemoUnavailableError) else "secret"
            result = ConnectionCheck(kind, exc.message_en, exc.message_ko)
        else:
            client = self._client_factory(profile.access_key, secret, profile.service_id, base_url)
            try:
                result = await _probe(client)
            finally:
                with contextlib.suppress(Exception):
                    await client.aclose()
        if profile.id == self.profile.id:
            self._set_connection(result)
        return result

    async def _check_apiplex(self, profile: Profile, secret: str | None) -> ConnectionCheck:
        """What can honestly be checked for API PLEX: the fields, the secret's presence and
        that every host answers. The reference has no read-only call, and a send would
        deliver a message, so the user ID and secret key stay unverified until a send."""
        try:
            if secret is None:
                secret = self._apiplex_secret(profile)
            hosts = (
                dict.fromkeys(("SMS", "LMS", "MMS", "GMS"), self.apiplex_demo_base_url())
                if profile.is_demo
                else profile.apiplex_hosts()
            )
        except ConsoleError as exc:
            kind = "demo" if isinstance(exc, DemoUnavailableError) else "secret"
            return ConnectionCheck(kind, exc.message_en, exc.message_ko)
        return await _probe_apiplex_hosts(hosts)

    async def aclose(self) -> None:
        """Cancel tasks, close the clients, stop receiver and simulators, close the database."""
        client, self._client = self._client, None
        apiplex, self._apiplex_client = self._apiplex_client, None
        await self.tasks.shutdown()
        receiver, self.webhook_receiver = self.webhook_receiver, None
        if receiver is not None:
            receiver.stop()
        for each in (client, apiplex):
            if each is not None:
                with contextlib.suppress(Exception):
                    await each.aclose()
        for name in ("simulator", "apiplex_simulator"):
            sim = getattr(self, name)
            if sim is not None:
                setattr(self, name, None)
                with contextlib.suppress(Exception):
                    await asyncio.get_running_loop().run_in_executor(None, sim.stop)
        self.db.close()


def _loopback_url(receiver: WebhookReceiver) -> str:
    """Where the local simulator reaches the receiver (0.0.0.0 listens on loopback too)."""
    host = receiver.host if receiver.host not in ("0.0.0.0", "::", "") else "127.0.0.1"
    return f"http://{host}:{receiver.port}/"


async def _probe_apiplex_hosts(hosts: dict[str, str]) -> ConnectionCheck:
    """GET each distinct host: any HTTP answer proves it is reachable (nothing is sent)."""
    import httpx

    unreachable: list[str] = []
    async with httpx.AsyncClient(timeout=httpx.Timeout(8.0, connect=5.0)) as http:
        for host in dict.fromkeys(hosts.values()):
            try:
                await http.get(host + "/")
            except (httpx.HTTPError, httpx.InvalidURL):
                unreachable.append(host)
    if unreachable:
        where = ", ".join(unreachable)
        return ConnectionCheck(
            "network",
            f"Could not reach API PLEX at {where}. Check the internet connection (and any "
            "proxy or firewall) and the hosts in the profile, then test again.",
            f"API PLEX({where})에 연결하지 못했습니다. 인터넷 연결(프록시, 방화벽 포함)과 프로필의 "
            "호스트 주소를 확인한 뒤 다시 확인하세요.",
        )
    return ConnectionCheck(
        "unverified",
        "The API PLEX servers answer. API PLEX offers no call that checks the user ID and "
        "secret key without sending a message, so they are checked by the first send: send "
        "a test message to your own number from Compose to be sure.",
        "API PLEX 서버가 응답합니다. API PLEX에는 메시지를 보내지 않고 사용자 ID와 시크릿 키를 "
        "확인하는 기능이 없어서 첫 발송 때 확인됩니다. 확실히 하려면 메시지 작성에서 내 번호로 "
        "테스트 발송을 하세요.",
    )


async def _probe(client: SensClient) -> ConnectionCheck:
    from console.providers.sens import (
        SensAuthError,
        SensClockSkewError,
        SensError,
        SensNetworkError,
        SensServiceNotFoundError,
    )

    now = datetime.now(ZoneInfo("Asia/Seoul")).replace(microsecond=0)
    try:
        async for _record in client.list_requests(
            complete_start=now - timedelta(minutes=1), complete_end=now
        ):
            break
    except SensClockSkewError as exc:
        # The client's message already says how far off and in which direction.
        return ConnectionCheck(
            "clock", exc.message_en, exc.message_ko, skew_seconds=exc.skew_seconds
        )
    except SensAuthError:
        return ConnectionCheck(
            "auth",
            "The access key or the secret key is wrong. Copy both again from the NAVER Cloud "
            "console (My Page > Authentication Key Management) and test again.",
            "액세스 키 또는 시크릿 키가 틀립니다. 네이버 클라우드 콘솔(마이페이지 > 인증키 "
            "관리)에서 두 값을 다시 복사한 뒤 확인하세요.",
        )
    except SensServiceNotFoundError:
        return ConnectionCheck(
            "service",
            "The keys are right but SENS does not know this service ID. Copy the service ID "
            "from the SENS project (SMS > Project > Service ID) and test again.",
            "키는 맞지만 SENS에 이 서비스 ID가 없습니다. SENS 프로젝트(SMS > 프로젝트 > "
            "서비스 ID)에서 서비스 ID를 다시 복사한 뒤 확인하세요.",
        )
    except SensNetworkError:
        return ConnectionCheck(
            "network",
            "Could not reach the SENS server. Check the internet connection (and any proxy "
            "or firewall) and test again.",
            "SENS 서버에 연결하지 못했습니다. 인터넷 연결(프록시, 방화벽 포함)을 확인한 뒤 "
            "다시 확인하세요.",
        )
    except SensError as exc:
        return ConnectionCheck("error", exc.message_en, exc.message_ko)
    return ConnectionCheck(
        "ok",
        "Connected: the keys, the service ID and the PC clock are all right.",
        "연결되었습니다. 키, 서비스 ID, PC 시계가 모두 올바릅니다.",
    )


def _default_client_factory(
    access_key: str, secret_key: str, service_id: str, base_url: str
) -> SensClient:
    from console.providers.sens import SensClient

    return SensClient(access_key, secret_key, service_id, base_url=base_url)


def _default_apiplex_client_factory(
    profile: Profile, secret_key: str, base_url: str | None
) -> ApiPlexClient:
    from console.providers.apiplex import ApiPlexClient

    services = profile.apiplex_services()
    return ApiPlexClient(
        profile.user_id,
        secret_key,
        sms_service_id=services["SMS"],
        lms_service_id=services["LMS"],
        mms_service_id=services["MMS"],
        hosts=None if base_url else profile.apiplex_hosts(),
        base_url=base_url,
        gms_sender=profile.gms_sender or None,
    )


def _default_apiplex_simulator_starter() -> Any:
    from console.simulator.apiplex import start

    return start(port=0)


def _default_simulator_starter() -> Any:
    import importlib

    module = importlib.import_module("console.simulator")
    start = getattr(module, "start", None)
    if start is None:  # the package exists but the simulator has not landed yet
        raise ImportError("console.simulator has no start()")
    return start(port=0)

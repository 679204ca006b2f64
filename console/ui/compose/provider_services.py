"""Which sending service runs Compose's jobs: SENS's or API PLEX's, following the active
profile, kept while the profile's client lives (a new client means a new service)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from console.errors import ConsoleError
from console.services.apiplex_sending import ApiPlexSendingService
from console.services.sending import JobRecord, SendingService

if TYPE_CHECKING:
    from console.context import AppContext

AnySendingService = SendingService | ApiPlexSendingService


class ProviderServices:
    """The active profile's sending service, made on first use."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        self._service: AnySendingService | None = None
        self._client: object | None = None

    def reset(self) -> None:
        """Forget the service (the profile changed)."""
        self._service = None

    def current(self) -> AnySendingService:
        """The service of the active profile's provider (kept while its client lives)."""
        context = self.context
        client: Any
        if context.profile.is_apiplex:
            client = context.apiplex_client()
            if not isinstance(self._service, ApiPlexSendingService) or self._client is not client:
                self._service = ApiPlexSendingService(
                    context.db,
                    client,
                    language=context.language,
                    receiver_enabled=lambda: context.webhook_receiving,
                )
                self._client = client
            return self._service
        client = context.client()
        if not isinstance(self._service, SendingService) or self._client is not client:
            self._service = SendingService(context.db, client)
            self._client = client
        return self._service

    def for_job(self, job: JobRecord) -> AnySendingService:
        """The service for an unfinished `job` (its provider must be the profile's)."""
        service = self.current()
        if (job.provider == "apiplex") != isinstance(service, ApiPlexSendingService):
            raise ConsoleError(
                "This unfinished send belongs to another provider than the active profile. "
                "Switch to the profile it was sent with to resume or discard it.",
                "이 미완료 발송은 현재 프로필과 다른 발송 서비스의 것입니다. 보낸 프로필로 바꾼 뒤 "
                "이어 보내거나 취소하세요.",
            )
        return service

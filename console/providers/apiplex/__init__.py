"""CJ API PLEX provider: Biz Message (SMS/LMS/MMS) and GMS global SMS (async httpx, no Qt)."""

from console.providers.apiplex.client import (
    DEFAULT_HOSTS,
    GMS_SEND_PATH,
    SERVICE_IDS,
    ApiPlexAuth,
    ApiPlexClient,
)
from console.providers.apiplex.errors import (
    ApiPlexAmbiguousSendError,
    ApiPlexAuthError,
    ApiPlexError,
    ApiPlexNetworkError,
    ApiPlexRateLimitError,
    ApiPlexServerError,
    ApiPlexValidationError,
)
from console.providers.apiplex.models import (
    GMS_DEFAULT_SENDER,
    Acceptance,
    BizMessage,
    DeliveryResult,
    GmsMessage,
    new_msg_key,
)
from console.providers.apiplex.validation import (
    biz_problems,
    measure_euckr,
    normalize_gms_number,
)
from console.providers.apiplex.webhook import (
    SUCCESS_ANSWER,
    WebhookFormatError,
    parse_webhook_body,
)

__all__ = [
    "DEFAULT_HOSTS",
    "GMS_DEFAULT_SENDER",
    "GMS_SEND_PATH",
    "SERVICE_IDS",
    "SUCCESS_ANSWER",
    "Acceptance",
    "ApiPlexAmbiguousSendError",
    "ApiPlexAuth",
    "ApiPlexAuthError",
    "ApiPlexClient",
    "ApiPlexError",
    "ApiPlexNetworkError",
    "ApiPlexRateLimitError",
    "ApiPlexServerError",
    "ApiPlexValidationError",
    "BizMessage",
    "DeliveryResult",
    "GmsMessage",
    "WebhookFormatError",
    "biz_problems",
    "measure_euckr",
    "new_msg_key",
    "normalize_gms_number",
    "parse_webhook_body",
]

"""Autosaved compose drafts and message templates.

The compose pane autosaves what the user is writing so that a crash, a power cut or
closing the console loses nothing: the text and options (small, saved on every pause in
typing), the recipients and the attached images (saved only when they change). One
draft per profile; restored when the pane opens.

Templates are named messages (text, subject, normal/advertisement) to reuse.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from console.domain.models import Recipient
from console.errors import ConsoleError
from console.services.images import PreparedImage
from console.store.database import Database
from console.store.drafts import DraftStore, StoredTemplate

log = logging.getLogger(__name__)

#: Longest template name accepted.
MAX_TEMPLATE_NAME = 60


class TemplateNameError(ConsoleError):
    """A template needs a (short) name."""

    def __init__(self) -> None:
        super().__init__(
            f"Enter a name for the template (at most {MAX_TEMPLATE_NAME} characters).",
            f"템플릿 이름을 입력하세요({MAX_TEMPLATE_NAME}자 이하).",
        )


class EmptyTemplateError(ConsoleError):
    """A template without text is of no use."""

    def __init__(self) -> None:
        super().__init__(
            "The message is empty, so there is nothing to save as a template. Type the "
            "message first.",
            "메시지가 비어 있어 템플릿으로 저장할 내용이 없습니다. 먼저 내용을 입력하세요.",
        )


@dataclass(frozen=True)
class Template:
    """A saved message to reuse."""

    id: int
    name: str
    content: str
    subject: str = ""
    content_type: str = "COMM"
    updated_at: datetime | None = None


@dataclass
class SavedDraft:
    """What the compose pane restores: its fields, recipients and images."""

    fields: dict[str, Any] = field(default_factory=dict)
    recipients: list[Recipient] = field(default_factory=list)
    images: list[PreparedImage] = field(default_factory=list)
    updated_at: datetime | None = None


def recipient_to_json(recipient: Recipient) -> dict[str, Any]:
    return {"phone": recipient.phone, "name": recipient.name, "fields": dict(recipient.fields)}


def recipient_from_json(data: Mapping[str, Any]) -> Recipient:
    fields = data.get("fields") or {}
    return Recipient(
        phone=str(data.get("phone", "")),
        name=str(data.get("name", "") or ""),
        fields={str(k): str(v) for k, v in dict(fields).items()},
    )


def image_to_json(image: PreparedImage) -> dict[str, Any]:
    return {
        "data": base64.b64encode(image.data).decode("ascii"),
        "name": image.name,
        "width": image.width,
        "height": image.height,
        "thumbnail": base64.b64encode(image.thumbnail).decode("ascii"),
        "content_hash": image.content_hash,
        "source_name": image.source_name,
        "original_width": image.original_width,
        "original_height": image.original_height,
    }


def image_from_json(data: Mapping[str, Any]) -> PreparedImage:
    raw = base64.b64decode(str(data["data"]))
    return PreparedImage(
        data=raw,
        name=str(data["name"]),
        size=len(raw),
        width=int(data["width"]),
        height=int(data["height"]),
        thumbnail=base64.b64decode(str(data["thumbnail"])),
        content_hash=str(data["content_hash"]),
        source_name=data.get("source_name"),
        original_width=int(data.get("original_width", 0)),
        original_height=int(data.get("original_height", 0)),
    )


class DraftService:
    """Autosave/restore of the compose draft and the template library."""

    def __init__(self, db: Database) -> None:
        self.store = DraftStore(db)

    # --- draft -----------------------------------------------------------------------------

    def save_fields(self, profile: str, fields: Mapping[str, Any]) -> None:
        """Save the small fields (text, subject, options); cheap, called on every pause."""
        self.store.save_fields(profile, fields)

    def save_recipients(self, profile: str, recipients: Sequence[Recipient]) -> None:
        self.store.save_recipients(profile, [recipient_to_json(r) for r in recipients])

    def save_images(self, profile: str, images: Sequence[PreparedImage]) -> None:
        self.store.save_images(profile, [image_to_json(i) for i in images])

    def load(self, profile: str) -> SavedDraft | None:
        """The saved draft of `profile`, or None. Unreadable parts are dropped (logged)."""
        stored = self.store.load(profile)
        if stored is None:
            return None
        draft = SavedDraft(fields=dict(stored.fields), updated_at=stored.updated_at)
        for item in stored.recipients:
            try:
                draft.recipients.append(recipient_from_json(item))
            except (TypeError, ValueError, AttributeError):
                log.warning("skipping an unreadable recipient in the saved draft")
        for item in stored.images:
            try:
                draft.images.append(image_from_json(item))
            except (KeyError, TypeError, ValueError):
                log.warning("skipping an unreadable image in the saved draft")
        return draft

    def clear(self, profile: str) -> None:
        """Forget the draft (after it was sent)."""
        self.store.delete(profile)

    # --- templates -------------------------------------------------------------------------

    def templates(self) -> list[Template]:
        return [_template(t) for t in self.store.templates()]

    def template(self, template_id: int) -> Template | None:
        stored = self.store.template(template_id)
        return _template(stored) if stored is not None else None

    def save_template(
        self, name: str, content: str, subject: str = "", content_type: str = "COMM"
    ) -> Template:
        """Save (or overwrite by name) a template; raises TemplateNameError/EmptyTemplateError."""
        name = " ".join(name.split())
        if not name or len(name) > MAX_TEMPLATE_NAME:
            raise TemplateNameError()
        if not content.strip():
            raise EmptyTemplateError()
        content_type = content_type if content_type in ("COMM", "AD") else "COMM"
        return _template(self.store.save_template(name, content, subject, content_type))

    def delete_template(self, template_id: int) -> None:
        self.store.delete_template(template_id)


def _template(stored: StoredTemplate) -> Template:
    return Template(
        id=stored.id,
        name=stored.name,
        content=stored.content,
        subject=stored.subject,
        content_type=stored.content_type,
        updated_at=stored.updated_at,
    )

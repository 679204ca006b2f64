"""The Compose pane: write a message, pick recipients, check it, send it (or reserve it).

Every SMS rule comes from :mod:`console.domain` (byte counts, type, personalisation, ad
rules, reservation times, plans and cost); the pane only shows what they say. This module
assembles the pane's parts and keeps the form's state (text, recipients, pictures, what
the message replaces): it recounts on every change and hands the form to the parts.

The parts, one module each: ``options`` (caller, content type, country), ``counters``
(subject row, type badge and bytes, personalisation note), ``insert_tools`` (variables,
ad format, templates), ``editor`` (the text and its highlighter), ``problems``
(characters SMS cannot carry), ``ad_rules``, ``attachments`` (pictures; API PLEX paths),
``schedule`` (reservation time), ``recipients_box``, ``preview`` (phone card),
``send_controls`` (cost, test send, send button, progress), ``resume_banner``,
``reminder`` (waiting reservations); behind them ``handover`` (what other panes hand
over), ``autosave`` (the draft), ``planning`` (plan and job meta per provider),
``provider_services`` and ``send_flow`` (checking, confirming and running the journalled
job as the named task ``compose-send``; unfinished jobs).

API PLEX profiles use the same editor, counters and plan; the differences come from the
provider: titles may be 50 bytes (SENS: 40), there are no reservations and no 080 list
(the controls are hidden or explained), MMS images are the paths API PLEX's own image
upload returned (pasted by the user, up to 3), numbers of another country go through GMS,
and the job runs on :class:`console.services.apiplex_sending.ApiPlexSendingService`.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from console.domain import compliance
from console.domain.cost import estimate
from console.domain.merge import LengthIndex, parse
from console.domain.models import Draft, Recipient, SendPlan
from console.domain.phone import try_normalize
from console.domain.text import (
    SMS_MAX_BYTES,
    SUBJECT_MAX_BYTES,
    content_limit,
    measure,
    message_type,
    normalize_newlines,
)
from console.errors import ConsoleError
from console.providers.apiplex.validation import TITLE_LIMIT as APIPLEX_TITLE_LIMIT
from console.services import reservations, unsubscribes
from console.services.drafts import SavedDraft
from console.services.images import ImageError, PreparedImage, prepare_image_async
from console.services.sending import JobRecord, SendProgress
from console.ui.common.widgets import PageHeader
from console.ui.compose.ad_rules import AdRulesBox
from console.ui.compose.attachments import ImagesBox
from console.ui.compose.autosave import DraftAutosave
from console.ui.compose.confirm import ConfirmSheet
from console.ui.compose.counters import CountsPanel, SubjectRow
from console.ui.compose.editor import MessageEditor, local_files
from console.ui.compose.handover import coerce_recipient
from console.ui.compose.insert_tools import EditorTools
from console.ui.compose.options import MessageOptions
from console.ui.compose.planning import make_plan
from console.ui.compose.preview import PreviewBox
from console.ui.compose.problems import IssuesPanel
from console.ui.compose.recipients_box import RecipientsBox, deduplicate
from console.ui.compose.reminder import ReservationReminder
from console.ui.compose.resume_banner import ResumeBanner
from console.ui.compose.schedule import SchedulePicker
from console.ui.compose.send_controls import SendControls
from console.ui.compose.send_flow import SEND_TASK, TEST_NUMBER_KEY, SendFlow

if TYPE_CHECKING:
    from console.context import AppContext
    from console.settings import Profile

log = logging.getLogger(__name__)

MAX_IMAGES = 3
#: Above this many recipients the personalised counter waits for a pause in typing.
LARGE_LIST = 20_000
#: How many upcoming reservations the reminder lists, and how often it is re-read (ms).
REMINDER_COUNT = 3
REMINDER_MS = 60_000
#: The advertisement's sender name and 080 number, remembered per profile (an office's
#: profiles may be different companies or shops): "<key>/<profile id>". The key alone
#: holds what a console before per-profile keys remembered; it is the default.
AD_SENDER_KEY = "compose/ad_sender_name"
AD_OPTOUT_KEY = "compose/ad_optout_number"


class ComposePage(QWidget):
    """Write, check and send SMS/LMS/MMS messages."""

    #: Emitted after every recount (tests and the status bar may listen).
    recounted = Signal()
    #: Emitted with the final :class:`SendProgress` of a send or resume.
    send_finished = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.autosave = DraftAutosave(context, self.draft_fields, self)
        self.drafts = self.autosave.drafts
        # (the autosave's timer by its old name; tests use it)
        self._autosave_timer = self.autosave.timer
        self.images: list[PreparedImage] = []
        self.imported: list[Recipient] = []
        #: Reservations (request IDs) this message replaces (set by the Reservations pane).
        self.replaces: list[str] = []
        self._converting = 0
        self._restoring = False
        self._unique: list[Recipient] = []
        self._invalid = 0
        self._duplicates = 0
        self._length_index: LengthIndex | None = None
        self._columns: list[str] = []
        #: The active profile sends through API PLEX (set by _load_profile).
        self.apiplex = context.profile.is_apiplex
        self._optouts: frozenset[str] = self._load_optouts()

        self._recipients_timer = QTimer(self)
        self._recipients_timer.setSingleShot(True)
        self._recipients_timer.setInterval(300)
        self._recipients_timer.timeout.connect(self._recipients_changed)
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(250)
        self._count_timer.timeout.connect(self.recount)
        #: Drops reservations from the reminder once their time has come.
        self._reminder_timer = QTimer(self)
        self._reminder_timer.setInterval(REMINDER_MS)
        self._reminder_timer.timeout.connect(self.update_reminder)

        self._build()
        self.flow = SendFlow(context, self)
        self.flow.finished.connect(self.send_finished)
        self.setAcceptDrops(True)
        self._load_profile(context.profile)
        self._restore_draft()
        self._recipients_changed()
        self.update_reminder()
        context.add_profile_listener(self._profile_changed)
        QTimer.singleShot(0, self.offer_unfinished)

    # ==================================================================================
    # building
    # ==================================================================================

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(PageHeader(self.tr("Compose")), 1)
        self.new_button = QPushButton(self.tr("New message"))
        self.new_button.setToolTip(self.tr("Clear the text, recipients and images"))
        self.new_button.clicked.connect(self.new_message)
        head.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(head)

        self.banner = ResumeBanner()
        self.banner.resume_requested.connect(self.resume_unfinished)
        self.banner.discard_requested.connect(self.discard_unfinished)
        # (the banner's parts by their old names; tests and callers use them)
        self.banner_label = self.banner.label
        self.resume_button = self.banner.resume_button
        self.discard_button = self.banner.discard_button
        outer.addWidget(self.banner)

        self.reminder = ReservationReminder()
        self.reminder.open_requested.connect(self.open_reservations)
        outer.addWidget(self.reminder)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._scrolled(self._build_message_side()))
        splitter.addWidget(self._scrolled(self._build_send_side()))
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([560, 380])
        outer.addWidget(splitter, 1)

    @staticmethod
    def _scrolled(widget: QWidget) -> QScrollArea:
        """`widget` in a vertical scroll area that is never narrower than the widget needs
        (so nothing is clipped at the right edge)."""
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setWidget(widget)
        bar = area.verticalScrollBar()
        extra = bar.sizeHint().width() if bar is not None else 16
        area.setMinimumWidth(widget.minimumSizeHint().width() + extra + 2)
        return area

    def _build_message_side(self) -> QWidget:
        side = QWidget()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 8, 0)

        self.options = MessageOptions()
        self.options.caller_changed.connect(self._changed)
        self.options.content_type_changed.connect(self._content_type_changed)
        self.options.country_changed.connect(self._country_changed)
        # (the options by their old names; tests and callers use them)
        self.caller_combo = self.options.caller_combo
        self.content_type_combo = self.options.content_type_combo
        self.country_combo = self.options.country_combo
        layout.addWidget(self.options)

        self.subject_row = SubjectRow()
        self.subject_row.edited.connect(self._changed)
        # (the row's parts by their old names; tests and callers use them)
        self.subject_label = self.subject_row.label
        self.subject_edit = self.subject_row.edit
        self.subject_counter = self.subject_row.counter
        layout.addWidget(self.subject_row)

        self.tools = EditorTools()
        self.tools.variable_chosen.connect(self._insert_variable)
        self.tools.ad_format_requested.connect(self.insert_ad_format)
        self.tools.templates_wanted.connect(self._fill_templates_menu)
        self.tools.save_template_requested.connect(self.ask_template_name)
        self.tools.template_chosen.connect(self.apply_template)
        self.tools.template_delete_requested.connect(self._delete_template)
        # (the row's parts by their old names; tests and callers use them)
        self.variable_button = self.tools.variable_button
        self.variable_menu = self.tools.variable_menu
        self.ad_format_button = self.tools.ad_format_button
        self.templates_button = self.tools.templates_button
        self.templates_menu = self.tools.templates_menu
        layout.addWidget(self.tools)

        self.editor = MessageEditor()
        self.editor.setPlaceholderText(
            self.tr("Type the message. Use #{name} to insert a value from the recipient list.")
        )
        self.editor.setMinimumHeight(150)
        self.editor.textChanged.connect(self._changed)
        self.editor.files_dropped.connect(self.add_images)
        layout.addWidget(self.editor, 1)

        self.counts = CountsPanel()
        self.counts.option_toggled.connect(self._changed)
        # (the panel's parts by their old names; tests and callers use them)
        self.type_label = self.counts.type_label
        self.content_counter = self.counts.content_counter
        self.force_lms_check = self.counts.force_lms_check
        self.gms_label = self.counts.gms_label
        self.personal_label = self.counts.personal_label
        self.empty_missing_check = self.counts.empty_missing_check
        layout.addWidget(self.counts)

        self.issues_panel = IssuesPanel()
        self.issues_panel.replace_requested.connect(self.replace_character)
        self.issues_panel.fix_all_requested.connect(self.fix_all_characters)
        layout.addWidget(self.issues_panel)

        self.ad_box = AdRulesBox()  # (the profile's details: _load_profile)
        self.ad_box.details_changed.connect(self._ad_settings_changed)
        self.ad_box.consent_toggled.connect(self._changed)
        # (the box's parts by their old names; tests and callers use them)
        self.sender_name_edit = self.ad_box.sender_name_edit
        self.optout_edit = self.ad_box.optout_edit
        self.ad_checks_label = self.ad_box.ad_checks_label
        self.optout_label = self.ad_box.optout_label
        self.night_check = self.ad_box.night_check
        self.night_label = self.ad_box.night_label
        layout.addWidget(self.ad_box)

        self.images_box = ImagesBox()
        self.images_box.files_chosen.connect(self.add_images)
        self.images_box.strip.remove_requested.connect(self.remove_image)
        self.images_box.paths_changed.connect(self._changed)
        # (the box's parts by their old names; tests and callers use them)
        self.attachments = self.images_box.strip
        self.image_paths_help = self.images_box.paths_help
        self.image_paths_edit = self.images_box.paths_edit
        self.image_paths_label = self.images_box.paths_label
        layout.addWidget(self.images_box)

        self.schedule = SchedulePicker(zone_name=self.time_zone, now=lambda: self._now())
        self.schedule.changed.connect(self._changed)
        # (the picker's parts by their old names; tests and callers use them)
        self.now_radio = self.schedule.now_radio
        self.reserve_radio = self.schedule.reserve_radio
        self.reserve_edit = self.schedule.reserve_edit
        self.zone_label = self.schedule.zone_label
        self.local_time_label = self.schedule.local_time_label
        self.no_reservation_label = self.schedule.no_reservation_label
        layout.addWidget(self.schedule)
        return side

    def _build_send_side(self) -> QWidget:
        side = QWidget()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(8, 0, 0, 0)

        self.recipients_box = RecipientsBox()
        self.recipients_box.numbers_edited.connect(self._numbers_edited)
        self.recipients_box.clear_requested.connect(self.clear_imported)
        # (the box's parts by their old names; tests and callers use them)
        self.numbers_edit = self.recipients_box.numbers_edit
        self.imported_label = self.recipients_box.imported_label
        self.clear_imported_button = self.recipients_box.clear_imported_button
        self.recipients_label = self.recipients_box.recipients_label
        layout.addWidget(self.recipients_box)

        self.preview_box = PreviewBox()
        self.preview_box.recipient_changed.connect(self._update_preview)
        # (the box's parts by their old names; tests and callers use them)
        self.preview_combo = self.preview_box.combo
        self.preview = self.preview_box.phone
        layout.addWidget(self.preview_box, 1)

        self.controls = SendControls(str(self.context.settings.value(TEST_NUMBER_KEY, "")))
        self.controls.send_requested.connect(self.send)
        self.controls.test_requested.connect(self.test_send)
        self.controls.cancel_requested.connect(self.cancel_send)
        self.controls.test_number_edited.connect(self._remember_test_number)
        # (the controls' parts by their old names; tests and callers use them)
        self.cost_label = self.controls.cost_label
        self.test_number_edit = self.controls.test_number_edit
        self.test_button = self.controls.test_button
        self.replaces_label = self.controls.replaces_label
        self.send_button = self.controls.send_button
        self.progress_frame = self.controls.progress_frame
        self.progress_bar = self.controls.progress_bar
        self.cancel_button = self.controls.cancel_button
        self.progress_label = self.controls.progress_label
        layout.addWidget(self.controls)
        return side


    # ==================================================================================
    # profile, draft, prefill
    # ==================================================================================

    def _ad_details(self, profile: Profile) -> tuple[str, str]:
        """The sender name and 080 number remembered for `profile`."""
        settings = self.context.settings
        sender, optout = (
            str(settings.value(f"{key}/{profile.id}", settings.value(key, "")))
            for key in (AD_SENDER_KEY, AD_OPTOUT_KEY)
        )
        return sender, optout

    def _load_profile(self, profile: Profile) -> None:
        self.ad_box.set_details(*self._ad_details(profile))
        self.options.set_callers(profile.caller_numbers)
        if not self._restoring:
            self.set_country_code(profile.default_country_code)
        self.schedule.set_profile_zone(profile.reservation_time_zone)
        self._apply_provider(profile)

    def _apply_provider(self, profile: Profile) -> None:
        """Show what the profile's provider offers (API PLEX: no reservations, no 080
        list, MMS images as pasted upload paths)."""
        self.apiplex = profile.is_apiplex
        self.schedule.set_reservations_available(not self.apiplex)
        self.images_box.use_pasted_paths(self.apiplex)
        self.tools.set_ad_format_hint(free_080=not self.apiplex)

    def subject_limit(self) -> int:
        """The title limit of the profile's provider (bytes, EUC-KR counting)."""
        return APIPLEX_TITLE_LIMIT if self.apiplex else SUBJECT_MAX_BYTES

    def image_paths(self) -> list[str]:
        """API PLEX: the pasted image paths (non-empty lines)."""
        return self.images_box.image_paths()

    def has_images(self) -> bool:
        if self.apiplex:
            return bool(self.image_paths())
        return bool(self.images)

    def _profile_changed(self, profile: Profile) -> None:
        if not shiboken6.isValid(self):  # the page was closed; the context outlives it
            return
        self._load_profile(profile)
        self._optouts = self._load_optouts()
        self.flow.services.reset()
        self.recount()
        self.update_reminder()
        QTimer.singleShot(0, self, self.offer_unfinished)  # dropped if the page goes

    def _restore_draft(self) -> None:
        saved = self.autosave.load()
        if saved is None:
            return
        self._restoring = True
        try:
            self._apply_saved(saved)
        finally:
            self._restoring = False

    def _apply_saved(self, saved: SavedDraft) -> None:
        fields = saved.fields
        self.editor.setPlainText(str(fields.get("content", "")))
        self.subject_edit.setText(str(fields.get("subject", "")))
        caller = fields.get("caller")
        if caller:
            self.options.select_caller(str(caller))
        self.options.set_content_type(str(fields.get("content_type", "COMM")))
        if fields.get("country_code"):
            self.set_country_code(str(fields["country_code"]))
        self.force_lms_check.setChecked(bool(fields.get("force_lms", False)))
        self.numbers_edit.setPlainText(str(fields.get("numbers", "")))
        reserve = fields.get("reserve_at")
        if isinstance(reserve, str) and reserve:
            with contextlib.suppress(ValueError):
                self.set_reserve_at(datetime.fromisoformat(reserve))
        self.reserve_radio.setChecked(bool(fields.get("reserve", False)))
        replaces = fields.get("replaces")
        self.replaces = [str(r) for r in replaces] if isinstance(replaces, list) else []
        self._show_replaces()
        self.imported = list(saved.recipients)
        self.images = list(saved.images[:MAX_IMAGES])
        self.attachments.show_images(self.images)
        self.image_paths_edit.setPlainText(str(fields.get("image_paths", "")))

    def draft_fields(self) -> dict[str, Any]:
        """The small autosaved fields."""
        return {
            "content": self.editor.toPlainText(),
            "subject": self.subject_edit.text(),
            "caller": self.caller(),
            "content_type": self.content_type(),
            "country_code": self.country_code(),
            "force_lms": self.force_lms_check.isChecked(),
            "numbers": self.numbers_edit.toPlainText(),
            "reserve": self.reserve_radio.isChecked(),
            "reserve_at": self.reserve_at().isoformat(),
            "replaces": list(self.replaces),
            "image_paths": self.image_paths_edit.toPlainText(),
        }

    def save_draft(self) -> None:
        """Autosave now (the timer does this after a pause in typing)."""
        self.autosave.save_fields()

    def _save_recipients(self) -> None:
        """Autosave the received list (a big one in a worker thread)."""
        self.autosave.save_recipients(self.imported)

    def _save_images(self) -> None:
        self.autosave.save_images(self.images)

    def hideEvent(self, event: QHideEvent) -> None:
        self.autosave.flush()
        self._reminder_timer.stop()
        super().hideEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.update_reminder()
        self._reminder_timer.start()

    # ==================================================================================
    # upcoming reservations
    # ==================================================================================

    def update_reminder(self) -> None:
        """Show the next reservations of the profile's service (none for API PLEX)."""
        waiting: list[reservations.Reservation] = []
        profile = self.context.profile
        if not profile.is_apiplex:
            try:
                waiting = reservations.upcoming(
                    self.context.db, profile.service_id, limit=REMINDER_COUNT
                )
            except Exception:  # a busy or damaged store must not break Compose
                log.exception("upcoming reservations could not be read")
        self.reminder.show_reservations(waiting)

    def open_reservations(self) -> None:
        """Show the Reservations page (the reminder was clicked)."""
        navigator = self.context.navigator
        if navigator is not None:
            navigator.open_page("reservations")

    def prefill(
        self,
        recipients: Iterable[Any] | None = None,
        content: str | None = None,
        subject: str | None = None,
        *,
        caller: str | None = None,
        message_type: str | None = None,
        content_type: str | None = None,
        reserve_at: datetime | None = None,
        reserve_time_zone: str | None = None,
        replaces_reservations: Sequence[str] | None = None,
        **_other: Any,
    ) -> None:
        """Take what another pane hands over (``navigator.open_compose(...)``).

        `recipients` replaces the imported list (Recipients, numbers, or mappings with
        phone/name/fields); `content`/`subject` replace the text; `caller`,
        `content_type` ("COMM"/"AD"), `message_type` (an LMS stays LMS) and `reserve_at`
        (aware, or naive in `reserve_time_zone`) set the options. `replaces_reservations`
        (from the Reservations pane's "edit") names the reservations this send replaces:
        they are cancelled once every request of it is accepted.
        """
        if content is not None:
            self.set_content(content)
        if subject is not None:
            self.subject_edit.setText(subject)
        if caller:
            self.options.select_caller(caller)
        if content_type in ("COMM", "AD"):
            self.options.set_content_type(content_type)
        if message_type is not None:
            self.force_lms_check.setChecked(message_type == "LMS")
            if message_type == "MMS" and not self.images:
                self.context.notifier.info(
                    self.tr("The original message had images: attach them again.")
                )
        if reserve_at is not None:
            if reserve_at.tzinfo is None and reserve_time_zone:
                with contextlib.suppress(KeyError, ValueError):
                    reserve_at = reserve_at.replace(tzinfo=ZoneInfo(reserve_time_zone))
            self.set_reserve_at(reserve_at)
            self.reserve_radio.setChecked(True)
        if replaces_reservations is not None:
            self.replaces = [str(r) for r in replaces_reservations]
            self._show_replaces()
        if recipients is not None:
            received = [r for r in (coerce_recipient(item) for item in recipients) if r]
            self.imported = received
            self._save_recipients()
            self._recipients_changed()
            self.context.notifier.info(
                self.tr("%1 recipients received for this message.").replace(
                    "%1", f"{len(received):,}"
                )
            )

    def _show_replaces(self) -> None:
        self.controls.show_replaces(len(self.replaces))

    def new_message(self) -> None:
        """Start over: empty text, subject, recipients and images."""
        self.replaces = []
        self._show_replaces()
        self.editor.clear()
        self.subject_edit.clear()
        self.numbers_edit.clear()
        self.imported = []
        self.images = []
        self.attachments.show_images(self.images)
        self.image_paths_edit.clear()
        self.night_check.setChecked(False)
        self.now_radio.setChecked(True)
        self._save_recipients()
        self._save_images()
        self._recipients_changed()
        self.save_draft()

    # ==================================================================================
    # reading the form
    # ==================================================================================

    def caller(self) -> str:
        return self.options.caller()

    def content_type(self) -> str:
        return self.options.content_type()

    def is_ad(self) -> bool:
        return self.content_type() == "AD"

    def country_code(self) -> str:
        return self.options.country_code()

    def set_country_code(self, code: str) -> None:
        self.options.set_country_code(code)

    def time_zone(self) -> str:
        return self.context.profile.reservation_time_zone

    def _zone(self) -> ZoneInfo:
        return self.schedule.zone()

    def reserve_at(self) -> datetime:
        """The picker's value: a naive wall time in the profile's time zone."""
        return self.schedule.reserve_at()

    def set_reserve_at(self, when: datetime) -> None:
        """Set the picker (naive: wall time in the profile's zone; aware: converted)."""
        self.schedule.set_reserve_at(when)

    def _now(self) -> datetime:
        return datetime.now(UTC)

    def send_moment(self) -> datetime | None:
        """The reservation as an aware time, or None to send now."""
        return self.schedule.send_moment()

    def content(self) -> str:
        return normalize_newlines(self.editor.toPlainText())

    def set_content(self, text: str) -> None:
        """Replace the whole text as one undo step."""
        cursor = self.editor.textCursor()
        cursor.beginEditBlock()
        cursor.select(cursor.SelectionType.Document)
        cursor.insertText(text)
        cursor.endEditBlock()
        self.editor.setTextCursor(cursor)

    def prices(self) -> dict[str, float]:
        profile = self.context.profile
        return {"SMS": profile.price_sms, "LMS": profile.price_lms, "MMS": profile.price_mms}

    def recipients(self) -> list[Recipient]:
        """Everyone the message is for: the received list, then the typed numbers."""
        return [*self.imported, *self._typed_recipients()]

    def _typed_recipients(self) -> list[Recipient]:
        return self.recipients_box.typed_recipients(self.country_code())

    def draft(self, *, images: Sequence[str] | None = None, test: bool = False) -> Draft:
        """The domain Draft of the form; `images` are fileIds (default: content hashes)."""
        moment = self.send_moment()
        return Draft(
            content=self.content(),
            subject=self.subject_edit.text().strip(),
            caller=self.caller(),
            content_type="AD" if self.is_ad() else "COMM",
            country_code=self.country_code(),
            force_lms=self.force_lms_check.isChecked(),
            images=tuple(
                images
                if images is not None
                else self.image_paths()
                if self.apiplex
                else (i.content_hash for i in self.images)
            ),
            reserve_at=None if test or self.apiplex else moment,
            reserve_tz=self.time_zone(),
            sender_name=self.sender_name_edit.text().strip(),
            night_consent=self.night_check.isChecked(),
            missing_variables=(
                "empty" if test or self.empty_missing_check.isChecked() else "error"
            ),
        )

    # ==================================================================================
    # live counting
    # ==================================================================================

    def _changed(self) -> None:
        if self._restoring:
            return
        if len(self._unique) > LARGE_LIST and parse(self.editor.toPlainText()).personalised:
            self._count_quick()
            self._count_timer.start()
        else:
            self.recount()
        self.autosave.schedule()

    def _count_quick(self) -> None:
        """Only the plain counter (a huge personalised list is recounted after a pause)."""
        result = measure(self.editor.toPlainText())
        self.counts.show_quick_count(result.bytes, SMS_MAX_BYTES)

    def _numbers_edited(self) -> None:
        if not self._restoring:
            self._recipients_timer.start()
            self.autosave.schedule()

    def _country_changed(self) -> None:
        if not self._restoring:
            self._recipients_changed()
            self.autosave.schedule()

    def _recipients_changed(self) -> None:
        """Rebuild what depends on the recipient list (dedupe, lengths, variables, preview)."""
        self._recipients_timer.stop()
        checked = deduplicate(self.recipients(), self.country_code())
        self._unique = checked.unique
        self._invalid = checked.invalid
        self._duplicates = checked.duplicates
        self._length_index = LengthIndex(checked.unique)
        columns: dict[str, None] = {}
        for recipient in self.imported[:1000]:
            columns.update(dict.fromkeys(recipient.fields))
        if any(r.name for r in self.imported[:1000]) and "이름" not in columns:
            columns = {"이름": None, **columns}
        self._columns = list(columns)
        self._fill_variable_menu()
        self._fill_preview_combo()
        self.recipients_box.show_imported(len(self.imported), self._columns)
        self.recount()

    def recount(self) -> None:
        """Recompute counters, type, problems, ad checks, cost and preview (every keystroke)."""
        self._count_timer.stop()
        text = self.editor.toPlainText()
        result = measure(text)
        template = parse(text)
        has_images = self.has_images()
        forced = self.force_lms_check.isChecked()
        total = len(self._unique)
        excluded = self._excluded_count()
        sendable = max(total - excluded, 0)

        personalised = template.personalised and total > 0 and self._length_index is not None
        if personalised:
            assert self._length_index is not None
            worst = self._length_index.worst_case(template)
            longest = worst.max_bytes
            lms_needed = worst.lms_count
            self.counts.show_personalised(
                longest=longest,
                lms_needed=lms_needed,
                total=total,
                one_type=has_images or forced,
                missing_count=worst.missing_count,
                missing_variables=worst.missing_variables,
            )
        else:
            longest = result.bytes
            lms_needed = total if longest > SMS_MAX_BYTES else 0
            self.counts.show_not_personalised(template.personalised)

        kind = message_type(longest, has_images, forced)
        split = not has_images and not forced and 0 < lms_needed < total
        self.counts.show_count("SMS + LMS" if split else kind, longest, content_limit(kind))
        self.message_kind = kind

        subject = self.subject_edit.text()
        subject_measure = measure(subject)
        shows_subject = kind != "SMS" or split
        self.subject_row.setVisible(shows_subject)
        self.subject_row.show_count(subject_measure.bytes, self.subject_limit())
        self._update_provider_notes()

        unsupported = list(dict.fromkeys([*result.unsupported, *subject_measure.unsupported]))
        outside = list(dict.fromkeys([*result.outside_euckr, *subject_measure.outside_euckr]))
        self.issues_panel.show_issues(unsupported, outside)

        self._update_ad_checks(text, excluded)
        self._update_time()
        self._update_cost(sendable, lms_needed, has_images, forced, kind)
        self._update_recipient_summary(total, excluded)
        self._update_preview()
        self.recounted.emit()

    def _update_provider_notes(self) -> None:
        """API PLEX: say that other countries go through GMS; check the image paths."""
        gms = self.apiplex and self.country_code() != "82"
        self.counts.show_gms(self.country_code() if gms else None)
        if self.apiplex:
            self.images_box.check_paths(MAX_IMAGES)
        else:
            self.images_box.show_path_problem("")

    def _excluded_count(self) -> int:
        if not self.is_ad() or not self._optouts:
            return 0
        split = compliance.exclude_optouts(self._unique, self._optouts)
        return len(split.excluded)

    def _update_cost(
        self, sendable: int, lms_needed: int, has_images: bool, forced: bool, kind: str
    ) -> None:
        if has_images:
            counts = {"MMS": sendable}
        elif forced:
            counts = {"LMS": sendable}
        else:
            lms = min(lms_needed, sendable)
            counts = {"SMS": sendable - lms, "LMS": lms}
        cost = estimate(counts, self.prices())
        self.controls.show_cost(cost)
        if cost.lines:
            self.estimated_total = cost.total

    def _update_recipient_summary(self, total: int, excluded: int) -> None:
        self.recipients_box.show_summary(total, self._invalid, self._duplicates, excluded)

    # ==================================================================================
    # problem characters
    # ==================================================================================

    def replace_character(self, char: str, replacement: str) -> None:
        """The one-click fix: replace (or remove) every occurrence in text and subject."""
        self.editor.replace_all(char, replacement)
        subject = self.subject_edit.text()
        if char in subject:
            self.subject_edit.setText(subject.replace(char, replacement))
        self.recount()

    def fix_all_characters(self) -> None:
        from console.domain.text import suggest_replacement

        chars = measure(self.editor.toPlainText() + self.subject_edit.text()).unsupported
        for char in chars:
            self.replace_character(char, suggest_replacement(char))

    # ==================================================================================
    # advertisement
    # ==================================================================================

    def _content_type_changed(self) -> None:
        if self.is_ad():
            self._optouts = self._load_optouts()  # the 080 pane may have synced meanwhile
        self.ad_box.setVisible(self.is_ad())
        self._changed()

    def _ad_settings_changed(self) -> None:
        profile_id = self.context.profile.id
        settings = self.context.settings
        settings.set_value(f"{AD_SENDER_KEY}/{profile_id}", self.sender_name_edit.text().strip())
        settings.set_value(f"{AD_OPTOUT_KEY}/{profile_id}", self.optout_edit.text().strip())
        self._changed()

    def insert_ad_format(self) -> None:
        """Add "(광고)", the sender name and the opt-out footer (domain.compliance)."""
        if not self.is_ad():
            self.options.set_content_type("AD")
        try:
            text = compliance.apply_ad_format(
                self.content(), self.sender_name_edit.text(), self.optout_edit.text()
            )
        except ConsoleError as exc:
            self.context.notifier.error(exc)
            self.optout_edit.setFocus()
            return
        self.set_content(text)

    def _update_ad_checks(self, text: str, excluded: int) -> None:
        if not self.is_ad():
            return
        violations = compliance.check_ad(text, self.sender_name_edit.text())
        self.ad_box.show_checks(violations, self.context.language)
        self.ad_box.show_optout_note(
            apiplex=self.apiplex, excluded=excluded, stored=len(self._optouts)
        )

    def _load_optouts(self) -> frozenset[str]:
        """The 080 opt-out numbers of the profile's service from the local cache (the 080
        pane keeps it; :meth:`_fresh_optouts` refreshes it before an advertisement goes)."""
        if self.context.profile.is_apiplex:
            return frozenset()  # API PLEX has no 080 opt-out list
        try:
            return frozenset(unsubscribes.optout_numbers(self.context.db, self.context.profile))
        except Exception:  # a broken cache must not keep the page from opening
            log.exception("the 080 opt-out cache could not be read")
            return frozenset()

    async def _fresh_optouts(self, draft: Draft) -> frozenset[str]:
        """For an advertisement: the opt-out list, downloaded again when the cache is old.

        Raises OptOutListUnavailable when it cannot be had (the ad must not go then).
        """
        if draft.content_type != "AD" or self.apiplex:
            return frozenset()
        numbers = await unsubscribes.refresh_if_stale(
            self.context.db, self.context.client(), self.context.profile
        )
        self._optouts = frozenset(numbers)
        self.recount()
        return self._optouts

    # ==================================================================================
    # time
    # ==================================================================================

    def _update_time(self) -> None:
        zone = self._zone()
        moment = self.send_moment()
        self.schedule.update_time(self.context.language)
        if self.is_ad():
            recipient_zone = zone if self.country_code() != "82" else ZoneInfo("Asia/Seoul")
            when = moment if moment is not None else self._now()
            night = compliance.needs_night_consent(when, recipient_zone)
            self.ad_box.show_night_warning(night and not self.night_check.isChecked())

    # ==================================================================================
    # variables, templates
    # ==================================================================================

    def _fill_variable_menu(self) -> None:
        self.tools.fill_variables(self._columns)

    def _insert_variable(self, variable: str) -> None:
        self.editor.insert_at_cursor(variable)

    def _fill_templates_menu(self) -> None:
        self.tools.fill_templates(self.drafts.templates())

    def _delete_template(self, template_id: int) -> None:
        self.drafts.delete_template(template_id)

    def ask_template_name(self) -> None:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Save as template"))
        dialog.setLabelText(self.tr("Template name:"))
        dialog.setTextValue(self.content().strip().split("\n", 1)[0][:30])
        dialog.setOkButtonText(self.tr("Save"))
        dialog.setCancelButtonText(self.tr("Cancel"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(self.save_template)
        self._template_dialog = dialog
        dialog.open()

    def save_template(self, name: str) -> None:
        try:
            saved = self.drafts.save_template(
                name, self.content(), self.subject_edit.text(), self.content_type()
            )
        except ConsoleError as exc:
            self.context.notifier.error(exc)
            return
        self.context.notifier.info(
            self.tr('Template "%1" saved.').replace("%1", saved.name)
        )

    def apply_template(self, template_id: int) -> None:
        template = self.drafts.template(template_id)
        if template is None:
            return
        self.options.set_content_type(template.content_type)
        self.subject_edit.setText(template.subject)
        self.set_content(template.content)

    # ==================================================================================
    # recipients and preview
    # ==================================================================================

    def clear_imported(self) -> None:
        self.imported = []
        self._save_recipients()
        self._recipients_changed()

    def _fill_preview_combo(self) -> None:
        self.preview_box.fill_recipients(self._unique, self.country_code())

    def preview_text(self) -> str:
        """The message as the chosen recipient receives it."""
        index = self.preview_box.chosen_index()
        text = self.content()
        if index is not None and index < len(self._unique):
            return parse(text).render(self._unique[index], "empty")
        return text

    def _update_preview(self) -> None:
        text = self.preview_text()
        size = measure(text).bytes
        kind = message_type(size, self.has_images(), self.force_lms_check.isChecked())
        self.preview_box.show_message(
            caller=self.caller_combo.currentText(),
            subject=self.subject_edit.text() if kind != "SMS" else "",
            text=text,
            kind=kind,
            size=size,
            limit=content_limit(kind),
            thumbnails=[image.thumbnail for image in self.images],
        )

    # ==================================================================================
    # images
    # ==================================================================================

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = local_files(event.mimeData())
        if files:
            event.acceptProposedAction()
            self.add_images(files)

    def pick_images(self) -> None:
        """Let the user choose pictures to attach (they arrive in :meth:`add_images`)."""
        self.images_box.pick_files()

    def add_images(self, paths: Sequence[str]) -> None:
        """Convert and attach pictures (in a worker thread), up to three in all."""
        if self.apiplex:
            # API PLEX takes only images already uploaded to it (their paths).
            self.context.notifier.error(
                self.tr(
                    "API PLEX cannot take pictures from this computer: upload them with API "
                    "PLEX's image upload and paste the returned paths under Images (MMS)."
                ),
                dialog=False,
            )
            return
        room = MAX_IMAGES - len(self.images) - self._converting
        chosen = [p for p in paths if p]
        if len(chosen) > room:
            self.context.notifier.error(
                self.tr("An MMS can carry at most 3 images; the extra files were not attached."),
                dialog=False,
            )
            chosen = chosen[: max(room, 0)]
        for path in chosen:
            self._converting += 1
            self.context.tasks.start(
                f"compose-image-{Path(path).name}", self._convert(path), replace=False
            )
        self.attachments.show_images(self.images, self._converting)

    async def _convert(self, path: str) -> None:
        try:
            image = await prepare_image_async(path)
        except ImageError as exc:
            self.context.notifier.error(exc)
            image = None
        finally:
            self._converting -= 1
        if image is not None:
            if any(i.content_hash == image.content_hash for i in self.images):
                self.context.notifier.info(self.tr("This picture is already attached."))
            elif len(self.images) < MAX_IMAGES:
                self.images.append(image)
                self._save_images()
        self.attachments.show_images(self.images, self._converting)
        self.recount()

    def remove_image(self, index: int) -> None:
        if 0 <= index < len(self.images):
            del self.images[index]
            self._save_images()
            self.attachments.show_images(self.images, self._converting)
            self.recount()

    @property
    def converting(self) -> int:
        """How many pictures are being converted right now."""
        return self._converting

    # ==================================================================================
    # sending (the flow itself is send_flow.py's)
    # ==================================================================================

    def send_recipients(self, test: bool) -> list[Recipient]:
        """Whom a send goes to: everyone, or for a test the user's own number, with the
        first recipient's values so that a personalised text reads as it will."""
        if not test:
            return self.recipients()
        number = self.test_number_edit.text().strip()
        parsed = try_normalize(number, self.country_code())
        phone = parsed.digits if parsed else number
        model = self._unique[0] if self._unique else None
        if model is None:
            return [Recipient(phone=phone)]
        return [Recipient(phone=phone, name=model.name, fields=model.fields)]

    async def plan(self, draft: Draft, recipients: list[Recipient]) -> SendPlan:
        """The checked plan for the active provider (an advertisement first refreshes a
        stale 080 opt-out list)."""
        optouts = await self._fresh_optouts(draft)
        return await make_plan(
            draft,
            recipients,
            apiplex=self.apiplex,
            optouts=optouts,
            prices=self.prices(),
            now=self._now(),
        )

    def set_replaces(self, request_ids: Sequence[str]) -> None:
        """The reservations this message replaces (none once they are cancelled)."""
        self.replaces = [str(r) for r in request_ids]
        self._show_replaces()

    def _remember_test_number(self) -> None:
        self.flow.remember_test_number()

    def is_sending(self) -> bool:
        return self.flow.is_sending()

    def closing_warning(self) -> str | None:
        """What closing the console now would interrupt (the main window asks first)."""
        if not self.context.tasks.is_running(SEND_TASK):
            return None
        return self.tr(
            "Messages are being sent. If you close the console now, sending stops; the "
            "rest can be sent when you open the console again (nothing is sent twice)."
        )

    def send(self) -> None:
        """Check the message, then show the confirmation sheet (the send starts from it)."""
        self.flow.send()

    def test_send(self) -> None:
        """Send the message once to the user's own number (one click, no sheet)."""
        self.flow.test_send()

    def cancel_send(self) -> None:
        """Stop before the next request (accepted batches stay accepted)."""
        self.flow.cancel_send()

    def offer_unfinished(self) -> None:
        """Show the banner for the first unfinished job of the active profile, if any."""
        self.flow.offer_unfinished()

    def resume_unfinished(self) -> None:
        """Resume the job in the banner (nothing is sent twice)."""
        self.flow.resume_unfinished()

    def discard_unfinished(self) -> None:
        """Give up the rest of the job in the banner (accepted messages stay sent)."""
        self.flow.discard_unfinished()

    @property
    def confirm_sheet(self) -> ConfirmSheet | None:
        """The confirmation sheet while it is open."""
        return self.flow.confirm_sheet

    @property
    def last_plan(self) -> SendPlan | None:
        return self.flow.last_plan

    @property
    def last_progress(self) -> SendProgress | None:
        """The latest progress of the running or last send."""
        return self.flow.last_progress

    @last_progress.setter
    def last_progress(self, progress: SendProgress | None) -> None:
        self.flow.last_progress = progress

    @property
    def unfinished(self) -> list[JobRecord]:
        """Unfinished jobs of the active profile (the banner offers the first)."""
        return self.flow.unfinished

"""Sending from Compose: check the draft, confirm, upload pictures, journal the job on the
provider's service and run it with progress; report the outcome; offer, resume or discard
unfinished jobs of the active profile.

Each send is the named task ``compose-send`` (its check ``compose-plan``), so the window
never blocks and starting again while one runs does nothing. The form itself (what is
sent, to whom, the opt-out refresh) is the page's: the flow asks it through public
methods.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

from console.domain.models import Draft, Recipient, SendPlan
from console.domain.phone import try_normalize
from console.domain.plan import DraftInvalidError, resolve_reservation
from console.errors import ConsoleError
from console.services import reservations
from console.services.apiplex_sending import ApiPlexSendingService, specs_from_plan
from console.services.images import PreparedImage, upload_with_cache
from console.services.sending import JobRecord, SendProgress, template_meta, unfinished_jobs
from console.ui.compose.confirm import ConfirmSheet
from console.ui.compose.planning import all_problems, job_meta
from console.ui.compose.provider_services import AnySendingService, ProviderServices

if TYPE_CHECKING:
    from console.context import AppContext
    from console.ui.compose.page import ComposePage

log = logging.getLogger(__name__)

SEND_TASK = "compose-send"
PLAN_TASK = "compose-plan"
TEST_NUMBER_KEY = "compose/test_number"


class SendFlow(QObject):
    """Runs the page's sends and unfinished jobs; drives its send controls and banner."""

    #: The final :class:`SendProgress` of a send or resume.
    finished = Signal(object)

    def __init__(self, context: AppContext, page: ComposePage) -> None:
        super().__init__(page)
        self.context = context
        self.page = page
        self.controls = page.controls
        self.banner = page.banner
        self.services = ProviderServices(context)
        self.confirm_sheet: ConfirmSheet | None = None
        self.last_plan: SendPlan | None = None
        self.last_progress: SendProgress | None = None
        self.unfinished: list[JobRecord] = []
        self._cancel_event: asyncio.Event | None = None

    # --- starting ---------------------------------------------------------------------

    def remember_test_number(self) -> None:
        self.context.settings.set_value(
            TEST_NUMBER_KEY, self.controls.test_number_edit.text().strip()
        )

    def is_sending(self) -> bool:
        return self.context.tasks.is_running(SEND_TASK) or self.context.tasks.is_running(
            PLAN_TASK
        )

    def send(self) -> None:
        """Check the message, then show the confirmation sheet (the send starts from it)."""
        if self.is_sending():
            return
        self.page.save_draft()
        self.context.tasks.start(PLAN_TASK, self._plan_and_confirm(test=False))

    def test_send(self) -> None:
        """Send the message once to the user's own number (one click, no sheet)."""
        if self.is_sending():
            return
        edit = self.controls.test_number_edit
        number = edit.text().strip()
        if not number or try_normalize(number, self.page.country_code()) is None:
            self.context.notifier.error(
                self.tr("Enter your own mobile number next to the test button first.")
            )
            edit.setFocus()
            return
        self.remember_test_number()
        self.context.tasks.start(PLAN_TASK, self._plan_and_confirm(test=True))

    async def _plan_and_confirm(self, *, test: bool) -> None:
        page = self.page
        draft = page.draft(test=test)
        recipients = page.send_recipients(test)
        images = list(page.images)
        self._set_busy(True)
        try:
            plan = await page.plan(draft, recipients)
        except DraftInvalidError as exc:
            self._set_busy(False)
            self.context.notifier.error(all_problems(exc))
            return
        except ConsoleError as exc:
            self._set_busy(False)
            self.context.notifier.error(exc)
            return
        except BaseException:
            self._set_busy(False)
            raise
        self.last_plan = plan
        if test:
            self.context.tasks.start(SEND_TASK, self._send(draft, recipients, images, test=True))
            return
        self._set_busy(False)
        sheet = ConfirmSheet(
            plan,
            caller=page.caller_combo.currentText(),
            advertisement=draft.content_type == "AD",
            language=self.context.language,
            parent=page,
        )
        sheet.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        sheet.accepted.connect(
            lambda: self.context.tasks.start(
                SEND_TASK, self._send(draft, recipients, images, test=False)
            )
        )
        sheet.finished.connect(lambda _result: setattr(self, "confirm_sheet", None))
        self.confirm_sheet = sheet
        sheet.open()

    # --- running ----------------------------------------------------------------------

    async def _upload_images(
        self, images: Sequence[PreparedImage], needed_until: datetime | None
    ) -> list[str]:
        """FileIds for `images` that SENS still keeps at `needed_until` (a reservation)."""
        profile = self.context.profile
        client = self.context.client()
        file_ids = []
        for image in images:
            self.controls.progress_label.setText(self.tr("Uploading images…"))
            file_ids.append(
                await upload_with_cache(
                    self.context.db,
                    client,
                    profile.id,
                    profile.service_id,
                    image,
                    needed_until=needed_until,
                )
            )
        return file_ids

    async def _send(
        self,
        draft: Draft,
        recipients: list[Recipient],
        images: Sequence[PreparedImage],
        *,
        test: bool,
    ) -> None:
        """Upload the images, journal the plan and run it (what the sheet showed)."""
        page = self.page
        self._set_busy(True)
        self.controls.start(self.tr("Preparing…"))
        try:
            if images and not page.apiplex:
                needed_until = (
                    resolve_reservation(draft.reserve_at, draft.reserve_tz)
                    if draft.reserve_at is not None
                    else None
                )
                file_ids = await self._upload_images(images, needed_until)
                draft = replace(draft, images=tuple(file_ids))
            plan = await page.plan(draft, recipients)
            service = self.services.current()
            profile = self.context.profile
            title = draft.content.strip().split("\n", 1)[0][:40]
            if isinstance(service, ApiPlexSendingService):
                specs = specs_from_plan(
                    plan, subject=draft.subject, missing=draft.missing_variables
                )
                job_id = await service.create_job_async(
                    specs,
                    profile=profile.id,
                    kind="test" if test else "send",
                    title=title,
                    meta=template_meta(draft.content, draft.subject),
                )
                progress = await self._run_job(service, job_id)
                self._report(progress, test=test, reserved=False)
                return
            job_id = await service.create_job_async(
                plan,
                profile=profile.id,
                service_id=profile.service_id,
                kind="test" if test else "send",
                title=title,
                meta=job_meta(draft, plan, [] if test else page.replaces),
            )
            progress = await self._run_job(service, job_id)
            if not test and page.replaces:
                await self._finish_replacement(job_id)
        except DraftInvalidError as exc:
            self.context.notifier.error(all_problems(exc))
            return
        except ConsoleError as exc:
            self.context.notifier.error(exc)
            return
        finally:
            self._set_busy(False)
        self._report(progress, test=test, reserved=draft.reserve_at is not None)

    async def _finish_replacement(self, job_id: str) -> None:
        """Cancel the reservations this send replaced, now that it was accepted."""
        try:
            results = await reservations.finish_replacement(
                self.context.db, self.context.client(), job_id
            )
        except ConsoleError as exc:
            self.context.notifier.error(exc)
            return
        if results:
            self.page.set_replaces([])

    async def _run_job(self, service: AnySendingService, job_id: str) -> SendProgress:
        self._cancel_event = asyncio.Event()
        self.controls.cancel_button.setEnabled(True)
        try:
            progress = await service.run(job_id, self._show_progress, self._cancel_event)
        finally:
            self._cancel_event = None
        self.last_progress = progress
        self.finished.emit(progress)
        return progress

    def _show_progress(self, progress: SendProgress) -> None:
        self.last_progress = progress
        self.controls.show_progress(progress)

    def cancel_send(self) -> None:
        """Stop before the next request (accepted batches stay accepted)."""
        if self._cancel_event is not None:
            self._cancel_event.set()
            self.controls.cancelling()

    def _set_busy(self, busy: bool) -> None:
        self.controls.set_busy(busy)
        self.banner.set_enabled_buttons(not busy)

    def _report(self, progress: SendProgress, *, test: bool, reserved: bool) -> None:
        if reserved:
            self.page.update_reminder()
        if progress.state == "completed" and not progress.failed_recipients:
            if test:
                message = self.tr("Test message sent to your number.")
            elif reserved:
                message = self.tr("%1 messages reserved.").replace(
                    "%1", f"{progress.accepted_recipients:,}"
                )
            elif self.page.apiplex:
                message = self.tr("%1 messages accepted by API PLEX.").replace(
                    "%1", f"{progress.accepted_recipients:,}"
                )
            else:
                message = self.tr("%1 messages accepted by SENS.").replace(
                    "%1", f"{progress.accepted_recipients:,}"
                )
            self.controls.progress_label.setText(message)
            self.context.notifier.info(message)
        elif progress.state == "completed":
            self.context.notifier.error(
                self.tr(
                    "%1 messages were accepted, %2 could not be sent. The reasons are in History."
                )
                .replace("%1", f"{progress.accepted_recipients:,}")
                .replace("%2", f"{progress.failed_recipients:,}")
            )
        elif progress.state == "cancelled":
            message = self.tr("Send cancelled: %1 messages had been accepted.").replace(
                "%1", f"{progress.accepted_recipients:,}"
            )
            self.controls.progress_label.setText(message)
            self.context.notifier.info(message)
        else:
            if progress.reason is not None:
                self.context.notifier.error(progress.reason)
            self.offer_unfinished()

    # --- unfinished jobs --------------------------------------------------------------

    def offer_unfinished(self) -> None:
        """Show the banner for the first unfinished job of the active profile, if any."""
        if self.is_sending():
            return
        try:
            jobs = unfinished_jobs(self.context.db)
        except Exception:
            log.exception("unfinished jobs could not be read")
            return
        profile = self.context.profile.id
        self.unfinished = [job for job in jobs if job.profile in (profile, None)]
        if not self.unfinished:
            self.banner.setVisible(False)
            return
        job = self.unfinished[0]
        try:
            progress = self.services.for_job(job).progress(job.job_id)
            done = progress.accepted_recipients
        except ConsoleError:
            done = 0
        when = job.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        text = (
            self.tr('An unfinished send from %1 ("%2"): %3 of %4 recipients accepted.')
            .replace("%1", when)
            .replace("%2", job.title or "—")
            .replace("%3", f"{done:,}")
            .replace("%4", f"{job.total_recipients:,}")
        )
        reason = job.reason(self.context.language)
        if reason:
            text += " " + reason
        self.banner.offer(text)

    def resume_unfinished(self) -> None:
        """Resume the job in the banner (nothing is sent twice; see SendingService)."""
        if not self.unfinished or self.is_sending():
            return
        job = self.unfinished[0]
        self.banner.setVisible(False)
        self.context.tasks.start(SEND_TASK, self._resume(job))

    async def _resume(self, job: JobRecord) -> None:
        self._set_busy(True)
        self.controls.progress_label.setText(self.tr("Checking and resuming…"))
        try:
            service = self.services.for_job(job)
            progress = await self._run_job(service, job.job_id)
        except ConsoleError as exc:
            self.context.notifier.error(exc)
            self.offer_unfinished()
            return
        finally:
            self._set_busy(False)
        self._report(progress, test=job.kind == "test", reserved=False)
        self.offer_unfinished()

    def discard_unfinished(self) -> None:
        """Give up the rest of the job in the banner (accepted messages stay sent)."""
        if not self.unfinished or self.is_sending():
            return
        job = self.unfinished[0]
        try:
            self.services.for_job(job).cancel_job(job.job_id)
        except ConsoleError as exc:
            self.context.notifier.error(exc)
            return
        self.offer_unfinished()

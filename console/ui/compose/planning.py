"""From the form's draft to what is journalled: the send plan for the active provider, the
job's meta, and one error listing every problem of an invalid draft.

The rules are :func:`console.domain.plan.build_plan`'s; this only picks the provider's
variant and runs the (large-list) planning in a worker thread.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from console.domain.models import Draft, Recipient, SendPlan
from console.domain.plan import DraftInvalidError, build_plan
from console.errors import ConsoleError
from console.services import reservations
from console.services.apiplex_sending import specs_from_plan
from console.services.sending import template_meta


async def make_plan(
    draft: Draft,
    recipients: list[Recipient],
    *,
    apiplex: bool,
    optouts: frozenset[str],
    prices: Mapping[str, float],
    now: datetime,
) -> SendPlan:
    """The checked plan (raises DraftInvalidError with every problem).

    API PLEX: titles are API PLEX's (50 bytes, added per message by its specs), there are
    no reservations and no 080 list; the specs are built once here so that their problems
    show before the confirmation sheet.
    """
    if apiplex:
        plan = await asyncio.to_thread(
            build_plan,
            replace(draft, subject="", reserve_at=None),
            recipients,
            prices=prices,
            now=now,
        )
        specs_from_plan(plan, subject=draft.subject, missing=draft.missing_variables)
        return plan
    return await asyncio.to_thread(
        build_plan,
        draft,
        recipients,
        optouts=optouts,
        prices=prices,
        now=now,
    )


def job_meta(draft: Draft, plan: SendPlan, replaces: Sequence[str]) -> dict[str, Any]:
    """The send job's meta: its reservation time, the text and subject as typed (so a
    resend of a personalised send keeps its #{...} variables), what it replaces."""
    meta: dict[str, Any] = {
        "reserve_time": plan.batches[0].reserve_time if plan.batches else None,
        **template_meta(draft.content, draft.subject),
    }
    if replaces:
        meta[reservations.REPLACES_META_KEY] = list(replaces)
    return meta


def all_problems(error: DraftInvalidError) -> ConsoleError:
    """One error listing every problem of the draft, one per line."""
    if len(error.problems) == 1:
        return error.problems[0]
    return ConsoleError(
        "\n".join("• " + p.message_en for p in error.problems),
        "\n".join("• " + p.message_ko for p in error.problems),
    )

"""Requests forwarded by other systems (12345 hotline, 一网通办) through the API.

The forwarder's reference (工单号) is the idempotency key within the receiving agency: the same
reference with the same content is the request already registered (a retry after a lost answer
registers nothing), the same reference with other content is refused. A forwarded request is
registered as a clerk registers one (``_create`` with its date of receipt, Art. 31: the clock
starts from the CONFIRM_RECEIPT step on that date); the reference goes into its audit row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.errors import Conflict, InvalidInput
from gongkai.organisations import policy
from gongkai.organisations.roles import Action

from ..models import FORWARDING_CHANNELS, ForwardedRequest, InfoRequest, RequestCounter
from . import _create

REFERENCE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_.-]{0,63}$")
REFERENCE_RULE = "外部工单号应为 1–64 个字母、数字或 _ . -（以字母或数字开头）。"


class ForwardRefused(InvalidInput):
    """What the forwarding system sent cannot be registered as it is; the message says why."""

    code = "forward_refused"
    message = "转入的申请内容有误，未登记。"


class ReferenceConflict(Conflict):
    """The reference names a request already forwarded with other content."""

    code = "reference_conflict"
    message = "同一工单号只能转入一件申请。"

    def __init__(self, earlier: InfoRequest, reference: str):
        super().__init__(
            f"工单号“{reference}”已用于登记编号为 {earlier.number} 的申请，且内容与本次不同；"
            "同一工单号只能转入一件申请。如是新的申请，请使用新的工单号。"
        )
        self.earlier = earlier


def reference_problem(reference: str) -> str | None:
    return None if REFERENCE.match(reference or "") else REFERENCE_RULE


def content_digest(content: dict) -> str:
    """The fingerprint of what was forwarded (applicant data, channel, date of receipt, the
    attachments' names and bytes' hashes): the same content always gives the same digest."""
    raw = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


def forward(
    *,
    actor,
    agency,
    reference: str,
    channel: str,
    data: dict,
    received_on: dt.date,
    digest: str,
    attachments=(),
    now: dt.datetime | None = None,
    today: dt.date | None = None,
) -> tuple[InfoRequest, str | None]:
    """Register a forwarded request, or find the one this reference already made.

    Returns the request and its tracking code — None when the request existed already: only
    the code's hash is kept, so a repeated call cannot hand it out again. ``data`` has been
    checked by the staff intake form's rules; ``digest`` is ``content_digest`` of what came."""
    policy.require(actor, Action.REQUEST_INTAKE, agency)
    if problem := reference_problem(reference):
        raise ForwardRefused(problem)
    if channel not in FORWARDING_CHANNELS:
        raise ForwardRefused(
            "申请方式应为：" + "、".join(c.value for c in FORWARDING_CHANNELS) + "。"
        )
    today = today or timezone.localdate()
    if received_on > today:
        raise ForwardRefused(f"收到日期 {received_on} 晚于今天，不能登记将来的申请。")
    arguments = dict(
        actor=actor, agency=agency, reference=reference, channel=channel, data=data,
        received_on=received_on, digest=digest, attachments=list(attachments),
        now=now or timezone.now(), today=today,
    )  # fmt: skip
    try:
        return _forward(**arguments)
    except IntegrityError:
        # A parallel call with this reference registered it first (it held another year's
        # counter, so the lock below did not queue them): now it is found.
        return _forward(**arguments)


def _forward(
    *, actor, agency, reference, channel, data, received_on, digest, attachments, now, today
):
    with transaction.atomic():
        # Calls with the same reference for the same year queue on the agency's counter, so
        # the second finds the first instead of failing on the unique constraint.
        RequestCounter.objects.select_for_update().get_or_create(
            agency=agency, year=received_on.year
        )
        earlier = (
            ForwardedRequest.objects.select_related("request")
            .filter(agency=agency, reference=reference)
            .first()
        )
        if earlier is not None:
            if earlier.digest != digest:
                raise ReferenceConflict(earlier.request, reference)
            return earlier.request, None
        req, code = _create(
            actor=actor,
            agency=agency,
            data=data | {"channel": channel},
            received_on=received_on,
            submitted_at=now,
            attachments=attachments,
            today=today,
            noted={"channel": [None, channel], "reference": [None, reference]},
        )
        ForwardedRequest.objects.create(
            request=req,
            agency=agency,
            reference=reference,
            digest=digest,
            source=str(actor.display_name)[:150],
        )
    return req, code


def find_forwarded(*, actor, agency, reference: str) -> InfoRequest | None:
    """The request forwarded to ``agency`` under ``reference``, for one who may read its
    status there; None when there is none (and when the reference is not even well-formed)."""
    policy.require(actor, Action.REQUEST_STATUS, agency)
    if reference_problem(reference):
        return None
    row = (
        ForwardedRequest.objects.select_related("request", "request__agency")
        .filter(agency=agency, reference=reference)
        .first()
    )
    return row.request if row else None

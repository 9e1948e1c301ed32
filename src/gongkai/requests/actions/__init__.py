"""Named actions on requests. Views, the CLI, the ledger import and the demo call only these.

Each action: permission through the policy, the transition checked against the domain's one
transition table, the change plus its clock entry plus its audit row in one transaction,
notifications after commit.
"""

from __future__ import annotations

import datetime as dt
import hmac

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai import uploads
from gongkai.accounts.system import PUBLIC
from gongkai.audit import log as audit
from gongkai.errors import Conflict, InvalidStep, StaleEdit
from gongkai.organisations import policy
from gongkai.organisations.roles import Action
from gongkai.state_guard import transition_writes
from gongkai.workdays.registry import current_calendar

from .. import notify
from ..attachments import kept_upload
from ..clock_service import clock_events, clock_state
from ..domain.applicants import ApplicantKeyError, applicant_key, submission_digest
from ..domain.clock import ClockError, ClockEvent, check_append
from ..domain.outcomes import OUTCOMES, release_refusal
from ..domain.workflow import (
    AGENCY_EVENTS,
    HEAD_EVENTS,
    IMPORT_EVENTS,
    Event,
    IllegalTransition,
    State,
    missing_reason,
    next_state,
)
from ..letters import frozen_letter
from ..models import (
    Attachment,
    ClockEventRecord,
    EarlierReply,
    InfoRequest,
    Reply,
    RequestCounter,
    new_tracking_code,
)
from ..models import hash_tracking_code as _hash
from .release import withheld_for

AUDITED_FIELDS = (
    "state",
    "received_on",
    "outcome",
    "closed_on",
    "due_on",
    "extended",
    "handler",
    "applicant_type",
    "description",
)
# Events that end the request, and the outcome each implies when the event itself fixes it.
CLOSING_OUTCOMES = {
    Event.CORRECTION_LAPSED: "other_no_correction",
    Event.FEE_LAPSED: "other_unpaid_fee",
    Event.WITHDRAW: "other_misc",
}


def required_action(event: Event | str) -> Action:
    """The permission a step needs: the head's for extensions and reopening, else handling."""
    event = Event(event)
    if event == Event.REOPEN:
        return Action.REQUEST_REOPEN
    if event in HEAD_EVENTS:
        return Action.REQUEST_APPROVE_EXTENSION
    return Action.REQUEST_HANDLE


def key_for(data: dict) -> str:

    # A secret of its own, so rotating SECRET_KEY does not split every applicant's history.
    secret = getattr(settings, "GONGKAI_PSEUDONYM_SECRET", "") or settings.SECRET_KEY
    try:
        return applicant_key(
            data.get("applicant_name", ""),
            data.get("id_number", ""),
            data.get("phone", ""),
            data.get("email", ""),
            secret=secret,
        )
    except ApplicantKeyError:
        return ""


def _next_number(agency, year: int) -> str:
    counter, _ = RequestCounter.objects.select_for_update().get_or_create(agency=agency, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{agency.code}-{year}-{counter.last:04d}"


def _create(
    *, actor, agency, data: dict, received_on, submitted_at, attachments, today=None, noted=None
):
    """A new request in the workflow's first state; a known date of receipt is then the table's
    CONFIRM_RECEIPT step, as a clerk would take it. ``noted``: more changes for its audit row
    (a forwarded request's reference)."""
    code = new_tracking_code()
    data = data | {"applicant_key": key_for(data)}
    req = InfoRequest(
        agency=agency,
        state=State.SUBMITTED.value,
        submitted_at=submitted_at,
        tracking_code_hash=_hash(code),
        **data,
    )
    with transaction.atomic():
        req.number = _next_number(agency, (received_on or submitted_at).year)
        req.full_clean()
        with transition_writes():
            req.save()
        if received_on is not None:
            today = today or timezone.localdate()
            _step(req, Event.CONFIRM_RECEIPT, received_on, actor=actor, today=today)
            _refresh_due(req, today=today)
            with transition_writes():
                req.save()
        # In the same transaction: a request is never kept without the files that came with it.
        store_attachments(req, attachments)
        audit.record(
            actor=actor,
            action="request.create",
            obj=req,
            changes=audit.diff({}, audit.field_values(req, AUDITED_FIELDS))
            | ({"attachments": [None, [u.name for u in attachments]]} if attachments else {})
            | (noted or {}),
            transition="submit" if received_on is None else "register",
        )
    return req, code


def store_attachments(req: InfoRequest, files, *, correction=None) -> None:
    """Keep uploads with the request inside the caller's transaction: judged again by their
    bytes and stored under generated names (``attachments.kept_upload``); InvalidStep, and
    nothing kept, when one is refused."""
    try:
        kept = [(upload, *kept_upload(upload)) for upload in files]
    except uploads.UploadRefused as exc:
        raise InvalidStep(str(exc)) from None
    for upload, stored, kind in kept:
        Attachment.objects.create(
            request=req,
            correction=correction,
            file=stored,
            original_name=upload.name[:200],
            content_type=kind.content_type,
            size=upload.size,
        )


class DuplicateSubmission(Conflict):
    """The same applicant sent the same request moments ago (a reloaded or re-sent form);
    ``earlier`` is the request that was registered."""

    code = "duplicate_submission"
    message = "相同的申请刚刚已经提交过，无需重复提交。"

    def __init__(self, earlier: InfoRequest):
        super().__init__(f"相同的申请已于 {timezone.localtime(earlier.submitted_at):%H:%M} 提交")
        self.earlier = earlier


# Within this time an identical online request from the same applicant is the same request.
DUPLICATE_WINDOW = dt.timedelta(minutes=10)


def recent_duplicate(agency, data: dict, *, now: dt.datetime) -> InfoRequest | None:
    """The online request the same applicant (``applicant_key``) made with the same
    description within ``DUPLICATE_WINDOW``, if any."""
    key = key_for(data)
    if not key:
        return None
    digest = submission_digest(key, data.get("description", ""))
    candidates = InfoRequest.objects.filter(
        agency=agency,
        applicant_key=key,
        channel="online",
        submitted_at__gte=now - DUPLICATE_WINDOW,
    ).order_by("-submitted_at")
    for earlier in candidates[:20]:
        if submission_digest(key, earlier.description) == digest:
            return earlier
    return None


def submit_online(*, agency, data: dict, attachments=(), now: dt.datetime | None = None):
    """A citizen's online request, with its attachments (already checked by content). Its date
    of receipt is set when the office confirms it (Art. 31: for the internet, the day both
    sides confirm). The same request sent again within minutes raises DuplicateSubmission
    instead of registering it twice; a receipt goes to the applicant after commit."""
    now = now or timezone.now()
    with transaction.atomic():
        # The agency's number counter is locked first, so two identical posts sent at once
        # (a double click) queue here and the second finds the first.
        RequestCounter.objects.select_for_update().get_or_create(agency=agency, year=now.year)
        earlier = recent_duplicate(agency, data, now=now)
        if earlier is not None:
            raise DuplicateSubmission(earlier)
        req, code = _create(
            actor=PUBLIC,
            agency=agency,
            data=data,
            received_on=None,
            submitted_at=now,
            attachments=list(attachments),
        )
        # In the transaction: the notice's outbox row commits with the request (notify.py).
        notify.after_submission(req.pk)
    return req, code


def register(
    *,
    actor,
    agency,
    data: dict,
    received_on: dt.date,
    attachments=(),
    now: dt.datetime | None = None,
    today: dt.date | None = None,
):
    """Staff intake of a request received in person, by post, fax or email (Art. 29, 31)."""
    policy.require(actor, Action.REQUEST_HANDLE, agency)
    today = today or timezone.localdate()
    if received_on > today:
        raise InvalidStep(f"收到日期 {received_on} 晚于今天，不能登记将来的申请。")
    return _create(
        actor=actor,
        agency=agency,
        data=data,
        received_on=received_on,
        submitted_at=now or timezone.now(),
        attachments=list(attachments),
        today=today,
    )


def transition(
    *,
    actor,
    info_request: InfoRequest,
    event: Event | str,
    on: dt.date,
    expected_version: int | None = None,
    note: str = "",
    working_days: int | None = None,
    outcome: str | None = None,
    reply_body: str = "",
    withheld: list | None = None,
    confirm_without_release: bool = False,
    today: dt.date | None = None,
) -> InfoRequest:
    """Move ``info_request`` through ``event`` on date ``on``; the one way a request changes state.

    A disclosing reply to an applicant who gets the information online needs a released
    document (``outcomes.release_refusal``) unless the clerk confirms it needs none."""
    event = Event(event)
    policy.require(actor, required_action(event), info_request.agency)
    today = today or timezone.localdate()
    if on > today:
        raise InvalidStep(f"日期 {on} 晚于今天，不能登记将来发生的事项。")
    if event in IMPORT_EVENTS:
        raise InvalidStep(f"“{event.label}”只能通过台账导入。")
    if event in AGENCY_EVENTS:
        raise InvalidStep(f"“{event.label}”须选择接收机关（actions.transfer）。")
    if problem := missing_reason(event, note):
        raise InvalidStep(problem)
    with transaction.atomic():
        current = InfoRequest.objects.select_for_update().get(pk=info_request.pk)
        if expected_version is not None and current.version != expected_version:
            raise StaleEdit("申请")
        before = audit.field_values(current, AUDITED_FIELDS)
        if event == Event.REPLY and not confirm_without_release:
            refusal = release_refusal(
                outcome=outcome,
                receive_method=current.receive_method,
                released=current.releases.exclude(redacted="").count(),
            )
            if refusal:
                raise InvalidStep(refusal)
        superseded = _step(
            current,
            event,
            on,
            actor=actor,
            today=today,
            note=note,
            working_days=working_days,
            outcome=outcome,
            reply_body=reply_body,
            withheld=withheld,
        )
        if current.handler_id is None and getattr(actor, "pk", None):
            current.handler = actor
        _refresh_due(current, today=today)
        current.version += 1
        with transition_writes():
            current.save()
        audit.record(
            actor=actor,
            action="request.transition",
            obj=current,
            transition=event.value,
            changes=audit.diff(before, audit.field_values(current, AUDITED_FIELDS))
            | ({"earlier_reply": [None, superseded]} if superseded else {})
            | ({"confirm_without_release": [False, True]} if confirm_without_release else {}),
            note=note,
        )
        notify.after_transition(current.pk, event.value)
    return current


def _step(
    current: InfoRequest,
    event: Event,
    on: dt.date,
    *,
    actor,
    today: dt.date,
    note: str = "",
    working_days: int | None = None,
    outcome: str | None = None,
    reply_body: str = "",
    withheld: list | None = None,
    pending: list | None = None,
) -> dict | None:
    """One step through the table and the clock, on a locked (or new) request; the caller
    saves it and writes the audit row. The only place a request's state is set. Returns what
    a reopening superseded, for the audit row. With ``pending`` (a request not saved yet, which
    never reopens) its clock entry and reply are added there unsaved instead of saved."""
    if event == Event.REPLY:
        if outcome not in OUTCOMES:
            raise InvalidStep("答复时必须选择办理结果。")
    elif event in CLOSING_OUTCOMES:
        outcome = CLOSING_OUTCOMES[event]
    try:
        new_state = next_state(State(current.state), event)
        # The clock's own rules: dates in order, one correction notice, extension ≤ 20 days…
        check_append(
            clock_events(current),
            ClockEvent(kind=event, on=on, working_days=working_days, note=note),
            current_calendar(),
            today=today,
        )
    except (IllegalTransition, ClockError) as exc:
        raise InvalidStep(str(exc)) from exc
    _append_clock(
        current, event, on, actor=actor, note=note, working_days=working_days, pending=pending
    )
    if event in (Event.CONFIRM_RECEIPT, Event.IMPORT):
        current.received_on = on
    if event == Event.APPROVE_EXTENSION:
        current.extended = True
    if new_state == State.CLOSED:
        current.outcome = outcome
        current.closed_on = on
    superseded = None
    if event == Event.REOPEN:
        superseded = _supersede(current, on, actor=actor, reason=note)
        current.outcome, current.closed_on = "", None
        # Kept as the EarlierReply just made; ``Reply`` holds the current reply only.
        Reply.objects.filter(request=current).delete()
    if event == Event.REPLY:
        reply = Reply(
            request=current,
            outcome=outcome,
            replied_on=on,
            body=reply_body,
            withheld=withheld if withheld is not None else withheld_for(current),
        )
        _keep(reply, pending)
    current.state = new_state.value
    return superseded


def _supersede(current: InfoRequest, on: dt.date, *, actor, reason: str) -> dict | None:
    """Keep the closing a reopening undoes — outcome, date, the letter as it was given,
    delivery — as an ``EarlierReply``; what the audit row records of it."""
    reply = Reply.objects.filter(request=current).first()
    letter = frozen_letter(current, reply) if reply else {}
    earlier = EarlierReply.objects.create(
        request=current,
        outcome=current.outcome,
        # Rows closed before closed_on was kept have only the reply's date (or none at all).
        closed_on=current.closed_on or (reply.replied_on if reply else on),
        had_letter=reply is not None,
        letter_number=letter.get("number", ""),
        body=letter.get("body", ""),
        withheld=reply.withheld if reply else [],
        delivery_method=reply.delivery_method if reply else "",
        delivered_on=reply.delivered_on if reply else None,
        replied_at=reply.created_at if reply else None,
        superseded_on=on,
        superseded_by=actor if getattr(actor, "pk", None) else None,
        reason=reason.strip(),
    )
    return {
        "id": earlier.pk,
        "outcome": earlier.outcome,
        "closed_on": earlier.closed_on.isoformat(),
        "letter_number": earlier.letter_number,
        "delivered_on": earlier.delivered_on and earlier.delivered_on.isoformat(),
    }


def _append_clock(req, event: Event, on, *, actor, note="", working_days=None, pending=None):
    if getattr(req, "_clock_events", None) is not None:
        req._clock_events.append(
            ClockEvent(kind=event, on=on, working_days=working_days, note=note)
        )
    entry = ClockEventRecord(
        request=req,
        kind=event.value,
        on=on,
        note=note,
        working_days=working_days,
        actor_label=getattr(actor, "display_name", str(actor)),
    )
    _keep(entry, pending)


def _keep(row, pending: list | None) -> None:
    """Save ``row`` now, or add it to ``pending`` for the caller to save with its request."""
    if pending is None:
        row.save()
    else:
        pending.append(row)


def _refresh_due(req: InfoRequest, *, today: dt.date | None = None):
    state = clock_state(req, today=today or timezone.localdate())
    # A closed request keeps its last due date, so whether it was answered in time stays known.
    req.due_on = state.due_on
    req.days_used = state.days_used if req.state == State.CLOSED else None
    return state


def recompute_due_dates(*, actor, reason: str, today: dt.date | None = None) -> int:
    """After the working-day calendar changed: recompute every open request's due date and
    write each change into that request's history."""
    changed = 0
    for req in InfoRequest.objects.filter(state__in=[s.value for s in State if s != State.CLOSED]):
        with transaction.atomic():
            current = InfoRequest.objects.select_for_update().get(pk=req.pk)
            old = current.due_on
            _refresh_due(current, today=today)
            if current.due_on != old:
                current.version += 1
                current.save(update_fields=["due_on", "version"])
                audit.record(
                    actor=actor,
                    action="request.recompute_due",
                    obj=current,
                    changes={
                        "due_on": [
                            old and old.isoformat(),
                            current.due_on and current.due_on.isoformat(),
                        ]
                    },
                    note=reason,
                )
                changed += 1
    return changed


def recompute_on_calendar_change(sender, *, actor, year, today=None, **kwargs) -> None:
    recompute_due_dates(
        actor=actor, reason=f"{year} 年节假日安排已更新，答复期限重新计算", today=today
    )


def verify_tracking_code(req: InfoRequest, code: str) -> bool:
    return hmac.compare_digest(req.tracking_code_hash, _hash(code))


def record_delivery(
    *, actor, info_request: InfoRequest, method: str, on: dt.date, today=None
) -> Reply:
    """How and when the reply reached the applicant (送达), which starts the remedy periods."""
    policy.require(actor, Action.REQUEST_HANDLE, info_request.agency)
    today = today or timezone.localdate()
    reply = Reply.objects.filter(request=info_request).first()
    if reply is None:
        raise InvalidStep("尚未作出答复，不能登记送达。")
    if on < reply.replied_on or on > today:
        raise InvalidStep(f"送达日期应在答复日期 {reply.replied_on} 和今天之间。")
    with transaction.atomic():
        before = {"delivery_method": reply.delivery_method, "delivered_on": reply.delivered_on}
        reply.delivery_method, reply.delivered_on = method, on
        reply.save(update_fields=["delivery_method", "delivered_on"])
        audit.record(
            actor=actor,
            action="request.delivery",
            obj=info_request,
            changes=audit.diff(before, {"delivery_method": method, "delivered_on": on}),
        )
    return reply

"""Art. 44: information disclosed on request becomes a proactive (主动公开) draft in the catalog.

The request side decides (closed, disclosed or partly disclosed); the catalog's own action makes
the draft, which then goes through 保密审查 like any record.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.audit import log as audit
from gongkai.catalog import actions as catalog_actions
from gongkai.catalog.models import Record
from gongkai.organisations import policy
from gongkai.organisations.roles import Action

from ..domain.outcomes import may_become_proactive
from ..domain.personal_data import Stripped, strip_found
from ..domain.workflow import State
from ..models import InfoRequest
from . import InvalidStep


def proposed_title(info_request: InfoRequest) -> Stripped:
    """The draft's title: the request's description with the personal data the detector finds
    (and the applicant's name) taken out, and ``warning`` saying what went, for the clerk. A
    description that was nothing but personal data leaves a title naming the request."""
    stripped = strip_found(
        " ".join(info_request.description.split()), names=(info_request.applicant_name,)
    )
    title = stripped.text or f"依申请公开的信息（申请 {info_request.number}）"
    return Stripped(title if len(title) <= 80 else title[:79] + "…", stripped.removed)


def record_from_request(
    *, actor, info_request: InfoRequest, today: dt.date | None = None
) -> Record:
    """The request's information as a catalog draft, in one step. Only the description of the
    information is taken — never the applicant's name or contacts, nor personal data written
    into the description (``proposed_title``; the page warns the clerk with its ``warning``)."""
    policy.require(actor, Action.CATALOG_DRAFT, info_request.agency)
    # The draft's title is the request's description: only someone who may read it converts.
    policy.require(actor, Action.REQUEST_VIEW, info_request.agency)
    if not may_become_proactive(
        closed=info_request.state == State.CLOSED, outcome=info_request.outcome
    ):
        raise InvalidStep("只有已办结且予以公开或部分公开的申请，才能转为主动公开。")
    today = today or timezone.localdate()
    title = proposed_title(info_request).text
    with transaction.atomic():
        record = catalog_actions.create_draft(
            actor=actor,
            agency=info_request.agency,
            data={
                "title": title,
                "doc_type": "document",
                "document_number": info_request.document_number,
                "formed_on": info_request.closed_on or today,
                "summary": "本信息曾依申请公开，现转为主动公开（《政府信息公开条例》第四十四条）。",
            },
            today=today,
            source_request_number=info_request.number,
        )
        audit.record(
            actor=actor,
            action="request.to_catalog",
            obj=info_request,
            changes={"catalog_record": [None, record.pk]},
        )
    return record

"""A new tracking code for an applicant who lost theirs: only its hash is kept, so the old code
cannot be shown again, only replaced."""

from __future__ import annotations

from django.db import transaction

from gongkai.audit import log as audit
from gongkai.organisations import policy
from gongkai.organisations.roles import Action

from .. import notify
from ..models import InfoRequest, hash_tracking_code, new_tracking_code


def reissue_tracking_code(*, actor, info_request: InfoRequest) -> str:
    """Store the new code's hash (the old code stops working at once) and return the code,
    which the page shows once; the applicant's e-mail, if any, gets it after the commit."""
    policy.require(actor, Action.REQUEST_HANDLE, info_request.agency)
    code = new_tracking_code()
    with transaction.atomic():
        # The audit row names the change, never the code or its hash: the log is read widely.
        InfoRequest.objects.filter(pk=info_request.pk).update(
            tracking_code_hash=hash_tracking_code(code)
        )
        info_request.tracking_code_hash = hash_tracking_code(code)
        audit.record(
            actor=actor,
            action="request.reissue_code",
            obj=info_request,
            agency_id=info_request.agency_id,
            note="补发查询码，原查询码作废",
        )
        notify.after_code_reissue(info_request.pk, code)
    return code

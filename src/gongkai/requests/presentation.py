"""How a request is shown to someone: personal data masked unless the viewer may see it.

``may_see_personal_data`` (and its query twin ``personal_data_agency_ids``) is the one decision;
pages, the audit log, exports and the dashboard ask it and then mask through the domain's
``mask_found``: the applicant's structured fields and whatever the detector finds in free text.
"""

from __future__ import annotations

from collections.abc import Iterable

from gongkai.organisations import policy
from gongkai.organisations.roles import Action

from .domain.personal_data import (
    mask_file_name,
    mask_found,
    mask_identity,
    mask_name,
    mask_phone,
)
from .domain.workflow import Event
from .models import InfoRequest


def may_see_personal_data(user, agency) -> bool:
    """May ``user`` read the personal data of the requests of ``agency``?"""
    return policy.can(user, Action.REQUEST_VIEW_PERSONAL, agency)


def personal_data_agency_ids(user) -> frozenset[int]:
    """The agencies whose requests' personal data ``user`` may read (the twin of the above)."""
    agencies = policy.agencies_where(user, Action.REQUEST_VIEW_PERSONAL)
    return frozenset(agencies.values_list("pk", flat=True))


def shown_text(text: str, *, personal: bool, names: Iterable[str] = ()) -> str:
    """Free text as the viewer may read it; ``names``: the applicant's, masked wherever they
    occur."""
    return text if personal or not text else mask_found(text, names=names)


def request_texts(req, *, personal: bool) -> dict:
    """A request's free text (description, document named) as the viewer may read it."""
    names = (req.applicant_name,)
    return {
        "description": shown_text(req.description, personal=personal, names=names),
        "document_number": shown_text(req.document_number, personal=personal, names=names),
    }


def applicant_view(req, *, personal: bool) -> dict:
    """The applicant block of a request as a template shows it (with its free text)."""
    if personal:
        return {
            "name": req.applicant_name,
            "organisation": req.organisation_name,
            "id_number": req.id_number,
            "phone": req.phone,
            "email": req.email,
            "address": req.address,
            "masked": False,
        } | request_texts(req, personal=True)
    return {
        "name": mask_name(req.applicant_name),
        "organisation": req.organisation_name,
        "id_number": mask_identity(req.id_number) if req.id_number else "",
        "phone": mask_phone(req.phone) if req.phone else "",
        "email": "（已隐去）" if req.email else "",
        "address": "（已隐去）" if req.address else "",
        "masked": True,
    } | request_texts(req, personal=False)


_CREATION_LABELS = {
    "register": "登记申请",
    "submit": "网上提交申请",
}
_ACTION_LABELS = {
    "request.import": "由台账导入",
    "request.recompute_due": "节假日安排更新，重新计算答复期限",
    "request.reissue_code": "重新发放查询码",
}


def history_label(entry) -> str:
    """What an audit entry of a request means, in words."""

    if entry.transition in _CREATION_LABELS:
        return _CREATION_LABELS[entry.transition]
    if entry.transition:
        try:
            return Event(entry.transition).label
        except ValueError:
            return entry.transition
    return _ACTION_LABELS.get(entry.action, entry.action)


# Audit fields that hold the names of files an applicant or a clerk uploaded: a name like
# "赵六身份证.pdf" says whose papers they are, so without personal data only the type shows.
_FILE_NAME_FIELDS = frozenset({"attachments", "release"})


def _screened(value, mask):
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, list):
        return [_screened(v, mask) for v in value]
    if isinstance(value, dict):
        return {k: _screened(v, mask) for k, v in value.items()}
    return value


def screen_audit_rows(user, rows: list[dict]) -> None:
    """The audit log page's rows (``office.audit_screens``) as ``user`` may read them: in the
    entries of agencies whose personal data the user may not read, free text is masked (with
    the applicant's name, for a request's entries) and uploaded files' names are hidden."""
    personal = personal_data_agency_ids(user)
    # Entries of no agency (accounts, the calendar) hold no request's data.
    hidden = [r for r in rows if r["entry"].agency_id not in personal | {None}]
    request_ids = {
        int(r["entry"].object_id)
        for r in hidden
        if r["entry"].object_type == "requests.inforequest" and r["entry"].object_id.isdigit()
    }
    names = dict(InfoRequest.objects.filter(pk__in=request_ids).values_list("pk", "applicant_name"))
    for row in hidden:
        entry = row["entry"]
        known = ()
        if entry.object_type == "requests.inforequest" and entry.object_id.isdigit():
            known = (names.get(int(entry.object_id), ""),)

        def free(text, known=known):
            return mask_found(text, names=known)

        row["changes"] = {
            field: _screened(value, mask_file_name if field in _FILE_NAME_FIELDS else free)
            for field, value in (row["changes"] or {}).items()
        }
        row["object"] = free(row["object"])
        row["note"] = free(row["note"])

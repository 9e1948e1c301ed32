"""How a request is shown to someone: personal data masked unless the viewer may see it."""

from __future__ import annotations

from gongkai.organisations import policy
from gongkai.organisations.roles import Action

from .domain.personal_data import mask_identity, mask_name, mask_phone
from .domain.workflow import Event


def may_see_personal_data(user, req) -> bool:
    return policy.can(user, Action.REQUEST_VIEW_PERSONAL, req.agency)


def applicant_view(req, *, personal: bool) -> dict:
    """The applicant block of a request as a template shows it."""
    if personal:
        return {
            "name": req.applicant_name,
            "organisation": req.organisation_name,
            "id_number": req.id_number,
            "phone": req.phone,
            "email": req.email,
            "address": req.address,
            "masked": False,
        }
    return {
        "name": mask_name(req.applicant_name),
        "organisation": req.organisation_name,
        "id_number": mask_identity(req.id_number) if req.id_number else "",
        "phone": mask_phone(req.phone) if req.phone else "",
        "email": "（已隐去）" if req.email else "",
        "address": "（已隐去）" if req.address else "",
        "masked": True,
    }


_CREATION_LABELS = {
    "register": "登记申请",
    "submit": "网上提交申请",
}
_ACTION_LABELS = {
    "request.import": "由台账导入",
    "request.recompute_due": "节假日安排更新，重新计算答复期限",
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

"""Which agency a person is working in, kept in the session and checked on every request."""

from __future__ import annotations

from gongkai.organisations import policy
from gongkai.organisations.models import Agency, RoleAssignment
from gongkai.organisations.roles import Action

SESSION_KEY = "office_agency"


def my_agencies(user) -> list[Agency]:
    """Agencies the person holds a role in directly (operators: the top-level ones)."""
    if policy.platform_can(user, Action.VIEW_OFFICE):
        return list(Agency.objects.filter(parent__isnull=True, is_active=True))
    ids = RoleAssignment.objects.filter(user=user, agency__is_active=True).values("agency_id")
    return list(Agency.objects.filter(pk__in=ids).order_by("path"))


def current_agency(request) -> Agency | None:
    if hasattr(request, "_office_agency"):
        return request._office_agency
    agency = None
    code = request.session.get(SESSION_KEY)
    if code:
        agency = Agency.objects.filter(code=code, is_active=True).first()
    if agency is None or not policy.can(request.user, Action.VIEW_OFFICE, agency):
        agencies = my_agencies(request.user)
        agency = agencies[0] if agencies else None
    request._office_agency = agency
    request.allowed_actions = (
        policy.allowed_actions(request.user, agency) if agency else frozenset()
    )
    return agency


def switch_agency(request, agency: Agency) -> None:
    policy.require(request.user, Action.VIEW_OFFICE, agency)
    request.session[SESSION_KEY] = agency.code
    for attr in ("_office_agency", "allowed_actions"):
        if hasattr(request, attr):
            delattr(request, attr)

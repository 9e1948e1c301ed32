"""The one place that decides who may do what, where.

Every decision comes in two forms that must agree: a predicate for one object
(``can(user, action, agency)``) and a query filter for lists (``agencies_where(user, action)``).
Views, the API, the command line and the admin all ask here; a test proves the two forms agree
for every role, relation and action.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from gongkai.accounts.system import SYSTEM

from .models import Agency, RoleAssignment
from .roles import OPERATOR_DENIED, ROLE_GRANTS, Action, Reach, Role

if TYPE_CHECKING:
    from gongkai.accounts.models import User


class Denied(PermissionDenied):
    """Raised by ``require``; its message is shown to the person as it is."""


def _is_operator(user) -> bool:
    return bool(user is not None and user.is_active and user.is_superuser)


def _grants(user) -> list[tuple[Role, int, str]]:
    """(role, agency id, agency path) of every role the user holds, cached on the user."""
    cached = getattr(user, "_gongkai_grants", None)
    if cached is None:
        cached = [
            (Role(role), agency_id, path)
            for role, agency_id, path in RoleAssignment.objects.filter(
                user=user, agency__is_active=True
            ).values_list("role", "agency_id", "agency__path")
        ]
        user._gongkai_grants = cached
    return cached


def forget_cached_grants(user) -> None:
    user.__dict__.pop("_gongkai_grants", None)


def can(user: User | None, action: Action, agency: Agency) -> bool:
    """May ``user`` do ``action`` in ``agency``? ``None`` or anonymous users may do nothing."""
    if user is SYSTEM:
        return True
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if _is_operator(user):
        return action not in OPERATOR_DENIED
    for role, agency_id, path in _grants(user):
        reach = ROLE_GRANTS.get(role, {}).get(action)
        if reach is Reach.OWN and agency_id == agency.pk:
            return True
        if reach is Reach.SUBTREE and agency.path.startswith(path):
            return True
    return False


def agencies_where(user: User | None, action: Action):
    """The agencies in which ``user`` may do ``action``, as a queryset (the filter twin of can)."""
    if user is SYSTEM:
        return Agency.objects.all()
    if user is None or not user.is_authenticated or not user.is_active:
        return Agency.objects.none()
    if _is_operator(user):
        return Agency.objects.none() if action in OPERATOR_DENIED else Agency.objects.all()
    condition = Q(pk__in=[])
    for role, agency_id, path in _grants(user):
        reach = ROLE_GRANTS.get(role, {}).get(action)
        if reach is Reach.OWN:
            condition |= Q(pk=agency_id)
        elif reach is Reach.SUBTREE:
            condition |= Q(path__startswith=path)
    return Agency.objects.filter(condition)


def require(user: User | None, action: Action, agency: Agency) -> None:
    if not can(user, action, agency):
        raise Denied(f"您没有在“{agency.name}”执行此操作的权限（{action.value}）。")


def require_operator(user, message: str) -> None:
    """Platform-wide work (accounts, top-level agencies): the command line or an operator."""
    if not (user is SYSTEM or getattr(user, "is_superuser", False)):
        raise Denied(message)


def roles_in(user: User, agency: Agency) -> list[Role]:
    return [role for role, agency_id, _ in _grants(user) if agency_id == agency.pk]


def allowed_actions(user: User | None, agency: Agency) -> frozenset[Action]:
    return frozenset(action for action in Action if can(user, action, agency))

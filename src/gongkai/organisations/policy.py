"""The one place that decides who may do what, where.

Every decision comes in two forms that must agree: a predicate for one object
(``can(user, action, agency)``) and a query filter for lists (``agencies_where(user, action)``).
Views, the API, the command line and the admin all ask here; a test proves the two forms agree
for every role, relation and action.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from gongkai.accounts.models import User
from gongkai.accounts.system import SYSTEM, ServiceActor
from gongkai.errors import Forbidden

from . import roles as grant_table
from .models import Agency, RoleAssignment
from .roles import OPERATOR_GRANTS, ROLE_GRANTS, TOKEN_SCOPES, Action, Reach, Role


class Denied(PermissionDenied, Forbidden):
    """Raised by ``require``; its message is shown to the person as it is. A PermissionDenied
    for Django (its 403 page), a Forbidden for the API and the command line."""

    code = "permission_denied"
    message = "您没有进行此操作的权限。"


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


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def platform_can(user: User | None, action: Action) -> bool:
    """May ``user`` do ``action`` everywhere, including what belongs to no agency (accounts,
    the calendar, top-level agencies, the whole audit chain)? Only the system and operators."""
    if user is SYSTEM:
        return True
    return _signed_in(user) and _is_operator(user) and action in OPERATOR_GRANTS


def _role_can(user, action: Action, agency: Agency) -> bool:
    for role, agency_id, path in _grants(user):
        reach = ROLE_GRANTS.get(role, {}).get(action)
        if reach is Reach.OWN and agency_id == agency.pk:
            return True
        if reach is Reach.SUBTREE and agency.path.startswith(path):
            return True
    return False


def _token_holds(actor: ServiceActor, action: Action) -> bool:
    """A token's scope counts only for the actions a token may carry at all, so a scope code
    written into its row by hand can never grant, say, role management."""
    return action in TOKEN_SCOPES and action.value in actor.scopes


def can(user: User | None, action: Action, agency: Agency) -> bool:
    """May ``user`` do ``action`` in ``agency``? ``None`` or anonymous users may do nothing.
    An API token (``ServiceActor``) may do its scopes in its agency's subtree."""
    if user is SYSTEM:
        return True
    if isinstance(user, ServiceActor):
        return _token_holds(user, action) and agency.path.startswith(user.agency_path)
    if not _signed_in(user):
        return False
    return platform_can(user, action) or _role_can(user, action, agency)


def agencies_where(user: User | None, action: Action):
    """The agencies in which ``user`` may do ``action``, as a queryset (the filter twin of can)."""
    if user is SYSTEM or platform_can(user, action):
        return Agency.objects.all()
    if isinstance(user, ServiceActor):
        if not _token_holds(user, action):
            return Agency.objects.none()
        return Agency.objects.filter(path__startswith=user.agency_path)
    if not _signed_in(user):
        return Agency.objects.none()
    condition = Q(pk__in=[])
    for role, agency_id, path in _grants(user):
        reach = ROLE_GRANTS.get(role, {}).get(action)
        if reach is Reach.OWN:
            condition |= Q(pk=agency_id)
        elif reach is Reach.SUBTREE:
            condition |= Q(path__startswith=path)
    return Agency.objects.filter(condition)


def assignment_refusal(actor, *, user, agency: Agency, role: Role, reason: str = "") -> str | None:
    """Why ``actor`` may not give ``role`` in ``agency`` to ``user`` (or take it away), or None.

    The rule itself is in the grant table (``roles.assignment_refusal``); here it learns what
    the actor holds. Holding a role in the agency above counts, the operator's blanket grant
    does not: an operator gives elevated roles only with a reason.
    """
    if actor is SYSTEM:
        return None
    if not _signed_in(actor):
        return "请先登录。"
    parent = agency.parent if agency.parent_id else None
    return grant_table.assignment_refusal(
        role,
        self_assignment=actor.pk == user.pk,
        manages_agency=_role_can(actor, Action.MANAGE_PEOPLE, agency),
        manages_parent=parent is not None and _role_can(actor, Action.MANAGE_PEOPLE, parent),
        operator=platform_can(actor, Action.MANAGE_PEOPLE),
        reason=reason,
    )


def require_assignment(actor, *, user, agency: Agency, role: Role, reason: str = "") -> None:
    refusal = assignment_refusal(actor, user=user, agency=agency, role=role, reason=reason)
    if refusal:
        raise Denied(refusal)


def require_platform(user: User | None, action: Action, message: str) -> None:
    if not platform_can(user, action):
        raise Denied(message)


def require(user: User | None, action: Action, agency: Agency) -> None:
    if not can(user, action, agency):
        raise Denied(f"您没有在“{agency.name}”执行此操作的权限（{action.value}）。")


def roles_in(user: User, agency: Agency) -> list[Role]:
    return [role for role, agency_id, _ in _grants(user) if agency_id == agency.pk]


def allowed_actions(user: User | None, agency: Agency) -> frozenset[Action]:
    return frozenset(action for action in Action if can(user, action, agency))


def account_refusal(actor, user) -> str | None:
    """Why ``actor`` may not reset the password of, unlock, deactivate or reactivate ``user``'s
    account, or None. An agency's administrator looks after the accounts of its own people:
    those whose every role lies in agencies where the administrator manages people. Operators
    look after everyone's; nobody after their own (a password is changed by its owner)."""
    if actor is SYSTEM:
        return None
    if not _signed_in(actor):
        return "请先登录。"
    if actor.pk == user.pk:
        return "不能在这里管理自己的账号；修改自己的密码请用“修改密码”。"
    if platform_can(actor, Action.MANAGE_USERS):
        return None
    if user.is_superuser:
        return "平台管理员的账号只能由平台管理员管理。"
    agencies = list(Agency.objects.filter(role_assignments__user=user).distinct())
    if not agencies:
        return "此人在任何机关都没有角色，其账号由平台管理员管理。"
    for agency in agencies:
        if not _role_can(actor, Action.MANAGE_PEOPLE, agency):
            return f"此人在“{agency.name}”也有角色，其账号由平台管理员或该机关的管理员管理。"
    return None


def accounts_managed_by(actor):
    """The accounts ``actor`` may look after, as a queryset: the filter twin of account_refusal."""
    if actor is SYSTEM:
        return User.objects.all()
    if not _signed_in(actor):
        return User.objects.none()
    others = User.objects.exclude(pk=actor.pk)
    if platform_can(actor, Action.MANAGE_USERS):
        return others
    managed = agencies_where(actor, Action.MANAGE_PEOPLE)
    elsewhere = RoleAssignment.objects.exclude(agency__in=managed).values("user_id")
    return (
        others.filter(is_superuser=False, role_assignments__isnull=False)
        .exclude(pk__in=elsewhere)
        .distinct()
    )


def require_account(actor, user) -> None:
    refusal = account_refusal(actor, user)
    if refusal:
        raise Denied(refusal)

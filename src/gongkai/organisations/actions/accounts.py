"""Named actions on user accounts, each audited in the transaction that makes the change.

They live with the agencies and roles (not in ``accounts``, which only knows who someone is) so that
the permission check goes through the one policy like every other action."""

from __future__ import annotations

import secrets

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from gongkai.accounts.models import User
from gongkai.audit import log as audit

from .. import policy
from ..models import Agency
from ..roles import Action, Role
from . import assign_role

USER_FIELDS = ("username", "full_name", "email", "phone", "is_active", "is_superuser", "is_staff")


def _require_operator(actor) -> None:
    policy.require_platform(actor, Action.MANAGE_USERS, "只有平台管理员可以管理账号。")


def create_user(
    *,
    actor,
    username: str,
    password: str,
    full_name: str = "",
    email: str = "",
    phone: str = "",
    is_superuser: bool = False,
    check_password_strength: bool = True,
) -> User:
    """Create an account (the operator's job; an agency's administrator adds one of its people
    with ``add_person``, which gives the role in the same transaction)."""
    _require_operator(actor)
    return _create(
        actor=actor,
        username=username,
        password=password,
        full_name=full_name,
        email=email,
        phone=phone,
        is_superuser=is_superuser,
        check_password_strength=check_password_strength,
    )


def _create(
    *, actor, username, password, full_name, email, phone, is_superuser, check_password_strength
):
    user = User(
        username=username,
        full_name=full_name,
        email=email,
        phone=phone,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    user.full_clean(exclude=["password"])
    if check_password_strength:
        validate_password(password, user)
    user.set_password(password)
    with transaction.atomic():
        user.save()
        audit.record(
            actor=actor,
            action="user.create",
            obj=user,
            object_repr=user.username,
            changes=audit.diff({}, audit.field_values(user, USER_FIELDS)),
        )
    return user


def temporary_password() -> str:
    """Twelve characters nobody confuses when reading them out (no 0/O, 1/l/I)."""
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"
    while True:
        word = "".join(secrets.choice(alphabet) for _ in range(12))
        if any(c.isdigit() for c in word) and any(c.isalpha() for c in word):
            return word


def add_person(
    *,
    actor,
    agency: Agency,
    role: Role | str,
    username: str,
    full_name: str,
    email: str = "",
    phone: str = "",
    reason: str = "",
) -> tuple[User, str]:
    """A new colleague: the account and its first role in ``agency``, as one change. The grant
    table decides whether ``actor`` may give that role there (an elevated one needs the agency
    above). Returns the account and a temporary password to hand over in person."""
    role = Role(role)
    policy.require(actor, Action.MANAGE_PEOPLE, agency)
    # Checked before anything is written: the same rule assign_role applies to a new account.
    policy.require_assignment(
        actor, user=User(username=username), agency=agency, role=role, reason=reason
    )
    password = temporary_password()
    with transaction.atomic():
        user = _create(
            actor=actor,
            username=username,
            password=password,
            full_name=full_name,
            email=email,
            phone=phone,
            is_superuser=False,
            check_password_strength=True,
        )
        assign_role(actor=actor, user=user, agency=agency, role=role, reason=reason)
    return user, password


def set_password(*, actor, user: User, password: str) -> None:
    if actor is not user:
        policy.require_account(actor, user)
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit.record(actor=actor, action="user.set_password", obj=user, object_repr=user.username)


def reset_password(*, actor, user: User) -> str:
    """For a colleague who forgot theirs: a temporary password, shown once to the administrator
    to hand over; the lockout (if any) is lifted with it."""
    policy.require_account(actor, user)
    password = temporary_password()
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit.record(actor=actor, action="user.reset_password", obj=user, object_repr=user.username)
        transaction.on_commit(lambda: axes_reset(username=user.username))
    return password


def locked_usernames(usernames) -> set[str]:
    """Which of ``usernames`` django-axes has locked out for too many wrong passwords."""
    return set(
        AccessAttempt.objects.filter(
            username__in=list(usernames), failures_since_start__gte=settings.AXES_FAILURE_LIMIT
        ).values_list("username", flat=True)
    )


def unlock(*, actor, user: User) -> int:
    """Lift a lockout by django-axes before its cool-off ends; returns the attempts cleared."""
    policy.require_account(actor, user)
    with transaction.atomic():
        cleared = axes_reset(username=user.username)
        audit.record(
            actor=actor,
            action="user.unlock",
            obj=user,
            object_repr=user.username,
            changes={"failed_attempts": [cleared, 0]},
        )
    return cleared


def set_active(*, actor, user: User, active: bool) -> None:
    """Deactivate a leaver (they can no longer sign in; their history stays) or bring them back."""
    policy.require_account(actor, user)
    with transaction.atomic():
        if user.is_active != active:
            user.is_active = active
            user.save(update_fields=["is_active"])
            audit.record(
                actor=actor,
                action="user.activate" if active else "user.deactivate",
                obj=user,
                object_repr=user.username,
                changes={"is_active": [not active, active]},
            )

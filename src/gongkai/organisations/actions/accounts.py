"""Named actions on user accounts, each audited in the transaction that makes the change.

They live with the agencies and roles (not in ``accounts``, which only knows who someone is) so that
the permission check goes through the one policy like every other action."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from gongkai.accounts.models import User
from gongkai.audit import log as audit

from .. import policy
from ..roles import Action

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
    """Create an account. Agency administrators add people through ``assign_role``; creating
    the account itself is the operator's job, so one person is one account across agencies."""
    _require_operator(actor)
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


def set_password(*, actor, user: User, password: str) -> None:
    if actor is not user:
        _require_operator(actor)
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit.record(actor=actor, action="user.set_password", obj=user, object_repr=user.username)


def set_active(*, actor, user: User, active: bool) -> None:
    _require_operator(actor)
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

"""Named actions on agencies and roles: permission, validation, audit row, one transaction.

Views, the command line and the admin call these and nothing else to change agencies.
"""

from __future__ import annotations

from django.db import transaction

from gongkai.audit import log as audit

from .. import policy
from ..models import Agency, RoleAssignment
from ..roles import Action, Role

# What the 政府信息公开指南 prints about a unit; its own office may edit these (office/forms).
CONTACT_FIELDS = (
    "name",
    "short_name",
    "org_code",
    "disclosure_office",
    "address",
    "postcode",
    "phone",
    "fax",
    "email",
    "office_hours",
    "website",
)
# How the office works, set by the office itself on its agency page.
OFFICE_SETTINGS = ("release_download_days",)
AGENCY_FIELDS = ("code", *CONTACT_FIELDS, *OFFICE_SETTINGS, "level", "kind", "parent", "is_active")
EDITABLE_AGENCY_FIELDS = frozenset(AGENCY_FIELDS) - {"code"}


def create_agency(*, actor, code: str, name: str, level: str, kind: str, parent=None, **fields):
    if parent is not None:
        policy.require(actor, Action.MANAGE_AGENCY, parent)
    else:
        policy.require_platform(actor, Action.MANAGE_AGENCIES, "只有平台管理员可以创建顶级机关。")
    unknown = set(fields) - EDITABLE_AGENCY_FIELDS
    if unknown:
        raise TypeError(f"unknown agency fields: {sorted(unknown)}")
    agency = Agency(code=code, name=name, level=level, kind=kind, parent=parent, **fields)
    agency.full_clean()
    with transaction.atomic():
        agency.save()
        audit.record(
            actor=actor,
            action="agency.create",
            obj=agency,
            changes=audit.diff({}, audit.field_values(agency, AGENCY_FIELDS)),
        )
    return agency


def update_agency(*, actor, agency: Agency, **fields) -> Agency:
    policy.require(actor, Action.MANAGE_AGENCY, agency)
    unknown = set(fields) - EDITABLE_AGENCY_FIELDS
    if unknown:
        raise TypeError(f"unknown or read-only agency fields: {sorted(unknown)}")
    if "parent" in fields and fields["parent"] is not None:
        policy.require(actor, Action.MANAGE_AGENCY, fields["parent"])
    with transaction.atomic():
        agency = Agency.objects.select_for_update().get(pk=agency.pk)
        before = audit.field_values(agency, AGENCY_FIELDS)
        for name, value in fields.items():
            setattr(agency, name, value)
        agency.full_clean()
        changes = audit.diff(before, audit.field_values(agency, AGENCY_FIELDS))
        if changes:
            agency.save()
            audit.record(actor=actor, action="agency.update", obj=agency, changes=changes)
    return agency


def assign_role(
    *, actor, user, agency: Agency, role: Role | str, reason: str = ""
) -> RoleAssignment:
    """Give ``user`` ``role`` in ``agency``; who may give which role is the grant table's rule
    (``roles.assignment_refusal``). ``reason`` is recorded with the audit row."""
    role = Role(role)
    policy.require_assignment(actor, user=user, agency=agency, role=role, reason=reason)
    with transaction.atomic():
        assignment, created = RoleAssignment.objects.get_or_create(
            user=user, agency=agency, role=role.value
        )
        if created:
            audit.record(
                actor=actor,
                action="role.assign",
                obj=assignment,
                changes={"user": [None, user.username], "role": [None, role.value]},
                note=reason.strip(),
            )
    policy.forget_cached_grants(user)
    return assignment


def revoke_role(*, actor, assignment: RoleAssignment, reason: str = "") -> None:
    """Take a role away; the same people who may give it may take it."""
    policy.require_assignment(
        actor,
        user=assignment.user,
        agency=assignment.agency,
        role=Role(assignment.role),
        reason=reason,
    )
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="role.revoke",
            obj=assignment,
            changes={"user": [assignment.user.username, None], "role": [assignment.role, None]},
            note=reason.strip(),
        )
        assignment.delete()
    policy.forget_cached_grants(assignment.user)

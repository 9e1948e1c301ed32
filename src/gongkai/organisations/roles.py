"""Roles a person can hold in an agency, and what each may do.

Plain Python (no Django) so the policy table is readable and testable on its own. The policy
module turns this table into decisions and query filters.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    PUBLISHER = "publisher"
    REVIEWER = "reviewer"
    HANDLER = "handler"
    HEAD = "head"
    ADMIN = "admin"
    SUPERVISOR = "supervisor"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.PUBLISHER: "信息发布员",
    Role.REVIEWER: "保密审查员",
    Role.HANDLER: "申请办理人",
    Role.HEAD: "工作机构负责人",
    Role.ADMIN: "本机关管理员",
    Role.SUPERVISOR: "主管部门",
}


class Action(StrEnum):
    """Everything the policy decides. Later contexts add their actions here."""

    VIEW_OFFICE = "office.view"  # enter the back office for this agency at all
    MANAGE_AGENCY = "agency.manage"  # edit the agency's details and contact block
    MANAGE_PEOPLE = "people.manage"  # give and take roles in the agency
    VIEW_AUDIT = "audit.view"
    AUDIT_VERIFY = "audit.verify"  # re-walk the whole installation's chain: operators only
    CATALOG_DRAFT = "catalog.draft"
    CATALOG_REVIEW = "catalog.review"
    CATALOG_PUBLISH = "catalog.publish"
    REQUEST_VIEW = "request.view"  # see requests, applicants masked
    REQUEST_VIEW_PERSONAL = "request.view_personal"  # applicants' identity, phone, address
    REQUEST_HANDLE = "request.handle"
    REQUEST_APPROVE_EXTENSION = "request.approve_extension"
    APPEAL_MANAGE = "appeal.manage"
    REPORT_EDIT = "report.edit"
    REPORT_VIEW = "report.view"
    REPORT_REVIEW = "report.review"  # the supervising office: upload units' reports, judge findings
    STATISTICS_VIEW = "statistics.view"
    MANAGE_CALENDAR = "calendar.manage"  # the platform's holiday schedule: operators only


class Reach(StrEnum):
    """Which agencies a role held in agency A covers."""

    OWN = "own"  # A only
    SUBTREE = "subtree"  # A and every unit below it


# One table answers "may a holder of role R do X, and over which agencies". A handler's
# personal-data access stops at its own agency; a supervisor reads statistics and reports of
# its whole subtree but never applicants' personal data.
ROLE_GRANTS: dict[Role, dict[Action, Reach]] = {
    Role.PUBLISHER: {
        Action.VIEW_OFFICE: Reach.OWN,
        Action.CATALOG_DRAFT: Reach.OWN,
        Action.CATALOG_PUBLISH: Reach.OWN,
        Action.REPORT_VIEW: Reach.OWN,
    },
    Role.REVIEWER: {
        Action.VIEW_OFFICE: Reach.OWN,
        Action.CATALOG_REVIEW: Reach.OWN,
        Action.REPORT_VIEW: Reach.OWN,
    },
    Role.HANDLER: {
        Action.VIEW_OFFICE: Reach.OWN,
        Action.REQUEST_VIEW: Reach.OWN,
        Action.REQUEST_VIEW_PERSONAL: Reach.OWN,
        Action.REQUEST_HANDLE: Reach.OWN,
        Action.APPEAL_MANAGE: Reach.OWN,
        Action.REPORT_VIEW: Reach.OWN,
        Action.STATISTICS_VIEW: Reach.OWN,
    },
    Role.HEAD: {
        Action.VIEW_OFFICE: Reach.OWN,
        Action.REQUEST_VIEW: Reach.OWN,
        Action.REQUEST_VIEW_PERSONAL: Reach.OWN,
        Action.REQUEST_APPROVE_EXTENSION: Reach.OWN,
        Action.CATALOG_REVIEW: Reach.OWN,
        Action.REPORT_EDIT: Reach.OWN,
        Action.REPORT_VIEW: Reach.OWN,
        Action.STATISTICS_VIEW: Reach.OWN,
        Action.VIEW_AUDIT: Reach.OWN,
    },
    Role.ADMIN: {
        Action.VIEW_OFFICE: Reach.OWN,
        Action.MANAGE_AGENCY: Reach.OWN,
        Action.MANAGE_PEOPLE: Reach.OWN,
        Action.VIEW_AUDIT: Reach.OWN,
        Action.REPORT_EDIT: Reach.OWN,
        Action.REPORT_VIEW: Reach.OWN,
        Action.REPORT_REVIEW: Reach.OWN,
        Action.STATISTICS_VIEW: Reach.OWN,
    },
    Role.SUPERVISOR: {
        Action.VIEW_OFFICE: Reach.SUBTREE,
        Action.REQUEST_VIEW: Reach.SUBTREE,
        Action.REPORT_VIEW: Reach.SUBTREE,
        Action.REPORT_REVIEW: Reach.SUBTREE,
        Action.STATISTICS_VIEW: Reach.SUBTREE,
    },
}

# Platform operators (superusers) run the installation, not an office's casework: they manage
# agencies and accounts everywhere, but applicants' personal data stays with the handlers.
OPERATOR_DENIED: frozenset[Action] = frozenset({Action.REQUEST_VIEW_PERSONAL})


def reach(role: Role, action: Action) -> Reach | None:
    return ROLE_GRANTS.get(role, {}).get(action)

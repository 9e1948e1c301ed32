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
    # Undo a closing (a corrected appeal, an error found): the earlier reply becomes history
    # and the figures of a reported year are at stake, so it is the head's decision.
    REQUEST_REOPEN = "request.reopen"
    APPEAL_MANAGE = "appeal.manage"
    REPORT_EDIT = "report.edit"
    REPORT_VIEW = "report.view"
    REPORT_REVIEW = "report.review"  # the supervising office: upload units' reports, judge findings
    STATISTICS_VIEW = "statistics.view"
    MANAGE_CALENDAR = "calendar.manage"  # the platform's holiday schedule: operators only
    MANAGE_USERS = "users.manage"  # create accounts, reset passwords, deactivate: operators only
    MANAGE_AGENCIES = "agencies.manage"  # create top-level agencies: operators only
    MANAGE_JOBS = "jobs.manage"  # the background queue and outbox: see, retry; operators only
    # Webhook subscriptions (any agency's events, to another system) and their delivery log.
    MANAGE_WEBHOOKS = "webhooks.manage"
    EDIT_LETTER_TEMPLATES = "request.letter_templates"  # the agency's reply-letter wording
    # What another system may do through the API with a token (TOKEN_SCOPES); no role has them.
    REQUEST_INTAKE = "request.intake"  # forward a request (12345 hotline, 一网通办)
    REQUEST_STATUS = "request.status"  # read a forwarded request's progress, no personal data
    REPORT_SUBMIT = "report.submit"  # a county's installation submits its annual report
    MANAGE_API_TOKENS = "api.tokens"  # create and revoke the API's tokens: operators only


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
        Action.REQUEST_REOPEN: Reach.OWN,
        # A decision that orders a new reply is closed by the one who may reopen the request.
        Action.APPEAL_MANAGE: Reach.OWN,
        Action.EDIT_LETTER_TEMPLATES: Reach.OWN,
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
        Action.EDIT_LETTER_TEMPLATES: Reach.OWN,
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

# Platform operators (superusers) run the installation, not an office's casework: they hold
# these in every agency and at the platform level (accounts, the calendar, top-level agencies,
# the whole audit chain), and nothing else. No request, catalog record, appeal or report work,
# no personal data: an operator who must do casework is given a role like anyone else.
OPERATOR_GRANTS: frozenset[Action] = frozenset(
    {
        Action.VIEW_OFFICE,
        Action.MANAGE_AGENCY,
        Action.MANAGE_PEOPLE,
        Action.VIEW_AUDIT,
        Action.AUDIT_VERIFY,
        Action.MANAGE_CALENDAR,
        Action.MANAGE_USERS,
        Action.MANAGE_AGENCIES,
        Action.MANAGE_JOBS,
        Action.MANAGE_API_TOKENS,
        Action.MANAGE_WEBHOOKS,
    }
)

# What an API token may be given, in the words the token page and the CLI show. A token holds
# each of its scopes over its agency and every unit below it (Reach.SUBTREE), nothing else; the
# policy decides for a token as for a person (``policy.can``). ``request.view_personal`` is the
# very action that lets handlers see applicants, so a token sees them only when given it.
TOKEN_SCOPES: dict[Action, str] = {
    Action.REQUEST_INTAKE: "转入依申请公开申请（12345 热线、一网通办等）",
    Action.REQUEST_STATUS: "按外部工单号查询办理进度",
    Action.REQUEST_VIEW_PERSONAL: "查看申请人个人信息",
    Action.REPORT_SUBMIT: "报送年度报告（下级平台向上级平台）",
    Action.REPORT_VIEW: "读取所辖单位的年度报告及各版本（上级平台汇集）",
}

# Who may give a role. A role is *elevated* when it reaches applicants' personal data, approves
# (an extension, a unit's report findings), hands out roles, or reaches beyond its own agency;
# derived from the grant table so that a new grant moves a role into this class by itself.
ELEVATING_ACTIONS: frozenset[Action] = frozenset(
    {
        Action.REQUEST_VIEW_PERSONAL,
        Action.REQUEST_APPROVE_EXTENSION,
        Action.REQUEST_REOPEN,
        Action.REPORT_REVIEW,
        Action.MANAGE_PEOPLE,
    }
)


def is_elevated(role: Role) -> bool:
    grants = ROLE_GRANTS.get(role, {})
    return bool(ELEVATING_ACTIONS & set(grants)) or Reach.SUBTREE in grants.values()


ELEVATED_ROLES: frozenset[Role] = frozenset(r for r in Role if is_elevated(r))


def assignment_refusal(
    role: Role,
    *,
    self_assignment: bool,
    manages_agency: bool,
    manages_parent: bool,
    operator: bool,
    reason: str,
) -> str | None:
    """Why the actor may not give (or take away) ``role``, or None if it may.

    Nobody changes their own roles. An ordinary role (publisher, reviewer) is given by the
    agency's administrator. An elevated role is given by the administrator of the agency above,
    so that no administrator can hand itself or a friend personal data or approval; the
    operator may do it too, but only with a recorded reason.
    """
    if self_assignment:
        return "不能给自己分配或撤销角色，请由其他有权限的人员办理。"
    if role not in ELEVATED_ROLES:
        if manages_agency or operator:
            return None
        return "只有本机关管理员或平台管理员可以分配此角色。"
    if manages_parent:
        return None
    if operator:
        if reason.strip():
            return None
        return f"平台管理员分配或撤销“{role.label}”须填写理由（将记入审计日志）。"
    return (
        f"“{role.label}”可查看申请人个人信息或负责审批，须由上级机关管理员分配；"
        "或由平台管理员填写理由后分配。"
    )


def reach(role: Role, action: Action) -> Reach | None:
    return ROLE_GRANTS.get(role, {}).get(action)

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.audit import labels, verification
from gongkai.audit.models import AuditEntry
from gongkai.audit.tasks import verify_chain
from gongkai.organisations import policy
from gongkai.organisations.models import Agency
from gongkai.organisations.roles import ROLE_LABELS, Action
from gongkai.web import params

from . import audit_screens
from .navigation import MODULES_BY_KEY, module_url
from .panels import panels_for, unit_statistics
from .session import current_agency, switch_agency


def office_view(*any_of: Action):
    """Sign-in required, an agency chosen, and at least one of ``any_of`` allowed there."""

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            agency = current_agency(request)
            if agency is None:
                return render(request, "office/no_agency.html", status=403)
            if any_of and not (set(any_of) & request.allowed_actions):
                raise PermissionDenied("您在当前机关没有使用此功能的权限。")
            return view(request, agency, *args, **kwargs)

        return wrapper

    return decorate


@office_view(Action.VIEW_OFFICE)
def dashboard(request, agency):
    roles = policy.roles_in(request.user, agency)
    cards = [
        {"module": module, "url": module_url(module)}
        for key, module in MODULES_BY_KEY.items()
        if key != "dashboard" and module.any_of & request.allowed_actions
    ]
    return render(
        request,
        "office/dashboard.html",
        {
            "agency": agency,
            "roles": [ROLE_LABELS[r] for r in roles],
            "operator": policy.platform_can(request.user, Action.MANAGE_USERS),
            "cards": cards,
            "panels": panels_for(request, agency),
        },
    )


@login_required
@require_POST
def switch(request):
    agency = get_object_or_404(
        Agency, code=params.text(request.POST, "agency", max_length=64), is_active=True
    )
    switch_agency(request, agency)
    return redirect("office:dashboard")


@office_view(Action.STATISTICS_VIEW)
def units(request, agency):
    visible = policy.agencies_where(request.user, Action.STATISTICS_VIEW)
    units = list(visible.subtree_of(agency).select_related("parent"))
    today = timezone.localdate()
    year = params.year(request.GET, default=today.year)
    figures = unit_statistics(units, year=year, today=today)
    rows = [{"unit": u, "figures": figures.get(u.pk, {})} for u in units]
    return render(
        request,
        "office/units.html",
        {
            "agency": agency,
            "rows": rows,
            "year": year,
            "years": range(today.year, today.year - 6, -1),
        },
    )


@office_view(Action.VIEW_AUDIT)
def audit(request, agency):
    # The whole chain, entries that belong to no agency included, is the operator's to read.
    whole_chain = policy.platform_can(request.user, Action.VIEW_AUDIT)
    if whole_chain:
        entries = AuditEntry.objects.all()
    else:
        visible = policy.agencies_where(request.user, Action.VIEW_AUDIT).values("pk")
        entries = AuditEntry.objects.filter(agency_id__in=visible)
    kinds = labels.kinds()
    kind = params.choice(request.GET, "kind", [k for k, _ in kinds])
    if kind:
        entries = entries.filter(action__startswith=f"{kind}.")
    page = Paginator(entries.order_by("-seq"), 50).get_page(params.page(request.GET))
    # Each entry as the reader may see it: personal data screened by its context, then its
    # codes put in words (after screening: the screens read the stored field names).
    rows = audit_screens.screened(request.user, page)
    for row in rows:
        entry = row["entry"]
        row["action"] = labels.action_label(entry.action, entry.transition)
        row["lines"] = labels.changes(entry.action, row["changes"])
    return render(
        request,
        "office/audit.html",
        {
            "agency": agency,
            "page": page,
            "rows": rows,
            "kinds": kinds,
            "kind": kind,
            # The stored result of the last verification: walking the whole chain on every view
            # would cost more the longer the log grows.
            "last_check": verification.latest(),
            "can_verify": policy.can(request.user, Action.AUDIT_VERIFY, agency),
        },
    )


@office_view(Action.VIEW_AUDIT)
@require_POST
def audit_verify(request, agency):
    if not policy.can(request.user, Action.AUDIT_VERIFY, agency):
        raise PermissionDenied("只有平台运维人员可以校验整个审计日志。")
    label = getattr(request.user, "display_name", "") or request.user.username
    result = verify_chain.enqueue(label)
    if not result.is_finished:
        messages.info(request, "已开始在后台校验整个日志，完成后刷新本页即可看到结果。")
    elif result.status == TaskResultStatus.SUCCESSFUL:
        outcome = result.return_value
        (messages.success if outcome["ok"] else messages.error)(request, outcome["summary"])
    else:
        messages.error(
            request, "校验未能完成，已记录错误；请稍后重试或在服务器上运行 gongkai audit verify。"
        )
    return redirect("office:audit")

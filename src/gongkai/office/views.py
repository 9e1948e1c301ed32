from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.audit import verification
from gongkai.audit.models import AuditEntry
from gongkai.organisations import actions, policy
from gongkai.organisations.models import Agency, RoleAssignment
from gongkai.organisations.roles import ELEVATED_ROLES, ROLE_LABELS, Action, Role
from gongkai.web import params

from . import audit_screens
from .forms import AgencyForm, AssignRoleForm
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


def _people_units(agency) -> list[Agency]:
    """The agency and the units directly below it: its administrator gives elevated roles in
    those units (roles.assignment_refusal)."""
    return [agency, *agency.children.filter(is_active=True).order_by("path")]


@office_view(Action.MANAGE_AGENCY, Action.MANAGE_PEOPLE)
def agency_page(request, agency):
    can_edit = Action.MANAGE_AGENCY in request.allowed_actions
    can_people = Action.MANAGE_PEOPLE in request.allowed_actions
    units = _people_units(agency)
    form = AgencyForm(instance=agency)
    role_form = AssignRoleForm(units=units)
    status = 200
    if request.method == "POST" and request.POST.get("form") == "agency" and can_edit:
        form = AgencyForm(request.POST, instance=Agency.objects.get(pk=agency.pk))
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                actions.update_agency(actor=request.user, agency=agency, **fields)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "机关信息已保存。")
                return redirect("office:agency")
    elif request.method == "POST" and request.POST.get("form") == "role" and can_people:
        role_form = AssignRoleForm(request.POST, units=units)
        if role_form.is_valid():
            try:
                actions.assign_role(
                    actor=request.user,
                    user=role_form.cleaned_data["user"],
                    agency=role_form.cleaned_data["unit"],
                    role=Role(role_form.cleaned_data["role"]),
                    reason=role_form.cleaned_data["reason"],
                )
            except policy.Denied as exc:
                role_form.add_error(None, str(exc))
                status = 403
            else:
                messages.success(request, "角色已分配。")
                return redirect("office:agency")
    elif request.method == "POST":
        raise PermissionDenied("您没有修改此项的权限。")
    people = RoleAssignment.objects.filter(agency__in=units).select_related("user", "agency")
    return render(
        request,
        "office/agency.html",
        {
            "agency": agency,
            "form": form,
            "role_form": role_form,
            "people": people,
            "can_edit": can_edit,
            "can_people": can_people,
            "elevated_roles": [r.label for r in Role if r in ELEVATED_ROLES],
            "ordinary_roles": [r.label for r in Role if r not in ELEVATED_ROLES],
        },
        status=status,
    )


@office_view(Action.MANAGE_PEOPLE)
@require_POST
def revoke_role(request, agency, assignment_id):
    assignment = get_object_or_404(
        RoleAssignment.objects.select_related("user", "agency"),
        pk=assignment_id,
        agency__in=_people_units(agency),
    )
    try:
        actions.revoke_role(
            actor=request.user, assignment=assignment, reason=request.POST.get("reason", "")
        )
    except policy.Denied as exc:
        raise PermissionDenied(str(exc)) from exc
    messages.success(request, f"已撤销 {assignment.user} 的{assignment.get_role_display()}角色。")
    return redirect("office:agency")


@office_view(Action.VIEW_AUDIT)
def audit(request, agency):
    # The whole chain, entries that belong to no agency included, is the operator's to read.
    whole_chain = policy.platform_can(request.user, Action.VIEW_AUDIT)
    if whole_chain:
        entries = AuditEntry.objects.all()
    else:
        visible = policy.agencies_where(request.user, Action.VIEW_AUDIT).values("pk")
        entries = AuditEntry.objects.filter(agency_id__in=visible)
    page = Paginator(entries.order_by("-seq"), 50).get_page(params.page(request.GET))
    return render(
        request,
        "office/audit.html",
        {
            "agency": agency,
            "page": page,
            # Each entry as the reader may see it: personal data screened by its context.
            "rows": audit_screens.screened(request.user, page),
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
    outcome = verification.verify(by=label)
    if outcome.ok:
        messages.success(request, outcome.summary())
    else:
        messages.error(request, outcome.summary())
    return redirect("office:audit")

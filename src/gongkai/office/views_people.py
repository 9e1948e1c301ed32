"""机构与人员: the agency's details, and its administrator looking after its people — adding a
colleague, giving and taking roles (taking asks first), resetting a forgotten password,
lifting a lockout, deactivating a leaver and bringing them back. Every change is a named
action of the organisations context, checked by the policy and audited there."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from gongkai.organisations import actions, policy
from gongkai.organisations.actions import accounts
from gongkai.organisations.models import Agency, RoleAssignment
from gongkai.organisations.roles import ELEVATED_ROLES, Action, Role

from .forms import AddPersonForm, AgencyForm, AssignRoleForm
from .views import office_view

ACCOUNT_STEPS = {
    "reset_password": "重置密码",
    "unlock": "解除锁定",
    "deactivate": "停用账号",
    "activate": "恢复账号",
}
CONFIRM = {
    "reset_password": "将为 {user} 生成新的临时密码，原密码立即失效。确定重置吗？",
    "deactivate": "停用后 {user} 不能再登录（已办事项和记录都保留，可以随时恢复）。确定停用吗？",
}


def _people_units(agency) -> list[Agency]:
    """The agency and the units directly below it: its administrator gives elevated roles in
    those units (roles.assignment_refusal)."""
    return [agency, *agency.children.filter(is_active=True).order_by("path")]


def _handed_over(request, agency, user, password, what):
    """The temporary password, shown once on this page and never stored anywhere readable."""
    return render(
        request,
        "office/password_issued.html",
        {"agency": agency, "person": user, "password": password, "what": what},
    )


@office_view(Action.MANAGE_AGENCY, Action.MANAGE_PEOPLE)
def agency_page(request, agency):
    can_edit = Action.MANAGE_AGENCY in request.allowed_actions
    can_people = Action.MANAGE_PEOPLE in request.allowed_actions
    units = _people_units(agency)
    form = AgencyForm(instance=agency)
    role_form = AssignRoleForm(units=units)
    person_form = AddPersonForm(units=units, prefix="new")
    status = 200
    which = request.POST.get("form") if request.method == "POST" else None
    if which == "agency" and can_edit:
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
    elif which == "role" and can_people:
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
    elif which == "person" and can_people:
        person_form = AddPersonForm(request.POST, units=units, prefix="new")
        if person_form.is_valid():
            data = person_form.cleaned_data
            try:
                user, password = accounts.add_person(
                    actor=request.user,
                    agency=data["unit"],
                    role=data["role"],
                    username=data["username"],
                    full_name=data["full_name"],
                    email=data["email"],
                    phone=data["phone"],
                    reason=data["reason"],
                )
            except policy.Denied as exc:
                person_form.add_error(None, str(exc))
                status = 403
            except ValidationError as exc:
                person_form.add_error(None, "；".join(exc.messages))
            else:
                return _handed_over(request, agency, user, password, "已建立账号")
    elif request.method == "POST":
        raise PermissionDenied("您没有修改此项的权限。")
    people = RoleAssignment.objects.filter(agency__in=units).select_related("user", "agency")
    managed = set(policy.accounts_managed_by(request.user).values_list("pk", flat=True))
    locked = accounts.locked_usernames([p.user.username for p in people])
    return render(
        request,
        "office/agency.html",
        {
            "agency": agency,
            "form": form,
            "role_form": role_form,
            "person_form": person_form,
            "people": [
                {
                    "assignment": p,
                    "user": p.user,
                    "manages": p.user_id in managed,
                    "locked": p.user.username in locked,
                }
                for p in people
            ],
            "can_edit": can_edit,
            "can_people": can_people,
            "elevated_roles": [r.label for r in Role if r in ELEVATED_ROLES],
            "ordinary_roles": [r.label for r in Role if r not in ELEVATED_ROLES],
        },
        status=status,
    )


@office_view(Action.MANAGE_PEOPLE)
def revoke_role(request, agency, assignment_id):
    """Taking a role away asks first: the page says whose and which, and takes a reason."""
    assignment = get_object_or_404(
        RoleAssignment.objects.select_related("user", "agency"),
        pk=assignment_id,
        agency__in=_people_units(agency),
    )
    if request.method == "POST":
        try:
            actions.revoke_role(
                actor=request.user,
                assignment=assignment,
                reason=request.POST.get("reason", "")[:500],
            )
        except policy.Denied as exc:
            raise PermissionDenied(str(exc)) from exc
        messages.success(
            request, f"已撤销 {assignment.user} 的{assignment.get_role_display()}角色。"
        )
        return redirect("office:agency")
    return render(request, "office/revoke_role.html", {"agency": agency, "assignment": assignment})


@office_view(Action.MANAGE_PEOPLE)
def person(request, agency, user_id):
    """One colleague's account: reset the password, unlock, deactivate or reactivate."""
    user = get_object_or_404(policy.accounts_managed_by(request.user), pk=user_id)
    step = request.POST.get("step", "") if request.method == "POST" else ""
    # A step that cannot be taken back by the person asks first (no script: the CSP allows none).
    asks = step in CONFIRM and not request.POST.get("confirmed")
    if step not in ACCOUNT_STEPS or asks:
        return render(
            request,
            "office/person.html",
            {
                "agency": agency,
                "person": user,
                "locked": user.username in accounts.locked_usernames([user.username]),
                "roles": RoleAssignment.objects.filter(user=user).select_related("agency"),
                "confirm": {
                    "step": step,
                    "label": ACCOUNT_STEPS[step],
                    "question": CONFIRM[step].format(user=user.username),
                }
                if asks
                else None,
            },
            status=400 if request.method == "POST" and not asks else 200,
        )
    try:
        if step == "reset_password":
            password = accounts.reset_password(actor=request.user, user=user)
            return _handed_over(request, agency, user, password, "已重置密码")
        if step == "unlock":
            accounts.unlock(actor=request.user, user=user)
            messages.success(request, f"已解除 {user} 的登录锁定。")
        else:
            accounts.set_active(actor=request.user, user=user, active=step == "activate")
            messages.success(request, f"已{ACCOUNT_STEPS[step]}：{user}。")
    except policy.Denied as exc:
        raise PermissionDenied(str(exc)) from exc
    return redirect("office:person", user_id=user.pk)


@login_required
def own_password(request):
    """Anyone signed in changes their own password (after a temporary one, say): Django's form
    checks the old one and the new one's strength; the change is the named action."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        accounts.set_password(
            actor=request.user, user=request.user, password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(request, request.user)
        messages.success(request, "密码已修改。")
        return redirect("office:dashboard")
    return render(request, "office/own_password.html", {"form": form})

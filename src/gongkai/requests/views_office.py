from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.audit.log import entries_for
from gongkai.catalog.models import Record
from gongkai.office import downloads
from gongkai.office.views import office_view
from gongkai.organisations import policy
from gongkai.organisations.roles import Action
from gongkai.web import params

from . import actions, letters
from .actions import proactive
from .actions import transfer as transfer_action
from .actions.tracking import reissue_tracking_code
from .actions.transfer import transfer_targets
from .clock_service import clock_state
from .domain.clock import DEFAULT_POLICY
from .domain.fees import fee_month, nth_in_month, per_request_fee
from .domain.outcomes import OUTCOMES, may_become_proactive
from .domain.personal_data import mask_found
from .domain.workflow import Event, State, allowed_events
from .forms import DeliveryForm, StaffIntakeForm, TransferForm, TransitionForm
from .models import InfoRequest, ReceiveMethod
from .presentation import applicant_view, history_label, may_see_personal_data, shown_text
from .triage_service import suggestions_for
from .views_queue import visible_requests


def nth_request_in_month(req: InfoRequest) -> int:
    """Which request of its applicant this is in its calendar month (``fees.nth_in_month``)."""
    day = req.received_on or req.submitted_at.date()
    if not req.applicant_key:
        return 1
    same_month = InfoRequest.objects.filter(
        agency=req.agency, applicant_key=req.applicant_key, received_on__range=fee_month(day)
    ).values_list("received_on", "pk")
    return nth_in_month((day, req.pk), same_month)


def related_links(suggestion) -> list[tuple[str, str]]:
    """(text, url) for what a suggestion points at: catalog records or earlier requests."""
    ids = [i for i in suggestion.related_ids if isinstance(i, int)]
    if suggestion.kind == "already_published":
        return [
            (r.live.data["title"], reverse("catalog_portal:record", args=[r.pk]))
            for r in Record.objects.filter(pk__in=ids, live__isnull=False).select_related("live")
        ]
    return [
        (r.number, reverse("requests_office:detail", args=[r.pk]))
        for r in InfoRequest.objects.filter(pk__in=ids).only("pk", "number")
    ]


@office_view(Action.REQUEST_HANDLE)
def intake(request, agency):
    today = timezone.localdate()
    form = StaffIntakeForm(request.POST or None, request.FILES or None, today=today)
    if request.method == "POST" and form.is_valid():
        data = form.request_data() | {"channel": form.cleaned_data["channel"]}
        req, code = actions.register(
            actor=request.user,
            agency=agency,
            data=data,
            received_on=form.cleaned_data["received_on"],
            attachments=form.cleaned_data["attachments"],
        )
        messages.success(
            request,
            f"已登记申请 {req.number}。请将查询码 {code} 告知申请人（仅显示这一次）。",
        )
        return redirect("requests_office:detail", pk=req.pk)
    return render(request, "requests/intake.html", {"agency": agency, "form": form})


@office_view(Action.REQUEST_VIEW)
def detail(request, agency, pk):
    req = get_object_or_404(visible_requests(request.user), pk=pk)
    today = timezone.localdate()
    personal = may_see_personal_data(request.user, req.agency)
    clock = clock_state(req, today=today)
    can_handle = policy.can(request.user, Action.REQUEST_HANDLE, req.agency)
    steps = [
        event
        for event in allowed_events(State(req.state))
        if policy.can(request.user, actions.required_action(event), req.agency)
    ]
    step_forms = []
    for event in steps:
        if event.info.names_agency:
            form = TransferForm(
                initial={"version": req.version, "on": today},
                targets=transfer_targets(req),
                auto_id=f"id_{event.value}_%s",
            )
            step_forms.append({"event": event, "form": form})
            continue
        form = TransitionForm(
            initial={
                "event": event.value,
                "version": req.version,
                "on": today,
                "working_days": DEFAULT_POLICY.default_period(event),
            },
            auto_id=f"id_{event.value}_%s",
        )
        if event.info.needs_reason:
            form.fields["note"].label = "原因（必填）"
        step_forms.append({"event": event, "form": form})
    suggestions = []
    if req.is_open and can_handle:
        suggestions = [
            {"s": s, "links": related_links(s)} for s in suggestions_for(req, today=today)
        ]
    can_make_proactive = may_become_proactive(
        closed=req.state == State.CLOSED, outcome=req.outcome
    ) and policy.can(request.user, Action.CATALOG_DRAFT, req.agency)
    fee_quote = None
    if Event.ISSUE_FEE_NOTICE in steps:
        fee_quote = per_request_fee(nth_request_in_month(req))
    return render(
        request,
        "requests/detail.html",
        {
            "agency": agency,
            "req": req,
            "applicant": applicant_view(req, personal=personal),
            "clock": clock,
            "steps": step_forms,
            "suggestions": suggestions,
            "fee_quote": fee_quote,
            # The dashboard's 同意/不同意 links open that step's form.
            "open_step": params.choice(request.GET, "step", [e.value for e in steps]),
            "releases": req.releases.all() if personal else [],
            "can_release": can_handle and req.is_open,
            "can_reissue_code": can_handle,
            "can_make_proactive": can_make_proactive,
            # Said before the draft exists: what of the description will not go into it.
            "proactive_warning": proactive.proposed_title(req).warning
            if can_make_proactive
            else "",
            "delivery_label": dict(ReceiveMethod.choices).get(
                getattr(getattr(req, "reply", None), "delivery_method", ""), ""
            ),
            "delivery_form": DeliveryForm(
                initial={"method": req.receive_method, "on": today}, auto_id="id_delivery_%s"
            )
            if can_handle and hasattr(req, "reply")
            else None,
            "outcome_label": OUTCOMES[req.outcome].label if req.outcome in OUTCOMES else "",
            "history": [
                {
                    "entry": e,
                    "label": history_label(e),
                    "note": shown_text(e.note, personal=personal, names=(req.applicant_name,)),
                }
                for e in entries_for(req).order_by("seq")
            ]
            if personal or can_handle
            else [],
            "clock_entries": req.clock.all(),
            "transfers": [
                {
                    "t": t,
                    "reason": shown_text(t.reason, personal=personal, names=(req.applicant_name,)),
                }
                for t in req.transfers.select_related("from_agency", "to_agency")
            ],
            "earlier_replies": [
                {
                    "reply": e,
                    "outcome": OUTCOMES[e.outcome].label if e.outcome in OUTCOMES else e.outcome,
                    "delivery": dict(ReceiveMethod.choices).get(e.delivery_method, ""),
                    "reason": e.reason if personal else mask_found(e.reason),
                }
                for e in req.earlier_replies.select_related("superseded_by")
            ],
            "attachments": req.attachments.filter(correction__isnull=True) if personal else [],
            # What the applicant sent in answer to the correction notice: personal data too.
            "corrections": req.corrections.prefetch_related("attachments") if personal else [],
            "released_count": sum(1 for r in req.releases.all() if r.redacted),
            "letter_templates": letters.default_bodies(req, today=today)
            if Event.REPLY in steps
            else {},
        },
    )


@office_view(Action.REQUEST_HANDLE, Action.REQUEST_APPROVE_EXTENSION, Action.REQUEST_REOPEN)
def step(request, agency, pk):
    # Looked up first: a request one may not see is not there, whatever the method.
    req = get_object_or_404(visible_requests(request.user), pk=pk)
    if request.method != "POST":
        return redirect("requests_office:detail", pk=pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(
                    request, f"{form.fields[field].label if field in form.fields else ''}：{error}"
                )
        return redirect("requests_office:detail", pk=pk)
    data = form.cleaned_data
    try:
        actions.transition(
            actor=request.user,
            info_request=req,
            event=data["event"],
            on=data["on"],
            expected_version=data["version"],
            note=data["note"],
            working_days=data.get("working_days"),
            outcome=data.get("outcome") or None,
            reply_body=data.get("reply_body") or "",
            confirm_without_release=bool(data.get("confirm_without_release")),
        )
    except (actions.StaleEdit, actions.InvalidStep) as exc:
        messages.error(request, str(exc))
    except policy.Denied as exc:
        raise PermissionDenied(str(exc)) from exc
    else:
        messages.success(request, f"已{Event(data['event']).label}。")
    return redirect("requests_office:detail", pk=pk)


@office_view(Action.REQUEST_HANDLE)
@require_POST
def transfer(request, agency, pk):
    req = get_object_or_404(visible_requests(request.user), pk=pk)
    form = TransferForm(request.POST, targets=transfer_targets(req))
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}：{error}" if label else error)
        return redirect(reverse("requests_office:detail", args=[pk]) + "?step=transfer")
    data = form.cleaned_data
    try:
        moved = transfer_action.transfer(
            actor=request.user,
            info_request=req,
            to_agency=data["to_agency"],
            on=data["on"],
            reason=data["reason"],
            expected_version=data["version"],
        )
    except (actions.StaleEdit, actions.InvalidStep) as exc:
        messages.error(request, str(exc))
        return redirect(reverse("requests_office:detail", args=[pk]) + "?step=transfer")
    except policy.Denied as exc:
        raise PermissionDenied(str(exc)) from exc
    messages.success(
        request,
        f"申请 {moved.number} 已转送{moved.agency.name}办理"
        f"{'，并已通知申请人' if moved.email or moved.phone else ''}。",
    )
    if policy.can(request.user, Action.REQUEST_VIEW, moved.agency):
        return redirect("requests_office:detail", pk=pk)
    return redirect("requests_office:queue")


@office_view(Action.REQUEST_HANDLE)
@require_POST
def delivery(request, agency, pk):
    req = get_object_or_404(visible_requests(request.user), pk=pk)
    form = DeliveryForm(request.POST)
    if form.is_valid():
        try:
            actions.record_delivery(
                actor=request.user,
                info_request=req,
                method=form.cleaned_data["method"],
                on=form.cleaned_data["on"],
            )
        except actions.InvalidStep as exc:
            messages.error(request, str(exc))
        except policy.Denied as exc:
            raise PermissionDenied(str(exc)) from exc
        else:
            messages.success(request, "已登记送达。")
    else:
        messages.error(request, "请选择送达方式并填写送达日期。")
    return redirect("requests_office:detail", pk=pk)


@office_view(Action.REQUEST_HANDLE)
@require_POST
def reissue_code(request, agency, pk):
    req = get_object_or_404(visible_requests(request.user), pk=pk)
    try:
        code = reissue_tracking_code(actor=request.user, info_request=req)
    except policy.Denied as exc:
        raise PermissionDenied(str(exc)) from exc
    sent = "，并已发送到申请人的邮箱" if req.email else ""
    messages.success(
        request,
        f"已为申请 {req.number} 重新发放查询码 {code}（仅显示这一次{sent}）。原查询码已作废。",
    )
    return redirect("requests_office:detail", pk=pk)


@office_view(Action.REQUEST_VIEW)
def letter(request, agency, pk, fmt):
    req = get_object_or_404(visible_requests(request.user), pk=pk)
    # The letter names the applicant, so it is personal data.
    if not may_see_personal_data(request.user, req.agency):
        raise PermissionDenied("告知书含申请人个人信息，只有本机关的办理人员可以下载。")
    if not hasattr(req, "reply"):
        raise PermissionDenied("此申请尚未答复，没有告知书。")
    return letters.download(req, fmt)


@office_view(Action.REQUEST_VIEW)
def attachment(request, agency, pk, aid):
    """A file the applicant sent with the request. What an applicant sends (identity papers, a
    licence, a letter with their address) is their personal data: request.view_personal."""
    req = get_object_or_404(visible_requests(request.user), pk=pk)
    if not may_see_personal_data(request.user, req.agency):
        raise PermissionDenied("申请人提交的附件含个人信息，只有本机关的办理人员可以查看。")
    att = get_object_or_404(req.attachments, pk=aid)
    return downloads.stored_file(
        att.file, filename=att.original_name, content_type=att.content_type
    )


@office_view(Action.REQUEST_VIEW)
def earlier_letter(request, agency, pk, eid, fmt):
    """The letter of a reply a reopening superseded, as it was given."""
    req = get_object_or_404(visible_requests(request.user), pk=pk)
    if not may_see_personal_data(request.user, req.agency):
        raise PermissionDenied("告知书含申请人个人信息，只有本机关的办理人员可以下载。")
    earlier = get_object_or_404(req.earlier_replies, pk=eid, had_letter=True)
    return letters.download(req, fmt, earlier=earlier)


@require_POST
@office_view(Action.CATALOG_DRAFT)
def to_catalog(request, agency):
    """Art. 44 from the catalog's queue (by number) or the request page: a proactive draft."""
    number = request.POST.get("number", "").strip()
    info_request = InfoRequest.objects.filter(agency=agency, number=number).first()
    if info_request is None:
        messages.error(request, f"本机关没有登记编号为 {number} 的申请。")
        return redirect("catalog_office:queue")
    # Known before the draft exists: what of the description is personal data and stays out.
    warning = proactive.proposed_title(info_request).warning
    try:
        record = proactive.record_from_request(actor=request.user, info_request=info_request)
    except actions.InvalidStep as exc:
        messages.error(request, exc.message)
        return redirect("catalog_office:queue")
    messages.success(request, "已生成主动公开草稿，请补充公开目录、正文或附件后提交审查。")
    if warning:
        messages.warning(request, warning)
    return redirect("catalog_office:detail", pk=record.pk)

"""The citizen's side: the online request form and the tracking page. No login.

Every form here answers a successful POST with a redirect (post/redirect/get), so reloading a
page never sends anything again. What the applicant proved — a request submitted in this
browser, or a number with its tracking code — is kept in the session (a list of request ids),
never in the address, so codes do not end up in histories, logs or referrers.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai.organisations.models import Agency

from . import actions, letters, submission_limit
from .actions import correction as correction_actions
from .clock_service import clock_state
from .domain.outcomes import DEFAULT_RELEASE_DAYS, OUTCOMES
from .domain.workflow import Event, State
from .forms import ApplicantForm, CorrectionForm
from .models import InfoRequest, ReceiveMethod

TRACKED = "gongkai_tracked"  # ids of the requests this browser may see
RECEIPTS = "gongkai_receipts"  # number → tracking code, for requests submitted in this browser
SEEN = "gongkai_seen"  # numbers of requests this browser sent again: the receipt, nothing more
KEEP = 20  # the most recent requests remembered per browser


def _remember(request, req: InfoRequest, *, code: str | None = None) -> None:
    tracked = [pk for pk in request.session.get(TRACKED, []) if pk != req.pk]
    request.session[TRACKED] = [*tracked, req.pk][-KEEP:]
    if code is not None:
        receipts = dict(request.session.get(RECEIPTS, {}))
        receipts[req.number] = code
        request.session[RECEIPTS] = dict(list(receipts.items())[-KEEP:])


def _tracked(request, number: str) -> InfoRequest:
    """The request named in the path, if this browser proved it may see it; else 404 (the
    same answer as for a number that does not exist)."""
    req = InfoRequest.objects.select_related("agency").filter(number=number).first()
    if req is None or req.pk not in request.session.get(TRACKED, []):
        raise Http404
    return req


@never_cache
def apply(request, code):
    agency = get_object_or_404(Agency, code=code, is_active=True)
    form = ApplicantForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        # Refused before validation when the allowance is used up; a valid form then takes its
        # place atomically, so parallel posts cannot share the last one. A form sent again
        # (reload, double click) is caught first and costs nothing.
        if submission_limit.exhausted(request):
            return _throttled(request, agency, form)
        if form.is_valid():
            data = form.request_data() | {"channel": "online"}
            earlier = actions.recent_duplicate(agency, data, now=timezone.now())
            if earlier is None and not submission_limit.take(request):
                return _throttled(request, agency, form)
            try:
                if earlier is not None:
                    raise actions.DuplicateSubmission(earlier)
                req, tracking_code = actions.submit_online(
                    agency=agency, data=data, attachments=form.cleaned_data["attachments"]
                )
            except actions.DuplicateSubmission as exc:
                req = exc.earlier
                messages.info(
                    request,
                    f"您在 {timezone.localtime(req.submitted_at):%H:%M} 已提交过内容相同的申请"
                    f"（登记编号 {req.number}），本次未重复登记。下面是那次申请的回执。",
                )
                if req.number not in request.session.get(RECEIPTS, {}):
                    # Sent from another browser: whoever typed the same details sees the
                    # number, but only the tracking code opens the request's pages.
                    seen = [n for n in request.session.get(SEEN, []) if n != req.number]
                    request.session[SEEN] = [*seen, req.number][-KEEP:]
                    return redirect("requests_public:receipt", number=req.number)
            else:
                _remember(request, req, code=tracking_code)
            return redirect("requests_public:receipt", number=req.number)
    return render(request, "requests/apply.html", {"agency": agency, "form": form})


def _throttled(request, agency, form):
    return render(
        request,
        "requests/apply.html",
        {"agency": agency, "form": form, "throttled": True},
        status=429,
    )


@never_cache
def receipt(request, number):
    """The receipt of a request submitted in this browser: number and, when it was made here,
    the tracking code (the only place it is ever shown)."""
    req = InfoRequest.objects.select_related("agency").filter(number=number).first()
    tracked = req is not None and req.pk in request.session.get(TRACKED, [])
    if req is None or not (tracked or number in request.session.get(SEEN, [])):
        raise Http404
    return render(
        request,
        "requests/submitted.html",
        {
            "agency": req.agency,
            "req": req,
            "tracking_code": request.session.get(RECEIPTS, {}).get(req.number),
            "tracked": tracked,
        },
    )


@never_cache
def track(request):
    number = (request.POST.get("number") or "").strip()[:40]
    code = (request.POST.get("code") or "").strip()[:40]
    context = {"number": number}
    if request.method == "POST":
        req = InfoRequest.objects.filter(number=number).first()
        if req is None or not actions.verify_tracking_code(req, code):
            context["error"] = "登记编号或查询码不正确，请核对后重新输入（查询码不区分大小写）。"
        else:
            _remember(request, req)
            return redirect("requests_public:track_request", number=req.number)
    return render(request, "requests/track.html", context)


def release_until(req: InfoRequest, reply) -> dt.date:
    days = req.agency.release_download_days or DEFAULT_RELEASE_DAYS
    return reply.replied_on + dt.timedelta(days=days)


def released_files(req: InfoRequest, reply, *, today: dt.date):
    """The redacted copies the applicant may download, and until when; none before a
    disclosing reply, none after the agency's period."""
    if reply is None or reply.outcome not in OUTCOMES:
        return [], None
    if not OUTCOMES[reply.outcome].may_become_proactive:
        return [], None
    until = release_until(req, reply)
    files = [r for r in req.releases.exclude(redacted="")]
    return (files if today <= until else []), until


def _correction_notice(req: InfoRequest, clock) -> dict | None:
    notice = req.clock.filter(kind=Event.REQUEST_CORRECTION.value).last()
    if notice is None:
        return None
    return {
        "on": notice.on,
        "what": notice.note,
        "working_days": notice.working_days,
        "due_on": clock.correction_due_on,
        "article": f"《中华人民共和国政府信息公开条例》{Event.REQUEST_CORRECTION.article}",
    }


def _track_page(request, req: InfoRequest, *, correction_form=None, status=200):
    today = timezone.localdate()
    clock = clock_state(req, today=today)
    reply = getattr(req, "reply", None)
    files, until = released_files(req, reply, today=today)
    awaiting = req.state == State.AWAITING_CORRECTION
    return render(
        request,
        "requests/track.html",
        {
            "req": req,
            "clock": clock,
            "reply": reply,
            "delivery_label": dict(ReceiveMethod.choices).get(
                getattr(reply, "delivery_method", ""), ""
            ),
            "released": files,
            "released_until": until,
            "released_expired": until is not None and today > until,
            "notice": _correction_notice(req, clock),
            "corrections": req.corrections.prefetch_related("attachments"),
            "correction_form": (correction_form or CorrectionForm()) if awaiting else None,
        },
        status=status,
    )


@never_cache
def track_request(request, number):
    try:
        req = _tracked(request, number)
    except Http404:
        messages.info(request, "请输入登记编号和查询码查询。")
        return redirect("requests_public:track")
    return _track_page(request, req)


@never_cache
@require_POST
def track_correction(request, number):
    req = _tracked(request, number)
    form = CorrectionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            correction_actions.submit_correction(
                info_request=req,
                text=form.cleaned_data["text"],
                attachments=form.cleaned_data["attachments"],
            )
        except actions.InvalidStep as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                "补正已提交。答复期限自今天起重新计算（《条例》第三十条），请留意办理进度。",
            )
            return redirect("requests_public:track_request", number=req.number)
    return _track_page(request, req, correction_form=form)


@never_cache
def track_letter(request, number, fmt):
    req = _tracked(request, number)
    if not hasattr(req, "reply"):
        raise Http404
    return letters.download(req, fmt)


@never_cache
def track_file(request, number, rid):
    req = _tracked(request, number)
    files, _ = released_files(req, getattr(req, "reply", None), today=timezone.localdate())
    release = next((r for r in files if r.pk == rid), None)
    if release is None:
        raise Http404
    return FileResponse(
        release.redacted.open("rb"),
        as_attachment=True,
        filename=f"公开版-{release.original_name}",
    )

"""The citizen's side: the online request form and the tracking page. No login."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from gongkai.organisations.models import Agency

from . import actions, letters, submission_limit
from .clock_service import clock_state
from .forms import ApplicantForm
from .models import InfoRequest


@never_cache
def apply(request, code):
    agency = get_object_or_404(Agency, code=code, is_active=True)
    form = ApplicantForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        # Refused before validation when the allowance is used up; a valid form then takes its
        # place atomically, so parallel posts cannot share the last one.
        if submission_limit.exhausted(request) or (
            form.is_valid() and not submission_limit.take(request)
        ):
            return render(
                request,
                "requests/apply.html",
                {"agency": agency, "form": form, "throttled": True},
                status=429,
            )
        if form.is_valid():
            data = form.request_data() | {"channel": "online"}
            req, tracking_code = actions.submit_online(
                agency=agency, data=data, attachments=form.cleaned_data["attachments"]
            )
            return render(
                request,
                "requests/submitted.html",
                {"agency": agency, "req": req, "tracking_code": tracking_code},
            )
    return render(request, "requests/apply.html", {"agency": agency, "form": form})


@never_cache
def track(request):
    number = (request.POST.get("number") or "").strip()
    code = (request.POST.get("code") or "").strip()
    context = {"number": number}
    if request.method == "POST":
        req = InfoRequest.objects.select_related("agency").filter(number=number).first()
        if req is None or not actions.verify_tracking_code(req, code):
            context["error"] = "登记编号或查询码不正确，请核对后重新输入（查询码不区分大小写）。"
        else:
            context.update(
                {
                    "req": req,
                    "clock": clock_state(req, today=timezone.localdate()),
                    "reply": getattr(req, "reply", None),
                    "code": code,
                }
            )
    return render(request, "requests/track.html", context)


@never_cache
def track_letter(request, fmt):

    number = (request.POST.get("number") or "").strip()
    code = (request.POST.get("code") or "").strip()
    req = InfoRequest.objects.filter(number=number).first()
    if request.method != "POST" or req is None or not actions.verify_tracking_code(req, code):
        raise Http404
    if not hasattr(req, "reply"):
        raise Http404
    return letters.download(req, fmt)

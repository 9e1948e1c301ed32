"""事件推送: the operators' page of subscriptions and the delivery log, a failed delivery's
retry, and the subscription form. Payloads hold no personal data, and neither does the log."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render

from gongkai.office.views import office_view
from gongkai.organisations.roles import Action
from gongkai.web import params

from . import actions, signature
from .forms import EditSubscriptionForm, SubscriptionForm
from .models import Attempt, Delivery, DeliveryStatus, Subscription

SHOWN = 50
STEPS = ("save", "deactivate", "test")


def _deliveries(queryset):
    return (
        queryset.select_related("subscription")
        .prefetch_related(Prefetch("tries", queryset=Attempt.objects.order_by("number")))
        .order_by("-created_at", "-pk")[:SHOWN]
    )


def _counts():
    got = dict(Delivery.objects.values_list("status").annotate(n=Count("pk")).order_by())
    return [(value, label, got.get(value, 0)) for value, label in DeliveryStatus.choices]


def _retry(request):
    pk = params.object_id(request.POST, "pk", label="推送编号")
    try:
        row = actions.retry_delivery(actor=request.user, pk=pk or 0)
    except actions.Denied as exc:
        raise PermissionDenied(str(exc)) from exc
    except actions.NotRetryable as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已重新排队：{row}。")


@office_view(Action.MANAGE_WEBHOOKS)
def log_page(request, agency):
    if request.method == "POST":
        _retry(request)
        return redirect("webhooks:log")
    status = params.choice(request.GET, "status", DeliveryStatus.values)
    shown = Delivery.objects.filter(status=status) if status else Delivery.objects.all()
    return render(
        request,
        "webhooks/log.html",
        {
            "subscriptions": Subscription.objects.select_related("agency"),
            "deliveries": _deliveries(shown),
            "counts": _counts(),
            "status": status,
            "failed": DeliveryStatus.FAILED,
        },
    )


def _secret_page(request, sub, secret, what):
    return render(
        request,
        "webhooks/secret.html",
        {"subscription": sub, "secret": secret, "what": what, "header": signature.HEADER},
    )


@office_view(Action.MANAGE_WEBHOOKS)
def new_subscription(request, agency):
    form = SubscriptionForm(request.POST or None, initial={"agency": agency})
    if request.method == "POST" and form.is_valid():
        try:
            sub, secret = actions.create_subscription(actor=request.user, wanted=form.wanted())
        except actions.Denied as exc:
            raise PermissionDenied(str(exc)) from exc
        except actions.InvalidSubscription as exc:
            form.add_error(None, str(exc))
        else:
            return _secret_page(request, sub, secret, "已新建订阅")
    return render(request, "webhooks/subscription.html", {"form": form, "subscription": None})


def _step(request, sub):
    step = params.choice(request.POST, "step", STEPS, default="save")
    if step == "deactivate":
        actions.deactivate_subscription(actor=request.user, subscription=sub)
        messages.success(request, f"已停用：{sub.name}。")
    elif step == "test":
        row = actions.send_test(actor=request.user, subscription=sub)
        row.refresh_from_db()
        messages.success(request, f"已发送测试推送（{row}，{row.get_status_display()}）。")
    return redirect("webhooks:subscription", sub.pk)


@office_view(Action.MANAGE_WEBHOOKS)
def subscription_page(request, agency, pk):
    sub = get_object_or_404(Subscription.objects.select_related("agency"), pk=pk)
    initial = {
        "name": sub.name,
        "url": sub.url,
        "events": sub.events,
        "agency": sub.agency,
        "subtree": sub.subtree,
        "is_active": sub.is_active,
    }
    form = EditSubscriptionForm(initial=initial)
    if request.method == "POST":
        try:
            if params.choice(request.POST, "step", STEPS, default="save") != "save":
                return _step(request, sub)
            form = EditSubscriptionForm(request.POST, initial=initial)
            if form.is_valid():
                sub, secret = actions.update_subscription(
                    actor=request.user,
                    subscription=sub,
                    wanted=form.wanted(),
                    is_active=form.cleaned_data["is_active"],
                    new_secret=form.cleaned_data["new_secret"],
                )
                if secret:
                    return _secret_page(request, sub, secret, "已更换签名密钥")
                messages.success(request, f"已保存：{sub.name}。")
                return redirect("webhooks:subscription", sub.pk)
        except actions.Denied as exc:
            raise PermissionDenied(str(exc)) from exc
        except actions.InvalidSubscription as exc:
            if form.is_bound:
                form.add_error(None, str(exc))
            else:
                messages.error(request, str(exc))
                return redirect("webhooks:subscription", sub.pk)
    return render(
        request,
        "webhooks/subscription.html",
        {
            "form": form,
            "subscription": sub,
            "deliveries": _deliveries(sub.deliveries.all()),
            "failed": DeliveryStatus.FAILED,
        },
    )

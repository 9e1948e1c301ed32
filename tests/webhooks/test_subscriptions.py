"""Subscriptions are named actions of operators (audited, the secret never in the audit log),
refuse receivers that would forge requests inside the server's network, and the 事件推送 page
lists them with the delivery log."""

from __future__ import annotations

import hashlib
import hmac
import json
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from gongkai.audit.models import AuditEntry
from gongkai.webhooks import actions, signature, targets
from gongkai.webhooks.events import Event
from gongkai.webhooks.models import Delivery, Subscription

pytestmark = pytest.mark.django_db


def _settings(tree, **kw):
    values = {
        "name": "一网通办",
        "url": "http://127.0.0.1:8999/hook",
        "events": [Event.REPLIED.value],
        "agency": tree["county"],
    } | kw
    return actions.Settings(**values)


def test_only_operators_manage_subscriptions_and_every_change_is_audited(tree):
    for person in ("clerk", "head"):
        with pytest.raises(actions.Denied):
            actions.create_subscription(actor=tree[person], wanted=_settings(tree))
    sub, secret = actions.create_subscription(actor=tree["operator"], wanted=_settings(tree))
    assert sub.secret == secret and len(secret) >= 40
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM webhooks_subscription")
        [(stored,)] = cursor.fetchall()
    assert secret not in stored and stored.startswith("gk1:")  # encrypted at rest (fieldcrypt)
    sub, new = actions.update_subscription(
        actor=tree["operator"],
        subscription=sub,
        wanted=_settings(tree, events=[Event.CLOSED.value, Event.REPLIED.value]),
        is_active=True,
        new_secret=True,
    )
    assert new and new != secret and Subscription.objects.get().secret == new
    assert sub.events == ["request.replied", "request.closed"]  # the list's order
    actions.deactivate_subscription(actor=tree["operator"], subscription=sub)
    entries = AuditEntry.objects.filter(action__startswith="webhook.").order_by("seq")
    assert [e.action for e in entries] == ["webhook.create", "webhook.update", "webhook.deactivate"]
    written = json.dumps([[e.changes, e.note] for e in entries], ensure_ascii=False)
    assert secret not in written and new not in written
    assert entries[1].note == "更换了签名密钥"
    assert entries[0].agency_id == tree["county"].pk


@pytest.mark.parametrize(
    ("url", "hosts", "says"),
    [
        ("ftp://127.0.0.1/x", [], "http://"),
        ("http:///nohost", [], "http://"),
        ("https://user:secret@127.0.0.1/x", ["127.0.0.1"], "用户名或密码"),
        ("http://169.254.169.254/latest/meta-data/", [], "链路本地"),
        ("http://127.0.0.1:6379/", [], "本机"),
        ("http://[::1]/x", [], "本机"),
        ("http://127.0.0.1/x", ["10.0.0.0/8"], "GONGKAI_WEBHOOK_HOSTS"),
        ("http://10.1.2.3/x", ["10.1.0.0/16", "hooks.example.gov.cn"], None),
        ("http://10.1.2.3/x", [], None),  # an intranet receiver, no list needed
        ("http://127.0.0.1:8999/x", ["127.0.0.1"], None),
    ],
)
def test_receivers_inside_the_server_are_refused_unless_listed(url, hosts, says):
    problem = targets.refusal(url, allowed=hosts)
    assert problem is None if says is None else says in problem


def test_a_name_is_checked_by_every_address_it_resolves_to():
    both = lambda host, port: ["10.1.2.3", "127.0.0.1"]  # noqa: E731
    assert "本机" in targets.refusal("http://hooks.example.gov.cn/x", allowed=[], resolver=both)
    listed = ["hooks.example.gov.cn"]
    assert targets.refusal("http://hooks.example.gov.cn/x", allowed=listed, resolver=both) is None
    nowhere = lambda host, port: []  # noqa: E731
    assert "无法解析" in targets.refusal("http://x.invalid/", allowed=[], resolver=nowhere)


def test_a_bad_subscription_is_refused_with_a_chinese_message(tree, settings):
    settings.GONGKAI_WEBHOOK_HOSTS = []
    refused = [
        (_settings(tree, url="http://127.0.0.1/x"), "本机"),
        (_settings(tree, url="http://10.1.2.3/x", events=[]), "至少选择"),
        (_settings(tree, url="http://10.1.2.3/x", events=["request.deleted"]), "不认识"),
        (_settings(tree, url="http://10.1.2.3/x", name="  "), "名称"),
    ]
    for wanted, says in refused:
        with pytest.raises(actions.InvalidSubscription, match=says):
            actions.create_subscription(actor=tree["operator"], wanted=wanted)
    assert not Subscription.objects.exists()


def test_the_signature_is_what_the_documentation_says():
    body = b'{"event":"request.received"}'
    header = signature.sign("s3cret", 1_700_000_000, body)
    expected = hmac.new(b"s3cret", b"1700000000." + body, hashlib.sha256).hexdigest()
    assert header == f"t=1700000000,v1={expected}"
    assert signature.verify("s3cret", header, body, now=1_700_000_100)
    assert not signature.verify("s3cret", header, body, now=1_700_000_000 + 301)  # replayed late
    assert not signature.verify("s3cret", "t=x,v1=y", body, now=1_700_000_000)
    assert not signature.verify("s3cret", "", body, now=1_700_000_000)


def test_the_page_lists_subscriptions_and_the_log_and_refuses_casework_roles(
    tree, register, subscribe, login, django_capture_on_commit_callbacks
):
    sub, secret = subscribe(events=[Event.RECEIVED])
    with django_capture_on_commit_callbacks(execute=True):
        req = register()
    operator = login(Client(), tree["operator"])
    page = operator.get(reverse("webhooks:log"))
    text = page.content.decode()
    assert page.status_code == 200 and "12345 热线" in text and req.number in text
    assert "已送达" in text and "收到申请" in text and secret not in text
    assert "张三丰" not in text
    detail = operator.get(reverse("webhooks:subscription", args=[sub.pk])).content.decode()
    assert req.number in detail and secret not in detail
    for person in ("clerk", "head"):
        assert login(Client(), tree[person]).get(reverse("webhooks:log")).status_code == 403


def test_creating_through_the_form_shows_the_secret_once(tree, login, receiver):
    operator = login(Client(), tree["operator"])
    form = {
        "name": "12345 热线",
        "url": receiver.url,
        "events": ["request.received", "request.replied"],
        "agency": tree["city"].pk,
        "subtree": "on",
    }
    shown = operator.post(reverse("webhooks:new"), form)
    sub = Subscription.objects.get()
    assert shown.status_code == 200 and sub.secret in shown.content.decode()
    assert sub.events == ["request.received", "request.replied"] and sub.subtree
    assert sub.secret not in operator.get(reverse("webhooks:log")).content.decode()
    bad = operator.post(reverse("webhooks:new"), form | {"url": "gopher://x"})
    assert bad.status_code == 200 and "http://" in bad.content.decode()
    assert Subscription.objects.count() == 1


def test_a_test_delivery_is_signed_like_the_others(
    tree, subscribe, receiver, login, django_capture_on_commit_callbacks
):
    sub, secret = subscribe()
    operator = login(Client(), tree["operator"])
    with django_capture_on_commit_callbacks(execute=True):
        answer = operator.post(reverse("webhooks:subscription", args=[sub.pk]), {"step": "test"})
    assert answer.status_code == 302
    [got] = receiver.got
    assert signature.verify(
        secret, got["headers"][signature.HEADER], got["body"], now=int(time.time())
    )
    assert json.loads(got["body"])["event"] == "ping"
    assert Delivery.objects.get().status == "delivered"
    assert AuditEntry.objects.filter(action="webhook.test").count() == 1

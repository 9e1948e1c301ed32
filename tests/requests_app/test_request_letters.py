import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.audit.log import entries_for
from gongkai.organisations.policy import Denied
from gongkai.requests import actions
from gongkai.requests.actions.letter_templates import save_letter_template
from gongkai.requests.domain.workflow import Event
from gongkai.requests.letters import default_body

D = dt.date
REPLIED_ON = D(2025, 10, 20)


def reply(office, req, outcome="disclosed", on=REPLIED_ON):
    return actions.transition(
        actor=office["clerk"], info_request=req, event=Event.REPLY, on=on, outcome=outcome, today=on
    )


@pytest.mark.django_db
def test_delivery_is_recorded_within_its_dates(office, registered):
    req = reply(office, registered())
    with pytest.raises(actions.InvalidStep):
        actions.record_delivery(
            actor=office["clerk"],
            info_request=req,
            method="post",
            on=D(2025, 10, 19),
            today=D(2025, 10, 30),
        )
    with pytest.raises(Denied):
        actions.record_delivery(
            actor=office["supervisor"],
            info_request=req,
            method="post",
            on=D(2025, 10, 22),
            today=D(2025, 10, 30),
        )
    actions.record_delivery(
        actor=office["clerk"],
        info_request=req,
        method="post",
        on=D(2025, 10, 22),
        today=D(2025, 10, 30),
    )
    req.reply.refresh_from_db()
    assert req.reply.delivered_on == D(2025, 10, 22) and req.reply.delivery_method == "post"
    assert entries_for(req).filter(action="request.delivery").exists()


@pytest.mark.django_db
def test_an_agency_template_replaces_the_built_in_wording(office, registered):
    req = registered()
    built_in = default_body(req, "unavailable_not_held", replied_on=D(2025, 10, 20))
    assert "检索" in built_in and "第三十六条" in built_in
    save_letter_template(
        actor=office["head"],
        agency=office["county"],
        outcome="unavailable_not_held",
        body="经本机关档案室检索，未找到您所需的{申请内容}。依据{法律依据}。\n{救济途径}",
    )
    own = default_body(req, "unavailable_not_held", replied_on=D(2025, 10, 20))
    assert own.startswith("经本机关档案室检索") and "2024 年城区道路改造工程" in own
    assert "行政复议" in own
    # Another agency keeps the built-in wording.
    assert default_body(req, "disclosed", replied_on=D(2025, 10, 20)).startswith("本机关于")


@pytest.mark.django_db
def test_template_mistakes_and_permissions(office):
    with pytest.raises(actions.InvalidStep) as exc:
        save_letter_template(
            actor=office["head"], agency=office["county"], outcome="disclosed", body="见{附件名称}"
        )
    assert "{收到日期}" in str(exc.value)
    with pytest.raises(Denied):
        save_letter_template(
            actor=office["clerk"], agency=office["county"], outcome="disclosed", body="x"
        )


@pytest.mark.django_db
def test_template_page_for_heads(office, login):
    head = login(Client(), office["head"])
    page = head.get(reverse("requests_office:letter_templates")).content.decode()
    assert "告知书范本" in page and "本机关不掌握相关政府信息" in page
    response = head.post(
        reverse("requests_office:letter_templates"),
        {"outcome": "disclosed", "body": "现予公开：{申请内容}。{救济途径}"},
    )
    assert response.status_code == 302
    clerk = login(Client(), office["clerk"])
    assert clerk.get(reverse("requests_office:letter_templates")).status_code == 403


@pytest.mark.django_db
def test_the_fee_notice_step_quotes_the_per_request_scale(office, registered, login):
    reqs = [registered(received_on=D(2025, 10, 9)) for _ in range(12)]
    page = login(Client(), office["clerk"]).get(
        reverse("requests_office:detail", args=[reqs[-1].pk])
    )
    text = page.content.decode()
    assert "按件计收参考" in text and "100 元" in text  # the 12th of the month costs 100 元


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body", ["见{申请内容:>20000000}", "{申请内容!r}", "{申请内容.__class__}", "{申请内容[0]}"]
)
def test_a_placeholder_with_a_format_spec_or_more_is_refused_at_save(office, login, body):
    from gongkai.requests.models import LetterTemplate

    with pytest.raises(actions.InvalidStep, match="占位符只写名称"):
        save_letter_template(
            actor=office["head"], agency=office["county"], outcome="disclosed", body=body
        )
    head = login(Client(), office["head"])
    page = head.post(
        reverse("requests_office:letter_templates"),
        {"outcome": "disclosed", "body": body},
        follow=True,
    ).content.decode()
    assert "范本未保存" in page and "占位符只写名称" in page
    assert not LetterTemplate.objects.exists()


@pytest.mark.django_db
def test_a_bad_template_stored_before_the_checks_cannot_blow_up_a_page(office, registered, login):
    from gongkai.requests.models import LetterTemplate

    req = registered()
    LetterTemplate.objects.create(
        agency=office["county"], outcome="disclosed", body="{申请内容:>20000000}{救济途径!r}"
    )
    body = default_body(req, "disclosed", replied_on=REPLIED_ON)
    assert body.startswith("本机关于") and len(body) < 5000  # the built-in wording
    page = login(Client(), office["clerk"]).get(reverse("requests_office:detail", args=[req.pk]))
    assert page.status_code == 200 and len(page.content) < 2_000_000
    templates = login(Client(), office["head"]).get(reverse("requests_office:letter_templates"))
    assert "此范本有误" in templates.content.decode()

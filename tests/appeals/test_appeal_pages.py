import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.appeals import actions
from gongkai.appeals.models import AppealCase


@pytest.fixture
def county_case(office):
    return actions.create_case(
        actor=office["clerk"],
        agency=office["county"],
        kind="reconsideration",
        filed_on=timezone.localdate() - dt.timedelta(days=30),
        body="示范市人民政府",
        today=timezone.localdate(),
    )


def test_handler_registers_and_closes_a_case_from_the_pages(office, client, login, replied_request):
    login(client, office["clerk"])
    today = timezone.localdate()
    req = replied_request(
        received_on=today - dt.timedelta(days=60),
        replied_on=today - dt.timedelta(days=40),
        today=today,
    )
    page = client.get(reverse("appeals:create"))
    assert page.status_code == 200 and "登记复议诉讼案件" in page.content.decode()
    pdf = b"%PDF-1.4\n%%EOF\n"
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("appeals:create"),
        {
            "kind": "reconsideration",
            "number": "",
            "body": "示范市人民政府",
            "filed_on": (today - dt.timedelta(days=20)).isoformat(),
            "request_number": req.number,
            "notes": "",
            "documents": [SimpleUploadedFile("决定书.pdf", pdf, content_type="application/pdf")],
        },
    )
    case = AppealCase.objects.get()
    assert response.status_code == 302 and response.url == reverse("appeals:detail", args=[case.pk])
    assert case.request == req and case.documents.get().content_type == "application/pdf"
    detail = client.get(reverse("appeals:detail", args=[case.pk])).content.decode()
    assert "决定书.pdf" in detail and "登记结案" in detail
    download = client.get(reverse("appeals:document", args=[case.pk, case.documents.get().pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == pdf
    closing = {
        "version": case.version,
        "result": "corrected",
        "closed_on": today.isoformat(),
        "reopen_request": "on",
        "note": "责令重新答复",
    }
    # Reopening the request is the head's decision: the handler is refused, nothing changes.
    response = client.post(reverse("appeals:close", args=[case.pk]), closing)
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.is_pending
    client.logout()
    login(client, office["head"])
    response = client.post(reverse("appeals:close", args=[case.pk]), closing)
    assert response.status_code == 302
    case.refresh_from_db()
    req.refresh_from_db()
    assert case.result == "corrected" and req.state == "processing"
    listing = client.get(reverse("appeals:list")).content.decode()
    assert case.number in listing and "结果纠正" in listing


def test_a_disguised_file_is_refused(office, client, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, office["clerk"])
    response = client.post(
        reverse("appeals:create"),
        {
            "kind": "reconsideration",
            "filed_on": timezone.localdate().isoformat(),
            "documents": [SimpleUploadedFile("判决书.pdf", b"MZ\x90\x00 not a pdf")],
        },
    )
    assert response.status_code == 200 and "格式不受支持" in response.content.decode()
    assert not AppealCase.objects.exists()


def test_another_agencys_handler_sees_nothing_of_the_county(office, client, login, county_case):
    login(client, office["otherclerk"])
    listing = client.get(reverse("appeals:list"))
    assert listing.status_code == 200 and county_case.number not in listing.content.decode()
    for name in ("appeals:detail", "appeals:edit"):
        assert client.get(reverse(name, args=[county_case.pk])).status_code == 404
    response = client.post(
        reverse("appeals:close", args=[county_case.pk]),
        {"version": 1, "result": "upheld", "closed_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 404
    county_case.refresh_from_db()
    assert county_case.is_pending


def test_roles_without_appeal_manage_are_refused(office, client, login, county_case):
    login(client, office["supervisor"])
    assert client.get(reverse("appeals:list")).status_code == 403
    assert client.get(reverse("appeals:create")).status_code == 403
    # The head closes the cases whose decision orders a new reply (request.reopen).
    client.logout()
    login(client, office["head"])
    assert client.get(reverse("appeals:list")).status_code == 200


def test_the_navigation_leads_to_the_appeals_list(office, client, login):
    login(client, office["clerk"])
    page = client.get(reverse("office:dashboard")).content.decode()
    assert reverse("appeals:list") in page

"""Issue 12, personal data in free text: a request's description, a clerk's note and the names of
uploaded files are shown masked to everyone without request.view_personal — on the request's
pages, the dashboard, the figure's record list, the audit log page and the ledger export — and
the Art. 44 conversion keeps them out of the catalog draft it makes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.accounts.system import SYSTEM
from gongkai.audit.models import AuditEntry
from gongkai.catalog.models import Record
from gongkai.cli import main
from gongkai.organisations.actions import assign_role
from gongkai.organisations.roles import Role
from gongkai.requests import actions

pytestmark = pytest.mark.django_db

VALID_ID = "44078419850505077X"  # the applicant of tests/security/conftest.py
PHONE = "13712345678"  # in the description of every request of tests/security/conftest.py
OPEN_ID = "11010519491231002X"
OPEN_PHONE = "13900001111"
FILE = "赵六身份证"
RAW = (VALID_ID, PHONE, OPEN_ID, OPEN_PHONE, FILE)


def _pdf(name):
    upload = SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", "application/pdf")
    upload.sniffed_type = "application/pdf"
    return upload


@pytest.fixture
def open_request(world):
    """An overdue request (so the dashboard lists it) with an attachment whose name says whose
    papers it holds, and personal data in its description."""
    own = world["objects"]["own"]
    req, _ = actions.register(
        actor=world["people"]["clerk"],
        agency=own["agency"],
        received_on=world["today"] - dt.timedelta(days=45),
        today=world["today"],
        data={
            "applicant_type": "natural_person",
            "applicant_name": "赵六",
            "id_type": "resident_id",
            "id_number": OPEN_ID,
            "phone": OPEN_PHONE,
            "description": f"申请人赵六（身份证号：{OPEN_ID}），电话{OPEN_PHONE}。申请公开拆迁补偿方案",
            "provision_form": "electronic",
            "receive_method": "email",
            "channel": "in_person",
        },
        attachments=[_pdf(f"{FILE}.pdf")],
    )
    return req


def _client(person, agency):
    client = Client()
    client.force_login(person)
    session = client.session
    session["office_agency"] = agency.code
    session.save()
    return client


def _pages(world, open_request) -> dict[str, str]:
    own = world["objects"]["own"]
    return {
        "detail": reverse("requests_office:detail", args=[own["request"].pk]),
        "open_detail": reverse("requests_office:detail", args=[open_request.pk]),
        "queue": reverse("requests_office:queue"),
        "closed": reverse("requests_office:queue") + "?show=closed",
        "records": f"{reverse('reports:records')}?year={own['request'].received_on.year}"
        "&cell=requests.received_this_year.total",
        "audit": reverse("office:audit"),
        "dashboard": reverse("office:dashboard"),
    }


def _read(client, url) -> tuple[int, str]:
    response = client.get(url)
    return response.status_code, response.content.decode()


@pytest.mark.parametrize("who", ["supervisor", "publisher", "reviewer", "operator", "admin"])
def test_nobody_without_personal_data_reads_an_identity_number_phone_or_file_name(
    world, open_request, who
):
    own = world["objects"]["own"]
    # The supervisor works from the city for the queue and the request; the figure's records
    # are a unit's, read after switching to it. The others work in the county.
    in_city = _client(world["people"][who], world["city"])
    in_county = _client(world["people"][who], own["agency"])
    shown = {}
    for name, url in _pages(world, open_request).items():
        for where, client in (("city", in_city), ("county", in_county)):
            status, page = _read(client, url)
            assert status in (200, 403, 404), (name, where, status)
            for raw in RAW:
                assert raw not in page, f"{who} reads {raw} on {name} ({where})"
            if status == 200:
                shown[name, where] = page
    if who == "supervisor":
        detail = shown["detail", "city"]
        assert "本人张**，身份证4407**********077X，手机137****5678" in detail
        assert "本人张**，身份证4407**********077X" in shown["closed", "city"]
        assert "1101**********002X" in shown["open_detail", "city"]
        assert (
            "申请人赵*（身份证号：1101**********002X），电话139****1111"
            in (shown["open_detail", "city"])
        )
        assert "1101**********002X" in shown["queue", "city"]
        assert "申请人赵*" in shown["dashboard", "city"]
        assert "4407**********077X" in shown["records", "county"]
    if who in ("admin", "operator"):
        audit = shown["audit", "county"]
        assert "4407**********077X" in audit and "1101**********002X" in audit
        # The applicant's attachment and the clerk's document to release ("公示.png").
        assert "（文件名已隐去）.pdf" in audit and "（文件名已隐去）.png" in audit
        assert "公示.png" not in audit


@pytest.mark.parametrize("who", ["clerk", "head"])
def test_who_may_read_personal_data_still_reads_it(world, open_request, who):
    client = _client(world["people"][who], world["objects"]["own"]["agency"])
    pages = _pages(world, open_request)
    for name in ("detail", "open_detail", "queue", "closed", "records", "dashboard"):
        status, page = _read(client, pages[name])
        assert status == 200, name
    assert VALID_ID in _read(client, pages["detail"])[1]
    assert f"身份证号：{OPEN_ID}" in _read(client, pages["open_detail"])[1]
    assert OPEN_ID in _read(client, pages["queue"])[1]
    assert VALID_ID in _read(client, pages["closed"])[1]
    assert VALID_ID in _read(client, pages["records"])[1]
    # The dashboard cuts the description at 30 characters, inside the identity number.
    assert f"申请人赵六（身份证号：{OPEN_ID[:10]}" in _read(client, pages["dashboard"])[1]
    if who == "head":  # the head reads the agency's audit log, the handler does not
        audit = _read(client, pages["audit"])[1]
        assert OPEN_ID in audit and f"{FILE}.pdf" in audit


def test_the_audit_page_masks_by_the_agency_of_each_entry(world, open_request):
    """The head of the other county reads its own entries in full; the operator, who reads the
    whole chain, reads no county's personal data."""
    river = world["objects"]["other"]["agency"]
    page = _read(_client(world["people"]["river_head"], river), reverse("office:audit"))[1]
    assert VALID_ID in page  # the other county's request has the same applicant
    assert OPEN_ID not in page  # the own county's entries are not the river head's to read
    page = _read(_client(world["people"]["operator"], river), reverse("office:audit"))[1]
    assert VALID_ID not in page and OPEN_ID not in page
    # The log itself keeps what happened: only the page screens it.
    assert any(OPEN_ID in str(e.changes) for e in AuditEntry.objects.all())


def test_the_ledger_exported_for_someone_without_personal_data_is_masked(world, capsys):
    year = str(world["objects"]["own"]["request"].received_on.year)
    args = ["ledger", "export", "requests", "--agency", "demo-county", "--year", year]
    assert main([*args, "--for-user", "supervisor"]) == 0
    masked = capsys.readouterr().out
    assert VALID_ID not in masked and PHONE not in masked and "张小三" not in masked
    assert "4407**********077X" in masked and "张**" in masked
    assert main([*args, "--for-user", "clerk"]) == 0
    assert VALID_ID in capsys.readouterr().out
    assert main([*args, "--for-user", "nobody"]) != 0
    assert "找不到账号 nobody" in capsys.readouterr().err


def test_art_44_keeps_personal_data_out_of_the_draft_and_says_what_it_left_out(world):
    own = world["objects"]["own"]
    clerk = world["people"]["clerk"]
    # Converting needs the catalog's draft permission as well as the request's.
    assign_role(actor=SYSTEM, user=clerk, agency=own["agency"], role=Role.PUBLISHER)
    client = _client(clerk, own["agency"])
    # Before the draft exists, the request's page says what will stay out of it.
    detail = _read(client, reverse("requests_office:detail", args=[own["request"].pk]))[1]
    assert "转为主动公开时，申请内容含有个人信息，未写入草稿" in detail
    assert not Record.objects.filter(source_request_number=own["request"].number).exists()
    response = client.post(
        reverse("requests_office:to_catalog"), {"number": own["request"].number}, follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "申请内容含有个人信息，未写入草稿" in page
    assert "身份证号码（4407**********077X）" in page and "手机号码（137****5678）" in page
    assert VALID_ID not in page and PHONE not in page
    record = Record.objects.get(source_request_number=own["request"].number)
    assert record.title == "申请公开道路改造招标文件"
    flat = str(Record.objects.filter(pk=record.pk).values().get())
    assert VALID_ID not in flat and PHONE not in flat and "张小三" not in flat
    created = AuditEntry.objects.get(action="catalog.create", object_id=str(record.pk))
    assert VALID_ID not in str(created.changes) and PHONE not in str(created.changes)


def test_art_44_with_a_clean_description_warns_of_nothing(world):
    from gongkai.requests.actions.proactive import proposed_title

    req = world["objects"]["own"]["request"]
    req.description = "2024 年城区道路改造工程的招标文件"
    proposal = proposed_title(req)
    assert proposal.text == "2024 年城区道路改造工程的招标文件" and proposal.warning == ""
    req.description = f"身份证{VALID_ID}"
    assert proposed_title(req).text == f"依申请公开的信息（申请 {req.number}）"

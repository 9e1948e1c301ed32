"""A demo-like installation for the permission walk: a city over two counties, each county with
every office role and one of each kind of record, a supervisor in the city, an operator."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongkai.accounts.system import SYSTEM
from gongkai.organisations.actions import assign_role, create_agency
from gongkai.organisations.actions.accounts import create_user
from gongkai.organisations.roles import Role

VALID_ID = "44078419850505077X"
COUNTY_ROLES = {
    "clerk": Role.HANDLER,
    "publisher": Role.PUBLISHER,
    "reviewer": Role.REVIEWER,
    "head": Role.HEAD,
    "admin": Role.ADMIN,
}


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, format="PNG")
    return out.getvalue()


def _upload(name: str, data: bytes, content_type: str):
    upload = SimpleUploadedFile(name, data, content_type)
    upload.sniffed_type = content_type
    return upload


def _request(agency, clerk, head, today):
    from gongkai.requests import actions

    received = today - dt.timedelta(days=20)
    req, _ = actions.register(
        actor=clerk,
        agency=agency,
        received_on=received,
        today=today,
        data={
            "applicant_type": "natural_person",
            "applicant_name": "张小三",
            "id_type": "resident_id",
            "id_number": VALID_ID,
            "phone": "13712345678",
            "email": "zhang@example.com",
            "address": "示范县人民路 8 号",
            "postcode": "529700",
            "description": f"本人张小三，身份证{VALID_ID}，手机13712345678，申请公开道路改造招标文件",
            "provision_form": "electronic",
            "receive_method": "email",
            "channel": "in_person",
        },
        attachments=[_upload("身份证复印件.png", _png(), "image/png")],
    )
    from gongkai.requests.actions.release import add_release_file

    release = add_release_file(
        actor=clerk, info_request=req, upload=_upload("公示.png", _png(), "image/png")
    )
    # Replied, reopened by the head and replied again: one current and one earlier reply.
    for actor, event, days, extra in [
        (clerk, "reply", 5, {"outcome": "disclosed"}),
        (head, "reopen", 6, {"note": "发现答复有误，重新办理"}),
        (clerk, "reply", 7, {"outcome": "disclosed"}),
    ]:
        req = actions.transition(
            actor=actor,
            info_request=req,
            event=event,
            on=received + dt.timedelta(days=days),
            today=today,
            **extra,
        )
    return req, release


def _record(agency, publisher, reviewer):
    from gongkai.catalog import actions
    from gongkai.catalog.models import Category

    actions.ensure_catalog(actor=SYSTEM, agency=agency)
    category = Category.objects.filter(agency=agency).order_by("code").last()
    record = actions.create_draft(
        actor=publisher,
        agency=agency,
        data={
            "title": f"{agency.name}关于印发政务公开工作要点的通知",
            "category": category,
            "doc_type": "notice",
            "body": "<p>现将工作要点印发给你们。</p>",
            "formed_on": timezone.localdate() - dt.timedelta(days=3),
        },
    )
    attachment = actions.add_attachment(
        actor=publisher, record=record, name="要点.png", data=_png()
    )
    actions.submit(actor=publisher, record=record)
    actions.approve(actor=reviewer, record=record, opinion="不涉密，同意公开。")
    record = actions.publish(actor=publisher, record=record)
    return record, attachment, record.reviews.get(), category


def _case(agency, clerk, req, today):
    from gongkai.appeals import actions

    case = actions.create_case(
        actor=clerk,
        agency=agency,
        kind="reconsideration",
        filed_on=today - dt.timedelta(days=10),
        today=today,
        request=req,
        body="示范市人民政府",
        documents=[_upload("复议申请书.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")],
    )
    return case, case.documents.get()


def _report(agency, head, today):
    from gongkai.reports.builder import build_report
    from gongkai.reports.models import PublishedReport, Source

    report = build_report(agency, today.year, today=today)
    return PublishedReport.objects.create(
        agency=agency,
        unit_name=agency.name,
        within=agency.parent,
        year=today.year,
        template=report.template,
        source=Source.PLATFORM,
        file_hash=f"walk-{agency.code}",
        data=report.to_dict(),
        submitted_at=timezone.now(),
        submitted_by=head,
    )


@pytest.fixture
def world(db, password):
    """``people``: every actor by name (None for anonymous); ``objects``: for "own" (the demo
    county) and "other" (the second county), one object of each kind."""
    today = timezone.localdate()
    city = create_agency(
        actor=SYSTEM, code="demo-city", name="示范市人民政府", level="city", kind="government"
    )
    counties = {
        "own": create_agency(
            actor=SYSTEM,
            code="demo-county",
            name="示范县人民政府",
            level="county",
            kind="government",
            parent=city,
        ),
        "other": create_agency(
            actor=SYSTEM,
            code="demo-river",
            name="清河县人民政府",
            level="county",
            kind="government",
            parent=city,
        ),
    }
    people: dict = {"anonymous": None}
    prefixes = {"own": "", "other": "river_"}
    staff = {}
    for side, county in counties.items():
        for name, role in COUNTY_ROLES.items():
            user = create_user(actor=SYSTEM, username=prefixes[side] + name, password=password)
            assign_role(actor=SYSTEM, user=user, agency=county, role=role)
            people[prefixes[side] + name] = user
            staff[side, name] = user
    people["supervisor"] = create_user(actor=SYSTEM, username="supervisor", password=password)
    assign_role(actor=SYSTEM, user=people["supervisor"], agency=city, role=Role.SUPERVISOR)
    people["operator"] = create_user(
        actor=SYSTEM, username="operator", password=password, is_superuser=True
    )
    objects = {}
    for side, county in counties.items():
        clerk, head = staff[side, "clerk"], staff[side, "head"]
        req, release = _request(county, clerk, head, today)
        record, attachment, review, category = _record(
            county, staff[side, "publisher"], staff[side, "reviewer"]
        )
        case, document = _case(county, clerk, req, today)
        objects[side] = {
            "agency": county,
            "request": req,
            "request_attachment": req.attachments.get(),
            "release": release,
            "earlier": req.earlier_replies.get(),
            "record": record,
            "attachment": attachment,
            "review": review,
            "category": category,
            "case": case,
            "document": document,
            "report": _report(county, head, today),
            "assignment": staff[side, "publisher"].role_assignments.get(),
            "person": staff[side, "publisher"],
        }
    return {"city": city, "people": people, "objects": objects, "today": today}


@pytest.fixture
def county(db, password):
    """One county under a city, with a handler, publisher, reviewer and the city's supervisor."""
    city = create_agency(
        actor=SYSTEM, code="city", name="示范市人民政府", level="city", kind="government"
    )
    county = create_agency(
        actor=SYSTEM,
        code="county",
        name="示范县人民政府",
        level="county",
        kind="government",
        parent=city,
    )
    people = {"city": city, "county": county}
    for username, role, agency in [
        ("clerk", Role.HANDLER, county),
        ("publisher", Role.PUBLISHER, county),
        ("reviewer", Role.REVIEWER, county),
        ("supervisor", Role.SUPERVISOR, city),
    ]:
        user = create_user(actor=SYSTEM, username=username, password=password)
        assign_role(actor=SYSTEM, user=user, agency=agency, role=role)
        people[username] = user
    return people


@pytest.fixture
def applicant():
    """A request's applicant fields as the clerk registers them, with overrides."""
    return lambda **overrides: (
        {
            "applicant_type": "natural_person",
            "applicant_name": "张三",
            "id_type": "resident_id",
            "id_number": VALID_ID,
            "phone": "13812345678",
            "email": "a@example.com",
            "address": "示范县人民路 8 号",
            "postcode": "529700",
            "description": "道路改造招标文件",
            "provision_form": "electronic",
            "receive_method": "email",
            "channel": "in_person",
        }
        | overrides
    )

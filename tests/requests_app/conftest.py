import datetime as dt

import pytest

from gongkai.accounts.system import SYSTEM
from gongkai.organisations.actions import assign_role, create_agency
from gongkai.organisations.actions.accounts import create_user
from gongkai.organisations.roles import Role

VALID_ID = "11010519491231002X"


@pytest.fixture
def office(db, password):
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
    other = create_agency(
        actor=SYSTEM,
        code="other",
        name="清河县人民政府",
        level="county",
        kind="government",
        parent=city,
    )
    people = {}
    for username, role, agency in [
        ("clerk", Role.HANDLER, county),
        ("head", Role.HEAD, county),
        ("supervisor", Role.SUPERVISOR, city),
        ("otherclerk", Role.HANDLER, other),
    ]:
        user = create_user(actor=SYSTEM, username=username, password=password)
        assign_role(actor=SYSTEM, user=user, agency=agency, role=role)
        people[username] = user
    return {"city": city, "county": county, "other": other, **people}


def applicant(**overrides):
    data = {
        "applicant_type": "natural_person",
        "applicant_name": "张三",
        "organisation_name": "",
        "id_type": "resident_id",
        "id_number": VALID_ID,
        "phone": "13812345678",
        "email": "zhangsan@example.com",
        "address": "示范县人民路 8 号",
        "postcode": "529700",
        "description": "2024 年城区道路改造工程的招标文件",
        "document_number": "",
        "provision_form": "electronic",
        "receive_method": "email",
        "channel": "in_person",
    }
    data.update(overrides)
    return data


@pytest.fixture
def applicant_data():
    return applicant


@pytest.fixture
def registered(office):
    from gongkai.requests import actions

    def make(received_on=dt.date(2025, 9, 26), **overrides):
        req, code = actions.register(
            actor=office["clerk"],
            agency=office["county"],
            data=applicant(**overrides),
            received_on=received_on,
        )
        return req

    return make


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def pdf_with_personal_data():
    """A one-page PDF naming a person by identity number and mobile number."""
    import io

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.setFont("STSong-Light", 12)
    c.drawString(72, 760, "城区道路改造工程中标结果公示")
    c.drawString(72, 730, f"项目负责人身份证号：{VALID_ID}")
    c.drawString(72, 700, "联系电话：13812345678")
    c.save()
    return out.getvalue()

import datetime as dt

import pytest

from gongkai.accounts.system import SYSTEM
from gongkai.organisations.actions import assign_role, create_agency
from gongkai.organisations.actions.accounts import create_user
from gongkai.organisations.roles import Role

PASSWORD = "correct-horse-battery"
TODAY = dt.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def office(db):
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
        user = create_user(actor=SYSTEM, username=username, password=PASSWORD)
        assign_role(actor=SYSTEM, user=user, agency=agency, role=role)
        people[username] = user
    return {"city": city, "county": county, "other": other, **people}


def applicant(**overrides):
    data = {
        "applicant_type": "natural_person",
        "applicant_name": "张三",
        "organisation_name": "",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13812345678",
        "email": "zhangsan@example.com",
        "address": "示范县人民路 8 号",
        "postcode": "529700",
        "description": "2025 年城区道路改造工程的招标文件",
        "document_number": "",
        "provision_form": "electronic",
        "receive_method": "email",
        "channel": "in_person",
    }
    return data | overrides


@pytest.fixture
def replied_request(office):
    """A request of the county, received and refused (不予公开), the kind that gets appealed."""
    from gongkai.requests import actions

    def make(received_on=dt.date(2025, 3, 3), replied_on=dt.date(2025, 3, 20), today=TODAY):
        req, _ = actions.register(
            actor=office["clerk"],
            agency=office["county"],
            data=applicant(),
            received_on=received_on,
            today=today,
        )
        return actions.transition(
            actor=office["clerk"],
            info_request=req,
            event="reply",
            on=replied_on,
            outcome="withheld_third_party",
            today=today,
        )

    return make


@pytest.fixture
def login():
    from django.urls import reverse

    def do(client, user):
        response = client.post(
            reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
        )
        assert response.status_code == 302
        return client

    return do

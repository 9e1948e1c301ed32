"""Agencies, people and a real HTTP receiver on 127.0.0.1 for the webhook tests."""

import datetime as dt

import pytest

from gongkai.accounts.system import SYSTEM
from gongkai.organisations.actions import assign_role, create_agency
from gongkai.organisations.actions.accounts import create_user
from gongkai.organisations.roles import Role

from .receiver import Receiver

APPLICANT = {
    "applicant_type": "natural_person",
    "applicant_name": "张三丰",
    "organisation_name": "",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "phone": "13812345678",
    "email": "zhangsanfeng@example.com",
    "address": "示范县人民路 8 号",
    "postcode": "529700",
    "description": "请公开 2024 年城区道路改造工程的招标文件（联系人张三丰 13812345678）",
    "document_number": "",
    "provision_form": "electronic",
    "receive_method": "email",
    "channel": "in_person",
}
# What must never leave in a payload: every value the applicant gave that is about them.
PERSONAL = [
    "张三丰",
    "11010519491231002X",
    "13812345678",
    "zhangsanfeng@example.com",
    "人民路",
    "招标文件",
]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _local_receivers(settings):
    """The test receiver listens on this machine, which a subscription may only reach when
    the allow-list names it."""
    settings.GONGKAI_WEBHOOK_HOSTS = ["127.0.0.1"]
    settings.GONGKAI_SITE_URL = "https://gk.example.gov.cn"


@pytest.fixture
def tree(db, password):
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
    far = create_agency(
        actor=SYSTEM, code="far", name="鹤山市人民政府", level="city", kind="government"
    )
    people = {
        "operator": create_user(
            actor=SYSTEM, username="operator", password=password, is_superuser=True
        )
    }
    for username, role, agency in [
        ("clerk", Role.HANDLER, county),
        ("head", Role.HEAD, county),
        ("publisher", Role.PUBLISHER, county),
        ("reviewer", Role.REVIEWER, county),
        ("otherclerk", Role.HANDLER, other),
        ("farclerk", Role.HANDLER, far),
    ]:
        user = create_user(actor=SYSTEM, username=username, password=password, full_name=username)
        assign_role(actor=SYSTEM, user=user, agency=agency, role=role)
        people[username] = user
    return {"city": city, "county": county, "other": other, "far": far, **people}


@pytest.fixture
def register(tree):
    from gongkai.requests import actions

    def make(agency="county", clerk="clerk", received_on=dt.date(2025, 9, 26), **data):
        req, _ = actions.register(
            actor=tree[clerk],
            agency=tree[agency],
            data=APPLICANT | data,
            received_on=received_on,
            today=dt.date(2025, 10, 10),
        )
        return req

    return make


@pytest.fixture
def receiver():
    got = Receiver()
    yield got
    got.close()


@pytest.fixture
def subscribe(tree, receiver):
    from gongkai.webhooks import actions
    from gongkai.webhooks.events import Event

    def make(events=tuple(Event), agency="city", subtree=True, url=None, name="12345 热线"):
        return actions.create_subscription(
            actor=tree["operator"],
            wanted=actions.Settings(
                name=name,
                url=url or receiver.url,
                events=[str(e) for e in events],
                agency=tree[agency],
                subtree=subtree,
            ),
        )

    return make

import datetime as dt

import pytest

from gongkai.accounts.system import SYSTEM
from gongkai.organisations.actions import assign_role, create_agency
from gongkai.organisations.actions.accounts import create_user
from gongkai.organisations.roles import Role


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def office(db, password):
    from gongkai.catalog import actions

    county = create_agency(
        actor=SYSTEM,
        code="county",
        name="示范县人民政府",
        level="county",
        kind="government",
    )
    other = create_agency(
        actor=SYSTEM, code="other", name="清河县人民政府", level="county", kind="government"
    )
    people = {}
    for username, role, agency in [
        ("publisher", Role.PUBLISHER, county),
        ("reviewer", Role.REVIEWER, county),
        ("head", Role.HEAD, county),
        ("clerk", Role.HANDLER, county),
        ("otherpub", Role.PUBLISHER, other),
    ]:
        user = create_user(actor=SYSTEM, username=username, password=password, full_name=username)
        assign_role(actor=SYSTEM, user=user, agency=agency, role=role)
        people[username] = user
    actions.ensure_catalog(actor=SYSTEM, agency=county)
    actions.ensure_catalog(actor=SYSTEM, agency=other)
    actions.set_index_scheme(
        actor=SYSTEM, agency=county, scheme="{org}-{cat}/{year}-{serial:05d}", org_code="01525502"
    )
    return {"county": county, "other": other, **people}


@pytest.fixture
def category(office):
    from gongkai.catalog.models import Category

    return lambda code, agency=None: Category.objects.get(
        agency=agency or office["county"], code=code
    )


@pytest.fixture
def draft(office, category):
    from gongkai.catalog import actions

    def make(title="示范县人民政府关于印发2025年政府信息公开工作要点的通知", **extra):
        data = {
            "title": title,
            "category": category("14"),
            "doc_type": "notice",
            "document_number": "示府办〔2025〕12号",
            "subject_words": "政务公开 工作要点",
            "body": "<p>各乡镇人民政府，县直各单位：现将《2025年政府信息公开工作要点》印发给你们。</p>",
            "formed_on": dt.date.today() - dt.timedelta(days=3),
        } | extra
        return actions.create_draft(actor=office["publisher"], agency=office["county"], data=data)

    return make


@pytest.fixture
def published(office, draft):
    from gongkai.catalog import actions

    def make(**kw):
        record = draft(**kw)
        actions.submit(actor=office["publisher"], record=record)
        actions.approve(actor=office["reviewer"], record=record, opinion="不涉密，同意公开。")
        return actions.publish(actor=office["publisher"], record=record)

    return make

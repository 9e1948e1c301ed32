import pytest

from gongkai.accounts.system import SYSTEM
from gongkai.organisations.actions import assign_role, create_agency
from gongkai.organisations.actions.accounts import create_user
from gongkai.organisations.roles import Role


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def region(db, password):
    city = create_agency(
        actor=SYSTEM, code="yunfu", name="云浮市人民政府", level="city", kind="government"
    )
    office = create_agency(
        actor=SYSTEM,
        code="yunfu-office",
        name="云浮市人民政府办公室",
        level="city",
        kind="department",
        parent=city,
    )
    edu = create_agency(
        actor=SYSTEM,
        code="yunfu-edu",
        name="云浮市教育局",
        level="city",
        kind="department",
        parent=city,
    )
    elsewhere = create_agency(
        actor=SYSTEM, code="heshan", name="鹤山市人民政府", level="county", kind="government"
    )
    people = {}
    for username, role, agency in [
        ("supervisor", Role.SUPERVISOR, city),
        ("clerk", Role.HANDLER, office),
        ("outsider", Role.SUPERVISOR, elsewhere),
    ]:
        user = create_user(actor=SYSTEM, username=username, password=password)
        assign_role(actor=SYSTEM, user=user, agency=agency, role=role)
        people[username] = user
    return {"city": city, "office": office, "edu": edu, "elsewhere": elsewhere, **people}


@pytest.fixture
def fixture_bytes(report_fixtures_dir):
    def read(name):
        return (report_fixtures_dir / name).read_bytes()

    return read


@pytest.fixture
def state_figures():
    """A unit states the figures the platform cannot count: all zero, "nothing happened"."""
    from gongkai.reports.actions.drafts import save_draft
    from gongkai.reports.domain.build import template_for
    from gongkai.reports.domain.drafting import manual_cells

    def state(actor, agency, year, today, narrative=None):
        zeros = {
            p: {"value": 0, "source": "本年无此类事项"} for p in manual_cells(template_for(year))
        }
        return save_draft(
            actor=actor,
            agency=agency,
            year=year,
            today=today,
            manual=zeros,
            narrative=narrative or {},
        )

    return state

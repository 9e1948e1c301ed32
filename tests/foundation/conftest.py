import pytest

from gongkai.accounts.system import SYSTEM
from gongkai.organisations.actions import assign_role, create_agency
from gongkai.organisations.actions.accounts import create_user
from gongkai.organisations.roles import Role


@pytest.fixture
def tree(db):
    """city ─┬─ county ─┬─ county_edu
             │          └─ township
             └─ other_county
    plus an unrelated top-level province agency."""

    def make(code, parent=None, level="county", kind="department"):
        return create_agency(
            actor=SYSTEM, code=code, name=f"{code} 机关", level=level, kind=kind, parent=parent
        )

    city = make("city", level="city", kind="government")
    county = make("county", city, kind="government")
    return {
        "city": city,
        "county": county,
        "county_edu": make("county-edu", county),
        "township": make("township", county, level="township", kind="government"),
        "other_county": make("other-county", city, kind="government"),
        "elsewhere": make("elsewhere", level="province", kind="government"),
    }


@pytest.fixture
def make_user(db, password):
    counter = iter(range(1000))

    def make(role=None, agency=None, *, superuser=False, username=None):
        user = create_user(
            actor=SYSTEM,
            username=username or f"user{next(counter)}",
            password=password,
            is_superuser=superuser,
        )
        if role is not None:
            assign_role(actor=SYSTEM, user=user, agency=agency, role=role)
        return user

    return make


@pytest.fixture
def role_users(tree, make_user):
    """One person per role, each holding it in the county."""
    return {role: make_user(role, tree["county"], username=role.value) for role in Role}

"""An agency's administrator looks after its own people's accounts, and only theirs."""

import itertools

import pytest
from axes.models import AccessAttempt
from django.test import Client

from gongkai.audit.log import entries_for
from gongkai.organisations import policy
from gongkai.organisations.actions import accounts
from gongkai.organisations.roles import Role

pytestmark = pytest.mark.django_db


def test_the_account_predicate_and_its_query_twin_agree(world):
    people = [p for p in world["people"].values() if p is not None]
    for actor, user in itertools.product(people, people):
        allowed = policy.account_refusal(actor, user) is None
        listed = policy.accounts_managed_by(actor).filter(pk=user.pk).exists()
        assert allowed == listed, (actor.username, user.username)


def test_who_looks_after_whose_account(world):
    p = world["people"]
    assert policy.account_refusal(p["admin"], p["clerk"]) is None
    assert policy.account_refusal(p["admin"], p["river_clerk"]) is not None
    assert policy.account_refusal(p["admin"], p["operator"]) is not None
    assert policy.account_refusal(p["admin"], p["admin"]) is not None  # not one's own
    assert policy.account_refusal(p["clerk"], p["publisher"]) is not None
    assert policy.account_refusal(p["operator"], p["river_clerk"]) is None


def test_a_person_with_a_role_elsewhere_needs_that_agency_too(world):
    p = world["people"]
    from gongkai.accounts.system import SYSTEM
    from gongkai.organisations.actions import assign_role

    assign_role(
        actor=SYSTEM,
        user=p["publisher"],
        agency=world["objects"]["other"]["agency"],
        role=Role.PUBLISHER,
    )
    assert "清河县人民政府" in policy.account_refusal(p["admin"], p["publisher"])


def test_add_person_creates_the_account_and_role_with_a_temporary_password(world):
    admin, county = world["people"]["admin"], world["objects"]["own"]["agency"]
    user, password = accounts.add_person(
        actor=admin, agency=county, role=Role.PUBLISHER, username="xiaoli", full_name="李小"
    )
    assert user.check_password(password) and len(password) == 12
    assert policy.roles_in(user, county) == [Role.PUBLISHER]
    assert {e.action for e in entries_for(user)} >= {"user.create"}
    # An elevated role needs the administrator of the agency above: nothing is written.
    with pytest.raises(policy.Denied):
        accounts.add_person(
            actor=admin, agency=county, role=Role.HANDLER, username="xiaowang", full_name="王小"
        )
    from gongkai.accounts.models import User

    assert not User.objects.filter(username="xiaowang").exists()


def test_reset_unlock_deactivate_reactivate_are_audited(world):
    admin, clerk = world["people"]["admin"], world["people"]["clerk"]
    password = accounts.reset_password(actor=admin, user=clerk)
    clerk.refresh_from_db()
    assert clerk.check_password(password)
    AccessAttempt.objects.create(
        username=clerk.username, ip_address="10.0.0.9", user_agent="x", failures_since_start=9
    )
    assert accounts.locked_usernames([clerk.username]) == {clerk.username}
    assert accounts.unlock(actor=admin, user=clerk) == 1
    assert accounts.locked_usernames([clerk.username]) == set()
    accounts.set_active(actor=admin, user=clerk, active=False)
    clerk.refresh_from_db()
    assert not clerk.is_active
    accounts.set_active(actor=admin, user=clerk, active=True)
    actions = [e.action for e in entries_for(clerk).order_by("seq")]
    for action in ("user.reset_password", "user.unlock", "user.deactivate", "user.activate"):
        assert action in actions
    with pytest.raises(policy.Denied):
        accounts.reset_password(actor=admin, user=world["people"]["river_clerk"])


def test_the_pages_ask_before_deactivating_and_show_the_password_once(world):
    admin, clerk = world["people"]["admin"], world["people"]["clerk"]
    client = Client()
    client.force_login(admin)
    page = client.get("/office/agency/").content.decode()
    assert f"/office/agency/people/{clerk.pk}/" in page
    assert f"/office/agency/people/{world['people']['river_clerk'].pk}/" not in page
    asked = client.post(f"/office/agency/people/{clerk.pk}/", {"step": "deactivate"})
    assert "确定停用吗" in asked.content.decode()
    clerk.refresh_from_db()
    assert clerk.is_active
    done = client.post(
        f"/office/agency/people/{clerk.pk}/", {"step": "deactivate", "confirmed": "1"}
    )
    assert done.status_code == 302
    clerk.refresh_from_db()
    assert not clerk.is_active
    other = world["people"]["river_clerk"]
    assert (
        client.post(
            f"/office/agency/people/{other.pk}/", {"step": "deactivate", "confirmed": "1"}
        ).status_code
        == 404
    )
    issued = client.post(
        f"/office/agency/people/{clerk.pk}/", {"step": "reset_password", "confirmed": "1"}
    ).content.decode()
    assert "只显示这一次" in issued
    added = client.post(
        "/office/agency/",
        {
            "form": "person",
            "new-full_name": "赵新",
            "new-username": "zhaoxin",
            "new-unit": "demo-county",
            "new-role": "publisher",
        },
    )
    assert "已建立账号" in added.content.decode()


def test_revoking_a_role_asks_first(world):
    admin = world["people"]["admin"]
    assignment = world["objects"]["own"]["assignment"]
    client = Client()
    client.force_login(admin)
    page = client.get(f"/office/agency/roles/{assignment.pk}/revoke/").content.decode()
    assert "确定撤销" in page
    assert assignment.__class__.objects.filter(pk=assignment.pk).exists()
    assert (
        client.post(f"/office/agency/roles/{assignment.pk}/revoke/", {"reason": "调离"}).status_code
        == 302
    )
    assert not assignment.__class__.objects.filter(pk=assignment.pk).exists()

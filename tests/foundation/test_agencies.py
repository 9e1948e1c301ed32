import pytest
from django.core.exceptions import ValidationError

from gongkai.accounts.system import SYSTEM
from gongkai.organisations import actions, policy
from gongkai.organisations.models import Agency
from gongkai.organisations.roles import Action, Role


@pytest.mark.django_db
def test_subtree_is_one_prefix_query(tree):
    names = set(Agency.objects.subtree_of(tree["county"]).values_list("code", flat=True))
    assert names == {"county", "county-edu", "township"}


@pytest.mark.django_db
def test_moving_a_unit_moves_everything_below_it(tree, make_user):
    supervisor = make_user(Role.SUPERVISOR, tree["other_county"])
    assert not policy.can(supervisor, Action.STATISTICS_VIEW, tree["county_edu"])
    actions.update_agency(actor=SYSTEM, agency=tree["county"], parent=tree["other_county"])
    edu = Agency.objects.get(code="county-edu")
    assert edu.path.startswith(Agency.objects.get(code="other-county").path)
    policy.forget_cached_grants(supervisor)
    assert policy.can(supervisor, Action.STATISTICS_VIEW, edu)


@pytest.mark.django_db
def test_a_unit_cannot_be_placed_under_its_own_descendant(tree):
    with pytest.raises(ValidationError) as exc:
        actions.update_agency(actor=SYSTEM, agency=tree["county"], parent=tree["township"])
    assert "下级" in str(exc.value)


@pytest.mark.django_db
def test_bad_codes_are_refused_with_a_chinese_reason(tree):
    with pytest.raises(ValidationError) as exc:
        actions.create_agency(
            actor=SYSTEM,
            code="Bad Code!",
            name="x",
            level="county",
            kind="department",
            parent=tree["county"],
            org_code="123",
        )
    assert exc.value.message_dict == {
        "code": ["机构简码只能包含小写字母、数字和连字符（2–40 个字符），例如 demo-county。"],
        "org_code": ["机构代码应为 18 位统一社会信用代码或 9 位组织机构代码。"],
    }


@pytest.mark.django_db
def test_an_agency_admin_can_create_units_below_but_not_elsewhere(tree, make_user):
    admin = make_user(Role.ADMIN, tree["county"])
    unit = actions.create_agency(
        actor=admin,
        code="county-new",
        name="新设局",
        level="county",
        kind="department",
        parent=tree["county"],
    )
    assert unit.parent == tree["county"]
    with pytest.raises(policy.Denied):
        actions.create_agency(
            actor=admin,
            code="x-new",
            name="x",
            level="county",
            kind="department",
            parent=tree["other_county"],
        )
    with pytest.raises(policy.Denied):
        actions.create_agency(actor=admin, code="top", name="x", level="city", kind="government")

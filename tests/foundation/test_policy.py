"""The permission matrix: role × relation of the target agency × action."""

import itertools

import pytest

from gongkai.accounts.system import PUBLIC, SYSTEM, PublicActor, ServiceActor, SystemActor
from gongkai.organisations import actions, policy
from gongkai.organisations.models import Agency
from gongkai.organisations.roles import Action, Role

A = Action
# What a holder of each role in the county may do in the county itself ("own"), in a unit
# below it ("below"), in its parent ("above") and in a sibling county ("sibling"). Written out
# by hand from the Regulations' division of work, not derived from the grant table.
EXPECTED = {
    Role.PUBLISHER: {
        "own": {A.VIEW_OFFICE, A.CATALOG_DRAFT, A.CATALOG_PUBLISH, A.REPORT_VIEW},
    },
    Role.REVIEWER: {"own": {A.VIEW_OFFICE, A.CATALOG_REVIEW, A.REPORT_VIEW}},
    Role.HANDLER: {
        "own": {
            A.VIEW_OFFICE,
            A.REQUEST_VIEW,
            A.REQUEST_VIEW_PERSONAL,
            A.REQUEST_HANDLE,
            A.APPEAL_MANAGE,
            A.REPORT_VIEW,
            A.STATISTICS_VIEW,
        },
    },
    Role.HEAD: {
        "own": {
            A.VIEW_OFFICE,
            A.REQUEST_VIEW,
            A.REQUEST_VIEW_PERSONAL,
            A.REQUEST_APPROVE_EXTENSION,
            A.REQUEST_REOPEN,
            A.APPEAL_MANAGE,
            A.EDIT_LETTER_TEMPLATES,
            A.CATALOG_REVIEW,
            A.REPORT_EDIT,
            A.REPORT_VIEW,
            A.STATISTICS_VIEW,
            A.VIEW_AUDIT,
        },
    },
    Role.ADMIN: {
        "own": {
            A.VIEW_OFFICE,
            A.MANAGE_AGENCY,
            A.MANAGE_PEOPLE,
            A.EDIT_LETTER_TEMPLATES,
            A.VIEW_AUDIT,
            A.REPORT_EDIT,
            A.REPORT_VIEW,
            A.REPORT_REVIEW,
            A.STATISTICS_VIEW,
        },
    },
    Role.SUPERVISOR: {
        "own": {A.VIEW_OFFICE, A.REQUEST_VIEW, A.REPORT_VIEW, A.REPORT_REVIEW, A.STATISTICS_VIEW},
        "below": {
            A.VIEW_OFFICE,
            A.REQUEST_VIEW,
            A.REPORT_VIEW,
            A.REPORT_REVIEW,
            A.STATISTICS_VIEW,
        },
    },
}
RELATIONS = {"own": "county", "below": "county_edu", "above": "city", "sibling": "other_county"}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("relation", list(RELATIONS))
def test_matrix(role_users, tree, role, relation):
    user = role_users[role]
    target = tree[RELATIONS[relation]]
    allowed = {a for a in Action if policy.can(user, a, target)}
    assert allowed == EXPECTED[role].get(relation, set())


@pytest.mark.django_db
def test_predicate_and_filter_agree_for_every_user_action_and_agency(role_users, tree, make_user):
    people = [
        *role_users.values(),
        make_user(superuser=True),
        make_user(),  # no roles at all
        make_user(Role.SUPERVISOR, tree["city"]),
        make_user(Role.HANDLER, tree["elsewhere"]),
        SYSTEM,
        PUBLIC,
        None,
        # API tokens: every scope over the county's subtree, and one scope over the city's.
        ServiceActor("令牌", token_id=1, agency_path=tree["county"].path,
                     scopes=frozenset(a.value for a in Action)),
        ServiceActor("令牌", token_id=2, agency_path=tree["city"].path,
                     scopes=frozenset({A.REQUEST_STATUS.value})),
    ]  # fmt: skip
    agencies = list(Agency.objects.all())
    for person, action in itertools.product(people, Action):
        listed = set(policy.agencies_where(person, action))
        for agency in agencies:
            assert policy.can(person, action, agency) == (agency in listed), (
                person,
                action,
                agency,
            )


@pytest.mark.django_db
def test_handler_in_one_agency_cannot_see_another_agencys_requests(tree, make_user):
    handler = make_user(Role.HANDLER, tree["county"])
    assert policy.can(handler, Action.REQUEST_VIEW, tree["county"])
    for other in ("other_county", "county_edu", "city", "elsewhere"):
        assert not policy.can(handler, Action.REQUEST_VIEW, tree[other])
    assert set(policy.agencies_where(handler, Action.REQUEST_VIEW)) == {tree["county"]}


@pytest.mark.django_db
def test_supervisor_sees_statistics_of_the_subtree_but_no_personal_data(tree, make_user):
    supervisor = make_user(Role.SUPERVISOR, tree["city"])
    subtree = {tree[k] for k in ("city", "county", "county_edu", "township", "other_county")}
    assert set(policy.agencies_where(supervisor, Action.STATISTICS_VIEW)) == subtree
    assert not policy.agencies_where(supervisor, Action.REQUEST_VIEW_PERSONAL).exists()
    assert not policy.can(supervisor, Action.STATISTICS_VIEW, tree["elsewhere"])


# The operator runs the installation in every agency alike and does no casework anywhere.
OPERATOR_EVERYWHERE = {
    A.VIEW_OFFICE,
    A.MANAGE_AGENCY,
    A.MANAGE_PEOPLE,
    A.VIEW_AUDIT,
    A.AUDIT_VERIFY,
    A.MANAGE_CALENDAR,
    A.MANAGE_USERS,
    A.MANAGE_AGENCIES,
    A.MANAGE_JOBS,
    A.MANAGE_API_TOKENS,
    A.MANAGE_WEBHOOKS,
}


@pytest.mark.django_db
@pytest.mark.parametrize("relation", list(RELATIONS))
def test_operator_runs_the_installation_but_does_no_casework(tree, make_user, relation):
    operator = make_user(superuser=True)
    allowed = {a for a in Action if policy.can(operator, a, tree[RELATIONS[relation]])}
    assert allowed == OPERATOR_EVERYWHERE
    assert {a for a in Action if policy.platform_can(operator, a)} == OPERATOR_EVERYWHERE


@pytest.mark.django_db
def test_an_operator_holding_a_role_does_that_roles_casework_there_only(tree, make_user):
    operator = make_user(Role.HANDLER, tree["county"], superuser=True)
    assert policy.can(operator, Action.REQUEST_HANDLE, tree["county"])
    assert not policy.can(operator, Action.REQUEST_HANDLE, tree["other_county"])
    assert set(policy.agencies_where(operator, Action.REQUEST_VIEW_PERSONAL)) == {tree["county"]}


@pytest.mark.django_db
def test_platform_actions_belong_to_operators_and_the_system_only(role_users):
    for user in role_users.values():
        assert not any(policy.platform_can(user, a) for a in Action)
    assert all(policy.platform_can(SYSTEM, a) for a in Action)


@pytest.mark.django_db
def test_anonymous_none_and_inactive_users_may_do_nothing(tree, make_user):
    from django.contrib.auth.models import AnonymousUser

    handler = make_user(Role.HANDLER, tree["county"])
    handler.is_active = False
    for person in (None, AnonymousUser(), handler):
        assert not any(policy.can(person, a, tree["county"]) for a in Action)
        assert not policy.agencies_where(person, Action.VIEW_OFFICE).exists()


@pytest.mark.django_db
def test_revoking_a_role_takes_the_access_away(tree, make_user):
    handler = make_user(Role.HANDLER, tree["county"])
    assert policy.can(handler, Action.REQUEST_HANDLE, tree["county"])
    actions.revoke_role(actor=SYSTEM, assignment=handler.role_assignments.get())
    assert not policy.can(handler, Action.REQUEST_HANDLE, tree["county"])


@pytest.mark.django_db
def test_one_person_can_hold_roles_in_several_agencies(tree, make_user):
    person = make_user(Role.HANDLER, tree["county"])
    actions.assign_role(actor=SYSTEM, user=person, agency=tree["other_county"], role=Role.PUBLISHER)
    assert policy.can(person, Action.REQUEST_HANDLE, tree["county"])
    assert policy.can(person, Action.CATALOG_DRAFT, tree["other_county"])
    assert not policy.can(person, Action.REQUEST_HANDLE, tree["other_county"])


@pytest.mark.django_db
def test_actions_check_the_policy(tree, make_user):
    publisher = make_user(Role.PUBLISHER, tree["county"])
    with pytest.raises(policy.Denied):
        actions.update_agency(actor=publisher, agency=tree["county"], phone="123")
    with pytest.raises(policy.Denied):
        actions.assign_role(actor=publisher, user=publisher, agency=tree["county"], role="admin")
    with pytest.raises(policy.Denied):
        actions.update_agency(actor=None, agency=tree["county"], phone="123")


@pytest.mark.django_db
def test_the_public_is_no_system_actor_and_may_do_nothing(tree):
    assert isinstance(PUBLIC, PublicActor) and not isinstance(PUBLIC, SystemActor)
    assert str(PUBLIC) == "公众（网上提交）"
    agencies = list(Agency.objects.all())
    assert not any(policy.can(PUBLIC, a, agency) for a in Action for agency in agencies)
    assert all(policy.can(SYSTEM, a, agency) for a in Action for agency in agencies)
    assert not policy.agencies_where(PUBLIC, Action.REQUEST_VIEW).exists()

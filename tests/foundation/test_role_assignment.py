"""Who may give which role to whom: actor × role given × agency × self/other, through the real
actions (assign_role, revoke_role) and the office agency page."""

import itertools

import pytest
from django.db import transaction

from gongkai.accounts.system import SYSTEM
from gongkai.audit.models import AuditEntry
from gongkai.organisations import actions, policy
from gongkai.organisations.models import RoleAssignment
from gongkai.organisations.roles import ELEVATED_ROLES, Role

# Written out by hand, not derived from the grant table: publisher and reviewer neither see
# personal data nor approve, so their own agency's administrator hands them out.
ORDINARY = {Role.PUBLISHER, Role.REVIEWER}
ELEVATED = set(Role) - ORDINARY

# actor name → (role, agency key) it holds; "operator" holds nothing and is a superuser.
ACTORS = {
    "county_admin": (Role.ADMIN, "county"),
    "city_admin": (Role.ADMIN, "city"),
    "sibling_admin": (Role.ADMIN, "other_county"),
    "county_publisher": (Role.PUBLISHER, "county"),
    "county_reviewer": (Role.REVIEWER, "county"),
    "county_handler": (Role.HANDLER, "county"),
    "county_head": (Role.HEAD, "county"),
    "city_supervisor": (Role.SUPERVISOR, "city"),
    "operator": None,
}
# The agency the role is given in: the county (whose parent is the city) and the city (top).
TARGETS = ("county", "city")


def expected(actor: str, role: Role, target: str, to_self: bool, reason: str) -> bool:
    if to_self:
        return False
    if actor == "operator":
        return role in ORDINARY or bool(reason)
    if role in ORDINARY:
        return (actor, target) in {("county_admin", "county"), ("city_admin", "city")}
    # Elevated: the administrator of the agency directly above, and nobody else.
    return (actor, target) == ("city_admin", "county")


@pytest.fixture
def actors(tree, make_user):
    people = {}
    for name, held in ACTORS.items():
        if held is None:
            people[name] = make_user(superuser=True, username=name)
        else:
            people[name] = make_user(held[0], tree[held[1]], username=name)
    return people


def test_the_grant_table_classes_roles_as_written():
    assert ELEVATED_ROLES == ELEVATED


@pytest.mark.django_db
def test_assignment_matrix(tree, actors, make_user):
    colleague = make_user(username="colleague")
    cases = list(
        itertools.product(ACTORS, Role, TARGETS, (False, True), ("", "人事处通知 2026-17 号"))
    )
    wrong = []
    for actor_name, role, target, to_self, reason in cases:
        actor = actors[actor_name]
        person = actor if to_self else colleague
        agency = tree[target]
        entries_before = AuditEntry.objects.count()
        with transaction.atomic():
            try:
                actions.assign_role(
                    actor=actor, user=person, agency=agency, role=role, reason=reason
                )
                allowed = True
            except policy.Denied as exc:
                allowed = False
                assert str(exc), "a refusal says why"
                # Nothing half-written: no role, no audit row.
                assert not RoleAssignment.objects.filter(
                    user=person, agency=agency, role=role.value
                ).exists() or (to_self and _already_holds(actor_name, role, target))
                assert AuditEntry.objects.count() == entries_before
            else:
                entry = AuditEntry.objects.order_by("-seq").first()
                if entry.action == "role.assign":
                    assert entry.note == reason
            transaction.set_rollback(True)
        policy.forget_cached_grants(person)
        if allowed != expected(actor_name, role, target, to_self, reason):
            wrong.append((actor_name, role.value, target, "self" if to_self else "other", reason))
    assert not wrong, wrong
    assert len(cases) == 432


def _already_holds(actor_name, role, target):
    held = ACTORS[actor_name]
    return held is not None and held == (role, target)


@pytest.mark.django_db
def test_revoking_follows_the_same_rule(tree, actors, make_user):
    handler = make_user(Role.HANDLER, tree["county"], username="h2")
    publisher = make_user(Role.PUBLISHER, tree["county"], username="p2")
    handler_role = handler.role_assignments.get()
    publisher_role = publisher.role_assignments.get()
    # The county's administrator may not take the handler role away (nor give it) …
    with pytest.raises(policy.Denied):
        actions.revoke_role(actor=actors["county_admin"], assignment=handler_role)
    with pytest.raises(policy.Denied):
        actions.revoke_role(actor=actors["operator"], assignment=handler_role)
    # … nor its own; the operator may with a reason, the city's administrator without.
    own = actors["county_admin"].role_assignments.get()
    with pytest.raises(policy.Denied):
        actions.revoke_role(actor=actors["county_admin"], assignment=own)
    actions.revoke_role(actor=actors["county_admin"], assignment=publisher_role)
    actions.revoke_role(actor=actors["operator"], assignment=handler_role, reason="调离")
    entry = AuditEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.note) == ("role.revoke", "调离")
    assert not RoleAssignment.objects.filter(user__in=[handler, publisher]).exists()


@pytest.mark.django_db
def test_the_system_still_seeds_and_the_cli_still_assigns(tree, make_user):
    person = make_user(username="seeded")
    actions.assign_role(actor=SYSTEM, user=person, agency=tree["county"], role=Role.HEAD)
    assert policy.can(person, policy.Action.REQUEST_APPROVE_EXTENSION, tree["county"])


def _sign_in_at(client, login, user, agency):
    login(client, user)
    session = client.session
    session["office_agency"] = agency.code
    session.save()
    return client


@pytest.mark.django_db
def test_an_administrator_cannot_give_itself_personal_data_on_the_office_page(
    client, login, tree, actors
):
    admin = actors["county_admin"]
    _sign_in_at(client, login, admin, tree["county"])
    form = {"form": "role", "username": admin.username, "role": "handler", "unit": "county"}
    response = client.post("/office/agency/", form)
    assert response.status_code == 403
    assert "不能给自己分配" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=admin, role="handler").exists()
    # To a colleague: still an elevated role, so the county's administrator is refused too …
    response = client.post("/office/agency/", form | {"username": "county_publisher"})
    assert response.status_code == 403
    assert "上级机关管理员" in response.content.decode()
    # … while a publisher is its own to give.
    response = client.post(
        "/office/agency/", form | {"username": "county_handler", "role": "publisher"}
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(
        user=actors["county_handler"], agency=tree["county"], role="publisher"
    ).exists()


@pytest.mark.django_db
def test_the_administrator_above_gives_elevated_roles_from_its_own_page(
    client, login, tree, actors
):
    _sign_in_at(client, login, actors["city_admin"], tree["city"])
    page = client.get("/office/agency/").content.decode()
    assert 'value="county"' in page and 'value="other-county"' in page
    response = client.post(
        "/office/agency/",
        {"form": "role", "username": "county_publisher", "role": "handler", "unit": "county"},
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=actors["county_publisher"], role="handler")
    assert assignment.agency == tree["county"]
    # And it may take it back from the same page.
    response = client.post(f"/office/agency/roles/{assignment.pk}/revoke/")
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


@pytest.mark.django_db
def test_the_operator_gives_an_elevated_role_only_with_a_reason(client, login, tree, actors):
    _sign_in_at(client, login, actors["operator"], tree["county"])
    form = {"form": "role", "username": "county_publisher", "role": "head", "unit": "county"}
    response = client.post("/office/agency/", form)
    assert response.status_code == 403
    assert "须填写理由" in response.content.decode()
    response = client.post("/office/agency/", form | {"reason": "县政府办通知：陈某任负责人"})
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(action="role.assign").order_by("-seq").first()
    assert entry.note == "县政府办通知：陈某任负责人"

"""What issue 12 found, one case each: the operator doing casework, the report's record lists
read without the records' permission, and free text shown to people without personal data."""

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.catalog import actions as catalog_actions
from gongkai.organisations import policy
from gongkai.requests import actions as request_actions
from gongkai.requests.actions.letter_templates import save_letter_template
from gongkai.requests.actions.proactive import record_from_request

VALID_ID = "44078419850505077X"  # the applicant of tests/security/conftest.py

pytestmark = pytest.mark.django_db


def _client(person, agency=None):
    client = Client()
    client.force_login(person)
    if agency is not None:
        session = client.session
        session["office_agency"] = agency.code
        session.save()
    return client


def _records_url(year):
    return f"{reverse('reports:records')}?year={year}&cell=requests.received_this_year.total"


def test_the_operator_approves_no_extension_of_an_agency_where_it_has_no_role(world):
    operator = world["people"]["operator"]
    req = world["objects"]["own"]["request"]
    with pytest.raises(policy.Denied):
        request_actions.transition(
            actor=operator, info_request=req, event="approve_extension", on=world["today"]
        )
    client = _client(operator, world["objects"]["own"]["agency"])
    response = client.post(
        reverse("requests_office:step", args=[req.pk]),
        {"event": "approve_extension", "version": req.version, "on": world["today"]},
    )
    assert response.status_code in (403, 404)


def test_the_operator_publishes_no_catalog_record(world):
    operator = world["people"]["operator"]
    record = world["objects"]["own"]["record"]
    record = catalog_actions.revise(actor=world["people"]["publisher"], record=record)
    with pytest.raises(policy.Denied):
        catalog_actions.submit(actor=operator, record=record)
    with pytest.raises(policy.Denied):
        catalog_actions.publish(actor=operator, record=record)


def test_the_operator_sees_no_original_page_of_a_release_nor_an_applicant(world):
    operator = world["people"]["operator"]
    own = world["objects"]["own"]
    client = _client(operator, own["agency"])
    page = reverse("requests_office:release_page", args=[own["request"].pk, own["release"].pk, 1])
    assert client.get(page).status_code in (403, 404)
    assert client.get(reverse("requests_office:detail", args=[own["request"].pk])).status_code in (
        403,
        404,
    )
    # The handler of the agency still does.
    clerk = _client(world["people"]["clerk"])
    assert clerk.get(page).status_code == 200


def test_the_operator_still_runs_the_installation(world):
    operator = world["people"]["operator"]
    client = _client(operator, world["objects"]["own"]["agency"])
    assert client.get(reverse("workdays:calendar")).status_code == 200
    assert client.get(reverse("office:agency")).status_code == 200
    assert client.get(reverse("office:audit")).status_code == 200


@pytest.mark.parametrize("who", ["publisher", "reviewer", "admin"])
def test_reading_the_report_does_not_open_the_request_list(world, who):
    client = _client(world["people"][who])
    response = client.get(_records_url(world["today"].year))
    assert response.status_code == 403
    assert "张小三" not in response.content.decode()
    preview = client.get(f"{reverse('reports:preview')}?year={world['today'].year}")
    assert "cell=requests." not in preview.content.decode()


def test_the_supervisor_reads_the_list_with_free_text_masked(world):
    county = world["objects"]["own"]["agency"]
    client = _client(world["people"]["supervisor"], county)
    # The supervisor works in the city; it may switch to a unit below it.
    client.post(reverse("office:switch"), {"agency": county.code})
    page = client.get(_records_url(world["today"].year)).content.decode()
    assert world["objects"]["own"]["request"].number in page
    assert VALID_ID not in page and "13712345678" not in page
    assert "<td>张**</td>" in page  # the applicant column
    assert "4407**********077X" in page


def test_the_handler_reads_the_list_in_full(world):
    page = _client(world["people"]["clerk"]).get(_records_url(world["today"].year))
    assert page.status_code == 200
    assert "张小三" in page.content.decode()


def test_an_agency_admin_cannot_edit_letter_templates_through_the_extension_grant(world):
    """Letter templates are their own action: the head and the admin edit them, the handler and
    the operator do not."""
    from gongkai.organisations.roles import Action

    county = world["objects"]["own"]["agency"]
    people = world["people"]
    assert policy.can(people["head"], Action.EDIT_LETTER_TEMPLATES, county)
    assert policy.can(people["admin"], Action.EDIT_LETTER_TEMPLATES, county)
    assert not policy.can(people["clerk"], Action.EDIT_LETTER_TEMPLATES, county)
    assert not policy.can(people["operator"], Action.EDIT_LETTER_TEMPLATES, county)
    with pytest.raises(policy.Denied):
        save_letter_template(actor=people["operator"], agency=county, outcome="disclosed", body="x")


def test_a_publisher_cannot_copy_a_request_into_a_catalog_draft(world):
    publisher = world["people"]["publisher"]
    req = world["objects"]["own"]["request"]
    with pytest.raises(policy.Denied):
        record_from_request(actor=publisher, info_request=req)


@pytest.mark.parametrize(
    ("who", "cell", "refused"),
    [
        ("admin", "proactive.normative_documents.in_force", True),
        ("publisher", "proactive.normative_documents.in_force", False),
        ("publisher", "appeals.reconsideration.pending", True),
        ("reviewer", "appeals.reconsideration.pending", True),
        ("head", "appeals.reconsideration.pending", False),  # closes reopening decisions
        ("clerk", "appeals.reconsideration.pending", False),
    ],
)
def test_each_kind_of_record_list_needs_its_own_permission(world, who, cell, refused):
    client = _client(world["people"][who])
    response = client.get(f"{reverse('reports:records')}?year={world['today'].year}&cell={cell}")
    if refused:
        assert response.status_code == 403
    else:
        assert response.status_code in (200, 404)  # 404: the figure counts nothing here

"""一事一审: the reviewer of a version is a second person, neither its drafter nor any editor."""

import pytest

from gongkai.accounts.system import SYSTEM
from gongkai.catalog import actions
from gongkai.organisations.actions import assign_role
from gongkai.organisations.actions.accounts import create_user
from gongkai.organisations.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def publisher_and_reviewer(office, password):
    """One person holding both catalog roles in the county."""
    user = create_user(actor=SYSTEM, username="both", password=password, full_name="两岗一人")
    for role in (Role.PUBLISHER, Role.REVIEWER):
        assign_role(actor=SYSTEM, user=user, agency=office["county"], role=role)
    return user


def test_who_revised_and_edited_a_version_cannot_approve_it(
    office, published, publisher_and_reviewer
):
    both = publisher_and_reviewer
    record = published()  # drafted by "publisher", reviewed by "reviewer"
    record = actions.revise(actor=both, record=record, reason="更正标题")
    actions.update_draft(actor=both, record=record, data={"title": "改写后的标题"})
    record = actions.submit(actor=both, record=record)
    with pytest.raises(actions.InvalidStep, match="一事一审"):
        actions.approve(actor=both, record=record, opinion="同意")
    record.refresh_from_db()
    assert record.state == "submitted"
    assert record.live.data["title"] != "改写后的标题"
    # A second reviewer, who wrote nothing of this version, may.
    record = actions.approve(actor=office["reviewer"], record=record, opinion="不涉密，同意公开。")
    record = actions.publish(actor=both, record=record)
    assert record.live.data["title"] == "改写后的标题"


def test_an_editor_who_only_changed_a_draft_cannot_review_it(office, draft, publisher_and_reviewer):
    record = draft()  # drafted by "publisher"
    actions.update_draft(
        actor=publisher_and_reviewer, record=record, data={"title": "他人修改过的标题"}
    )
    record = actions.submit(actor=office["publisher"], record=record)
    with pytest.raises(actions.InvalidStep, match="一事一审"):
        actions.approve(actor=publisher_and_reviewer, record=record, opinion="同意")


def test_the_drafter_of_an_earlier_version_may_review_a_later_one_written_by_others(
    office, published, publisher_and_reviewer
):
    """The rule is about the version under review: v1's reviewer revises v2, v1's drafter
    (now also a reviewer) did not touch v2 and may clear it."""
    record = published()
    assign_role(actor=SYSTEM, user=office["publisher"], agency=office["county"], role=Role.REVIEWER)
    record = actions.revise(actor=publisher_and_reviewer, record=record, reason="更正文号")
    actions.update_draft(
        actor=publisher_and_reviewer, record=record, data={"document_number": "示府办〔2025〕13号"}
    )
    record = actions.submit(actor=publisher_and_reviewer, record=record)
    from gongkai.organisations.policy import forget_cached_grants

    forget_cached_grants(office["publisher"])
    record = actions.approve(actor=office["publisher"], record=record, opinion="同意")
    assert record.state == "approved"

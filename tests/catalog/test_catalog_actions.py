import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from gongkai.audit.log import entries_for
from gongkai.catalog import actions, search
from gongkai.catalog.models import Record, Review
from gongkai.catalog.stats import regulation_counts

pytestmark = pytest.mark.django_db(transaction=True)


def test_draft_review_publish_with_index_number_and_audit(office, draft):
    record = draft(body='<p>正文</p><script>alert(1)</script><a href="javascript:x">链接</a>')
    assert "<script" not in record.body and "javascript" not in record.body
    actions.submit(actor=office["publisher"], record=record)
    with pytest.raises(PermissionDenied):
        actions.approve(actor=office["publisher"], record=record, opinion="同意")
    with pytest.raises(actions.InvalidStep, match="审查意见"):
        actions.approve(actor=office["reviewer"], record=record, opinion=" ")
    actions.approve(actor=office["reviewer"], record=record, opinion="不涉密，同意公开。")
    record = actions.publish(actor=office["publisher"], record=record)
    year = timezone.localdate().year
    assert record.index_number == f"01525502-14/{year}-00001"
    assert record.is_public and record.live.data["title"] == record.title
    review = Review.objects.get(record=record)
    assert review.reviewer_label and review.opinion == "不涉密，同意公开。"
    assert review.submitted_by_label == "publisher"
    transitions = list(entries_for(record).order_by("seq").values_list("transition", flat=True))
    assert transitions == ["", "submit", "approve", "publish"]
    results = search.search("工作要点", search.Filters())
    assert [r.record.pk for r in results.items] == [record.pk]


def test_illegal_steps_are_refused_with_reasons(office, draft):
    record = draft()
    with pytest.raises(actions.InvalidStep, match="不能“发布”"):
        actions.publish(actor=office["publisher"], record=record)
    with pytest.raises(PermissionDenied):
        actions.submit(actor=office["otherpub"], record=record)
    empty = draft(body="", category=None)
    with pytest.raises(actions.InvalidStep, match="公开目录、正文或附件"):
        actions.submit(actor=office["publisher"], record=empty)


def test_index_numbers_are_never_reused_after_withdrawal(office, published):
    first = published()
    actions.withdraw(actor=office["publisher"], record=first, reason="误发，撤回")
    second = published(title="第二条信息")
    assert second.index_number != first.index_number
    assert second.index_number.endswith("-00002")
    assert search.search("误发 撤回 工作要点", search.Filters()).items == []


def test_revision_keeps_the_published_version_until_approved(office, published):
    record = published()
    record = actions.revise(actor=office["publisher"], record=record, reason="更正文号")
    actions.update_draft(
        actor=office["publisher"],
        record=record,
        data={"title": "更正后的标题", "document_number": "示府办〔2025〕13号"},
    )
    record.refresh_from_db()
    assert record.is_public and record.live.data["title"] != "更正后的标题"
    actions.submit(actor=office["publisher"], record=record)
    actions.approve(actor=office["reviewer"], record=record, opinion="同意")
    record = actions.publish(actor=office["publisher"], record=record)
    assert list(record.versions.values_list("number", flat=True)) == [2, 1]
    assert record.live.data["title"] == "更正后的标题"
    assert record.index_number.endswith("-00001")  # a revision keeps its number


def test_scheduled_publication_is_invisible_until_its_time(office, draft):
    record = draft()
    actions.submit(actor=office["publisher"], record=record)
    actions.approve(actor=office["reviewer"], record=record, opinion="同意")
    later = timezone.now() + dt.timedelta(hours=2)
    actions.publish(actor=office["publisher"], record=record, at=later)
    assert search.search("工作要点", search.Filters()).items == []
    found = search.search("工作要点", search.Filters(), now=later + dt.timedelta(minutes=1))
    assert len(found.items) == 1


def test_the_drafter_cannot_review_their_own_record(office, draft):
    from gongkai.accounts.system import SYSTEM
    from gongkai.organisations.actions import assign_role
    from gongkai.organisations.policy import forget_cached_grants
    from gongkai.organisations.roles import Role

    assign_role(actor=SYSTEM, user=office["publisher"], agency=office["county"], role=Role.REVIEWER)
    forget_cached_grants(office["publisher"])
    record = draft()
    actions.submit(actor=office["publisher"], record=record)
    with pytest.raises(actions.InvalidStep, match="起草人"):
        actions.approve(actor=office["publisher"], record=record, opinion="同意")


def test_late_publication_is_flagged(office, published):
    record = published(formed_on=timezone.localdate() - dt.timedelta(days=60))
    assert record.publish_late
    assert not published(title="及时公开的信息").publish_late


def test_regulation_counts_for_the_annual_report(office, published):
    year = timezone.localdate().year
    published(
        title="规范性文件一",
        category=_cat(office, "2-2"),
        doc_type="normative",
        validity="effective",
    )
    old = published(
        title="规范性文件二",
        category=_cat(office, "2-2"),
        doc_type="normative",
        validity="effective",
        formed_on=dt.date(year - 1, 3, 1),
    )
    actions.change_validity(
        actor=office["publisher"],
        record=old,
        validity="repealed",
        ended_on=timezone.localdate(),
        basis=f"示府规〔{year}〕1号",
    )
    counts = regulation_counts(office["county"], year)
    assert counts["normative_documents"] == {"issued": 1, "abolished": 1, "in_force": 1}
    assert counts["regulations"] == {"issued": 0, "abolished": 0, "in_force": 0}
    assert regulation_counts(office["county"], year - 1)["normative_documents"]["in_force"] == 1


def test_the_annual_report_fills_section_two_from_the_catalog(office, published):
    from gongkai.reports.builder import build_report

    today = timezone.localdate()
    published(
        title="规范性文件一",
        category=_cat(office, "2-2"),
        doc_type="normative",
        validity="effective",
    )
    report = build_report(office["county"], today.year, today=today)
    assert report.proactive["normative_documents"] == {"issued": 1, "abolished": 0, "in_force": 1}
    assert report.proactive["regulations"] == {"issued": 0, "abolished": 0, "in_force": 0}
    old = build_report(office["county"], today.year, template="2019", today=today).proactive
    assert old["normative_documents"] == {"new_made": 1, "new_published": 1, "total_published": 1}


def _cat(office, code):
    from gongkai.catalog.models import Category

    return Category.objects.get(agency=office["county"], code=code)


def test_request_disclosed_becomes_a_proactive_draft_without_personal_data(office):
    from gongkai.accounts.system import SYSTEM
    from gongkai.organisations.actions import assign_role
    from gongkai.requests import actions as request_actions
    from gongkai.requests.actions.proactive import record_from_request

    # Converting copies the request's description: the publisher must also be a handler.
    assign_role(actor=SYSTEM, user=office["publisher"], agency=office["county"], role="handler")
    today = timezone.localdate()
    req, _ = request_actions.register(
        actor=office["clerk"],
        agency=office["county"],
        data={
            "applicant_type": "natural_person",
            "applicant_name": "张三丰",
            "id_type": "resident_id",
            "id_number": "11010519491231002X",
            "phone": "13812345678",
            "email": "zs@example.com",
            "address": "示范县人民路 8 号",
            "description": "2024 年城区道路改造工程的招标文件",
            "channel": "in_person",
        },
        received_on=today,
    )
    with pytest.raises(request_actions.InvalidStep, match="已办结"):
        record_from_request(actor=office["publisher"], info_request=req)
    request_actions.transition(
        actor=office["clerk"],
        info_request=req,
        event="reply",
        on=today,
        outcome="disclosed",
        reply_body="予以公开。",
    )
    req.refresh_from_db()
    record = record_from_request(actor=office["publisher"], info_request=req)
    assert record.title == "2024 年城区道路改造工程的招标文件" and record.state == "draft"
    flat = str(Record.objects.filter(pk=record.pk).values().get())
    for personal in ("张三丰", "13812345678", "11010519491231002X", "zs@example.com", "人民路"):
        assert personal not in flat
    with pytest.raises(actions.InvalidStep, match="不必重复"):
        record_from_request(actor=office["publisher"], info_request=req)

import datetime as dt

from hand_counted_ledgers import EXPECTED_APPEALS_2025, EXPECTED_REQUESTS_2025

from gongkai.annual_report.tables import REQUEST_ROWS
from gongkai.reports.builder import build_report

TODAY = dt.date(2026, 3, 2)


def _nonzero(table):
    return {row: cells for row, cells in table.items() if any(cells.values())}


def test_the_report_matches_the_tables_counted_by_hand(imported):
    report = build_report(imported, 2025, today=TODAY)
    assert report.template == "2021" and report.agency == "示范县人民政府"
    assert report.title == "示范县人民政府2025年政府信息公开工作年度报告"
    assert set(report.requests) == set(REQUEST_ROWS["2021"])
    assert _nonzero(report.requests) == EXPECTED_REQUESTS_2025
    assert report.appeals == EXPECTED_APPEALS_2025
    assert [f for f in report.findings if f.severity != "info"] == []


def test_the_2019_template_folds_the_other_rows_into_one(imported):
    report = build_report(imported, 2025, template="2019", today=TODAY)
    assert "other_unpaid_fee" not in report.requests
    assert report.requests["other"]["social_welfare_org"] == 1
    assert report.requests["results_total"] == EXPECTED_REQUESTS_2025["results_total"]
    assert build_report(imported, 2020, today=TODAY).template == "2019"


def test_the_year_before_sees_what_was_carried(imported):
    report = build_report(imported, 2024, today=TODAY)
    # Received in 2024: R1 (natural), R2 (commercial, replied 2024), R8 (other org).
    assert report.requests["received_this_year"]["total"] == 3
    assert report.requests["partially_disclosed"]["commercial_enterprise"] == 1
    assert (
        report.requests["carried_to_next_year"] == EXPECTED_REQUESTS_2025["carried_from_last_year"]
    )
    # A5 was filed in 2024 and decided in 2025: on 31 December 2024 it was still open.
    assert report.appeals["reconsideration"] == {
        "upheld": 0,
        "corrected": 0,
        "other": 0,
        "pending": 1,
        "total": 1,
    }


def test_a_case_decided_after_the_year_end_is_pending_in_that_years_report(county):
    from gongkai.accounts.system import SYSTEM
    from gongkai.appeals import actions

    case = actions.create_case(
        actor=SYSTEM,
        agency=county,
        kind="litigation_direct",
        filed_on=dt.date(2025, 12, 1),
        today=TODAY,
    )
    actions.close_case(
        actor=SYSTEM, case=case, result="upheld", closed_on=dt.date(2026, 1, 10), today=TODAY
    )
    row_2025 = build_report(county, 2025, today=TODAY).appeals["litigation_direct"]
    assert row_2025 == {"upheld": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1}
    assert build_report(county, 2026, today=TODAY).appeals["litigation_direct"]["total"] == 0


def test_unconfirmed_online_requests_are_not_received_yet(county):
    from django.utils import timezone

    from gongkai.requests import actions

    actions.submit_online(
        agency=county,
        data={
            "applicant_type": "natural_person",
            "applicant_name": "孙八",
            "phone": "13800000000",
            "description": "某文件",
            "channel": "online",
        },
        now=timezone.make_aware(dt.datetime(2025, 5, 6, 10)),
    )
    report = build_report(county, 2025, today=TODAY)
    assert report.requests["received_this_year"]["total"] == 0
    assert report.requests["carried_to_next_year"]["total"] == 0


def test_a_closed_request_without_a_known_outcome_still_balances(imported):
    from gongkai.annual_report.validation import validate
    from gongkai.requests.models import InfoRequest

    InfoRequest.objects.filter(number="county-R4").update(outcome="")
    report = build_report(imported, 2025, today=TODAY)
    assert [f.rule for f in report.findings if f.severity == "warning"] == ["build.unknown_outcome"]
    assert report.requests["other_misc"]["natural_person"] == 1
    assert [f for f in validate(report) if f.severity == "error"] == []

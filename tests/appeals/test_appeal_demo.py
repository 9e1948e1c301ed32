import datetime as dt

import pytest

from gongkai.appeals.models import AppealCase


@pytest.mark.django_db
def test_the_demo_has_pending_decided_and_corrected_cases():
    from gongkai.demo import seed
    from gongkai.reports.builder import build_report

    today = dt.date(2026, 3, 2)
    seed(today=today)
    cases = AppealCase.objects.filter(agency__code="demo-county")
    assert cases.count() >= 5
    assert cases.filter(result="pending").exists()
    corrected = cases.get(result="corrected")
    assert corrected.reopens_request and corrected.request.state != "closed"
    agency = cases.first().agency
    years = set(cases.values_list("filed_on__year", flat=True))
    report = build_report(agency, max(years), today=today)
    counted = sum(report.appeals[g]["total"] for g in report.appeals)
    assert counted == cases.filter(filed_on__year=max(years)).count()
    assert [f for f in report.findings if f.severity == "error"] == []

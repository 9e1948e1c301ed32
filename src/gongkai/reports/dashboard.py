"""The annual-report reminder on the dashboard: in the first months of a year, whether last
year's report is due, submitted, or late; a supervisor sees how many units have not reported."""

from __future__ import annotations

from django.utils import timezone

from gongkai.organisations import policy
from gongkai.organisations.roles import Action

from .domain.deadlines import submission_deadline
from .models import SUBMISSIONS, PublishedReport

# The reminder shows from New Year until this many days after the unit's deadline.
SHOW_AFTER_DEADLINE_DAYS = 45


def reports_panel(request, agency):
    today = timezone.localdate()
    year = today.year - 1
    deadline = submission_deadline(year, level=agency.level, kind=agency.kind)
    if (today - deadline).days > SHOW_AFTER_DEADLINE_DAYS:
        return None
    data = {"year": year, "deadline": deadline, "today": today}
    if Action.REPORT_EDIT in request.allowed_actions:
        submitted = (
            PublishedReport.objects.filter(agency=agency, year=year, source__in=SUBMISSIONS)
            .order_by("-submitted_at")
            .first()
        )
        data |= {"own": True, "submitted": submitted, "late": not submitted and today > deadline}
    if Action.REPORT_REVIEW in request.allowed_actions:
        units = policy.agencies_where(request.user, Action.REPORT_VIEW).subtree_of(agency)
        reported = PublishedReport.objects.filter(agency__in=units, year=year).values("agency")
        data |= {"missing": units.exclude(pk=agency.pk).exclude(pk__in=reported).count()}
    if "own" not in data and "missing" not in data:
        return None
    return {"template": "reports/panel.html", "context": data}

"""A handful of appeal cases for the demo county: over the last year, some still pending, one
decision corrected and ordering a new reply (so the request is back in the queue)."""

from __future__ import annotations

import datetime as dt

from gongkai.appeals import actions
from gongkai.requests.domain.workflow import State
from gongkai.requests.models import InfoRequest

# (kind, body, days after the reply it was filed, days to decision or None, result, reopens)
# A suit against a county government goes to the intermediate court (行政诉讼法 第十五条).
CASES = [
    ("reconsideration", "示范市人民政府", 20, 45, "upheld", False),
    ("reconsideration", "示范市人民政府", 15, 50, "corrected", True),
    ("litigation_direct", "示范市中级人民法院", 30, 90, "other", False),
    ("litigation_after_reconsideration", "示范市中级人民法院", 25, None, "pending", False),
    ("reconsideration", "示范市人民政府", 10, None, "pending", False),
    ("litigation_direct", "示范市中级人民法院", 40, 60, "upheld", False),
]


def seed_appeals(*, agency, clerk, head, today: dt.date) -> int:
    refused = list(
        InfoRequest.objects.filter(agency=agency, state=State.CLOSED, closed_on__isnull=False)
        .exclude(outcome__in=["disclosed", "other_misc"])
        .order_by("closed_on", "pk")
    )
    made = 0
    for (kind, body, after, decided, result, reopens), req in zip(
        CASES, refused[:: max(1, len(refused) // len(CASES))], strict=False
    ):
        filed = min(req.closed_on + dt.timedelta(days=after), today)
        case = actions.create_case(
            actor=clerk,
            agency=agency,
            kind=kind,
            filed_on=filed,
            request=req,
            body=body,
            notes="申请人对答复不服" if kind == "reconsideration" else "申请人起诉",
            today=today,
        )
        made += 1
        if decided is None or filed + dt.timedelta(days=decided) > today:
            continue  # still before the body: 尚未审结
        # Reopening the request is the head's decision (request.reopen), so the head closes
        # the case whose decision orders a new reply.
        actions.close_case(
            actor=head if reopens else clerk,
            case=case,
            result=result,
            closed_on=filed + dt.timedelta(days=decided),
            reopen_request=reopens,
            today=today,
            note="复议决定书责令重新答复" if reopens else "",
        )
    return made
